import { describe, expect, it } from 'vitest';
import { applyFixes, parseFixes, type FixablePack } from '../../scripts/apply-keyword-fixes.mjs';

const bank = (): Map<string, FixablePack> =>
  new Map([['p', { id: 'p', questions: [{ id: 'q', checklist: [{ id: 'i', keywords: ['cost', 'expected cost'] }, { id: 'j', keywords: ['a', 'b'] }] }] }]]);

describe('apply-keyword-fixes', () => {
  it('removes and adds exact keywords on the named item only', () => {
    const packs = bank();
    expect(applyFixes(packs, [{ packId: 'p', questionId: 'q', itemId: 'i', remove: ['cost'], add: ['misclassification cost'] }])).toEqual([]);
    expect(packs.get('p')!.questions[0]!.checklist.map((it) => it.keywords)).toEqual([['expected cost', 'misclassification cost'], ['a', 'b']]);
  });

  it('reports every change it cannot make, by name', () => {
    const problems = applyFixes(bank(), [
      { packId: 'x', questionId: 'q', itemId: 'i' },
      { packId: 'p', questionId: 'gone', itemId: 'i' },
      { packId: 'p', questionId: 'q', itemId: 'nope' },
      { packId: 'p', questionId: 'q', itemId: 'i', remove: ['Cost'], add: ['expected cost', 'x'.repeat(41)] },
      { packId: 'p', questionId: 'q', itemId: 'j', remove: ['a', 'b'] },
      { packId: 'p', questionId: 'q', itemId: 'i', add: Array.from({ length: 11 }, (_, n) => `k${n}`) },
    ]);
    expect(problems).toEqual([
      'fix [0] x / q / i: no pack with id "x"',
      'fix [1] p / gone / i: pack "p" has no question "gone"',
      'fix [2] p / q / nope: question "q" has no item "nope"',
      'fix [3] p / q / i: has no keyword "Cost" to remove',
      'fix [3] p / q / i: already has keyword "expected cost"',
      `fix [3] p / q / i: keyword "${'x'.repeat(41)}" is not 1-40 characters`,
      'fix [4] p / q / j: would have no keywords left',
      'fix [5] p / q / i: would have 13 keywords, more than 12',
    ]);
  });

  it('refuses a malformed fixes file with a specific message', () => {
    expect(() => parseFixes('{')).toThrow(/^the fixes file is not JSON/);
    expect(() => parseFixes('{}')).toThrow('the fixes file must hold a JSON array of changes');
    expect(() => parseFixes('[{"packId":"p","questionId":"q"}]')).toThrow('fix [0].itemId must be a non-empty string');
    expect(() => parseFixes('[{"packId":"p","questionId":"q","itemId":"i","add":"x"}]')).toThrow('fix [0].add must be an array of strings');
    expect(() => parseFixes('[{"packId":"p","questionId":"q","itemId":"i","rmove":[]}]')).toThrow('fix [0] has unknown field(s) rmove');
  });
});
