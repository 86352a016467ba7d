import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { DashboardView, WeakConcept } from '../../../../shared/api';
import { AREAS } from '../../../../shared/areas';
import { masteryRows } from './dashboard-model';
import { MasteryBars, MasterySection } from './MasteryChart';
import { PracticeCalendar } from './PracticeCalendar';
import { AttemptsChart, TrendLine, TrendsSection } from './TrendCharts';
import { WeakConcepts } from './WeakConcepts';

const areas: DashboardView['areas'] = AREAS.map((a, i) => ({
  id: a.id,
  title: a.title,
  mastery: i === 0 ? 0.42 : i === 1 ? 0 : null,
  recall: i < 2 ? 0.9 : null,
  coverage: i < 2 ? 0.5 : null,
  breadth: i < 2 ? 0.1 : 0,
  breadthTarget: 20,
  practised: i < 2 ? 2 : 0,
  available: 24,
  attempts: i < 2 ? 3 : 0,
}));

const weeks: DashboardView['weeks'] = [
  { week: '2026-03-02', attempts: 6, meanCoverage: 0.625, meanAnswerSec: 125 },
  { week: '2026-03-09', attempts: 0, meanCoverage: null, meanAnswerSec: null },
  { week: '2026-03-16', attempts: 3, meanCoverage: 0.75, meanAnswerSec: 100 },
];

/** How many elements carry this class (visx adds its own class names before ours). */
const count = (html: string, cls: string) => html.match(new RegExp(`class="(?:[^"]* )?${cls}(?: [^"]*)?"`, 'g'))?.length ?? 0;
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('mastery chart', () => {
  it('draws an empty track labelled "not started" for each area never practised, and a bar for the others', () => {
    const html = renderToStaticMarkup(<MasteryBars rows={masteryRows(areas)} width={720} />);
    expect(html).toContain('role="img"');
    expect(count(html, 'mastery-row is-empty')).toBe(8);
    expect(html.match(/>not started</g)).toHaveLength(8);
    expect(count(html, 'mastery-fill')).toBe(2);
    expect(html).toContain('>42%<');
    // A practised area at 0 is 0%; an area never practised is never drawn as 0%.
    expect(html.match(/>0%</g)).toHaveLength(2); // the axis tick and the practised area at 0
    for (const a of AREAS) expect(html).toContain(a.title.replace('&', '&amp;'));
  });

  it('has a table with every area, in the page', () => {
    const html = renderToStaticMarkup(<MasterySection rows={masteryRows(areas)} />);
    expect(html).toContain('<caption>Mastery by area</caption>');
    const rows = html.split('<tr>').slice(2);
    expect(rows).toHaveLength(10);
    expect(text(rows[0]!)).toContain('ML fundamentals &amp; model selection 42% 90% 50% 2 of 24 3');
    expect(text(rows[9]!)).toContain('not started — — 0 of 24 0');
  });
});

describe('trend charts', () => {
  it('draws a bar and a count per week with practice', () => {
    const html = renderToStaticMarkup(<AttemptsChart weeks={weeks} width={600} />);
    expect(count(html, 'attempts-bar')).toBe(2);
    expect(html).toContain('>6</text>');
    expect(html).toContain('>3</text>');
  });

  it('draws a dot per week with a mean, and breaks the line at a week without one', () => {
    const html = renderToStaticMarkup(<TrendLine weeks={weeks} metric="coverage" width={500} />);
    expect(count(html, 'trend-dot')).toBe(2);
    const path = /class="[^"]*trend-line[^"]*" d="([^"]+)"/.exec(html)?.[1] ?? '';
    // Two separate pieces: each starts with a move.
    expect(path.match(/M/g)).toHaveLength(2);
    expect(html).toContain('Week of Mar 2, 2026: 63%');
  });

  it('puts the weekly figures in one table', () => {
    const html = renderToStaticMarkup(<TrendsSection weeks={weeks} />);
    expect(text(html)).toContain('Mar 2, 2026 6 63% 2 min 5 s');
    expect(text(html)).toContain('Mar 9, 2026 0 — —');
    expect(html.match(/role="img"/g)).toHaveLength(3);
  });
});

describe('practice calendar', () => {
  const days = [
    { day: '2026-03-03', attempts: 2 },
    { day: '2026-03-08', attempts: 1 },
  ];

  it('titles every day of the year and shows the streak beside it', () => {
    const html = renderToStaticMarkup(<PracticeCalendar days={days} today="2026-03-18" streak={{ current: 3, longest: 4 }} dayStartHour={4} />);
    expect(html.match(/<rect width="10" [^>]*class="heat-\d"/g)).toHaveLength(365);
    expect(html).toContain('<title>Tue, Mar 3, 2026: 2 attempts</title>');
    expect(html).toContain('<title>Wed, Mar 18, 2026: no practice</title>');
    expect(html).toContain('class="heat-2"');
    expect(text(html)).toContain('Current streak 3 days');
    expect(text(html)).toContain('Longest streak 4 days');
    expect(text(html)).toContain('A day starts at 4:00');
    // Newest first in the table.
    expect(html.indexOf('dateTime="2026-03-08"')).toBeLessThan(html.indexOf('dateTime="2026-03-03"'));
  });

  it('leaves the streak out when it is hidden in settings', () => {
    const html = renderToStaticMarkup(<PracticeCalendar days={days} today="2026-03-18" streak={null} dayStartHour={4} />);
    expect(html).not.toContain('data-testid="streak"');
    expect(html).not.toContain('Current streak');
  });
});

describe('weak concepts', () => {
  const calibration: WeakConcept = {
    id: 'calibration',
    title: 'Calibration',
    area: 'evaluation',
    missRate: 0.75,
    evidence: 4,
    misses: 3,
    questions: 2,
    recent: [
      { attemptId: 9, packId: 'p', questionId: 'q-2', prompt: 'Explain **calibration**', at: '2026-03-18T10:00:00Z', day: '2026-03-18', item: 'Checks calibration', ticked: false },
      { attemptId: 8, packId: 'p', questionId: 'q-1', prompt: 'Explain scores', at: '2026-03-17T10:00:00Z', day: '2026-03-17', item: 'Uses a reliability plot', ticked: true },
    ],
  };

  it('lists each weak concept under its area with its figures, evidence and a drill button', () => {
    const html = renderToStaticMarkup(<WeakConcepts concepts={[calibration]} practised starting={null} onDrill={vi.fn()} onHistory={vi.fn()} />);
    expect(text(html)).toContain('Evaluation, validation &amp; metrics');
    expect(text(html)).toContain('Missed 3 of 4 checks (75%) across 2 questions');
    expect(text(html)).toContain('Missed Checks calibration Mar 18, 2026');
    expect(text(html)).toContain('Ticked Uses a reliability plot Mar 17, 2026');
    expect(text(html)).toContain('History of: Explain calibration');
    expect(html).toContain('aria-label="Drill this concept: Calibration"');
    expect(text(html)).toContain('A concept is called weak after at least 4 checks');
  });

  it('says so when no concept is weak', () => {
    const html = renderToStaticMarkup(<WeakConcepts concepts={[]} practised starting={null} onDrill={vi.fn()} onHistory={vi.fn()} />);
    expect(text(html)).toContain('No concept is weak by that rule at the moment.');
  });
});
