/**
 * The method table: every call the UI can make, declared once. Each entry holds the zod schema of its argument
 * (the argument's type is inferred from it), the type of its value, whether it reads or writes and which reads a
 * write makes stale, its payload kind, its body limit over HTTP, and the hosts that offer it.
 *
 * Derived from this table: the dispatcher (electron/services/dispatch.ts), the HTTP routes and body limits
 * (electron/server/serve.ts), the preload bridge (electron/shell/preload.ts), the renderer bridge and its query
 * invalidation (renderer/src/transport.ts, through the build-time constant `__MLDRILL_METHODS__`, so the renderer
 * bundle carries no zod), and the typed fake the tests use (test/fixtures/fake-bridge.ts).
 */
import { z } from 'zod';
import type {
  BackupView,
  StorageStatus,
  BrowseItem,
  DashboardView,
  ExportedFile,
  HomeView,
  ImportPreview,
  ImportProgress,
  ImportResult,
  PackInfo,
  ProgressReport,
  QuestionBrief,
  QuestionHistory,
  SearchHit,
  SessionSummary,
  SessionView,
  Settings,
  TranscriptionStatus,
  AttemptEntry,
  RecordingAudio,
  RecordingView,
  RecordingsUsage,
  LoopTemplateInfo,
  LoopResult,
} from './api';
import { AREA_IDS, KINDS, LEVELS, ROLES } from './areas';
import { MAX_PACK_BYTES, MAX_STAGES, questionSchema } from './pack-schema';
import { MAX_FOLLOW_UPS, MAX_LOOP_ROUNDS } from './loops/template';
import { DRAFT_PHASES, DRILL_FOCUSES, DRILL_MODES, THEMES } from './enums';
import { dayOfLabel } from './learning/days';
import { QUESTION_STATUSES } from './learning/schedule';
import { MAX_ANSWER_CHARS, MAX_NOTE_CHARS, MAX_SESSION_QUESTIONS, MAX_URL_CHARS } from './limits';
import { RATING_DIMENSIONS, RATING_MAX } from './scoring';
import { TRANSCRIBE_CHUNK_BASE64_CHARS } from './transcription';
import { MAX_CHUNK_BYTES, MAX_RECORDING_PART, RECORDING_MIMES, base64Length } from './recordings';

/** Where a method is offered: the desktop app (IPC) and browser mode (HTTP). Services run in both. */
export const HOSTS = ['desktop', 'browser'] as const;
export type Host = (typeof HOSTS)[number];
const EVERYWHERE = HOSTS;
const DESKTOP_ONLY = ['desktop'] as const;

/** read: no change; write: changes stored data; action: a desktop capability such as a native dialog. */
export type Access = 'read' | 'write' | 'action';
/** How the argument travels. Every method is JSON today; recordings and pack files will travel as bytes. */
export type Payload = 'json' | 'bytes';

/** Small requests get small limits, so a hostile page cannot make the server buffer megabytes for a read. */
const SMALL_BODY = 16 * 1024;
/** An answer of MAX_ANSWER_CHARS characters, each escaped to at most 6 bytes of JSON, plus the rest. */
const ANSWER_BODY = MAX_ANSWER_CHARS * 6 + 64 * 1024;

declare const RETURNS: unique symbol;

interface Spec {
  readonly arg: z.ZodType;
  readonly access: Access;
  /** Reads whose cached answers this call makes stale (writes only). */
  readonly invalidates: readonly string[];
  readonly payload: Payload;
  readonly hosts: readonly Host[];
  readonly maxBodyBytes: number;
  /** The services answer this one with a promise (work off the main thread, such as a pack import). */
  readonly async?: true;
}

/** Declares a method whose value has type R; the schema, access and hosts are checked against Spec. */
const method =
  <R>() =>
  <const S extends Spec>(spec: S) =>
    spec as S & { readonly [RETURNS]: R };

const id = z.number().int().positive();
const position = z.number().int().min(0).max(MAX_SESSION_QUESTIONS - 1);
/** The draft revision the caller last saw (0 before the first write); a stale one is refused. */
const revision = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const itemIds = z.array(z.string().max(40)).max(12);
const rating = z.number().int().min(0).max(RATING_MAX);
const ratingsSchema = z.strictObject(
  Object.fromEntries(RATING_DIMENSIONS.map((d) => [d.id, rating])) as Record<(typeof RATING_DIMENSIONS)[number]['id'], typeof rating>,
);
const elapsed = z.number().int().min(0).max(7 * 24 * 3600 * 1000);
const answer = z.string().max(MAX_ANSWER_CHARS);
const note = z.string().max(MAX_NOTE_CHARS);
const empty = z.strictObject({});

/**
 * What a mock-loop answer holds beyond the main answer (shared/loops/run.ts): the part being answered (0 the main
 * answer, then each follow-up), the follow-up answers so far, the main answer's elapsed time at each stage's end, and
 * whether the candidate has moved on from it. Kept through grading, and stored with the attempt when it is saved.
 */
export const loopDraftSchema = z.strictObject({
  part: z.number().int().min(0).max(MAX_FOLLOW_UPS),
  followUps: z.array(z.strictObject({ answer, elapsedMs: elapsed })).max(MAX_FOLLOW_UPS),
  stageEnds: z.array(elapsed).max(MAX_STAGES),
  done: z.boolean(),
});

/** The on-screen state of an unsaved question, one shape per phase; what is saved as a draft and restored. */
export const draftSchema = z.discriminatedUnion('phase', [
  z.strictObject({ phase: z.literal(DRAFT_PHASES[0]), answer, elapsedMs: elapsed, loop: loopDraftSchema.optional() }),
  z.strictObject({ phase: z.literal(DRAFT_PHASES[1]), answer, elapsedMs: elapsed, ticked: itemIds, suggested: itemIds, ratings: ratingsSchema.partial(), loop: loopDraftSchema.optional() }),
  z.strictObject({ phase: z.literal(DRAFT_PHASES[2]), answer, elapsedMs: elapsed, ticked: itemIds, suggested: itemIds, ratings: ratingsSchema, note, loop: loopDraftSchema.optional() }),
]);

const readEverywhere = { access: 'read', invalidates: [], payload: 'json', hosts: EVERYWHERE, maxBodyBytes: SMALL_BODY } as const;
const writeEverywhere = { access: 'write', payload: 'json', hosts: EVERYWHERE, maxBodyBytes: SMALL_BODY } as const;
/** A pack file's text in a JSON body: at most MAX_PACK_BYTES of UTF-8, plus room for JSON escapes. */
const PACK_BODY = MAX_PACK_BYTES * 2 + 64 * 1024;
const packId = z.string().min(1).max(64);
const fileName = z.string().min(1).max(255);
/** Which questions a list or an export takes: each field optional, AND between fields, OR within one. */
const whereSchema = z.strictObject({
  packs: z.array(packId).max(100).optional(),
  areas: z.array(z.enum(AREA_IDS)).max(AREA_IDS.length).optional(),
  kinds: z.array(z.enum(KINDS)).max(KINDS.length).optional(),
  levels: z.array(z.enum(LEVELS)).max(LEVELS.length).optional(),
  roles: z.array(z.enum(ROLES)).max(ROLES.length).optional(),
  tags: z.array(z.string().max(32)).max(50).optional(),
  /** Questions with a checklist item naming any of these concepts. */
  concepts: z.array(z.string().max(40)).max(50).optional(),
  /** `q-1` or `pack-id/q-1`. */
  ids: z.array(z.string().max(160)).max(5000).optional(),
});
export type Where = z.infer<typeof whereSchema>;
const packMeta = {
  id: z.string().max(64),
  title: z.string().max(120),
  version: z.string().max(32),
  author: z.string().max(120).optional(),
  license: z.string().max(64).optional(),
  description: z.string().max(4000).optional(),
};
/** Reads that show practice figures: any change to attempts, cards, packs or settings makes them stale. */
const LEARNING_READS = ['getHome', 'getProgress', 'getDashboard', 'browseQuestions', 'getQuestionHistory'] as const;

/** What changes the set of packs or questions makes stale. */
const AFTER_PACKS = ['listPacks', 'listQuestions', 'getQuestion', ...LEARNING_READS, 'searchAnswers'] as const;

/** What a saved, skipped or ended question makes stale. */
const AFTER_QUESTION = [...LEARNING_READS, 'getSession', 'getSummary', 'listPacks', 'searchAnswers'] as const;

const dateLabel = z.string().refine((v) => dayOfLabel(v) !== null, 'must be a date, YYYY-MM-DD');

export const METHODS = {
  getHome: method<HomeView>()({ ...readEverywhere, arg: empty }),
  getProgress: method<ProgressReport>()({ ...readEverywhere, arg: empty }),
  updateSettings: method<Settings>()({
    ...writeEverywhere,
    invalidates: [...LEARNING_READS, 'getTranscriptionStatus'],
    arg: z.strictObject({
      mode: z.enum(DRILL_MODES).optional(),
      theme: z.enum(THEMES).optional(),
      defaultCount: z.number().int().min(1).max(MAX_SESSION_QUESTIONS).optional(),
      dayStartHour: z.number().int().min(0).max(23).optional(),
      maxReviewsPerDay: z.number().int().min(1).max(500).optional(),
      newPerDay: z.number().int().min(0).max(100).optional(),
      interviewDate: dateLabel.nullable().optional(),
      interviewAreas: z.array(z.enum(AREA_IDS)).min(1, 'choose at least one area').max(AREA_IDS.length).optional(),
      showStreaks: z.boolean().optional(),
      backupsKept: z.number().int().min(1).max(100).optional(),
      answerByTyping: z.boolean().optional(),
      /** An absolute folder path (checked by the services, which know the platform's paths), or null for none. */
      transcriptionModelDir: z
        .string()
        .min(1)
        .max(1024)
        .refine((v) => !v.includes('\0'), 'must not contain a NUL character')
        .nullable()
        .optional(),
    }),
  }),
  /** The integrity check's result, what the app did to keep the data safe, where the files are, and the backups. */
  getStorageStatus: method<StorageStatus>()({ ...readEverywhere, arg: empty }),
  /** Takes a backup now with SQLite's online backup (the UI keeps answering while it runs). */
  createBackup: method<BackupView>()({ ...writeEverywhere, invalidates: ['getStorageStatus'], async: true, arg: empty }),
  /**
   * Replaces the database with a backup, after taking a backup of the current state: the services close the
   * database, put the backup in place and open it again, without a restart.
   */
  restoreBackup: method<{ restored: BackupView; saved: BackupView | null }>()({
    ...writeEverywhere,
    invalidates: [...LEARNING_READS, 'getStorageStatus', 'listPacks', 'listQuestions', 'getQuestion', 'getSession', 'getSummary', 'searchAnswers'],
    async: true,
    arg: z.strictObject({ name: z.string().min(1).max(120) }),
  }),
  /** Everything the dashboard charts: mastery per area, weekly trends, practice days, streaks, weak concepts. */
  getDashboard: method<DashboardView>()({ ...readEverywhere, arg: empty }),
  /** Questions on offer with their status (new, due, learning, mastered); `status` narrows to some. */
  browseQuestions: method<BrowseItem[]>()({
    ...readEverywhere,
    arg: z.strictObject({ where: whereSchema, status: z.array(z.enum(QUESTION_STATUSES)).max(QUESTION_STATUSES.length).optional() }),
  }),
  /** Every attempt and skip of one question, newest first, with its card. */
  getQuestionHistory: method<QuestionHistory>()({ ...readEverywhere, arg: z.strictObject({ packId, id: z.string().max(80) }) }),
  /** Corrects a saved grade: re-tick, re-rate, edit the note. The question's card is recomputed. */
  editAttempt: method<AttemptEntry>()({
    ...writeEverywhere,
    maxBodyBytes: MAX_NOTE_CHARS * 6 + SMALL_BODY,
    invalidates: [...LEARNING_READS, 'getSummary', 'searchAnswers'],
    arg: z.strictObject({ attemptId: id, ticked: itemIds, ratings: ratingsSchema, note }),
  }),
  /** Full-text search over past answers and notes. */
  searchAnswers: method<SearchHit[]>()({
    ...readEverywhere,
    arg: z.strictObject({ query: z.string().max(200), limit: z.number().int().min(1).max(200).optional() }),
  }),
  startSession: method<SessionView>()({
    ...writeEverywhere,
    invalidates: ['getHome'],
    arg: z.strictObject({
      areas: z.array(z.enum(AREA_IDS)).min(1, 'choose at least one area').max(AREA_IDS.length),
      level: z.enum([...LEVELS, 'any']),
      count: z.number().int().min(1).max(MAX_SESSION_QUESTIONS),
      /** What to pick (default mixed: due first, then new, then least recalled). */
      focus: z.enum(DRILL_FOCUSES).optional(),
      /** Narrows the pick further: a custom mix by tag, kind, role, level or concept. */
      filter: whereSchema.pick({ tags: true, kinds: true, roles: true, levels: true, concepts: true }).optional(),
      /** These questions, in this order, instead of picking by areas and level (drill one question, or a selection). */
      only: z
        .array(z.strictObject({ packId: z.string().min(1).max(64), id: z.string().min(1).max(80) }))
        .min(1)
        .max(MAX_SESSION_QUESTIONS)
        .optional(),
    }),
  }),
  getSession: method<SessionView>()({ ...readEverywhere, arg: z.strictObject({ sessionId: id }) }),
  // mock loops
  /** The loop templates shipped in resources/loops, each with the rounds it runs. */
  listLoopTemplates: method<LoopTemplateInfo[]>()({ ...readEverywhere, arg: empty }),
  /** Starts a mock loop: the template filled for a role and level (due and weak questions first, none twice). */
  startLoop: method<SessionView>()({
    ...writeEverywhere,
    invalidates: ['getHome'],
    arg: z.strictObject({ templateId: z.string().min(1).max(64), role: z.enum(ROLES), level: z.enum(LEVELS) }),
  }),
  /** Starts a loop's next round: its clock runs from now, and does not stop until the round ends. */
  startLoopRound: method<SessionView>()({ ...writeEverywhere, invalidates: ['getSession'], arg: z.strictObject({ sessionId: id, round: z.number().int().min(0).max(MAX_LOOP_ROUNDS - 1) }) }),
  /** Saves the answer at a position as final for the round (its follow-ups included) and moves to the next question. */
  advanceLoop: method<SessionView>()({
    ...writeEverywhere,
    invalidates: ['getSession'],
    maxBodyBytes: ANSWER_BODY,
    arg: z.strictObject({ sessionId: id, position, revision, draft: draftSchema }),
  }),
  /** Ends a round (its time is up, or the candidate ends it): questions not reached are skipped, the rest go to grading. */
  endLoopRound: method<SessionView>()({ ...writeEverywhere, invalidates: ['getSession', 'getHome'], arg: z.strictObject({ sessionId: id, round: z.number().int().min(0).max(MAX_LOOP_ROUNDS - 1) }) }),
  /** A finished or ended loop, round by round: coverage and ratings, time per stage against its box, readiness per area. */
  getLoopResult: method<LoopResult>()({ ...readEverywhere, arg: z.strictObject({ sessionId: id }) }),
  saveDraft: method<{ savedAt: string; revision: number }>()({
    ...writeEverywhere,
    invalidates: ['getSession'],
    maxBodyBytes: ANSWER_BODY,
    arg: z.strictObject({ sessionId: id, position, revision, draft: draftSchema }),
  }),
  saveAttempt: method<{ attemptId: number; session: SessionView }>()({
    ...writeEverywhere,
    invalidates: AFTER_QUESTION,
    maxBodyBytes: ANSWER_BODY,
    arg: z.strictObject({
      sessionId: id,
      position,
      revision,
      answer,
      answerMs: elapsed,
      ticked: itemIds,
      suggested: itemIds,
      ratings: ratingsSchema,
      note,
    }),
  }),
  skipQuestion: method<{ session: SessionView }>()({
    ...writeEverywhere,
    invalidates: AFTER_QUESTION,
    arg: z.strictObject({ sessionId: id, position, revision }),
  }),
  abandonSession: method<{ abandoned: true }>()({ ...writeEverywhere, invalidates: AFTER_QUESTION, arg: z.strictObject({ sessionId: id }) }),
  getSummary: method<SessionSummary>()({ ...readEverywhere, arg: z.strictObject({ sessionId: id }) }),
  listPacks: method<PackInfo[]>()({ ...readEverywhere, arg: empty }),
  listQuestions: method<QuestionBrief[]>()({ ...readEverywhere, arg: z.strictObject({ where: whereSchema }) }),
  /** One question in the pack format, for editing in My questions. */
  getQuestion: method<z.infer<typeof questionSchema>>()({ ...readEverywhere, arg: z.strictObject({ packId, id: z.string().max(80) }) }),
  setPackEnabled: method<PackInfo>()({ ...writeEverywhere, invalidates: AFTER_PACKS, arg: z.strictObject({ packId, enabled: z.boolean() }) }),
  /** Removes a pack; with keepHistory its attempts stay (the pack is hidden, its questions retired). */
  removePack: method<{ attemptsDeleted: number }>()({
    ...writeEverywhere,
    invalidates: AFTER_PACKS,
    arg: z.strictObject({ packId, keepHistory: z.boolean() }),
  }),
  exportPack: method<ExportedFile>()({ ...readEverywhere, arg: z.strictObject({ packId, format: z.enum(['json', 'csv']) }) }),
  exportSelection: method<ExportedFile>()({ ...readEverywhere, arg: z.strictObject({ where: whereSchema, ...packMeta }) }),
  /** Validates a pack (JSON or CSV) and says what importing it would do; writes nothing. */
  previewImport: method<ImportPreview>()({
    ...readEverywhere,
    maxBodyBytes: PACK_BODY,
    arg: z.strictObject({ fileName, text: z.string().max(MAX_PACK_BYTES) }),
  }),
  /** Applies a previewed import in one transaction, off the main thread; an older version needs force. */
  applyImport: method<ImportResult>()({
    ...writeEverywhere,
    invalidates: AFTER_PACKS,
    async: true,
    arg: z.strictObject({ importId: z.string().max(64), force: z.boolean() }),
  }),
  getImportProgress: method<ImportProgress>()({ ...readEverywhere, arg: z.strictObject({ importId: z.string().max(64) }) }),
  /** Adds or replaces a question in the user's own pack, validated with the pack format's schema. */
  saveMyQuestion: method<QuestionBrief>()({ ...writeEverywhere, invalidates: AFTER_PACKS, maxBodyBytes: 256 * 1024, arg: z.strictObject({ question: questionSchema }) }),
  retireMyQuestion: method<{ retired: true }>()({ ...writeEverywhere, invalidates: AFTER_PACKS, arg: z.strictObject({ id: z.string().max(80) }) }),
  /** A progress file for instructors: figures per question and checklist item, answers only if asked. */
  exportProgress: method<ExportedFile>()({
    ...readEverywhere,
    arg: z.strictObject({ packIds: z.array(packId).min(1).max(100), displayName: z.string().max(80).optional(), includeAnswers: z.boolean() }),
  }),
  // transcription
  /** Whether the chosen speech model folder is usable (it is loaded once to find out), and what to do if not. */
  getTranscriptionStatus: method<TranscriptionStatus>()({ ...readEverywhere, async: true, arg: empty }),
  /**
   * The transcript of one piece of a recording: at most MAX_TRANSCRIBE_SECONDS of 16 kHz mono audio as base64 of
   * 16-bit little-endian PCM. The renderer cuts longer recordings at quiet points and joins the texts. Nothing is
   * stored; the text goes back to the caller only.
   */
  transcribeAudio: method<{ text: string }>()({
    access: 'read',
    invalidates: [],
    payload: 'json',
    hosts: EVERYWHERE,
    async: true,
    maxBodyBytes: TRANSCRIBE_CHUNK_BASE64_CHARS + SMALL_BODY,
    arg: z.strictObject({ pcm16: z.string().min(1).max(TRANSCRIBE_CHUNK_BASE64_CHARS) }),
  }),
  /** A native open dialog; the main process reads the chosen file (size-checked) and answers its text. */
  openFile: method<{ fileName: string; text: string } | { cancelled: true }>()({
    access: 'action',
    invalidates: [],
    payload: 'json',
    hosts: DESKTOP_ONLY,
    maxBodyBytes: SMALL_BODY,
    arg: z.strictObject({ kind: z.enum(['pack', 'progress']) }),
  }),
  /** A native folder dialog (the speech model's folder); the answer is the chosen path, read by nothing until saved. */
  chooseFolder: method<{ path: string } | { cancelled: true }>()({
    access: 'action',
    invalidates: [],
    payload: 'json',
    hosts: DESKTOP_ONLY,
    maxBodyBytes: SMALL_BODY,
    arg: z.strictObject({ purpose: z.enum(['speech-model']) }),
  }),
  /** A native save dialog; the main process writes the text to the chosen file. */
  saveFile: method<{ saved: boolean }>()({
    access: 'action',
    invalidates: [],
    payload: 'json',
    hosts: DESKTOP_ONLY,
    maxBodyBytes: PACK_BODY,
    arg: z.strictObject({ suggestedName: fileName, text: z.string().max(MAX_PACK_BYTES) }),
  }),
  /** Asks the user with a native dialog, then opens an http(s) link in the system browser. */
  openExternal: method<{ opened: boolean }>()({
    access: 'action',
    invalidates: [],
    payload: 'json',
    hosts: DESKTOP_ONLY,
    maxBodyBytes: SMALL_BODY,
    arg: z.strictObject({ url: z.string().max(MAX_URL_CHARS) }),
  }),
  // recordings
  /** Starts a recorded answer for a question of an active session; `replace` deletes an earlier one first. */
  startRecording: method<RecordingView>()({
    ...writeEverywhere,
    invalidates: ['listRecordings', 'getRecordingsUsage'],
    arg: z.strictObject({
      sessionId: id,
      position,
      part: z.number().int().min(0).max(MAX_RECORDING_PART),
      mime: z.enum(RECORDING_MIMES),
      replace: z.boolean().optional(),
    }),
  }),
  /** Appends chunk `seq` (0, 1, 2, … in order; a repeat or a gap is refused) and syncs it to disk. */
  appendRecordingChunk: method<{ bytes: number; chunks: number }>()({
    ...writeEverywhere,
    invalidates: [],
    maxBodyBytes: base64Length(MAX_CHUNK_BYTES) + SMALL_BODY,
    arg: z.strictObject({
      recordingId: id,
      seq: z.number().int().min(0).max(1_000_000),
      // An empty chunk passes here and is refused by the service with its own sentence.
      data: z
        .string()
        .max(base64Length(MAX_CHUNK_BYTES))
        // Linear on a hostile megabyte, unlike a pattern of repeated groups of four; the length makes it whole groups.
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64')
        .refine((v) => v.length % 4 === 0, 'must be base64'),
      durationMs: elapsed,
    }),
  }),
  /** Marks a recording complete once `chunks` chunks are stored (fewer: refused, naming the missing ones). */
  finishRecording: method<RecordingView>()({
    ...writeEverywhere,
    invalidates: ['listRecordings', 'getRecordingsUsage'],
    arg: z.strictObject({ recordingId: id, chunks: z.number().int().min(0).max(1_000_000), durationMs: elapsed }),
  }),
  /** The recordings of a saved answer (attemptId), or of a question in a session (sessionId and position). */
  listRecordings: method<RecordingView[]>()({
    ...readEverywhere,
    arg: z.strictObject({ attemptId: id.optional(), sessionId: id.optional(), position: position.optional() }),
  }),
  /** A piece of a recording's audio from `offset` (through the API, with its authorisation: no file route). */
  readRecording: method<RecordingAudio>()({
    ...readEverywhere,
    arg: z.strictObject({ recordingId: id, offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }),
  }),
  deleteRecording: method<{ deleted: true }>()({
    ...writeEverywhere,
    invalidates: ['listRecordings', 'getRecordingsUsage'],
    arg: z.strictObject({ recordingId: id }),
  }),
  /** How many recordings there are and the space they take. */
  getRecordingsUsage: method<RecordingsUsage>()({ ...readEverywhere, arg: empty }),
  /** Deletes the recordings older than `olderThanDays` days, or every one when it is null. */
  deleteRecordings: method<{ deleted: number; bytes: number }>()({
    ...writeEverywhere,
    invalidates: ['listRecordings', 'getRecordingsUsage'],
    arg: z.strictObject({ olderThanDays: z.number().int().min(1).max(36_500).nullable() }),
  }),
  /** Desktop: the main process lets the page have the microphone only while this is on (Record pressed). */
  armRecording: method<{ armed: boolean }>()({
    access: 'action',
    invalidates: [],
    payload: 'json',
    hosts: DESKTOP_ONLY,
    maxBodyBytes: SMALL_BODY,
    arg: z.strictObject({ armed: z.boolean() }),
  }),
  // end recordings
} as const;

export type Methods = typeof METHODS;
export type ApiMethod = keyof Methods;
/** What a caller passes (before the schema's defaults and transforms). */
export type ApiArg<M extends ApiMethod> = z.input<Methods[M]['arg']>;
/** What the implementation receives, after parsing. */
export type ParsedArg<M extends ApiMethod> = z.output<Methods[M]['arg']>;
export type ApiValue<M extends ApiMethod> = Methods[M][typeof RETURNS];
/** What the services' implementation returns: a promise for the methods declared async. */
export type ServiceValue<M extends ApiMethod> = Methods[M] extends { async: true } ? Promise<ApiValue<M>> : ApiValue<M>;
export type MethodsOn<H extends Host> = { [M in ApiMethod]: H extends Methods[M]['hosts'][number] ? M : never }[ApiMethod];
/** Methods the services implement: those offered in browser mode, which has nothing but the services. */
export type ServiceMethod = MethodsOn<'browser'>;
/** Methods only the desktop shell implements (native dialogs, opening links). */
export type DesktopOnlyMethod = Exclude<ApiMethod, ServiceMethod>;

export type DraftState = z.infer<typeof draftSchema>;

// A write may only invalidate reads, and every name must be a method: a compile error here otherwise.
export type ReadMethod = { [M in ApiMethod]: Methods[M]['access'] extends 'read' ? M : never }[ApiMethod];
type BadInvalidation = { [M in ApiMethod]: Exclude<Methods[M]['invalidates'][number], ReadMethod> extends never ? never : M }[ApiMethod];
type Assert<T extends true> = T;
export type InvalidatesOnlyReads = Assert<[BadInvalidation] extends [never] ? true : false>;

export const METHOD_NAMES = Object.keys(METHODS) as ApiMethod[];

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.hasOwn(METHODS, name);
}

/** The zod-free part of the table, for the renderer bundle (see vite.config.ts). */
export interface MethodMeta {
  access: Access;
  invalidates: readonly ApiMethod[];
  hosts: readonly Host[];
  payload: Payload;
}
export type MethodMetaTable = Record<ApiMethod, MethodMeta>;

export function methodMeta(): MethodMetaTable {
  return Object.fromEntries(
    METHOD_NAMES.map((m) => {
      const { access, invalidates, hosts, payload } = METHODS[m];
      return [m, { access, invalidates, hosts, payload }];
    }),
  ) as unknown as MethodMetaTable;
}
