/**
 * Editing keys for code answers (coding questions): Tab indents, Shift+Tab outdents, Enter keeps the line's
 * indentation. Pure functions of the text and selection, so they are tested without a browser; the answer box applies
 * the result and puts the caret back.
 */
export const INDENT = '    ';

export interface Edit {
  text: string;
  start: number;
  end: number;
}

const lineStart = (text: string, at: number) => text.lastIndexOf('\n', at - 1) + 1;

/** Tab: with no selection, spaces to the next indent stop at the caret; with a selection, every touched line indents. */
export function indent(text: string, start: number, end: number): Edit {
  if (start === end) {
    const column = start - lineStart(text, start);
    const pad = INDENT.slice(column % INDENT.length);
    return { text: text.slice(0, start) + pad + text.slice(end), start: start + pad.length, end: start + pad.length };
  }
  return eachLine(text, start, end, (line) => ({ line: INDENT + line, delta: INDENT.length }));
}

/** Shift+Tab: every touched line loses up to one indent of leading spaces (or one tab). */
export function outdent(text: string, start: number, end: number): Edit {
  return eachLine(text, start, end, (line) => {
    const cut = line.startsWith('\t') ? 1 : (/^ */.exec(line)?.[0].length ?? 0) >= INDENT.length ? INDENT.length : (/^ */.exec(line)?.[0].length ?? 0);
    return { line: line.slice(cut), delta: -cut };
  });
}

/** Enter: a new line that starts with the current line's leading white space, one indent more after a colon. */
export function newline(text: string, start: number, end: number): Edit {
  const from = lineStart(text, start);
  const current = text.slice(from, start);
  const lead = /^[ \t]*/.exec(current)?.[0] ?? '';
  const extra = /[:{[(]\s*$/.test(current) ? INDENT : '';
  const insert = '\n' + lead + extra;
  return { text: text.slice(0, start) + insert + text.slice(end), start: start + insert.length, end: start + insert.length };
}

function eachLine(text: string, start: number, end: number, change: (line: string) => { line: string; delta: number }): Edit {
  const from = lineStart(text, start);
  // A selection ending just after a newline does not touch the next line.
  const last = end > start && text[end - 1] === '\n' ? end - 1 : end;
  const toNl = text.indexOf('\n', last);
  const to = toNl === -1 ? text.length : toNl;
  const lines = text.slice(from, to).split('\n');
  let firstDelta = 0;
  let total = 0;
  const out = lines.map((l, i) => {
    const c = change(l);
    if (i === 0) firstDelta = c.delta;
    total += c.delta;
    return c.line;
  });
  const newStart = Math.max(from, start + firstDelta);
  return { text: text.slice(0, from) + out.join('\n') + text.slice(to), start: newStart, end: Math.max(newStart, end + total) };
}
