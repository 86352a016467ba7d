import { Suspense, lazy, useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { THEMES, type Theme } from '../../shared/enums';
import { useApp, useHome } from './store';
import { listenForCommands } from './menu';
import { NAV_VIEWS } from './store/ui-slice';
import { StorageNotices } from './components/StorageNotices';
import { Home } from './views/Home';
import { FileDrop } from './views/packs/FileDrop';

// Home is all a cold start needs; the drill and summary views (and the Markdown renderer) load in the background
// once Home is on screen, so starting a drill does not wait for them.
const loadDrill = () => import('./views/Drill');
const loadSummary = () => import('./views/Summary');
const Drill = lazy(() => loadDrill().then((m) => ({ default: m.Drill })));
const Summary = lazy(() => loadSummary().then((m) => ({ default: m.Summary })));
// Screens a drill never needs: loaded when first opened.
const Packs = lazy(() => import('./views/packs/Packs').then((m) => ({ default: m.Packs })));
const MyQuestions = lazy(() => import('./views/questions/MyQuestions').then((m) => ({ default: m.MyQuestions })));
// The dashboard carries the chart libraries (visx, react-calendar-heatmap): they load only when it opens.
const Dashboard = lazy(() => import('./views/dashboard/Dashboard').then((m) => ({ default: m.Dashboard })));
const Browse = lazy(() => import('./views/browse/Browse').then((m) => ({ default: m.Browse })));
const History = lazy(() => import('./views/history/History').then((m) => ({ default: m.History })));
const LoopResultView = lazy(() => import('./views/loops/LoopResult').then((m) => ({ default: m.LoopResultView })));
const SettingsView = lazy(() => import('./views/settings/Settings').then((m) => ({ default: m.Settings })));
export function preloadViews() {
  void loadDrill();
  void loadSummary();
}

const THEME_LABELS: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark' };

function Nav() {
  const { view, navigate } = useApp(useShallow((s) => ({ view: s.view, navigate: s.navigate })));
  if (view === 'drill') return null;
  return (
    <nav className="app-nav" aria-label="Screens">
      {NAV_VIEWS.map((n) => (
        <button
          type="button"
          key={n.view}
          className="nav-link"
          aria-current={view === n.view || (n.view === 'home' && view === 'summary') ? 'page' : undefined}
          onClick={() => navigate(n.view)}
        >
          {n.label}
        </button>
      ))}
    </nav>
  );
}

function Header() {
  const { view, updateSettings } = useApp(useShallow((s) => ({ view: s.view, updateSettings: s.updateSettings })));
  const settings = useHome().data?.settings;
  return (
    <header className="app-header">
      <h1>ML Interview Drill</h1>
      <Nav />
      {settings && (
        <div className="row settings" aria-label="Settings">
          <label title="Strict mode locks the answer when time runs out">
            <input
              type="checkbox"
              checked={settings.mode === 'strict'}
              disabled={view === 'drill'}
              onChange={(e) => void updateSettings({ mode: e.target.checked ? 'strict' : 'practice' })}
            />{' '}
            Strict timing
          </label>
          <label>
            Theme{' '}
            <select value={settings.theme} onChange={(e) => void updateSettings({ theme: e.target.value as Theme })}>
              {THEMES.map((t) => (
                <option key={t} value={t}>
                  {THEME_LABELS[t]}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
    </header>
  );
}

function Notices() {
  const { notices, dismissNotice } = useApp(useShallow((s) => ({ notices: s.notices, dismissNotice: s.dismissNotice })));
  if (notices.length === 0) return null;
  return (
    <div className="notices" role="alert">
      {notices.map((n) => (
        <div className="notice" key={n.id}>
          <p>{n.message}</p>
          <button type="button" className="notice-dismiss" onClick={() => dismissNotice(n.id)} aria-label="Dismiss" title="Dismiss">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

const THEME_KEY = 'mldrill.theme';

/** Sets the theme and remembers it, so the next start paints in it before any data arrives (see public/theme-boot.js). */
function applyTheme(theme: Theme) {
  document.documentElement.dataset.theme = theme;
  try {
    window.localStorage.setItem(THEME_KEY, theme);
  } catch {
    // Storage can be unavailable (private mode); the theme still applies for this session.
  }
}

export function App() {
  const view = useApp((s) => s.view);
  const theme = useHome().data?.settings.theme;
  useEffect(() => {
    if (theme) applyTheme(theme);
  }, [theme]);
  useEffect(() => listenForCommands((command) => useApp.getState().runCommand(command)), []);
  return (
    <div className="app" data-view={view}>
      <Header />
      <Notices />
      <StorageNotices />
      <FileDrop />
      {view === 'home' && <Home />}
      <Suspense fallback={<p className="muted">Loading…</p>}>
        {view === 'drill' && <Drill />}
        {view === 'summary' && <Summary />}
        {view === 'loop-result' && <LoopResultView />}
        {view === 'packs' && <Packs />}
        {view === 'questions' && <MyQuestions />}
        {view === 'dashboard' && <Dashboard />}
        {view === 'browse' && <Browse />}
        {view === 'history' && <History />}
        {view === 'settings' && <SettingsView />}
      </Suspense>
    </div>
  );
}
