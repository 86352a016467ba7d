import type { ConceptEvidence, WeakConcept } from '../../../../shared/api';
import { groupByArea, mediumDate, plainPrompt, plural, WEAK_RULE_SENTENCE, weakFigures } from './dashboard-model';

export interface WeakConceptActions {
  /** Starts a drill of questions that check this concept. */
  onDrill: (conceptId: string) => void;
  onHistory: (ref: { packId: string; id: string }) => void;
  /** The concept whose drill is starting, if any: every drill button waits meanwhile. */
  starting: string | null;
}

function Evidence({ e, onHistory }: { e: ConceptEvidence; onHistory: WeakConceptActions['onHistory'] }) {
  return (
    <li className={e.ticked ? 'dash-evidence is-ticked' : 'dash-evidence is-missed'} data-ticked={e.ticked}>
      <span className="dash-evidence-verdict">
        <span aria-hidden="true">{e.ticked ? '✓' : '✗'}</span> {e.ticked ? 'Ticked' : 'Missed'}
      </span>
      <span className="dash-evidence-item">{e.item}</span>
      <span className="dash-evidence-where">
        <time dateTime={e.day}>{mediumDate(e.day)}</time>
        <span aria-hidden="true"> · </span>
        <button type="button" className="dash-link" title="Open this question's history" onClick={() => onHistory({ packId: e.packId, id: e.questionId })}>
          <span className="visually-hidden">History of: </span>
          {plainPrompt(e.prompt)}
        </button>
      </span>
    </li>
  );
}

function Concept({ c, actions }: { c: WeakConcept; actions: WeakConceptActions }) {
  const headingId = `weak-${c.id}`;
  const mine = actions.starting === c.id;
  return (
    <li className="dash-weak-concept" data-concept={c.id} aria-labelledby={headingId}>
      <div className="dash-weak-head">
        <div className="dash-weak-what">
          <h5 id={headingId}>{c.title}</h5>
          <p className="dash-weak-figures" data-testid={`weak-figures-${c.id}`}>
            {weakFigures(c).replace(/^m/, 'M')}
          </p>
          <span className="bar dash-weak-bar" aria-hidden="true">
            <span className="bar-fill dash-weak-fill" style={{ width: `${Math.round(c.missRate * 100)}%` }} />
          </span>
        </div>
        <button type="button" className="primary" aria-label={`Drill this concept: ${c.title}`} disabled={actions.starting !== null} onClick={() => actions.onDrill(c.id)}>
          {mine ? 'Starting…' : 'Drill this concept'}
        </button>
      </div>
      <details className="dash-weak-evidence">
        <summary>{c.recent.length < c.evidence ? `The ${plural(c.recent.length, 'newest check')}` : `The ${plural(c.recent.length, 'check')}`}</summary>
        <ul>
          {c.recent.map((e, i) => (
            <Evidence key={`${e.attemptId}-${i}`} e={e} onHistory={actions.onHistory} />
          ))}
        </ul>
      </details>
    </li>
  );
}

export function WeakConcepts({ concepts, practised, ...actions }: { concepts: readonly WeakConcept[]; practised: boolean } & WeakConceptActions) {
  const groups = groupByArea(concepts);
  return (
    <section className="dash-panel" aria-labelledby="dash-weak-title" data-testid="weak-concepts">
      <h3 id="dash-weak-title">Weak concepts</h3>
      <p className="muted dash-explain">{WEAK_RULE_SENTENCE} Each checklist item names the concepts it checks, and each graded answer counts once for each of them.</p>
      {groups.length === 0 ? (
        <p className="dash-none">{practised ? 'No concept is weak by that rule at the moment.' : 'Nothing to judge yet.'}</p>
      ) : (
        groups.map((g) => (
          <div className="dash-weak-group" key={g.area} data-area={g.area}>
            <h4>{g.title}</h4>
            <ul className="dash-weak-list">
              {g.concepts.map((c) => (
                <Concept key={c.id} c={c} actions={actions} />
              ))}
            </ul>
          </div>
        ))
      )}
    </section>
  );
}
