import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMON_WORDS, isCommonWord } from '../../shared/common-words';
import {
  COMMON_WEIGHT,
  PHRASE_WEIGHT,
  WORD_WEIGHT,
  explainSuggestions,
  keywordMatches,
  keywordWeight,
  scoreItems,
  suggestItems,
  tokenMatches,
  tokenSpans,
  tokenize,
} from '../../shared/suggest';
import { validatePack } from '../../shared/validate-pack';
import { bytes, pack, question } from '../fixtures/packs';

const items = [
  { id: 'pr-auc', keywords: ['PR-AUC', 'precision-recall curve', 'average precision', 'AUPRC'] },
  { id: 'threshold', keywords: ['threshold', 'operating point', 'cutoff'] },
  { id: 'calibration', keywords: ['calibrat', 'reliability diagram', 'Platt'] },
  { id: 'none', keywords: [] },
];

describe('tokens and word forms', () => {
  it('treats punctuation and case alike: PR-AUC, pr auc, PR/AUC', () => {
    for (const text of ['PR-AUC', 'pr auc', 'PR/AUC', 'Pr_Auc']) expect(keywordMatches(tokenize(text), 'PR-AUC')).toBe(true);
  });

  it('folds accents and keeps + and # (C++, C#)', () => {
    expect(tokenize('Naïve Bayes in C++ and C#')).toEqual(['naive', 'bayes', 'in', 'c++', 'and', 'c#']);
  });

  it('knows where each token sits in the original text, accents and astral characters included', () => {
    const text = 'Naïve 𝒙 Bayes, café-style';
    for (const t of tokenSpans(text)) expect(tokenize(text.slice(t.start, t.end))).toEqual([t.token]);
    expect(tokenSpans(text).map((t) => text.slice(t.start, t.end))).toEqual(['Naïve', '𝒙', 'Bayes', 'café', 'style']);
  });

  it('lets longer keywords be stems, so one keyword covers every form of a word', () => {
    const answer = tokenize('an orchestration layer, then calibration and a regularized model');
    expect(keywordMatches(answer, 'orchestrat')).toBe(true);
    expect(keywordMatches(answer, 'calibrat')).toBe(true);
    expect(keywordMatches(answer, 'regulariz')).toBe(true);
    expect(keywordMatches(tokenize('we drifted'), 'drift')).toBe(true);
    expect(keywordMatches(tokenize('driftwood'), 'drift')).toBe(false);
  });

  it('matches simple inflections: -ies, a dropped e, a doubled consonant, a plural keyword against its singular', () => {
    expect(tokenMatches('query', 'queries')).toBe(true);
    expect(tokenMatches('tune', 'tuning')).toBe(true);
    expect(tokenMatches('calibrate', 'calibration')).toBe(true);
    expect(tokenMatches('label', 'labelled')).toBe(true);
    expect(tokenMatches('model', 'modelling')).toBe(true);
    expect(tokenMatches('map', 'mapping')).toBe(true);
    expect(tokenMatches('queries', 'query')).toBe(true);
    expect(tokenMatches('embeddings', 'embedding')).toBe(true);
  });

  it('matches British and American spellings either way, without changing words that only end alike', () => {
    expect(keywordMatches(tokenize('we normalised the inputs'), 'normalize')).toBe(true);
    expect(keywordMatches(tokenize('regularisation'), 'regulariz')).toBe(true);
    expect(keywordMatches(tokenize('the behavior policy'), 'behaviour policy')).toBe(true);
    expect(keywordMatches(tokenize('favour precision'), 'favor precision')).toBe(true);
    expect(keywordMatches(tokenize('label noise'), 'noise')).toBe(true);
    expect(tokenMatches('four', 'for')).toBe(false);
  });

  it('does not match a keyword inside a longer unrelated word', () => {
    expect(keywordMatches(tokenize('the shape of the data'), 'SHAP')).toBe(false);
    expect(keywordMatches(tokenize('we used SHAP values'), 'SHAP')).toBe(true);
    expect(tokenMatches('loss', 'lossless')).toBe(false);
    expect(tokenMatches('ppo', 'ppo2')).toBe(false);
    expect(tokenMatches('bias', 'bia')).toBe(false);
  });

  it('a keyword always matches an answer that contains it, whatever surrounds it', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,12}( [a-z]{1,12}){0,2}$/), fc.string(), fc.string(), (kw, before, after) => {
        expect(keywordMatches(tokenize(`${before} ${kw.toUpperCase()} ${after}`), kw)).toBe(true);
      }),
    );
  });
});

describe('how much a keyword counts', () => {
  it('weighs a specific phrase above a single word, and a common word lowest', () => {
    expect(keywordWeight('reliability diagram')).toBe(PHRASE_WEIGHT);
    expect(keywordWeight('cost of a false')).toBe(PHRASE_WEIGHT);
    expect(keywordWeight('sensitivity')).toBe(WORD_WEIGHT);
    expect(keywordWeight('cost')).toBe(COMMON_WEIGHT);
    expect(keywordWeight('costs')).toBe(COMMON_WEIGHT);
    expect(keywordWeight('!!!')).toBe(0);
    expect(keywordWeight('HER')).toBe(WORD_WEIGHT); // an acronym, read only in capitals
    expect(PHRASE_WEIGHT).toBeGreaterThan(WORD_WEIGHT);
    expect(WORD_WEIGHT).toBeGreaterThan(COMMON_WEIGHT);
  });

  it('knows the common words, with their plain inflections, and not technical terms', () => {
    for (const w of ['cost', 'risk', 'support', 'view', 'map', 'the', 'costs', 'supported']) expect(isCommonWord(w)).toBe(true);
    for (const w of ['calibration', 'gradient', 'embedding', 'hnsw', 'sensitivity']) expect(isCommonWord(w)).toBe(false);
    expect(COMMON_WORDS.size).toBeGreaterThanOrEqual(1000);
    for (const w of COMMON_WORDS) expect(tokenize(w)).toEqual([w]);
  });
});

describe('suggestItems', () => {
  it('does not suggest an item for one specific word alone: naming a topic is not covering it', () => {
    expect(suggestItems('We would set a threshold.', items)).toEqual([]);
    expect(suggestItems('Report the AUPRC.', items)).toEqual([]);
  });

  it('suggests an item on two distinct keywords, in checklist order', () => {
    expect(suggestItems('Pick the operating point, i.e. the score cutoff; calibrate with Platt scaling; report PR-AUC and AUPRC.', items)).toEqual([
      'pr-auc',
      'threshold',
      'calibration',
    ]);
  });

  it('a phrase beats a single word: a phrase plus a common word suggests, a word plus a common word does not', () => {
    const checklist = [
      { id: 'phrase', keywords: ['misclassification cost', 'money'] },
      { id: 'word', keywords: ['cutoff', 'money'] },
    ];
    expect(suggestItems('We minimise the misclassification cost, because errors lose money.', checklist)).toEqual(['phrase']);
    expect(suggestItems('The cutoff matters, because errors lose money.', checklist)).toEqual([]);
  });

  it('never suggests an item on common words alone, however many of them an answer uses', () => {
    const common = [...COMMON_WORDS];
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...common), { minLength: 1, maxLength: 12 }), fc.array(fc.constantFrom(...common), { maxLength: 40 }), (keywords, extra) => {
        const answer = [...keywords, ...extra].join(' ');
        expect(suggestItems(answer, [{ id: 'x', keywords: keywords.slice(0, 3) }])).toEqual([]);
      }),
    );
  });

  it('counts two forms of the same word once, and a word inside a phrase that matched once', () => {
    const checklist = [{ id: 'cite', keywords: ['citation', 'citations', 'cited'] }];
    expect(suggestItems('Every answer carries citations; citation quality matters.', checklist)).toEqual([]);
    expect(suggestItems('We minimise the expected cost; cost matters.', [{ id: 'cost', keywords: ['expected cost', 'cost'] }])).toEqual([]);
  });

  it('reads an acronym that spells a common word only when the answer writes it in capitals', () => {
    const checklist = [{ id: 'her', keywords: ['HER', 'goal relabel'] }];
    expect(suggestItems('Use HER: goal relabelling turns failures into successes.', checklist)).toEqual(['her']);
    expect(suggestItems('Her team tried goal relabelling.', checklist)).toEqual([]);
  });

  it("lets the item's own words back up one keyword, but never suggest an item alone", () => {
    const item = { id: 'replay', text: 'Stores transitions in a replay buffer and samples minibatches uniformly', keywords: ['experience replay', 'replay memory'] };
    const answer = 'Experience replay: we keep transitions and draw minibatches uniformly at random.';
    expect(suggestItems(answer, [item])).toEqual(['replay']);
    expect(explainSuggestions(answer, [item])[0]!.evidence.map((e) => [e.kind, e.words])).toEqual([
      ['keyword', 'Experience replay'],
      ['item-text', 'transitions, minibatches, uniformly'],
    ]);
    expect(suggestItems('Experience replay helps.', [item])).toEqual([]);
    expect(suggestItems('We keep transitions and draw minibatches uniformly from a buffer.', [item])).toEqual([]);
  });

  it('suggests nothing for an empty answer', () => {
    expect(suggestItems('   ', items)).toEqual([]);
  });
});

describe('explainSuggestions', () => {
  const answer = 'First pick the operating point: sweep the cutoff on validation data. Then calibrate (Platt scaling).';

  it('lists, for each suggested item, the keywords and the very words of the answer that triggered it', () => {
    const explained = explainSuggestions(answer, items);
    expect(explained.map((e) => e.id)).toEqual(suggestItems(answer, items));
    const threshold = explained.find((e) => e.id === 'threshold')!;
    expect(threshold.evidence.map((e) => [e.keyword, e.words])).toEqual([
      ['operating point', 'operating point'],
      ['cutoff', 'cutoff'],
    ]);
    for (const e of explained.flatMap((x) => x.evidence)) expect(answer.slice(e.start, e.end)).toBe(e.words);
    expect(explained.find((e) => e.id === 'calibration')!.evidence.map((e) => e.words)).toEqual(['calibrate', 'Platt']);
  });

  it('gives each item a score that is the sum of its evidence, suggested or not', () => {
    const scored = scoreItems(answer, items);
    expect(scored.map((s) => s.id)).toEqual(items.map((i) => i.id));
    for (const s of scored) expect(s.score).toBe(s.evidence.reduce((n, e) => n + e.weight, 0));
    expect(scored.find((s) => s.id === 'none')).toEqual({ id: 'none', score: 0, evidence: [] });
  });
});

describe('the pack validator on keywords', () => {
  it('warns, with the JSON path, about a keyword that is one common word, and not about phrases or acronyms', () => {
    const q = question('q-one');
    q.checklist[1] = { ...q.checklist[1]!, keywords: ['threshold', 'cost', 'cost of errors', 'Risks'] };
    q.checklist[2] = { ...q.checklist[2]!, keywords: ['calibration', 'HER', 'RoPE', 'mAP'] };
    const r = validatePack(bytes(pack({}, [q])));
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([
      { path: 'questions[0].checklist[1].keywords[1]', message: '"cost" is a common word; on its own it never decides a suggestion — use a specific phrase' },
      { path: 'questions[0].checklist[1].keywords[3]', message: '"Risks" is a common word; on its own it never decides a suggestion — use a specific phrase' },
    ]);
  });
});
