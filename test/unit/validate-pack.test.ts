import { describe, expect, it } from 'vitest';
import { MAX_REPORTED_ERRORS, validatePack } from '../../shared/validate-pack';
import { bytes, pack, question } from '../fixtures/packs';

const errorsOf = (input: Uint8Array | string) => {
  const r = validatePack(input);
  return r.errors.map((e) => `${e.path}: ${e.message}`);
};

describe('validatePack', () => {
  it('accepts a valid pack and reports its stats', () => {
    const r = validatePack(bytes(pack()));
    expect(r.ok).toBe(true);
    expect(r.stats).toEqual({
      questions: 2,
      areas: { fundamentals: 1, evaluation: 1 },
      checklistItems: 6,
      kinds: { concept: 2, scenario: 0, 'system-design': 0, behavioral: 0 },
      levels: { junior: 2, mid: 0, senior: 0 },
    });
  });

  it('names the JSON path and the limit, as the format doc does', () => {
    const long = 'x'.repeat(412);
    const q = question('q-one');
    q.checklist[1] = { ...q.checklist[1]!, text: long };
    const p = pack({}, [question('a-1'), question('a-2'), question('a-3'), question('a-4'), question('a-5'), question('a-6'), question('a-7'), question('a-8'), question('a-9'), question('a-10'), question('a-11'), question('a-12'), q]);
    expect(errorsOf(bytes(p))).toEqual(['questions[12].checklist[1].text: must be at most 300 characters (got 412)']);
  });

  it('reports every error at once, not only the first', () => {
    const p = pack({ id: 'Bad Id', title: '' }, [question('q-one', 'astrology', { kind: 'trivia', timeLimitSec: 5 })]);
    const errors = errorsOf(bytes(p));
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^id: must be lowercase/),
        'title: must be at least 1 characters (got 0)',
        expect.stringMatching(/^questions\[0\]\.area: must be one of "fundamentals"/),
        expect.stringMatching(/^questions\[0\]\.kind: must be one of "concept"/),
        'questions[0].timeLimitSec: must be at least 30 (got 5)',
      ]),
    );
  });

  it('caps a flood of errors at a readable number and says how many were left out', () => {
    const many = Array.from({ length: 80 }, (_, i) => question(`q-${i}`, 'nowhere'));
    const r = validatePack(bytes(pack({}, many)));
    expect(r.errors).toHaveLength(MAX_REPORTED_ERRORS + 1);
    expect(r.errors.at(-1)!.message).toBe('30 more errors not shown');
  });

  it('refuses duplicate question and checklist ids', () => {
    const q = question('q-one');
    q.checklist[2] = { ...q.checklist[2]!, id: 'pr-auc' };
    expect(errorsOf(bytes(pack({}, [q, question('q-one')])))).toEqual([
      'questions[0].checklist[2].id: duplicates questions[0].checklist[0].id "pr-auc"',
      'questions[1].id: duplicates questions[0].id "q-one"',
    ]);
  });

  it('warns about unknown fields and still accepts the pack', () => {
    const p = pack({ homepage: 'x' }, [question('q-one', 'fundamentals', { difficulty: 3 })]);
    const r = validatePack(bytes(p));
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([
      { path: 'homepage', message: 'unknown field, ignored' },
      { path: 'questions[0].difficulty', message: 'unknown field, ignored' },
    ]);
  });

  it('refuses a pack from a newer format version with that reason', () => {
    expect(errorsOf(bytes(pack({ formatVersion: 2 })))).toEqual([
      expect.stringContaining('formatVersion: is 2: this pack was made by a newer version of the app'),
    ]);
  });

  it('refuses files that are not drill packs, not JSON, or not UTF-8', () => {
    expect(errorsOf(bytes({ hello: 1 }))).toEqual([expect.stringContaining('format: must be "mldrill-pack"')]);
    expect(errorsOf('{"format": "mldrill-pack",\n  "id": }')).toEqual([expect.stringMatching(/^\(file\): is not valid JSON.*Unexpected token/)]);
    expect(errorsOf(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))).toEqual(['(file): is not UTF-8 text']);
    expect(errorsOf('')).toEqual(['(file): is empty']);
  });

  it('tolerates a byte-order mark', () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes(pack())]);
    expect(validatePack(withBom).ok).toBe(true);
  });

  it('refuses prototype-polluting keys wherever they are', () => {
    const text = JSON.stringify(pack()).replace('"title"', '"__proto__":{"x":1},"title"');
    expect(errorsOf(text)).toEqual(['__proto__: key is not allowed (reserved JavaScript property name)']);
    const nested = JSON.stringify(pack()).replace('"kind"', '"constructor":1,"kind"');
    expect(errorsOf(nested)).toEqual(['questions[0].constructor: key is not allowed (reserved JavaScript property name)']);
  });

  it('refuses nesting deeper than the format needs before parsing it', () => {
    const deep = `{"format":"mldrill-pack","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(errorsOf(deep)).toEqual([expect.stringContaining('nests deeper than the pack format allows')]);
  });

  it('refuses files over 20 MB before decoding them', () => {
    const big = new Uint8Array(20 * 1024 * 1024 + 1);
    expect(errorsOf(big)).toEqual(['(file): is 20.0 MB; packs must be at most 20 MB']);
  });

  it('keeps strings with brackets and escaped quotes out of the depth count', () => {
    const q = question('q-one', 'fundamentals', { prompt: 'What does [[[[[[[[ "\\"{{{{{{{{" mean here?' });
    expect(validatePack(bytes(pack({}, [q]))).ok).toBe(true);
  });
});

describe('pack stats from untrusted packs', () => {
  it('count only values the format knows, so a key like "constructor" never lands in the output', () => {
    const r = validatePack(bytes(pack({}, [question('q-one', 'constructor', { kind: '__proto__', level: 'toString' })])));
    expect(r.ok).toBe(false);
    expect(r.stats).toEqual({ questions: 1, areas: {}, checklistItems: 3, kinds: { concept: 0, scenario: 0, 'system-design': 0, behavioral: 0 }, levels: { junior: 0, mid: 0, senior: 0 } });
  });

  it('measures a string pack in UTF-8 bytes', () => {
    const emoji = '😀'.repeat(6 * 1024 * 1024); // 12M UTF-16 units, 24 MB of UTF-8
    expect(validatePack(emoji).errors[0]!.message).toMatch(/^is 24\.0 MB; packs must be at most 20 MB$/);
  });
});
