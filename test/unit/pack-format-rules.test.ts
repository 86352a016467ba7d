/**
 * One failing example per validation rule in docs/pack-format.md (sections 3, 4 and 5), each with the exact
 * path and message validatePack gives. Where the doc and the code differ, these rows follow the code.
 */
import { describe, expect, it } from 'vitest';
import { validatePack } from '../../shared/validate-pack';
import { bytes, pack, question } from '../fixtures/packs';

type Input = Uint8Array | string;

interface Row {
  rule: string;
  input: () => Input;
  errors: string[];
  warnings?: string[];
}

const lines = (list: readonly { path: string; message: string }[]) => list.map((e) => `${e.path}: ${e.message}`);

/** A one-question pack whose question has `overrides` applied. */
const withQuestion = (overrides: Record<string, unknown>) => bytes(pack({}, [question('q-one', 'fundamentals', overrides)]));

/** A one-question pack whose first checklist item has `overrides` applied. */
const withItem = (overrides: Record<string, unknown>) => {
  const q = question('q-one');
  q.checklist[0] = { ...q.checklist[0]!, ...overrides };
  return bytes(pack({}, [q]));
};

/** A one-question pack without the question field `field`. */
const withoutQuestionField = (field: string) => {
  const q: Record<string, unknown> = question('q-one');
  delete q[field];
  return bytes(pack({}, [q as ReturnType<typeof question>]));
};

const text = (value: unknown) => JSON.stringify(value);
const x = (n: number) => 'x'.repeat(n);
const id = (n: number) => 'a'.repeat(n);
const items = (n: number) => Array.from({ length: n }, (_, j) => ({ id: `item-${j}`, text: `Covers point ${j}` }));
const strings = (n: number) => Array.from({ length: n }, (_, j) => `Entry ${j}`);

const AREA_LIST = '"fundamentals", "deep-learning", "data-pipelines", "evaluation", "mlops", "nlp-llm", "vision", "rl", "responsible-ai", "scale"';

const fieldRules: Row[] = [
  // 3. general
  { rule: '3: null is never accepted in place of a value', input: () => withQuestion({ outline: null }), errors: ['questions[0].outline: must be a string (got null)'] },
  // The doc says lengths are UTF-16 code units; the code (zod) limits code points but reports the unit count.
  { rule: '3: characters are counted per code point for the upper limit (an emoji counts as one)', input: () => bytes(pack({ title: '😀'.repeat(121) })), errors: ['title: must be at most 120 characters (got 242)'] },
  { rule: '3: characters are counted per code point for the lower limit', input: () => withItem({ text: '😀a' }), errors: ['questions[0].checklist[0].text: must be at least 3 characters (got 3)'] },
  { rule: '3: lengths are taken as written, nothing is trimmed', input: () => withItem({ text: ' a' + ' '.repeat(299) }), errors: ['questions[0].checklist[0].text: must be at most 300 characters (got 301)'] },
  { rule: '3: id pattern, the first character must be a letter or a digit', input: () => bytes(pack({ id: '-pack' })), errors: ['id: must be lowercase letters, digits and hyphens, 2-64 characters (got "-pack")'] },

  // 3.1 pack
  { rule: '3.1 format: exactly "mldrill-pack"', input: () => bytes(pack({ format: 'drillpack' })), errors: ['format: must be "mldrill-pack" (got "drillpack"); this is not a drill pack'] },
  { rule: '3.1 formatVersion: exactly 1', input: () => bytes(pack({ formatVersion: 0 })), errors: ['formatVersion: must be one of 1 (got 0)'] },
  { rule: '3.1 id: id pattern (lowercase ASCII)', input: () => bytes(pack({ id: 'A' })), errors: ['id: must be lowercase letters, digits and hyphens, 2-64 characters (got "A")'] },
  { rule: '3.1 id: 2-64 characters', input: () => bytes(pack({ id: id(65) })), errors: [`id: must be lowercase letters, digits and hyphens, 2-64 characters (got "${id(56)}…)`] },
  { rule: '3.1 version: MAJOR.MINOR.PATCH', input: () => bytes(pack({ version: '1.2' })), errors: ['version: must be a semantic version MAJOR.MINOR.PATCH (got "1.2")'] },
  { rule: '3.1 version: no leading zero', input: () => bytes(pack({ version: '1.02.0' })), errors: ['version: must be a semantic version MAJOR.MINOR.PATCH (got "1.02.0")'] },
  { rule: '3.1 version: pre-release and build suffixes are refused', input: () => bytes(pack({ version: '1.0.0-beta' })), errors: ['version: must be a semantic version MAJOR.MINOR.PATCH (got "1.0.0-beta")'] },
  { rule: '3.1 title: required', input: () => bytes(pack({ title: undefined })), errors: ['title: is required'] },
  { rule: '3.1 title: at least 1 character', input: () => bytes(pack({ title: '' })), errors: ['title: must be at least 1 characters (got 0)'] },
  { rule: '3.1 title: at most 120 characters', input: () => bytes(pack({ title: x(121) })), errors: ['title: must be at most 120 characters (got 121)'] },
  { rule: '3.1 description: at most 4,000 characters', input: () => bytes(pack({ description: x(4001) })), errors: ['description: must be at most 4000 characters (got 4001)'] },
  { rule: '3.1 author: at most 120 characters', input: () => bytes(pack({ author: x(121) })), errors: ['author: must be at most 120 characters (got 121)'] },
  { rule: '3.1 license: at most 64 characters', input: () => bytes(pack({ license: x(65) })), errors: ['license: must be at most 64 characters (got 65)'] },
  { rule: '3.1 questions: required', input: () => bytes(pack({ questions: undefined })), errors: ['questions: is required'] },
  { rule: '3.1 questions: at least 1 entry', input: () => bytes(pack({}, [])), errors: ['questions: must have at least 1 entry (got 0)'] },
  {
    rule: '3.1 questions: at most 5,000 entries',
    input: () => bytes(pack({}, Array.from({ length: 5001 }, (_, i) => question(`q-${i}`)))),
    errors: ['questions: must have at most 5000 entries (got 5001)'],
  },

  // 3.2 question
  { rule: '3.2 id: id pattern', input: () => withQuestion({ id: 'Q_One' }), errors: ['questions[0].id: must be lowercase letters, digits and hyphens, 2-80 characters (got "Q_One")'] },
  { rule: '3.2 id: at least 2 characters', input: () => withQuestion({ id: 'q' }), errors: ['questions[0].id: must be lowercase letters, digits and hyphens, 2-80 characters (got "q")'] },
  { rule: '3.2 id: at most 80 characters', input: () => withQuestion({ id: id(81) }), errors: [`questions[0].id: must be lowercase letters, digits and hyphens, 2-80 characters (got "${id(56)}…)`] },
  { rule: '3.2 area: one of the ten area ids (4.1)', input: () => withQuestion({ area: 'stats' }), errors: [`questions[0].area: must be one of ${AREA_LIST} (got "stats")`] },
  { rule: '3.2 prompt: at least 10 characters', input: () => withQuestion({ prompt: x(9) }), errors: ['questions[0].prompt: must be at least 10 characters (got 9)'] },
  { rule: '3.2 prompt: at most 2,000 characters', input: () => withQuestion({ prompt: x(2001) }), errors: ['questions[0].prompt: must be at most 2000 characters (got 2001)'] },
  { rule: '3.2 kind: concept, scenario, system-design, behavioral or coding (4.2)', input: () => withQuestion({ kind: 'essay' }), errors: ['questions[0].kind: must be one of "concept", "scenario", "system-design", "behavioral", "coding" (got "essay")'] },
  { rule: '3.2 level: junior, mid or senior (4.3)', input: () => withQuestion({ level: 'staff' }), errors: ['questions[0].level: must be one of "junior", "mid", "senior" (got "staff")'] },
  { rule: '3.2 timeLimitSec: at least 30', input: () => withQuestion({ timeLimitSec: 20 }), errors: ['questions[0].timeLimitSec: must be at least 30 (got 20)'] },
  { rule: '3.2 timeLimitSec: at most 3,600', input: () => withQuestion({ timeLimitSec: 3601 }), errors: ['questions[0].timeLimitSec: must be at most 3600 (got 3601)'] },
  { rule: '3.6 stages: at least 2 entries', input: () => withQuestion({ kind: 'system-design', stages: [{ title: 'Only', minutes: 5 }] }), errors: ['questions[0].stages: must have at least 2 entries (got 1)'] },
  { rule: '3.6 stages: minutes at most 60', input: () => withQuestion({ kind: 'system-design', stages: [{ title: 'A', minutes: 61 }, { title: 'B', minutes: 1 }] }), errors: ['questions[0].stages[0].minutes: must be at most 60 (got 61)'] },
  { rule: '3.2 timeLimitSec: must be a whole number (29.5 is refused)', input: () => withQuestion({ timeLimitSec: 29.5 }), errors: ['questions[0].timeLimitSec: must be a int (got number)'] },
  { rule: '3.2 timeLimitSec: "600" is refused', input: () => withQuestion({ timeLimitSec: '600' }), errors: ['questions[0].timeLimitSec: must be a number (got a string)'] },
  { rule: '3.2 checklist: at least 3 entries', input: () => withQuestion({ checklist: items(2) }), errors: ['questions[0].checklist: must have at least 3 entries (got 2)'] },
  { rule: '3.2 checklist: at most 12 entries', input: () => withQuestion({ checklist: items(13) }), errors: ['questions[0].checklist: must have at most 12 entries (got 13)'] },
  { rule: '3.2 pitfalls: required even when empty', input: () => withoutQuestionField('pitfalls'), errors: ['questions[0].pitfalls: is required'] },
  { rule: '3.2 pitfalls: at most 10 entries', input: () => withQuestion({ pitfalls: strings(11) }), errors: ['questions[0].pitfalls: must have at most 10 entries (got 11)'] },
  { rule: '3.2 pitfalls: each at most 300 characters', input: () => withQuestion({ pitfalls: [x(301)] }), errors: ['questions[0].pitfalls[0]: must be at most 300 characters (got 301)'] },
  { rule: '3.2 followUps: required even when empty', input: () => withoutQuestionField('followUps'), errors: ['questions[0].followUps: is required'] },
  { rule: '3.2 followUps: at most 10 entries', input: () => withQuestion({ followUps: strings(11) }), errors: ['questions[0].followUps: must have at most 10 entries (got 11)'] },
  { rule: '3.2 followUps: each at most 300 characters', input: () => withQuestion({ followUps: ['ok', x(301)] }), errors: ['questions[0].followUps[1]: must be at most 300 characters (got 301)'] },
  { rule: '3.2 outline: at most 4,000 characters', input: () => withQuestion({ outline: x(4001) }), errors: ['questions[0].outline: must be at most 4000 characters (got 4001)'] },
  { rule: '3.2 tags: at most 10 entries', input: () => withQuestion({ tags: Array.from({ length: 11 }, (_, i) => `tag-${i}`) }), errors: ['questions[0].tags: must have at most 10 entries (got 11)'] },
  { rule: '3.2 tags: each follows the id pattern', input: () => withQuestion({ tags: ['Class_Imbalance'] }), errors: ['questions[0].tags[0]: must be lowercase letters, digits and hyphens, 1-32 characters (got "Class_Imbalance")'] },
  { rule: '3.2 tags: each at most 32 characters', input: () => withQuestion({ tags: [id(33)] }), errors: [`questions[0].tags[0]: must be lowercase letters, digits and hyphens, 1-32 characters (got "${id(33)}")`] },
  { rule: '3.2 roles: each one of the four roles (4.4)', input: () => withQuestion({ roles: ['applied-ml', 'data-scientist'] }), errors: ['questions[0].roles[1]: must be one of "applied-ml", "llm-engineer", "mlops-platform", "research" (got "data-scientist")'] },

  // 3.3 checklist item
  { rule: '3.3 id: id pattern', input: () => withItem({ id: 'PR_AUC' }), errors: ['questions[0].checklist[0].id: must be lowercase letters, digits and hyphens, 1-40 characters (got "PR_AUC")'] },
  { rule: '3.3 id: at least 1 character', input: () => withItem({ id: '' }), errors: ['questions[0].checklist[0].id: must be lowercase letters, digits and hyphens, 1-40 characters (got "")'] },
  { rule: '3.3 id: at most 40 characters', input: () => withItem({ id: id(41) }), errors: [`questions[0].checklist[0].id: must be lowercase letters, digits and hyphens, 1-40 characters (got "${id(41)}")`] },
  { rule: '3.3 text: required', input: () => withItem({ text: undefined }), errors: ['questions[0].checklist[0].text: is required'] },
  { rule: '3.3 text: at least 3 characters', input: () => withItem({ text: 'ab' }), errors: ['questions[0].checklist[0].text: must be at least 3 characters (got 2)'] },
  { rule: '3.3 text: at most 300 characters', input: () => withItem({ text: x(301) }), errors: ['questions[0].checklist[0].text: must be at most 300 characters (got 301)'] },
  { rule: '3.3 keywords: at most 12 entries', input: () => withItem({ keywords: strings(13) }), errors: ['questions[0].checklist[0].keywords: must have at most 12 entries (got 13)'] },
  { rule: '3.3 keywords: each at least 1 character', input: () => withItem({ keywords: [''] }), errors: ['questions[0].checklist[0].keywords[0]: must be at least 1 characters (got 0)'] },
  { rule: '3.3 keywords: each at most 40 characters', input: () => withItem({ keywords: ['ok', x(41)] }), errors: ['questions[0].checklist[0].keywords[1]: must be at most 40 characters (got 41)'] },
];

const valid = text(pack());

const validationRules: Row[] = [
  // 5.1 order of checks
  { rule: '5.1 step 9: the document is a JSON object', input: () => '[]', errors: ['(root): must be a JSON object (got an array)'] },
  {
    rule: '5.1 step 10: formatVersion is not a higher integer than this app reads',
    input: () => bytes(pack({ formatVersion: 2 })),
    errors: ['formatVersion: is 2: this pack was made by a newer version of the app (this one reads version 1)'],
  },
  { rule: '5.1 step 10: a missing format is not a drill pack', input: () => bytes(pack({ format: undefined })), errors: ['format: must be "mldrill-pack" (got nothing); this is not a drill pack'] },
  { rule: '5.1 steps 1-10 stop at the first problem (format before schema)', input: () => bytes(pack({ format: 'drillpack', title: '' })), errors: ['format: must be "mldrill-pack" (got "drillpack"); this is not a drill pack'] },
  { rule: '5.1 nesting depth (step 6) is checked before JSON syntax (step 7)', input: () => '[[[[[[[', errors: ['(file): nests deeper than the pack format allows (more than 6 levels)'] },
  {
    rule: '5.1 step 12 reports all schema problems together',
    input: () => bytes(pack({ title: '', version: '1' })),
    errors: ['version: must be a semantic version MAJOR.MINOR.PATCH (got "1")', 'title: must be at least 1 characters (got 0)'],
  },
  {
    rule: '5.1 step 13 runs only when the schema found no problem',
    input: () => bytes(pack({ title: '' }, [question('same'), question('same')])),
    errors: ['title: must be at least 1 characters (got 0)'],
  },
  {
    rule: '5.1 step 13: question ids unique within the pack',
    input: () => bytes(pack({}, [question('w3-imbalanced-metrics'), question('w3-imbalanced-metrics')])),
    errors: ['questions[1].id: duplicates questions[0].id "w3-imbalanced-metrics"'],
  },
  {
    rule: '5.1 step 13: item ids unique within their question',
    input: () => {
      const q = question('q-two');
      q.checklist[2] = { ...q.checklist[2]!, id: 'threshold' };
      return bytes(pack({}, [question('q-one'), q]));
    },
    errors: ['questions[1].checklist[2].id: duplicates questions[1].checklist[1].id "threshold"'],
  },

  // 5.2 limits applied before parsing
  { rule: '5.2 size: at most 20 MB', input: () => new Uint8Array(21 * 1048576).fill(0x20), errors: ['(file): is 21.0 MB; packs must be at most 20 MB'] },
  { rule: '5.2 size: 20,971,521 bytes is over the limit', input: () => new Uint8Array(20 * 1048576 + 1).fill(0x20), errors: ['(file): is 20.0 MB; packs must be at most 20 MB'] },
  {
    rule: '5.2 encoding: UTF-8 only (a Latin-1 accented character is refused)',
    input: () => {
      const b = bytes(pack({ title: 'Caf_' }));
      b[b.indexOf(0x5f)] = 0xe9;
      return b;
    },
    errors: ['(file): is not UTF-8 text'],
  },
  { rule: '5.2 encoding: UTF-16 files are refused', input: () => new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]), errors: ['(file): is not UTF-8 text'] },
  { rule: '5.2 only one leading byte-order mark is removed', input: () => '\ufeff\ufeff' + valid, errors: ['(file): is not valid JSON: Unexpected token \'\ufeff\', "\ufeff{"format""...'] },
  { rule: '5.1 step 5: the text is not empty or only whitespace', input: () => '\ufeff \n\t ', errors: ['(file): is empty'] },
  {
    rule: '5.2 nesting depth: an array of arrays inside keywords is refused',
    input: () => withItem({ keywords: [['nested']] }),
    errors: ['(file): nests deeper than the pack format allows (more than 6 levels)'],
  },
  {
    rule: '5.2 nesting depth: values of unknown fields count too',
    input: () => withQuestion({ extra: { a: { b: { c: {} } } } }),
    errors: ['(file): nests deeper than the pack format allows (more than 6 levels)'],
  },
  { rule: '5.1 step 7: the text is valid JSON', input: () => '{\n  "format": "mldrill-pack",\n}', errors: ['(file): is not valid JSON at line 3, column 1: Expected double-quoted property name in JSON at position 30'] },
  {
    rule: '5.2 reserved keys: __proto__ is refused',
    input: () => valid.replace('"prompt":', '"__proto__":{},"prompt":'),
    errors: ['questions[0].__proto__: key is not allowed (reserved JavaScript property name)'],
  },
  {
    rule: '5.2 reserved keys: constructor is refused inside unknown fields',
    input: () => bytes(pack({ extra: { constructor: 1 } })),
    errors: ['extra.constructor: key is not allowed (reserved JavaScript property name)'],
  },
  {
    rule: '5.2 reserved keys: prototype is refused, and only the first one found is reported',
    input: () => withItem({ prototype: 1, constructor: 2 }),
    errors: ['questions[0].checklist[0].prototype: key is not allowed (reserved JavaScript property name)'],
  },

  // 5.4 unknown fields
  { rule: '5.4 an unknown question field is a warning, not an error', input: () => withQuestion({ difficulty: 'hard' }), errors: [], warnings: ['questions[0].difficulty: unknown field, ignored'] },
  {
    rule: '5.4 unknown fields on the pack and on a checklist item are warnings ($schema is not)',
    input: () => {
      const q = question('q-one');
      q.checklist[1] = { ...q.checklist[1]!, keyword: ['x'] } as (typeof q.checklist)[number];
      return bytes(pack({ $schema: 'https://example.com/s.json', homepage: 'x' }, [q]));
    },
    errors: [],
    warnings: ['homepage: unknown field, ignored', 'questions[0].checklist[1].keyword: unknown field, ignored'],
  },
  {
    rule: '5.4 a misspelled required field gives a warning and an is required error',
    input: () => {
      const { followUps, ...rest } = question('q-one');
      return bytes(pack({}, [{ ...rest, followups: followUps } as unknown as ReturnType<typeof question>]));
    },
    errors: ['questions[0].followUps: is required'],
    warnings: ['questions[0].followups: unknown field, ignored'],
  },

  // 5.5 duplicate keys
  {
    rule: '5.5 an object holding the same key twice is refused',
    input: () => valid.replace('"text":', '"text":"dropped","text":'),
    errors: ['questions[0].checklist[0]: duplicate key "text"'],
  },
  { rule: '5.5 a repeated key on the pack itself is reported at (root)', input: () => valid.replace('"title":', '"title":"x","title":'), errors: ['(root): duplicate key "title"'] },
  {
    rule: '5.5 keys are compared after escapes are decoded, and every repeat is reported',
    input: () => valid.replace('"title":', '"\\u0074itle":"x","title":').replace('"outline":', '"outline":"x","outline":'),
    errors: ['(root): duplicate key "title"', 'questions[0]: duplicate key "outline"'],
  },
];

const capRows: { rule: string; input: () => Input; check: (r: ReturnType<typeof validatePack>) => void }[] = [
  {
    rule: '5.6 at most 50 errors are listed, then one entry says how many were left out',
    input: () => bytes(pack({}, Array.from({ length: 60 }, (_, i) => question(`q-${i}`, 'stats')))),
    check: (r) => {
      expect(r.errors).toHaveLength(51);
      expect(lines(r.errors.slice(49))).toEqual([`questions[49].area: must be one of ${AREA_LIST} (got "stats")`, '(file): 10 more errors not shown']);
    },
  },
  {
    rule: '5.6 at most 50 warnings are listed, then one entry says how many were left out',
    input: () => bytes(pack(Object.fromEntries(Array.from({ length: 53 }, (_, i) => [`extra${i}`, 1])))),
    check: (r) => {
      expect(r.ok).toBe(true);
      expect(r.warnings).toHaveLength(51);
      expect(lines(r.warnings.slice(49))).toEqual(['extra49: unknown field, ignored', '(file): 3 more warnings not shown']);
    },
  },
];

describe('pack format rules (docs/pack-format.md)', () => {
  it('accepts a valid minimal pack: one question, three checklist items, empty pitfalls and followUps', () => {
    const minimal = {
      format: 'mldrill-pack',
      formatVersion: 1,
      id: 'ab',
      version: '0.0.0',
      title: 'T',
      questions: [
        {
          id: 'q1',
          area: 'scale',
          prompt: x(10),
          kind: 'behavioral',
          level: 'senior',
          checklist: [
            { id: 'a', text: 'abc' },
            { id: 'b-', text: 'abc' },
            { id: 'c--d', text: 'abc', keywords: [] },
          ],
          pitfalls: [],
          followUps: [],
        },
      ],
    };
    const r = validatePack(bytes(minimal));
    expect(lines(r.errors)).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('accepts one leading byte-order mark', () => {
    const b = bytes(pack());
    const r = validatePack(new Uint8Array([0xef, 0xbb, 0xbf, ...b]));
    expect(r.ok).toBe(true);
  });

  it.each(fieldRules)('3: $rule', ({ input, errors, warnings }) => {
    const r = validatePack(input());
    expect(lines(r.errors)).toEqual(errors);
    expect(r.ok).toBe(false);
    if (warnings) expect(lines(r.warnings)).toEqual(warnings);
  });

  it.each(validationRules)('5: $rule', ({ input, errors, warnings }) => {
    const r = validatePack(input());
    expect(lines(r.errors)).toEqual(errors);
    expect(r.ok).toBe(errors.length === 0);
    expect(lines(r.warnings)).toEqual(warnings ?? []);
  });

  it.each(capRows)('$rule', ({ input, check }) => {
    check(validatePack(input()));
  });
});
