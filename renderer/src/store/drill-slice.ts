/**
 * The drill loop in the renderer: answer against a monotonic stopwatch, autosave the draft in every phase, grade,
 * review, save. Nothing typed is dropped: a failed save keeps the draft on screen with the error and a retry.
 */
import type { DraftState, QuestionView, SessionView } from '../../../shared/api';
import type { ApiError } from '../../../shared/result';
import { RATING_DIMENSIONS, type RatingId, type Ratings } from '../../../shared/scoring';
import { suggestItems } from '../../../shared/suggest';
import { elapsedMs, pauseStopwatch, startStopwatch, timerState, type Stopwatch } from '../../../shared/timer';
import type { GetState, SetState, SliceDeps } from './types';

/** Drafts are written this long after a change at the latest (the promise to the user is "at least every 2 s"). */
export const DRAFT_SAVE_DELAY_MS = 1000;
/** While answering, the elapsed time is saved this often even without typing, so a resume restores the clock. */
export const CLOCK_SAVE_INTERVAL_MS = 5000;

export type SaveStatus = 'idle' | 'saving' | 'saved' | 'error';

export interface DrillSlice {
  session: SessionView | null;
  draft: DraftState;
  stopwatch: Stopwatch;
  draftStatus: SaveStatus;
  draftError: ApiError | null;
  draftSavedAt: string | null;
  dirty: boolean;
  lastDraftWrite: number;
  attemptStatus: SaveStatus;
  attemptError: ApiError | null;
  gradeProblem: string | null;
  startDrill(): Promise<void>;
  resumeDrill(sessionId: number): Promise<void>;
  discardDrill(sessionId: number): Promise<void>;
  abandonDrill(): Promise<void>;
  setAnswer(text: string): void;
  finishAnswer(): void;
  toggleTick(itemId: string): void;
  acceptSuggestions(): void;
  setRating(id: RatingId, value: number): void;
  submitGrade(): void;
  setNote(text: string): void;
  saveAttempt(): Promise<void>;
  flushDraft(): Promise<void>;
  tick(now: number): void;
  backHome(): Promise<void>;
}

export const emptyDraft = (): DraftState => ({ phase: 'answer', answer: '', elapsedMs: 0, ticked: [], suggested: [], ratings: {}, note: '' });

/** A saved draft, trimmed to the checklist the question has now (a pack update may have retired items). */
export function restoreDraft(saved: DraftState | undefined, question: QuestionView): DraftState {
  if (!saved) return emptyDraft();
  const live = new Set(question.checklist.map((i) => i.id));
  return { ...saved, ticked: saved.ticked.filter((id) => live.has(id)), suggested: saved.suggested.filter((id) => live.has(id)) };
}

const now = () => performance.now();

export function createDrillSlice(set: SetState, get: GetState, { transport }: SliceDeps): DrillSlice {
  const current = () => {
    const { session } = get();
    return session ? (session.questions[session.position] ?? null) : null;
  };

  // One draft write in flight at a time; a change made meanwhile is written right after, so writes never race.
  let flushing: Promise<void> | null = null;
  let flushAgain = false;

  const toHome = async () => {
    set({ session: null, summary: null, view: 'home' });
    await get().loadHome();
  };

  /** Puts the user at the session's current question, restoring its saved draft and clock. */
  const enter = async (session: SessionView) => {
    if (session.position >= session.questions.length || session.status !== 'active') {
      const summary = get().unwrap(await transport.api.getSummary({ sessionId: session.id }), 'Could not load the summary');
      if (summary) set({ session: null, summary, view: 'summary' });
      else await toHome();
      return;
    }
    const draft = restoreDraft(session.drafts[session.position], session.questions[session.position]!);
    const t = now();
    set({
      session,
      draft,
      stopwatch: draft.phase === 'answer' ? startStopwatch(t, draft.elapsedMs) : { baseMs: draft.elapsedMs, runningSince: null },
      dirty: false,
      lastDraftWrite: t,
      draftStatus: 'idle',
      draftError: null,
      draftSavedAt: null,
      attemptStatus: 'idle',
      attemptError: null,
      gradeProblem: null,
      view: 'drill',
    });
  };

  const updateDraft = (patch: Partial<DraftState>) => set((s) => ({ draft: { ...s.draft, ...patch }, dirty: true }));

  const writeDraft = async () => {
    const { session, draft, stopwatch } = get();
    if (!session) return;
    const t = now();
    const snapshot: DraftState = draft.phase === 'answer' ? { ...draft, elapsedMs: Math.round(elapsedMs(stopwatch, t)) } : draft;
    const { id, position } = session;
    set({ dirty: false, lastDraftWrite: t, draftStatus: 'saving' });
    const result = await transport.api.saveDraft({ sessionId: id, position, draft: snapshot });
    const still = get().session;
    if (still?.id !== id || still.position !== position) return; // the user has moved on; this reply is stale
    if (result.ok) set({ draftStatus: 'saved', draftSavedAt: result.value.savedAt, draftError: null });
    else set({ draftStatus: 'error', draftError: result.error, dirty: true });
  };

  return {
    session: null,
    draft: emptyDraft(),
    stopwatch: { baseMs: 0, runningSince: null },
    draftStatus: 'idle',
    draftError: null,
    draftSavedAt: null,
    dirty: false,
    lastDraftWrite: 0,
    attemptStatus: 'idle',
    attemptError: null,
    gradeProblem: null,

    startDrill: async () => {
      const { selectedAreas, level, count } = get();
      const session = get().unwrap(await transport.api.startSession({ areas: selectedAreas, level, count }), 'Could not start the drill');
      if (session) await enter(session);
    },

    resumeDrill: async (sessionId) => {
      const session = get().unwrap(await transport.api.getSession({ sessionId }), 'Could not resume the drill');
      if (session) await enter(session);
    },

    discardDrill: async (sessionId) => {
      if (get().unwrap(await transport.api.abandonSession({ sessionId }), 'Could not discard the drill')) await toHome();
    },

    abandonDrill: async () => {
      const { session } = get();
      if (!session) return;
      if (get().unwrap(await transport.api.abandonSession({ sessionId: session.id }), 'Could not end the drill')) await toHome();
    },

    setAnswer: (text) => {
      if (get().draft.phase !== 'answer') return;
      updateDraft({ answer: text });
    },

    finishAnswer: () => {
      const q = current();
      const { draft, stopwatch, session } = get();
      if (!q || !session || draft.phase !== 'answer') return;
      const stopped = pauseStopwatch(stopwatch, now());
      // Strict mode records no more than the limit: the answer was locked at zero.
      const elapsed = session.mode === 'strict' ? Math.min(stopped.baseMs, q.timeLimitSec * 1000) : stopped.baseMs;
      const suggested = suggestItems(draft.answer, q.checklist);
      set({ stopwatch: { baseMs: elapsed, runningSince: null } });
      updateDraft({ phase: 'grade', elapsedMs: Math.round(elapsed), suggested });
      void get().flushDraft();
    },

    toggleTick: (itemId) => {
      const { draft } = get();
      if (draft.phase !== 'grade') return;
      updateDraft({ ticked: draft.ticked.includes(itemId) ? draft.ticked.filter((i) => i !== itemId) : [...draft.ticked, itemId] });
    },

    acceptSuggestions: () => {
      const { draft } = get();
      if (draft.phase !== 'grade') return;
      updateDraft({ ticked: [...new Set([...draft.ticked, ...draft.suggested])] });
    },

    setRating: (id, value) => {
      if (get().draft.phase !== 'grade') return;
      updateDraft({ ratings: { ...get().draft.ratings, [id]: value } });
      set({ gradeProblem: null });
    },

    submitGrade: () => {
      if (get().draft.phase !== 'grade') return;
      const missing = RATING_DIMENSIONS.filter((d) => get().draft.ratings[d.id] === undefined);
      if (missing.length) {
        set({ gradeProblem: `Rate yourself on ${missing.map((d) => d.label.toLowerCase()).join(', ')} first.` });
        return;
      }
      updateDraft({ phase: 'review' });
      void get().flushDraft();
    },

    setNote: (text) => updateDraft({ note: text }),

    saveAttempt: async () => {
      const { session, draft, attemptStatus } = get();
      if (!session || attemptStatus === 'saving' || draft.phase !== 'review') return;
      set({ attemptStatus: 'saving', attemptError: null });
      try {
        if (flushing) await flushing; // let a draft write finish first, so it cannot land after the attempt
        const result = await transport.api.saveAttempt({
          sessionId: session.id,
          position: session.position,
          answer: draft.answer,
          answerMs: draft.elapsedMs,
          ticked: draft.ticked,
          suggested: draft.suggested,
          ratings: draft.ratings as Ratings,
          note: draft.note,
        });
        if (result.ok) {
          set({ attemptStatus: 'saved' });
          await enter(result.value.session);
          return;
        }
        if (result.error.code === 'conflict') {
          // Saved already (the reply to an earlier try was lost): carry on from what the database holds.
          const fresh = await transport.api.getSession({ sessionId: session.id });
          if (fresh.ok && (fresh.value.position !== session.position || fresh.value.status !== 'active')) {
            set({ attemptStatus: 'saved' });
            await enter(fresh.value);
            return;
          }
        }
        set({ attemptStatus: 'error', attemptError: result.error });
      } catch (e) {
        // Transports return errors rather than throw; this guards the button against ever staying on "Saving…".
        set({ attemptStatus: 'error', attemptError: { code: 'internal', message: `The save did not finish: ${String(e)}`, retryable: true } });
      }
    },

    flushDraft: async () => {
      const { session, attemptStatus } = get();
      if (!session || attemptStatus === 'saving' || attemptStatus === 'saved') return;
      if (flushing) {
        flushAgain = true;
        return flushing;
      }
      flushing = (async () => {
        do {
          flushAgain = false;
          await writeDraft();
        } while (flushAgain && get().attemptStatus !== 'saving' && get().attemptStatus !== 'saved');
      })();
      try {
        await flushing;
      } finally {
        flushing = null;
      }
    },

    tick: (t) => {
      const { session, draft, stopwatch, dirty, lastDraftWrite } = get();
      const q = current();
      if (!session || !q) return;
      if (draft.phase === 'answer' && session.mode === 'strict' && timerState(elapsedMs(stopwatch, t), q.timeLimitSec).phase === 'overtime') {
        get().finishAnswer();
        return;
      }
      if (flushing) return;
      const since = t - lastDraftWrite;
      if ((dirty && since >= DRAFT_SAVE_DELAY_MS) || (draft.phase === 'answer' && since >= CLOCK_SAVE_INTERVAL_MS)) void get().flushDraft();
    },

    backHome: toHome,
  };
}
