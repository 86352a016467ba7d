/** While grading a mock-loop answer: the follow-ups the interviewer asked, what was answered, and each part's recording. */
import type { QuestionState } from '../../../../shared/drill-machine';
import { formatDuration } from '../../../../shared/timer';
import { Replay } from '../recording/Replay';
import { clockText } from './loop-model';

export function LoopFollowUps({ q }: { q: QuestionState }) {
  if (!q.loop || q.draft.phase === 'answer') return null;
  const l = q.draft.loop;
  const asked = q.loop.item.followUps;
  return (
    <section className="loop-followups" aria-label="Follow-ups">
      <p className="muted">
        Mock loop, {q.loop.view.plan.rounds[q.loop.round]!.title}: main answer {formatDuration(q.draft.elapsedMs)} of a {clockText(q.loop.item.answerSec * 1000)} box.
      </p>
      {asked.length > 0 && <h2>Follow-ups</h2>}
      {asked.map((prompt, i) => {
        const f = l?.followUps[i];
        return (
          <div key={i} className="loop-followup">
            <h3>
              {i + 1}. {prompt}
            </h3>
            {f ? (
              <>
                <pre>{f.answer.trim() === '' ? '(nothing typed)' : f.answer}</pre>
                <p className={f.elapsedMs > q.loop!.item.followUpSec * 1000 ? 'muted over' : 'muted'}>
                  {formatDuration(f.elapsedMs)} of a {clockText(q.loop!.item.followUpSec * 1000)} box
                </p>
                <Replay sessionId={q.session.id} position={q.position} part={i + 1} />
              </>
            ) : (
              <p className="muted">Not reached before the round ended.</p>
            )}
          </div>
        );
      })}
    </section>
  );
}
