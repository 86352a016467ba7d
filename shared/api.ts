/**
 * The shapes that cross between the UI and the services, as types only: the renderer imports this file without
 * pulling in zod. The methods themselves, with their schemas, are declared once in ./methods.ts.
 */
import type { AreaId, Kind, Level, Role } from './areas';
import type { DraftPhase, DrillMode, SessionStatus, Theme } from './enums';
import type { ApiArg, ApiMethod, ApiValue, DesktopOnlyMethod, DraftState, ParsedArg, ServiceMethod } from './methods';
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

/** The services' side of every method browser mode offers: takes the parsed argument, returns the value or throws. */
export type ServiceApi = { [M in ServiceMethod]: (arg: ParsedArg<M>) => ApiValue<M> };
/** The desktop shell's own methods (native dialogs, links); they may wait on the user. */
export type ShellApi = { [M in DesktopOnlyMethod]: (arg: ParsedArg<M>) => Promise<ApiValue<M>> };

export type BridgeCall<M extends ApiMethod> = (arg: ApiArg<M>) => Promise<Result<ApiValue<M>>>;
/** What the renderer calls, over IPC or HTTP alike. Desktop-only methods are absent in browser mode. */
export type Bridge = { [M in ServiceMethod]: BridgeCall<M> } & { [M in DesktopOnlyMethod]?: BridgeCall<M> };
/** What the Electron preload exposes as `window.mldrill`: exactly one call per method the desktop offers. */
export type DesktopBridge = { [M in ApiMethod]: BridgeCall<M> };
