import { useEffect, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { MAX_SESSION_QUESTIONS } from '../../../shared/limits';
import { AREAS, LEVELS, type Level } from '../../../shared/areas';
import { formatPercent } from '../../../shared/scoring';
import { useApp } from '../store';

export function Home() {
  const { home, selectedAreas, level, count, toggleArea, setAreas, setLevel, setCount, startDrill, resumeDrill, discardDrill, loadHome } = useApp(
    useShallow((s) => ({
      home: s.home,
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
      loadHome: s.loadHome,
    })),
  );

  useEffect(() => {
    if (!home && !useApp.getState().homeLoading) void loadHome();
  }, [home, loadHome]);

  // The benchmark and tests read this mark: Home is interactive with every area's figures on screen.
  useEffect(() => {
    if (home && performance.getEntriesByName('mldrill:home-interactive').length === 0) performance.mark('mldrill:home-interactive');
  }, [home]);

  if (!home) {
    return (
      <main className="home" aria-busy="true">
        <p className="muted">Loading your progress…</p>
      </main>
    );
  }

  const totalAvailable = home.areas.reduce((n, a) => n + a.available, 0);
  const selectedAvailable = home.areas.filter((a) => selectedAreas.includes(a.id)).reduce((n, a) => n + a.available, 0);
  const canStart = selectedAreas.length > 0 && selectedAvailable > 0;

  const active = home.activeSession;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!canStart) return;
    if (active && !window.confirm('Start a new drill? The unfinished one ends: answers you already saved are kept, its current draft is lost.')) return;
    void startDrill();
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
        <form onSubmit={onSubmit} className="start-form" aria-label="Start a drill">
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
              {home.areas.map((a) => (
                <li key={a.id}>
                  <label className={`area-card${selectedAreas.includes(a.id) ? ' selected' : ''}`} data-area={a.id}>
                    <input type="checkbox" checked={selectedAreas.includes(a.id)} onChange={() => toggleArea(a.id)} disabled={a.available === 0} />
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
            <label>
              Questions{' '}
              <input type="number" min={1} max={MAX_SESSION_QUESTIONS} value={count} onChange={(e) => setCount(Number(e.target.value))} className="count" />
            </label>
            <span className="muted mode-note">Mode: {home.settings.mode === 'strict' ? 'strict (answer locks at zero)' : 'practice (overtime allowed)'}</span>
            <button type="submit" className="primary" disabled={!canStart}>
              Start drill
            </button>
          </div>
          {!canStart && <p className="muted hint">Choose at least one topic area to start.</p>}
        </form>
      )}
    </main>
  );
}
