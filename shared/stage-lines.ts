/**
 * Stages as lines of text, for the CSV layout's `stages` column and the question form: one stage per line as
 * `minutes | title` or `minutes | title | prompt`, a `|` inside a title or prompt written `\|`.
 */
import type { Stage } from './pack-schema';

const escapePipe = (s: string) => s.replace(/\|/g, '\\|');

export function stagesToLines(stages: readonly Stage[] | undefined): string[] {
  return (stages ?? []).map((s) => [String(s.minutes), escapePipe(s.title), ...(s.prompt === undefined ? [] : [escapePipe(s.prompt)])].join(' | '));
}

/** The stages the lines give (blank lines skipped), or the sentence saying which line is wrong and how to write it. */
export function stagesFromLines(lines: readonly string[]): Stage[] | string {
  const out: Stage[] = [];
  const shape = 'write one stage per line as "minutes | title" or "minutes | title | prompt"';
  let n = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    n++;
    const parts = line.split(/(?<!\\)\|/).map((p) => p.trim().replace(/\\\|/g, '|'));
    if (parts.length < 2 || parts.length > 3) return `stage ${n} has ${parts.length === 1 ? 'no' : parts.length - 1} "|"; ${shape}`;
    if (!/^\d+$/.test(parts[0]!)) return `stage ${n} starts with ${JSON.stringify(parts[0]!.slice(0, 40))}, not a whole number of minutes; ${shape}`;
    out.push(parts.length === 3 ? { title: parts[1]!, minutes: Number(parts[0]), prompt: parts[2]! } : { title: parts[1]!, minutes: Number(parts[0]) });
  }
  return out;
}
