import type { CSSProperties, Ref } from 'react';
import type { AreaProgress } from '../../../../shared/api';
import { formatPercent } from '../../../../shared/scoring';
import { MASTERY_FORMULA, dueLabel, masteryLabel, masteryWhy } from './home-model';

/**
 * One topic area: the checkbox that chooses it (the whole card is its label), its mastery and due reviews, and
 * below the card a "Why 41%?" button opening the numbers behind the figure in a popover anchored to it.
 */
export function AreaCard({
  area,
  selected,
  onToggle,
  inputRef,
}: {
  area: AreaProgress;
  selected: boolean;
  onToggle: () => void;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const m = area.mastery;
  const label = masteryLabel(m);
  const started = m.mastery !== null;
  const why = masteryWhy(m, area.practised);
  const popId = `why-${area.id}`;
  const value = started ? Math.round(m.mastery! * 100) : 0;
  return (
    <li className="area-item" style={{ '--why-anchor': `--why-${area.id}` } as CSSProperties}>
      <label className={`area-card${selected ? ' selected' : ''}`} data-area={area.id}>
        <input type="checkbox" ref={inputRef} checked={selected} onChange={onToggle} disabled={area.available === 0} />
        <span className="area-title">{area.title}</span>
        <span className="area-mastery" data-testid={`mastery-${area.id}`} data-started={started}>
          {started ? (
            <>
              <strong>{label}</strong> mastery
            </>
          ) : (
            <strong>Not started</strong>
          )}
          <span className={area.due > 0 ? 'area-due has-due' : 'area-due'}>{dueLabel(area.due)}</span>
        </span>
        <span className="area-figures" data-testid={`figures-${area.id}`}>
          <span>
            practised {area.practised} / {area.available}
          </span>
          <span>coverage {formatPercent(area.coverage)}</span>
        </span>
        <span
          className="bar"
          role="progressbar"
          aria-label={`${area.title} mastery`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={value}
          aria-valuetext={label}
        >
          <span className="bar-fill" style={{ width: `${value}%` }} />
        </span>
      </label>
      <button type="button" className="why-button" popoverTarget={popId} data-started={started}>
        {started ? `Why ${label}?` : 'How mastery works'}
        <span className="visually-hidden"> ({area.title})</span>
      </button>
      <div id={popId} popover="auto" className="why-pop" aria-labelledby={`${popId}-title`}>
        <h3 id={`${popId}-title`}>
          {area.title}: {started ? `${label} mastery` : 'not started'}
        </h3>
        <p>{why.lead}</p>
        <dl className="why-rows">
          {why.rows.map((r) => (
            <div key={r.term} className="why-row">
              <dt>{r.term}</dt>
              <dd>
                <strong>{r.value}</strong>
                <span className="why-note">{r.note}</span>
              </dd>
            </div>
          ))}
        </dl>
        {why.formula && (
          <p className="why-formula">
            <span className="muted">{MASTERY_FORMULA}</span>
            <code>{why.formula}</code>
          </p>
        )}
        <button type="button" className="why-close" popoverTarget={popId} popoverTargetAction="hide">
          Close
        </button>
      </div>
    </li>
  );
}
