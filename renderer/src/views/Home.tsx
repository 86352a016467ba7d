import { useEffect, useRef } from 'react';
import { LoopPicker } from './home/LoopPicker';
import { useShallow } from 'zustand/react/shallow';
import type { WeakConcept } from '../../../shared/api';
import { useApp, useHome } from '../store';
import type { FocusedPick } from '../store/drill-slice';
import { LoadError } from '../components/LoadError';
import { DrillForm } from './home/DrillForm';
import { InterviewPanel } from './home/InterviewPanel';
import { TodayPanel } from './home/TodayPanel';
import { WeakConcepts } from './home/WeakConcepts';
import { conceptPick, nothingPractised } from './home/home-model';
import './home/home.css';

const REPLACE_ACTIVE = 'Start a new drill? The unfinished one ends: answers you already saved are kept, its current draft is lost.';

export function Home() {
  const query = useHome();
  const home = query.data;
  const { startFocused, resumeDrill, discardDrill, navigate } = useApp(
    useShallow((s) => ({ startFocused: s.startFocused, resumeDrill: s.resumeDrill, discardDrill: s.discardDrill, navigate: s.navigate })),
  );
  const startRef = useRef<HTMLButtonElement>(null);
  const nextRef = useRef<HTMLButtonElement>(null);
  const firstAreaRef = useRef<HTMLInputElement>(null);

  // The benchmark and tests read this mark: Home is interactive with every area's figures on screen.
  useEffect(() => {
    if (home && performance.getEntriesByName('mldrill:home-interactive').length === 0) performance.mark('mldrill:home-interactive');
  }, [home]);

  // Coming back to Home (from a summary, or after ending a drill) puts focus on the next thing to do: Start drill
  // when areas are already chosen, otherwise today's next action.
  const ready = home !== undefined;
  useEffect(() => {
    if (!ready || document.activeElement !== document.body) return;
    if (startRef.current && !startRef.current.disabled) startRef.current.focus();
    else if (nextRef.current) nextRef.current.focus();
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

  const totalAvailable = home.areas.reduce((n, a) => n + a.available, 0);
  const active = home.activeSession;

  const start = (pick: FocusedPick) => {
    if (active && !window.confirm(REPLACE_ACTIVE)) return;
    void startFocused(pick);
  };
  const next = home.today.next;
  const first = nothingPractised(home);

  return (
    <main className="home" data-ready="true">
      {active && (
        <section className="resume-banner" role="region" aria-label={active.loopTitle ? 'Unfinished mock loop' : 'Unfinished drill'}>
          <p>
            {active.loopTitle ? `You have an unfinished mock loop, ${active.loopTitle}` : 'You have an unfinished drill'}: question{' '}
            {Math.min(active.position + 1, active.total)} of {active.total}, started {new Date(active.startedAt).toLocaleString()}.
          </p>
          <div className="row">
            <button type="button" className="primary" onClick={() => void resumeDrill(active.id)} autoFocus>
              {active.loopTitle ? 'Resume loop' : 'Resume drill'}
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
        <>
          <div className={home.interview ? 'home-top with-interview' : 'home-top'}>
            <TodayPanel home={home} buttonRef={nextRef} onNext={() => start({ focus: next.focus, areas: next.areas, count: next.count })} />
            {home.interview && <InterviewPanel home={home} interview={home.interview} onSettings={() => navigate('settings')} />}
          </div>
          <WeakConcepts concepts={home.weakConcepts} onDrill={(w: WeakConcept) => start(conceptPick(w, home.settings.defaultCount))} />
          <h2 className="form-title">{first ? 'Or choose your own drill' : 'Choose your own drill'}</h2>
          <DrillForm home={home} onStart={start} startRef={startRef} firstAreaRef={firstAreaRef} />
          <LoopPicker />
        </>
      )}
    </main>
  );
}
