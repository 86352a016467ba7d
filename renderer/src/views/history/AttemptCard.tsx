/**
 * One graded attempt on the history page: when, the answer time against the limit, coverage, the grade and what
 * decided it; the answer beside the checklist as graded and the question's outline; the four ratings and the note.
 * "Edit grade" turns the same card into a form (re-tick, re-rate, edit the note) that shows the grade it would give;
 * Save calls editAttempt, Cancel (or Escape) puts everything back as saved.
 */
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { AttemptEntry, Grade, QuestionView } from '../../../../shared/api';
import { CONCEPTS } from '../../../../shared/concepts';
import { MAX_NOTE_CHARS } from '../../../../shared/limits';
import { RATING_DIMENSIONS, RATING_MAX, RATING_WORDS, formatPercent, type RatingId } from '../../../../shared/scoring';
import { Markdown } from '../../components/Markdown';
import { transport, useApp } from '../../store';
import { GRADE_LABELS, answerTime, decidedByText, formatAt, plural } from './format';
import { editArg, editFrom, factsOf, isChanged, latestOf, previewGrade, rate, toggleTick, type GradeEdit } from './history-model';
import { Marked } from './Marked';
import { GradeChip } from './StatusChip';
import { AttemptRecordings } from '../recording/AttemptRecordings';

const conceptTitles = new Map(CONCEPTS.map((c) => [c.id, c.title]));

function Concepts({ ids }: { ids: readonly string[] }) {
  const titles = ids.map((id) => conceptTitles.get(id)).filter((t): t is string => t !== undefined);
  if (titles.length === 0) return null;
  return <span className="history-item-concepts">{titles.join(' · ')}</span>;
}

/** Enter on a checkbox or radio would submit the form; only the Save button and Ctrl/⌘+Enter save. */
function onFormKeys(e: KeyboardEvent<HTMLFormElement>, cancel: () => void, busy: boolean) {
  const t = e.target as HTMLInputElement;
  if (e.key === 'Escape' && !busy) {
    e.preventDefault();
    cancel();
  } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    e.currentTarget.requestSubmit();
  } else if (e.key === 'Enter' && t.tagName === 'INPUT' && (t.type === 'checkbox' || t.type === 'radio')) {
    e.preventDefault();
  }
}

function RatingsView({ entry }: { entry: AttemptEntry }) {
  return (
    <dl className="history-ratings" data-testid={`ratings-${entry.attemptId}`}>
      {RATING_DIMENSIONS.map((d) => {
        const score = entry.ratings[d.id];
        return (
          <div key={d.id} className="history-rating">
            <dt>{d.label}</dt>
            <dd title={d.rubric[score]}>
              <span className="history-pips" aria-hidden="true">
                {Array.from({ length: RATING_MAX }, (_, i) => (
                  <span key={i} className={i < score ? 'on' : undefined} />
                ))}
              </span>
              <span className="history-score">
                {score} <span className="muted">{RATING_WORDS[score]}</span>
              </span>
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

function RatingsEdit({ attemptId, edit, onRate }: { attemptId: number; edit: GradeEdit; onRate: (d: RatingId, v: number) => void }) {
  const rateByDigit = (dimension: RatingId) => (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.ctrlKey || e.metaKey || e.altKey || !/^\d$/.test(e.key)) return;
    const score = Number(e.key);
    if (score > RATING_MAX) return;
    e.preventDefault();
    onRate(dimension, score);
    e.currentTarget.querySelector<HTMLInputElement>(`input[value="${score}"]`)?.focus();
  };
  return (
    <fieldset className="ratings history-edit-ratings">
      <legend>Rate yourself, 0 to {RATING_MAX}</legend>
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
                name={`edit-${attemptId}-${dim.id}`}
                value={score}
                checked={edit.ratings[dim.id] === score}
                onChange={() => onRate(dim.id, score)}
                aria-label={`${score}, ${word}`}
              />
              <span aria-hidden="true">{score}</span>
            </label>
          ))}
        </div>
      ))}
    </fieldset>
  );
}

interface Outcome {
  before: Grade;
  after: Grade;
}

export function AttemptCard({
  entry: fromServer,
  question,
  outlineOpen,
  highlighted,
  terms,
}: {
  entry: AttemptEntry;
  question: QuestionView;
  /** The newest attempt and a search's target show the outline open; older ones keep it folded. */
  outlineOpen: boolean;
  highlighted: boolean;
  terms: readonly string[];
}) {
  const openLink = useApp((s) => s.openLink);
  const [saved, setSaved] = useState<AttemptEntry | null>(null);
  const entry = latestOf(fromServer, saved);
  const [edit, setEdit] = useState<GradeEdit | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const editButtonRef = useRef<HTMLButtonElement>(null);
  const firstFieldRef = useRef<HTMLInputElement>(null);
  const saveRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const editing = edit !== null;

  // A failed save re-enables the form: focus goes back to Save (the message beside it is announced).
  useEffect(() => {
    if (!busy && error) saveRef.current?.focus();
  }, [busy, error]);

  useEffect(() => {
    if (editing) firstFieldRef.current?.focus();
    else if (returnFocus.current) {
      returnFocus.current = false;
      editButtonRef.current?.focus();
    }
  }, [editing]);

  const id = entry.attemptId;
  const titleId = `attempt-${id}-title`;
  const time = answerTime(entry.answerMs, entry.timeLimitSec);

  const open = () => {
    setOutcome(null);
    setError(null);
    setEdit(editFrom(entry));
  };
  const close = () => {
    returnFocus.current = true;
    setEdit(null);
    setError(null);
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!edit || busy) return;
    if (!isChanged(edit, entry)) return close();
    setBusy(true);
    setError(null);
    const r = await transport.api.editAttempt(editArg(entry, edit));
    setBusy(false);
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    setSaved(r.value);
    setOutcome({ before: entry.grade, after: r.value.grade });
    close();
  };

  const preview = edit ? previewGrade(edit, entry) : null;

  const checklist = edit ? (
    <fieldset className="history-edit-items">
      <legend>Tick what the answer covered</legend>
      <ul className="checklist">
        {entry.items.map((item, n) => (
          <li key={item.id}>
            <label>
              <input
                ref={n === 0 ? firstFieldRef : undefined}
                type="checkbox"
                checked={edit.ticked.has(item.id)}
                onChange={() => setEdit((x) => (x ? toggleTick(x, item.id) : x))}
                data-item={item.id}
              />
              <span>
                {item.text}
                <Concepts ids={item.concepts} />
              </span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  ) : (
    <ul className="history-ticks" aria-label="Checklist as graded">
      {entry.items.map((item) => {
        const on = item.ticked;
        return (
          <li key={item.id} data-ticked={on} data-item={item.id}>
            <span className="history-tick" aria-hidden="true">
              {on ? '✓' : '–'}
            </span>
            <span className="visually-hidden">{on ? 'Covered: ' : 'Missed: '}</span>
            <span>
              {item.text}
              <Concepts ids={item.concepts} />
            </span>
          </li>
        );
      })}
    </ul>
  );

  const body: ReactNode = (
    <>
      <div className="history-columns">
        <section className="history-answer" aria-label="Your answer">
          <h5>Your answer</h5>
          {entry.answer.trim() === '' ? (
            <p className="muted history-answer-text">No answer was typed.</p>
          ) : (
            <div className="history-answer-text" data-testid={`answer-${id}`}>
              <Marked text={entry.answer} terms={terms} />
            </div>
          )}
        </section>
        {entry.followUps.length > 0 && (
          <section className="history-followups" aria-label="Follow-ups">
            {entry.followUps.map((f, k) => (
              <div key={k}>
                <p className="muted">Follow-up {k + 1}: {f.prompt}</p>
                <p className="history-answer-text">{f.answer.trim() === '' ? 'No answer was typed.' : f.answer}</p>
              </div>
            ))}
          </section>
        )}
        <section className="history-side" aria-label="Checklist and outline">
          <h5>
            Checklist{' '}
            <span className="muted">
              {edit ? preview!.itemsTicked : entry.itemsTicked} of {entry.items.length} covered
            </span>
          </h5>
          {checklist}
          <AttemptRecordings attemptId={id} />
          {question.outline && (
            <details className="outline history-outline" open={outlineOpen}>
              <summary>Outline of a strong answer</summary>
              <div className="outline-body">
                <Markdown text={question.outline} onOpenLink={(url) => void openLink(url)} />
              </div>
            </details>
          )}
        </section>
      </div>
      {edit ? (
        <>
          <RatingsEdit attemptId={id} edit={edit} onRate={(d, v) => setEdit((x) => (x ? rate(x, d, v) : x))} />
          <label className="history-note-label" htmlFor={`note-${id}`}>
            Note to self
          </label>
          <textarea
            id={`note-${id}`}
            rows={3}
            maxLength={MAX_NOTE_CHARS}
            value={edit.note}
            onChange={(e) => {
              const note = e.target.value;
              setEdit((x) => (x ? { ...x, note } : x));
            }}
          />
          <p className="history-edit-preview" aria-live="polite" data-testid={`preview-${id}`}>
            Grade if saved: <GradeChip grade={preview!.grade} />{' '}
            {preview!.grade !== entry.grade && <span className="muted">(now {GRADE_LABELS[entry.grade]}) </span>}
            <span className="muted">{decidedByText(preview!)}.</span>
          </p>
          {error && (
            <p className="problem" role="alert">
              Not saved: {error}
            </p>
          )}
          <div className="row history-edit-actions">
            <button type="submit" className="primary" disabled={busy} ref={saveRef}>
              {busy ? 'Saving…' : 'Save grade'}
            </button>
            <button type="button" onClick={close} disabled={busy}>
              Cancel
            </button>
            <span className="muted history-keys">
              <kbd>Esc</kbd> cancels, <kbd>Ctrl</kbd>+<kbd>Enter</kbd> saves
            </span>
          </div>
        </>
      ) : (
        <>
          <RatingsView entry={entry} />
          <div className="history-note">
            <h5>Note</h5>
            {entry.note.trim() === '' ? (
              <p className="muted">No note.</p>
            ) : (
              <p className="history-note-text" data-testid={`note-${id}`}>
                <Marked text={entry.note} terms={terms} />
              </p>
            )}
          </div>
        </>
      )}
    </>
  );

  return (
    <article
      className="history-attempt"
      id={`attempt-${id}`}
      data-attempt={id}
      data-editing={editing || undefined}
      data-highlighted={highlighted || undefined}
      aria-labelledby={titleId}
      tabIndex={-1}
    >
      <header className="history-attempt-head">
        <div className="history-attempt-title">
          <h4 id={titleId}>{formatAt(entry.at)}</h4>
          {entry.editedAt && (
            <span className="history-edited" title={`Grade edited ${formatAt(entry.editedAt)}`} data-testid={`edited-${id}`}>
              edited
            </span>
          )}
          {highlighted && <span className="history-found">found by your search</span>}
          {entry.mock && (
            <span className="chip" data-testid={`mock-${id}`}>
              mock loop
            </span>
          )}
        </div>
        {!editing && (
          <button type="button" ref={editButtonRef} onClick={open} aria-describedby={titleId}>
            Edit grade
          </button>
        )}
      </header>
      <dl className="history-facts">
        <div>
          <dt>Answer time</dt>
          <dd className={time.over ? 'history-overtime' : undefined} data-testid={`time-${id}`}>
            {time.text}
            {time.over && <span className="history-over"> ({time.over} over the limit)</span>}
          </dd>
        </div>
        <div>
          <dt>Coverage</dt>
          <dd data-testid={`coverage-${id}`}>
            {entry.itemsTicked} of {plural(entry.itemsTotal, 'item')} ({formatPercent(entry.coverage)})
          </dd>
        </div>
        <div className="history-fact-grade">
          <dt>Grade</dt>
          <dd data-testid={`grade-${id}`}>
            <GradeChip grade={entry.grade} /> <span className="muted">{decidedByText(factsOf(entry))}</span>
          </dd>
        </div>
      </dl>
      <p className="history-saved" role="status" data-testid={`saved-${id}`}>
        {outcome &&
          (outcome.before === outcome.after
            ? `Saved. The grade stays ${GRADE_LABELS[outcome.after]}; the schedule was recomputed.`
            : `Saved. The grade is now ${GRADE_LABELS[outcome.after]} (was ${GRADE_LABELS[outcome.before]}); the schedule was recomputed.`)}
      </p>
      {edit ? (
        <form className="history-edit" onSubmit={(e) => void save(e)} onKeyDown={(e) => onFormKeys(e, close, busy)} aria-label={`Edit the grade of the attempt on ${formatAt(entry.at)}`}>
          <fieldset className="history-edit-fields" disabled={busy}>
            {body}
          </fieldset>
        </form>
      ) : (
        <div className="history-body">{body}</div>
      )}
    </article>
  );
}
