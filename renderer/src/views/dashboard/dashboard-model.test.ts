import { describe, expect, it } from 'vitest';
import type { DashboardView, WeakConcept } from '../../../../shared/api';
import { AREAS } from '../../../../shared/areas';
import {
  answerAxis,
  answerTick,
  calendarDays,
  calendarSummary,
  dayTitle,
  duration,
  groupByArea,
  heatLevel,
  isEmpty,
  localNoon,
  masteryRows,
  masterySummary,
  percent,
  plainPrompt,
  tickWeeks,
  trendSummary,
  WEAK_RULE_SENTENCE,
  weakFigures,
  weekRows,
} from './dashboard-model';

type Area = DashboardView['areas'][number];

const area = (id: Area['id'], over: Partial<Area> = {}): Area => ({
  id,
  title: AREAS.find((a) => a.id === id)!.title,
  mastery: null,
  recall: null,
  coverage: null,
  breadth: 0,
  breadthTarget: 20,
  practised: 0,
  available: 24,
  attempts: 0,
  ...over,
});

const concept = (id: string, areaId: WeakConcept['area'], over: Partial<WeakConcept> = {}): WeakConcept => ({
  id,
  title: id,
  area: areaId,
  missRate: 0.5,
  evidence: 4,
  misses: 2,
  questions: 2,
  recent: [],
  ...over,
});

describe('figures', () => {
  it('writes percentages rounded, and a dash for none', () => {
    expect(percent(0)).toBe('0%');
    expect(percent(0.625)).toBe('63%');
    expect(percent(1)).toBe('100%');
    expect(percent(null)).toBe('—');
  });

  it('writes durations in seconds under a minute, then minutes and seconds', () => {
    expect(duration(null)).toBe('—');
    expect(duration(0)).toBe('0 s');
    expect(duration(44.6)).toBe('45 s');
    expect(duration(59.6)).toBe('1 min');
    expect(duration(125)).toBe('2 min 5 s');
    expect(duration(180)).toBe('3 min');
  });
});

describe('mastery', () => {
  it('says "not started" for an area never practised, never 0%', () => {
    const [fresh, zero] = masteryRows([area('rl'), area('vision', { mastery: 0, recall: 0.2, coverage: 0, practised: 1, attempts: 1 })]);
    expect(fresh).toMatchObject({ started: false, label: 'not started', mastery: null, recall: '—', coverage: '—', practised: '0 of 24' });
    expect(zero).toMatchObject({ started: true, label: '0%', recall: '20%', coverage: '0%', practised: '1 of 24', attempts: 1 });
  });

  it('summarises the chart in one sentence', () => {
    const rows = masteryRows([area('rl'), area('evaluation', { mastery: 0.31, practised: 3 }), area('mlops', { mastery: 0.12, practised: 1 })]);
    expect(masterySummary(rows)).toBe('Mastery by area: 2 areas started, highest Evaluation, validation & metrics at 31%; 1 area not started.');
    expect(masterySummary(masteryRows([area('rl')]))).toBe('Mastery by area: none of the 1 areas started yet.');
  });
});

describe('weekly trends', () => {
  const weeks: DashboardView['weeks'] = [
    { week: '2026-02-23', attempts: 1, meanCoverage: 0.5, meanAnswerSec: 90 },
    { week: '2026-03-02', attempts: 6, meanCoverage: 0.625, meanAnswerSec: 125.4 },
    { week: '2026-03-09', attempts: 0, meanCoverage: null, meanAnswerSec: null },
    { week: '2026-03-16', attempts: 3, meanCoverage: 0.75, meanAnswerSec: 100 },
  ];

  it('makes one table row per week, with a dash for a week without practice', () => {
    expect(weekRows(weeks)).toEqual([
      { week: '2026-02-23', label: 'Feb 23', attempts: 1, coverage: '50%', answer: '1 min 30 s' },
      { week: '2026-03-02', label: 'Mar 2', attempts: 6, coverage: '63%', answer: '2 min 5 s' },
      { week: '2026-03-09', label: 'Mar 9', attempts: 0, coverage: '—', answer: '—' },
      { week: '2026-03-16', label: 'Mar 16', attempts: 3, coverage: '75%', answer: '1 min 40 s' },
    ]);
  });

  it('summarises each chart for its aria-label', () => {
    expect(trendSummary(weeks, 'attempts')).toBe('Attempts per week over 4 weeks from the week of Feb 23, 2026: 10 attempts in all, this week 3.');
    expect(trendSummary(weeks, 'coverage')).toBe(
      'Mean checklist coverage per week over 4 weeks from the week of Feb 23, 2026: 50% in the week of Feb 23, 2026, 75% in the week of Mar 16, 2026.',
    );
    expect(trendSummary(weeks.slice(2, 3), 'answer')).toBe('Mean answer time per week: no attempts yet.');
    expect(trendSummary(weeks.slice(0, 1), 'answer')).toBe('Mean answer time per week: 1 min 30 s in the week of Feb 23, 2026.');
  });

  it('labels as many weeks as fit, always including the latest', () => {
    const labels = Array.from({ length: 52 }, (_, i) => `w${i}`);
    expect(tickWeeks(labels.slice(0, 4), 600)).toEqual(['w0', 'w1', 'w2', 'w3']);
    const few = tickWeeks(labels, 300);
    expect(few.length).toBeLessThanOrEqual(5);
    expect(few.at(-1)).toBe('w51');
    expect(tickWeeks([], 300)).toEqual([]);
  });

  it('puts answer time in seconds under two minutes and in minutes above, with room over the top point', () => {
    expect(answerAxis(0)).toEqual({ unit: 's', top: 60, ticks: [0, 30, 60] });
    const short = answerAxis(95);
    expect(short.unit).toBe('s');
    expect(short.top).toBeGreaterThanOrEqual(95);
    expect(short.ticks[0]).toBe(0);
    expect(short.ticks.at(-1)).toBe(short.top);
    const long = answerAxis(7.5 * 60);
    expect(long.unit).toBe('min');
    expect(long.top).toBeGreaterThanOrEqual(450);
    expect(long.ticks.map((t) => answerTick(t, 'min'))).toEqual(['0 min', '2 min', '4 min', '6 min', '8 min']);
    expect(answerTick(30, 's')).toBe('30 s');
  });
});

describe('practice calendar', () => {
  it('lays out the 365 days ending today, with 0 where nothing was practised', () => {
    const cells = calendarDays(
      [
        { day: '2025-03-19', attempts: 2 },
        { day: '2026-03-08', attempts: 1 },
      ],
      '2026-03-18',
    );
    expect(cells).toHaveLength(365);
    expect(cells[0]).toMatchObject({ day: '2025-03-19', attempts: 2 });
    expect(cells.at(-1)).toMatchObject({ day: '2026-03-18', attempts: 0 });
    expect(cells.find((c) => c.day === '2026-03-08')?.attempts).toBe(1);
    expect(cells.reduce((n, c) => n + c.attempts, 0)).toBe(3);
  });

  it('hands the heatmap local noon of each day, so a daylight-saving change cannot move a square', () => {
    const d = localNoon('2026-03-29');
    expect([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours()]).toEqual([2026, 2, 29, 12]);
  });

  it('shades by fixed steps of attempts', () => {
    expect([0, 1, 2, 3, 4, 6, 7, 30].map(heatLevel)).toEqual([0, 1, 2, 2, 3, 3, 4, 4]);
  });

  it('titles every day and summarises the year', () => {
    expect(dayTitle('2026-03-08', 1)).toBe('Sun, Mar 8, 2026: 1 attempt');
    expect(dayTitle('2026-03-09', 0)).toBe('Mon, Mar 9, 2026: no practice');
    expect(calendarSummary([])).toBe('Practice calendar of the last 365 days: no practice yet.');
    expect(
      calendarSummary([
        { day: '2026-03-03', attempts: 2 },
        { day: '2026-03-04', attempts: 1 },
      ]),
    ).toBe('Practice calendar of the last 365 days: 2 practice days, 3 attempts; the most on Mar 3, 2026 (2).');
  });
});

describe('weak concepts', () => {
  it('states the rule from WEAK_RULES', () => {
    expect(WEAK_RULE_SENTENCE).toBe('A concept is called weak after at least 4 checks from at least 2 different questions, with half or more of them missed.');
  });

  it('writes the figures as misses of checks across questions', () => {
    expect(weakFigures({ misses: 5, evidence: 8, missRate: 5 / 8, questions: 3 })).toBe('missed 5 of 8 checks (63%) across 3 questions');
    expect(weakFigures({ misses: 1, evidence: 1, missRate: 1, questions: 1 })).toBe('missed 1 of 1 check (100%) across 1 question');
  });

  it('groups by home area in the order of AREAS, keeping the order within an area', () => {
    const groups = groupByArea([concept('b', 'mlops'), concept('a', 'fundamentals'), concept('c', 'mlops')]);
    expect(groups.map((g) => [g.area, g.title, g.concepts.map((c) => c.id)])).toEqual([
      ['fundamentals', 'ML fundamentals & model selection', ['a']],
      ['mlops', 'Production ML & MLOps', ['b', 'c']],
    ]);
  });

  it('shows a prompt opening as plain text, with an ellipsis when it was cut', () => {
    expect(plainPrompt('Explain **PR-AUC** vs `ROC-AUC`\n\n- for [rare](https://x.example) positives')).toBe('Explain PR-AUC vs ROC-AUC - for rare positives');
    expect(plainPrompt(`${'word '.repeat(32)}`)).toMatch(/word…$/);
    expect(plainPrompt('Keep max_depth as is.')).toBe('Keep max_depth as is.');
  });
});

describe('empty', () => {
  it('is empty only before the first graded attempt', () => {
    const totals = { attempts: 0, questions: 0, practiceDays: 0, answerMinutes: 0 };
    const view = { day: '2026-03-18', areas: [], weeks: [], days: [], streak: null, totals, weakConcepts: [] } satisfies DashboardView;
    expect(isEmpty(view)).toBe(true);
    expect(isEmpty({ ...view, totals: { ...totals, attempts: 1 } })).toBe(false);
  });
});
