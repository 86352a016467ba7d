/**
 * "I answer by typing": a session started with the setting runs every limit at TYPING_TIME_FACTOR times the spoken
 * one (the drill's countdown, strict mode's lock and the stored attempt all see the scaled limit), and a session
 * keeps the factor it started with when the setting changes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TYPING_TIME_FACTOR } from '../../shared/limits';
import { initialDrillState, transition, type QuestionState } from '../../shared/drill-machine';
import { manualClock } from '../../electron/services/clock';
import { createServices } from '../../electron/services/index';
import { pack, question } from '../fixtures/packs';
import { tempDir } from './helpers';

function setup() {
  const bankDir = tempDir();
  fs.writeFileSync(path.join(bankDir, 'typing.drillpack.json'), JSON.stringify(pack({ id: 'typing' }, [question('q-one', 'evaluation', { timeLimitSec: 120 }), question('q-two', 'evaluation', { timeLimitSec: 300 })])));
  const services = createServices({ dataDir: tempDir(), bankDir, clock: manualClock('2026-12-01T09:00:00Z') });
  return services.api;
}

describe('answering by typing', () => {
  it(`scales every limit by ${TYPING_TIME_FACTOR} for sessions started with it, and the attempt records the scaled limit`, () => {
    const api = setup();
    const spoken = api.startSession({ areas: ['evaluation'], level: 'any', count: 2, only: [{ packId: 'typing', id: 'q-one' }, { packId: 'typing', id: 'q-two' }] });
    expect(spoken.timeFactor).toBe(1);
    expect(spoken.questions.map((q) => q.timeLimitSec)).toEqual([120, 300]);
    api.updateSettings({ answerByTyping: true });
    const typed = api.startSession({ areas: ['evaluation'], level: 'any', count: 2, only: [{ packId: 'typing', id: 'q-one' }, { packId: 'typing', id: 'q-two' }] });
    expect(typed.timeFactor).toBe(TYPING_TIME_FACTOR);
    expect(typed.questions.map((q) => q.timeLimitSec)).toEqual([120 * TYPING_TIME_FACTOR, 300 * TYPING_TIME_FACTOR]);
    // The setting changed mid-session does not move the running clock.
    api.updateSettings({ answerByTyping: false });
    expect(api.getSession({ sessionId: typed.id }).questions[0]!.timeLimitSec).toBe(120 * TYPING_TIME_FACTOR);
    api.saveAttempt({ sessionId: typed.id, position: 0, revision: 0, answer: 'typed', answerMs: 200_000, ticked: [], suggested: [], ratings: { clarity: 3, judgment: 3, constraints: 3, communication: 3 }, note: '' });
    const summary = api.getSummary({ sessionId: typed.id });
    expect(summary.attempts[0]!.timeLimitSec).toBe(240);
  });

  it('strict mode locks at the scaled limit, not the spoken one', () => {
    const api = setup();
    api.updateSettings({ answerByTyping: true, mode: 'strict' });
    const s = api.startSession({ areas: ['evaluation'], level: 'any', count: 1, only: [{ packId: 'typing', id: 'q-one' }] });
    let state = transition(initialDrillState(), { type: 'loaded', session: s }, 0).state;
    state = transition(state, { type: 'tick' }, 121_000).state;
    expect((state as QuestionState).draft.phase).toBe('answer'); // past 2:00, still answering
    state = transition(state, { type: 'tick' }, 240_000).state;
    expect((state as QuestionState).draft.phase).toBe('grade');
    expect((state as QuestionState).timeUp).toBe(true);
  });
});
