import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_REPORTED_ERRORS,
  MAX_REPORTED_WARNINGS,
  duplicateKeyErrors,
  escapeControlChars,
  formatPath,
  issueCount,
  validatePack,
} from '../../shared/validate-pack';
import { CONCEPTS } from '../../shared/concepts';
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
      kinds: { concept: 2, scenario: 0, 'system-design': 0, behavioral: 0, coding: 0 },
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

  it('takes $schema at the top without a warning, so an editor can check the file', () => {
    const r = validatePack(bytes(pack({ $schema: './drillpack.schema.json' }, [question('q-one', 'fundamentals', { $schema: 'x' })])));
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([{ path: 'questions[0].$schema', message: 'unknown field, ignored' }]);
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
    expect(r.stats).toEqual({ questions: 1, areas: {}, checklistItems: 3, kinds: { concept: 0, scenario: 0, 'system-design': 0, behavioral: 0, coding: 0 }, levels: { junior: 0, mid: 0, senior: 0 } });
  });

  it('measures a string pack in UTF-8 bytes', () => {
    const emoji = '😀'.repeat(6 * 1024 * 1024); // 12M UTF-16 units, 24 MB of UTF-8
    expect(validatePack(emoji).errors[0]!.message).toMatch(/^is 24\.0 MB; packs must be at most 20 MB$/);
  });
});

describe('escapeControlChars', () => {
  it('escapes C0, DEL, C1, line/paragraph separators and bidi controls as \\uXXXX, and nothing else', () => {
    const controls = ['\u0000', '\u0009', '\n', '\r', '\u001b', '\u001f', '\u007f', '\u0080', '\u009b', '\u009f', '\u2028', '\u2029', '\u202a', '\u202e', '\u2066', '\u2069'];
    for (const c of controls) expect(escapeControlChars(`a${c}b`)).toBe(`a\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}b`);
    expect(escapeControlChars('\u001b[2J')).toBe('\\u001b[2J');
    // Ordinary text, including non-ASCII, the neighbours of the escaped ranges and Windows path separators, is left alone.
    const plain = 'C:\\packs\\é 😀 \u00a0 \u2027 \u202f \u2065 \u206a ~';
    expect(escapeControlChars(plain)).toBe(plain);
  });
});

describe('warnings are capped like errors', () => {
  const unknownFields = (n: number, prefix = 'x') => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, 0]));

  it('caps 130,000 unknown fields in one question without overflowing the stack, and counts them all', () => {
    const r = validatePack(bytes(pack({}, [question('q-one', 'fundamentals', unknownFields(130_000))])));
    expect(r.ok).toBe(true);
    expect(r.warnings).toHaveLength(MAX_REPORTED_WARNINGS + 1);
    expect(r.warnings[0]).toEqual({ path: 'questions[0].x0', message: 'unknown field, ignored' });
    expect(r.warnings.at(-1)).toEqual({ path: '(file)', message: `${130_000 - MAX_REPORTED_WARNINGS} more warnings not shown`, omitted: 130_000 - MAX_REPORTED_WARNINGS });
    expect(issueCount(r.warnings)).toBe(130_000);
  });

  it('caps 130,000 unknown fields spread over the pack, questions and checklist items', () => {
    // 1,000 on the pack + 1,000 questions × (42 own + 3 items × 29) = 130,000.
    const questions = Array.from({ length: 1000 }, (_, i) => {
      const q = question(`q-${i}`, 'fundamentals', unknownFields(42, 'q'));
      q.checklist = q.checklist.map((item) => ({ ...item, ...unknownFields(29, 'i') }));
      return q;
    });
    const r = validatePack(bytes(pack(unknownFields(1000, 'p'), questions)));
    expect(r.ok).toBe(true);
    expect(issueCount(r.warnings)).toBe(1000 + 1000 * (42 + 3 * 29));
    expect(r.warnings).toHaveLength(MAX_REPORTED_WARNINGS + 1);
    expect(r.warnings.at(-1)!.message).toBe(`${130_000 - MAX_REPORTED_WARNINGS} more warnings not shown`);
  });

  it('counts an uncapped list as its length', () => {
    expect(issueCount([])).toBe(0);
    expect(issueCount([{ path: 'a', message: 'b' }])).toBe(1);
  });
});

describe('duplicate keys', () => {
  it('refuses a duplicate key, naming the object that holds it', () => {
    const q = question('a-4');
    q.checklist[0] = { ...q.checklist[0]!, text: 'the marked item' };
    const text = JSON.stringify(pack({}, [question('a-1'), question('a-2'), question('a-3'), q])).replace('"text":"the marked item"', '"text":"the marked item","text":"again"');
    expect(errorsOf(text)).toEqual(['questions[3].checklist[0]: duplicate key "text"']);
  });

  it('treats differently escaped spellings of a key as the same key', () => {
    expect(duplicateKeyErrors('{"a":1,"\\u0061":2}')).toEqual([{ path: '(root)', message: 'duplicate key "a"' }]);
    expect(duplicateKeyErrors('{"a\\"b":1,"a\\u0022b":2}')).toEqual([{ path: '(root)', message: 'duplicate key "a\\"b"' }]);
    expect(duplicateKeyErrors('{"a":1,"A":2,"a ":3}')).toEqual([]);
  });

  it('does not confuse values, keys of sibling objects or brackets inside strings with keys', () => {
    expect(duplicateKeyErrors('[{"a":"a"},{"a":{"a":["a","{\\"a\\":1,\\"a\\":2}"]}},{},[],{"b":{},"a":[{}]}]')).toEqual([]);
    expect(duplicateKeyErrors('[{},"a",{"a":[]},"a",[{"a":{}},"a"],"a"]')).toEqual([]);
    expect(duplicateKeyErrors('{"x":[1,{"a":1},[{},{"k":{},"k":[]}]]}')).toEqual([{ path: 'x[2][1]', message: 'duplicate key "k"' }]);
  });

  it('scans without recursion and in linear time, capping the errors but counting them all', () => {
    const deep = `${'['.repeat(200_000)}{"a":1,"a":2}${']'.repeat(200_000)}`;
    expect(duplicateKeyErrors(deep)).toEqual([{ path: '[0]'.repeat(200_000), message: 'duplicate key "a"' }]);
    const flood = `{${Array.from({ length: 500_000 }, () => '"a":0').join(',')}}`;
    const errors = duplicateKeyErrors(flood);
    expect(errors).toHaveLength(MAX_REPORTED_ERRORS + 1);
    expect(issueCount(errors)).toBe(500_000 - 1);
  });

  it('caps duplicate-key errors in a pack like other errors', () => {
    const text = JSON.stringify(pack()).replace('"title":', `${Array.from({ length: 60 }, () => '"title":"t"').join(',')},"title":`);
    const r = validatePack(text);
    expect(r.ok).toBe(false);
    expect(r.errors).toHaveLength(MAX_REPORTED_ERRORS + 1);
    expect(r.errors[0]).toEqual({ path: '(root)', message: 'duplicate key "title"' });
    expect(issueCount(r.errors)).toBe(60);
  });

  // Generated JSON over a small alphabet, so keys often nearly collide and hold quotes, backslashes, brackets,
  // control characters and non-BMP characters.
  const key = fc.string({ unit: fc.constantFrom('a', 'b', '"', '\\', '/', '\u0000', '\n', 'é', '\u2028', '😀', '{', '[', ',', ':', ']', '}'), maxLength: 3 });
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constant(null),
      fc.boolean(),
      fc.integer({ min: -1000, max: 1000 }),
      key,
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(key, tie('value'), { maxKeys: 4, noNullPrototype: true }),
    ),
  }));
  const root = fc.dictionary(key, value, { minKeys: 1, maxKeys: 4, noNullPrototype: true });
  const space = fc.constantFrom('', ' ', '\n\t ');

  /** Every UTF-16 unit as \uXXXX: the same key as JSON.stringify's spelling, written differently. */
  const spellAll = (k: string) => `"${Array.from({ length: k.length }, (_, i) => `\\u${k.charCodeAt(i).toString(16).padStart(4, '0')}`).join('')}"`;

  interface Plan {
    escapeAll: boolean;
    ws: string;
    /** Pre-order number of the object that gets extra copies of its first key, and how many. */
    target: number;
    copies: number;
  }

  /** Serializes like JSON.stringify, but with chosen whitespace and key spelling, and optional duplicate keys. */
  function serialize(v: unknown, plan: Plan, at: (string | number)[], seen: { objects: number; dupes: { path: string; key: string }[] }): string {
    const w = plan.ws;
    const spell = (k: string, other = false) => (plan.escapeAll !== other ? spellAll(k) : JSON.stringify(k));
    if (Array.isArray(v)) return `[${w}${v.map((x, i) => serialize(x, plan, [...at, i], seen)).join(`${w},${w}`)}${w}]`;
    if (v !== null && typeof v === 'object') {
      const index = seen.objects++;
      const keys = Object.keys(v);
      const members = keys.map((k) => `${spell(k)}${w}:${w}${serialize((v as Record<string, unknown>)[k], plan, [...at, k], seen)}`);
      if (index === plan.target && keys.length > 0) {
        for (let c = 0; c < plan.copies; c++) {
          members.push(`${spell(keys[0]!, true)}${w}:${w}null`);
          seen.dupes.push({ path: formatPath(at), key: keys[0]! });
        }
      }
      return `{${w}${members.join(`${w},${w}`)}${w}}`;
    }
    return JSON.stringify(v);
  }

  it('property: JSON without duplicate keys has none, however it is spelled and spaced', () => {
    fc.assert(
      fc.property(root, fc.boolean(), space, (v, escapeAll, ws) => {
        const text = serialize(v, { escapeAll, ws, target: -1, copies: 0 }, [], { objects: 0, dupes: [] });
        expect(JSON.parse(text)).toEqual(v);
        expect(duplicateKeyErrors(text)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('property: generated duplicate keys are each reported at the path of their object', () => {
    fc.assert(
      fc.property(root, fc.boolean(), space, fc.nat(20), fc.integer({ min: 1, max: 3 }), (v, escapeAll, ws, target, copies) => {
        const seen = { objects: 0, dupes: [] as { path: string; key: string }[] };
        const text = serialize(v, { escapeAll, ws, target, copies }, [], seen);
        // JSON.parse accepts the text and silently keeps the last copy; the scanner must say so instead.
        expect(() => JSON.parse(text)).not.toThrow();
        expect(duplicateKeyErrors(text)).toEqual(seen.dupes.map((d) => ({ path: d.path, message: `duplicate key ${JSON.stringify(d.key)}` })));
      }),
      { numRuns: 300 },
    );
  });
});

describe('concepts on checklist items', () => {
  const withConcepts = (concepts: unknown) =>
    pack({}, [question('q-one', 'fundamentals', { checklist: [{ id: 'a', text: 'Names it', keywords: ['x'], concepts }, { id: 'b', text: 'Explains it' }, { id: 'c', text: 'Applies it' }] })]);

  it('accepts known ids, warns (by path) about ids outside the vocabulary and keeps them', () => {
    const known = CONCEPTS[0]!.id;
    expect(validatePack(bytes(withConcepts([known])))).toMatchObject({ ok: true, warnings: [] });
    const r = validatePack(bytes(withConcepts([known, 'calibraton'])));
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([{ path: 'questions[0].checklist[0].concepts[1]', message: 'unknown concept "calibraton", not counted (see docs/concepts.md)' }]);
    expect(r.pack?.questions[0]!.checklist[0]!.concepts).toEqual([known, 'calibraton']);
  });

  it('refuses a repeated id, more than four, and ids that are not slugs, naming the path', () => {
    const ids = CONCEPTS.slice(0, 5).map((c) => c.id);
    const errors = (concepts: unknown) => validatePack(bytes(withConcepts(concepts))).errors.map((e) => `${e.path}: ${e.message}`);
    expect(errors([ids[0], ids[0]])).toEqual(['questions[0].checklist[0].concepts: must not name a concept twice']);
    expect(errors(ids)[0]).toMatch(/^questions\[0\]\.checklist\[0\]\.concepts: must have at most 4 entries \(got 5\)$/);
    expect(errors(['Calibration'])[0]).toMatch(/^questions\[0\]\.checklist\[0\]\.concepts\[0\]: must be lowercase letters, digits and hyphens, 2-40 characters/);
    expect(errors('calibration')[0]).toMatch(/^questions\[0\]\.checklist\[0\]\.concepts: /);
  });
});

describe('stages on system-design questions', () => {
  const design = (over: Record<string, unknown>) => pack({}, [question('q-design', 'mlops', { kind: 'system-design', level: 'mid', timeLimitSec: 1200, ...over })]);
  const stages = [
    { title: 'Requirements and metrics', minutes: 5 },
    { title: 'Model', minutes: 10, prompt: 'Pick a baseline first.' },
    { title: 'Serving', minutes: 5 },
  ];
  const problems = (over: Record<string, unknown>) => {
    const r = validatePack(bytes(design(over)));
    return { errors: r.errors.map((e) => `${e.path}: ${e.message}`), warnings: r.warnings.map((w) => `${w.path}: ${w.message}`) };
  };

  it('accepts stages that add up to the limit, in order, prompts included', () => {
    const r = validatePack(bytes(design({ stages })));
    expect(r).toMatchObject({ ok: true, warnings: [] });
    expect(r.pack?.questions[0]!.stages).toEqual(stages);
  });

  it('warns, by path, when the minutes and the limit disagree, or the kind has no use for stages', () => {
    expect(problems({ stages, timeLimitSec: 1500 }).warnings).toEqual([
      'questions[0].stages: stage minutes add up to 20 but the time limit is 25 minutes; a drill runs the limit, a loop scales the stages to its round',
    ]);
    expect(problems({ stages, kind: 'concept' }).warnings).toEqual(['questions[0].stages: stages are used only by system-design questions; this one is "concept", so they are ignored']);
  });

  it('refuses bad stages with the path of the stage and field', () => {
    expect(problems({ stages: [stages[0]] }).errors[0]).toMatch(/^questions\[0\]\.stages: must have at least 2 entries/);
    expect(problems({ stages: [stages[0], { title: 'Model', minutes: 61 }] }).errors[0]).toMatch(/^questions\[0\]\.stages\[1\]\.minutes: must be at most 60/);
    expect(problems({ stages: [stages[0], { title: '', minutes: 5 }] }).errors[0]).toMatch(/^questions\[0\]\.stages\[1\]\.title: /);
    expect(problems({ stages: [stages[0], { title: 'Model', minutes: 2.5 }] }).errors[0]).toMatch(/^questions\[0\]\.stages\[1\]\.minutes: /);
    const long = Array.from({ length: 10 }, (_, i) => ({ title: `Stage ${i}`, minutes: 10 }));
    expect(problems({ stages: long, timeLimitSec: 3600 }).errors).toEqual(['questions[0].stages: stage minutes must add up to at most 90']);
  });
});
