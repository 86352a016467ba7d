/**
 * Settings → Backups: where the data lives, the backups with date, size and what each was taken before, a backup on
 * demand, and restoring one after a confirmation (the services close and reopen the database; no restart).
 */
import { useRef, useState } from 'react';
import type { BackupView } from '../../../../shared/api';
import type { ApiError } from '../../../../shared/result';
import { LoadError } from '../../components/LoadError';
import { useApiQuery } from '../../query';
import { transport, useApp } from '../../store';
import { Dialog } from '../packs/Dialog';

const REASONS: Record<string, string> = {
  'before-migration': 'Before an app upgrade',
  'before-import': 'Before a pack import',
  'before-removal': 'Before a pack removal',
  'before-restore': 'Before a restore',
  daily: 'Daily',
  manual: 'Taken by you',
};

export const reasonText = (reason: string) => REASONS[reason] ?? reason;

export function sizeText(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function RestoreDialog({ backup, onCancel, onDone }: { backup: BackupView; onCancel(): void; onDone(message: string): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const restore = async () => {
    setBusy(true);
    setError(null);
    const r = await transport.api.restoreBackup({ name: backup.name });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    onDone(`Restored the backup from ${when(r.value.restored.takenAt)}.${r.value.saved ? ' Your data as it was is kept as a backup too.' : ''}`);
  };
  return (
    <Dialog title="Restore this backup?" onCancel={onCancel} initialFocus={cancelRef} busy={busy}>
      <p>
        All your data (answers, grades, schedule, packs, settings) will be replaced with the backup from <strong>{when(backup.takenAt)}</strong> (
        {reasonText(backup.reason).toLowerCase()}). Anything you did after that is not in it.
      </p>
      <p className="muted">A backup of your data as it is now is taken first, so you can go back.</p>
      {error && (
        <p className="packs-dialog-error" role="alert">
          Could not restore: {error.message}
        </p>
      )}
      <div className="row packs-dialog-actions">
        <button type="button" ref={cancelRef} onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="primary packs-danger" onClick={() => void restore()} disabled={busy}>
          {busy ? 'Restoring…' : 'Replace my data with this backup'}
        </button>
      </div>
    </Dialog>
  );
}

export function Backups() {
  const query = useApiQuery(transport.api, 'getStorageStatus', {});
  const unwrap = useApp((s) => s.unwrap);
  const [restoring, setRestoring] = useState<BackupView | null>(null);
  const [message, setMessage] = useState('');
  const [taking, setTaking] = useState(false);
  const status = query.data;

  const takeNow = async () => {
    setTaking(true);
    const b = unwrap(await transport.api.createBackup({}), 'Could not take a backup');
    setTaking(false);
    if (b) setMessage(`Backed up (${sizeText(b.bytes)}).`);
  };

  return (
    <section className="settings-backups" aria-labelledby="backups-title">
      <h3 id="backups-title">Backups</h3>
      {!status ? (
        query.isError ? (
          <LoadError title="The backups could not be listed" query={query} />
        ) : (
          <p className="muted">Loading…</p>
        )
      ) : (
        <>
          <p className="muted">
            Your data is the database <code>{status.files.db}</code>. While the app runs, recent changes also sit in <code>{status.files.wal}</code> and{' '}
            <code>{status.files.shm}</code>. To copy it by hand, close the app first and copy all three, or use a backup below.
          </p>
          <div className="row">
            <button type="button" onClick={() => void takeNow()} disabled={taking}>
              {taking ? 'Backing up…' : 'Back up now'}
            </button>
            <span role="status" aria-live="polite">
              {message}
            </span>
          </div>
          {status.backups.length === 0 ? (
            <p>No backups yet. The app takes one every day you use it, and before every upgrade, pack import and pack removal.</p>
          ) : (
            <table className="settings-backups-table">
              <caption className="visually-hidden">Backups, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Taken</th>
                  <th scope="col">Why</th>
                  <th scope="col">Size</th>
                  <th scope="col">
                    <span className="visually-hidden">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {status.backups.map((b) => (
                  <tr key={b.name}>
                    <td>{when(b.takenAt)}</td>
                    <td>{reasonText(b.reason)}</td>
                    <td>{sizeText(b.bytes)}</td>
                    <td>
                      <button type="button" onClick={() => setRestoring(b)} aria-label={`Restore the backup from ${when(b.takenAt)}`}>
                        Restore…
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      {restoring && (
        <RestoreDialog
          backup={restoring}
          onCancel={() => setRestoring(null)}
          onDone={(m) => {
            setRestoring(null);
            setMessage(m);
          }}
        />
      )}
    </section>
  );
}
