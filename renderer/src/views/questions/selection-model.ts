/**
 * Exporting a selection as a pack (an instructor's cohort pack): which questions (`where`, as listQuestions and
 * exportSelection take it) and the new pack's fields, checked by the pack validator with its own messages.
 */
import type { AreaId, Kind, Level, Role } from '../../../../shared/areas';
import type { Where } from '../../../../shared/methods';
import type { PackIssue } from '../../../../shared/validate-pack';
import { splitTags, validateInPack } from './form-model';

export interface SelectionFilter {
  packs: string[];
  areas: AreaId[];
  kinds: Kind[];
  levels: Level[];
  roles: Role[];
  /** As typed: separated by commas or spaces. */
  tags: string;
}

export interface PackMetaDraft {
  id: string;
  title: string;
  version: string;
  author: string;
  license: string;
  description: string;
}

export const emptyFilter = (): SelectionFilter => ({ packs: [], areas: [], kinds: [], levels: [], roles: [], tags: '' });
export const emptyMeta = (): PackMetaDraft => ({ id: '', title: '', version: '1.0.0', author: '', license: '', description: '' });

/** The filter as the API reads it: an empty choice is no condition (AND between fields, OR within one). */
export function whereOf(f: SelectionFilter, picked: readonly string[] | null): Where {
  const tags = splitTags(f.tags);
  return {
    ...(f.packs.length ? { packs: f.packs } : {}),
    ...(f.areas.length ? { areas: f.areas } : {}),
    ...(f.kinds.length ? { kinds: f.kinds } : {}),
    ...(f.levels.length ? { levels: f.levels } : {}),
    ...(f.roles.length ? { roles: f.roles } : {}),
    ...(tags.length ? { tags } : {}),
    ...(picked ? { ids: [...picked] } : {}),
  };
}

/** The pack's fields as exportSelection takes them: optional ones only when given. */
export function metaArg(m: PackMetaDraft) {
  return {
    id: m.id,
    title: m.title,
    version: m.version,
    ...(m.author !== '' ? { author: m.author } : {}),
    ...(m.license !== '' ? { license: m.license } : {}),
    ...(m.description !== '' ? { description: m.description } : {}),
  };
}

/** A question the format accepts, so that checking the pack's fields reports only theirs. */
const PLACEHOLDER_QUESTION = {
  id: 'placeholder',
  area: 'fundamentals',
  prompt: 'A placeholder question.',
  kind: 'concept',
  level: 'mid',
  checklist: [
    { id: 'a', text: 'One' },
    { id: 'b', text: 'Two' },
    { id: 'c', text: 'Three' },
  ],
  pitfalls: [],
  followUps: [],
};

export const META_FIELDS = ['id', 'title', 'version', 'author', 'license', 'description'] as const;
export type MetaField = (typeof META_FIELDS)[number];

/**
 * The new pack's problems in the validator's words (`id: must be lowercase letters, digits and hyphens, 2-64
 * characters (got "A")`, `version: must be a semantic version MAJOR.MINOR.PATCH (got "1.2")`), and the count rule
 * for its questions, `questions: must have at least 1 entry (got 0)`, worded as the validator words it.
 */
export function checkMeta(m: PackMetaDraft, questionCount: number | null): PackIssue[] {
  const issues = validateInPack(metaArg(m), PLACEHOLDER_QUESTION).filter((e) => (META_FIELDS as readonly string[]).includes(e.path));
  if (questionCount === 0) issues.push({ path: 'questions', message: 'must have at least 1 entry (got 0)' });
  else if (questionCount !== null && questionCount > 5000) issues.push({ path: 'questions', message: `must have at most 5000 entries (got ${questionCount})` });
  return issues;
}

/** A pack id from its title, as a suggestion. */
export function suggestPackId(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return slug.length >= 2 ? slug : '';
}
