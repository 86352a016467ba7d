import type { ReactNode } from 'react';
import { AxisBottom, AxisLeft } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar, LinePath } from '@visx/shape';
import { DataTable, type Column } from './DataTable';
import {
  answerAxis,
  answerTick,
  duration,
  mediumDate,
  percent,
  shortDate,
  tickWeeks,
  trendSummary,
  weekRows,
  type DashboardWeek,
  type WeekRow,
} from './dashboard-model';
import { useWidth } from './use-width';

const MARGIN = { top: 12, right: 14, bottom: 28, left: 52 };
const MAX_BAR = 56;

function weekScale(weeks: readonly DashboardWeek[], innerW: number) {
  return scaleBand<string>({ domain: weeks.map((w) => w.week), range: [0, innerW], paddingInner: 0.25, paddingOuter: 0.15 });
}

function WeekAxis({ weeks, x, top, innerW }: { weeks: readonly DashboardWeek[]; x: ReturnType<typeof weekScale>; top: number; innerW: number }) {
  return (
    <AxisBottom
      top={top}
      scale={x}
      tickValues={tickWeeks(
        weeks.map((w) => w.week),
        innerW,
      )}
      tickFormat={(w) => shortDate(String(w))}
      axisClassName="dash-axis"
      tickLength={4}
      tickLabelProps={{ className: 'dash-tick-label', fontSize: 12, textAnchor: 'middle' }}
    />
  );
}

/** Attempts per week as bars, each labelled with its count when there is room. */
export function AttemptsChart({ weeks, width, height = 120 }: { weeks: readonly DashboardWeek[]; width: number; height?: number }) {
  const innerW = Math.max(60, width - MARGIN.left - MARGIN.right);
  const innerH = height - MARGIN.top - MARGIN.bottom;
  const x = weekScale(weeks, innerW);
  const max = Math.max(1, ...weeks.map((w) => w.attempts));
  const y = scaleLinear<number>({ domain: [0, max], range: [innerH, 16] });
  const labelled = x.bandwidth() >= 14;
  return (
    <svg className="dash-chart attempts-chart" width={width} height={height} role="img" aria-label={trendSummary(weeks, 'attempts')}>
      <Group left={MARGIN.left} top={MARGIN.top}>
        {weeks.map((w) => {
          // A few weeks make wide bands: the bar keeps a sensible width in the middle of its band.
          const barW = Math.min(x.bandwidth(), MAX_BAR);
          const mid = (x(w.week) ?? 0) + x.bandwidth() / 2;
          const top = w.attempts ? y(w.attempts) : innerH;
          return (
            <g key={w.week}>
              {w.attempts > 0 && <Bar className="attempts-bar" x={mid - barW / 2} y={top} width={barW} height={innerH - top} rx={2} />}
              {labelled && w.attempts > 0 && (
                <text className="bar-label" x={mid} y={top - 4} textAnchor="middle">
                  {w.attempts}
                </text>
              )}
            </g>
          );
        })}
        <WeekAxis weeks={weeks} x={x} top={innerH} innerW={innerW} />
      </Group>
    </svg>
  );
}

type Metric = 'coverage' | 'answer';

/** One weekly mean as a line with a dot per week; weeks without practice leave a gap. */
export function TrendLine({ weeks, metric, width, height = 190 }: { weeks: readonly DashboardWeek[]; metric: Metric; width: number; height?: number }) {
  const innerW = Math.max(60, width - MARGIN.left - MARGIN.right);
  const innerH = height - MARGIN.top - MARGIN.bottom;
  const x = weekScale(weeks, innerW);
  const value = (w: DashboardWeek) => (metric === 'coverage' ? w.meanCoverage : w.meanAnswerSec);
  const axis = metric === 'coverage' ? { top: 1, ticks: [0, 0.25, 0.5, 0.75, 1], format: (v: number) => percent(v) } : answerAxisFor(weeks);
  const y = scaleLinear<number>({ domain: [0, axis.top], range: [innerH, 0] });
  const cx = (w: DashboardWeek) => (x(w.week) ?? 0) + x.bandwidth() / 2;
  const points = weeks.filter((w) => value(w) !== null);
  const format = metric === 'coverage' ? percent : duration;
  return (
    <svg className={`dash-chart trend-chart trend-${metric}`} width={width} height={height} role="img" aria-label={trendSummary(weeks, metric)}>
      <Group left={MARGIN.left} top={MARGIN.top}>
        {axis.ticks.map((t) => (
          <line key={t} className="dash-grid" x1={0} x2={innerW} y1={y(t)} y2={y(t)} />
        ))}
        <LinePath<DashboardWeek> className="trend-line" data={[...weeks]} x={cx} y={(w) => y(value(w) ?? 0)} defined={(w) => value(w) !== null} />
        {points.map((w) => (
          <circle key={w.week} className="trend-dot" cx={cx(w)} cy={y(value(w)!)} r={3.5}>
            <title>{`Week of ${mediumDate(w.week)}: ${format(value(w))}`}</title>
          </circle>
        ))}
        <AxisLeft
          scale={y}
          tickValues={axis.ticks}
          tickFormat={(v) => axis.format(Number(v))}
          hideAxisLine
          hideTicks
          tickLabelProps={{ className: 'dash-tick-label', fontSize: 12, textAnchor: 'end', verticalAnchor: 'middle', dx: -6 }}
        />
        <WeekAxis weeks={weeks} x={x} top={innerH} innerW={innerW} />
      </Group>
    </svg>
  );
}

function answerAxisFor(weeks: readonly DashboardWeek[]) {
  const a = answerAxis(Math.max(0, ...weeks.map((w) => w.meanAnswerSec ?? 0)));
  return { top: a.top, ticks: a.ticks, format: (v: number) => answerTick(v, a.unit) };
}

function Measured({ children }: { children: (width: number) => ReactNode }) {
  const [ref, width] = useWidth<HTMLDivElement>(480);
  return (
    <div ref={ref} className="dash-chart-box">
      {children(width)}
    </div>
  );
}

const COLUMNS: Column<WeekRow>[] = [
  { header: 'Week of', cell: (r) => <time dateTime={r.week}>{mediumDate(r.week)}</time>, rowHeader: true },
  { header: 'Attempts', cell: (r) => r.attempts.toLocaleString('en-US'), numeric: true },
  { header: 'Mean coverage', cell: (r) => r.coverage, numeric: true },
  { header: 'Mean answer time', cell: (r) => r.answer, numeric: true },
];

export function TrendsSection({ weeks }: { weeks: readonly DashboardWeek[] }) {
  const rows = weekRows(weeks);
  return (
    <section className="dash-panel" aria-labelledby="dash-trends-title">
      <h3 id="dash-trends-title">Week by week</h3>
      <p className="muted dash-explain">Weeks start on Monday. A week without practice leaves a gap in the lines.</p>
      <figure className="dash-figure">
        <figcaption>Attempts per week</figcaption>
        <Measured>{(w) => <AttemptsChart weeks={weeks} width={w} />}</Measured>
      </figure>
      <div className="dash-trend-pair">
        <figure className="dash-figure">
          <figcaption>Mean checklist coverage</figcaption>
          <Measured>{(w) => <TrendLine weeks={weeks} metric="coverage" width={w} />}</Measured>
        </figure>
        <figure className="dash-figure">
          <figcaption>Mean answer time</figcaption>
          <Measured>{(w) => <TrendLine weeks={weeks} metric="answer" width={w} />}</Measured>
        </figure>
      </div>
      <DataTable caption="Attempts, mean coverage and mean answer time per week" columns={COLUMNS} rows={rows} rowKey={(r) => r.week} testId="table-weeks" />
    </section>
  );
}
