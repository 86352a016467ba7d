/**
 * The drill as a pure state machine: `transition(state, event, now) → { state, effects }`.
 *
 * Everything the drill decides lives here: what the answer, checklist and ratings hold in each phase, when the
 * stopwatch runs, when strict mode locks, when a draft is written and with which revision, how failures back off
 * or stop, when a question may be closed (saved, skipped) and what a reply means. Nothing here performs I/O or
 * reads a clock: `now` is a monotonic reading passed in, and calls to the services are returned as effects (plain
 * data) that a runner performs, feeding each result back as an event (renderer/src/store/drill-slice.ts).
 *
 * The guarantees (ARCHITECTURE.md, "One answer, from keystroke to SQLite row"):
 * - at most one draft write in flight; a change made meanwhile is written after it, so drafts land in order;
 * - a change is written within DRAFT_SAVE_DELAY_MS (plus one tick) while writes succeed; the clock every
 *   CLOCK_SAVE_INTERVAL_MS while answering; a flush (page hidden or closed) writes at once;
 * - no draft write while a question is being closed (save, skip, end), and closing waits for the write in flight;
 * - a retryable failure backs off (1 s, 2 s, 4 s … 30 s); one that retrying cannot fix stops autosave;
 * - every write names the draft revision last seen; a `stale` refusal (another window wrote a newer draft) stops
 *   every write for good, unless the database holds exactly what this window last sent (its own lost reply);
 * - strict mode locks the answer at zero and records no more than the limit;
 * - a save or skip refused as "already done" re-reads the session and moves on when the database has.
 *
 * Extending it: the phases are DraftState's union on `phase`, the events and effects are unions on `type`, and
 * the top-level state is a union on `kind`; a new kind of round or stage adds members, not flags.
 */
import type { ApiArg, DraftState, LoopView, QuestionView, SessionView } from './api';
import type { PlannedItem } from './loops/fill';
import { roundLeftMs } from './loops/run';
import { MAX_ANSWER_CHARS, MAX_NOTE_CHARS } from './limits';
import type { ApiError } from './result';
import { RATING_DIMENSIONS, RATING_MAX, type RatingId, type Ratings } from './scoring';
import { suggestItems } from './suggest';
import { elapsedMs, pauseStopwatch, startStopwatch, type Stopwatch } from './timer';

/** A change is written this long after the previous write at the latest (the promise is "at least every 2 s"). */
export const DRAFT_SAVE_DELAY_MS = 1000;
/** While answering, the elapsed time is written this often even without typing, so a resume restores the clock. */
export const CLOCK_SAVE_INTERVAL_MS = 5000;
/** A design stage ends no sooner than this after it began, so a double click cannot skip one. */
export const MIN_STAGE_MS = 1000;
/** Backoff after retryable draft failures: 1 s, 2 s, 4 s … never more than 30 s. */
export const RETRY_BASE_MS = 1000;
export const RETRY_MAX_MS = 30_000;

export type AnswerDraft = Extract<DraftState, { phase: 'answer' }>;
export type GradeDraft = Extract<DraftState, { phase: 'grade' }>;
export type ReviewDraft = Extract<DraftState, { phase: 'review' }>;

/** How draft writing stands, beyond the one write in flight. */
export type DraftHealth =
  | { status: 'ok' }
  /** Retryable failures in a row; the next write waits until retryAt (delayMs after the last failure). */
  | { status: 'retrying'; error: ApiError; failures: number; retryAt: number; delayMs: number }
  /** A failure retrying cannot fix: autosave has stopped. Closing the question (save, skip, end) is still offered. */
  | { status: 'stopped'; error: ApiError };

export interface DraftWrites {
  /** The one write in flight, with what it carries. */
  inFlight: { seq: number; draft: DraftState } | null;
  /** The last draft this window sent; a `stale` refusal is its own lost reply when the database holds exactly this. */
  lastSent: DraftState | null;
  /** The screen holds a change no write has carried yet. */
  dirty: boolean;
  /** Write as soon as possible, without waiting for the delay (a phase change, a flush, a user's retry). */
  urgent: boolean;
  /** Monotonic time the last write was sent, or the question was entered. */
  lastWriteAt: number;
  /** The server's time of the last successful write. */
  savedAt: string | null;
  health: DraftHealth;
  /** A write succeeded after failures (until the next failure): the one save change worth announcing. */
  recovered: boolean;
}

/**
 * The steps that close a question or the drill; each waits for the draft write in flight, then runs alone. A mock
 * loop adds two: moving on from an answer (`advance`) and ending the round (`endRound`).
 */
export type OpKind = 'attempt' | 'skip' | 'end' | 'advance' | 'endRound';
export type Op =
  | { kind: OpKind; status: 'waiting' }
  | { kind: OpKind; status: 'sending'; seq: number }
  /** Refused as already done (its earlier reply was lost?): the session is being re-read to see. */
  | { kind: 'attempt' | 'skip' | 'advance'; status: 'rereading'; seq: number; error: ApiError };

/**
 * Where a mock-loop question stands: the loop's view as the session was read, the planned item, and the round clock.
 * The round's elapsed time is the server's reading at `enteredAt` plus the monotonic time since, so it never stops.
 */
export interface LoopCursor {
  view: LoopView;
  item: PlannedItem;
  round: number;
  roundElapsedAtEnter: number;
  enteredAt: number;
}

export interface IdleState {
  kind: 'idle';
  /** Request numbers keep counting across questions and drills, so a late reply never matches a new request. */
  nextSeq: number;
}

export interface QuestionState {
  kind: 'question';
  nextSeq: number;
  session: SessionView;
  position: number;
  question: QuestionView;
  draft: DraftState;
  stopwatch: Stopwatch;
  /** The draft revision this window last saw (0 before any write); every write names it. */
  revision: number;
  /** Strict mode locked the answer at zero. */
  timeUp: boolean;
  /** Why grading cannot be submitted yet (ratings missing). */
  gradeProblem: string | null;
  writes: DraftWrites;
  op: Op | null;
  opError: { kind: OpKind; error: ApiError } | null;
  /** A `stale` refusal being checked against the database; no write goes out meanwhile. */
  staleCheck: { seq: number; error: ApiError } | null;
  /** Another window continued this drill: this one writes nothing more and offers a reload. */
  elsewhere: ApiError | null;
  /** Set in a mock loop: answering runs part by part with no checklist until the round ends; grading as in a drill. */
  loop: LoopCursor | null;
}

export interface OverState {
  kind: 'over';
  nextSeq: number;
  sessionId: number;
  /** Ended early by the user rather than finished. */
  ended: boolean;
  /** It was a mock loop (its result page, not the drill summary). */
  loop?: boolean;
}

/** A mock loop between rounds: the next round's intro, after a break when one came before. */
export interface LoopBreakState {
  kind: 'loop-break';
  nextSeq: number;
  session: SessionView;
  view: LoopView;
  /** The start request in flight, and the last failure. */
  starting: number | null;
  error: ApiError | null;
}

export type DrillState = IdleState | QuestionState | OverState | LoopBreakState;

export type DrillEvent =
  /** A session arrived (started, resumed, or after a save or skip): go to its current question, or the summary. */
  | { type: 'loaded'; session: SessionView }
  /** The user left for Home: forget the drill. */
  | { type: 'left' }
  | { type: 'typed'; text: string }
  | { type: 'ticked'; itemId: string }
  | { type: 'acceptedSuggestions' }
  | { type: 'rated'; dimension: RatingId; value: number }
  | { type: 'noted'; text: string }
  | { type: 'finishAnswer' }
  | { type: 'submitGrade' }
  | { type: 'saveAttempt' }
  | { type: 'skip' }
  /** Already confirmed by the user. */
  | { type: 'endDrill' }
  | { type: 'retryDraft' }
  /** The page is being hidden or closed: write now. */
  | { type: 'flush' }
  | { type: 'tick' }
  | { type: 'draftSaved'; seq: number; savedAt: string; revision: number }
  | { type: 'draftFailed'; seq: number; error: ApiError }
  | { type: 'attemptSaved'; seq: number; session: SessionView }
  | { type: 'attemptFailed'; seq: number; error: ApiError }
  | { type: 'skipDone'; seq: number; session: SessionView }
  | { type: 'skipFailed'; seq: number; error: ApiError }
  | { type: 'drillEnded'; seq: number }
  | { type: 'endFailed'; seq: number; error: ApiError }
  | { type: 'sessionRead'; seq: number; session: SessionView }
  | { type: 'sessionReadFailed'; seq: number; error: ApiError }
  // mock loops
  /** Between rounds: start the next one (its clock runs from the server's answer). */
  | { type: 'startRound' }
  /** The main answer moves to its next stage (system design). */
  | { type: 'nextStage' }
  /** Done with this part: on to the next follow-up, or the next question. */
  | { type: 'nextPart' }
  /** Already confirmed by the user: end the round now; what is not answered is not reached. */
  | { type: 'endRound' }
  | { type: 'loopMoved'; seq: number; session: SessionView }
  | { type: 'loopFailed'; seq: number; error: ApiError };

export type DrillEffect =
  | { type: 'saveDraft'; seq: number; arg: ApiArg<'saveDraft'> }
  | { type: 'saveAttempt'; seq: number; arg: ApiArg<'saveAttempt'> }
  | { type: 'skip'; seq: number; arg: ApiArg<'skipQuestion'> }
  | { type: 'endDrill'; seq: number; sessionId: number }
  | { type: 'readSession'; seq: number; sessionId: number }
  | { type: 'showSummary'; sessionId: number; ended: boolean; loop?: boolean }
  | { type: 'startLoopRound'; seq: number; sessionId: number; round: number }
  | { type: 'advanceLoop'; seq: number; arg: ApiArg<'advanceLoop'> }
  | { type: 'endLoopRound'; seq: number; sessionId: number; round: number };

export interface Transition {
  state: DrillState;
  effects: DrillEffect[];
}

export const initialDrillState = (): IdleState => ({ kind: 'idle', nextSeq: 1 });

const same = (state: DrillState): Transition => ({ state, effects: [] });

/** A saved draft, trimmed to the checklist the question has now (a pack update may have retired items). */
export function restoreDraft(saved: DraftState | undefined, question: QuestionView): DraftState {
  if (!saved) return { phase: 'answer', answer: '', elapsedMs: 0 };
  if (saved.phase === 'answer') return saved;
  const live = new Set(question.checklist.map((i) => i.id));
  return { ...saved, ticked: saved.ticked.filter((id) => live.has(id)), suggested: saved.suggested.filter((id) => live.has(id)) };
}

/** The backoff after `failures` retryable failures in a row. */
export function retryDelayMs(failures: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, Math.min(failures - 1, 30)));
}

const limitMs = (q: QuestionView) => q.timeLimitSec * 1000;

/** A fresh loop answer's extra state: on the main answer, no follow-ups yet, on the first stage. */
const newLoopDraft = () => ({ part: 0, followUps: [], stageEnds: [], done: false });

/** The elapsed time of the part being answered: the main answer's, or the current follow-up's. */
function partElapsed(draft: AnswerDraft): number {
  const part = draft.loop?.part ?? 0;
  return part === 0 ? draft.elapsedMs : (draft.loop!.followUps[part - 1]?.elapsedMs ?? 0);
}

function enter(session: SessionView, now: number, nextSeq: number): Transition {
  const question = session.questions[session.position];
  const loopView = session.loop;
  const ended = session.status === 'abandoned';
  if (session.status !== 'active' || !question || loopView?.stage === 'done') {
    return {
      state: { kind: 'over', nextSeq, sessionId: session.id, ended, ...(loopView ? { loop: true } : {}) },
      effects: [{ type: 'showSummary', sessionId: session.id, ended, ...(loopView ? { loop: true } : {}) }],
    };
  }
  if (loopView?.stage === 'before') return { state: { kind: 'loop-break', nextSeq, session, view: loopView, starting: null, error: null }, effects: [] };
  const saved = session.drafts[session.position];
  let draft = restoreDraft(saved?.state, question);
  const strict = session.mode === 'strict';
  let loop: LoopCursor | null = null;
  let resumeGap = 0;
  if (loopView) {
    const item = loopView.plan.items[session.position]!;
    loop = { view: loopView, item, round: loopView.current, roundElapsedAtEnter: loopView.rounds[loopView.current]?.elapsedMs ?? 0, enteredAt: now };
    if (draft.phase === 'answer') {
      draft = { ...draft, loop: draft.loop ?? newLoopDraft() };
      // The clock is honest: time away from an open answer (a reload, a crash) counts against it.
      resumeGap = saved ? loopView.sinceDraftMs : 0;
    }
  }
  return {
    state: {
      kind: 'question',
      nextSeq,
      session,
      position: session.position,
      question,
      draft,
      stopwatch: draft.phase === 'answer' ? startStopwatch(now, partElapsed(draft) + resumeGap) : { baseMs: draft.elapsedMs, runningSince: null },
      revision: saved?.revision ?? 0,
      // A reload after strict mode locked the answer still says so.
      timeUp: !loop && strict && draft.phase !== 'answer' && draft.elapsedMs >= limitMs(question),
      gradeProblem: null,
      writes: { inFlight: null, lastSent: null, dirty: false, urgent: false, lastWriteAt: now, savedAt: null, health: { status: 'ok' }, recovered: false },
      op: null,
      opError: null,
      staleCheck: null,
      elsewhere: null,
      loop,
    },
    effects: [],
  };
}

/** The round's clock, in ms left (negative once it has run out). */
export function loopRoundLeftMs(s: QuestionState, now: number): number {
  if (!s.loop) return Infinity;
  return roundLeftMs(s.loop.view.plan, s.loop.round, s.loop.roundElapsedAtEnter + (now - s.loop.enteredAt));
}

/** The answer's state with the running part's clock read now, follow-ups included. */
function withPartClock(draft: AnswerDraft, elapsed: number): AnswerDraft {
  const l = draft.loop;
  if (!l || l.part === 0) return { ...draft, elapsedMs: elapsed };
  return { ...draft, loop: { ...l, followUps: l.followUps.map((f, i) => (i === l.part - 1 ? { ...f, elapsedMs: elapsed } : f)) } };
}

/** A change to what is on screen, to be written. */
function changed(s: QuestionState, draft: DraftState, urgent = false): QuestionState {
  return { ...s, draft, writes: { ...s.writes, dirty: true, urgent: s.writes.urgent || urgent } };
}

/** Whether the user may still change the question: not while it is being closed, nor once the drill moved elsewhere. */
const editable = (s: QuestionState) => s.op === null && s.elsewhere === null;

function finishAnswer(s: QuestionState, now: number, timeUp: boolean): QuestionState {
  if (s.draft.phase !== 'answer') return s;
  const stopped = pauseStopwatch(s.stopwatch, now);
  // Strict mode records no more than the limit: the answer was locked at zero.
  const elapsed = Math.round(s.session.mode === 'strict' ? Math.min(stopped.baseMs, limitMs(s.question)) : stopped.baseMs);
  const draft: GradeDraft = {
    phase: 'grade',
    answer: s.draft.answer,
    elapsedMs: elapsed,
    ticked: [],
    suggested: suggestItems(s.draft.answer, s.question.checklist),
    ratings: {},
  };
  return { ...changed(s, draft, true), stopwatch: { baseMs: elapsed, runningSince: null }, timeUp: s.timeUp || timeUp };
}

/** Strict mode: at zero the answer locks and grading begins, whatever the user is doing. */
function lockIfTimeUp(s: QuestionState, now: number): QuestionState {
  if (s.loop || s.session.mode !== 'strict' || s.draft.phase !== 'answer' || s.elsewhere || s.op) return s;
  return elapsedMs(s.stopwatch, now) >= limitMs(s.question) ? finishAnswer(s, now, true) : s;
}

function missingRatings(draft: GradeDraft): string[] {
  return RATING_DIMENSIONS.filter((d) => draft.ratings[d.id] === undefined).map((d) => d.label.toLowerCase());
}

/** Two drafts hold the same thing (key order aside: the database hands back its own JSON). */
export function sameDraft(a: DraftState | null | undefined, b: DraftState | null | undefined): boolean {
  if (!a || !b || a.phase !== b.phase || a.answer !== b.answer || a.elapsedMs !== b.elapsedMs) return false;
  if (a.phase === 'answer' || b.phase === 'answer') return true;
  const sameList = (x: readonly string[], y: readonly string[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  const sameRatings = RATING_DIMENSIONS.every((d) => a.ratings[d.id] === b.ratings[d.id]);
  const sameNote = a.phase !== 'review' || (b.phase === 'review' && a.note === b.note);
  return sameList(a.ticked, b.ticked) && sameList(a.suggested, b.suggested) && sameRatings && sameNote;
}

/** What goes out as a draft: the on-screen state, with the clock read now while answering. */
function snapshot(s: QuestionState, now: number): DraftState {
  return s.draft.phase === 'answer' ? withPartClock(s.draft, Math.round(elapsedMs(s.stopwatch, now))) : s.draft;
}

function sendOp(s: QuestionState, kind: OpKind): Transition {
  const seq = s.nextSeq;
  const base = { ...s, nextSeq: seq + 1, op: { kind, status: 'sending', seq } as Op };
  const { id: sessionId } = s.session;
  const { position, revision, draft } = s;
  if (kind === 'end') return { state: base, effects: [{ type: 'endDrill', seq, sessionId }] };
  if (kind === 'endRound') return { state: base, effects: [{ type: 'endLoopRound', seq, sessionId, round: s.loop?.round ?? 0 }] };
  if (kind === 'advance') {
    if (draft.phase !== 'answer') return same({ ...s, op: null }); // unreachable: advance is only accepted while answering
    return { state: base, effects: [{ type: 'advanceLoop', seq, arg: { sessionId, position, revision, draft } }] };
  }
  if (kind === 'skip') return { state: base, effects: [{ type: 'skip', seq, arg: { sessionId, position, revision } }] };
  if (draft.phase !== 'review') return same({ ...s, op: null }); // unreachable: saveAttempt is only accepted in review
  const arg: ApiArg<'saveAttempt'> = {
    sessionId,
    position,
    revision,
    answer: draft.answer,
    answerMs: draft.elapsedMs,
    ticked: draft.ticked,
    suggested: draft.suggested,
    ratings: draft.ratings,
    note: draft.note,
  };
  return { state: base, effects: [{ type: 'saveAttempt', seq, arg }] };
}

/**
 * The one place writes are started, run after every event: a waiting step goes out once no draft write is in
 * flight; otherwise a draft is written when due. Keeping it in one place is what keeps the invariants.
 */
function pump(s: QuestionState, now: number): Transition {
  if (s.elsewhere || s.staleCheck) return same(s);
  const w = s.writes;
  if (s.op) return s.op.status === 'waiting' && !w.inFlight ? sendOp(s, s.op.kind) : same(s);
  if (w.inFlight || w.health.status === 'stopped') return same(s);
  const since = now - w.lastWriteAt;
  const due =
    w.urgent ||
    ((w.health.status !== 'retrying' || now >= w.health.retryAt) &&
      ((w.dirty && since >= DRAFT_SAVE_DELAY_MS) || (s.draft.phase === 'answer' && since >= CLOCK_SAVE_INTERVAL_MS)));
  if (!due) return same(s);
  const draft = snapshot(s, now);
  const seq = s.nextSeq;
  return {
    state: { ...s, nextSeq: seq + 1, writes: { ...w, inFlight: { seq, draft }, lastSent: draft, dirty: false, urgent: false, lastWriteAt: now } },
    effects: [{ type: 'saveDraft', seq, arg: { sessionId: s.session.id, position: s.position, revision: s.revision, draft } }],
  };
}

/** Refused as stale: check whether the database holds exactly what this window last sent before giving up. */
function checkStale(s: QuestionState, error: ApiError): Transition {
  const seq = s.nextSeq;
  return { state: { ...s, nextSeq: seq + 1, staleCheck: { seq, error } }, effects: [{ type: 'readSession', seq, sessionId: s.session.id }] };
}

/** Another window has this drill now: stop writing, for good, and say so. */
const movedElsewhere = (s: QuestionState, error: ApiError): QuestionState => ({ ...s, elsewhere: error, staleCheck: null, op: null, opError: null });

/** A step closing the question failed: what to do depends on whether the database may have done it already. */
function opFailed(s: QuestionState, op: Op & { status: 'sending' }, error: ApiError): Transition {
  if (error.code === 'stale') return checkStale({ ...s, op: { kind: op.kind, status: 'waiting' } }, error);
  if (error.code === 'conflict' && (op.kind === 'attempt' || op.kind === 'skip' || op.kind === 'advance')) {
    // "Already saved" or "skipped": the reply to an earlier try may have been lost. Re-read and move on if so.
    const seq = s.nextSeq;
    return {
      state: { ...s, nextSeq: seq + 1, op: { kind: op.kind as 'attempt' | 'skip' | 'advance', status: 'rereading', seq, error } },
      effects: [{ type: 'readSession', seq, sessionId: s.session.id }],
    };
  }
  if ((op.kind === 'end' || op.kind === 'endRound') && error.code === 'conflict') {
    // The drill is no longer active (finished or ended elsewhere): there is nothing left to end; show what it holds.
    const loop = s.loop ? { loop: true } : {};
    return { state: { kind: 'over', nextSeq: s.nextSeq, sessionId: s.session.id, ended: true, ...loop }, effects: [{ type: 'showSummary', sessionId: s.session.id, ended: true, ...loop }] };
  }
  return same({ ...s, op: null, opError: { kind: op.kind, error } });
}

/** The database has moved past this question (saved, skipped, or the drill is over). */
const movedOn = (s: QuestionState, session: SessionView) => session.status !== 'active' || session.position !== s.position;

function onQuestion(s: QuestionState, event: DrillEvent, now: number): Transition {
  switch (event.type) {
    case 'typed': {
      const locked = lockIfTimeUp(s, now);
      if (locked !== s) return pump(locked, now); // typed after the limit: locked, and the typing is not taken
      if (s.draft.phase !== 'answer' || !editable(s)) return same(s);
      // The field stops input at the limit; this keeps a pasted or programmatic change from becoming a dead end.
      const answer = event.text.slice(0, MAX_ANSWER_CHARS);
      const l = s.draft.loop;
      if (l && l.part > 0) {
        // A follow-up's answer: the interviewer's next question has its own box.
        const followUps = l.followUps.map((f, i) => (i === l.part - 1 ? { ...f, answer } : f));
        return followUps[l.part - 1]?.answer === l.followUps[l.part - 1]?.answer ? same(s) : same(changed(s, { ...s.draft, loop: { ...l, followUps } }));
      }
      return answer === s.draft.answer ? same(s) : same(changed(s, { ...s.draft, answer }));
    }
    case 'ticked': {
      const d = s.draft;
      if (d.phase !== 'grade' || !editable(s) || !s.question.checklist.some((i) => i.id === event.itemId)) return same(s);
      const ticked = d.ticked.includes(event.itemId) ? d.ticked.filter((i) => i !== event.itemId) : [...d.ticked, event.itemId];
      return same(changed(s, { ...d, ticked }));
    }
    case 'acceptedSuggestions': {
      const d = s.draft;
      if (d.phase !== 'grade' || !editable(s) || d.suggested.every((i) => d.ticked.includes(i))) return same(s);
      return same(changed(s, { ...d, ticked: [...new Set([...d.ticked, ...d.suggested])] }));
    }
    case 'rated': {
      const d = s.draft;
      const valid = Number.isInteger(event.value) && event.value >= 0 && event.value <= RATING_MAX;
      if (d.phase !== 'grade' || !editable(s) || !valid || !RATING_DIMENSIONS.some((x) => x.id === event.dimension)) return same(s);
      if (d.ratings[event.dimension] === event.value) return same(s);
      return same({ ...changed(s, { ...d, ratings: { ...d.ratings, [event.dimension]: event.value } }), gradeProblem: null });
    }
    case 'noted': {
      const d = s.draft;
      if (d.phase !== 'review' || !editable(s)) return same(s);
      const note = event.text.slice(0, MAX_NOTE_CHARS);
      return note === d.note ? same(s) : same(changed(s, { ...d, note }));
    }
    case 'finishAnswer':
      // In a loop an answer moves on part by part (nextPart); grading waits for the round's end.
      return s.draft.phase === 'answer' && editable(s) && !s.loop ? pump(finishAnswer(s, now, false), now) : same(s);
    case 'nextStage': {
      const d = s.draft;
      if (!s.loop || d.phase !== 'answer' || !d.loop || d.loop.part !== 0 || !editable(s)) return same(s);
      if (d.loop.stageEnds.length >= s.loop.item.stages.length - 1) return same(s);
      const at = Math.round(elapsedMs(s.stopwatch, now));
      // A second press straight after the first (a double click) would skip a stage for good: a stage lasts a second at least.
      if (at - (d.loop.stageEnds.at(-1) ?? 0) < MIN_STAGE_MS) return same(s);
      return same(changed(s, { ...d, elapsedMs: at, loop: { ...d.loop, stageEnds: [...d.loop.stageEnds, at] } }, true));
    }
    case 'nextPart': {
      const d = s.draft;
      if (!s.loop || d.phase !== 'answer' || !d.loop || !editable(s) || s.staleCheck) return same(s);
      // The part's clock stops where it is; the next part, if any, starts its own from zero.
      const closed = withPartClock(d, Math.round(elapsedMs(s.stopwatch, now)));
      const l = closed.loop!;
      if (l.part < s.loop.item.followUps.length) {
        const next: AnswerDraft = { ...closed, loop: { ...l, part: l.part + 1, followUps: [...l.followUps, { answer: '', elapsedMs: 0 }] } };
        return same({ ...changed(s, next, true), stopwatch: startStopwatch(now, 0) });
      }
      const final: AnswerDraft = { ...closed, loop: { ...l, done: true } };
      return pump({ ...changed(s, final), stopwatch: pauseStopwatch(s.stopwatch, now), writes: { ...s.writes, dirty: false }, op: { kind: 'advance', status: 'waiting' }, opError: null }, now);
    }
    case 'endRound':
      if (!s.loop || !editable(s) || s.staleCheck || s.loop.view.stage !== 'answering') return same(s);
      return pump({ ...s, op: { kind: 'endRound', status: 'waiting' }, opError: null }, now);
    case 'loopMoved':
      if (s.op?.status !== 'sending' || s.op.seq !== event.seq) return same(s);
      return enter(event.session, now, s.nextSeq);
    case 'loopFailed':
      if (s.op?.status !== 'sending' || s.op.seq !== event.seq) return same(s);
      return opFailed(s, s.op, event.error);
    case 'submitGrade': {
      const d = s.draft;
      if (d.phase !== 'grade' || !editable(s)) return same(s);
      const missing = missingRatings(d);
      if (missing.length) return same({ ...s, gradeProblem: `Rate yourself on ${missing.join(', ')} first.` });
      const review: ReviewDraft = { ...d, phase: 'review', ratings: d.ratings as Ratings, note: '' };
      return pump({ ...changed(s, review, true), gradeProblem: null }, now);
    }
    case 'saveAttempt':
      if (s.draft.phase !== 'review' || !editable(s) || s.staleCheck) return same(s);
      return pump({ ...s, op: { kind: 'attempt', status: 'waiting' }, opError: null }, now);
    case 'skip':
    case 'endDrill':
      if (!editable(s) || s.staleCheck) return same(s);
      // A real interview has no skip while answering: "I don't know" and moving on is nextPart.
      if (event.type === 'skip' && s.loop && s.draft.phase === 'answer') return same(s);
      return pump({ ...s, op: { kind: event.type === 'skip' ? 'skip' : 'end', status: 'waiting' }, opError: null }, now);
    case 'retryDraft': {
      const h = s.writes.health;
      // Only a retryable failure is offered a retry; one that retrying cannot fix says what to do instead.
      if (h.status !== 'retrying') return same(s);
      return pump({ ...s, writes: { ...s.writes, urgent: true } }, now);
    }
    case 'flush': {
      const w = s.writes;
      if (!w.dirty && s.draft.phase !== 'answer') return same(s);
      return pump({ ...s, writes: { ...w, urgent: true } }, now);
    }
    case 'tick': {
      // A loop's round ends when its clock runs out, whatever the candidate is doing.
      if (s.loop && s.loop.view.stage === 'answering' && !s.op && !s.elsewhere && !s.staleCheck && loopRoundLeftMs(s, now) <= 0) {
        return pump({ ...s, op: { kind: 'endRound', status: 'waiting' }, opError: null }, now);
      }
      const locked = lockIfTimeUp(s, now);
      return pump(locked, now);
    }
    case 'draftSaved': {
      const w = s.writes;
      if (w.inFlight?.seq !== event.seq) return same(s);
      const recovered = w.recovered || w.health.status === 'retrying';
      const next: QuestionState = {
        ...s,
        revision: event.revision,
        writes: { ...w, inFlight: null, savedAt: event.savedAt, health: { status: 'ok' }, recovered },
      };
      return pump(next, now);
    }
    case 'draftFailed': {
      const w = s.writes;
      if (w.inFlight?.seq !== event.seq) return same(s);
      // What did not reach the database is still to be written.
      const base: QuestionState = { ...s, writes: { ...w, inFlight: null, dirty: true, recovered: false } };
      const e = event.error;
      if (e.code === 'stale') return checkStale(base, e);
      if (e.retryable) {
        const failures = (w.health.status === 'retrying' ? w.health.failures : 0) + 1;
        const delayMs = retryDelayMs(failures);
        return pump({ ...base, writes: { ...base.writes, health: { status: 'retrying', error: e, failures, retryAt: now + delayMs, delayMs } } }, now);
      }
      return pump({ ...base, writes: { ...base.writes, health: { status: 'stopped', error: e } } }, now);
    }
    case 'attemptSaved':
    case 'skipDone':
      if (s.op?.status !== 'sending' || s.op.seq !== event.seq) return same(s);
      return enter(event.session, now, s.nextSeq);
    case 'attemptFailed':
    case 'skipFailed':
    case 'endFailed':
      if (s.op?.status !== 'sending' || s.op.seq !== event.seq) return same(s);
      return opFailed(s, s.op, event.error);
    case 'drillEnded': {
      if (s.op?.status !== 'sending' || s.op.seq !== event.seq) return same(s);
      // A loop ended early still shows its result page: the rounds graded so far.
      const loop = s.loop ? { loop: true } : {};
      return { state: { kind: 'over', nextSeq: s.nextSeq, sessionId: s.session.id, ended: true, ...loop }, effects: [{ type: 'showSummary', sessionId: s.session.id, ended: true, ...loop }] };
    }
    case 'sessionRead': {
      if (s.staleCheck?.seq === event.seq) {
        const stored = event.session.drafts[s.position];
        if (!movedOn(s, event.session) && stored && sameDraft(stored.state, s.writes.lastSent)) {
          // The refusal was this window's own write, whose reply was lost: carry on from its revision.
          return pump({ ...s, revision: stored.revision, staleCheck: null }, now);
        }
        return same(movedElsewhere(s, s.staleCheck.error));
      }
      if (s.op?.status === 'rereading' && s.op.seq === event.seq) {
        if (movedOn(s, event.session)) return enter(event.session, now, s.nextSeq);
        return same({ ...s, op: null, opError: { kind: s.op.kind, error: s.op.error } });
      }
      return same(s);
    }
    case 'sessionReadFailed':
      // Unable to tell whether the stale refusal was our own: assume the worst and write nothing more.
      if (s.staleCheck?.seq === event.seq) return same(movedElsewhere(s, s.staleCheck.error));
      if (s.op?.status === 'rereading' && s.op.seq === event.seq) return same({ ...s, op: null, opError: { kind: s.op.kind, error: s.op.error } });
      return same(s);
    case 'loaded':
    case 'left':
      return same(s); // handled for every kind in transition()
    case 'startRound':
      return same(s); // only between rounds (onBreak)
  }
}

export function transition(state: DrillState, event: DrillEvent, now: number): Transition {
  if (event.type === 'loaded') return enter(event.session, now, state.nextSeq);
  if (event.type === 'left') return state.kind === 'idle' ? same(state) : same({ kind: 'idle', nextSeq: state.nextSeq });
  if (state.kind === 'loop-break') return onBreak(state, event, now);
  if (state.kind !== 'question') return same(state);
  const handled = onQuestion(state, event, now);
  // Every event ends with the scheduler, so no handler can forget a due write (it is a no-op when none is due).
  const pumped = handled.state.kind === 'question' ? pump(handled.state, now) : same(handled.state);
  const next = { state: pumped.state, effects: [...handled.effects, ...pumped.effects] };
  // Nothing changed: hand back the very same object, so the store does not redraw on every quiet tick.
  return next.effects.length === 0 && sameShallow(next.state, state) ? same(state) : next;
}

/** Between rounds: only starting the next round (and its reply) does anything. */
function onBreak(s: LoopBreakState, event: DrillEvent, now: number): Transition {
  if (event.type === 'loopMoved' && event.seq === s.starting) return enter(event.session, now, s.nextSeq);
  if (event.type === 'startRound' && s.starting === null) {
    const seq = s.nextSeq;
    return { state: { ...s, nextSeq: seq + 1, starting: seq, error: null }, effects: [{ type: 'startLoopRound', seq, sessionId: s.session.id, round: s.view.current }] };
  }
  if (event.type === 'loopFailed' && event.seq === s.starting) return same({ ...s, starting: null, error: event.error });
  if (event.type === 'endDrill' && s.starting === null) {
    const seq = s.nextSeq;
    return { state: { ...s, nextSeq: seq + 1, starting: seq }, effects: [{ type: 'endDrill', seq, sessionId: s.session.id }] };
  }
  if (event.type === 'drillEnded' && event.seq === s.starting) {
    return { state: { kind: 'over', nextSeq: s.nextSeq, sessionId: s.session.id, ended: true, loop: true }, effects: [{ type: 'showSummary', sessionId: s.session.id, ended: true, loop: true }] };
  }
  if (event.type === 'endFailed' && event.seq === s.starting) return same({ ...s, starting: null, error: event.error });
  return same(s);
}

function sameShallow(a: DrillState, b: DrillState): boolean {
  if (a === b) return true;
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => x[k] === y[k]);
}

/** What a failed write means for the user, and the one thing to do about it. */
export interface Advice {
  text: string;
  action: 'retry' | 'reload' | 'none';
}

export function adviceFor(error: ApiError): Advice {
  if (error.code === 'stale') return { text: error.message, action: 'reload' };
  if (error.retryable) return { text: 'It is tried again automatically.', action: 'retry' };
  switch (error.code) {
    case 'conflict':
      return { text: 'This question or drill was changed in another window, or it has ended. Reload to see where it stands.', action: 'reload' };
    case 'storage':
      return {
        text: 'Retrying cannot fix this, so saving has stopped. Copy your answer somewhere safe, then close the app and check the data folder.',
        action: 'none',
      };
    case 'too-large':
      return { text: 'Shorten it, then save again.', action: 'none' };
    case 'unauthorized':
      return { text: 'This page is not connected to the running app: open the address `mldrill serve` printed.', action: 'none' };
    default:
      return { text: 'Copy your answer somewhere safe, then reload; if it happens again, please report it.', action: 'reload' };
  }
}
