/** The learning loop's pure rules: days, the grade mapping, mastery, the schedule and weak concepts. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cardClock, DAY_MS, dayLabel, dayOfLabel, localDay, weekStart } from '../../shared/learning/days';
import { newCard, retrievability, review } from '../../shared/learning/fsrs';
import { GRADE_RULES, GRADES, gradeAttempt, type Grade } from '../../shared/learning/grading';
import { mastery } from '../../shared/learning/mastery';
import { areaRisk, effectiveDueDay, newPace, planDue, questionStatus, type CardInfo } from '../../shared/learning/schedule';
import { tallyConcepts, WEAK_RULES } from '../../shared/learning/weak-concepts';

const all = (n: number) => ({ clarity: n, judgment: n, constraints: n, communication: n });
const graded = (coverage: number, rating = 4, answerMs = 10_000, timeLimitSec = 300) => gradeAttempt({ coverage, ratings: all(rating), answerMs, timeLimitSec }).grade;

describe('local days', () => {
  it('a day starts at the start-of-day hour in the zone the attempt was made in', () => {
    // 02:30 in Berlin (UTC+1) on 10 March is still 9 March with the day starting at 4:00.
    const t = Date.parse('2026-03-10T01:30:00Z');
    expect(dayLabel(localDay(t, 60, 4))).toBe('2026-03-09');
    expect(dayLabel(localDay(t, 60, 0))).toBe('2026-03-10');
    // The same instant in New York (UTC-5) is 20:30 on 9 March.
    expect(dayLabel(localDay(t, -300, 4))).toBe('2026-03-09');
    // 04:00 sharp local starts the new day.
    expect(dayLabel(localDay(Date.parse('2026-03-10T03:00:00Z'), 60, 4))).toBe('2026-03-10');
    expect(dayLabel(localDay(Date.parse('2026-03-10T02:59:59Z'), 60, 4))).toBe('2026-03-09');
  });

  it('an instant keeps its local day after a flight: the offset it was made with is stored, not the current one', () => {
    const evening = Date.parse('2026-06-01T20:00:00Z');
    // Made in Tokyo (UTC+9) it was 05:00 on 2 June; read later in Los Angeles (UTC-7) the stored offset still says so.
    expect(dayLabel(localDay(evening, 540, 4))).toBe('2026-06-02');
    expect(dayLabel(localDay(evening, -420, 4))).toBe('2026-06-01');
  });

  it('labels round-trip, impossible dates are refused, weeks start on Monday', () => {
    expect(dayOfLabel('2026-02-29')).toBeNull();
    expect(dayOfLabel('2026-13-01')).toBeNull();
    expect(dayOfLabel('26-01-01')).toBeNull();
    fc.assert(fc.property(fc.integer({ min: 0, max: 60_000 }), (d) => dayOfLabel(dayLabel(d)) === d));
    expect(dayLabel(weekStart(dayOfLabel('2026-12-06')!))).toBe('2026-11-30'); // a Sunday → the Monday before
    expect(dayLabel(weekStart(dayOfLabel('2026-11-30')!))).toBe('2026-11-30');
  });

  it('the card clock puts UTC midnight at the local start of day, which is how ts-fsrs counts days', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4e12 }), fc.integer({ min: -720, max: 840 }), fc.integer({ min: 0, max: 23 }), (ms, offset, hour) => {
        return Math.floor(cardClock(ms, offset, hour) / DAY_MS) === localDay(ms, offset, hour);
      }),
    );
  });
});

describe('from a grade to an FSRS rating', () => {
  it('low coverage is Again whatever the ratings and the time, since FSRS counts Hard as a recall', () => {
    expect(graded(0)).toBe('again');
    expect(graded(0.49)).toBe('again');
    expect(graded(0.499999, 4, 1)).toBe('again');
    expect(graded(GRADE_RULES.coverage.again)).toBe('hard');
  });

  it('coverage sets the base at each threshold edge', () => {
    expect(graded(0.5)).toBe('hard');
    expect(graded(0.69)).toBe('hard');
    expect(graded(0.7)).toBe('good');
    expect(graded(0.89)).toBe('good');
    expect(graded(0.9)).toBe('easy');
    expect(graded(1)).toBe('easy');
  });

  it('the mean self-rating caps it: below 1.5 Again, below 2.5 Hard, below 3.5 Good', () => {
    expect(gradeAttempt({ coverage: 1, ratings: { clarity: 1, judgment: 2, constraints: 1, communication: 1 }, answerMs: 1, timeLimitSec: 60 })).toEqual({
      grade: 'again',
      decidedBy: 'ratings',
    });
    expect(graded(1, 1.5)).toBe('hard'); // mean exactly 1.5
    expect(graded(1, 2)).toBe('hard');
    expect(graded(1, 2.5)).toBe('good');
    expect(graded(1, 3)).toBe('good');
    expect(graded(1, 3.5)).toBe('easy');
  });

  it('time caps it: over the limit at most Hard, over three quarters at most Good', () => {
    expect(gradeAttempt({ coverage: 1, ratings: all(4), answerMs: 300_001, timeLimitSec: 300 })).toEqual({ grade: 'hard', decidedBy: 'time' });
    expect(graded(1, 4, 300_000, 300)).toBe('good'); // exactly the limit is not over it
    expect(graded(1, 4, 225_001, 300)).toBe('good');
    expect(graded(1, 4, 225_000, 300)).toBe('easy');
    // Running over never turns a failure into a pass.
    expect(graded(0.2, 4, 999_999, 300)).toBe('again');
  });

  it('is monotone: more coverage, better ratings or less time never lower the grade', () => {
    const rank = (g: Grade) => GRADES.indexOf(g);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 600_000 }), (a, b, r, t) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        return rank(graded(lo, r, t)) <= rank(graded(hi, r, t)) && rank(graded(hi, r, t + 100_000)) <= rank(graded(hi, r, t));
      }),
    );
  });
});

describe('ts-fsrs through the adapter, on a fake clock over simulated weeks', () => {
  const day0 = Date.parse('2026-01-05T00:00:00Z');
  const at = (d: number, h = 10) => day0 + d * DAY_MS + h * 3_600_000;

  it('good answers stretch the interval; a lapse shortens it and counts', () => {
    let card = newCard(at(0));
    const intervals: number[] = [];
    let day = 0;
    for (let i = 0; i < 5; i++) {
      card = review(card, at(day), 'good');
      const next = Math.floor(card.dueMs / DAY_MS) - Math.floor(at(day) / DAY_MS);
      intervals.push(next);
      day += next;
    }
    for (let i = 1; i < intervals.length; i++) expect(intervals[i]).toBeGreaterThan(intervals[i - 1]!);
    const before = card.stability;
    const lapsed = review(card, at(day), 'again');
    expect(lapsed.lapses).toBe(1);
    expect(lapsed.stability).toBeLessThan(before);
    expect(Math.floor(lapsed.dueMs / DAY_MS) - Math.floor(at(day) / DAY_MS)).toBeLessThan(intervals.at(-1)!);
  });

  it('counts whole days only: a second review the same day moves the due day by whole days', () => {
    const card = review(newCard(at(0)), at(0, 9), 'hard');
    expect(card.dueMs % DAY_MS).toBe(at(0, 9) % DAY_MS);
    expect(card.state).toBe('review');
  });

  it('recall falls as days pass and is near the target retention on the due day', () => {
    const card = review(review(newCard(at(0)), at(0), 'good'), at(3), 'good');
    const due = card.dueMs;
    expect(retrievability(card, at(3))).toBeGreaterThan(0.99);
    expect(retrievability(card, due)).toBeGreaterThan(0.85);
    expect(retrievability(card, due)).toBeLessThan(0.95);
    expect(retrievability(card, due + 60 * DAY_MS)).toBeLessThan(retrievability(card, due));
    expect(retrievability(newCard(at(0)), at(5))).toBe(0);
  });

  it('Easy schedules further out than Good, Good than Hard, Hard than Again', () => {
    const start = newCard(at(0));
    const due = (g: Grade) => review(start, at(0), g).dueMs;
    expect(due('again')).toBeLessThan(due('hard'));
    expect(due('hard')).toBeLessThan(due('good'));
    expect(due('good')).toBeLessThan(due('easy'));
  });
});

describe('mastery', () => {
  it('is null (not started) with nothing practised, never 0 or 1', () => {
    expect(mastery({ recalls: [], latestCoverages: [], practised: 0, available: 24 })).toMatchObject({ mastery: null, breadth: 0 });
  });

  it('combines recall, recent coverage and breadth as documented', () => {
    const m = mastery({ recalls: [0.9, 0.7], latestCoverages: [0.5, 0.75], practised: 2, available: 24 });
    expect(m.breadthTarget).toBe(20);
    expect(m.breadth).toBeCloseTo(0.1);
    expect(m.recall).toBeCloseTo(0.8);
    expect(m.coverage).toBeCloseTo(0.625);
    expect(m.mastery).toBeCloseTo(0.1 * (0.6 * 0.8 + 0.4 * 0.625));
  });

  it('an area smaller than the breadth target counts in full once every question is practised', () => {
    expect(mastery({ recalls: [1, 1, 1], latestCoverages: [1, 1, 1], practised: 3, available: 3 }).mastery).toBe(1);
    expect(mastery({ recalls: [1], latestCoverages: [1], practised: 1, available: 3 }).mastery).toBeCloseTo(1 / 3);
  });

  it('stays within 0..1 for any inputs', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 100 }), (pairs, extra) => {
        const m = mastery({ recalls: pairs.map((p) => p[0]), latestCoverages: pairs.map((p) => p[1]), practised: pairs.length, available: pairs.length + extra }).mastery!;
        return m >= 0 && m <= 1;
      }),
    );
  });
});

describe('the schedule', () => {
  const card = (key: number, dueDay: number, extra: Partial<CardInfo> = {}): CardInfo => ({
    key,
    area: 'evaluation',
    dueDay,
    lastDay: dueDay - 5,
    firstDay: dueDay - 5,
    buriedUntilDay: null,
    stability: 5,
    recall: 0.9 - key / 1000,
    ...extra,
  });
  const settings = { maxReviewsPerDay: 30, newPerDay: 5, interviewDay: null };

  it('caps reviews per day and spreads a backlog over the following days, most forgotten first', () => {
    const cards = Array.from({ length: 300 }, (_, i) => card(i, 100 - (i % 40)));
    const plan = planDue(cards, 100, settings, 0);
    expect(plan.today).toHaveLength(30);
    expect(plan.backlog).toBe(270);
    expect(plan.backlogDays).toBe(9);
    const recalls = plan.today.map((c) => c.recall);
    expect([...recalls].sort((a, b) => a - b)).toEqual(recalls);
    expect(Math.max(...recalls)).toBeLessThanOrEqual(Math.min(...cards.filter((c) => !plan.today.includes(c)).map((c) => c.recall)));
    // Reviews already done today use up the cap.
    expect(planDue(cards, 100, settings, 25).today).toHaveLength(5);
    expect(planDue(cards, 100, settings, 31).today).toHaveLength(0);
  });

  it('a skip buries a card until its day; an interview pulls later cards forward to before the date', () => {
    expect(effectiveDueDay(card(1, 50, { buriedUntilDay: 53 }), 50, null)).toBe(53);
    // Last seen day 40, FSRS says day 90, interview day 60: pulled to 40 + ceil(20 × 0.75) = 55.
    const c = card(2, 90, { lastDay: 40 });
    expect(effectiveDueDay(c, 45, 60)).toBe(55);
    expect(effectiveDueDay(c, 45, null)).toBe(90);
    // A card due before the interview is left where FSRS put it; after the interview has passed nothing is pulled.
    expect(effectiveDueDay(card(3, 52, { lastDay: 40 }), 45, 60)).toBe(52);
    expect(effectiveDueDay(c, 61, 60)).toBe(90);
    // Seen the day before the interview: not pulled again.
    expect(effectiveDueDay(card(4, 70, { lastDay: 59 }), 59, 60)).toBe(70);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 400 }), (last, gap, toInterview) => {
        const interview = last + toInterview;
        const due = effectiveDueDay(card(5, last + gap, { lastDay: last }), last, interview);
        return due > last && (last + gap < interview || last + 1 >= interview - 1 ? true : due <= interview - 1);
      }),
    );
  });

  it('status: new without a card, due on or after its day, mastered at 21 days of stability, else learning', () => {
    expect(questionStatus(undefined, 10, null)).toBe('new');
    expect(questionStatus(card(1, 10), 10, null)).toBe('due');
    expect(questionStatus(card(1, 11), 10, null)).toBe('learning');
    expect(questionStatus(card(1, 40, { stability: 21 }), 10, null)).toBe('mastered');
  });

  it('paces new questions to cover the interview areas by the date', () => {
    expect(newPace(settings, 10, 100)).toBe(5);
    expect(newPace({ ...settings, interviewDay: 30 }, 10, 100)).toBe(5);
    expect(newPace({ ...settings, interviewDay: 20 }, 10, 100)).toBe(10);
    expect(newPace({ ...settings, interviewDay: 10 }, 10, 100)).toBe(5);
  });

  it('names why an interview area is at risk', () => {
    expect(areaRisk({ id: 'rl', mastery: null, unseen: 5, recentNew: 0 }, 10)).toBe('not-started');
    expect(areaRisk({ id: 'rl', mastery: 0.59, unseen: 0, recentNew: 0 }, 10)).toBe('low-mastery');
    // 7 new in 14 days is 0.5 a day: 9 days before the day cover 4.5 < 6 unseen.
    expect(areaRisk({ id: 'rl', mastery: 0.8, unseen: 6, recentNew: 7 }, 10)).toBe('behind-pace');
    expect(areaRisk({ id: 'rl', mastery: 0.8, unseen: 4, recentNew: 7 }, 10)).toBeNull();
  });
});

describe('weak concepts', () => {
  const check = (concept: string, questionKey: number, ticked: boolean, attemptId = questionKey) => ({ concept, questionKey, attemptId, ticked });

  it('needs enough checks, from enough questions, with half or more missed', () => {
    const checks = [
      // calibration: 4 checks over 2 questions, 3 missed → weak.
      check('calibration', 1, false),
      check('calibration', 1, false, 11),
      check('calibration', 2, false),
      check('calibration', 2, true, 12),
      // leakage: 3 checks only → not enough evidence, even all missed.
      check('data-leakage', 1, false),
      check('data-leakage', 2, false),
      check('data-leakage', 3, false),
      // kv-cache: 5 checks from one question → a weak card, not a weak concept.
      ...[1, 2, 3, 4, 5].map((a) => check('kv-cache', 7, false, 100 + a)),
      // time-based-split: exactly half missed → weak; under half → not.
      check('time-based-split', 1, false),
      check('time-based-split', 2, false),
      check('time-based-split', 3, true),
      check('time-based-split', 4, true),
      check('bias-variance', 1, false),
      check('bias-variance', 2, true),
      check('bias-variance', 3, true),
      check('bias-variance', 4, true),
    ];
    const t = tallyConcepts(checks);
    const weak = t.filter((x) => x.weak).map((x) => x.concept);
    expect(weak).toEqual(['calibration', 'time-based-split']);
    expect(t.find((x) => x.concept === 'calibration')).toMatchObject({ checks: 4, misses: 3, questions: 2, missRate: 0.75 });
    expect(WEAK_RULES).toEqual({ windowAttempts: 400, minChecks: 4, minQuestions: 2, minMissRate: 0.5 });
  });
});
