/** Home's view model: mastery in words and its numbers, today's plan, the interview, the drill modes and the custom mix. */
import { describe, expect, it } from 'vitest';
import type { AreaProgress, HomeView, InterviewOutlook, MasteryView, TodayPlan, WeakConcept } from '../../../../shared/api';
import { AREAS, type AreaId } from '../../../../shared/areas';
import { mastery } from '../../../../shared/learning/mastery';
import {
  backlogNote,
  conceptPick,
  daysBetween,
  drillPlan,
  dueByArea,
  dueHeadline,
  formPick,
  formatDay,
  interviewHeadline,
  listWords,
  masteryLabel,
  masteryPercent,
  masteryWhy,
  mixFilter,
  newNote,
  nextReview,
  nothingPractised,
  parseTags,
  relativeDays,
  riskText,
  weakConceptLine,
  weakestChosen,
} from './home-model';

const NOT_STARTED: MasteryView = { mastery: null, recall: null, coverage: null, breadth: 0, breadthTarget: 20 };

function area(id: AreaId, over: Partial<AreaProgress> = {}): AreaProgress {
  return {
    id,
    title: AREAS.find((a) => a.id === id)!.title,
    attempts: 0,
    practised: 0,
    available: 24,
    coverage: null,
    availableByLevel: { junior: 8, mid: 10, senior: 6 },
    mastery: NOT_STARTED,
    due: 0,
    ...over,
  };
}

const started = (m: number): MasteryView => ({ mastery: m, recall: 0.9, coverage: 0.6, breadth: 0.25, breadthTarget: 20 });

function today(over: Partial<TodayPlan> = {}): TodayPlan {
  return {
    day: '2026-11-20',
    dueToday: 0,
    dueByArea: {},
    backlog: 0,
    backlogDays: 0,
    reviewsDone: 0,
    newDone: 0,
    newPace: 5,
    newLeft: 5,
    next: { focus: 'new', label: 'Start your first drill', detail: '5 new questions across the areas.', count: 5, areas: AREAS.map((a) => a.id) },
    ...over,
  };
}

function home(over: Partial<HomeView> = {}): HomeView {
  return {
    areas: AREAS.map((a) => area(a.id)),
    settings: {
      mode: 'practice',
      theme: 'system',
      defaultCount: 5,
      dayStartHour: 4,
      maxReviewsPerDay: 30,
      newPerDay: 5,
      interviewDate: null,
      interviewAreas: AREAS.map((a) => a.id),
      showStreaks: true,
      backupsKept: 10,
      answerByTyping: false,
      transcriptionModelDir: null,
    },
    activeSession: null,
    today: today(),
    interview: null,
    weakConcepts: [],
    ...over,
  };
}

describe('mastery in words', () => {
  it('reads "not started" before any practice, never 0%', () => {
    expect(masteryLabel(NOT_STARTED)).toBe('not started');
  });

  it('a practised area never reads 0%, and nothing short of full mastery reads 100%', () => {
    expect(masteryPercent(0.004)).toBe('<1%');
    expect(masteryPercent(0.41)).toBe('41%');
    expect(masteryPercent(0.996)).toBe('99%');
    expect(masteryPercent(1)).toBe('100%');
    expect(masteryPercent(0)).toBe('0%');
  });

  it('the numbers behind a figure are the formula with the area’s own figures, as the services compute it', () => {
    const m = mastery({ recalls: [0.9, 0.7], latestCoverages: [0.5, 0.7], practised: 5, available: 24 });
    const why = masteryWhy(m, 5);
    expect(why.rows.map((r) => [r.term, r.value])).toEqual([
      ['Recall', '80%'],
      ['Recent coverage', '60%'],
      ['Breadth', '5 of 20 (25%)'],
    ]);
    // 0.25 × (0.6 × 0.8 + 0.4 × 0.6) = 0.18
    expect(why.formula).toBe('25% × (0.6 × 80% + 0.4 × 60%) = 18%');
    expect(masteryLabel(m)).toBe('18%');
  });

  it('breadth counts at most the target, and a small area needs all its questions', () => {
    const full = mastery({ recalls: [1], latestCoverages: [1], practised: 30, available: 30 });
    expect(masteryWhy(full, 30).rows[2]!.value).toBe('20 of 20 (100%)');
    const small = mastery({ recalls: [], latestCoverages: [], practised: 0, available: 6 });
    expect(masteryWhy(small, 0).rows[0]!.value).toBe('0 of 6');
    expect(masteryWhy(small, 0).formula).toBeNull();
    expect(masteryWhy(small, 0).lead).toMatch(/^Not started/);
  });
});

describe("today's plan in words", () => {
  it('due today, by area in the app’s order, with short names', () => {
    const t = today({ dueToday: 7, dueByArea: { vision: 2, fundamentals: 5 } });
    expect(dueHeadline(t)).toBe('7 due today');
    expect(dueByArea(t)).toEqual([
      { id: 'fundamentals', name: 'Fundamentals', n: 5 },
      { id: 'vision', name: 'Vision', n: 2 },
    ]);
    expect(dueHeadline(today())).toBe('Nothing due today');
  });

  it('a backlog says how many more and over how many days', () => {
    expect(backlogNote(today())).toBeNull();
    expect(backlogNote(today({ backlog: 45, backlogDays: 2 }))).toBe('+45 more due, spread over the next 2 days');
    expect(backlogNote(today({ backlog: 3, backlogDays: 1 }))).toBe('+3 more due, coming tomorrow');
  });

  it('new questions left today', () => {
    expect(newNote(today())).toBe('5 new questions left today.');
    expect(newNote(today({ newLeft: 1, newDone: 4 }))).toBe('1 new question left today (4 done).');
    expect(newNote(today({ newLeft: 0, newDone: 5 }))).toBe("Today's new questions are done (5 seen).");
    expect(newNote(today({ newLeft: 0, newPace: 0 }))).toBe('No new questions planned (0 a day in Settings).');
  });

  it('nothing practised yet invites a first drill', () => {
    expect(nothingPractised(home())).toBe(true);
    const h = home();
    h.areas[3] = area('evaluation', { practised: 1, mastery: started(0.03) });
    expect(nothingPractised(h)).toBe(false);
  });
});

describe('dates and the interview', () => {
  const outlook = (daysLeft: number): InterviewOutlook => ({ date: '2026-11-30', daysLeft, areas: ['vision'], unseen: 3, atRisk: [] });

  it('counts days between labels and says them', () => {
    expect(daysBetween('2026-11-20', '2026-11-30')).toBe(10);
    expect(daysBetween('2026-11-20', '2026-11-19')).toBe(-1);
    expect(daysBetween('2026-11-20', 'soon')).toBeNull();
    expect([0, 1, -1, 4, -3].map(relativeDays)).toEqual(['today', 'tomorrow', 'yesterday', 'in 4 days', '3 days ago']);
  });

  it('formats a day as the local calendar date it names, whatever the time zone', () => {
    // The weekday proves the label was read as a local date (a UTC midnight would be the day before west of Greenwich).
    expect(formatDay('2026-11-20', 'en-GB')).toMatch(/^Fri,? 20 Nov 2026$/);
    expect(formatDay('not a day')).toBe('not a day');
  });

  it('the interview headline', () => {
    expect(interviewHeadline(outlook(12))).toBe('Interview in 12 days');
    expect(interviewHeadline(outlook(1))).toBe('Interview tomorrow');
    expect(interviewHeadline(outlook(0))).toBe('Interview today');
    expect(interviewHeadline(outlook(-2), 'en-GB')).toMatch(/^Your interview was on Mon,? 30 Nov 2026$/);
  });

  it('says why an area is at risk, in words', () => {
    expect(riskText('not-started', area('rl'))).toBe('not started yet');
    expect(riskText('low-mastery', area('rl', { mastery: started(0.35) }))).toBe('mastery 35%, below the 60% to aim for');
    expect(riskText('behind-pace', area('rl', { available: 24, practised: 10 }))).toMatch(/^behind pace: .*14 days, its 14 unpractised questions will not all be seen in time$/);
  });

  it('the next review of an answered question', () => {
    expect(nextReview('2026-11-21', '2026-11-20', 'en-GB')).toMatch(/^Next review: Sat,? 21 Nov \(tomorrow\)$/);
    expect(nextReview('2027-01-04', '2026-12-30', 'en-GB')).toMatch(/^Next review: Mon,? 4 Jan 2027 \(in 5 days\)$/);
    expect(nextReview('2026-11-21', undefined, 'en-GB')).toMatch(/^Next review: Sat,? 21 Nov 2026$/);
    expect(nextReview(null, '2026-11-20')).toBe('No review scheduled');
  });
});

describe('weak concepts', () => {
  const w: WeakConcept = { id: 'data-leakage', title: 'Data leakage', area: 'data-pipelines', missRate: 0.75, evidence: 8, misses: 6, questions: 4, recent: [] };
  it('"missed X of Y checks", and a drill over every area narrowed to the concept', () => {
    expect(weakConceptLine(w)).toBe('missed 6 of 8 checks');
    expect(conceptPick(w, 7)).toEqual({ focus: 'mixed', areas: AREAS.map((a) => a.id), count: 7, filter: { concepts: ['data-leakage'] } });
  });
});

describe('the custom mix', () => {
  it('reads tags as typed: trimmed, lowercased, once each', () => {
    expect(parseTags(' Drift, fine-tuning ,, drift ')).toEqual({ tags: ['drift', 'fine-tuning'], errors: [] });
    expect(parseTags('')).toEqual({ tags: [], errors: [] });
  });

  it('names each tag that cannot be one, with what to do', () => {
    expect(parseTags('ab testing').errors).toEqual(['"ab testing" is not a tag: tags use hyphens, not spaces (ab-testing).']);
    expect(parseTags('c++').errors).toEqual(['"c++" is not a tag: tags are lowercase letters, digits and hyphens.']);
    expect(parseTags('a'.repeat(33)).errors[0]).toMatch(/longer than 32 characters/);
  });

  it('leaves out what does not narrow; a bad tag holds the mix back', () => {
    expect(mixFilter({ tags: '', kinds: [], roles: [], levels: [] })).toEqual({});
    expect(mixFilter({ tags: 'rag', kinds: ['behavioral'], roles: ['research'], levels: ['senior'] })).toEqual({
      tags: ['rag'],
      kinds: ['behavioral'],
      roles: ['research'],
      levels: ['senior'],
    });
    expect(mixFilter({ tags: 'two words', kinds: [], roles: [], levels: [] })).toBeNull();
  });

  it('a custom mix drills in the mixed order with the levels in the filter, any other choice is its own focus', () => {
    expect(formPick('custom', ['vision'], 'senior', 4, { kinds: ['behavioral'] })).toEqual({
      focus: 'mixed',
      areas: ['vision'],
      level: 'any',
      count: 4,
      filter: { kinds: ['behavioral'] },
    });
    expect(formPick('due', ['vision'], 'mid', 4, null)).toEqual({ focus: 'due', areas: ['vision'], level: 'mid', count: 4 });
  });
});

describe('what the drill will hold', () => {
  const base = { home: home(), areas: ['rl'] as AreaId[], level: 'any' as const, count: 5 };

  it('mixed: the same lines as before the modes', () => {
    expect(drillPlan({ ...base, choice: 'mixed', areas: [] })).toEqual({ hint: 'Choose at least one topic area to start.', canStart: false });
    expect(drillPlan({ ...base, choice: 'mixed', count: 8 }).hint).toBe('The drill will have 8 questions.');
    expect(drillPlan({ ...base, choice: 'mixed', level: 'junior', count: 50 })).toEqual({ hint: 'Only 8 questions match; the drill will have 8.', canStart: true });
    const none = home();
    none.areas = none.areas.map((a) => ({ ...a, availableByLevel: { ...a.availableByLevel, senior: 0 } }));
    expect(drillPlan({ ...base, home: none, choice: 'mixed', level: 'senior' })).toEqual({
      hint: 'No senior questions in the chosen areas. Choose more areas or another level.',
      canStart: false,
    });
  });

  it('due: what is due in the chosen areas, and nothing to start when none is', () => {
    const h = home({ today: today({ dueToday: 3, dueByArea: { rl: 2, vision: 1 } }) });
    expect(drillPlan({ ...base, home: h, choice: 'due' })).toEqual({ hint: 'Only 2 reviews due; the drill will have 2.', canStart: true });
    expect(drillPlan({ ...base, home: h, choice: 'due', areas: ['rl', 'vision'], count: 2 }).hint).toBe('The drill will have 2 due reviews.');
    expect(drillPlan({ ...base, home: h, choice: 'due', areas: ['scale'] }).canStart).toBe(false);
  });

  it('new: questions never answered in the chosen areas', () => {
    const h = home();
    h.areas = h.areas.map((a) => (a.id === 'rl' ? { ...a, available: 6, practised: 3 } : a));
    expect(drillPlan({ ...base, home: h, choice: 'new' }).hint).toBe('Only 3 new questions left; the drill will have 3.');
    h.areas = h.areas.map((a) => (a.id === 'rl' ? { ...a, available: 6, practised: 6 } : a));
    expect(drillPlan({ ...base, home: h, choice: 'new' }).canStart).toBe(false);
  });

  it('weakest: names the three areas it will draw from, practised ones of lowest mastery first', () => {
    const h = home();
    h.areas = h.areas.map((a) =>
      a.id === 'rl' ? { ...a, practised: 2, mastery: started(0.3) } : a.id === 'vision' ? { ...a, practised: 2, mastery: started(0.1) } : a.id === 'scale' ? { ...a, practised: 1, mastery: started(0.5) } : a,
    );
    const chosen: AreaId[] = ['scale', 'rl', 'vision', 'mlops'];
    expect(weakestChosen(h.areas, chosen).map((a) => a.id)).toEqual(['vision', 'rl', 'scale']);
    expect(drillPlan({ ...base, home: h, choice: 'weakest', areas: ['rl', 'mlops'] }).hint).toBe(
      'From Reinforcement learning (30%) and MLOps (not started). The drill will have 5 questions.',
    );
  });

  it('custom: waits for the count, and will not start on a bad tag or an empty match', () => {
    expect(drillPlan({ ...base, choice: 'custom', customMatches: 'loading' }).canStart).toBe(false);
    expect(drillPlan({ ...base, choice: 'custom', customMatches: 'invalid' })).toEqual({ hint: 'Correct the tags to start.', canStart: false });
    expect(drillPlan({ ...base, choice: 'custom', customMatches: 0 }).canStart).toBe(false);
    expect(drillPlan({ ...base, choice: 'custom', customMatches: 1 })).toEqual({ hint: 'Only 1 question matches; the drill will have 1.', canStart: true });
    expect(drillPlan({ ...base, choice: 'custom', customMatches: 'unknown' }).canStart).toBe(true);
  });
});

describe('lists', () => {
  it('joins words', () => {
    expect(listWords([])).toBe('');
    expect(listWords(['a'])).toBe('a');
    expect(listWords(['a', 'b', 'c'])).toBe('a, b and c');
  });
});
