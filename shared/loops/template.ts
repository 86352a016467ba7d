/**
 * Mock-loop templates: the rounds of a mock interview as data (resources/loops/*.json, docs/pack-format.md §7), so an
 * instructor can ship their own. A template says what each round asks (slots of questions by kind, with a time box
 * each and how many follow-ups the interviewer asks), not which questions: shared/loops/fill.ts picks those for a
 * role and level from the questions on offer.
 */
import { z } from 'zod';
import { AREA_IDS, KINDS } from '../areas';

export const LOOP_FORMAT = 'mldrill-loop';
export const LOOP_FORMAT_VERSION = 1;
export const MAX_LOOP_ROUNDS = 6;
export const MAX_ROUND_MINUTES = 120;
export const MAX_FOLLOW_UPS = 2;

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'must be lowercase letters, digits and hyphens, 2-64 characters');
const text = (max: number) => z.string().trim().min(1).max(max);

export const slotSchema = z.strictObject({
  title: text(80),
  /** The kinds a question here may have, in order of preference. */
  kinds: z.array(z.enum(KINDS)).min(1).max(KINDS.length),
  /** Limits the slot to these areas; absent, any area. */
  areas: z.array(z.enum(AREA_IDS)).min(1).max(AREA_IDS.length).optional(),
  count: z.number().int().min(1).max(8),
  /** The time box of each main answer, in minutes (a system-design question's stages are scaled to fit it). */
  minutes: z.number().int().min(1).max(60),
  /** Follow-ups asked after each main answer, taken from the question's own follow-ups. */
  followUps: z.number().int().min(0).max(MAX_FOLLOW_UPS),
  /** The time box of each follow-up answer, in minutes. */
  followUpMinutes: z.number().int().min(1).max(10).default(2),
});

export const roundSchema = z
  .strictObject({
    title: text(80),
    /** The round's length: its clock counts down from this, whatever the answers' boxes add up to. */
    minutes: z.number().int().min(5).max(MAX_ROUND_MINUTES),
    slots: z.array(slotSchema).min(1).max(6),
    /** A break before the next round, in minutes (ignored after the last). */
    breakMinutes: z.number().int().min(0).max(60).default(0),
  })
  .superRefine((r, ctx) => {
    const boxes = r.slots.reduce((n, s) => n + s.count * (s.minutes + s.followUps * s.followUpMinutes), 0);
    if (boxes > r.minutes) {
      ctx.addIssue({ code: 'custom', path: ['slots'], message: `the answers' time boxes add up to ${boxes} minutes, more than the round's ${r.minutes}` });
    }
  });

export const loopTemplateSchema = z.strictObject({
  format: z.literal(LOOP_FORMAT),
  formatVersion: z.literal(LOOP_FORMAT_VERSION),
  id: slug,
  title: text(80),
  description: text(400),
  rounds: z.array(roundSchema).min(1).max(MAX_LOOP_ROUNDS),
});

export type LoopSlot = z.infer<typeof slotSchema>;
export type LoopRound = z.infer<typeof roundSchema>;
export type LoopTemplate = z.infer<typeof loopTemplateSchema>;

/** A template's problems as "path: message" lines (empty when it is valid). */
export function parseLoopTemplate(raw: unknown): { ok: true; template: LoopTemplate } | { ok: false; errors: string[] } {
  const r = loopTemplateSchema.safeParse(raw);
  if (r.success) return { ok: true, template: r.data };
  return {
    ok: false,
    errors: r.error.issues.map((i) => `${i.path.length ? i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : '(template)'}: ${i.message}`),
  };
}

export const roundQuestions = (r: LoopRound) => r.slots.reduce((n, s) => n + s.count, 0);
