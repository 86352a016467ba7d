import { renderToStaticMarkup } from 'react-dom/server';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import type { AttemptEntry } from '../../../../shared/api';
import { editArg, editFrom, isChanged, latestOf, markTerms, previewGrade, rate, toggleTick } from './history-model';
import { Marked, Pieces } from './Marked';
import { clearFocus, focusAttemptNext, pendingFocus } from './focus';

const entry = (over: Partial<AttemptEntry> = {}): AttemptEntry => ({
  kind: 'attempt',
  attemptId: 7,
  sessionId: 3,
  at: '2025-03-14T09:05:00.000Z',
  day: '2025-03-14',
  answer: 'Split by time to avoid leakage; calibrate with isotonic regression.',
  answerMs: 100_000,
  timeLimitSec: 180,
  coverage: 0.8,
  itemsTicked: 4,
  itemsTotal: 5,
  items: ['a', 'b', 'c', 'd', 'e'].map((id, i) => ({ id, text: `Item ${id}`, ticked: i < 4, concepts: [] })),
  ratings: { clarity: 3, judgment: 3, constraints: 3, communication: 3 },
  note: 'Mention drift.',
  grade: 'good',
  gradeDecidedBy: 'coverage',
  editedAt: null,
  mock: false,
  followUps: [],
  ...over,
});

describe('a grade edit', () => {
  it('opens as the attempt was saved and is unchanged until something changes', () => {
    const e = entry();
    const edit = editFrom(e);
    expect([...edit.ticked]).toEqual(['a', 'b', 'c', 'd']);
    expect(edit.ratings).toEqual(e.ratings);
    expect(edit.note).toBe('Mention drift.');
    expect(isChanged(edit, e)).toBe(false);
    expect(isChanged(toggleTick(edit, 'e'), e)).toBe(true);
    expect(isChanged(toggleTick(toggleTick(edit, 'e'), 'e'), e)).toBe(false);
    expect(isChanged(rate(edit, 'clarity', 1), e)).toBe(true);
    expect(isChanged({ ...edit, note: 'x' }, e)).toBe(true);
  });

  it('does not change the attempt it came from (Cancel restores by dropping the edit)', () => {
    const e = entry();
    const edit = rate(toggleTick(editFrom(e), 'a'), 'judgment', 0);
    expect(edit.ticked.has('a')).toBe(false);
    expect(e.items[0]!.ticked).toBe(true);
    expect(e.ratings.judgment).toBe(3);
    expect(editFrom(e).ticked.has('a')).toBe(true);
  });

  it('previews the grade the services will compute', () => {
    const e = entry();
    expect(previewGrade(editFrom(e), e)).toMatchObject({ grade: 'good', decidedBy: 'coverage', itemsTicked: 4, itemsTotal: 5, coverage: 0.8 });
    // Two of five ticked: under half the checklist is Again whatever the ratings.
    const fewer = toggleTick(toggleTick(editFrom(e), 'c'), 'd');
    expect(previewGrade(fewer, e)).toMatchObject({ grade: 'again', decidedBy: 'coverage', itemsTicked: 2, coverage: 0.4 });
    // All ticked but rated low: the ratings cap it.
    let low = toggleTick(editFrom(e), 'e');
    for (const d of ['clarity', 'judgment', 'constraints', 'communication'] as const) low = rate(low, d, 2);
    expect(previewGrade(low, e)).toMatchObject({ grade: 'hard', decidedBy: 'ratings', coverage: 1 });
  });

  it('sends the ticked ids in checklist order, with the ratings and note', () => {
    const e = entry();
    const edit = toggleTick(toggleTick(editFrom(e), 'a'), 'e');
    expect(editArg(e, { ...edit, note: 'Better.' })).toEqual({
      attemptId: 7,
      ticked: ['b', 'c', 'd', 'e'],
      ratings: { clarity: 3, judgment: 3, constraints: 3, communication: 3 },
      note: 'Better.',
    });
  });

  it('shows the saved attempt until the refetched history catches up', () => {
    const before = entry();
    const saved = entry({ grade: 'again', editedAt: '2025-03-15T10:00:00.000Z' });
    expect(latestOf(before, saved)).toBe(saved);
    const refetched = entry({ grade: 'again', editedAt: '2025-03-15T10:00:00.000Z' });
    expect(latestOf(refetched, saved)).toBe(refetched);
    expect(latestOf(before, null)).toBe(before);
    expect(latestOf(entry({ attemptId: 8 }), saved).attemptId).toBe(8);
  });
});

describe('marking searched words', () => {
  it('marks each term where a word starts, case-insensitively', () => {
    expect(markTerms('Leakage hides; avoid leakage, not sleakage.', ['leakage'])).toEqual([
      { text: 'Leakage', mark: true },
      { text: ' hides; avoid ', mark: false },
      { text: 'leakage', mark: true },
      { text: ', not sleakage.', mark: false },
    ]);
  });

  it('prefers the longest term and treats regex characters as text', () => {
    expect(markTerms('c++ and cal calibration', ['cal', 'calibration', 'c++'])).toEqual([
      { text: 'c++', mark: true },
      { text: ' and ', mark: false },
      { text: 'cal', mark: true },
      { text: ' ', mark: false },
      { text: 'calibration', mark: true },
    ]);
  });

  it('leaves the text whole without terms', () => {
    expect(markTerms('plain', [])).toEqual([{ text: 'plain', mark: false }]);
    expect(markTerms('', ['x'])).toEqual([]);
  });

  it('renders pieces as text and <mark>, never as HTML', () => {
    const html = renderToStaticMarkup(createElement(Pieces, { pieces: [{ text: '<img src=x onerror=alert(1)>', mark: false }, { text: '<b>hit</b>', mark: true }] }));
    expect(html).toBe('<span>&lt;img src=x onerror=alert(1)&gt;<mark>&lt;b&gt;hit&lt;/b&gt;</mark></span>');
    expect(renderToStaticMarkup(createElement(Marked, { text: 'a <script> leak', terms: ['leak'] }))).toBe('<span>a &lt;script&gt; <mark>leak</mark></span>');
  });
});

describe('the attempt a search hit opens at', () => {
  it('is read for its question only, and cleared once used', () => {
    focusAttemptNext({ packId: 'p', id: 'q-1', attemptId: 4, terms: ['drift'] });
    expect(pendingFocus({ packId: 'p', id: 'q-2' })).toBeNull();
    expect(pendingFocus({ packId: 'p', id: 'q-1' })?.attemptId).toBe(4);
    expect(pendingFocus({ packId: 'p', id: 'q-1' })?.attemptId).toBe(4);
    clearFocus();
    expect(pendingFocus({ packId: 'p', id: 'q-1' })).toBeNull();
  });
});
