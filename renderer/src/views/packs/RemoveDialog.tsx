/** Removing a pack: says what the pack's history holds and asks whether to keep it, then calls removePack. */
import { useId, useRef, useState } from 'react';
import type { PackInfo } from '../../../../shared/api';
import type { ApiError } from '../../../../shared/result';
import { queryClient, transport } from '../../store';
import { Dialog } from './Dialog';
import { plural } from './format';

interface RemoveDialogProps {
  pack: PackInfo;
  onCancel(): void;
  onRemoved(message: string): void;
  fallbackFocus(): HTMLElement | null;
}

export function RemoveDialog({ pack, onCancel, onRemoved, fallbackFocus }: RemoveDialogProps) {
  const [keepHistory, setKeepHistory] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  /** Once removed, the Remove button that opened this is going: focus goes to the fallback instead. */
  const removed = useRef(false);
  const describedBy = useId();
  const attempts = pack.attempts;
  const deleting = attempts > 0 && !keepHistory;

  const remove = async () => {
    setBusy(true);
    setError(null);
    const r = await transport.api.removePack({ packId: pack.id, keepHistory: attempts === 0 || keepHistory });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    const deleted = r.value.attemptsDeleted;
    // Out of the list at once (the refetch the write set off confirms it).
    queryClient.setQueryData<PackInfo[]>(['listPacks', {}], (list) => list?.filter((p) => p.id !== pack.id));
    removed.current = true;
    onRemoved(
      attempts === 0
        ? `Removed ${pack.title}.`
        : deleted > 0
          ? `Removed ${pack.title} and deleted ${plural(deleted, 'attempt')}.`
          : `Removed ${pack.title}; ${attempts === 1 ? 'its attempt stays' : `its ${plural(attempts, 'attempt')} stay`} in your history.`,
    );
  };

  return (
    <Dialog title={`Remove ${pack.title}?`} onCancel={onCancel} initialFocus={cancelRef} fallbackFocus={fallbackFocus}
      returnFocus={() => (removed.current ? fallbackFocus() : null)}
      busy={busy} describedBy={describedBy}>
      <div id={describedBy}>
        <p>
          Its {plural(pack.questions, 'question')} leave your drills and this list.{' '}
          {attempts === 0 ? 'You have not answered any of them, so no history is lost.' : `You have ${plural(attempts, 'graded attempt')} on them.`}
        </p>
      </div>
      {attempts > 0 && (
        <>
          <label className="packs-keep">
            <input type="checkbox" checked={keepHistory} onChange={(e) => setKeepHistory(e.target.checked)} disabled={busy} /> Keep my attempts as history
          </label>
          <p className={deleting ? 'packs-warn' : 'muted'} aria-live="polite">
            {deleting
              ? `The ${plural(attempts, 'attempt')} (answers, ratings, notes) will be deleted for good. This cannot be undone.`
              : 'Your attempts stay in your history and progress figures.'}
          </p>
        </>
      )}
      {error && (
        <p className="packs-dialog-error" role="alert">
          Could not remove the pack: {error.message}
        </p>
      )}
      <div className="row packs-dialog-actions">
        <button type="button" ref={cancelRef} onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="button" className={deleting ? 'primary packs-danger' : 'primary'} onClick={() => void remove()} disabled={busy}>
          {busy ? 'Removing…' : deleting ? `Remove and delete ${plural(attempts, 'attempt')}` : 'Remove pack'}
        </button>
      </div>
    </Dialog>
  );
}
