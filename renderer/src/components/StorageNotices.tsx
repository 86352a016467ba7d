/**
 * What the app did to keep the data safe, shown once at the top of every screen until dismissed: a damaged database
 * replaced by its newest good backup (where the old file went, what was lost), a stray write-ahead log set aside.
 * While the start-up integrity check runs, the status is asked again every second; a recovery refreshes every read.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { queryOptionsFor } from '../query';
import { queryClient, transport } from '../store';

const DISMISSED_KEY = 'mldrill.dismissedNotices';

function dismissedSet(): Set<string> {
  try {
    return new Set(JSON.parse(window.sessionStorage.getItem(DISMISSED_KEY) ?? '[]') as string[]);
  } catch {
    return new Set();
  }
}

export function StorageNotices() {
  const query = useQuery({
    ...queryOptionsFor(transport.api, 'getStorageStatus', {}),
    refetchInterval: (q) => (q.state.data?.integrity === 'pending' ? 1000 : false),
  });
  const [dismissed, setDismissed] = useState(dismissedSet);
  const integrity = query.data?.integrity;
  const seen = useRef(integrity);
  useEffect(() => {
    // The database was replaced under the open screens: every cached read is out of date.
    if (seen.current === 'pending' && integrity === 'recovered') void queryClient.invalidateQueries();
    seen.current = integrity;
  }, [integrity]);
  const notices = (query.data?.notices ?? []).filter((n) => n.kind !== 'backup-before-migration' && !dismissed.has(`${n.kind}@${n.at}`));
  if (notices.length === 0) return null;
  const dismiss = (id: string) => {
    const next = new Set(dismissed).add(id);
    setDismissed(next);
    try {
      window.sessionStorage.setItem(DISMISSED_KEY, JSON.stringify([...next]));
    } catch {
      // Storage unavailable: dismissed for this page only.
    }
  };
  return (
    <div className="notices storage-notices" role="alert">
      {notices.map((n) => (
        <div className="notice" key={`${n.kind}@${n.at}`}>
          <p>{n.message}</p>
          <button type="button" className="notice-dismiss" onClick={() => dismiss(`${n.kind}@${n.at}`)} aria-label="Dismiss" title="Dismiss">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
