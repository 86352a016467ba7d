/**
 * The question as the drill shows it, from what the form holds: the chips and the time limit, the prompt as
 * Markdown, then what the drill shows after answering (the checklist), after grading (pitfalls and follow-ups) and
 * the outline. The same Markdown component and the same classes as the drill, so what is seen here is what shows there.
 */
import { areaTitle, defaultTimeLimitSec, KINDS, LEVELS } from '../../../../shared/areas';
import type { Question } from '../../../../shared/pack-schema';
import { formatDuration } from '../../../../shared/timer';
import { Markdown } from '../../components/Markdown';
import { useApp } from '../../store';

function timeLimit(q: Question): { sec: number; note: string } | null {
  const t = q.timeLimitSec as unknown;
  if (typeof t === 'number' && Number.isInteger(t) && t >= 30 && t <= 1800) return { sec: t, note: 'time limit' };
  if (!KINDS.includes(q.kind) || !LEVELS.includes(q.level)) return null;
  return { sec: defaultTimeLimitSec(q.kind, q.level), note: `time limit (the default for a ${q.level} ${q.kind} question)` };
}

export function QuestionPreview({ question: q }: { question: Question }) {
  const openLink = useApp((s) => s.openLink);
  const onOpenLink = (url: string) => void openLink(url);
  const limit = timeLimit(q);
  const tags = q.tags ?? [];
  const roles = q.roles ?? [];
  return (
    <section className="questions-preview" aria-labelledby="question-preview-title" data-testid="question-preview">
      <h3 id="question-preview-title" tabIndex={-1}>
        Preview <span className="muted">as the drill shows it</span>
      </h3>
      <div className="questions-preview-head">
        <p className="chips">
          {q.area && <span className="chip">{areaTitle(q.area)}</span>}
          <span className="chip">{q.kind}</span>
          <span className="chip">{q.level}</span>
        </p>
        {limit && (
          <p className="questions-preview-limit">
            <span className="timer-value">{formatDuration(limit.sec * 1000)}</span> <span className="muted">{limit.note}</span>
          </p>
        )}
      </div>
      <section className="prompt" aria-label="Question">
        {q.prompt.trim() ? <Markdown text={q.prompt} onOpenLink={onOpenLink} /> : <p className="muted">The prompt shows here.</p>}
      </section>

      <h4>What a strong answer includes</h4>
      {q.checklist.length > 0 ? (
        <ul className="checklist">
          {q.checklist.map((item, i) => (
            <li key={i}>
              <span className="questions-preview-item">{item.text || <span className="muted">(no text yet)</span>}</span>
              {item.keywords && item.keywords.length > 0 && (
                <span className="questions-preview-keywords muted">suggested when the answer says: {item.keywords.join(' · ')}</span>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No checklist items yet.</p>
      )}

      <div className="review-cards">
        <div className="review-card">
          <h4>Where answers break down</h4>
          {q.pitfalls.length > 0 ? (
            <ul className="pitfalls">
              {q.pitfalls.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">None.</p>
          )}
        </div>
        <div className="review-card">
          <h4>What the interviewer asks next</h4>
          {q.followUps.length > 0 ? (
            <ul className="followups">
              {q.followUps.map((f, i) => (
                <li key={i}>{f}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">None.</p>
          )}
        </div>
      </div>
      {q.outline && (
        <details className="outline" open>
          <summary>Outline of a strong answer</summary>
          <div className="outline-body">
            <Markdown text={q.outline} onOpenLink={onOpenLink} />
          </div>
        </details>
      )}
      {(tags.length > 0 || roles.length > 0) && (
        <p className="chips questions-preview-tags" aria-label="Tags and roles">
          {tags.map((t) => (
            <span className="chip" key={`t-${t}`}>
              #{t}
            </span>
          ))}
          {roles.map((r) => (
            <span className="chip" key={`r-${r}`}>
              {r}
            </span>
          ))}
        </p>
      )}
    </section>
  );
}
