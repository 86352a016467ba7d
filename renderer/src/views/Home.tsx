import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { MAX_SESSION_QUESTIONS } from '../../../shared/limits';
import { AREAS, LEVELS, type Level } from '../../../shared/areas';
import { formatPercent } from '../../../shared/scoring';
import { useApp, useHome } from '../store';
import { availableFor } from '../store/home-slice';
import { LoadError } from '../components/LoadError';

/** Enter in a text field submits a form; on a checkbox it must not start a drill. */
function keepEnterOffCheckboxes(e: KeyboardEvent<HTMLFormElement>) {
  const t = e.target as HTMLInputElement;
  if (e.key === 'Enter' && t.tagName === 'INPUT' && t.type === 'checkbox') e.preventDefault();
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

export function Home() {
  const query = useHome();
  const home = query.data;
  const { selectedAreas, level, chosenCount, toggleArea, setAreas, setLevel, setCount, startDrill, resumeDrill, discardDrill } = useApp(
    useShallow((s) => ({
      chosenCount: s.count,
      selectedAreas: s.selectedAreas,
      level: s.level,
      count: s.count,
      toggleArea: s.toggleArea,
      setAreas: s.setAreas,
      setLevel: s.setLevel,
      setCount: s.setCount,
      startDrill: s.startDrill,
      resumeDrill: s.resumeDrill,
      discardDrill: s.discardDrill,
    })),
  );
  const startRef = useRef<HTMLButtonElement>(null);
  const firstAreaRef = useRef<HTMLInputElement>(null);

  // The benchmark and tests read this mark: Home is interactive with every area's figures on screen.
  useEffect(() => {
    if (home && performance.getEntriesByName('mldrill:home-interactive').length === 0) performance.mark('mldrill:home-interactive');
  }, [home]);

  // Coming back to Home (from a summary, or after ending a drill) puts focus on the next thing to do.
  const ready = home !== undefined;
  useEffect(() => {
    if (!ready || document.activeElement !== document.body) return;
    if (startRef.current && !startRef.current.disabled) startRef.current.focus();
    else firstAreaRef.current?.focus();
  }, [ready]);

  if (!home) {
    if (query.isError) {
      return (
        <main className="home">
          <LoadError title="Your progress could not be loaded" query={query} />
        </main>
      );
    }
    return (
      <main className="home" aria-busy="true">
        <p className="muted">Loading your progress…</p>
      </main>
    );
  }

  const count = chosenCount ?? home.settings.defaultCount;
  const matching = availableFor(home, selectedAreas, level);

  const totalAvailable = home.areas.reduce((n, a) => n + a.available, 0);
  const selectedAvailable = home.areas.filter((a) => selectedAreas.includes(a.id)).reduce((n, a) => n + a.available, 0);
  const canStart = selectedAreas.length > 0 && selectedAvailable > 0 && matching > 0;

  const active = home.activeSession;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!canStart) return;
    if (active && !window.confirm('Start a new drill? The unfinished one ends: answers you already saved are kept, its current draft is lost.')) return;
    void startDrill(count);
  };

  return (
    <main className="home" data-ready="true">
      {active && (
        <section className="resume-banner" role="region" aria-label="Unfinished drill">
          <p>
            You have an unfinished drill: question {Math.min(active.position + 1, active.total)} of {active.total}, started{' '}
            {new Date(active.startedAt).toLocaleString()}.
          </p>
          <div className="row">
            <button type="button" className="primary" onClick={() => void resumeDrill(active.id)} autoFocus>
              Resume drill
            </button>
            <button
              type="button"
              onClick={() => {
                if (window.confirm('Discard the unfinished drill? Answers you already saved are kept; the current draft is lost.')) {
                  void discardDrill(active.id);
                }
              }}
            >
              Discard
            </button>
          </div>
        </section>
      )}

      {totalAvailable === 0 ? (
        <section className="empty">
          <h2>No questions installed</h2>
          <p>The built-in bank could not be loaded. Reinstall the app, or check the log for the pack that failed validation.</p>
        </section>
      ) : (
        <form onSubmit={onSubmit} onKeyDown={keepEnterOffCheckboxes} className="start-form" aria-label="Start a drill">
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
                <li key={a.id}>
                  <label className={`area-card${selectedAreas.includes(a.id) ? ' selected' : ''}`} data-area={a.id}>
                    <input
                      type="checkbox"
                      ref={i === 0 ? firstAreaRef : undefined}
                      checked={selectedAreas.includes(a.id)}
                      onChange={() => toggleArea(a.id)}
                      disabled={a.available === 0}
                    />
                    <span className="area-title">{a.title}</span>
                    <span className="area-figures" data-testid={`figures-${a.id}`}>
                      <span>
                        practised {a.practised} / {a.available}
                      </span>
                      <span>coverage {formatPercent(a.coverage)}</span>
                    </span>
                    <span
                      className="bar"
                      role="progressbar"
                      aria-label={`${a.title} average coverage`}
                      aria-valuemin={0}
                      aria-valuemax={100}
                      aria-valuenow={Math.round((a.coverage ?? 0) * 100)}
                    >
                      <span className="bar-fill" style={{ width: `${Math.round((a.coverage ?? 0) * 100)}%` }} />
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <div className="row options">
            <label>
              Level{' '}
              <select value={level} onChange={(e) => setLevel(e.target.value as Level | 'any')}>
                <option value="any">Any level</option>
                {LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {l[0]!.toUpperCase() + l.slice(1)}
                  </option>
                ))}
              </select>
            </label>
            <CountField count={count} setCount={setCount} />
            <span className="muted mode-note">Mode: {home.settings.mode === 'strict' ? 'strict (answer locks at zero)' : 'practice (overtime allowed)'}</span>
            <button type="submit" className="primary" disabled={!canStart} ref={startRef}>
              Start drill
            </button>
          </div>
          <p className="muted hint" id="count-hint" aria-live="polite">
            {selectedAreas.length === 0
              ? 'Choose at least one topic area to start.'
              : matching === 0
                ? `No ${level === 'any' ? '' : `${level} `}questions in the chosen areas. Choose more areas or another level.`
                : matching < count
                  ? `Only ${matching} question${matching === 1 ? '' : 's'} match; the drill will have ${matching}.`
                  : `The drill will have ${count} question${count === 1 ? '' : 's'}.`}
          </p>
        </form>
      )}
    </main>
  );
}
