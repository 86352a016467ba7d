/**
 * Fuzzes every method browser mode offers, through the real dispatcher (`createDispatcher`) over real services and
 * a real SQLite file. For each method, seeded fast-check runs build hostile arguments from a valid one: wrong types
 * at every field, missing and extra fields, 10 MB strings, `__proto__` / `constructor` / `prototype` as own keys
 * (made by JSON.parse, as a request body makes them), NaN, ±Infinity, -0, huge and negative integers, bigints and
 * Dates (what IPC's structured clone can carry), path traversal and NUL bytes in names, ids and file names, values
 * nested thousands deep and arrays of 100,000 entries. Then valid-but-odd arguments: the same names and ids, FTS
 * operators, SQL, limits at their edges. And names that are not methods at all.
 *
 * Every call must answer a Result (never throw, never hang, always serializable for HTTP). An argument its schema
 * refuses gets `invalid-argument` with one sentence naming the method and the field's path, in the validator's
 * wording, never zod's ("Too big: expected string…", "Invalid input", "Unrecognized key"), never echoing the input
 * whole; the database stays as it was (every table, shadow tables included, compared row by row). A read with an
 * accepted argument changes nothing either, and so does a write the services refuse.
 *
 * Reproduce a failure with MLDRILL_FUZZ_SEED=<seed> (printed with it); MLDRILL_FUZZ_RUNS sets the runs per method.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { AREA_IDS } from '../../shared/areas';
import { DRILL_FOCUSES, DRILL_MODES, THEMES } from '../../shared/enums';
import { QUESTION_STATUSES } from '../../shared/learning/schedule';
import { METHODS, METHOD_NAMES, type ApiArg, type ServiceMethod } from '../../shared/methods';
import { API_ERROR_CODES } from '../../shared/result';
import { escapeControlChars } from '../../shared/validate-pack';
import { createDispatcher, type Dispatcher } from '../../electron/services/dispatch';
import { manualClock } from '../../electron/services/clock';
import { createServices, type Services } from '../../electron/services/index';
import { pack, question } from '../fixtures/packs';
import { tempDir } from './helpers';
import { dump, fileBytes, totalChanges } from './db-state';

const SEED = Number(process.env.MLDRILL_FUZZ_SEED ?? 20_250_611);
const RUNS = Number(process.env.MLDRILL_FUZZ_RUNS ?? 120);
/** A call that has not answered by then is a hang. */
const ANSWER_WITHIN_MS = 5000;

const BROWSER_METHODS = METHOD_NAMES.filter((m) => (METHODS[m].hosts as readonly string[]).includes('browser')) as ServiceMethod[];
const RATINGS = { clarity: 3, judgment: 2, constraints: 1, communication: 4 };

// ---------------------------------------------------------------------------------------------------------------
// The world every run starts from: a bank pack, an imported pack, an answered question, an open drill with a
// draft, one of My questions, a backup and a pending import, so ids in the arguments name real rows.

interface World {
  services: Services;
  clock: ReturnType<typeof manualClock>;
  dispatch: Dispatcher;
  dataDir: string;
  bankDir: string;
  base: { [M in ServiceMethod]: ApiArg<M> };
  /** Ids that exist, to mix into the odd values. */
  real: { strings: string[]; numbers: number[] };
}

const USER_PACK = pack({ id: 'user-pack', title: 'User pack', description: 'Imported.' }, [question('q-one'), question('q-two', 'evaluation'), question('q-three')]);
const START = '2025-06-11T09:00:00Z';

/**
 * Builds the world, or copies one already built (its files, then a fresh pending import, which lives in memory):
 * each method of the second property starts from the same state without paying for the seeding again.
 */
async function world(template?: World): Promise<World> {
  const dataDir = tempDir('mldrill-fuzz-data-');
  const clock = manualClock(START);
  if (template) {
    await fileBytes(template.services.db, template.dataDir); // everything committed is in the main file
    fs.cpSync(template.dataDir, dataDir, { recursive: true });
    const services = createServices({ dataDir, bankDir: template.bankDir, clock });
    const pending = services.api.previewImport({ fileName: 'next.drillpack.json', text: JSON.stringify({ ...USER_PACK, version: '1.1.0' }) });
    const swap = (v: string) => (v === template.base.applyImport.importId ? pending.importId! : v);
    return {
      ...template,
      services,
      clock,
      dataDir,
      dispatch: createDispatcher(services.api),
      base: { ...template.base, applyImport: { importId: pending.importId!, force: false }, getImportProgress: { importId: pending.importId! } },
      real: { strings: template.real.strings.map(swap), numbers: template.real.numbers },
    };
  }
  const bankDir = tempDir('mldrill-fuzz-bank-');
  fs.writeFileSync(path.join(bankDir, 'bank.drillpack.json'), JSON.stringify(pack({ id: 'bank-pack', title: 'Bank' }, [question('b-one', 'vision'), question('b-two', 'vision')])));
  const services = createServices({ dataDir, bankDir, clock });
  const api = services.api;
  const userPack = USER_PACK;
  const preview = api.previewImport({ fileName: 'user.drillpack.json', text: JSON.stringify(userPack) });
  await api.applyImport({ importId: preview.importId!, force: false });
  const answered = api.startSession({ areas: ['evaluation'], level: 'any', count: 1 });
  const { attemptId } = api.saveAttempt({
    sessionId: answered.id,
    position: 0,
    revision: 0,
    answer: 'quokka answer about PR-AUC and the threshold',
    answerMs: 30_000,
    ticked: ['pr-auc'],
    suggested: ['pr-auc'],
    ratings: RATINGS,
    note: 'a note about calibration',
  });
  const open = api.startSession({ areas: ['fundamentals'], level: 'any', count: 2 });
  const { revision } = api.saveDraft({ sessionId: open.id, position: 0, revision: 0, draft: { phase: 'answer', answer: 'draft text', elapsedMs: 1000 } });
  api.saveMyQuestion({ question: question('my-q') as never });
  const rec = api.startRecording({ sessionId: open.id, position: 1, part: 0, mime: 'audio/webm;codecs=opus' });
  const backup = await api.createBackup({});
  const pending = api.previewImport({ fileName: 'next.drillpack.json', text: JSON.stringify({ ...userPack, version: '1.1.0' }) });

  const base: World['base'] = {
    getHome: {},
    getProgress: {},
    updateSettings: {
      mode: DRILL_MODES[1],
      theme: THEMES[2],
      defaultCount: 5,
      dayStartHour: 4,
      maxReviewsPerDay: 50,
      newPerDay: 10,
      interviewDate: '2025-07-01',
      interviewAreas: ['fundamentals', 'evaluation'],
      showStreaks: true,
      backupsKept: 5,
      answerByTyping: true,
      transcriptionModelDir: '/models/moonshine',
    },
    getStorageStatus: {},
    createBackup: {},
    restoreBackup: { name: backup.name },
    getDashboard: {},
    browseQuestions: {
      where: { packs: ['user-pack'], areas: ['fundamentals'], kinds: ['concept'], levels: ['junior'], roles: ['applied-ml'], tags: ['metrics'], concepts: ['calibration'], ids: ['q-one', 'user-pack/q-two'] },
      status: [...QUESTION_STATUSES],
    },
    getQuestionHistory: { packId: 'user-pack', id: 'q-two' },
    editAttempt: { attemptId, ticked: ['pr-auc', 'threshold'], ratings: RATINGS, note: 'edited note' },
    searchAnswers: { query: 'quokka', limit: 10 },
    startSession: {
      areas: ['fundamentals'],
      level: 'any',
      count: 2,
      focus: DRILL_FOCUSES[0],
      filter: { tags: ['metrics'], kinds: ['concept'], roles: ['applied-ml'], levels: ['junior'], concepts: ['calibration'] },
      only: [{ packId: 'user-pack', id: 'q-one' }],
    },
    getSession: { sessionId: open.id },
    listLoopTemplates: {},
    startRecording: { sessionId: open.id, position: 0, part: 1, mime: 'audio/webm;codecs=opus', replace: true },
    appendRecordingChunk: { recordingId: rec.id, seq: 0, data: 'GkXfowECAwQ=', durationMs: 1000 },
    finishRecording: { recordingId: rec.id, chunks: 0, durationMs: 1000 },
    listRecordings: { sessionId: open.id, position: 1 },
    readRecording: { recordingId: rec.id, offset: 0 },
    deleteRecording: { recordingId: rec.id },
    getRecordingsUsage: {},
    deleteRecordings: { olderThanDays: 30 },
    getTranscriptionStatus: {},
    transcribeAudio: { pcm16: 'AAAA' },
    startLoop: { templateId: 'phone-screen', role: 'applied-ml', level: 'mid' },
    startLoopRound: { sessionId: open.id, round: 0 },
    advanceLoop: { sessionId: open.id, position: 0, revision, draft: { phase: 'answer', answer: 'a', elapsedMs: 10, loop: { part: 1, followUps: [{ answer: 'f', elapsedMs: 5 }], stageEnds: [4], done: false } } },
    endLoopRound: { sessionId: open.id, round: 0 },
    getLoopResult: { sessionId: answered.id },
    saveDraft: { sessionId: open.id, position: 0, revision, draft: { phase: 'grade', answer: 'draft', elapsedMs: 2000, ticked: ['pr-auc'], suggested: [], ratings: { clarity: 2 } } },
    saveAttempt: { sessionId: open.id, position: 0, revision, answer: 'an answer', answerMs: 1000, ticked: ['pr-auc'], suggested: ['threshold'], ratings: RATINGS, note: 'n' },
    skipQuestion: { sessionId: open.id, position: 1, revision: 0 },
    abandonSession: { sessionId: open.id },
    getSummary: { sessionId: answered.id },
    listPacks: {},
    listQuestions: { where: { packs: ['user-pack', 'bank-pack'], tags: ['metrics'] } },
    getQuestion: { packId: 'my-questions', id: 'my-q' },
    setPackEnabled: { packId: 'user-pack', enabled: false },
    removePack: { packId: 'user-pack', keepHistory: true },
    exportPack: { packId: 'user-pack', format: 'csv' },
    exportSelection: { where: { packs: ['user-pack'] }, id: 'selection', title: 'A selection', version: '1.0.0', author: 'me', license: 'CC0-1.0', description: 'Some.' },
    previewImport: { fileName: 'again.drillpack.json', text: JSON.stringify(userPack) },
    applyImport: { importId: pending.importId!, force: false },
    getImportProgress: { importId: pending.importId! },
    saveMyQuestion: { question: question('my-q', 'rl', { prompt: 'My own question, edited.' }) as ApiArg<'saveMyQuestion'>['question'] },
    retireMyQuestion: { id: 'my-q' },
    exportProgress: { packIds: ['user-pack'], displayName: 'Me', includeAnswers: true },
  };
  for (const m of BROWSER_METHODS) {
    // The starting point of every mutation is itself accepted.
    expect({ m, ok: METHODS[m].arg.safeParse(base[m]).success }).toEqual({ m, ok: true });
  }
  return {
    services,
    clock,
    dispatch: createDispatcher(services.api),
    dataDir,
    bankDir,
    base,
    real: {
      strings: ['user-pack', 'bank-pack', 'my-questions', 'q-one', 'q-two', 'my-q', 'user-pack/q-one', backup.name, pending.importId!, preview.importId!],
      numbers: [open.id, answered.id, attemptId, revision, rec.id, 0, 1],
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// What "unchanged" means: every stored table, sorted in JS (WITHOUT ROWID tables have no rowid, and the FTS
// shadow tables are tables too), plus the schema, plus the connection's change counter.


// ---------------------------------------------------------------------------------------------------------------
// Hostile values. The large ones are built once and shared: a case costs a reference, not 10 MB.

/** Shown by its size in a counterexample, not entry by entry. */
const named = <T extends object>(value: T, name: string): T => Object.defineProperty(value, fc.toStringMethod, { value: () => name });
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();
const TEN_MB = 'x'.repeat(10 * 1024 * 1024);
const NULS = '\u0000'.repeat(200_000);
/** As deep as a 16 kB body can nest (the smallest body limit), and as deep as a 256 kB one can. */
const DEEP_ARRAY = named(JSON.parse(`${'['.repeat(8000)}${']'.repeat(8000)}`) as object, '[8000 arrays deep]');
const DEEPER_ARRAY = named(JSON.parse(`${'['.repeat(120_000)}${']'.repeat(120_000)}`) as object, '[120000 arrays deep]');
const DEEP_OBJECT = named(JSON.parse(`${'{"a":'.repeat(2600)}1${'}'.repeat(2600)}`) as object, '{2600 objects deep}');
const LONG_ARRAY = named(Array.from({ length: 100_000 }, (_, i) => `q-${i}`), '[100000 ids]');
const IDS_5000 = named(Array.from({ length: 5000 }, (_, i) => `q-${i}`), '[5000 ids]');
const WIDE_OBJECT = named(JSON.parse(`{${Array.from({ length: 10_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`) as object, '{10000 keys}');
const CYCLE: Record<string, unknown> = { a: 1 };
CYCLE.self = CYCLE;
/** Own keys named like the prototype's, exactly as JSON.parse builds them from a request body. */
const PROTO_OBJECTS = [
  JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
  JSON.parse('{"constructor": {"prototype": {"polluted": true}}}') as unknown,
  JSON.parse('{"prototype": {"polluted": true}, "__proto__": null}') as unknown,
  JSON.parse('[{"__proto__": {"polluted": true}}]') as unknown,
];

const TRAVERSAL = [
  '../../etc/passwd',
  '..\\..\\..\\windows\\win.ini',
  '..\\..\\',
  '../',
  '/etc/passwd',
  'C:\\Windows\\System32\\config\\SAM',
  '\\\\server\\share\\x',
  'file:///etc/passwd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '..%c0%af..%c0%af',
  'a\u0000b',
  '\u0000',
  '../../etc/passwd\u0000.drillpack.json',
  'mldrill.sqlite',
  '../mldrill.sqlite',
  'backups/../../mldrill.sqlite',
  'CON',
  'nul.json',
  '.',
  '..',
];
const WEIRD = [
  '',
  ' ',
  '\t\n\r',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  "'; DROP TABLE attempts; --",
  '" OR 1=1 --',
  "' OR '1'='1",
  '\u202egnp.exe',
  '\u2028\u2029',
  '\ud800',
  '\udfff\ud800',
  '😀'.repeat(30),
  'ǅ',
  '\u001b[31mred\u001b[0m',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  'null',
  'undefined',
  '{}',
  '[]',
];
/** Full-text search syntax, unbalanced and otherwise. */
const FTS = ['"', '""', '"unbalanced', '*', 'x*', '^x', 'NEAR(a b, 2)', 'NEAR(', 'a AND', 'OR', 'AND OR NOT', '(', ')', '()', '-x', 'answer:x', 'note:', '{answer note}: x', ':', 'a:b:c', '\\', "'", '+', 'x"y', '∗', 'quokka OR'];

const number = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 1.5, -1.5, 0.1, NaN, Infinity, -Infinity, 2 ** 31, 2 ** 32, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), -(2 ** 63), 1e21, 1e308, Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON),
  fc.integer(),
  fc.double(),
  fc.maxSafeInteger(),
);
const string = fc.oneof(
  fc.constantFrom(...TRAVERSAL, ...WEIRD, ...FTS),
  fc.constantFrom(TEN_MB, NULS, 'x'.repeat(100_001), 'x'.repeat(65), 'x'.repeat(256), 'x'.repeat(4001), 'é'.repeat(20_000)),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
);
/** Values only IPC's structured clone could carry (HTTP bodies are JSON). */
const cloneOnly = fc.constantFrom<unknown>(undefined, 10n, -(2n ** 64n), new Date(0), new Date(NaN), new Map([['a', 1]]), new Set([1]), new Uint8Array(4), /x/g, CYCLE);
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: number, weight: 4 },
  { arbitrary: string, weight: 5 },
  { arbitrary: fc.constantFrom<unknown>(null, true, false), weight: 2 },
  { arbitrary: cloneOnly, weight: 1 },
  { arbitrary: fc.constantFrom<unknown>(...PROTO_OBJECTS), weight: 2 },
  { arbitrary: fc.constantFrom<unknown>(DEEP_ARRAY, DEEPER_ARRAY, DEEP_OBJECT, LONG_ARRAY, WIDE_OBJECT, [], {}, [null], [[]], [{}]), weight: 2 },
  { arbitrary: fc.array(fc.oneof(number, string, fc.constant(null)), { maxLength: 4 }), weight: 2 },
  { arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(number, string), { maxKeys: 3 }), weight: 1 },
);
/** Names for extra fields: prototype names, traversal, control characters, a 10 kB key. */
const extraKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'sql', 'toString', '', ' ', '../../etc/passwd', 'a\u0000b', '\u001b[2J', 'x'.repeat(10_000), 'ratings', '0', 'then'),
  fc.string({ maxLength: 12 }),
);

/** A path into the argument, chosen by index at each level; the change lands where the path ends. */
interface Mutation {
  op: 'replace' | 'delete' | 'add' | 'root';
  steps: number[];
  value: unknown;
  key: string;
}
const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.oneof({ arbitrary: fc.constant('replace' as const), weight: 6 }, fc.constantFrom('delete' as const, 'add' as const), { arbitrary: fc.constant('root' as const), weight: 1 }),
  steps: fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
  value: hostile,
  key: extraKey,
});

const isContainer = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype);

/** Defines an own property, as JSON.parse does, so "__proto__" becomes a key and not the prototype. */
function define(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
}

/**
 * Applies a change to a copy of `arg`: walks `steps` into nested objects and arrays, then replaces, deletes or adds
 * (an own key on an object, an entry on an array) there; `root` replaces the whole argument. The copy is made per
 * level walked, so shared hostile values are never written to.
 */
function apply(arg: unknown, m: Mutation, leaf?: (current: unknown) => unknown): unknown {
  if (m.op === 'root') return m.value;
  if (!isContainer(arg)) return arg;
  const copy = (Array.isArray(arg) ? [...arg] : Object.defineProperties({}, Object.getOwnPropertyDescriptors(arg))) as Record<string, unknown>;
  const keys = Object.keys(copy);
  const step = m.steps[0]!;
  // Nothing to replace or delete in an empty object (the argument of getHome and the like): a hostile change adds
  // to it instead, an odd-leaf change leaves it as it is.
  if (keys.length === 0 && leaf) return copy;
  if (keys.length === 0 || (m.op === 'add' && m.steps.length === 1)) {
    if (Array.isArray(copy)) (copy as unknown as unknown[]).push(m.value);
    else define(copy, m.key, m.value);
    return copy;
  }
  const key = keys[step % keys.length]!;
  const child = copy[key];
  if (m.steps.length > 1 && isContainer(child) && Object.keys(child).length > 0) {
    define(copy, key, apply(child, { ...m, steps: m.steps.slice(1) }, leaf));
    return copy;
  }
  if (m.op === 'delete') {
    if (Array.isArray(copy)) (copy as unknown as unknown[]).splice(Number(key), 1);
    else delete copy[key];
  } else if (m.op === 'add') {
    if (Array.isArray(copy)) (copy as unknown as unknown[]).push(m.value);
    else define(copy, m.key, m.value);
  } else define(copy, key, leaf ? leaf(child) : m.value);
  return copy;
}

// ---------------------------------------------------------------------------------------------------------------
// The checks.

/** zod's own phrasing, or a bare type name where a sentence should say what came. */
const RAW_ZOD = /Invalid (input|option|discriminator|key|element|union|string|number)|Unrecognized key|Too (big|small)|expected \w+ to (be|have)|, received |\ba int\b|\(got (number|object|function|symbol|bigint|boolean|string|undefined)\)|[<>]=?\d/;
/** C0/C1 controls, line separators and bidi overrides: nothing in a message may rewrite a terminal or a line. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** How a sentence about a field starts: "must be …", "is required", "is not a known field", a schema's own words. */
const SENTENCE = /^(must|is|choose|has|does) \S/;
const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/;

/** The JSON path the message must name: the first refused field (an unknown field's own path), odd keys quoted. */
function expectedPath(issue: { code: string; path: PropertyKey[]; keys?: string[] }): string {
  const parts = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys![0]!] : issue.path;
  if (parts.length === 0) return '(root)';
  return parts
    .map((k, i) => {
      if (typeof k === 'number') return `[${k}]`;
      const text = String(k);
      const shown = PLAIN_KEY.test(text) ? text : escapeControlChars(JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text));
      return i === 0 ? shown : `.${shown}`;
    })
    .join('');
}

type Answer = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; retryable: boolean } };

/** Calls the dispatcher as a transport does: it must answer (at once or by a promise), never throw, never hang. */
async function call(dispatch: Dispatcher, method: unknown, arg: unknown): Promise<Answer> {
  let answer: unknown;
  try {
    answer = dispatch(method, arg);
  } catch (e) {
    throw new Error(`the dispatcher threw for ${String(method).slice(0, 40)}: ${String(e)}`, { cause: e });
  }
  if (answer instanceof Promise) {
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${String(method)} did not answer within ${ANSWER_WITHIN_MS} ms`)), ANSWER_WITHIN_MS);
    });
    try {
      answer = await Promise.race([answer, hang]);
    } catch (e) {
      throw new Error(`the dispatcher's promise rejected (or hung) for ${String(method)}: ${String(e)}`, { cause: e });
    } finally {
      clearTimeout(timer);
    }
  }
  const r = answer as Answer;
  expect(typeof r.ok).toBe('boolean');
  if (r.ok) expect(Object.hasOwn(r, 'value')).toBe(true);
  else {
    expect(API_ERROR_CODES).toContain(r.error.code);
    expect(typeof r.error.message).toBe('string');
    expect(typeof r.error.retryable).toBe('boolean');
  }
  // Browser mode sends it as JSON: a bigint or a cycle in a value would be a 500 there.
  expect(() => JSON.stringify(r)).not.toThrow();
  return r;
}

interface Tally {
  refused: number;
  readsAccepted: number;
  writesApplied: number;
  writesRefused: number;
}
const tally = new Map<string, Tally>();
const count = (method: string, what: keyof Tally) => {
  const t = tally.get(method) ?? { refused: 0, readsAccepted: 0, writesApplied: 0, writesRefused: 0 };
  t[what]++;
  tally.set(method, t);
};
let nameCases = 0;
let refusedSeen = 0;
/** Cases per property: checked, and (first property) skipped because the changes happened to leave it valid. */
const perProperty = { hostile: 0, hostileSkipped: 0, odd: 0 };
const worldMs: number[] = [];

/** Service refusals that repeat a control character from the argument, one example per method, for the report. */
const rawEchoes = new Map<string, string>();
/** Messages seen for refused arguments, one example per distinct wording, for the report. */
const examples = new Map<string, string>();

/**
 * One call with its checks. A refused argument: invalid-argument, the sentence, nothing changed. An accepted one:
 * a Result that is not an internal error; a read changes nothing, nor does a refused write; an applied write moves
 * the baseline on.
 */
async function check(w: World, state: { before: Record<string, unknown[]>; changes: number }, method: ServiceMethod, arg: unknown) {
  const parsed = METHODS[method].arg.safeParse(arg ?? {});
  // Time passes between calls, as it does for a user (a clock standing still is its own case: see the last test).
  w.clock.advance(1000);
  const r = await call(w.dispatch, method, arg);
  const db = w.services.db;
  if (!parsed.success) {
    count(method, 'refused');
    expect(r.ok, `${method} accepted an argument its schema refuses`).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid-argument');
    expect(r.error.retryable).toBe(false);
    const message = r.error.message;
    const prefix = `${method}: ${expectedPath(parsed.error.issues[0] as never)}: `;
    expect(message.startsWith(prefix), `"${message.slice(0, 200)}" should start with "${prefix.slice(0, 200)}"`).toBe(true);
    const sentence = message.slice(prefix.length);
    expect(sentence, message).toMatch(SENTENCE);
    // What the caller sent, quoted in the sentence, may say anything: only the app's own words are checked.
    expect(sentence.replace(/"(?:[^"\\]|\\.)*(?:"|…)/g, '"…"'), message).not.toMatch(RAW_ZOD);
    expect(message, 'no control characters').not.toMatch(CONTROLS);
    expect(message.length, message.slice(0, 300)).toBeLessThanOrEqual(400);
    const shape = sentence.replace(/"[^"]*"|\d+|\(got .*\)$/g, '…');
    if (!examples.has(shape)) examples.set(shape, message);
    // Every call: the connection's change counter. Every 25th and at the end of the property: every table, row by row.
    expect(totalChanges(db)).toBe(state.changes);
    if (++refusedSeen % 25 === 0) expect(dump(db)).toEqual(state.before);
    return;
  }
  const read = METHODS[method].access === 'read';
  if (!r.ok) {
    expect(r.error.code, `${method} failed unexpectedly: ${r.error.message}`).not.toBe('internal');
    expect(r.error.message.length).toBeLessThan(2000);
    // The services' own refusals quote the ids they were given as they came (not a failure: the UI escapes text,
    // and an id with a NUL in it only ever comes from a caller that wrote it); noted for the report.
    if (CONTROLS.test(r.error.message) && !rawEchoes.has(method)) rawEchoes.set(method, escapeControlChars(JSON.stringify(r.error.message).slice(0, 160)));
  }
  if (read || !r.ok) {
    count(method, read ? 'readsAccepted' : 'writesRefused');
    const db2 = w.services.db;
    expect(totalChanges(db2), `${method} ${read ? 'read' : 'refused write'} changed the database`).toBe(state.changes);
    expect(dump(db2)).toEqual(state.before);
  } else {
    count(method, 'writesApplied');
    state.before = dump(w.services.db);
    state.changes = totalChanges(w.services.db);
  }
}

/** A reproducible seed per method and property, derived from SEED. */
function seedOf(method: string, property: string): number {
  let h = SEED | 0;
  for (const c of `${property}:${method}`) h = (Math.imul(h ^ c.charCodeAt(0), 0x9e3779b1) + 0x7f4a7c15) | 0;
  return h;
}

async function assertSeeded<T extends unknown[]>(method: string, property: string, prop: fc.IAsyncProperty<T>, numRuns: number) {
  const seed = seedOf(method, property);
  try {
    await fc.assert(prop, { seed, numRuns, endOnFailure: false });
  } catch (e) {
    // A counterexample can hold a 10 MB string: the report keeps its start (the seed and path come first).
    console.error(`api-fuzz: ${property} failed for ${method}: reproduce with MLDRILL_FUZZ_SEED=${SEED} (this run's fast-check seed: ${seed})`);
    if (e instanceof Error) e.message = `${property} / ${method} (MLDRILL_FUZZ_SEED=${SEED}, fast-check seed ${seed}):\n${e.message.slice(0, 4000)}`;
    throw e;
  }
}

afterAll(() => {
  const rows = [...tally.entries()].sort(([a], [b]) => a.localeCompare(b));
  const sum = (k: keyof Tally) => rows.reduce((n, [, t]) => n + t[k], 0);
  const total = sum('refused') + sum('readsAccepted') + sum('writesApplied') + sum('writesRefused') + nameCases;
  const lines = rows.map(([m, t]) => `  ${m.padEnd(20)} refused ${String(t.refused).padStart(4)}  reads ${String(t.readsAccepted).padStart(4)}  writes applied ${String(t.writesApplied).padStart(3)} / refused ${String(t.writesRefused).padStart(3)}`);
  console.log(
    [
      `api-fuzz (MLDRILL_FUZZ_SEED=${SEED}, ${RUNS} runs per method and property): ${total} calls`,
      `  by property: hostile arguments ${perProperty.hostile} (and ${perProperty.hostileSkipped} generated cases skipped as valid), valid-but-odd ${perProperty.odd}, non-method names ${nameCases}`,
      `  refused arguments ${sum('refused')}, accepted reads ${sum('readsAccepted')}, writes applied ${sum('writesApplied')}, writes refused by the services ${sum('writesRefused')}, non-method names ${nameCases}`,
      ...lines,
      `  wordings seen for refused arguments (${examples.size}):`,
      ...[...examples.values()].sort().map((m) => `    ${m.slice(0, 160)}`),
      `  worlds built: ${worldMs.length}, ${Math.round(worldMs.reduce((a, b) => a + b, 0))} ms in all`,
      `  service refusals that repeat control characters from the argument (${rawEchoes.size} methods):`,
      ...[...rawEchoes.entries()].map(([m, e]) => `    ${m}: ${e}`),
    ].join('\n'),
  );
});

// ---------------------------------------------------------------------------------------------------------------

describe('every API method under hostile arguments (fast-check, seeded)', () => {
  it('refuses each hostile argument with a sentence naming the method and the field, and the file stays byte-for-byte as it was', async () => {
    const w = await world();
    const bytes = await fileBytes(w.services.db, w.dataDir);
    const state = { before: dump(w.services.db), changes: totalChanges(w.services.db) };
    // At least one change the schema refuses, then perhaps a few more (each of which may or may not be refused).
    const invalidOnly = (method: ServiceMethod) =>
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        let arg: unknown = w.base[method];
        for (const m of mutations) arg = apply(arg, m);
        // A change that happened to be valid (an optional field deleted): the second property's business.
        if (METHODS[method].arg.safeParse(arg ?? {}).success) {
          perProperty.hostileSkipped++;
          return;
        }
        perProperty.hostile++;
        await check(w, state, method, arg);
      });
    for (const method of BROWSER_METHODS) await assertSeeded(method, 'hostile', invalidOnly(method), RUNS);
    expect(dump(w.services.db)).toEqual(state.before);
    expect((await fileBytes(w.services.db, w.dataDir)).equals(bytes), 'the database file changed').toBe(true);
    expect(({} as Record<string, unknown>).polluted, 'Object.prototype was polluted').toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort(), 'Object.prototype gained a property').toEqual(PROTOTYPE_NAMES);
    w.services.close();
  }, 180_000);

  it('answers valid-but-odd arguments (traversal, NUL, FTS syntax, edges) with a Result; reads and refused writes change nothing', async () => {
    // Each method starts from the same seeded world, so a failure replays from the seed alone.
    const template = await world();
    for (const method of BROWSER_METHODS) {
      const started = performance.now();
      const w = await world(template);
      worldMs.push(performance.now() - started);
      const state = { before: dump(w.services.db), changes: totalChanges(w.services.db) };
      const oddString = fc.oneof(
        fc.constantFrom(...TRAVERSAL, ...WEIRD, ...FTS),
        { arbitrary: fc.constantFrom(...w.real.strings), weight: 2 },
        fc.string({ maxLength: 20 }),
        fc.string({ unit: 'binary', maxLength: 20 }),
      );
      const oddNumber = fc.oneof(fc.constantFrom(0, -0, 1, 2, 4, 23, 49, 100, 500, 2 ** 31 - 1, Number.MAX_SAFE_INTEGER, 7 * 24 * 3600 * 1000, ...w.real.numbers), fc.nat({ max: 200 }));
      const oddArray = fc.oneof<fc.Arbitrary<unknown[]>[]>(fc.constant([]), fc.array(oddString, { maxLength: 4 }), fc.constant(IDS_5000), fc.shuffledSubarray<string>([...AREA_IDS]));
      const leafOf = (picks: { s: string; n: number; b: boolean; a: unknown[] }) => (current: unknown) =>
        typeof current === 'string' ? picks.s : typeof current === 'number' ? picks.n : typeof current === 'boolean' ? picks.b : Array.isArray(current) ? picks.a : current;
      const odd = fc.record({
        mutations: fc.array(fc.record({ op: fc.oneof({ arbitrary: fc.constant('replace' as const), weight: 5 }, fc.constant('delete' as const)), steps: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }) }), { minLength: 1, maxLength: 3 }),
        picks: fc.array(fc.record({ s: oddString, n: oddNumber, b: fc.boolean(), a: oddArray }), { minLength: 3, maxLength: 3 }),
      });
      const prop = fc.asyncProperty(odd, async ({ mutations, picks }) => {
        let arg: unknown = w.base[method];
        mutations.forEach((m, i) => (arg = apply(arg, { ...m, value: undefined, key: '' }, leafOf(picks[i]!))));
        perProperty.odd++;
        await check(w, state, method, arg);
      });
      await assertSeeded(method, 'odd', prop, Math.ceil(RUNS / 3));
      w.services.close();
    }
    template.services.close();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 240_000);

  it('refuses names that are not methods, prototype names and desktop-only methods included, with a short sentence', async () => {
    const w = await world();
    const before = dump(w.services.db);
    const desktopOnly = METHOD_NAMES.filter((m) => !(BROWSER_METHODS as string[]).includes(m));
    const name = fc.oneof(
      fc.constantFrom<unknown>('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'then', '', ' getHome', 'getHome ', 'GETHOME', 'getHome\u0000', '../getHome', 'getHome/../removePack', TEN_MB, ...desktopOnly),
      fc.string({ maxLength: 20 }),
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.constantFrom<unknown>(undefined, null, 0, NaN, -0, 10n, true, {}, [], ['getHome'], new String('getHome'), Symbol('getHome'), () => 'getHome', CYCLE),
    );
    const prop = fc.asyncProperty(name, hostile, async (method, arg) => {
      if (typeof method === 'string' && (BROWSER_METHODS as string[]).includes(method)) return;
      nameCases++;
      const r = await call(w.dispatch, method, arg);
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid-argument', retryable: false } });
      if (r.ok) return;
      expect(r.error.message).toMatch(/^(Unknown API method .+|\w+ is not available in browser mode)$/s);
      expect(r.error.message).not.toMatch(CONTROLS);
      expect(r.error.message.length).toBeLessThanOrEqual(120);
    });
    await assertSeeded('(names)', 'names', prop, RUNS * 4);
    expect(dump(w.services.db)).toEqual(before);
    w.services.close();
  }, 60_000);

  it('words the cases the fuzzing found like the validator, not like zod (and never throws on them)', async () => {
    const w = await world();
    const d = (m: unknown, a: unknown) => call(w.dispatch, m, a);
    const message = async (m: unknown, a: unknown) => {
      const r = await d(m, a);
      return r.ok ? 'accepted' : r.error.message;
    };
    const answer = (extra: Record<string, unknown>) => ({ sessionId: 1, position: 0, revision: 0, draft: { phase: 'answer', answer: '', elapsedMs: 0, ...extra } });
    // The example from the issue: a 10 MB answer.
    expect(await message('saveDraft', answer({ answer: TEN_MB }))).toBe('saveDraft: draft.answer: must be at most 100000 characters (got 10485760)');
    // Unknown fields are named by their own path, prototype names included; the others are counted.
    expect(await message('getSession', JSON.parse('{"sessionId": 1, "__proto__": {"polluted": true}}'))).toBe('getSession: __proto__: is not a known field');
    expect(await message('getHome', JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'))).toBe('getHome: constructor: is not a known field');
    expect(await message('getSession', { sessionId: 1, sql: 'DROP TABLE attempts', more: 1 })).toBe('getSession: sql: is not a known field (nor is "more")');
    expect(await message('saveAttempt', { ...w.base.saveAttempt, ratings: { ...RATINGS, extra: 1 } })).toBe('saveAttempt: ratings.extra: is not a known field');
    expect(await message('getHome', { '../../etc/passwd': 1 })).toBe('getHome: "../../etc/passwd": is not a known field');
    expect(await message('getHome', { 'a\u0000b': 1 })).toBe('getHome: "a\\u0000b": is not a known field');
    expect(await message('getHome', { ['k'.repeat(10_000)]: 1 })).toBe(`getHome: "${'k'.repeat(40)}…": is not a known field`);
    expect(await message('getHome', WIDE_OBJECT)).toBe('getHome: k0: is not a known field (nor are "k1", "k2", "k3" and 9996 more)');
    // Numbers: integers, NaN, ±Infinity, -0 and the exclusive bound of a positive id, said as such.
    expect(await message('getSession', { sessionId: 1.5 })).toBe('getSession: sessionId: must be an integer (got 1.5)');
    expect(await message('getSession', { sessionId: NaN })).toBe('getSession: sessionId: must be a number (got NaN)');
    expect(await message('getSession', { sessionId: -Infinity })).toBe('getSession: sessionId: must be a number (got -Infinity)');
    expect(await message('getSession', { sessionId: -0 })).toBe('getSession: sessionId: must be more than 0 (got -0)');
    expect(await message('getSession', { sessionId: -5 })).toBe('getSession: sessionId: must be more than 0 (got -5)');
    expect(await message('getSession', { sessionId: 2 ** 60 })).toBe('getSession: sessionId: must be at most 9007199254740991 (got 1152921504606847000)');
    expect(await message('getSession', { sessionId: 10n })).toBe('getSession: sessionId: must be a number (got a bigint)');
    expect(await message('getSession', { sessionId: new Date(0) })).toBe('getSession: sessionId: must be a number (got a Date)');
    expect(await message('getSession', { sessionId: '1' })).toBe('getSession: sessionId: must be a number (got a string)');
    expect(await message('saveDraft', { ...answer({}), position: -0.5 })).toBe('saveDraft: position: must be an integer (got -0.5)');
    // A discriminated union says which values it takes.
    expect(await message('saveDraft', answer({ phase: 'nope' }))).toBe('saveDraft: draft.phase: must be one of "answer", "grade", "review" (got "nope")');
    expect(await message('saveDraft', { ...answer({}), draft: { answer: '', elapsedMs: 0 } })).toBe('saveDraft: draft.phase: is required: one of "answer", "grade", "review"');
    // Singular and plural.
    expect(await message('startSession', { ...w.base.startSession, only: [{ packId: '', id: 'x' }] })).toBe('startSession: only[0].packId: must be at least 1 character (got 0)');
    // An enum quotes a short prefix of a string, and a value of any other kind by its kind: a value nested as deep as
    // a request body allows, a bigint or a cycle made the error map throw (a 500 over HTTP, a rejected IPC call).
    expect(await message('updateSettings', { theme: TEN_MB })).toBe(`updateSettings: theme: must be one of "system", "light", "dark" (got "${'x'.repeat(57)}…)`);
    expect(await message('updateSettings', { mode: NULS })).toBe(`updateSettings: mode: must be one of "practice", "strict" (got "${'\\u0000'.repeat(9)}…)`);
    expect(await message('updateSettings', { theme: DEEP_ARRAY })).toBe('updateSettings: theme: must be one of "system", "light", "dark" (got an array)');
    expect(await message('saveMyQuestion', { question: { ...w.base.saveMyQuestion.question, area: DEEPER_ARRAY } })).toBe(
      'saveMyQuestion: question.area: must be one of "fundamentals", "deep-learning", "data-pipelines", "evaluation", "mlops", "nlp-llm", "vision", "rl", "responsible-ai", "scale" (got an array)',
    );
    expect(await message('exportPack', { packId: 'user-pack', format: 10n })).toBe('exportPack: format: must be one of "json", "csv" (got a bigint)');
    expect(await message('exportPack', { packId: 'user-pack', format: CYCLE })).toBe('exportPack: format: must be one of "json", "csv" (got an object)');
    expect(await message('updateSettings', { theme: '\u001b[2J\u202e' })).toBe('updateSettings: theme: must be one of "system", "light", "dark" (got "\\u001b[2J\\u202e")');
    // Names that are not methods, whatever they are.
    expect(await message(10n, {})).toBe('Unknown API method (a bigint, not a name)');
    expect(await message('x'.repeat(1000), {})).toBe(`Unknown API method "${'x'.repeat(80)}…"`);
    expect(await message('a\u0000', {})).toBe('Unknown API method "a\\u0000"');
    w.services.close();
  });

  /**
   * Found by this fuzzing, in electron/db/backup.ts (not fixed here): a backup's name comes from the clock, and
   * `freshName` takes the first free name at or after now. When now is older than the newest kept backups (the clock
   * was set back, or stands still as `MLDRILL_NOW` and the manual clock do), the new backup is the oldest by name, so
   * `publish`'s prune deletes it at once and its `statSync` throws ENOENT: createBackup answers `internal`, and the
   * backup that comes before an import fails, so the import is refused. Remove `.fails` once that is fixed.
   */
  it('a backup taken while the clock is behind the newest kept backup is kept, not pruned at once', async () => {
    const w = await world();
    expect(await call(w.dispatch, 'updateSettings', { backupsKept: 1 })).toMatchObject({ ok: true });
    expect(await call(w.dispatch, 'createBackup', {})).toMatchObject({ ok: true });
    w.clock.advance(-3600_000); // the clock is set back an hour
    expect(await call(w.dispatch, 'createBackup', {})).toMatchObject({ ok: true });
    w.services.close();
  });
});
