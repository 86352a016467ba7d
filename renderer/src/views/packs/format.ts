/** Wording shared by the Packs screen's parts: counts, dates, the areas and kinds of a pack. */
import { AREAS, KINDS, KIND_TITLES, type AreaId, type Kind } from '../../../../shared/areas';

export const count = (n: number) => n.toLocaleString();
export const plural = (n: number, word: string, many = `${word}s`) => `${count(n)} ${n === 1 ? word : many}`;

export function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

const KIND_LABELS: Record<Kind, string> = KIND_TITLES;

/** Short area names for counts (the full titles are long for a chip). */
const AREA_SHORT: Record<AreaId, string> = {
  fundamentals: 'Fundamentals',
  'deep-learning': 'Deep learning',
  'data-pipelines': 'Data & pipelines',
  evaluation: 'Evaluation',
  mlops: 'MLOps',
  'nlp-llm': 'NLP & LLMs',
  vision: 'Vision',
  rl: 'Reinforcement learning',
  'responsible-ai': 'Responsible AI',
  scale: 'Scale',
};

export const areaName = (id: string) => AREA_SHORT[id as AreaId] ?? id;
export const kindName = (id: string) => KIND_LABELS[id as Kind] ?? id;

/** Per-area counts in the app's area order, leaving out areas with none (and any id the app does not know, last). */
export function areaCounts(byArea: Partial<Record<AreaId, number>>): { id: string; name: string; title: string; n: number }[] {
  const known = AREAS.filter((a) => (byArea[a.id] ?? 0) > 0).map((a) => ({ id: a.id as string, name: areaName(a.id), title: a.title as string, n: byArea[a.id]! }));
  const other = Object.entries(byArea as Record<string, number>)
    .filter(([id, n]) => n > 0 && !AREAS.some((a) => a.id === id))
    .map(([id, n]) => ({ id, name: id, title: id, n }));
  return [...known, ...other];
}

export function kindCounts(byKind: Partial<Record<Kind, number>>): { id: string; name: string; n: number }[] {
  return KINDS.filter((k) => (byKind[k] ?? 0) > 0).map((k) => ({ id: k, name: kindName(k), n: byKind[k]! }));
}

/** The start of a prompt, as one line of plain text: enough to recognise the question. */
export function promptStart(prompt: string, max = 110): string {
  const line = prompt.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

/** The validator closes a capped list with "N more errors not shown" at path "(file)"; this reads N from it. */
export function omittedCount(issue: { path: string; message: string }): number | null {
  const m = /^(\d+) more /.exec(issue.message);
  return issue.path === '(file)' && m ? Number(m[1]) : null;
}
