/**
 * The learning loop through the services, on a manual clock: cards from graded attempts, grade edits, skips, the
 * daily cap and backlog, local days across a time-zone change, the interview date, weak concepts and search.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiArg, ServiceApi } from '../../shared/api';
import { CONCEPTS } from '../../shared/concepts';
import { AREA_IDS } from '../../shared/areas';
import { replayCards } from '../../electron/db/cards';
import { manualClock } from '../../electron/services/clock';
import { createServices } from '../../electron/services/index';
import { parseCall } from '../../electron/services/dispatch';
import { ftsQuery } from '../../electron/services/history';
import { pack, question } from '../fixtures/packs';
import { tempDir } from './helpers';

const GOOD = { clarity: 3, judgment: 3, constraints: 3, communication: 3 };
const POOR = { clarity: 1, judgment: 1, constraints: 1, communication: 1 };
const [C1, C2] = [CONCEPTS[0]!.id, CONCEPTS[1]!.id];

/** A pack of `n` questions per area given, each with three items; the first two name concepts C1 and C2. */
function learningPack(n: number, areas: string[] = ['evaluation']) {
  const qs = areas.flatMap((area) =>
    Array.from({ length: n }, (_, i) =>
      question(`${area}-q${i + 1}`, area, {
        checklist: [
          { id: 'a', text: 'Makes point a', keywords: ['alpha'], concepts: [C1] },
          { id: 'b', text: 'Makes point b', keywords: ['beta'], concepts: [C2] },
          { id: 'c', text: 'Makes point c', keywords: ['gamma'] },
        ],
      }),
    ),
  );
  return pack({ id: 'learn' }, qs);
}

function setup(p = learningPack(6), start = '2026-03-02T10:00:00Z', offsetMin = 0) {
  const bankDir = tempDir();
  fs.writeFileSync(path.join(bankDir, 'learn.drillpack.json'), JSON.stringify(p));
  const dataDir = tempDir();
  const clock = manualClock(start, offsetMin);
  const services = createServices({ dataDir, bankDir, clock });
  return { api: services.api, services, clock, dataDir, bankDir };
}

/** Answers one question in a drill of just that question; returns the attempt id. */
function answer(api: ServiceApi, id: string, ticked: string[], ratings = GOOD, extra: Partial<ApiArg<'saveAttempt'>> = {}) {
  const s = api.startSession({ areas: [...AREA_IDS], level: 'any', count: 1, only: [{ packId: 'learn', id }] });
  return api.saveAttempt({ sessionId: s.id, position: 0, revision: 0, answer: `answer to ${id}`, answerMs: 60_000, ticked, suggested: [], ratings, note: '', ...extra }).attemptId;
}

const DAY = 86_400_000;

describe('cards from graded attempts', () => {
  it('a low-coverage attempt is Again and comes back tomorrow; a full one is spaced out', () => {
    const { api, clock } = setup();
    answer(api, 'evaluation-q1', ['c']);
    answer(api, 'evaluation-q2', ['a', 'b', 'c']);
    const h1 = api.getQuestionHistory({ packId: 'learn', id: 'evaluation-q1' });
    expect(h1.entries[0]).toMatchObject({ kind: 'attempt', grade: 'again', gradeDecidedBy: 'coverage', coverage: 1 / 3 });
    expect(h1.card).toMatchObject({ nextDue: '2026-03-03', reps: 1 });
    const h2 = api.getQuestionHistory({ packId: 'learn', id: 'evaluation-q2' });
    expect(h2.entries[0]).toMatchObject({ grade: 'good' });
    expect(h2.card!.nextDue > '2026-03-04').toBe(true);
    expect(api.getHome({}).today.dueToday).toBe(0);
    clock.advance(DAY);
    const home = api.getHome({});
    expect(home.today).toMatchObject({ day: '2026-03-03', dueToday: 1, dueByArea: { evaluation: 1 } });
    expect(home.today.next).toMatchObject({ focus: 'due', count: 1 });
    const drill = api.startSession({ areas: [...AREA_IDS], level: 'any', count: 5, focus: 'due' });
    expect(drill.questions.map((q) => q.id)).toEqual(['evaluation-q1']);
  });

  it('editing a grade recomputes coverage and the card, and keeps the edit', () => {
    const { api, services } = setup();
    const id = answer(api, 'evaluation-q1', ['c'], POOR);
    const before = api.getQuestionHistory({ packId: 'learn', id: 'evaluation-q1' });
    expect(before.entries[0]).toMatchObject({ grade: 'again', editedAt: null });
    const edited = api.editAttempt({ attemptId: id, ticked: ['a', 'b', 'c'], ratings: { clarity: 4, judgment: 4, constraints: 4, communication: 4 }, note: 'I did cover it' });
    expect(edited).toMatchObject({ coverage: 1, itemsTicked: 3, grade: 'easy', note: 'I did cover it' });
    expect(edited.editedAt).not.toBeNull();
    const after = api.getQuestionHistory({ packId: 'learn', id: 'evaluation-q1' });
    expect(after.card!.nextDue > before.card!.nextDue).toBe(true);
    expect(after.card!.stability).toBeGreaterThan(before.card!.stability);
    const row = services.db.prepare('SELECT last_grade, last_coverage, graded FROM cards').get();
    expect(row).toEqual({ last_grade: 'easy', last_coverage: 1, graded: 1 });
    expect(() => api.editAttempt({ attemptId: id, ticked: ['zzz'], ratings: GOOD, note: '' })).toThrow(/"zzz" was not part of attempt/);
    expect(() => api.editAttempt({ attemptId: 9999, ticked: [], ratings: GOOD, note: '' })).toThrow(/Attempt 9999/);
  });

  it('a skip leaves the memory state alone but buries a due card until tomorrow', () => {
    const { api, clock, services } = setup();
    answer(api, 'evaluation-q1', ['c']);
    const card = () => services.db.prepare('SELECT stability, reps, buried_until_day FROM cards').get() as { stability: number; reps: number; buried_until_day: number | null };
    const memory = card();
    clock.advance(DAY);
    const s = api.startSession({ areas: ['evaluation'], level: 'any', count: 1, focus: 'due' });
    api.skipQuestion({ sessionId: s.id, position: 0, revision: 0 });
    expect(card()).toMatchObject({ stability: memory.stability, reps: memory.reps });
    expect(api.getHome({}).today.dueToday).toBe(0);
    const history = api.getQuestionHistory({ packId: 'learn', id: 'evaluation-q1' });
    expect(history.entries.map((e) => e.kind)).toEqual(['skip', 'attempt']);
    expect(history.card!.buriedUntil).toBe('2026-03-04');
    clock.advance(DAY);
    expect(api.getHome({}).today.dueToday).toBe(1);
  });
});

describe('the daily cap and a backlog after a break', () => {
  it('shows at most the cap, spreads the rest, and a day of reviews clears that day', () => {
    const { api, clock } = setup(learningPack(12, ['evaluation', 'fundamentals', 'rl']));
    api.updateSettings({ maxReviewsPerDay: 10 });
    for (const area of ['evaluation', 'fundamentals', 'rl']) for (let i = 1; i <= 12; i++) answer(api, `${area}-q${i}`, ['a', 'b', 'c']);
    clock.advance(120 * DAY);
    const home = api.getHome({});
    expect(home.today).toMatchObject({ dueToday: 10, backlog: 26, backlogDays: 3 });
    expect(Object.values(home.today.dueByArea).reduce((a, b) => a + b, 0)).toBe(10);
    const s = api.startSession({ areas: [...AREA_IDS], level: 'any', count: 50, focus: 'due' });
    expect(s.questions).toHaveLength(10);
    for (let i = 0; i < 10; i++) api.saveAttempt({ sessionId: s.id, position: i, revision: 0, answer: '', answerMs: 1000, ticked: ['a', 'b', 'c'], suggested: [], ratings: GOOD, note: '' });
    expect(api.getHome({}).today).toMatchObject({ dueToday: 0, reviewsDone: 10, backlog: 26 });
    clock.advance(DAY);
    expect(api.getHome({}).today).toMatchObject({ dueToday: 10, backlog: 16 });
  });
});

describe('local days', () => {
  it('follow the zone an attempt was made in, across a flight, and the start-of-day hour', () => {
    // 02:30 in Tokyo (UTC+9) on 3 March: before the 4:00 start of day, so it counts for 2 March.
    const { api, clock } = setup(learningPack(3), '2026-03-02T17:30:00Z', 540);
    answer(api, 'evaluation-q1', ['a', 'b', 'c']);
    const day = () => api.getQuestionHistory({ packId: 'learn', id: 'evaluation-q1' }).entries[0]!.day;
    expect(day()).toBe('2026-03-02');
    expect(api.getHome({}).today.day).toBe('2026-03-02');
    // Fly to Los Angeles (UTC-8): the past attempt keeps its day; today follows the new zone.
    clock.setOffset(-480);
    clock.advance(14 * 3_600_000); // 07:30Z on 3 March = 23:30 on 2 March in LA
    expect(day()).toBe('2026-03-02');
    expect(api.getHome({}).today.day).toBe('2026-03-02');
    clock.advance(6 * 3_600_000); // 05:30 on 3 March in LA
    expect(api.getHome({}).today.day).toBe('2026-03-03');
    // With the day starting at midnight the attempt was on 3 March, Tokyo time; the card is replayed.
    api.updateSettings({ dayStartHour: 0 });
    expect(day()).toBe('2026-03-03');
    expect(api.getDashboard({}).days).toEqual([{ day: '2026-03-03', attempts: 1 }]);
  });
});

describe('mastery and the next action', () => {
  it('reads not started until practised, then shows the figures behind it', () => {
    const { api } = setup(learningPack(4, ['evaluation', 'rl']));
    let home = api.getHome({});
    expect(home.areas.every((a) => a.mastery.mastery === null)).toBe(true);
    expect(home.today.next).toMatchObject({ focus: 'new', label: 'Start your first drill' });
    answer(api, 'evaluation-q1', ['a', 'b']);
    home = api.getHome({});
    const evaluation = home.areas.find((a) => a.id === 'evaluation')!;
    expect(evaluation.mastery).toMatchObject({ breadth: 0.25, breadthTarget: 4, coverage: 2 / 3 });
    expect(evaluation.mastery.mastery).toBeCloseTo(0.25 * (0.6 * evaluation.mastery.recall! + 0.4 * (2 / 3)));
    expect(home.areas.find((a) => a.id === 'rl')!.mastery.mastery).toBeNull();
    expect(home.today.next).toMatchObject({ focus: 'new' });
    const report = api.getProgress({});
    expect(report.areas.find((a) => a.id === 'evaluation')).toMatchObject({ mastery: evaluation.mastery.mastery, practised: 1, available: 4 });
  });

  it('the weakest focus drills the three areas of lowest mastery among those chosen', () => {
    const { api } = setup(learningPack(3, ['evaluation', 'rl', 'vision', 'scale']));
    answer(api, 'evaluation-q1', ['a', 'b', 'c']);
    answer(api, 'rl-q1', ['a']);
    answer(api, 'vision-q1', ['a', 'b']);
    answer(api, 'scale-q1', ['a', 'b', 'c']);
    const s = api.startSession({ areas: ['evaluation', 'rl', 'vision', 'scale'], level: 'any', count: 20, focus: 'weakest' });
    expect(new Set(s.questions.map((q) => q.area))).toEqual(new Set(['rl', 'vision', expect.stringMatching(/evaluation|scale/)]));
    expect(s.questions.map((q) => q.area)).not.toContain(undefined);
  });

  it('the new focus drills only unpractised questions; a custom mix narrows by concept', () => {
    const p = learningPack(3, ['evaluation']);
    p.questions.push(question('plain', 'evaluation', { kind: 'behavioral' }) as never);
    const { api } = setup(p);
    answer(api, 'evaluation-q1', ['a']);
    const fresh = api.startSession({ areas: ['evaluation'], level: 'any', count: 10, focus: 'new' });
    expect(fresh.questions.map((q) => q.id).sort()).toEqual(['evaluation-q2', 'evaluation-q3', 'plain']);
    const byConcept = api.startSession({ areas: ['evaluation'], level: 'any', count: 10, filter: { concepts: [C1] } });
    expect(byConcept.questions.map((q) => q.id).sort()).toEqual(['evaluation-q1', 'evaluation-q2', 'evaluation-q3']);
    const byKind = api.startSession({ areas: ['evaluation'], level: 'any', count: 10, filter: { kinds: ['behavioral'] } });
    expect(byKind.questions.map((q) => q.id)).toEqual(['plain']);
    expect(() => api.startSession({ areas: ['evaluation'], level: 'any', count: 10, focus: 'due' })).toThrow(/Nothing is due today/);
  });
});

describe('the interview date', () => {
  it('pulls practised questions before the date, paces new ones and names the areas at risk', () => {
    const { api, clock } = setup(learningPack(10, ['evaluation', 'rl']));
    for (let i = 1; i <= 3; i++) answer(api, `evaluation-q${i}`, ['a', 'b', 'c'], { clarity: 4, judgment: 4, constraints: 4, communication: 4 }, { answerMs: 1000 });
    const dueWithout = api.getQuestionHistory({ packId: 'learn', id: 'evaluation-q1' }).card!.nextDue;
    api.updateSettings({ interviewDate: '2026-03-06', interviewAreas: ['evaluation', 'rl'], newPerDay: 2 });
    const home = api.getHome({});
    expect(home.interview).toMatchObject({ date: '2026-03-06', daysLeft: 4, unseen: 17 });
    expect(home.interview!.atRisk).toEqual([{ area: 'evaluation', reason: 'low-mastery' }, { area: 'rl', reason: 'not-started' }]);
    // 17 unseen over 4 days: 5 a day (more than the setting's 2), of which 3 were learnt today.
    expect(home.today).toMatchObject({ newPace: 5, newDone: 3, newLeft: 2 });
    const due = api.getQuestionHistory({ packId: 'learn', id: 'evaluation-q1' }).card!.nextDue;
    expect(dueWithout >= '2026-03-06').toBe(true);
    expect(due <= '2026-03-05').toBe(true);
    clock.set('2026-03-05T10:00:00Z');
    expect(api.getHome({}).today.dueToday).toBe(3);
    api.updateSettings({ interviewDate: null });
    expect(api.getHome({}).interview).toBeNull();
    const bad = parseCall('browser', 'updateSettings', { interviewDate: '2026-02-30' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(JSON.stringify(bad)).toContain('interviewDate: must be a date, YYYY-MM-DD');
  });
});

describe('weak concepts', () => {
  it('are called weak only with enough evidence, with the questions and days as evidence', () => {
    const { api, clock } = setup(learningPack(4));
    // C1 missed in three answers on three questions; C2 ticked every time.
    answer(api, 'evaluation-q1', ['b', 'c']);
    clock.advance(DAY);
    answer(api, 'evaluation-q2', ['b']);
    expect(api.getProgress({}).weakConcepts).toEqual([]); // 2 checks: not enough evidence yet
    answer(api, 'evaluation-q3', ['b', 'c']);
    answer(api, 'evaluation-q4', ['a', 'b']);
    const report = api.getProgress({});
    expect(report.weakConcepts).toEqual([{ id: C1, area: CONCEPTS[0]!.area, missRate: 0.75, evidence: 4 }]);
    const weak = api.getDashboard({}).weakConcepts[0]!;
    expect(weak).toMatchObject({ id: C1, title: CONCEPTS[0]!.title, misses: 3, questions: 4 });
    expect(weak.recent.map((e) => [e.questionId, e.day, e.ticked])).toEqual([
      ['evaluation-q4', '2026-03-03', true],
      ['evaluation-q3', '2026-03-03', false],
      ['evaluation-q2', '2026-03-03', false],
      ['evaluation-q1', '2026-03-02', false],
    ]);
    expect(api.getHome({}).weakConcepts.map((w) => w.id)).toEqual([C1]);
    // Correcting a grade changes the evidence.
    const id = api.getQuestionHistory({ packId: 'learn', id: 'evaluation-q1' }).entries[0]!;
    api.editAttempt({ attemptId: (id as { attemptId: number }).attemptId, ticked: ['a', 'b', 'c'], ratings: GOOD, note: '' });
    api.editAttempt({
      attemptId: (api.getQuestionHistory({ packId: 'learn', id: 'evaluation-q2' }).entries[0] as { attemptId: number }).attemptId,
      ticked: ['a', 'b'],
      ratings: GOOD,
      note: '',
    });
    expect(api.getProgress({}).weakConcepts).toEqual([]);
  });
});

describe('search over past answers and notes', () => {
  it('finds words in answers and notes, marks them, and reads any input as words, never as query syntax', () => {
    const { api } = setup();
    answer(api, 'evaluation-q1', ['a'], GOOD, { answer: 'Use isotonic regression to calibrate the scores before thresholding.' });
    answer(api, 'evaluation-q2', ['a'], GOOD, { answer: 'Plain answer.', note: 'Remember isotonic next time' });
    const hits = api.searchAnswers({ query: 'isoton' });
    expect(hits.map((h) => [h.questionId, h.field])).toEqual(expect.arrayContaining([['evaluation-q1', 'answer'], ['evaluation-q2', 'note']]));
    const first = hits.find((h) => h.questionId === 'evaluation-q1')!;
    expect(first.snippet.filter((p) => p.mark).map((p) => p.text)).toEqual(['isotonic']);
    expect(first.snippet.map((p) => p.text).join('')).toContain('regression to calibrate');
    for (const hostile of ['"', 'NEAR(a b', '*', 'a OR', ')', 'col:x', '^', '-', "'; DROP TABLE attempts; --", '\u0001\u0002', '']) {
      expect(() => api.searchAnswers({ query: hostile })).not.toThrow();
    }
    expect(ftsQuery('  ')).toBeNull();
    expect(ftsQuery('a "b" c*')).toBe('"a"* "b"* "c*"*');
    expect(api.searchAnswers({ query: 'nothing-like-this' })).toEqual([]);
  });
});

describe('browse', () => {
  it('lists every question on offer with its status and narrows by status', () => {
    const { api, clock } = setup(learningPack(3));
    answer(api, 'evaluation-q1', ['c']);
    answer(api, 'evaluation-q2', ['a', 'b', 'c']);
    clock.advance(DAY);
    const all = api.browseQuestions({ where: {} });
    expect(Object.fromEntries(all.map((q) => [q.id, q.status]))).toEqual({ 'evaluation-q1': 'due', 'evaluation-q2': 'learning', 'evaluation-q3': 'new' });
    expect(all.find((q) => q.id === 'evaluation-q3')).toMatchObject({ attempts: 0, lastPractised: null, nextDue: null, recall: null });
    expect(api.browseQuestions({ where: {}, status: ['new', 'due'] }).map((q) => q.id)).toEqual(['evaluation-q1', 'evaluation-q3']);
    expect(api.browseQuestions({ where: { concepts: [C2] } })).toHaveLength(3);
  });
});

describe('eight simulated weeks of daily reviews', () => {
  it('spaces out what is known, keeps bringing back what is missed, and never offers more than is due', () => {
    const { api, clock, services } = setup(learningPack(10, ['evaluation', 'rl']));
    // Day 0: learn all twenty; evaluation answers cover everything, rl answers miss most of the checklist.
    for (const area of ['evaluation', 'rl']) for (let i = 1; i <= 10; i++) answer(api, `${area}-q${i}`, area === 'rl' ? ['c'] : ['a', 'b', 'c']);
    const seen = new Map<string, number>();
    for (let day = 1; day <= 56; day++) {
      clock.advance(DAY);
      const home = api.getHome({});
      // Day 0 is local day 20514 (2026-03-02); nothing is buried in this run.
      const dueNow = services.db.prepare('SELECT COUNT(*) AS n FROM cards WHERE due_day <= ?').get(20_514 + day) as { n: number };
      expect(home.today.dueToday).toBe(Math.min(30, dueNow.n));
      if (home.today.dueToday === 0) continue;
      const s = api.startSession({ areas: [...AREA_IDS], level: 'any', count: 50, focus: 'due' });
      expect(s.questions).toHaveLength(home.today.dueToday);
      s.questions.forEach((q, i) => {
        seen.set(q.id, (seen.get(q.id) ?? 0) + 1);
        api.saveAttempt({ sessionId: s.id, position: i, revision: 0, answer: '', answerMs: 30_000, ticked: q.area === 'rl' ? ['c'] : ['a', 'b', 'c'], suggested: [], ratings: GOOD, note: '' });
      });
      expect(api.getHome({}).today.dueToday).toBe(0);
    }
    const reviews = (id: string) => seen.get(id) ?? 0;
    // Missed every time: back (almost) every day. Known: a handful of reviews with growing gaps.
    for (let i = 1; i <= 10; i++) {
      expect(reviews(`rl-q${i}`)).toBeGreaterThanOrEqual(40);
      expect(reviews(`evaluation-q${i}`)).toBeGreaterThanOrEqual(2);
      expect(reviews(`evaluation-q${i}`)).toBeLessThanOrEqual(7);
    }
    const evaluation = api.getQuestionHistory({ packId: 'learn', id: 'evaluation-q1' });
    expect(evaluation.card!.stability).toBeGreaterThan(30);
    expect(evaluation.status).toBe('mastered');
    const rl = api.getQuestionHistory({ packId: 'learn', id: 'rl-q1' });
    expect(rl.card!.stability).toBeLessThan(2);
    const areas = Object.fromEntries(api.getHome({}).areas.map((a) => [a.id, a.mastery.mastery]));
    expect(areas.evaluation!).toBeGreaterThan(areas.rl!);
  });
});

describe('the dashboard', () => {
  it('covers the whole last 365 days in the calendar, 52 weeks in the trends, and every day in the totals', () => {
    const { api, clock } = setup(learningPack(4));
    clock.set('2025-03-03T10:00:00Z'); // 364 days before 2026-03-02
    answer(api, 'evaluation-q1', ['a']);
    clock.set('2025-03-01T10:00:00Z'); // 366 days before: out of the calendar, still counted
    answer(api, 'evaluation-q2', ['a', 'b']);
    clock.set('2026-03-02T10:00:00Z');
    answer(api, 'evaluation-q3', ['a', 'b', 'c']);
    const d = api.getDashboard({});
    expect(d.days).toEqual([
      { day: '2025-03-03', attempts: 1 },
      { day: '2026-03-02', attempts: 1 },
    ]);
    expect(d.weeks).toHaveLength(52);
    expect(d.weeks[0]!.week).toBe('2025-03-10');
    expect(d.weeks.at(-1)).toMatchObject({ week: '2026-03-02', attempts: 1, meanCoverage: 1 });
    expect(d.totals).toMatchObject({ attempts: 3, questions: 3, practiceDays: 3 });
    expect(d.streak).toEqual({ current: 1, longest: 1 });
  });
});

describe('adding a review to a card', () => {
  it('gives exactly the card a full replay of the history gives', () => {
    const { api, clock, services } = setup(learningPack(2));
    const ticks = [['c'], ['a', 'b', 'c'], ['a', 'b'], ['a', 'b', 'c'], ['a'], ['a', 'b', 'c']];
    for (const t of ticks) {
      answer(api, 'evaluation-q1', t);
      clock.advance(3 * DAY + 3_600_000);
    }
    const card = () => services.db.prepare('SELECT * FROM cards').all();
    const incremental = card();
    replayCards(services.db);
    expect(card()).toEqual(incremental);
  });
});
