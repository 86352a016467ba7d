import CalendarHeatmap from 'react-calendar-heatmap';
import 'react-calendar-heatmap/dist/styles.css';
import type { DashboardView } from '../../../../shared/api';
import { dayLabel, dayOfLabel } from '../../../../shared/learning/days';
import { DataTable, type Column } from './DataTable';
import { calendarDays, calendarSummary, dayCount, dayTitle, HEAT_STEPS, heatLevel, localNoon, longDate, type CalendarDay } from './dashboard-model';

type PracticeDay = DashboardView['days'][number];

const LEGEND = ['0', '1', '2–3', '4–6', '7+'] as const;

const COLUMNS: Column<PracticeDay>[] = [
  { header: 'Day', cell: (d) => <time dateTime={d.day}>{longDate(d.day)}</time>, rowHeader: true },
  { header: 'Attempts', cell: (d) => d.attempts.toLocaleString('en-US'), numeric: true },
];

function hourLabel(h: number) {
  return `${h}:00`;
}

export function PracticeCalendar({
  days,
  today,
  streak,
  dayStartHour,
}: {
  days: DashboardView['days'];
  today: string;
  streak: DashboardView['streak'];
  dayStartHour: number | undefined;
}) {
  const values = calendarDays(days, today);
  const end = dayOfLabel(today);
  const newestFirst = [...days].reverse();
  return (
    <section className="dash-panel dash-calendar-panel" aria-labelledby="dash-calendar-title">
      <h3 id="dash-calendar-title">Practice days</h3>
      <div className="dash-calendar-row">
        <div className="dash-calendar">
          {end !== null && (
            <div role="img" aria-label={calendarSummary(days)} className="dash-heatmap">
              <CalendarHeatmap<Date>
                startDate={localNoon(dayLabel(end - 365))}
                endDate={localNoon(today)}
                values={values}
                showWeekdayLabels
                gutterSize={2}
                classForValue={(v) => `heat-${heatLevel((v as CalendarDay | undefined)?.attempts ?? 0)}`}
                titleForValue={(v) => {
                  const d = v as CalendarDay | undefined | null;
                  return d ? dayTitle(d.day, d.attempts) : '';
                }}
              />
            </div>
          )}
          <div className="dash-legend">
            <span className="muted">Attempts a day:</span>
            <ul>
              {HEAT_STEPS.map((s, i) => (
                <li key={s.level} title={s.label}>
                  <svg width="12" height="12" aria-hidden="true" className="dash-legend-swatch">
                    <rect width="12" height="12" rx="2" className={`heat-${s.level}`} />
                  </svg>
                  {LEGEND[i]}
                </li>
              ))}
            </ul>
          </div>
        </div>
        {streak && (
          <dl className="dash-streak" data-testid="streak">
            <div>
              <dt>Current streak</dt>
              <dd data-testid="streak-current">{dayCount(streak.current)}</dd>
            </div>
            <div>
              <dt>Longest streak</dt>
              <dd data-testid="streak-longest">{dayCount(streak.longest)}</dd>
            </div>
          </dl>
        )}
      </div>
      {dayStartHour !== undefined && dayStartHour > 0 && (
        <p className="muted dash-explain">
          A day starts at {hourLabel(dayStartHour)}, so practice after midnight counts for the day before. A streak stays current until a whole day passes without practice.
        </p>
      )}
      <DataTable
        caption="Practice days of the last 365 days, newest first"
        columns={COLUMNS}
        rows={newestFirst}
        rowKey={(d) => d.day}
        testId="table-days"
        empty="No practice in the last 365 days."
        long
      />
    </section>
  );
}
