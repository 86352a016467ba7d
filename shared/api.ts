/**
 * The shapes that cross between the UI and the services, as types only: the renderer imports this file without
 * pulling in zod. The methods themselves, with their schemas, are declared once in ./methods.ts.
 */
import type { AreaId, Kind, Level, Role } from './areas';
import type { DraftPhase, DrillMode, SessionStatus, Theme } from './enums';
import type { ApiArg, ApiMethod, ApiValue, DesktopOnlyMethod, DraftState, ParsedArg, ServiceMethod, ServiceValue } from './methods';
import type { Result } from './result';
import type { Ratings } from './scoring';

export type { ApiArg, ApiMethod, ApiValue, DraftState, DraftPhase, DrillMode, SessionStatus, Theme };

export interface Settings {
  mode: DrillMode;
  theme: Theme;
  defaultCount: number;
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
}

export interface ActiveSessionInfo {
  id: number;
  startedAt: string;
  position: number;
  total: number;
}

export interface HomeView {
  areas: AreaProgress[];
  settings: Settings;
  activeSession: ActiveSessionInfo | null;
}

export interface ChecklistItemView {
  id: string;
  text: string;
  keywords: string[];
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
}

/** A draft as stored: the on-screen state and its revision, which every write must name (see saveDraft). */
export interface SavedDraft {
  state: DraftState;
  revision: number;
}

export interface AttemptBrief {
  position: number;
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
}

export interface SessionSummary {
  id: number;
  status: SessionStatus;
  startedAt: string;
  finishedAt: string | null;
  /** Questions the drill held, answered or not. */
  total: number;
  attempts: (AttemptBrief & { prompt: string; ratings: Ratings })[];
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

/** The services' side of every method browser mode offers: takes the parsed argument, returns the value or throws. */
export type ServiceApi = { [M in ServiceMethod]: (arg: ParsedArg<M>) => ServiceValue<M> };
/** The desktop shell's own methods (native dialogs, links); they may wait on the user. */
export type ShellApi = { [M in DesktopOnlyMethod]: (arg: ParsedArg<M>) => Promise<ApiValue<M>> };

export type BridgeCall<M extends ApiMethod> = (arg: ApiArg<M>) => Promise<Result<ApiValue<M>>>;
/** What the renderer calls, over IPC or HTTP alike. Desktop-only methods are absent in browser mode. */
export type Bridge = { [M in ServiceMethod]: BridgeCall<M> } & { [M in DesktopOnlyMethod]?: BridgeCall<M> };
/** What the Electron preload exposes as `window.mldrill`: exactly one call per method the desktop offers. */
export type DesktopBridge = { [M in ApiMethod]: BridgeCall<M> };
