/** The drill pack format, version 1, as zod schemas (see docs/pack-format.md). */
import { z } from 'zod';
import { AREA_IDS, KINDS, LEVELS, ROLES } from './areas';

export const PACK_FORMAT = 'mldrill-pack';
export const PACK_FORMAT_VERSION = 1;
export const MAX_PACK_BYTES = 20 * 1024 * 1024;
/** root object > questions array > question > checklist array > item > keywords array */
export const MAX_PACK_DEPTH = 6;

const slug = (max: number, min = 1) =>
  new RegExp(`^[a-z0-9][a-z0-9-]{${min},${max}}$`);

const boundedString = (min: number, max: number) => z.string().min(min).max(max);

export const checklistItemSchema = z.looseObject({
  id: z.string().regex(slug(39, 0), 'must be lowercase letters, digits and hyphens, 1-40 characters'),
  text: boundedString(3, 300),
  keywords: z.array(boundedString(1, 40)).max(12).optional(),
  /** Ids from the concept vocabulary (shared/concepts.ts, docs/concepts.md); an id it does not know is a warning. */
  concepts: z
    .array(z.string().regex(slug(39, 1), 'must be lowercase letters, digits and hyphens, 2-40 characters'))
    .max(4)
    .refine((ids) => new Set(ids).size === ids.length, 'must not name a concept twice')
    .optional(),
});

/** One time-boxed stage of a system-design answer, as a loop's stage timer shows it (see docs/pack-format.md). */
export const stageSchema = z.looseObject({
  title: boundedString(1, 80),
  minutes: z.number().int().min(1).max(60),
  prompt: z.string().min(1).max(500).optional(),
});
export const MAX_STAGES = 10;
/** The stages of one question together may not ask for more than this. */
export const MAX_STAGE_MINUTES = 90;

export const questionSchema = z.looseObject({
  id: z.string().regex(slug(79), 'must be lowercase letters, digits and hyphens, 2-80 characters'),
  area: z.enum(AREA_IDS),
  prompt: boundedString(10, 2000),
  kind: z.enum(KINDS),
  level: z.enum(LEVELS),
  timeLimitSec: z.number().int().min(30).max(3600).optional(),
  checklist: z.array(checklistItemSchema).min(3).max(12),
  pitfalls: z.array(z.string().max(300)).max(10),
  followUps: z.array(z.string().max(300)).max(10),
  outline: z.string().max(4000).optional(),
  tags: z
    .array(z.string().regex(slug(31, 0), 'must be lowercase letters, digits and hyphens, 1-32 characters'))
    .max(10)
    .optional(),
  roles: z.array(z.enum(ROLES)).optional(),
  /** Only for system-design questions: the time boxes of the answer, in order. */
  stages: z
    .array(stageSchema)
    .min(2)
    .max(MAX_STAGES)
    .refine((s) => s.reduce((n, x) => n + x.minutes, 0) <= MAX_STAGE_MINUTES, `stage minutes must add up to at most ${MAX_STAGE_MINUTES}`)
    .optional(),
});

export const packSchema = z.looseObject({
  format: z.literal(PACK_FORMAT),
  formatVersion: z.literal(PACK_FORMAT_VERSION),
  id: z.string().regex(slug(63), 'must be lowercase letters, digits and hyphens, 2-64 characters'),
  version: z.string().regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/, 'must be a semantic version MAJOR.MINOR.PATCH'),
  title: boundedString(1, 120),
  description: z.string().max(4000).optional(),
  author: z.string().max(120).optional(),
  license: z.string().max(64).optional(),
  questions: z.array(questionSchema).min(1).max(5000),
});

export type ChecklistItem = z.infer<typeof checklistItemSchema>;
export type Stage = z.infer<typeof stageSchema>;
export type Question = z.infer<typeof questionSchema>;
export type Pack = z.infer<typeof packSchema>;

/** Field names each level of the format knows; anything else is reported as a warning and ignored. */
export const KNOWN_FIELDS = {
  pack: Object.keys(packSchema.shape),
  question: Object.keys(questionSchema.shape),
  item: Object.keys(checklistItemSchema.shape),
} as const;
