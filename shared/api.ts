/**
 * The whole API between the UI and the services, declared once. The Electron main process and the browser-mode
 * server both parse every argument with these schemas and answer with Result<T>; the renderer only ever sees
 * `Bridge`, whichever transport carries it.
 */
import { z } from 'zod';
import { AREA_IDS, LEVELS, type AreaId, type Kind, type Level, type Role } from './areas';
import type { Result } from './result';
import { RATING_MAX, type Ratings } from './scoring';

import { MAX_ANSWER_CHARS, MAX_NOTE_CHARS, MAX_SESSION_QUESTIONS } from './limits';

export { MAX_ANSWER_CHARS, MAX_NOTE_CHARS, MAX_SESSION_QUESTIONS };

export type DrillMode = 'practice' | 'strict';
export type Theme = 'system' | 'light' | 'dark';

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

/** Everything needed to put the user back exactly where they were in a question. */
export interface DraftState {
  phase: 'answer' | 'grade' | 'review';
  answer: string;
  /** Answer time so far, from a monotonic clock. */
  elapsedMs: number;
  ticked: string[];
  suggested: string[];
  ratings: Partial<Ratings>;
  note: string;
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
  status: 'active' | 'finished' | 'abandoned';
  startedAt: string;
  /** Index of the question being answered; equals questions.length when every question is saved. */
  position: number;
  questions: QuestionView[];
  drafts: Record<number, DraftState>;
  attempts: AttemptBrief[];
}

export interface SessionSummary {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  attempts: (AttemptBrief & { prompt: string; ratings: Ratings })[];
  meanCoverage: number | null;
  totalMs: number;
}

export interface Api {
  getHome(arg: Record<string, never>): HomeView;
  updateSettings(arg: Partial<Settings>): Settings;
  startSession(arg: { areas: AreaId[]; level: Level | 'any'; count: number }): SessionView;
  getSession(arg: { sessionId: number }): SessionView;
  saveDraft(arg: { sessionId: number; position: number; draft: DraftState }): { savedAt: string };
  saveAttempt(arg: {
    sessionId: number;
    position: number;
    answer: string;
    answerMs: number;
    ticked: string[];
    suggested: string[];
    ratings: Ratings;
    note: string;
  }): { attemptId: number; session: SessionView };
  abandonSession(arg: { sessionId: number }): { abandoned: true };
  getSummary(arg: { sessionId: number }): SessionSummary;
  getProgress(arg: Record<string, never>): AreaProgress[];
}

export type ApiMethod = keyof Api;
export type ApiArg<M extends ApiMethod> = Parameters<Api[M]>[0];
export type ApiValue<M extends ApiMethod> = ReturnType<Api[M]>;

/** What the renderer calls; the same shape over Electron IPC and over HTTP. */
export type Bridge = { [M in ApiMethod]: (arg: ApiArg<M>) => Promise<Result<ApiValue<M>>> };

/** What the Electron preload exposes as `window.mldrill`. */
export interface DesktopBridge {
  call<M extends ApiMethod>(method: M, arg: ApiArg<M>): Promise<Result<ApiValue<M>>>;
  /** Asks the user (a native dialog), then opens an http(s) link in the system browser; the main process checks the scheme. */
  openExternal(url: string): Promise<Result<{ opened: boolean }>>;
}

const id = z.number().int().positive();
const position = z.number().int().min(0).max(MAX_SESSION_QUESTIONS);
const itemIds = z.array(z.string().max(40)).max(12);
const rating = z.number().int().min(0).max(RATING_MAX);
const ratingsSchema = z.strictObject({ clarity: rating, judgment: rating, constraints: rating, communication: rating });
const elapsed = z.number().int().min(0).max(7 * 24 * 3600 * 1000);

export const draftSchema = z.strictObject({
  phase: z.enum(['answer', 'grade', 'review']),
  answer: z.string().max(MAX_ANSWER_CHARS),
  elapsedMs: elapsed,
  ticked: itemIds,
  suggested: itemIds,
  ratings: ratingsSchema.partial(),
  note: z.string().max(MAX_NOTE_CHARS),
});

const empty = z.strictObject({});

/** One schema per method: the main process and the server parse every argument with these. */
export const API_SCHEMAS = {
  getHome: empty,
  updateSettings: z.strictObject({
    mode: z.enum(['practice', 'strict']).optional(),
    theme: z.enum(['system', 'light', 'dark']).optional(),
    defaultCount: z.number().int().min(1).max(MAX_SESSION_QUESTIONS).optional(),
  }),
  startSession: z.strictObject({
    areas: z.array(z.enum(AREA_IDS)).min(1, 'choose at least one area').max(AREA_IDS.length),
    level: z.enum([...LEVELS, 'any']),
    count: z.number().int().min(1).max(MAX_SESSION_QUESTIONS),
  }),
  getSession: z.strictObject({ sessionId: id }),
  saveDraft: z.strictObject({ sessionId: id, position, draft: draftSchema }),
  saveAttempt: z.strictObject({
    sessionId: id,
    position,
    answer: z.string().max(MAX_ANSWER_CHARS),
    answerMs: elapsed,
    ticked: itemIds,
    suggested: itemIds,
    ratings: ratingsSchema,
    note: z.string().max(MAX_NOTE_CHARS),
  }),
  abandonSession: z.strictObject({ sessionId: id }),
  getSummary: z.strictObject({ sessionId: id }),
  getProgress: empty,
} satisfies { [M in ApiMethod]: z.ZodType<ApiArg<M>> };

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.hasOwn(API_SCHEMAS, name);
}
