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

describe('built-in bank', () => {
  it('every pack passes the validator with no errors and no warnings', () => {
    expect(packs.length).toBeGreaterThanOrEqual(10);
    for (const { file, result } of packs) {
      expect({ file, errors: result.errors, warnings: result.warnings }).toEqual({ file, errors: [], warnings: [] });
    }
  });

  it('has 200+ questions, 20+ in each area, all four kinds and 3+ per level in each area', () => {
    expect(questions.length).toBeGreaterThanOrEqual(200);
    for (const area of AREAS) {
      const inArea = questions.filter((q) => q.area === area.id);
      expect({ area: area.id, n: inArea.length >= 20 }).toEqual({ area: area.id, n: true });
      for (const kind of KINDS) expect({ area: area.id, kind, present: inArea.some((q) => q.kind === kind) }).toEqual({ area: area.id, kind, present: true });
      for (const level of LEVELS) {
        expect({ area: area.id, level, atLeast3: inArea.filter((q) => q.level === level).length >= 3 }).toEqual({ area: area.id, level, atLeast3: true });
      }
    }
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

  it('tags the whole bank: every id known, every question with 2+ tagged items, 85%+ of items tagged', () => {
    for (const { q, item } of items) for (const c of item.concepts ?? []) expect({ q: q.id, c, known: known.has(c) }).toEqual({ q: q.id, c, known: true });
    for (const q of questions) expect({ q: q.id, tagged: q.checklist.filter((i) => i.concepts?.length).length >= 2 }).toEqual({ q: q.id, tagged: true });
    expect(items.filter(({ item }) => item.concepts?.length).length / items.length).toBeGreaterThanOrEqual(0.85);
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
