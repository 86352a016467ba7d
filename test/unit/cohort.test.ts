/**
 * Progress files and cohort reports, pure code: parsing with specific reasons, the merge's figures against numbers
 * worked out by hand, and the HTML report's escaping. Expected values are written out, never computed by the code
 * under test.
 */
import { describe, expect, it } from 'vitest';
import { renderCohortHtml, escapeHtml } from '../../electron/services/cohort-html';
import {
  buildCohortReport,
  formatDuration,
  normalizeDisplayName,
  parseProgress,
  serializeProgress,
  type CohortEntry,
  type ProgressFile,
  type ProgressQuestion,
} from '../../shared/cohort';

function q(id: string, area: string, attempts: number, figures: Partial<ProgressQuestion>, items: [string, number, number][]): ProgressQuestion {
  return {
    id,
    area,
    attempts,
    skipped: 0,
    bestCoverage: null,
    latestCoverage: null,
    totalAnswerMs: 0,
    meanAnswerMs: null,
    timeLimitSec: 180,
    ...figures,
    items: items.map(([itemId, covered, appeared]) => ({ id: itemId, covered, appeared })),
  };
}

function file(exportId: string, displayName: string | null, questions: ProgressQuestion[], pack: Partial<ProgressFile['packs'][number]> = {}): ProgressFile {
  return {
    format: 'mldrill-progress',
    formatVersion: 1,
    exportId,
    exportedAt: '2026-03-06T17:00:00.000Z',
    displayName,
    includesAnswers: false,
    packs: [{ id: 'unit-pack', version: '1.0.0', title: 'Unit pack', questions, ...pack }],
  };
}

const untried = (id: string, area: string, items: string[], skipped = 0) => q(id, area, 0, { skipped }, items.map((i) => [i, 0, 0]));

/**
 * Three learners on four questions (qa: i1 i2; qb: j1 j2 j3; qc: k1 k2; qd: m1 m2).
 *   Ann: qa 2 attempts (best 1, latest .5, 200 s; i1 2/2, i2 1/2); qb 1 (1/3, 60 s; j1 1/1); qc skipped once; qd 1 (0, 30 s).
 *   Ben: qa 1 (.5, 90 s; i1 1/1); qb 1 (2/3, 120 s; j1, j2).
 *   no name: qa skipped twice; qb 2 (best 1, latest 1/3, 150 s; j1 2/2, j2 1/2, j3 1/2).
 */
const ANN = file('aaaaaaaa-0000-4000-8000-000000000001', 'Ann', [
  q('qa', 'evaluation', 2, { bestCoverage: 1, latestCoverage: 0.5, totalAnswerMs: 200_000, meanAnswerMs: 100_000 }, [['i1', 2, 2], ['i2', 1, 2]]),
  q('qb', 'mlops', 1, { bestCoverage: 1 / 3, latestCoverage: 1 / 3, totalAnswerMs: 60_000, meanAnswerMs: 60_000 }, [['j1', 1, 1], ['j2', 0, 1], ['j3', 0, 1]]),
  untried('qc', 'nlp-llm', ['k1', 'k2'], 1),
  q('qd', 'evaluation', 1, { bestCoverage: 0, latestCoverage: 0, totalAnswerMs: 30_000, meanAnswerMs: 30_000 }, [['m1', 0, 1], ['m2', 0, 1]]),
]);
const BEN = file('bbbbbbbb-0000-4000-8000-000000000002', 'Ben', [
  q('qa', 'evaluation', 1, { bestCoverage: 0.5, latestCoverage: 0.5, totalAnswerMs: 90_000, meanAnswerMs: 90_000 }, [['i1', 1, 1], ['i2', 0, 1]]),
  q('qb', 'mlops', 1, { bestCoverage: 2 / 3, latestCoverage: 2 / 3, totalAnswerMs: 120_000, meanAnswerMs: 120_000 }, [['j1', 1, 1], ['j2', 1, 1], ['j3', 0, 1]]),
  untried('qc', 'nlp-llm', ['k1', 'k2']),
  untried('qd', 'evaluation', ['m1', 'm2']),
]);
const NONAME = file('cccccccc-0000-4000-8000-000000000003', null, [
  untried('qa', 'evaluation', ['i1', 'i2'], 2),
  q('qb', 'mlops', 2, { bestCoverage: 1, latestCoverage: 1 / 3, totalAnswerMs: 150_000, meanAnswerMs: 75_000 }, [['j1', 2, 2], ['j2', 1, 2], ['j3', 1, 2]]),
  untried('qc', 'nlp-llm', ['k1', 'k2']),
  untried('qd', 'evaluation', ['m1', 'm2']),
]);

const entry = (name: string, value: unknown): CohortEntry => ({ file: name, parsed: parseProgress(typeof value === 'string' ? value : JSON.stringify(value)) });
const three = () => [entry('ann.progress.json', ANN), entry('ben.progress.json', BEN), entry('x.progress.json', NONAME)];

describe('parseProgress', () => {
  it('accepts the hand-built files and round-trips them through serializeProgress', () => {
    for (const f of [ANN, BEN, NONAME]) {
      const parsed = parseProgress(serializeProgress(f));
      expect(parsed).toEqual({ ok: true, progress: f });
    }
  });

  it.each([
    ['malformed JSON', '{"format": "mldrill-progress",', 'not-json', /^is not valid JSON: /],
    ['an empty file', '  \n', 'not-json', /^is empty$/],
    ['bytes that are not UTF-8', new Uint8Array([0x7b, 0xff, 0x7d]), 'not-json', /^is not UTF-8 text$/],
    ['a JSON array', '[1, 2]', 'wrong-format', /^is not a progress file: it holds an array/],
    ['a drill pack', JSON.stringify({ format: 'mldrill-pack', formatVersion: 1 }), 'wrong-format', /^is a drill pack, not a progress file/],
    ['another format', JSON.stringify({ format: 'something-else' }), 'wrong-format', /format is "something-else", not "mldrill-progress"/],
    ['a newer format version', JSON.stringify({ ...ANN, formatVersion: 2 }), 'wrong-format', /version 2, made by a newer version of the app/],
    ['a coverage above 1', JSON.stringify({ ...ANN, packs: [{ ...ANN.packs[0], questions: [{ ...ANN.packs[0]!.questions[0], bestCoverage: 1.5 }] }] }), 'invalid', /packs\[0\]\.questions\[0\]\.bestCoverage: /],
    ['a missing exportId', JSON.stringify({ ...ANN, exportId: undefined }), 'invalid', /^is not a valid progress file: exportId: /],
    ['covered above appeared', JSON.stringify(file('dddddddd-1', 'D', [q('qa', 'evaluation', 1, { bestCoverage: 1, latestCoverage: 1, totalAnswerMs: 1, meanAnswerMs: 1 }, [['i1', 2, 1]])])), 'invalid', /items\[0\]: covered \(2\) is more than appeared \(1\)/],
    ['latest above best', JSON.stringify(file('dddddddd-2', 'D', [q('qa', 'evaluation', 1, { bestCoverage: 0.2, latestCoverage: 0.4, totalAnswerMs: 1, meanAnswerMs: 1 }, [])])), 'invalid', /latestCoverage: is above bestCoverage/],
    ['a repeated question id', JSON.stringify(file('dddddddd-3', 'D', [untried('qa', 'evaluation', []), untried('qa', 'evaluation', [])])), 'invalid', /questions\[1\]\.id: question "qa" appears twice/],
    ['a repeated key', '{"format": "mldrill-progress", "format": "mldrill-progress"}', 'invalid', /^\(root\): duplicate key "format"$/],
    ['answers without includesAnswers', JSON.stringify(file('dddddddd-4', 'D', [{ ...untried('qa', 'evaluation', []), answers: [] }])), 'invalid', /answers: present, but includesAnswers is false/],
    ['nesting too deep', `{"format":"mldrill-progress","x":${'['.repeat(20)}${']'.repeat(20)}}`, 'not-json', /nests deeper than a progress file can/],
  ])('refuses %s with a specific reason', (_what, input, code, reason) => {
    const parsed = parseProgress(input);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.code).toBe(code);
    expect(parsed.reason).toMatch(reason);
  });

  it('refuses more than 20 MB before decoding it', () => {
    const parsed = parseProgress(new Uint8Array(20 * 1024 * 1024 + 1));
    expect(parsed).toEqual({ ok: false, code: 'too-large', reason: 'is 20.0 MB; progress files must be at most 20 MB' });
  });

  it('ignores unknown fields and a __proto__ key without touching any prototype', () => {
    const text = JSON.stringify({ ...ANN, extra: 1 }).replace('{', '{"__proto__": {"polluted": true},');
    const parsed = parseProgress(text);
    expect(parsed).toEqual({ ok: true, progress: ANN });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('normalizes a display name: trimmed, empty is null, too long refused', () => {
    expect(normalizeDisplayName('  Ada  ')).toEqual({ ok: true, value: 'Ada' });
    expect(normalizeDisplayName('   ')).toEqual({ ok: true, value: null });
    expect(normalizeDisplayName(undefined)).toEqual({ ok: true, value: null });
    expect(normalizeDisplayName('x'.repeat(81))).toEqual({ ok: false, message: 'the display name must be at most 80 characters (got 81)' });
  });
});

describe('buildCohortReport: figures from three hand-built files', () => {
  const report = buildCohortReport(three());

  it('says which pack, how many files and learners', () => {
    expect(report.pack).toEqual({ id: 'unit-pack', version: '1.0.0', title: 'Unit pack' });
    expect(report.files).toEqual({ given: 3, used: 3 });
    expect(report.summary).toEqual({ learners: 3, questions: 4, questionsAttempted: 3, attempts: 8, skipped: 3 });
    expect(report.problems).toEqual([]);
    expect(report.notes).toEqual([]);
  });

  it('per question: learners who attempted, mean, range and latest of best coverage, attempts, skips, mean time', () => {
    expect(report.questions).toEqual([
      { id: 'qa', area: 'evaluation', timeLimitSec: 180, learnersAttempted: 2, attempts: 3, skipped: 2, meanBestCoverage: 0.75, minBestCoverage: 0.5, maxBestCoverage: 1, meanLatestCoverage: 0.5, meanAnswerMs: 96_667 },
      { id: 'qb', area: 'mlops', timeLimitSec: 180, learnersAttempted: 3, attempts: 4, skipped: 0, meanBestCoverage: 0.6667, minBestCoverage: 0.3333, maxBestCoverage: 1, meanLatestCoverage: 0.4444, meanAnswerMs: 82_500 },
      { id: 'qc', area: 'nlp-llm', timeLimitSec: 180, learnersAttempted: 0, attempts: 0, skipped: 1, meanBestCoverage: null, minBestCoverage: null, maxBestCoverage: null, meanLatestCoverage: null, meanAnswerMs: null },
      { id: 'qd', area: 'evaluation', timeLimitSec: 180, learnersAttempted: 1, attempts: 1, skipped: 0, meanBestCoverage: 0, minBestCoverage: 0, maxBestCoverage: 0, meanLatestCoverage: 0, meanAnswerMs: 30_000 },
    ]);
  });

  it('hardest and easiest do not overlap: of 3 attempted, 2 hardest and 1 easiest', () => {
    expect(report.hardest.map((x) => x.id)).toEqual(['qd', 'qb']);
    expect(report.easiest.map((x) => x.id)).toEqual(['qa']);
    expect(report.unattempted).toEqual(['qc']);
  });

  it('per checklist item: covered of appeared across learners, and the miss rate', () => {
    expect(report.items.map((i) => [`${i.questionId}/${i.itemId}`, i.covered, i.appeared, i.missRate])).toEqual([
      ['qa/i1', 3, 3, 0],
      ['qa/i2', 1, 3, 0.6667],
      ['qb/j1', 4, 4, 0],
      ['qb/j2', 2, 4, 0.5],
      ['qb/j3', 1, 4, 0.75],
      ['qc/k1', 0, 0, null],
      ['qc/k2', 0, 0, null],
      ['qd/m1', 0, 1, 1],
      ['qd/m2', 0, 1, 1],
    ]);
  });

  it('most missed: only items seen in at least 2 attempts and missed at least once, worst first', () => {
    expect(report.minItemEvidence).toBe(2);
    // qd's items were missed every time, but appeared in one attempt only: not enough evidence.
    expect(report.mostMissed.map((i) => [`${i.questionId}/${i.itemId}`, i.missRate])).toEqual([
      ['qb/j3', 0.75],
      ['qa/i2', 0.6667],
      ['qb/j2', 0.5],
    ]);
  });

  it('per learner: questions attempted, mean best coverage over them, attempts, skips and time', () => {
    expect(report.learners).toEqual([
      { file: 'ann.progress.json', displayName: 'Ann', exportedAt: '2026-03-06T17:00:00.000Z', questionsAttempted: 3, attempts: 4, skipped: 1, meanBestCoverage: 0.4444, totalAnswerMs: 290_000, meanAnswerMs: 72_500 },
      { file: 'ben.progress.json', displayName: 'Ben', exportedAt: '2026-03-06T17:00:00.000Z', questionsAttempted: 2, attempts: 2, skipped: 0, meanBestCoverage: 0.5833, totalAnswerMs: 210_000, meanAnswerMs: 105_000 },
      { file: 'x.progress.json', displayName: null, exportedAt: '2026-03-06T17:00:00.000Z', questionsAttempted: 1, attempts: 2, skipped: 2, meanBestCoverage: 1, totalAnswerMs: 150_000, meanAnswerMs: 75_000 },
    ]);
  });

  it('matches ids through maps: a question called "constructor" is an ordinary question', () => {
    const odd = (id: string, name: string) =>
      file(id, name, [q('constructor', 'evaluation', 1, { bestCoverage: 0.5, latestCoverage: 0.5, totalAnswerMs: 10, meanAnswerMs: 10 }, [['hasownproperty', 1, 1]])]);
    const r = buildCohortReport([entry('a', odd('eeeeeeee-1', 'A')), entry('b', odd('eeeeeeee-2', 'B'))]);
    expect(r.questions.map((x) => [x.id, x.learnersAttempted, x.meanBestCoverage])).toEqual([['constructor', 2, 0.5]]);
    expect(r.items).toEqual([{ questionId: 'constructor', itemId: 'hasownproperty', covered: 2, appeared: 2, missRate: 0 }]);
  });
});

describe('buildCohortReport: bad files are named with a reason and the rest is merged', () => {
  it('reports malformed, duplicate, other-pack and other-version files by name, in file order', () => {
    const other = file('ffffffff-0000-4000-8000-000000000001', 'Otto', ANN.packs[0]!.questions, { id: 'other-pack' });
    const older = file('ffffffff-0000-4000-8000-000000000002', 'Olga', ANN.packs[0]!.questions, { version: '0.9.0' });
    const sameExport = { ...BEN, displayName: 'Ben again' };
    const sameNameAndTime = { ...ANN, exportId: 'ffffffff-0000-4000-8000-000000000003' };
    const r = buildCohortReport([
      ...three(),
      entry('broken.progress.json', '{ nope'),
      entry('ben-copy.progress.json', sameExport),
      entry('ann-twice.progress.json', sameNameAndTime),
      entry('otto.progress.json', other),
      entry('olga.progress.json', older),
    ]);
    expect(r.files).toEqual({ given: 8, used: 3 });
    expect(r.problems.map((p) => [p.file, p.code])).toEqual([
      ['broken.progress.json', 'not-json'],
      ['ben-copy.progress.json', 'duplicate'],
      ['ann-twice.progress.json', 'duplicate'],
      ['otto.progress.json', 'other-pack'],
      ['olga.progress.json', 'pack-version'],
    ]);
    expect(r.problems[1]!.reason).toBe('is the same export as ben.progress.json (exportId bbbbbbbb-0000-4000-8000-000000000002); counted once');
    expect(r.problems[2]!.reason).toBe('has the same display name and export time as ann.progress.json ("Ann", 2026-03-06T17:00:00.000Z); counted once');
    expect(r.problems[3]!.reason).toBe('holds pack(s) "other-pack", not "unit-pack"');
    expect(r.problems[4]!.reason).toBe(
      'was exported from version 0.9.0 of pack "unit-pack"; this report covers version 1.0.0 (3 file(s)), so it is excluded. Report on it with --pack unit-pack@0.9.0',
    );
    expect(r.notes).toEqual(['The files hold several packs ("unit-pack" 4 file(s), "other-pack" 1 file(s)); this report covers "unit-pack". Choose another with --pack ID.']);
    // The figures are those of the three good files.
    expect(r.summary).toEqual({ learners: 3, questions: 4, questionsAttempted: 3, attempts: 8, skipped: 3 });
  });

  it('reports on the chosen pack and version when asked', () => {
    const older = file('ffffffff-0000-4000-8000-000000000002', 'Olga', [q('qa', 'evaluation', 1, { bestCoverage: 0.25, latestCoverage: 0.25, totalAnswerMs: 5000, meanAnswerMs: 5000 }, [['i1', 0, 1]])], { version: '0.9.0' });
    const r = buildCohortReport([...three(), entry('olga.progress.json', older)], { packId: 'unit-pack', packVersion: '0.9.0' });
    expect(r.pack).toEqual({ id: 'unit-pack', version: '0.9.0', title: 'Unit pack' });
    expect(r.learners.map((l) => l.displayName)).toEqual(['Olga']);
    expect(r.problems.map((p) => p.code)).toEqual(['pack-version', 'pack-version', 'pack-version']);
    const wrong = buildCohortReport(three(), { packId: 'nope' });
    expect(wrong.pack).toBeNull();
    expect(wrong.problems.map((p) => p.reason)).toEqual(Array(3).fill('holds pack(s) "unit-pack", not "nope"'));
  });

  it('with a version tie, takes the highest version', () => {
    const v2 = file('ffffffff-0000-4000-8000-000000000009', 'New', ANN.packs[0]!.questions, { version: '1.10.0' });
    const r = buildCohortReport([entry('ann', ANN), entry('new', v2)]);
    expect(r.pack?.version).toBe('1.10.0');
    expect(r.problems.map((p) => [p.file, p.code])).toEqual([['ann', 'pack-version']]);
  });

  it('notes two different exports under one display name, and counts both', () => {
    const later = { ...ANN, exportId: 'aaaaaaaa-0000-4000-8000-000000000099', exportedAt: '2026-03-07T09:00:00.000Z' };
    const r = buildCohortReport([entry('ann-1', ANN), entry('ann-2', later)]);
    expect(r.summary.learners).toBe(2);
    expect(r.notes).toEqual(['ann-1, ann-2 share the display name "Ann" but are different exports; each is counted as a learner.']);
  });

  it('with no usable file: no pack, empty figures, every problem listed', () => {
    const r = buildCohortReport([entry('a.json', 'null'), entry('b.json', '{}')]);
    expect(r.pack).toBeNull();
    expect(r.files).toEqual({ given: 2, used: 0 });
    expect(r.summary).toEqual({ learners: 0, questions: 0, questionsAttempted: 0, attempts: 0, skipped: 0 });
    expect(r.problems).toEqual([
      { file: 'a.json', code: 'wrong-format', reason: 'is not a progress file: it holds null, not an object' },
      { file: 'b.json', code: 'wrong-format', reason: 'is not a progress file: format is missing, not "mldrill-progress"' },
    ]);
  });
});

describe('the HTML report', () => {
  const HOSTILE = '<img src=x onerror=alert(1)>';

  function hostileReport() {
    const evil = file('99999999-0000-4000-8000-000000000001', HOSTILE, ANN.packs[0]!.questions, { title: '</title><script>alert(1)</script>' });
    const linky = file('99999999-0000-4000-8000-000000000002', '<a href="https://evil.example/">click</a>', BEN.packs[0]!.questions, { title: 'x' });
    return buildCohortReport([
      entry('"><script>alert(2)</script>.progress.json', evil),
      entry('b.progress.json', linky),
      entry('<iframe src=//evil.example>.json', '{ broken'),
    ]);
  }

  it('escapes every piece of text from the files', () => {
    const html = renderCohortHtml(hostileReport());
    expect(html).toContain('&lt;img src&#61;x onerror&#61;alert(1)&gt;');
    expect(html).toContain('&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;.progress.json');
    expect(html).not.toContain(HOSTILE);
  });

  it('holds no script, no src, no href, no external resource, and a strict CSP', () => {
    const html = renderCohortHtml(hostileReport());
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img|<iframe|<a\s|<link|<object|<embed|<base/i);
    expect(html).not.toMatch(/\bsrc\s*=/i);
    expect(html).not.toMatch(/\bhref\s*=/i);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
    expect(html.match(/<style>/g)).toHaveLength(1);
  });

  it('gives every table a caption and column headers', () => {
    const html = renderCohortHtml(buildCohortReport(three()));
    const tables = html.match(/<table>/g)?.length ?? 0;
    expect(tables).toBe(6);
    expect(html.match(/<table>\n<caption>/g)).toHaveLength(tables);
    expect(html.match(/<thead>/g)).toHaveLength(tables);
    expect(html).toContain('<caption>Hardest questions <span>');
    expect(html).toContain('@media print');
  });

  it('escapes control characters and bidi overrides as visible text', () => {
    expect(escapeHtml('a\u001b[31mb\u202ec')).toBe('a\\u001b[31mb\\u202ec');
    expect(escapeHtml(`&<>"'=\``)).toBe('&amp;&lt;&gt;&quot;&#39;&#61;&#96;');
  });
});

describe('formatDuration', () => {
  it('prints m:ss, h:mm:ss and a dash for no time', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(96_667)).toBe('1:37');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatDuration(null)).toBe('—');
  });
});
