/** The built-in bank, loaded exactly as the app loads it: through the pack validator. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AREAS, KINDS, LEVELS } from '../../shared/areas';
import type { Question } from '../../shared/pack-schema';
import { suggestItems } from '../../shared/suggest';
import { validatePack } from '../../shared/validate-pack';
import { listPackFiles } from '../../electron/services/bank';
import { BANK_DIR } from './helpers';

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
