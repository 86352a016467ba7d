import { describe, expect, it } from 'vitest';
import { indent, newline, outdent } from './code-keys';

describe('code answer keys', () => {
  it('Tab at a caret pads to the next indent stop', () => {
    expect(indent('ab', 2, 2)).toEqual({ text: 'ab  ', start: 4, end: 4 });
    expect(indent('', 0, 0)).toEqual({ text: '    ', start: 4, end: 4 });
    expect(indent('x\n', 2, 2)).toEqual({ text: 'x\n    ', start: 6, end: 6 });
  });

  it('Tab over a selection indents every touched line and keeps them selected', () => {
    const text = 'def f():\nreturn 1\nx';
    const r = indent(text, 2, 12);
    expect(r.text).toBe('    def f():\n    return 1\nx');
    expect(r.text.slice(r.start, r.end)).toBe('f f():\n    ret');
  });

  it('Shift+Tab removes one indent, or what spaces there are, or a tab', () => {
    expect(outdent('        x', 9, 9).text).toBe('    x');
    expect(outdent('  x', 3, 3)).toEqual({ text: 'x', start: 1, end: 1 });
    expect(outdent('\tx\n    y', 0, 7).text).toBe('x\ny');
    expect(outdent('x', 1, 1)).toEqual({ text: 'x', start: 1, end: 1 });
  });

  it('a selection ending at a line break leaves the next line alone', () => {
    expect(indent('a\nb', 0, 2).text).toBe('    a\nb');
  });

  it('Enter keeps the indentation, and adds one after a colon or an open bracket', () => {
    expect(newline('    x = 1', 9, 9)).toEqual({ text: '    x = 1\n    ', start: 14, end: 14 });
    expect(newline('for i in r:', 11, 11).text).toBe('for i in r:\n    ');
    expect(newline('  f(', 4, 4).text).toBe('  f(\n      ');
    expect(newline('ab', 1, 2).text).toBe('a\n');
  });
});

describe('the span an edit changes (applied as typing, so undo works)', () => {
  it('is the one stretch that differs, and applying it gives the new text', async () => {
    const { changedSpan } = await import('./AnswerBox');
    for (const [before, after] of [
      ['def f():\nreturn 1', '    def f():\n    return 1'],
      ['x = 1', 'x = 1\n    '],
      ['    a\n    b', 'a\nb'],
      ['same', 'same'],
      ['', '    '],
    ] as const) {
      const s = changedSpan(before, after);
      expect(before.slice(0, s.from) + s.insert + before.slice(s.to)).toBe(after);
      expect(s.to - s.from + s.insert.length).toBeLessThanOrEqual(Math.max(before.length, after.length) + 1);
    }
    expect(changedSpan('ab', 'ab    ')).toEqual({ from: 2, to: 2, insert: '    ' });
  });
});
