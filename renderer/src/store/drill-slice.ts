/**
 * The drill in the store: a thin runner around the pure machine in shared/drill-machine.ts. It feeds events into
 * `transition`, keeps the state it returns, and performs the effects through the transport, feeding each result
 * back as an event. Every decision (when to write, what a failure means, where to go next) is the machine's.
 */
import type { AreaId, Kind, Level, Role } from '../../../shared/areas';
import type { DrillFocus, SessionView } from '../../../shared/api';
import { initialDrillState, transition, type DrillEffect, type DrillEvent, type DrillState } from '../../../shared/drill-machine';
import { MAX_SESSION_QUESTIONS } from '../../../shared/limits';
import { err, type Result } from '../../../shared/result';
import type { GetState, SetState, SliceDeps } from './types';

/** What startFocused drills: the focus, the areas to draw from, and an optional narrowing. */
export interface FocusedPick {
  focus: DrillFocus;
  areas: readonly AreaId[];
  level?: Level | 'any';
  count: number;
  filter?: { tags?: string[]; kinds?: Kind[]; roles?: Role[]; levels?: Level[]; concepts?: string[] };
}

export interface DrillSlice {
  drill: DrillState;
  /** Feeds one event to the machine (at monotonic time `now`) and runs the effects it returns. */
  send(event: DrillEvent, now?: number): void;
  /** The 250 ms heartbeat: strict-mode lock and autosave timing. Stable, for useInterval. */
  tick(now: number): void;
  startDrill(count: number): Promise<void>;
  /** A drill by focus (due, new, weakest, mixed) over these areas, optionally narrowed (a custom mix or a concept). */
  startFocused(pick: FocusedPick): Promise<void>;
  /** A drill of exactly these questions, in this order (drill one authored question, or a hand-picked selection). */
  drillQuestions(only: { packId: string; id: string }[]): Promise<void>;
  resumeDrill(sessionId: number): Promise<void>;
  /** A mock loop: a template filled for a role and level. */
  startLoop(arg: { templateId: string; role: Role; level: Level }): Promise<void>;
  discardDrill(sessionId: number): Promise<void>;
  backHome(): void;
  /** Resolves once every call the drill started has been answered and fed back (tests wait on it). */
  settled(): Promise<void>;
}

const clock = () => performance.now();

/** Transports return errors rather than throw; this keeps a broken one from leaving the drill waiting forever. */
async function guarded<T>(call: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await call();
  } catch (e) {
    return err('internal', `The call did not finish: ${e instanceof Error ? e.message : String(e)}`, true);
  }
}

export function createDrillSlice(set: SetState, get: GetState, { transport }: SliceDeps): DrillSlice {
  const api = transport.api;
  const pending = new Set<Promise<void>>();

  const send = (event: DrillEvent, now = clock()) => {
    const before = get().drill;
    const { state, effects } = transition(before, event, now);
    if (state !== before) set(state.kind === 'question' || state.kind === 'loop-break' ? { drill: state, view: 'drill' } : { drill: state });
    for (const effect of effects) {
      const job = run(effect).finally(() => pending.delete(job));
      pending.add(job);
    }
  };

  const toHome = () => {
    send({ type: 'left' });
    set({ summary: null, view: 'home' });
  };

  async function run(effect: DrillEffect): Promise<void> {
    switch (effect.type) {
      case 'saveDraft': {
        const r = await guarded(() => api.saveDraft(effect.arg));
        send(r.ok ? { type: 'draftSaved', seq: effect.seq, ...r.value } : { type: 'draftFailed', seq: effect.seq, error: r.error });
        return;
      }
      case 'saveAttempt': {
        const r = await guarded(() => api.saveAttempt(effect.arg));
        send(r.ok ? { type: 'attemptSaved', seq: effect.seq, session: r.value.session } : { type: 'attemptFailed', seq: effect.seq, error: r.error });
        return;
      }
      case 'skip': {
        const r = await guarded(() => api.skipQuestion(effect.arg));
        send(r.ok ? { type: 'skipDone', seq: effect.seq, session: r.value.session } : { type: 'skipFailed', seq: effect.seq, error: r.error });
        return;
      }
      case 'endDrill': {
        const r = await guarded(() => api.abandonSession({ sessionId: effect.sessionId }));
        send(r.ok ? { type: 'drillEnded', seq: effect.seq } : { type: 'endFailed', seq: effect.seq, error: r.error });
        return;
      }
      case 'readSession': {
        const r = await guarded(() => api.getSession({ sessionId: effect.sessionId }));
        send(r.ok ? { type: 'sessionRead', seq: effect.seq, session: r.value } : { type: 'sessionReadFailed', seq: effect.seq, error: r.error });
        return;
      }
      case 'startLoopRound': {
        const r = await guarded(() => api.startLoopRound({ sessionId: effect.sessionId, round: effect.round }));
        send(r.ok ? { type: 'loopMoved', seq: effect.seq, session: r.value } : { type: 'loopFailed', seq: effect.seq, error: r.error });
        return;
      }
      case 'advanceLoop': {
        const r = await guarded(() => api.advanceLoop(effect.arg));
        send(r.ok ? { type: 'loopMoved', seq: effect.seq, session: r.value } : { type: 'loopFailed', seq: effect.seq, error: r.error });
        return;
      }
      case 'endLoopRound': {
        const r = await guarded(() => api.endLoopRound({ sessionId: effect.sessionId, round: effect.round }));
        send(r.ok ? { type: 'loopMoved', seq: effect.seq, session: r.value } : { type: 'loopFailed', seq: effect.seq, error: r.error });
        return;
      }
      case 'showSummary': {
        if (effect.loop) {
          const result = get().unwrap(await guarded(() => api.getLoopResult({ sessionId: effect.sessionId })), 'Could not load the loop result');
          const now = get().drill;
          if (now.kind !== 'over' || now.sessionId !== effect.sessionId) return;
          if (result) set({ loopResult: result, view: 'loop-result' });
          else toHome();
          return;
        }
        const summary = get().unwrap(await guarded(() => api.getSummary({ sessionId: effect.sessionId })), 'Could not load the summary');
        const now = get().drill;
        if (now.kind !== 'over' || now.sessionId !== effect.sessionId) return; // the user has gone on meanwhile
        // A summary that cannot be read leaves Home, with the message, rather than a blank screen.
        if (summary) set({ summary, view: 'summary' });
        else toHome();
        return;
      }
    }
  }

  const enter = (session: SessionView | null) => {
    if (session) send({ type: 'loaded', session });
  };

  return {
    drill: initialDrillState(),
    send,
    tick: (now) => send({ type: 'tick' }, now),

    startDrill: async (count) => {
      const { selectedAreas, level } = get();
      enter(get().unwrap(await guarded(() => api.startSession({ areas: selectedAreas, level, count })), 'Could not start the drill'));
    },

    startFocused: async ({ focus, areas, level = 'any', count, filter }) => {
      const arg = { areas: [...areas], level, count, focus, ...(filter ? { filter } : {}) };
      enter(get().unwrap(await guarded(() => api.startSession(arg)), 'Could not start the drill'));
    },

    drillQuestions: async (only) => {
      const { selectedAreas, level } = get();
      const areas = selectedAreas.length ? selectedAreas : (['fundamentals'] as const);
      // A drill holds at most MAX_SESSION_QUESTIONS: a longer selection drills its first ones, in order.
      const chosen = only.slice(0, MAX_SESSION_QUESTIONS);
      enter(get().unwrap(await guarded(() => api.startSession({ areas: [...areas], level, count: chosen.length, only: chosen })), 'Could not start the drill'));
    },

    startLoop: async (arg) => {
      enter(get().unwrap(await guarded(() => api.startLoop(arg)), 'Could not start the loop'));
    },

    resumeDrill: async (sessionId) => {
      enter(get().unwrap(await guarded(() => api.getSession({ sessionId })), 'Could not resume the drill'));
    },

    discardDrill: async (sessionId) => {
      if (get().unwrap(await guarded(() => api.abandonSession({ sessionId })), 'Could not discard the drill')) toHome();
    },

    backHome: toHome,

    settled: async () => {
      // Replies feed events that may start further calls (a write queued behind another): wait until none is left.
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
