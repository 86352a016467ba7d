import { AxisBottom, AxisLeft } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar } from '@visx/shape';
import { MASTERY_RULES } from '../../../../shared/learning/mastery';
import { DataTable, type Column } from './DataTable';
import { masterySummary, NOT_STARTED, percent, type MasteryRow } from './dashboard-model';
import { useWidth } from './use-width';

const ROW = 36;
const BAR = 22;
const MARGIN = { top: 4, right: 16, bottom: 30 };
const PERCENT_TICKS = [0, 0.25, 0.5, 0.75, 1];

/** Room for the area names on the left: wrapped onto two lines when the window is narrow. */
export const labelWidth = (width: number) => (width < 560 ? 150 : Math.min(290, Math.round(width * 0.34)));

export function MasteryBars({ rows, width }: { rows: readonly MasteryRow[]; width: number }) {
  const left = labelWidth(width);
  const innerW = Math.max(80, width - left - MARGIN.right);
  const innerH = rows.length * ROW;
  const height = innerH + MARGIN.top + MARGIN.bottom;
  const x = scaleLinear<number>({ domain: [0, 1], range: [0, innerW], clamp: true });
  const y = scaleBand<string>({ domain: rows.map((r) => r.id), range: [0, innerH], paddingInner: 1 - BAR / ROW, paddingOuter: (1 - BAR / ROW) / 2 });
  const titles = new Map<string, string>(rows.map((r) => [r.id, r.title]));

  return (
    <svg className="dash-chart mastery-chart" width={width} height={height} role="img" aria-label={masterySummary(rows)}>
      <Group left={left} top={MARGIN.top}>
        {PERCENT_TICKS.map((t) => (
          <line key={t} className="dash-grid" x1={x(t)} x2={x(t)} y1={0} y2={innerH} />
        ))}
        {rows.map((r) => {
          const top = y(r.id) ?? 0;
          const bandH = y.bandwidth();
          if (!r.started) {
            return (
              <g key={r.id} className="mastery-row is-empty" data-area={r.id}>
                <Bar className="mastery-track is-empty" x={0.5} y={top + 0.5} width={innerW - 1} height={bandH - 1} rx={3} />
                <text className="mastery-value is-empty" x={10} y={top + bandH / 2} dominantBaseline="central">
                  {NOT_STARTED}
                </text>
              </g>
            );
          }
          const end = x(r.mastery ?? 0);
          const inside = innerW - end < 48;
          return (
            <g key={r.id} className="mastery-row" data-area={r.id}>
              <Bar className="mastery-track" x={0} y={top} width={innerW} height={bandH} rx={3} />
              <Bar className="mastery-fill" x={0} y={top} width={Math.max(end, 2)} height={bandH} rx={3} />
              <text
                className={inside ? 'mastery-value on-fill' : 'mastery-value'}
                x={inside ? end - 8 : end + 8}
                y={top + bandH / 2}
                dominantBaseline="central"
                textAnchor={inside ? 'end' : 'start'}
              >
                {r.label}
              </text>
            </g>
          );
        })}
        <AxisLeft
          scale={y}
          hideAxisLine
          hideTicks
          tickFormat={(id) => titles.get(id) ?? id}
          tickLabelProps={{ className: 'dash-tick-label area-label', fontSize: 13, style: { fontSize: '13px' }, textAnchor: 'end', verticalAnchor: 'middle', width: left - 14, dx: -10, lineHeight: '1.15em' }}
        />
        <AxisBottom
          top={innerH}
          scale={x}
          tickValues={PERCENT_TICKS}
          tickFormat={(v) => percent(Number(v))}
          axisClassName="dash-axis"
          tickLength={4}
          tickLabelProps={{ className: 'dash-tick-label', fontSize: 12, textAnchor: 'middle' }}
        />
      </Group>
    </svg>
  );
}

const COLUMNS: Column<MasteryRow>[] = [
  { header: 'Area', cell: (r) => r.title, rowHeader: true },
  { header: 'Mastery', cell: (r) => r.label, numeric: true },
  { header: 'Recall today', cell: (r) => r.recall, numeric: true },
  { header: 'Latest coverage', cell: (r) => r.coverage, numeric: true },
  { header: 'Practised', cell: (r) => r.practised, numeric: true },
  { header: 'Attempts', cell: (r) => r.attempts.toLocaleString('en-US'), numeric: true },
];

export function MasterySection({ rows }: { rows: readonly MasteryRow[] }) {
  const [ref, width] = useWidth<HTMLDivElement>(720);
  return (
    <section className="dash-panel" aria-labelledby="dash-mastery-title">
      <h3 id="dash-mastery-title">Mastery by area</h3>
      <p className="muted dash-explain">
        Mastery weighs how well you recall an area&rsquo;s practised questions today and how much of each checklist your latest answers covered, scaled by how many
        questions you have practised (an area counts in full after {MASTERY_RULES.breadthTarget}, or all of them when it has fewer).
      </p>
      <div ref={ref} className="dash-chart-box">
        <MasteryBars rows={rows} width={width} />
      </div>
      <DataTable caption="Mastery by area" columns={COLUMNS} rows={rows} rowKey={(r) => r.id} testId="table-mastery" />
    </section>
  );
}
