/**
 * The Progress dashboard: mastery per area, weekly trends, practice days with the streak, and weak concepts with a
 * one-click drill. Every chart has its figures as a table beside it. This file and its neighbours are the only ones
 * that import the chart libraries (visx, react-calendar-heatmap), so they load only when the dashboard opens.
 */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { DashboardView } from '../../../../shared/api';
import { AREA_IDS } from '../../../../shared/areas';
import { LoadError } from '../../components/LoadError';
import { useApiQuery } from '../../query';
import { transport, useApp, useHome } from '../../store';
import { isEmpty, longDate, masteryRows } from './dashboard-model';
import { MasterySection } from './MasteryChart';
import { PracticeCalendar } from './PracticeCalendar';
import { TrendsSection } from './TrendCharts';
import { WeakConcepts } from './WeakConcepts';
import './dashboard.css';

/** Questions in a concept drill when settings cannot be read. */
const FALLBACK_COUNT = 5;

function Totals({ totals }: { totals: DashboardView['totals'] }) {
  const figures = [
    { id: 'attempts', label: totals.attempts === 1 ? 'graded answer' : 'graded answers', value: totals.attempts },
    { id: 'questions', label: totals.questions === 1 ? 'question practised' : 'questions practised', value: totals.questions },
    { id: 'practice-days', label: totals.practiceDays === 1 ? 'practice day' : 'practice days', value: totals.practiceDays },
    { id: 'answer-minutes', label: totals.answerMinutes === 1 ? 'minute answering' : 'minutes answering', value: totals.answerMinutes },
  ];
  return (
    <ul className="dash-totals" aria-label="Totals">
      {figures.map((f) => (
        <li key={f.id} data-testid={`total-${f.id}`}>
          <span className="dash-total-value">{f.value.toLocaleString('en-US')}</span> <span className="dash-total-label">{f.label}</span>
        </li>
      ))}
    </ul>
  );
}

export function Dashboard() {
  const query = useApiQuery(transport.api, 'getDashboard', {});
  const settings = useHome().data?.settings;
  const { navigate, openHistory, startFocused } = useApp(
    useShallow((s) => ({ navigate: s.navigate, openHistory: s.openHistory, startFocused: s.startFocused })),
  );
  const [starting, setStarting] = useState<string | null>(null);
  const view = query.data;

  if (!view) {
    return (
      <main className="dashboard" aria-labelledby="dash-title">
        <h2 id="dash-title">Progress</h2>
        {query.isError ? (
          <LoadError title="Your progress could not be loaded" query={query} heading="h3" />
        ) : (
          <p className="muted" aria-busy="true">
            Loading your progress…
          </p>
        )}
      </main>
    );
  }

  if (isEmpty(view)) {
    return (
      <main className="dashboard" aria-labelledby="dash-title" data-ready="true" data-empty="true">
        <h2 id="dash-title">Progress</h2>
        <section className="empty">
          <h3>Nothing practised yet</h3>
          <p>Mastery by area, week-by-week trends, your practice days and weak concepts show up here once you have graded your first answer.</p>
          <button type="button" className="primary" onClick={() => navigate('home')}>
            Go to Practice
          </button>
        </section>
      </main>
    );
  }

  const drillConcept = async (conceptId: string) => {
    setStarting(conceptId);
    try {
      await startFocused({ focus: 'mixed', areas: AREA_IDS, count: settings?.defaultCount ?? FALLBACK_COUNT, filter: { concepts: [conceptId] } });
    } finally {
      setStarting(null);
    }
  };

  return (
    <main className="dashboard" aria-labelledby="dash-title" data-ready="true">
      <div className="dash-head">
        <h2 id="dash-title">Progress</h2>
        <p className="muted">
          As of <time dateTime={view.day}>{longDate(view.day)}</time>
        </p>
      </div>
      {query.isError && (
        <p className="dash-stale" role="alert">
          Could not refresh: {query.error.message}{' '}
          <button type="button" onClick={() => void query.refetch()} disabled={query.isFetching}>
            Retry
          </button>
        </p>
      )}
      <Totals totals={view.totals} />
      <MasterySection rows={masteryRows(view.areas)} />
      <TrendsSection weeks={view.weeks} />
      <PracticeCalendar days={view.days} today={view.day} streak={view.streak} dayStartHour={settings?.dayStartHour} />
      <WeakConcepts
        concepts={view.weakConcepts}
        practised={view.totals.attempts > 0}
        starting={starting}
        onDrill={(id) => void drillConcept(id)}
        onHistory={openHistory}
      />
    </main>
  );
}
