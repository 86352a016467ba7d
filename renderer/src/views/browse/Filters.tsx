/** The question browser's filters: checkbox groups for area, status, kind, level and role, and tags as text. */
import type { QuestionStatus } from '../../../../shared/api';
import { AREAS, KINDS, LEVELS, ROLES, type AreaId } from '../../../../shared/areas';
import { QUESTION_STATUSES } from '../../../../shared/learning/schedule';
import { areaName } from '../packs/format';
import { KIND_LABELS, LEVEL_LABELS, ROLE_LABELS, STATUS_HINTS, STATUS_LABELS } from '../history/format';
import { emptyFilter, isFiltered, parseTags, toggleValue, type BrowseFilter } from './browse-model';

const AREA_IDS = AREAS.map((a) => a.id) as AreaId[];

function Choices<T extends string>({
  legend,
  name,
  options,
  chosen,
  onChange,
  className,
}: {
  legend: string;
  name: string;
  options: readonly { value: T; label: string; title?: string }[];
  chosen: readonly T[];
  onChange(next: T[]): void;
  className?: string;
}) {
  const order = options.map((o) => o.value);
  return (
    <fieldset className={`browse-choices ${className ?? ''}`}>
      <legend>
        {legend} <span className="muted">{chosen.length === 0 ? 'any' : `${chosen.length} chosen`}</span>
      </legend>
      <div className="browse-options">
        {options.map((o) => (
          <label key={o.value} title={o.title}>
            <input type="checkbox" name={name} value={o.value} checked={chosen.includes(o.value)} onChange={() => onChange(toggleValue(chosen, o.value, order))} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function Filters({
  filter,
  onChange,
  knownTags,
}: {
  filter: BrowseFilter;
  onChange(patch: Partial<BrowseFilter>): void;
  /** Every tag in the bank, offered as the tag field is typed. */
  knownTags: readonly string[];
}) {
  const { invalid } = parseTags(filter.tags);
  return (
    <section className="browse-filters" aria-labelledby="browse-filters-title">
      <div className="browse-filters-head">
        <h3 id="browse-filters-title">Filters</h3>
        <p className="muted browse-filters-hint">Within a group any ticked choice matches; between groups all must.</p>
        <button type="button" onClick={() => onChange(emptyFilter())} disabled={!isFiltered(filter)}>
          Clear filters
        </button>
      </div>
      <div className="browse-filter-grid">
        <Choices
          legend="Area"
          name="area"
          className="browse-choices-area"
          options={AREAS.map((a) => ({ value: a.id as AreaId, label: areaName(a.id), title: a.title }))}
          chosen={filter.areas}
          onChange={(areas) => onChange({ areas: AREA_IDS.filter((id) => areas.includes(id)) })}
        />
        <Choices
          legend="Status"
          name="status"
          options={QUESTION_STATUSES.map((s) => ({ value: s as QuestionStatus, label: STATUS_LABELS[s], title: STATUS_HINTS[s] }))}
          chosen={filter.status}
          onChange={(status) => onChange({ status })}
        />
        <Choices legend="Kind" name="kind" options={KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))} chosen={filter.kinds} onChange={(kinds) => onChange({ kinds })} />
        <Choices legend="Level" name="level" options={LEVELS.map((l) => ({ value: l, label: LEVEL_LABELS[l] }))} chosen={filter.levels} onChange={(levels) => onChange({ levels })} />
        <Choices legend="Role" name="role" options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} chosen={filter.roles} onChange={(roles) => onChange({ roles })} />
        <div className="browse-tags">
          <label htmlFor="browse-tags-input">Tags</label>
          <input
            id="browse-tags-input"
            type="text"
            value={filter.tags}
            list="browse-known-tags"
            autoComplete="off"
            spellCheck={false}
            placeholder="e.g. leakage, rag"
            aria-describedby="browse-tags-hint"
            aria-invalid={invalid.length > 0 || undefined}
            onChange={(e) => onChange({ tags: e.target.value })}
          />
          <datalist id="browse-known-tags">
            {knownTags.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
          <p id="browse-tags-hint" className={invalid.length > 0 ? 'browse-tags-hint invalid' : 'muted browse-tags-hint'}>
            {invalid.length > 0
              ? `Not a tag, left out: ${invalid.join(', ')}. Tags are lowercase letters, digits and hyphens.`
              : 'Any of these tags; separate them with commas or spaces.'}
          </p>
        </div>
      </div>
    </section>
  );
}
