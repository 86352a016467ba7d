import type { WeakConcept } from '../../../../shared/api';
import { areaName } from '../packs/format';
import { plural, weakConceptLine } from './home-model';

/** The concepts missed most across answers (at most three), each a one-click drill of the questions that check it. */
export function WeakConcepts({ concepts, onDrill }: { concepts: readonly WeakConcept[]; onDrill: (w: WeakConcept) => void }) {
  if (concepts.length === 0) return null;
  return (
    <section className="home-panel weak" aria-labelledby="weak-heading">
      <h2 id="weak-heading">Concepts you miss most</h2>
      <ul className="weak-list">
        {concepts.slice(0, 3).map((w) => (
          <li key={w.id} data-concept={w.id}>
            <div className="weak-body">
              <span className="weak-title">
                <strong>{w.title}</strong> — {weakConceptLine(w)}
              </span>
              <span className="muted weak-meta">
                {areaName(w.area)} · across {plural(w.questions, 'question')}
              </span>
            </div>
            <button type="button" onClick={() => onDrill(w)}>
              Drill this concept<span className="visually-hidden">: {w.title}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
