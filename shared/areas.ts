/** The ten topic areas, in the order the app lists them (see docs/pack-format.md). */
export const AREAS = [
  { id: 'fundamentals', title: 'ML fundamentals & model selection' },
  { id: 'deep-learning', title: 'Deep learning architecture' },
  { id: 'data-pipelines', title: 'Data, features & pipelines' },
  { id: 'evaluation', title: 'Evaluation, validation & metrics' },
  { id: 'mlops', title: 'Production ML & MLOps' },
  { id: 'nlp-llm', title: 'NLP & large language models' },
  { id: 'vision', title: 'Computer vision' },
  { id: 'rl', title: 'Reinforcement learning & multi-agent' },
  { id: 'responsible-ai', title: 'Responsible AI & fairness' },
  { id: 'scale', title: 'Distributed systems & scale' },
] as const;

export type AreaId = (typeof AREAS)[number]['id'];
export const AREA_IDS = AREAS.map((a) => a.id) as unknown as readonly [AreaId, ...AreaId[]];

export const KINDS = ['concept', 'scenario', 'system-design', 'behavioral', 'coding'] as const;
export type Kind = (typeof KINDS)[number];

/** How each kind is named on screen. */
export const KIND_TITLES: Record<Kind, string> = {
  concept: 'Concept',
  scenario: 'Scenario',
  'system-design': 'System design',
  behavioral: 'Behavioral',
  coding: 'Coding',
};

export const LEVELS = ['junior', 'mid', 'senior'] as const;
export type Level = (typeof LEVELS)[number];

export const ROLES = ['applied-ml', 'llm-engineer', 'mlops-platform', 'research'] as const;
export type Role = (typeof ROLES)[number];

/** How each role is named on screen. */
export const ROLE_TITLES: Record<Role, string> = { 'applied-ml': 'Applied ML', 'llm-engineer': 'LLM engineer', 'mlops-platform': 'MLOps / platform', research: 'Research' };

/** Default answer time when a question gives no timeLimitSec: longer for open-ended kinds and senior levels. */
const BASE_SECONDS: Record<Kind, number> = {
  concept: 180,
  scenario: 420,
  'system-design': 900,
  behavioral: 240,
  coding: 1200,
};
const LEVEL_FACTOR: Record<Level, number> = { junior: 0.75, mid: 1, senior: 1.25 };

export function defaultTimeLimitSec(kind: Kind, level: Level): number {
  return Math.round((BASE_SECONDS[kind] * LEVEL_FACTOR[level]) / 15) * 15;
}

export function areaTitle(id: string): string {
  return AREAS.find((a) => a.id === id)?.title ?? id;
}
