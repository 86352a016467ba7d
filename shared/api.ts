/**
 * The shapes that cross between the UI and the services, as types only: the renderer imports this file without
 * pulling in zod. The methods themselves, with their schemas, are declared once in ./methods.ts.
 */
import type { AreaId, Kind, Level, Role } from './areas';
import type { DraftPhase, DrillMode, SessionStatus, Theme } from './enums';
import type { ApiArg, ApiMethod, ApiValue, DesktopOnlyMethod, DraftState, ParsedArg, ServiceMethod, ServiceValue } from './methods';
import type { Result } from './result';
import type { Ratings } from './scoring';
import type { Grade } from './learning/grading';
import type { QuestionStatus, RiskReason } from './learning/schedule';
import type { DrillFocus } from './enums';
import type { Stage } from './pack-schema';
import type { LoopPlan } from './loops/fill';

export type { ApiArg, ApiMethod, ApiValue, DraftState, DraftPhase, DrillMode, SessionStatus, Theme };

export interface Settings {
  mode: DrillMode;
  theme: Theme;
  defaultCount: number;
  /** The hour (0–23, local time) a new day starts: practice before it counts for the day before. */
  dayStartHour: number;
  /** Reviews offered per day at most; a backlog past it spreads over the following days. */
  maxReviewsPerDay: number;
  /** New questions per day (more when an interview date needs them). */
  newPerDay: number;
  /** The interview day, YYYY-MM-DD, or null. */
  interviewDate: string | null;
  /** The areas the interview covers: new questions are paced to cover them by the date. */
  interviewAreas: AreaId[];
  /** Show practice streaks on the dashboard. */
  showStreaks: boolean;
  /** Backups kept in the data folder's backups/ (the oldest go first). */
  backupsKept: number;
  /** Time limits are for spoken answers; when set, new drills and loops scale them by TYPING_TIME_FACTOR. */
  answerByTyping: boolean;
  /** The folder of the offline speech model the user downloaded (absolute path), or null: no transcription. */
  transcriptionModelDir: string | null;
}

/** Whether recordings can be transcribed, and a sentence for the user either way (what to do when not). */
export interface TranscriptionStatus {
  available: boolean;
  engine?: 'moonshine' | 'whisper';
  modelDir: string | null;
  message: string;
}

/** A backup in the data folder's backups/ (see electron/db/backup.ts). */
export interface BackupView {
  name: string;
  takenAt: string;
  /** What it was taken before: before-migration, before-import, before-removal, daily, manual, before-restore. */
  reason: string;
  bytes: number;
}

/** Something the app did to keep your data safe that you should know about (a recovery, a stray file set aside). */
export interface StorageNotice {
  kind: 'recovered' | 'fresh-start' | 'stray-wal' | 'backup-before-migration' | 'integrity-failed';
  at: string;
  message: string;
  /** The folder a file was moved to, when one was. */
  path?: string;
}

export interface StorageStatus {
  /** The integrity check that runs after start: pending, ok, or recovered (a damaged database was replaced). */
  integrity: 'pending' | 'ok' | 'recovered' | 'failed';
  notices: StorageNotice[];
  dataDir: string;
  /** The database and its side files, for backing up by hand (with the app closed). */
  files: { db: string; wal: string; shm: string };
  backups: BackupView[];
}

export type { DrillFocus, Grade, QuestionStatus, RiskReason };

/** An area's mastery and the figures behind it (shared/learning/mastery.ts). */
export interface MasteryView {
  /** 0..1, or null when the area was never practised ("not started"). */
  mastery: number | null;
  /** Mean FSRS retrievability today of the practised questions, or null. */
  recall: number | null;
  /** Mean coverage of each practised question's latest attempt, or null. */
  coverage: number | null;
  /** practised / breadthTarget, at most 1. */
  breadth: number;
  breadthTarget: number;
}

export interface AreaProgress {
  id: AreaId;
  title: string;
  attempts: number;
  practised: number;
  available: number;
  /** Mean checklist coverage over all attempts in the area, 0..1, or null before the first attempt. */
  coverage: number | null;
  /** Questions on offer per level, so Home can say how many a drill of one level will really hold. */
  availableByLevel: Record<Level, number>;
  mastery: MasteryView;
  /** Reviews of this area in today's plan. */
  due: number;
}

/** What to do next, as Home's one primary action. */
export interface NextAction {
  focus: DrillFocus;
  /** A short imperative, e.g. "Review 12 due questions". */
  label: string;
  /** Why this, in a sentence. */
  detail: string;
  count: number;
  areas: AreaId[];
}

/** Today's reviews and new questions. */
export interface TodayPlan {
  /** The local day, YYYY-MM-DD. */
  day: string;
  /** Reviews to do today (after the daily cap). */
  dueToday: number;
  dueByArea: Partial<Record<AreaId, number>>;
  /** Due but over today's cap; they come in the next backlogDays days. */
  backlog: number;
  backlogDays: number;
  reviewsDone: number;
  newDone: number;
  /** New questions a day at the current pace. */
  newPace: number;
  newLeft: number;
  next: NextAction;
}

export interface InterviewOutlook {
  date: string;
  /** Days from today to the interview day (0 on the day). */
  daysLeft: number;
  areas: AreaId[];
  /** Questions of those areas not yet practised. */
  unseen: number;
  atRisk: { area: AreaId; reason: RiskReason }[];
}

/** One check of a concept: a checklist item naming it, in a graded attempt. */
export interface ConceptEvidence {
  attemptId: number;
  packId: string;
  questionId: string;
  /** The prompt's first 160 characters. */
  prompt: string;
  at: string;
  day: string;
  item: string;
  ticked: boolean;
}

export interface WeakConcept {
  id: string;
  title: string;
  area: AreaId;
  /** Missed checks over checks, in the evidence window. */
  missRate: number;
  /** Checks counted. */
  evidence: number;
  misses: number;
  /** Different questions the checks came from. */
  questions: number;
  /** The checks, newest first (at most 12). */
  recent: ConceptEvidence[];
}

/** `getProgress` and `mldrill progress --json`. */
export interface ProgressReport {
  areas: { id: AreaId; mastery: number | null; due: number; attempts: number; practised: number; available: number; coverage: number | null }[];
  weakConcepts: { id: string; area: AreaId; missRate: number; evidence: number }[];
  dueToday: number;
}

export interface DashboardView {
  day: string;
  areas: (MasteryView & { id: AreaId; title: string; practised: number; available: number; attempts: number })[];
  /** Weeks (Monday first) from the first practice to this week, at most 52, oldest first. */
  weeks: { week: string; attempts: number; meanCoverage: number | null; meanAnswerSec: number | null }[];
  /** Practice days of the last 365 local days, oldest first; days without practice are left out. */
  days: { day: string; attempts: number }[];
  /** Null when streaks are hidden in settings. */
  streak: { current: number; longest: number } | null;
  totals: { attempts: number; questions: number; practiceDays: number; answerMinutes: number };
  weakConcepts: WeakConcept[];
}

export interface ActiveSessionInfo {
  id: number;
  startedAt: string;
  position: number;
  total: number;
  /** Set when the unfinished session is a mock loop: its template's title. */
  loopTitle?: string;
}

export interface HomeView {
  areas: AreaProgress[];
  settings: Settings;
  activeSession: ActiveSessionInfo | null;
  today: TodayPlan;
  interview: InterviewOutlook | null;
  /** The weakest few concepts, for a one-click drill. */
  weakConcepts: WeakConcept[];
}

/** A question in the browser, with where it stands. */
export interface BrowseItem extends QuestionBrief {
  status: QuestionStatus;
  attempts: number;
  /** YYYY-MM-DD, or null. */
  lastPractised: string | null;
  nextDue: string | null;
  /** Retrievability today, or null for a new question. */
  recall: number | null;
}

export interface CardView {
  state: string;
  stability: number;
  difficulty: number;
  reps: number;
  lapses: number;
  recall: number;
  nextDue: string;
  lastPractised: string;
  buriedUntil: string | null;
}

export interface AttemptEntry {
  kind: 'attempt';
  attemptId: number;
  sessionId: number | null;
  at: string;
  day: string;
  answer: string;
  answerMs: number;
  timeLimitSec: number;
  coverage: number;
  itemsTicked: number;
  itemsTotal: number;
  /** The checklist as it was graded: every item the attempt showed. */
  items: { id: string; text: string; ticked: boolean; concepts: string[] }[];
  ratings: Ratings;
  note: string;
  grade: Grade;
  gradeDecidedBy: 'coverage' | 'ratings' | 'time';
  editedAt: string | null;
  /** Answered in a mock loop (its follow-ups, asked after the main answer, are below). */
  mock: boolean;
  followUps: { prompt: string; answer: string }[];
}

export interface SkipEntry {
  kind: 'skip';
  sessionId: number;
  at: string;
  day: string;
}

export interface QuestionHistory {
  question: QuestionView;
  status: QuestionStatus;
  card: CardView | null;
  /** Newest first. */
  entries: (AttemptEntry | SkipEntry)[];
}

export interface SearchHit {
  attemptId: number;
  packId: string;
  questionId: string;
  area: AreaId;
  prompt: string;
  at: string;
  day: string;
  /** Where the words matched: in the answer or the note. */
  field: 'answer' | 'note';
  /** A short excerpt, in pieces; marked pieces matched the search. */
  snippet: { text: string; mark: boolean }[];
}

export interface ChecklistItemView {
  id: string;
  text: string;
  keywords: string[];
  /** Concept ids from the vocabulary (shared/concepts.ts). */
  concepts: string[];
}

export interface QuestionView {
  packId: string;
  id: string;
  area: AreaId;
  kind: Kind;
  level: Level;
  prompt: string;
  timeLimitSec: number;
  checklist: ChecklistItemView[];
  pitfalls: string[];
  followUps: string[];
  outline: string | null;
  tags: string[];
  roles: Role[];
  /** System-design time boxes, in order; empty when the question has none. */
  stages: Stage[];
}

/** A draft as stored: the on-screen state and its revision, which every write must name (see saveDraft). */
export interface SavedDraft {
  state: DraftState;
  revision: number;
}

export interface AttemptBrief {
  position: number;
  packId: string;
  questionId: string;
  area: AreaId;
  answerMs: number;
  timeLimitSec: number;
  itemsTicked: number;
  itemsTotal: number;
  coverage: number;
}

export interface SessionView {
  id: number;
  mode: DrillMode;
  status: SessionStatus;
  startedAt: string;
  /** Index of the question being answered: the first neither saved nor skipped (questions.length when none is left). */
  position: number;
  questions: QuestionView[];
  drafts: Record<number, SavedDraft>;
  attempts: AttemptBrief[];
  /** Positions the user skipped: recorded, but not attempts and not practice. */
  skipped: number[];
  /** What the questions' time limits were multiplied by when it started (1, or TYPING_TIME_FACTOR): already applied. */
  timeFactor: number;
  /** Set when the session is a mock loop. */
  loop?: LoopView;
}

/** A loop template as the picker lists it. */
export interface LoopTemplateInfo {
  id: string;
  title: string;
  description: string;
  rounds: { title: string; minutes: number; questions: number; breakMinutes: number }[];
  minutes: number;
}

/**
 * Where a mock loop stands. `stage` says what the current round is doing: `before` (not started: its intro, or the
 * break after the last round), `answering` (its clock runs), `grading` (ended; answers are graded in order), or
 * `done` (every round graded). Times are server readings, so a reload or a crash never gives time back.
 */
export interface LoopView {
  plan: LoopPlan;
  current: number;
  stage: 'before' | 'answering' | 'grading' | 'done';
  rounds: { startedAt: string | null; endedAt: string | null; elapsedMs: number }[];
  /** How long ago the current answer's draft was last written; a resume adds it to the answer's clock. */
  sinceDraftMs: number;
  /** When the previous round ended (the break runs from then), or null. */
  breakSince: string | null;
}

/** A stage's time box and the time it took. */
export interface StageTime {
  title: string;
  boxSec: number;
  usedMs: number;
}

/** A finished loop, round by round. */
export interface LoopResult {
  sessionId: number;
  title: string;
  role: Role;
  level: Level;
  status: SessionStatus;
  rounds: {
    title: string;
    minutes: number;
    usedMs: number;
    answered: number;
    notReached: number;
    meanCoverage: number | null;
    /** Mean self-rating per dimension over the round's graded answers. */
    ratings: Record<keyof Ratings, number> | null;
    answers: {
      position: number;
      packId: string;
      questionId: string;
      area: AreaId;
      prompt: string;
      slot: string;
      coverage: number | null;
      answerMs: number | null;
      boxSec: number;
      followUps: { prompt: string; answer: string; answerMs: number; boxSec: number }[];
      stages: StageTime[];
      grade: Grade | null;
    }[];
  }[];
  /** Readiness per area the loop touched (0–1): this loop's coverage and ratings beside the area's mastery. */
  areas: { area: AreaId; readiness: number; coverage: number; mastery: number; answers: number }[];
}

export interface SessionSummary {
  id: number;
  status: SessionStatus;
  startedAt: string;
  finishedAt: string | null;
  /** Questions the drill held, answered or not. */
  total: number;
  /** grade: the FSRS rating the attempt gave; nextDue: the question's next review day (YYYY-MM-DD). */
  attempts: (AttemptBrief & { prompt: string; ratings: Ratings; grade: Grade; nextDue: string | null })[];
  skipped: { position: number; questionId: string; area: AreaId; prompt: string }[];
  meanCoverage: number | null;
  totalMs: number;
}

/** An installed pack as the Packs screen lists it. */
export interface PackInfo {
  id: string;
  version: string;
  title: string;
  description: string | null;
  author: string | null;
  license: string | null;
  builtin: boolean;
  /** Disabled packs keep their questions and history but are left out of drills. */
  enabled: boolean;
  /** Active questions; `retired` counts those a later version dropped. */
  questions: number;
  retired: number;
  /** Graded attempts on the pack's questions, retired ones included. */
  attempts: number;
  /** The file name it was imported from (no folder), or null for the built-in bank. */
  sourceFile: string | null;
  installedAt: string;
  updatedAt: string;
  byArea: Partial<Record<AreaId, number>>;
  byKind: Partial<Record<Kind, number>>;
}

/** A file the services made for the user to save (a pack, a CSV, a progress file). */
export interface ExportedFile {
  fileName: string;
  text: string;
}

/** One question in a list (browse, export selection, My questions). */
export interface QuestionBrief {
  packId: string;
  id: string;
  area: AreaId;
  kind: Kind;
  level: Level;
  tags: string[];
  roles: Role[];
  /** The prompt's first 200 characters, as Markdown source. */
  prompt: string;
}

/** A question as the import preview names it. */
export interface NamedQuestion {
  id: string;
  area: AreaId;
  prompt: string;
}

/** What an import would do, shown before anything is written. */
export interface ImportPreview {
  /** Names this validated file for applyImport; valid for a few minutes. Null when the file cannot be imported. */
  importId: string | null;
  fileName: string;
  /** install: new pack; update: newer version; same-version: nothing to do; older-version: needs force; invalid; refused. */
  action: 'install' | 'update' | 'same-version' | 'older-version' | 'invalid' | 'refused';
  /** One sentence on what will happen or why it cannot. */
  message: string;
  errors: { path: string; message: string }[];
  warnings: { path: string; message: string }[];
  pack: {
    id: string;
    title: string;
    version: string;
    author: string | null;
    license: string | null;
    description: string | null;
    questions: number;
    byArea: Partial<Record<AreaId, number>>;
    byKind: Partial<Record<Kind, number>>;
  } | null;
  /** For an update (or an older version): the installed version and what changes, each question named. */
  update: { fromVersion: string; added: NamedQuestion[]; changed: NamedQuestion[]; retired: NamedQuestion[] } | null;
}

export interface ImportResult {
  packId: string;
  version: string;
  action: 'added' | 'updated' | 'unchanged';
  added: number;
  changed: number;
  retired: number;
}

export interface ImportProgress {
  state: 'pending' | 'running' | 'done' | 'failed';
  done: number;
  total: number;
}

// recordings
/** A recorded answer (see shared/recordings.ts and electron/services/recordings.ts). */
export interface RecordingView {
  id: number;
  /** Null once its drill was deleted (the recording stays with its attempt). */
  sessionId: number | null;
  position: number;
  /** 0 for the main answer, 1..n for a mock loop's follow-up answers. */
  part: number;
  /** The saved answer it belongs to, once there is one. */
  attemptId: number | null;
  mime: string;
  bytes: number;
  durationMs: number;
  /** recording: chunks may still come (or the app stopped mid-recording; what arrived replays); complete: stopped. */
  status: 'recording' | 'complete';
  createdAt: string;
}

/** A piece of a recording's audio, base64, from `offset`; `done` when it reaches the end. */
export interface RecordingAudio {
  mime: string;
  offset: number;
  data: string;
  totalBytes: number;
  done: boolean;
}

export interface RecordingsUsage {
  count: number;
  bytes: number;
  /** The oldest recording's instant, or null when there are none. */
  oldestAt: string | null;
}
// end recordings

/** The services' side of every method browser mode offers: takes the parsed argument, returns the value or throws. */
export type ServiceApi = { [M in ServiceMethod]: (arg: ParsedArg<M>) => ServiceValue<M> };
/** The desktop shell's own methods (native dialogs, links); they may wait on the user. */
export type ShellApi = { [M in DesktopOnlyMethod]: (arg: ParsedArg<M>) => Promise<ApiValue<M>> };

export type BridgeCall<M extends ApiMethod> = (arg: ApiArg<M>) => Promise<Result<ApiValue<M>>>;
/** What the renderer calls, over IPC or HTTP alike. Desktop-only methods are absent in browser mode. */
export type Bridge = { [M in ServiceMethod]: BridgeCall<M> } & { [M in DesktopOnlyMethod]?: BridgeCall<M> };
/** What the Electron preload exposes as `window.mldrill`: exactly one call per method the desktop offers. */
export type DesktopBridge = { [M in ApiMethod]: BridgeCall<M> };
