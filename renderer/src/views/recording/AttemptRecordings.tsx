/**
 * The recordings of one saved answer, in History: each replays, and each can be deleted (after a confirmation;
 * the answer and its grade stay). Nothing is shown for an answer that was not recorded.
 */
import { useState } from 'react';
import type { RecordingView } from '../../../../shared/api';
import { useApiQuery } from '../../query';
import { transport } from '../../store';
import { Replay } from './Replay';
import './recording.css';

const partName = (r: RecordingView) => (r.part === 0 ? 'The answer' : `Follow-up ${r.part}`);

export function AttemptRecordings({ attemptId }: { attemptId: number }) {
  const list = useApiQuery(transport.api, 'listRecordings', { attemptId });
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  if (list.error) return <p className="problem">Could not list this answer’s recordings: {list.error.message}</p>;
  const recordings = list.data ?? [];
  if (recordings.length === 0) return null;

  const remove = async (r: RecordingView) => {
    if (!window.confirm(`Delete this recording (${partName(r).toLowerCase()})? The typed answer and its grade stay.`)) return;
    setBusy(r.id);
    setProblem(null);
    const done = await transport.api.deleteRecording({ recordingId: r.id });
    setBusy(null);
    if (!done.ok) setProblem(`Not deleted: ${done.error.message}`);
  };

  return (
    <section className="history-recordings" aria-label="Recordings" data-testid={`recordings-${attemptId}`}>
      <h5>Recorded</h5>
      <ul className="recordings-list">
        {recordings.map((r) => (
          <li key={r.id}>
            <div className="recordings-head">
              <span>{partName(r)}</span>
              <button type="button" onClick={() => void remove(r)} disabled={busy === r.id}>
                {busy === r.id ? 'Deleting…' : 'Delete recording'}
              </button>
            </div>
            <Replay recording={r} />
          </li>
        ))}
      </ul>
      {problem && (
        <p className="problem" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
