import { useState, type FormEvent, type KeyboardEvent, type Ref } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useShallow } from 'zustand/react/shallow';
import type { HomeView } from '../../../../shared/api';
import { AREAS, KINDS, LEVELS, ROLES, type Level } from '../../../../shared/areas';
import { MAX_SESSION_QUESTIONS } from '../../../../shared/limits';
import { queryOptionsFor } from '../../query';
import { transport, useApp } from '../../store';
import type { FocusedPick } from '../../store/drill-slice';
import type { CustomMix } from '../../store/home-slice';
import { AreaCard } from './AreaCard';
import { DRILL_CHOICES, KIND_LABELS, ROLE_LABELS, drillPlan, formPick, levelLabel, mixFilter, parseTags } from './home-model';

/** Enter in a text field submits a form; on a checkbox or a radio button it must not start a drill. */
function keepEnterOffChoices(e: KeyboardEvent<HTMLFormElement>) {
  const t = e.target as HTMLInputElement;
  if (e.key === 'Enter' && t.tagName === 'INPUT' && (t.type === 'checkbox' || t.type === 'radio')) e.preventDefault();
}

/** The Questions field keeps what is typed; the store takes the number only once it is a valid one. */
function CountField({ count, setCount }: { count: number; setCount: (n: number) => void }) {
  // What is typed, while it is being typed; otherwise the count itself.
  const [typed, setTyped] = useState<string | null>(null);
  return (
    <label>
      Questions{' '}
      <input
        type="number"
        inputMode="numeric"
        min={1}
        max={MAX_SESSION_QUESTIONS}
        value={typed ?? String(count)}
        onChange={(e) => {
          setTyped(e.target.value);
          const n = Number(e.target.value);
          if (e.target.value !== '' && Number.isInteger(n) && n >= 1 && n <= MAX_SESSION_QUESTIONS) setCount(n);
        }}
        onBlur={() => setTyped(null)}
        className="count"
        aria-describedby="count-hint"
      />
    </label>
  );
}

/** The custom mix: tags as typed, and levels, kinds and roles to narrow to. */
function MixFilters({ mix, setMix }: { mix: CustomMix; setMix: (patch: Partial<CustomMix>) => void }) {
  const { errors } = parseTags(mix.tags);
  const toggle = <T,>(list: readonly T[], v: T) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const group = <T extends string>(name: string, legend: string, options: readonly T[], chosen: readonly T[], label: (v: T) => string, key: keyof CustomMix, none: string) => (
    <fieldset className="mix-group" aria-describedby={`mix-${name}-none`}>
      <legend>{legend}</legend>
      <div className="mix-options">
        {options.map((v) => (
          <label key={v}>
            <input type="checkbox" checked={chosen.includes(v)} onChange={() => setMix({ [key]: toggle(chosen, v) } as Partial<CustomMix>)} /> {label(v)}
          </label>
        ))}
      </div>
      <p className="muted mix-none" id={`mix-${name}-none`}>
        {chosen.length === 0 ? none : `${chosen.length} of ${options.length} chosen.`}
      </p>
    </fieldset>
  );
  return (
    <fieldset className="mix">
      <legend>Custom mix</legend>
      <div className="mix-tags">
        <label htmlFor="mix-tags">
          Tags <span className="muted">(comma-separated)</span>
        </label>
        <input
          id="mix-tags"
          type="text"
          value={mix.tags}
          onChange={(e) => setMix({ tags: e.target.value })}
          placeholder="e.g. drift, fine-tuning"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={errors.length > 0}
          aria-describedby={errors.length > 0 ? 'mix-tags-help mix-tags-errors' : 'mix-tags-help'}
        />
        <p className="muted mix-help" id="mix-tags-help">
          Questions carrying any of these tags. Leave empty for every tag.
        </p>
        {errors.length > 0 && (
          <ul className="field-errors" id="mix-tags-errors">
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        )}
      </div>
      <div className="mix-groups">
        {group('levels', 'Levels', LEVELS, mix.levels, levelLabel, 'levels', 'None ticked: every level.')}
        {group('kinds', 'Kinds', KINDS, mix.kinds, (k) => KIND_LABELS[k], 'kinds', 'None ticked: every kind.')}
        {group('roles', 'Roles', ROLES, mix.roles, (r) => ROLE_LABELS[r], 'roles', 'None ticked: every role.')}
      </div>
    </fieldset>
  );
}

/** Home's own-choice drill: what to drill, the areas (with their mastery), level, count and Start drill. */
export function DrillForm({
  home,
  onStart,
  startRef,
  firstAreaRef,
}: {
  home: HomeView;
  onStart: (pick: FocusedPick) => void;
  startRef: Ref<HTMLButtonElement>;
  firstAreaRef: Ref<HTMLInputElement>;
}) {
  const { selectedAreas, level, chosenCount, choice, custom, toggleArea, setAreas, setLevel, setCount, setChoice, setCustom } = useApp(
    useShallow((s) => ({
      selectedAreas: s.selectedAreas,
      level: s.level,
      chosenCount: s.count,
      choice: s.drillChoice,
      custom: s.custom,
      toggleArea: s.toggleArea,
      setAreas: s.setAreas,
      setLevel: s.setLevel,
      setCount: s.setCount,
      setChoice: s.setDrillChoice,
      setCustom: s.setCustom,
    })),
  );
  const count = chosenCount ?? home.settings.defaultCount;
  const isCustom = choice === 'custom';
  const filter = isCustom ? mixFilter(custom) : null;
  const where = { areas: [...selectedAreas], ...filter };
  const matches = useQuery({
    ...queryOptionsFor(transport.api, 'listQuestions', { where }),
    enabled: isCustom && filter !== null && selectedAreas.length > 0,
    placeholderData: keepPreviousData,
    select: (qs) => qs.length,
  });
  const customMatches = !isCustom ? undefined : filter === null ? 'invalid' : matches.isError ? 'unknown' : (matches.data ?? 'loading');
  const plan = drillPlan({ home, choice, areas: selectedAreas, level, count, customMatches });
  const description = DRILL_CHOICES.find((c) => c.id === choice)!.description;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!plan.canStart) return;
    onStart(formPick(choice, selectedAreas, level, count, filter));
  };

  return (
    <form onSubmit={onSubmit} onKeyDown={keepEnterOffChoices} className="start-form" aria-label="Start a drill">
      <fieldset className="drill-choice" aria-describedby="choice-description">
        <legend>What to drill</legend>
        <div className="segmented">
          {DRILL_CHOICES.map((c) => (
            <label key={c.id} className="segment" data-choice={c.id}>
              <input type="radio" name="drill-choice" value={c.id} checked={choice === c.id} onChange={() => setChoice(c.id)} />
              <span>{c.label}</span>
            </label>
          ))}
        </div>
        <p className="muted choice-description" id="choice-description">
          {description}
        </p>
      </fieldset>
      {isCustom && <MixFilters mix={custom} setMix={setCustom} />}
      <fieldset className="areas">
        <legend>
          Topic areas <span className="muted">({selectedAreas.length} chosen)</span>
        </legend>
        <div className="row small">
          <button type="button" onClick={() => setAreas(AREAS.map((a) => a.id))}>
            Select all
          </button>
          <button type="button" onClick={() => setAreas([])}>
            Clear
          </button>
        </div>
        <ul className="area-grid">
          {home.areas.map((a, i) => (
            <AreaCard key={a.id} area={a} selected={selectedAreas.includes(a.id)} onToggle={() => toggleArea(a.id)} inputRef={i === 0 ? firstAreaRef : undefined} />
          ))}
        </ul>
      </fieldset>
      <div className="row options">
        {!isCustom && (
          <label>
            Level{' '}
            <select value={level} onChange={(e) => setLevel(e.target.value as Level | 'any')}>
              <option value="any">Any level</option>
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {levelLabel(l)}
                </option>
              ))}
            </select>
          </label>
        )}
        <CountField count={count} setCount={setCount} />
        <span className="muted mode-note">Mode: {home.settings.mode === 'strict' ? 'strict (answer locks at zero)' : 'practice (overtime allowed)'}</span>
        <button type="submit" className="primary" disabled={!plan.canStart} ref={startRef}>
          Start drill
        </button>
      </div>
      <p className="muted hint" id="count-hint" aria-live="polite">
        {plan.hint}
      </p>
    </form>
  );
}
