/**
 * Filling a loop template with questions, for a role and a level: a pure function of the template, the questions on
 * offer and a random source, so every rule is tested without a database.
 *
 * The rules:
 * - a question fits a slot if its kind is one the slot names, its area is one the slot allows, and it is tagged with
 *   the role (or with no role, meaning any);
 * - the level asked for comes first, then the nearest levels (a junior loop borrows a mid design question before the
 *   bank fails), because real loops do the same when a level has nothing to ask;
 * - within a level, the scheduler's picks come first: due reviews, then questions on a weak concept, then new ones,
 *   then the rest, in random order among equals;
 * - no question is asked twice in a loop;
 * - a slot the questions on offer cannot fill fails the whole loop with a sentence naming the slot, the round, what it
 *   needed and how many it found.
 */
import { LEVELS, type AreaId, type Kind, type Level, type Role } from '../areas';
import type { Stage } from '../pack-schema';
import type { LoopRound, LoopSlot, LoopTemplate } from './template';

/** Why the scheduler would pick a question now, best first. */
export const PRIORITIES = ['due', 'weak', 'new', 'practised'] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface Candidate {
  key: number;
  packId: string;
  id: string;
  area: AreaId;
  kind: Kind;
  level: Level;
  roles: readonly Role[];
  followUps: readonly string[];
  stages: readonly Stage[];
  priority: Priority;
}

export interface PlannedStage {
  title: string;
  /** Its time box in this loop, in seconds (the question's minutes scaled to the slot). */
  sec: number;
  prompt?: string;
}

export interface PlannedItem {
  key: number;
  packId: string;
  id: string;
  area: AreaId;
  level: Level;
  priority: Priority;
  round: number;
  slot: string;
  answerSec: number;
  /** The follow-ups asked after the main answer, in order. */
  followUps: string[];
  followUpSec: number;
  /** System-design time boxes; empty for other kinds. */
  stages: PlannedStage[];
}

export interface PlannedRound {
  title: string;
  minutes: number;
  breakMinutes: number;
  /** Positions first..first+count-1 of the session belong to this round. */
  first: number;
  count: number;
}

export interface LoopPlan {
  templateId: string;
  title: string;
  role: Role;
  level: Level;
  rounds: PlannedRound[];
  items: PlannedItem[];
}

export type FillResult = { ok: true; plan: LoopPlan } | { ok: false; error: string };

/** The time boxes of a design answer when its question has none: requirements to monitoring, 45 minutes in all. */
export const DEFAULT_DESIGN_STAGES: readonly Stage[] = [
  { title: 'Requirements and metrics', minutes: 5 },
  { title: 'Data', minutes: 8 },
  { title: 'Model', minutes: 10 },
  { title: 'Evaluation', minutes: 7 },
  { title: 'Serving', minutes: 10 },
  { title: 'Monitoring and iteration', minutes: 5 },
];

/** Stages scaled to `totalSec`, in whole seconds that add up exactly (the last stage takes the rounding). */
export function scaleStages(stages: readonly Stage[], totalSec: number): PlannedStage[] {
  const minutes = stages.reduce((n, s) => n + s.minutes, 0);
  let used = 0;
  return stages.map((s, i) => {
    const sec = i === stages.length - 1 ? totalSec - used : Math.round((s.minutes / minutes) * totalSec);
    used += sec;
    return s.prompt === undefined ? { title: s.title, sec } : { title: s.title, sec, prompt: s.prompt };
  });
}

const levelDistance = (a: Level, b: Level) => Math.abs(LEVELS.indexOf(a) - LEVELS.indexOf(b));

function fits(c: Candidate, slot: LoopSlot, role: Role): boolean {
  return slot.kinds.includes(c.kind) && (!slot.areas || slot.areas.includes(c.area)) && (c.roles.length === 0 || c.roles.includes(role));
}

/** `n` of `list` in random order (Fisher-Yates on a copy), or all of it when shorter. */
function sample<T>(list: readonly T[], n: number, random: () => number): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
}

function describeSlot(slot: LoopSlot, round: LoopRound, role: Role): string {
  const kinds = slot.kinds.join(' or ');
  const areas = slot.areas ? ` in ${slot.areas.join(', ')}` : '';
  return `"${slot.title}" in round "${round.title}" needs ${slot.count} ${kinds} question${slot.count === 1 ? '' : 's'}${areas} for the ${role} role`;
}

export function fillLoop(template: LoopTemplate, pool: readonly Candidate[], opts: { role: Role; level: Level; random: () => number }): FillResult {
  const { role, level, random } = opts;
  const used = new Set<number>();
  const items: PlannedItem[] = [];
  const rounds: PlannedRound[] = [];
  // One random number per candidate decides ties, drawn once so the order is a stable function of the seed.
  const tie = new Map(pool.map((c) => [c.key, random()]));
  for (const [r, round] of template.rounds.entries()) {
    const first = items.length;
    for (const slot of round.slots) {
      const ranked = pool
        .filter((c) => !used.has(c.key) && fits(c, slot, role))
        .sort(
          (a, b) =>
            levelDistance(a.level, level) - levelDistance(b.level, level) ||
            slot.kinds.indexOf(a.kind) - slot.kinds.indexOf(b.kind) ||
            PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority) ||
            tie.get(a.key)! - tie.get(b.key)!,
        );
      if (ranked.length < slot.count) {
        const found = ranked.length === 0 ? 'none is on offer' : `only ${ranked.length} ${ranked.length === 1 ? 'is' : 'are'} on offer`;
        return { ok: false, error: `The questions on offer cannot fill this loop: ${describeSlot(slot, round, role)}, and ${found} (at any level, not already used). Enable more packs, or pick another role.` };
      }
      for (const c of ranked.slice(0, slot.count)) {
        used.add(c.key);
        const answerSec = slot.minutes * 60;
        const designStages = c.kind === 'system-design' ? (c.stages.length >= 2 ? c.stages : DEFAULT_DESIGN_STAGES) : [];
        items.push({
          key: c.key,
          packId: c.packId,
          id: c.id,
          area: c.area,
          level: c.level,
          priority: c.priority,
          round: r,
          slot: slot.title,
          answerSec,
          followUps: sample(c.followUps.filter((f) => f.trim() !== ''), slot.followUps, random),
          followUpSec: slot.followUpMinutes * 60,
          stages: designStages.length ? scaleStages(designStages, answerSec) : [],
        });
      }
    }
    rounds.push({ title: round.title, minutes: round.minutes, breakMinutes: r === template.rounds.length - 1 ? 0 : round.breakMinutes, first, count: items.length - first });
  }
  return { ok: true, plan: { templateId: template.id, title: template.title, role, level, rounds, items } };
}

/** A small seeded generator (mulberry32), so a loop's picks can be repeated from its seed in tests. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
