import { describe, expect, it } from 'vitest';
import { readDraft } from '../../electron/services/drafts';

describe('reading stored drafts', () => {
  it('reads today’s drafts unchanged', () => {
    const draft = { phase: 'grade', answer: 'x', elapsedMs: 5, ticked: ['a'], suggested: [], ratings: { clarity: 2 } };
    expect(readDraft(JSON.stringify(draft))).toEqual(draft);
  });

  it('narrows drafts written before the union on phase to their phase’s fields', () => {
    const old = { phase: 'answer', answer: 'typed', elapsedMs: 900, ticked: [], suggested: [], ratings: {}, note: '' };
    expect(readDraft(JSON.stringify(old))).toEqual({ phase: 'answer', answer: 'typed', elapsedMs: 900 });
  });

  it('sends a review with incomplete ratings back to grading rather than losing it', () => {
    const old = { phase: 'review', answer: 'typed', elapsedMs: 900, ticked: ['a'], suggested: ['a'], ratings: { clarity: 1 }, note: 'n' };
    expect(readDraft(JSON.stringify(old))).toEqual({ phase: 'grade', answer: 'typed', elapsedMs: 900, ticked: ['a'], suggested: ['a'], ratings: { clarity: 1 } });
  });

  it('drops what cannot be read instead of failing the drill', () => {
    expect(readDraft('{not json')).toBeNull();
    expect(readDraft('42')).toBeNull();
    expect(readDraft(JSON.stringify({ phase: 'answer', answer: 7 }))).toBeNull();
  });
});
