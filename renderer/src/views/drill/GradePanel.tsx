/**
 * Grading: tick the checklist items the answer covered (suggestions are marked, never ticked for the user), then
 * rate four dimensions 0..4. Each score has a rubric (shared/scoring.ts), shown on demand and read out as each
 * option's description. In a rating group the number keys 0–4 choose that score.
 */
import type { KeyboardEvent, Ref } from 'react';
import type { QuestionState } from '../../../../shared/drill-machine';
import { RATING_DIMENSIONS, RATING_MAX, RATING_WORDS, type RatingId } from '../../../../shared/scoring';
import { Replay } from '../recording/Replay';
import { combinedAnswer } from '../../../../shared/loops/run';
import { SuggestionWhy } from './SuggestionWhy';
import { useSend } from './common';

const rubricId = (dimension: RatingId, score: number) => `rubric-${dimension}-${score}`;

/** Enter on a checkbox would submit the form (implicit submission); here it must not submit the grading. */
function keepPlainEnterOffCheckboxes(e: KeyboardEvent<HTMLElement>) {
  const t = e.target as HTMLInputElement;
  if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && t.tagName === 'INPUT' && t.type === 'checkbox') e.preventDefault();
}

function Rubric() {
  return (
    <details className="rubric">
      <summary>What do the scores mean?</summary>
      <div className="rubric-body">
        {RATING_DIMENSIONS.map((d) => (
          <section key={d.id} aria-label={`${d.label} scores`}>
            <h4>{d.label}</h4>
            <dl>
              {d.rubric.map((text, score) => (
                <div key={score} className="rubric-row">
                  <dt>
                    {score} <span className="muted">{RATING_WORDS[score]}</span>
                  </dt>
                  <dd id={rubricId(d.id, score)}>{text}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </details>
  );
}

export function GradePanel({ q, headingRef }: { q: QuestionState; headingRef: Ref<HTMLHeadingElement> }) {
  const send = useSend();
  const d = q.draft;
  if (d.phase === 'answer') return null;
  const grading = d.phase === 'grade' && q.op === null && q.elsewhere === null;
  const suggested = new Set(d.suggested);

  const rateByDigit = (dimension: RatingId) => (e: KeyboardEvent<HTMLDivElement>) => {
    if (!grading || e.ctrlKey || e.metaKey || e.altKey || !/^\d$/.test(e.key)) return;
    const score = Number(e.key);
    if (score > RATING_MAX) return;
    e.preventDefault();
    send({ type: 'rated', dimension, value: score });
    // Focus follows the choice, so arrow keys go on from it as they do after a click.
    e.currentTarget.querySelector<HTMLInputElement>(`input[value="${score}"]`)?.focus();
  };

  return (
    <div className="grade-panel" onKeyDown={keepPlainEnterOffCheckboxes}>
      <div className="grade-head">
        <h2 tabIndex={-1} ref={headingRef}>
          What a strong answer includes
        </h2>
        {d.suggested.length > 0 && grading && (
          <button type="button" onClick={() => send({ type: 'acceptedSuggestions' })}>
            Tick all suggested ({d.suggested.length})
          </button>
        )}
      </div>
      <p className="muted grade-intro">
        Tick what you covered. Items marked <span className="badge">suggested</span> contain words from your answer; you decide.
      </p>
      {/* The recorded answer, if there is one, to listen to while ticking what it covered. */}
      <Replay sessionId={q.session.id} position={q.position} part={0} />
      <ul className="checklist">
        {q.question.checklist.map((item) => (
          <li key={item.id} className={suggested.has(item.id) ? 'suggested' : undefined}>
            <label>
              <input
                type="checkbox"
                checked={d.ticked.includes(item.id)}
                onChange={() => send({ type: 'ticked', itemId: item.id })}
                disabled={!grading}
                data-item={item.id}
              />
              <span>{item.text}</span>
              {suggested.has(item.id) && (
                <span className="badge" aria-label="suggested: it matches words you used">
                  suggested
                </span>
              )}
            </label>
            {suggested.has(item.id) && <SuggestionWhy answer={d.loop ? combinedAnswer(d.answer, d.loop.followUps) : d.answer} item={item} />}
          </li>
        ))}
      </ul>

      <fieldset className="ratings" disabled={!grading}>
        <legend>Rate yourself, 0 to {RATING_MAX}</legend>
        {/* The words of the scale, over their columns; each option's own description is its rubric text. */}
        <div className="rating rating-scale" aria-hidden="true">
          <span />
          {RATING_WORDS.map((word) => (
            <span key={word}>{word}</span>
          ))}
        </div>
        {RATING_DIMENSIONS.map((dim) => (
          <div className="rating" role="radiogroup" aria-label={dim.label} key={dim.id} onKeyDown={rateByDigit(dim.id)}>
            <span className="rating-label">
              {dim.label}
              {'hint' in dim && <span className="rating-hint muted">{dim.hint}</span>}
            </span>
            {RATING_WORDS.map((word, score) => (
              <label key={score} className="rating-option" title={`${score}, ${word}: ${dim.rubric[score]}`}>
                <input
                  type="radio"
                  name={`rating-${dim.id}`}
                  value={score}
                  checked={d.ratings[dim.id] === score}
                  onChange={() => send({ type: 'rated', dimension: dim.id, value: score })}
                  aria-describedby={rubricId(dim.id, score)}
                />
                <span>{score}</span>
              </label>
            ))}
          </div>
        ))}
        <Rubric />
      </fieldset>
      {q.gradeProblem && (
        <p className="problem" role="alert">
          {q.gradeProblem}
        </p>
      )}
      {d.phase === 'grade' && (
        <div className="row actions">
          <button type="submit" className="primary" disabled={!grading}>
            Submit grading <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
          </button>
        </div>
      )}
    </div>
  );
}
