/**
 * The question form's state, what it turns into (a question in the pack format), and its problems, found by the
 * same validator `mldrill pack validate` runs (shared/validate-pack.ts), so each message and path is the one the
 * command line would print for this question in an exported pack, without the `questions[0].` in front.
 *
 * Pure: no React, no DOM. The form keeps text as typed (a time limit of "abc" stays "abc"); the conversion decides
 * what the validator sees, and the validator alone decides what is wrong with it.
 */
import './zod-jitless';
import { AREA_IDS, KINDS, LEVELS, ROLES, type AreaId, type Kind, type Level, type Role } from '../../../../shared/areas';
import { PACK_FORMAT, PACK_FORMAT_VERSION, type Question } from '../../../../shared/pack-schema';
import { stagesFromLines, stagesToLines } from '../../../../shared/stage-lines';
import { validatePack, type PackIssue } from '../../../../shared/validate-pack';

/** The user's own pack, which saveMyQuestion writes to and retireMyQuestion retires from. */
export const MY_PACK_ID = 'my-questions';

export interface ItemDraft {
  /** Stable across reordering: names the item's fields in the page, never saved. */
  key: number;
  id: string;
  /** False while the id still follows the item's text. */
  idEdited: boolean;
  text: string;
  /** One keyword per line (keywords may contain commas). */
  keywords: string;
  /** Concept ids from the vocabulary (docs/concepts.md), separated by commas or spaces. */
  concepts: string;
}

export interface EntryDraft {
  key: number;
  text: string;
}

export interface QuestionDraft {
  id: string;
  /** False while the id still follows the prompt (a new question); an existing question's id never changes. */
  idEdited: boolean;
  area: AreaId | '';
  kind: Kind;
  level: Level;
  prompt: string;
  /** Seconds, as typed; empty for the default of the kind and level. */
  timeLimit: string;
  checklist: ItemDraft[];
  pitfalls: EntryDraft[];
  followUps: EntryDraft[];
  outline: string;
  /** Separated by commas or spaces (tags are lowercase words joined by hyphens). */
  tags: string;
  roles: Role[];
  /** System design only: one stage per line, `minutes | title` or `minutes | title | prompt`. */
  stages: string;
}

let nextKey = 1;
export const newKey = () => nextKey++;

export const emptyItem = (): ItemDraft => ({ key: newKey(), id: '', idEdited: false, text: '', keywords: '', concepts: '' });
export const emptyEntry = (): EntryDraft => ({ key: newKey(), text: '' });

/** A new question: the three checklist items the format asks for at least, one empty pitfall and follow-up. */
export function newDraft(): QuestionDraft {
  return {
    id: '',
    idEdited: false,
    area: '',
    kind: 'concept',
    level: 'mid',
    prompt: '',
    timeLimit: '',
    checklist: [emptyItem(), emptyItem(), emptyItem()],
    pitfalls: [emptyEntry()],
    followUps: [emptyEntry()],
    outline: '',
    tags: '',
    roles: [],
    stages: '',
  };
}

const oneOf = <T extends string>(list: readonly T[], value: unknown, fallback: T): T => (list.includes(value as T) ? (value as T) : fallback);

/** A stored question, for editing. Its ids are its own and are not suggested again. */
export function draftFrom(q: Question): QuestionDraft {
  return {
    id: q.id,
    idEdited: true,
    area: oneOf<AreaId | ''>(AREA_IDS, q.area, ''),
    kind: oneOf(KINDS, q.kind, 'concept'),
    level: oneOf(LEVELS, q.level, 'mid'),
    prompt: q.prompt,
    timeLimit: q.timeLimitSec === undefined ? '' : String(q.timeLimitSec),
    checklist: q.checklist.map((i) => ({ key: newKey(), id: i.id, idEdited: true, text: i.text, keywords: (i.keywords ?? []).join('\n'), concepts: (i.concepts ?? []).join(', ') })),
    pitfalls: q.pitfalls.map((text) => ({ key: newKey(), text })),
    followUps: q.followUps.map((text) => ({ key: newKey(), text })),
    outline: q.outline ?? '',
    tags: (q.tags ?? []).join(', '),
    roles: (q.roles ?? []).filter((r, i, all) => ROLES.includes(r) && all.indexOf(r) === i),
    stages: stagesToLines(q.stages).join('\n'),
  };
}

/** Lowercase ASCII letters, digits and single hyphens, from the first words of a text, at most `max` characters. */
export function slugify(text: string, maxWords: number, max: number): string {
  const words = text
    .replace(/\]\([^)]*\)/g, ']') // a Markdown link's target is not part of what it says
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .slice(0, maxWords);
  let out = '';
  for (const w of words) {
    const next = out ? `${out}-${w}` : w;
    if (next.length > max) break;
    out = next;
  }
  return out || (words[0] ?? '').slice(0, max);
}

/** The first of slug, slug-2, slug-3 … that is not taken (and not longer than max). */
function unique(slug: string, taken: ReadonlySet<string>, max: number): string {
  if (!taken.has(slug)) return slug;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${slug.slice(0, max - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The id a new question gets from its prompt, unlike any of the user's other questions. '' for a prompt of no words. */
export function suggestQuestionId(prompt: string, taken: ReadonlySet<string>): string {
  const slug = slugify(prompt, 6, 60);
  return slug.length < 2 ? '' : unique(slug, taken, 80);
}

/** An item's id from its text, unlike the other items' ids of the question. */
export function suggestItemId(text: string, taken: ReadonlySet<string>): string {
  const slug = slugify(text, 4, 36);
  return slug === '' ? '' : unique(slug, taken, 40);
}

/** Keeps suggested ids (those not edited by hand) in step with the prompt and item texts. */
export function withSuggestedIds(d: QuestionDraft, otherQuestionIds: ReadonlySet<string>): QuestionDraft {
  const id = d.idEdited ? d.id : suggestQuestionId(d.prompt, otherQuestionIds);
  const taken = new Set(d.checklist.filter((i) => i.idEdited).map((i) => i.id));
  let changed = id !== d.id;
  const checklist = d.checklist.map((item) => {
    if (item.idEdited) return item;
    const suggested = suggestItemId(item.text, taken);
    if (suggested) taken.add(suggested);
    if (suggested === item.id) return item;
    changed = true;
    return { ...item, id: suggested };
  });
  return changed ? { ...d, id, checklist } : d;
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

export const splitTags = (text: string) => text.split(/[\s,]+/).filter((t) => t !== '');

/** What the validator sees for a time limit: a number when it reads as one, otherwise the text (which it refuses). */
function timeLimitValue(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

export interface Conversion {
  /** The question as it would be saved and exported. Not necessarily valid: that is the validator's to say. */
  question: Question;
  /** For pitfalls and follow-ups: the form entry (by key) behind each saved position. Blank entries are left out. */
  pitfallKeys: number[];
  followUpKeys: number[];
  /** The stages text could not be read: why (the stages are left out until it can). */
  stagesProblem?: string;
}

export function toQuestion(d: QuestionDraft): Conversion {
  const kept = (entries: EntryDraft[]) => entries.filter((e) => e.text.trim() !== '');
  const pitfalls = kept(d.pitfalls);
  const followUps = kept(d.followUps);
  const timeLimitSec = timeLimitValue(d.timeLimit);
  const stages = d.stages.trim() === '' ? null : stagesFromLines(d.stages.split(/\r?\n/));
  // Fields in the order of the format's reference, optional ones only when given.
  const question = {
    id: d.id,
    area: d.area,
    prompt: d.prompt,
    kind: d.kind,
    level: d.level,
    ...(timeLimitSec === undefined ? {} : { timeLimitSec }),
    checklist: d.checklist.map((i) => {
      const concepts = splitTags(i.concepts);
      return { id: i.id, text: i.text, keywords: lines(i.keywords), ...(concepts.length ? { concepts } : {}) };
    }),
    pitfalls: pitfalls.map((e) => e.text),
    followUps: followUps.map((e) => e.text),
    ...(d.outline === '' ? {} : { outline: d.outline }),
    tags: splitTags(d.tags),
    roles: d.roles,
    ...(Array.isArray(stages) ? { stages } : {}),
  } as Question;
  return { question, pitfallKeys: pitfalls.map((e) => e.key), followUpKeys: followUps.map((e) => e.key), ...(typeof stages === 'string' ? { stagesProblem: stages } : {}) };
}

/** One problem, as the validator names it, and the form field it belongs beside. */
export interface FieldIssue {
  /** The validator's path within the question: `prompt`, `checklist`, `checklist[1].keywords[0]`. */
  path: string;
  message: string;
  /** Which field shows it: see fieldKey* below. `form` for a problem of the question as a whole. */
  field: string;
}

export type ItemPart = 'id' | 'text' | 'keywords' | 'concepts';
export const itemField = (key: number, part: ItemPart) => `checklist.${key}.${part}`;
export const entryField = (list: 'pitfalls' | 'followUps', key: number) => `${list}.${key}`;

const ISSUE_PATH = /^([A-Za-z]+)(?:\[(\d+)\])?(?:\.([A-Za-z]+))?(?:\[(\d+)\])?$/;
const TOP_FIELDS = new Set(['id', 'area', 'kind', 'level', 'prompt', 'timeLimitSec', 'outline', 'tags', 'roles', 'checklist', 'pitfalls', 'followUps', 'stages']);

/** The field a validator path belongs to. */
export function fieldFor(path: string, d: QuestionDraft, c: Conversion): string {
  const m = ISSUE_PATH.exec(path);
  if (!m || !TOP_FIELDS.has(m[1]!)) return 'form';
  const [, top, index, part] = m;
  if (index === undefined || top === 'tags' || top === 'roles' || top === 'stages') return top!;
  const i = Number(index);
  if (top === 'checklist') {
    const item = d.checklist[i];
    if (!item) return 'checklist';
    return itemField(item.key, part === 'id' || part === 'keywords' || part === 'concepts' ? part : 'text');
  }
  if (top === 'pitfalls' || top === 'followUps') {
    const key = (top === 'pitfalls' ? c.pitfallKeys : c.followUpKeys)[i];
    return key === undefined ? top : entryField(top, key);
  }
  return top!;
}

const QUESTION_PREFIX = /^questions\[0\](?:\.|(?=\[)|$)/;

/**
 * Runs the pack validator over a pack holding just these fields and this question, and gives back its errors with
 * paths inside the question (`questions[0].prompt` becomes `prompt`; the pack's own fields keep theirs).
 */
export function validateInPack(packFields: Record<string, unknown>, question: unknown): PackIssue[] {
  const pack = { format: PACK_FORMAT, formatVersion: PACK_FORMAT_VERSION, ...packFields, questions: [question] };
  const result = validatePack(JSON.stringify(pack));
  return result.errors.map((e) => {
    // Paths inside messages too: `duplicates questions[0].checklist[0].id "x"`.
    const message = e.message.replaceAll('questions[0].', '');
    if (!QUESTION_PREFIX.test(e.path)) return { ...e, message };
    const rest = e.path.replace(QUESTION_PREFIX, '');
    return { ...e, path: rest === '' ? '(root)' : rest, message };
  });
}

/** The fields of the pack a question is checked in (any valid ones: only the question's errors are kept). */
const HOST_PACK = { id: MY_PACK_ID, version: '1.0.0', title: 'My questions' };

export interface DraftCheck extends Conversion {
  issues: FieldIssue[];
}

/**
 * Everything wrong with the draft, in the validator's words, each placed beside its field. A new question whose id
 * is already one of the user's questions is refused too: saving it would replace that one.
 */
export function checkDraft(d: QuestionDraft, opts: { isNew: boolean; otherIds: ReadonlySet<string> }): DraftCheck {
  const c = toQuestion(d);
  const issues: FieldIssue[] = validateInPack(HOST_PACK, c.question).map((e) => ({
    path: e.path,
    message: e.message,
    field: fieldFor(e.path, d, c),
  }));
  if (c.stagesProblem) issues.push({ path: 'stages', message: c.stagesProblem, field: 'stages' });
  if (opts.isNew && opts.otherIds.has(d.id)) {
    issues.unshift({ path: 'id', message: `is already the id of another of your questions ("${d.id}"); saving would replace it`, field: 'id' });
  }
  return { ...c, issues };
}

/** The order fields appear in the form, for "focus the first problem". */
export function fieldOrder(d: QuestionDraft): string[] {
  return [
    'prompt',
    'id',
    'area',
    'kind',
    'level',
    'timeLimitSec',
    'checklist',
    ...d.checklist.flatMap((i) => [itemField(i.key, 'id'), itemField(i.key, 'text'), itemField(i.key, 'keywords'), itemField(i.key, 'concepts')]),
    'pitfalls',
    ...d.pitfalls.map((e) => entryField('pitfalls', e.key)),
    'followUps',
    ...d.followUps.map((e) => entryField('followUps', e.key)),
    'outline',
    'stages',
    'tags',
    'roles',
    'form',
  ];
}

/** The first field, in the form's order, that has a problem. */
export function firstProblemField(d: QuestionDraft, issues: readonly FieldIssue[]): string | null {
  const withIssues = new Set(issues.map((i) => i.field));
  return fieldOrder(d).find((f) => withIssues.has(f)) ?? null;
}

/** Two drafts are the same question (so leaving the form loses nothing). */
export function sameQuestion(a: QuestionDraft, b: QuestionDraft): boolean {
  return JSON.stringify(toQuestion(a).question) === JSON.stringify(toQuestion(b).question);
}
