/**
 * Mock loops through the services, on a manual clock: templates validate, every template fills for every role and
 * level from the bank with no repeats, a loop runs round by round (follow-ups, stages, the round's end by time),
 * grading is deferred to the round's end and feeds history and cards, resume is honest about time away, and a loop
 * the questions on offer cannot fill fails naming the slot.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEVELS, ROLES } from '../../shared/areas';
import type { DraftState, SessionView } from '../../shared/api';
import { fillLoop, scaleStages, seededRandom, type Candidate } from '../../shared/loops/fill';
import { parseLoopTemplate } from '../../shared/loops/template';
import { manualClock } from '../../electron/services/clock';
import { createServices } from '../../electron/services/index';
import { loadLoopTemplates, loopCandidates } from '../../electron/services/loops';
import { openDatabase, closeDatabase } from '../../electron/db/open';
import { pack, question } from '../fixtures/packs';
import { BANK_DIR, ROOT, tempDir } from './helpers';

const LOOPS_DIR = path.join(ROOT, 'resources', 'loops');
const GOOD = { clarity: 3, judgment: 3, constraints: 3, communication: 3 };

function bankServices(start = '2026-12-01T09:00:00Z') {
  const clock = manualClock(start);
  const dataDir = tempDir();
  const services = createServices({ dataDir, bankDir: BANK_DIR, loopsDir: LOOPS_DIR, clock });
  return { api: services.api, services, clock, dataDir };
}

const answerDraft = (answer: string, elapsedMs: number, loop: NonNullable<Extract<DraftState, { phase: 'answer' }>['loop']>): DraftState => ({ phase: 'answer', answer, elapsedMs, loop });
const rev = (s: SessionView, p: number) => s.drafts[p]?.revision ?? 0;

describe('loop templates', () => {
  it('every shipped template validates, and the four the issue names are there', () => {
    const { templates, problems } = loadLoopTemplates(LOOPS_DIR);
    expect(problems).toEqual([]);
    expect(templates.map((t) => t.id).sort()).toEqual(['behavioral', 'full-onsite', 'ml-system-design', 'phone-screen']);
    const design = templates.find((t) => t.id === 'ml-system-design')!;
    expect(design.rounds[0]!.minutes).toBe(45);
    expect(templates.find((t) => t.id === 'full-onsite')!.rounds.map((r) => r.breakMinutes)).toEqual([10, 10, 0]);
  });

  it('a bad template is refused with the path and the problem, and a folder keeps its good files', () => {
    const bad = { format: 'mldrill-loop', formatVersion: 1, id: 'x', title: 'T', description: 'd', rounds: [{ title: 'R', minutes: 10, slots: [{ title: 'S', kinds: ['essay'], count: 3, minutes: 5, followUps: 0 }] }] };
    const r = parseLoopTemplate(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.some((e) => e.startsWith('id: must be lowercase'))).toBe(true);
      expect(r.errors.some((e) => e.startsWith('rounds[0].slots[0].kinds[0]:'))).toBe(true);
    }
    const over = parseLoopTemplate({ ...bad, id: 'over', rounds: [{ title: 'R', minutes: 10, slots: [{ title: 'S', kinds: ['concept'], count: 3, minutes: 5, followUps: 0 }] }] });
    expect(over).toEqual({ ok: false, errors: ["rounds[0].slots: the answers' time boxes add up to 15 minutes, more than the round's 10"] });
    const dir = tempDir();
    fs.copyFileSync(path.join(LOOPS_DIR, 'behavioral.json'), path.join(dir, 'behavioral.json'));
    fs.writeFileSync(path.join(dir, 'broken.json'), '{ not json');
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify(bad));
    const loaded = loadLoopTemplates(dir);
    expect(loaded.templates.map((t) => t.id)).toEqual(['behavioral']);
    expect(loaded.problems.some((p) => p.startsWith('broken.json: not valid JSON'))).toBe(true);
    expect(loaded.problems.some((p) => p.startsWith('bad.json: id:'))).toBe(true);
  });
});

describe('filling a loop', () => {
  it('fills every template for every role and level from the bank, never repeating a question', () => {
    const { services, dataDir } = bankServices();
    services.close();
    const db = openDatabase(dataDir);
    const pool = loopCandidates(db, manualClock('2026-12-01T09:00:00Z'));
    closeDatabase(db);
    const { templates } = loadLoopTemplates(LOOPS_DIR);
    for (const t of templates) {
      for (const role of ROLES) {
        for (const level of LEVELS) {
          const r = fillLoop(t, pool, { role, level, random: seededRandom(7) });
          expect({ t: t.id, role, level, ok: r.ok, error: r.ok ? null : r.error }).toEqual({ t: t.id, role, level, ok: true, error: null });
          if (!r.ok) continue;
          const keys = r.plan.items.map((i) => i.key);
          expect(new Set(keys).size).toBe(keys.length);
          for (const item of r.plan.items) {
            const c = pool.find((p) => p.key === item.key)!;
            expect(c.roles.length === 0 || c.roles.includes(role)).toBe(true);
            expect(item.followUps.length).toBeLessThanOrEqual(2);
            if (c.kind === 'system-design') expect(item.stages.reduce((n, s) => n + s.sec, 0)).toBe(item.answerSec);
          }
        }
      }
    }
  });

  const cand = (key: number, over: Partial<Candidate> = {}): Candidate => ({ key, packId: 'p', id: `q${key}`, area: 'evaluation', kind: 'concept', level: 'mid', roles: [], followUps: ['f1', 'f2'], stages: [], priority: 'practised', ...over });
  const oneSlot = (count: number) => {
    const r = parseLoopTemplate({ format: 'mldrill-loop', formatVersion: 1, id: 'one', title: 'One', description: 'd', rounds: [{ title: 'Round', minutes: 60, slots: [{ title: 'Concepts', kinds: ['concept'], count, minutes: 5, followUps: 1 }] }] });
    if (!r.ok) throw new Error(r.errors.join('; '));
    return r.template;
  };

  it('prefers the level asked for, then due, weak and new questions, and borrows a nearby level only when short', () => {
    const pool = [cand(1, { priority: 'practised' }), cand(2, { priority: 'new' }), cand(3, { priority: 'due' }), cand(4, { priority: 'weak' }), cand(5, { level: 'senior', priority: 'due' })];
    const r = fillLoop(oneSlot(4), pool, { role: 'applied-ml', level: 'mid', random: seededRandom(1) });
    expect(r.ok && r.plan.items.map((i) => i.key)).toEqual([3, 4, 2, 1]);
    const short = fillLoop(oneSlot(5), pool, { role: 'applied-ml', level: 'mid', random: seededRandom(1) });
    expect(short.ok && short.plan.items.map((i) => i.key)).toEqual([3, 4, 2, 1, 5]);
  });

  it('keeps to the role, and fails naming the slot, round, role and what it found', () => {
    const pool = [cand(1, { roles: ['research'] }), cand(2, { roles: ['llm-engineer'] }), cand(3)];
    const r = fillLoop(oneSlot(3), pool, { role: 'research', level: 'mid', random: seededRandom(1) });
    expect(r).toEqual({
      ok: false,
      error: 'The questions on offer cannot fill this loop: "Concepts" in round "Round" needs 3 concept questions for the research role, and only 2 are on offer (at any level, not already used). Enable more packs, or pick another role.',
    });
  });

  it('scales a design question\'s stages to its box, in whole seconds that add up exactly', () => {
    const s = scaleStages([{ title: 'A', minutes: 5 }, { title: 'B', minutes: 8 }, { title: 'C', minutes: 10 }], 36 * 60);
    expect(s.map((x) => x.sec)).toEqual([470, 751, 939]);
    expect(s.reduce((n, x) => n + x.sec, 0)).toBe(2160);
  });
});

/** A bank of its own, so a loop's questions are known: 6 concepts, 2 scenarios, 2 behavioral, 2 designs with stages. */
function smallBank() {
  const item = (id: string, kw: string) => ({ id, text: `Makes the point about ${id}`, keywords: [`${kw} method`, `${kw} estimator`] });
  const q = (id: string, kind: string, extra: Record<string, unknown> = {}) =>
    question(id, 'evaluation', { kind, level: 'mid', checklist: [item('one', `${id}-alpha`), item('two', `${id}-beta`), item('three', `${id}-gamma`)], followUps: [`Why ${id}?`, `What if ${id} fails?`], ...extra });
  const qs = [
    ...Array.from({ length: 6 }, (_, i) => q(`c${i + 1}`, 'concept')),
    q('s1', 'scenario'),
    q('s2', 'scenario'),
    q('b1', 'behavioral'),
    q('b2', 'behavioral'),
    q('b3', 'behavioral'),
    ...['d1', 'd2'].map((id) => q(id, 'system-design', { timeLimitSec: 1800, stages: [{ title: 'Requirements', minutes: 10 }, { title: 'Model', minutes: 20 }] })),
  ];
  const bankDir = tempDir();
  fs.writeFileSync(path.join(bankDir, 'small.drillpack.json'), JSON.stringify(pack({ id: 'small' }, qs)));
  const clock = manualClock('2026-12-01T09:00:00Z');
  const dataDir = tempDir();
  const services = createServices({ dataDir, bankDir, loopsDir: LOOPS_DIR, clock });
  return { api: services.api, services, clock };
}

describe('running a loop', () => {
  it('a phone screen: answers with follow-ups, the round ends with the last one, grading after, attempts marked mock', () => {
    const { api, clock } = smallBank();
    let s = api.startLoop({ templateId: 'phone-screen', role: 'applied-ml', level: 'mid' });
    expect(s.loop?.stage).toBe('before');
    expect(s.questions).toHaveLength(6);
    expect(s.questions[1]!.timeLimitSec).toBe(300); // a concept's box in the loop, not its own limit
    expect(() => api.advanceLoop({ sessionId: s.id, position: 0, revision: 0, draft: answerDraft('x', 1, { part: 0, followUps: [], stageEnds: [], done: false }) })).toThrow(/not running/);
    s = api.startLoopRound({ sessionId: s.id, round: 0 });
    expect(s.loop?.stage).toBe('answering');
    for (let p = 0; p < 6; p++) {
      expect(s.position).toBe(p);
      const item = s.loop!.plan.items[p]!;
      clock.advance(60_000);
      const followUps = item.followUps.map((_, i) => ({ answer: `follow-up ${i + 1} of ${s.questions[p]!.id}`, elapsedMs: 20_000 }));
      s = api.advanceLoop({ sessionId: s.id, position: p, revision: rev(s, p), draft: answerDraft(`I would use the ${s.questions[p]!.id}-alpha method, as the ${s.questions[p]!.id}-alpha estimator is unbiased`, 60_000, { part: followUps.length, followUps, stageEnds: [], done: false }) });
    }
    // The last answer ended the round: everything is to be graded, suggestions read the follow-ups too.
    expect(s.loop?.stage).toBe('grading');
    expect(s.loop?.rounds[0]!.elapsedMs).toBe(6 * 60_000);
    expect(s.position).toBe(0);
    const first = s.drafts[0]!.state;
    expect(first.phase).toBe('grade');
    if (first.phase === 'grade') expect(first.suggested).toEqual(['one']);
    for (let p = 0; p < 6; p++) {
      const d = s.drafts[p]!.state;
      if (d.phase !== 'grade') throw new Error('not grading');
      const r = api.saveAttempt({ sessionId: s.id, position: p, revision: s.drafts[p]!.revision, answer: d.answer, answerMs: d.elapsedMs, ticked: ['one', 'two'], suggested: d.suggested, ratings: GOOD, note: '' });
      s = r.session;
    }
    expect(s.status).toBe('finished');
    const result = api.getLoopResult({ sessionId: s.id });
    expect(result.rounds[0]!.answered).toBe(6);
    expect(result.rounds[0]!.meanCoverage).toBeCloseTo(2 / 3);
    expect(result.rounds[0]!.answers[5]!.followUps).toHaveLength(2);
    expect(result.rounds[0]!.answers[5]!.followUps[0]!.answer).toMatch(/^follow-up 1 of /);
    expect(result.areas).toEqual([expect.objectContaining({ area: 'evaluation', answers: 6, coverage: expect.closeTo(2 / 3) })]);
    // Attempts feed the cards and history like a drill's.
    const history = api.getQuestionHistory({ packId: 'small', id: s.questions[5]!.id });
    expect(history.entries).toEqual([expect.objectContaining({ kind: 'attempt', mock: true, followUps: [expect.objectContaining({ answer: expect.stringMatching(/^follow-up 1 of /) }), expect.anything()] })]);
    expect(history.card).not.toBeNull();
  });

  it('a round that runs out ends by time: the open answer is graded as it stood, questions not reached are skipped', () => {
    const { api, clock } = smallBank();
    let s = api.startLoop({ templateId: 'phone-screen', role: 'applied-ml', level: 'mid' });
    s = api.startLoopRound({ sessionId: s.id, round: 0 });
    s = api.advanceLoop({ sessionId: s.id, position: 0, revision: 0, draft: answerDraft('warm-up story', 200_000, { part: 0, followUps: [], stageEnds: [], done: false }) });
    api.saveDraft({ sessionId: s.id, position: 1, revision: 0, draft: answerDraft('half an answer', 90_000, { part: 0, followUps: [], stageEnds: [], done: false }) });
    clock.advance(46 * 60_000);
    s = api.getSession({ sessionId: s.id });
    expect(s.loop!.rounds[0]!.elapsedMs).toBe(46 * 60_000);
    s = api.endLoopRound({ sessionId: s.id, round: 0 });
    expect(s.loop?.stage).toBe('grading');
    expect(s.skipped).toEqual([2, 3, 4, 5]);
    expect(s.drafts[1]!.state).toMatchObject({ phase: 'grade', answer: 'half an answer' });
    // Ending again is not an error (a retry after a lost reply).
    expect(api.endLoopRound({ sessionId: s.id, round: 0 }).loop?.stage).toBe('grading');
    // Readiness reads only what was graded: questions never reached say nothing about their area.
    for (const p of [0, 1]) {
      const cur = api.getSession({ sessionId: s.id });
      const d = cur.drafts[p]!.state;
      if (d.phase !== 'grade') throw new Error('not grading');
      api.saveAttempt({ sessionId: s.id, position: p, revision: cur.drafts[p]!.revision, answer: d.answer, answerMs: d.elapsedMs, ticked: ['one'], suggested: [], ratings: GOOD, note: '' });
    }
    const result = api.getLoopResult({ sessionId: s.id });
    expect(result.rounds[0]).toMatchObject({ answered: 2, notReached: 4 });
    expect(result.areas).toEqual([expect.objectContaining({ area: 'evaluation', answers: 2, coverage: expect.closeTo(1 / 3) })]);
  });

  it('resume is honest: time away counts against the round and the open answer', () => {
    const { api, clock } = smallBank();
    let s = api.startLoop({ templateId: 'behavioral', role: 'applied-ml', level: 'mid' });
    s = api.startLoopRound({ sessionId: s.id, round: 0 });
    api.saveDraft({ sessionId: s.id, position: 0, revision: 0, draft: answerDraft('started', 30_000, { part: 0, followUps: [], stageEnds: [], done: false }) });
    clock.advance(5 * 60_000); // the app was closed for five minutes
    s = api.getSession({ sessionId: s.id });
    expect(s.loop!.rounds[0]!.elapsedMs).toBe(5 * 60_000);
    expect(s.loop!.sinceDraftMs).toBe(5 * 60_000);
    expect(s.position).toBe(0);
    // Home offers it back by name.
    expect(api.getHome({}).activeSession).toMatchObject({ id: s.id, loopTitle: 'Behavioral round' });
  });

  it('a design round records the time per stage against its box, overruns included', () => {
    const { api, clock } = smallBank();
    let s = api.startLoop({ templateId: 'ml-system-design', role: 'applied-ml', level: 'mid' });
    s = api.startLoopRound({ sessionId: s.id, round: 0 });
    const item = s.loop!.plan.items[0]!;
    expect(item.stages.map((x) => [x.title, x.sec])).toEqual([['Requirements', 720], ['Model', 1440]]);
    clock.advance(40 * 60_000);
    // Requirements took 15 minutes (a 12-minute box): an overrun, kept as it was.
    s = api.advanceLoop({ sessionId: s.id, position: 0, revision: 0, draft: answerDraft('d-alpha design', 30 * 60_000, { part: 2, followUps: [{ answer: 'a', elapsedMs: 1000 }, { answer: 'b', elapsedMs: 2000 }], stageEnds: [15 * 60_000], done: false }) });
    const d = s.drafts[0]!.state;
    if (d.phase !== 'grade') throw new Error('not grading');
    s = api.saveAttempt({ sessionId: s.id, position: 0, revision: s.drafts[0]!.revision, answer: d.answer, answerMs: d.elapsedMs, ticked: ['one'], suggested: d.suggested, ratings: GOOD, note: '' }).session;
    const stages = api.getLoopResult({ sessionId: s.id }).rounds[0]!.answers[0]!.stages;
    expect(stages).toEqual([
      { title: 'Requirements', boxSec: 720, usedMs: 15 * 60_000 },
      { title: 'Model', boxSec: 1440, usedMs: 15 * 60_000 },
    ]);
  });

  it('a loop the questions on offer cannot fill is refused with the reason, and nothing is started', () => {
    const { api } = smallBank();
    expect(() => api.startLoop({ templateId: 'full-onsite', role: 'applied-ml', level: 'mid' })).toThrow(/"Stories" in round "Behavioral" needs 3 behavioral questions for the applied-ml role, and only 2 are on offer/);
    expect(api.getHome({}).activeSession).toBeNull();
    expect(() => api.startLoop({ templateId: 'no-such-loop', role: 'applied-ml', level: 'mid' })).toThrow(/no-such-loop/);
  });
});
