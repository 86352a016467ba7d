/**
 * The question browser's logic, kept pure: the filters as browseQuestions takes them, sorting, the selection, and
 * what a drill of the selection takes (at most MAX_SESSION_QUESTIONS).
 */
import type { ApiArg, BrowseItem, QuestionStatus } from '../../../../shared/api';
import type { AreaId, Kind, Level, Role } from '../../../../shared/areas';
import { MAX_SESSION_QUESTIONS } from '../../../../shared/limits';
import type { Where } from '../../../../shared/methods';

export interface BrowseFilter {
  areas: AreaId[];
  kinds: Kind[];
  levels: Level[];
  roles: Role[];
  status: QuestionStatus[];
  /** As typed: separated by commas or spaces. */
  tags: string;
}

export const emptyFilter = (): BrowseFilter => ({ areas: [], kinds: [], levels: [], roles: [], status: [], tags: '' });

/** A tag as packs write them: lowercase letters, digits and hyphens, 1–32 characters. */
const TAG = /^[a-z0-9](?:[a-z0-9-]{0,31})$/;
const MAX_TAGS = 50;

/** The typed tags: lowercased, a leading # dropped, duplicates removed; what cannot be a tag is set apart. */
export function parseTags(text: string): { tags: string[]; invalid: string[] } {
  const tags: string[] = [];
  const invalid: string[] = [];
  for (const raw of text.split(/[\s,;]+/)) {
    const t = raw.replace(/^#+/, '').toLowerCase();
    if (t === '') continue;
    if (!TAG.test(t)) invalid.push(raw);
    else if (!tags.includes(t) && tags.length < MAX_TAGS) tags.push(t);
  }
  return { tags, invalid };
}

/** The filters as the API reads them: an empty choice is no condition (AND between fields, OR within one). */
export function whereOf(f: BrowseFilter): Where {
  const { tags } = parseTags(f.tags);
  return {
    ...(f.areas.length ? { areas: [...f.areas] } : {}),
    ...(f.kinds.length ? { kinds: [...f.kinds] } : {}),
    ...(f.levels.length ? { levels: [...f.levels] } : {}),
    ...(f.roles.length ? { roles: [...f.roles] } : {}),
    ...(tags.length ? { tags } : {}),
  };
}

/** browseQuestions' argument. With no filter it is `{ where: {} }`, the query the page also counts the bank with. */
export function browseArg(f: BrowseFilter): ApiArg<'browseQuestions'> {
  return { where: whereOf(f), ...(f.status.length ? { status: [...f.status] } : {}) };
}

export function isFiltered(f: BrowseFilter): boolean {
  return f.areas.length + f.kinds.length + f.levels.length + f.roles.length + f.status.length > 0 || parseTags(f.tags).tags.length > 0;
}

/** Adds the value when absent, removes it when present, keeping the options' order. */
export function toggleValue<T extends string>(chosen: readonly T[], value: T, order: readonly T[]): T[] {
  const next = chosen.includes(value) ? chosen.filter((c) => c !== value) : [...chosen, value];
  return order.filter((o) => next.includes(o));
}

export const SORTS = [
  { id: 'bank', label: 'Pack order' },
  { id: 'due', label: 'Next due, soonest first' },
  { id: 'recent', label: 'Last practised, latest first' },
  { id: 'recall', label: 'Recall, lowest first' },
  { id: 'attempts', label: 'Attempts, most first' },
] as const;
export type SortKey = (typeof SORTS)[number]['id'];

/** The items in the chosen order; ties (and questions without the figure, put last) keep pack order. */
export function sortItems(items: readonly BrowseItem[], key: SortKey): BrowseItem[] {
  const indexed = items.map((item, i) => ({ item, i }));
  const nullsLast = <T>(a: T | null, b: T | null, cmp: (x: T, y: T) => number) => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : cmp(a, b));
  const byString = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const compare: Record<SortKey, (a: BrowseItem, b: BrowseItem) => number> = {
    bank: () => 0,
    due: (a, b) => nullsLast(a.nextDue, b.nextDue, byString),
    recent: (a, b) => nullsLast(a.lastPractised, b.lastPractised, (x, y) => byString(y, x)),
    recall: (a, b) => nullsLast(a.recall, b.recall, (x, y) => x - y),
    attempts: (a, b) => b.attempts - a.attempts,
  };
  return indexed.sort((a, b) => compare[key](a.item, b.item) || a.i - b.i).map((x) => x.item);
}

/** A question's key in the selection: ids are unique only within a pack. */
export const keyOf = (q: { packId: string; id: string }) => `${q.packId}/${q.id}`;

export function refOf(key: string): { packId: string; id: string } {
  const slash = key.indexOf('/');
  return { packId: key.slice(0, slash), id: key.slice(slash + 1) };
}

export function toggleSelected(selected: ReadonlySet<string>, key: string): Set<string> {
  const next = new Set(selected);
  if (next.has(key)) next.delete(key);
  else next.add(key);
  return next;
}

/** How many of the shown questions are selected: none, some or all (the "Select all shown" box's state). */
export function shownSelection(selected: ReadonlySet<string>, shown: readonly { packId: string; id: string }[]): 'none' | 'some' | 'all' {
  const n = shown.filter((q) => selected.has(keyOf(q))).length;
  return n === 0 ? 'none' : n === shown.length ? 'all' : 'some';
}

/** "Select all shown" ticked adds every shown question; unticked removes them (others chosen earlier stay). */
export function selectShown(selected: ReadonlySet<string>, shown: readonly { packId: string; id: string }[], on: boolean): Set<string> {
  const next = new Set(selected);
  for (const q of shown) {
    if (on) next.add(keyOf(q));
    else next.delete(keyOf(q));
  }
  return next;
}

/** Selected questions the filters hide. */
export function hiddenSelected(selected: ReadonlySet<string>, shown: readonly { packId: string; id: string }[]): number {
  const visible = new Set(shown.map(keyOf));
  let n = 0;
  for (const k of selected) if (!visible.has(k)) n++;
  return n;
}

export interface DrillPlan {
  refs: { packId: string; id: string }[];
  /** Questions asked for, before the cap. */
  total: number;
  capped: boolean;
}

/** A drill of these questions: the first MAX_SESSION_QUESTIONS, in order. */
export function planDrill(refs: readonly { packId: string; id: string }[]): DrillPlan {
  return {
    refs: refs.slice(0, MAX_SESSION_QUESTIONS).map((r) => ({ packId: r.packId, id: r.id })),
    total: refs.length,
    capped: refs.length > MAX_SESSION_QUESTIONS,
  };
}

/** The selection in the order the list shows it, then any the filters hide, in the order they were chosen. */
export function selectionInOrder(selected: ReadonlySet<string>, shown: readonly { packId: string; id: string }[]): { packId: string; id: string }[] {
  const visible = shown.filter((q) => selected.has(keyOf(q)));
  const seen = new Set(visible.map(keyOf));
  return [...visible.map((q) => ({ packId: q.packId, id: q.id })), ...[...selected].filter((k) => !seen.has(k)).map(refOf)];
}

/**
 * A prompt's first line as plain text, to recognise it by in a list: Markdown's emphasis, code marks, links,
 * headings, quotes and list markers dropped, spaces collapsed, cut at `max` characters. `cut` says the services
 * sent only the prompt's start: a first line that runs to its end is then cut too, and says so.
 */
export function plainLine(prompt: string, max = 160, cut = false): string {
  const lines = prompt.split('\n').map((l) => l.trim());
  const at = lines.findIndex((l) => l !== '' && !/^(```|~~~)/.test(l));
  const first = at < 0 ? '' : lines[at]!;
  const unfinished = cut && at === lines.length - 1;
  const line = first
    .replace(/^(#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)+/, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^\w*])[*_]([^*_\s][^*_]*?)[*_](?=[^\w*]|$)/g, '$1$2')
    .replace(/\\([\\`*_{}[\]()#+\-.!>])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  if (line.length > max) return `${line.slice(0, max - 1).trimEnd()}…`;
  return unfinished && line !== '' ? `${line.replace(/[\s.,;:…]+$/, '')}…` : line;
}

/** The services send a list's prompts cut to their first 200 characters, a search hit's to 160. */
export const BRIEF_PROMPT_CHARS = 200;
export const HIT_PROMPT_CHARS = 160;
