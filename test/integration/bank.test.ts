/** The built-in bank, loaded exactly as the app loads it: through the pack validator. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AREAS, KINDS, LEVELS } from '../../shared/areas';
import { CONCEPTS } from '../../shared/concepts';
import type { Question } from '../../shared/pack-schema';
import { suggestItems } from '../../shared/suggest';
import { validatePack } from '../../shared/validate-pack';
import { listPackFiles } from '../../electron/services/bank';
import { BANK_DIR, ROOT } from './helpers';

const packs = listPackFiles(BANK_DIR).map((file) => {
  const result = validatePack(fs.readFileSync(file));
  return { file, result };
});
const questions: Question[] = packs.flatMap((p) => (p.result.ok ? p.result.pack.questions : []));

/**
 * Two prompts closer than this (cosine similarity of their TF-IDF word vectors, words of 3+ letters, IDF over the
 * whole bank) ask the same thing in other words. The second edition merged or retired the pairs a reviewer found by
 * hand; the closest pair left then was about 0.5, and the retired twins ranged from 0.11 to 0.40, so the number is
 * a guard against new near-copies, not a proof that pairs below it differ.
 */
const NEAR_DUPLICATE = 0.5;

function promptSimilarities(qs: readonly Question[]): { a: string; b: string; similarity: number }[] {
  const docs = qs.map((q) => q.prompt.toLowerCase().replace(/[^a-z0-9\s]/g, ' ').split(/\s+/).filter((w) => w.length >= 3));
  const df = new Map<string, number>();
  for (const d of docs) for (const w of new Set(d)) df.set(w, (df.get(w) ?? 0) + 1);
  const vectors = docs.map((d) => {
    const tf = new Map<string, number>();
    for (const w of d) tf.set(w, (tf.get(w) ?? 0) + 1);
    const v = new Map([...tf].map(([w, c]) => [w, c * Math.log(docs.length / df.get(w)!)]));
    const norm = Math.sqrt([...v.values()].reduce((n, x) => n + x * x, 0)) || 1;
    return new Map([...v].map(([w, x]) => [w, x / norm]));
  });
  const out: { a: string; b: string; similarity: number }[] = [];
  for (let i = 0; i < qs.length; i++) {
    for (let j = i + 1; j < qs.length; j++) {
      let s = 0;
      for (const [w, x] of vectors[i]!) s += x * (vectors[j]!.get(w) ?? 0);
      out.push({ a: qs[i]!.id, b: qs[j]!.id, similarity: Math.round(s * 1000) / 1000 });
    }
  }
  return out;
}

describe('built-in bank', () => {
  it('every pack passes the validator with no errors and no warnings', () => {
    expect(packs.length).toBeGreaterThanOrEqual(10);
    for (const { file, result } of packs) {
      expect({ file, errors: result.errors, warnings: result.warnings }).toEqual({ file, errors: [], warnings: [] });
    }
  });

  it('has 400+ questions, 35+ in each area, every kind (coding included) and 3+ per level in each area', () => {
    expect(questions.length).toBeGreaterThanOrEqual(400);
    expect(KINDS).toContain('coding');
    expect(questions.filter((q) => q.kind === 'coding').length).toBeGreaterThanOrEqual(30);
    for (const area of AREAS) {
      const inArea = questions.filter((q) => q.area === area.id);
      expect({ area: area.id, n: inArea.length >= 35 }).toEqual({ area: area.id, n: true });
      expect({ area: area.id, coding: inArea.filter((q) => q.kind === 'coding').length >= 3 }).toEqual({ area: area.id, coding: true });
      for (const kind of KINDS) expect({ area: area.id, kind, present: inArea.some((q) => q.kind === kind) }).toEqual({ area: area.id, kind, present: true });
      for (const level of LEVELS) {
        expect({ area: area.id, level, atLeast3: inArea.filter((q) => q.level === level).length >= 3 }).toEqual({ area: area.id, level, atLeast3: true });
      }
    }
  });

  it(`has no near-duplicate prompts: no two above ${NEAR_DUPLICATE} TF-IDF cosine similarity (docs/pack-format.md, the bank)`, () => {
    const close = promptSimilarities(questions).filter((p) => p.similarity > NEAR_DUPLICATE);
    expect(close).toEqual([]);
  });

  it('every system-design question has stages that add up to its time limit', () => {
    const problems = questions
      .filter((q) => q.kind === 'system-design')
      .flatMap((q) => (!q.stages ? [`${q.id}: no stages`] : q.stages.reduce((n, s) => n + s.minutes, 0) * 60 !== q.timeLimitSec ? [`${q.id}: stages do not add up`] : []));
    expect(problems).toEqual([]);
  });

  it('has unique pack ids and question ids across the whole bank', () => {
    const packIds = packs.map((p) => (p.result.ok ? p.result.pack.id : p.file));
    expect(new Set(packIds).size).toBe(packIds.length);
    const ids = questions.map((q) => q.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('every question has 5-8 checklist items with keywords, 2+ pitfalls and follow-ups, an outline of 200+ characters, a time limit and roles', () => {
    const problems: string[] = [];
    for (const q of questions) {
      if (q.checklist.length < 5 || q.checklist.length > 8) problems.push(`${q.id}: ${q.checklist.length} checklist items`);
      for (const item of q.checklist) if (!item.keywords || item.keywords.length < 2) problems.push(`${q.id}.${item.id}: fewer than 2 keywords`);
      if (q.pitfalls.length < 2) problems.push(`${q.id}: ${q.pitfalls.length} pitfalls`);
      if (q.followUps.length < 2) problems.push(`${q.id}: ${q.followUps.length} follow-ups`);
      if ((q.outline ?? '').length < 200) problems.push(`${q.id}: outline of ${(q.outline ?? '').length} characters`);
      if (q.timeLimitSec === undefined) problems.push(`${q.id}: no timeLimitSec`);
      if (!q.roles || q.roles.length === 0) problems.push(`${q.id}: no roles`);
    }
    expect(problems).toEqual([]);
  });

  it("the app's keyword suggester finds 60%+ of each question's checklist in its own strong-answer outline", () => {
    const weak = questions
      .map((q) => ({ id: q.id, found: suggestItems(q.outline ?? '', q.checklist).length, total: q.checklist.length }))
      .filter((r) => r.found / r.total < 0.6);
    expect(weak).toEqual([]);
  });

  it('suggests little for an answer that only restates the question', () => {
    // Keywords that merely repeat the prompt would pre-tick items for any answer; keep that rare.
    const echoes = questions.map((q) => suggestItems(q.prompt, q.checklist).length / q.checklist.length);
    const mean = echoes.reduce((a, b) => a + b, 0) / echoes.length;
    expect(mean).toBeLessThan(0.05);
  });
});

describe('concept tags', () => {
  const items = questions.flatMap((q) => q.checklist.map((item) => ({ q, item })));
  const known = new Set(CONCEPTS.map((c) => c.id));

  it('the vocabulary is well formed: unique slug ids, a home area, short titles and summaries', () => {
    expect(new Set(CONCEPTS.map((c) => c.id)).size).toBe(CONCEPTS.length);
    for (const c of CONCEPTS) {
      expect(c.id).toMatch(/^[a-z0-9][a-z0-9-]{1,39}$/);
      expect(AREAS.map((a) => a.id)).toContain(c.area);
      expect(c.title.length).toBeLessThanOrEqual(40);
      expect(c.summary.length).toBeLessThanOrEqual(160);
    }
  });

  it('tags the whole bank: every id known, and every checklist item carries at least one concept', () => {
    for (const { q, item } of items) for (const c of item.concepts ?? []) expect({ q: q.id, c, known: known.has(c) }).toEqual({ q: q.id, c, known: true });
    expect(items.filter(({ item }) => !item.concepts?.length).map(({ q, item }) => `${q.id}.${item.id}`)).toEqual([]);
  });

  it('every concept recurs: used by at least two questions (otherwise it is a weak card, not a concept)', () => {
    const usedBy = new Map<string, Set<string>>();
    for (const { q, item } of items) for (const c of item.concepts ?? []) usedBy.set(c, (usedBy.get(c) ?? new Set()).add(q.id));
    for (const c of CONCEPTS) expect({ c: c.id, questions: (usedBy.get(c.id)?.size ?? 0) >= 2 }).toEqual({ c: c.id, questions: true });
  });

  it('docs/concepts.md lists exactly the vocabulary, area by area in order', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'concepts.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| `([a-z0-9-]+)` \| ([^|]+) \|/gm)].map((m) => [m[1], m[2]!.trim()]);
    const expected = AREAS.flatMap((a) => CONCEPTS.filter((c) => c.area === a.id).map((c) => [c.id, c.title]));
    expect(rows).toEqual(expected);
  });
});
