import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keywordMatches, suggestItems, tokenize } from '../../shared/suggest';

const items = [
  { id: 'pr-auc', keywords: ['PR-AUC', 'precision-recall', 'average precision'] },
  { id: 'threshold', keywords: ['threshold'] },
  { id: 'calibration', keywords: ['calibrate', 'calibration'] },
  { id: 'none', keywords: [] },
];

describe('suggestItems', () => {
  it('suggests items whose keywords appear, in checklist order', () => {
    expect(suggestItems('I would calibrate scores and report pr auc, then set a threshold.', items)).toEqual(['pr-auc', 'threshold', 'calibration']);
  });

  it('treats punctuation and case alike: PR-AUC, pr auc, PR/AUC', () => {
    for (const text of ['PR-AUC', 'pr auc', 'PR/AUC', 'Pr_Auc']) expect(suggestItems(text, items)).toEqual(['pr-auc']);
  });

  it('matches simple inflections of longer words but not unrelated words', () => {
    expect(suggestItems('the thresholds were calibrated', items)).toEqual(['threshold', 'calibration']);
    expect(suggestItems('precision matters; recall too', items)).toEqual([]);
  });

  it('lets longer keywords be stems, so one keyword covers every form of a word', () => {
    const answer = tokenize('an orchestration layer, then calibration and a regularized model');
    expect(keywordMatches(answer, 'orchestrat')).toBe(true);
    expect(keywordMatches(answer, 'calibrat')).toBe(true);
    expect(keywordMatches(answer, 'regulariz')).toBe(true);
    expect(keywordMatches(tokenize('we drifted'), 'drift')).toBe(true);
    expect(keywordMatches(tokenize('driftwood'), 'drift')).toBe(false);
  });

  it('does not match a keyword inside a longer unrelated word', () => {
    expect(keywordMatches(tokenize('the shape of the data'), 'SHAP')).toBe(false);
    expect(keywordMatches(tokenize('we used SHAP values'), 'SHAP')).toBe(true);
  });

  it('folds accents and keeps + and # (C++, C#)', () => {
    expect(tokenize('Naïve Bayes in C++ and C#')).toEqual(['naive', 'bayes', 'in', 'c++', 'and', 'c#']);
  });

  it('suggests nothing for an empty answer', () => {
    expect(suggestItems('   ', items)).toEqual([]);
  });

  it('a keyword always matches an answer that contains it, whatever surrounds it', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,12}( [a-z]{1,12}){0,2}$/), fc.string(), fc.string(), (kw, before, after) => {
        expect(keywordMatches(tokenize(`${before} ${kw.toUpperCase()} ${after}`), kw)).toBe(true);
      }),
    );
  });
});
