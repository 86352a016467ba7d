/**
 * Settings → Recordings: how many recorded answers there are and the space they take, with ways to delete the old
 * ones (older than a number of days) or all of them, each after a confirmation. Answers and grades stay.
 */
import { useRef, useState } from 'react';
import { LoadError } from '../../components/LoadError';
import { useApiQuery } from '../../query';
import { transport } from '../../store';
import { Dialog } from '../packs/Dialog';
import { sizeText } from './Backups';

type Ask = { olderThanDays: number | null };

function ConfirmDelete({ ask, onCancel, onDone }: { ask: Ask; onCancel(): void; onDone(message: string): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const which = ask.olderThanDays === null ? 'every recording' : `the recordings older than ${ask.olderThanDays} ${ask.olderThanDays === 1 ? 'day' : 'days'}`;
  const run = async () => {
    setBusy(true);
    setError(null);
    const r = await transport.api.deleteRecordings({ olderThanDays: ask.olderThanDays });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    onDone(r.value.deleted === 0 ? 'Nothing to delete.' : `Deleted ${r.value.deleted} ${r.value.deleted === 1 ? 'recording' : 'recordings'} (${sizeText(r.value.bytes)}).`);
  };
  return (
    <Dialog title="Delete recordings?" onCancel={onCancel} initialFocus={cancelRef} busy={busy}>
      <p>
        This deletes {which}. Your typed answers, grades and schedule stay. A backup taken before now still holds them until it is pruned.
      </p>
      {error && (
        <p className="packs-dialog-error" role="alert">
          Not deleted: {error}
        </p>
      )}
      <div className="row packs-dialog-actions">
        <button type="button" ref={cancelRef} onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="primary packs-danger" onClick={() => void run()} disabled={busy}>
          {busy ? 'Deleting…' : `Delete ${which}`}
        </button>
      </div>
    </Dialog>
  );
}

export function Recordings() {
  const query = useApiQuery(transport.api, 'getRecordingsUsage', {});
  const [days, setDays] = useState('30');
  const [ask, setAsk] = useState<Ask | null>(null);
  const [message, setMessage] = useState('');
  const usage = query.data;
  const n = Number(days);
  const daysOk = /^\d+$/.test(days) && n >= 1 && n <= 36_500;

  return (
    <section className="settings-recordings" aria-labelledby="recordings-title">
      <h3 id="recordings-title">Recordings</h3>
      {!usage ? (
        query.isError ? (
          <LoadError title="The recordings could not be counted" query={query} />
        ) : (
          <p className="muted">Loading…</p>
        )
      ) : (
        <>
          <p data-testid="recordings-usage">
            {usage.count === 0
              ? 'No recorded answers yet. Press Record while answering to keep one.'
              : `${usage.count} ${usage.count === 1 ? 'recording' : 'recordings'}, ${sizeText(usage.bytes)}, kept in the recordings folder of your data folder.`}
          </p>
          {usage.count > 0 && (
            <div className="row">
              <label htmlFor="recordings-days">Delete recordings older than</label>
              <input
                id="recordings-days"
                type="number"
                inputMode="numeric"
                min={1}
                max={36_500}
                value={days}
                onChange={(e) => setDays(e.target.value)}
                aria-invalid={!daysOk || undefined}
                aria-describedby={daysOk ? undefined : 'recordings-days-error'}
                style={{ width: '6rem' }}
              />
              <span>days</span>
              <button type="button" onClick={() => setAsk({ olderThanDays: n })} disabled={!daysOk}>
                Delete old…
              </button>
              <button type="button" onClick={() => setAsk({ olderThanDays: null })}>
                Delete all…
              </button>
            </div>
          )}
          {!daysOk && (
            <p className="settings-error" id="recordings-days-error">
              Give a whole number of days, 1 or more.
            </p>
          )}
          <p role="status" aria-live="polite">
            {message}
          </p>
        </>
      )}
      {ask && (
        <ConfirmDelete
          ask={ask}
          onCancel={() => setAsk(null)}
          onDone={(m) => {
            setAsk(null);
            setMessage(m);
          }}
        />
      )}
    </section>
  );
}
