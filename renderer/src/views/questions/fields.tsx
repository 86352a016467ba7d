/** Small pieces the question form and the export panel share: a field's problems, and how a field is described. */
import type { KeyboardEvent } from 'react';

export interface Issue {
  path: string;
  message: string;
}

/** A field key as a page id: `checklist.12.text` → `qf-checklist-12-text`. */
export const domId = (prefix: string, field: string) => `${prefix}-${field.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** The ids a field's aria-describedby names, leaving out the ones not on the page. */
export function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const list = ids.filter((id): id is string => typeof id === 'string' && id !== '');
  return list.length ? list.join(' ') : undefined;
}

/**
 * A field's problems, each as `mldrill pack validate` prints it: `prompt: must be at least 10 characters (got 9)`.
 * Not a live region (it would talk over every keystroke): fields point at it with aria-describedby, and a blocked
 * save moves focus to the first field with a problem, which reads it out.
 */
export function Problems({ id, issues }: { id: string; issues: readonly Issue[] }) {
  if (issues.length === 0) return null;
  return (
    <ul id={id} className="question-form-problems" data-testid={id}>
      {issues.map((issue, n) => (
        <li key={n}>
          <code>{issue.path}</code>: {issue.message}
        </li>
      ))}
    </ul>
  );
}

/** The first paragraph of a prompt, to recognise it by in a list. */
export function promptLead(prompt: string): string {
  return prompt.trim().split(/\n\s*\n/)[0] ?? '';
}

export const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;

/** Enter in a one-line field (or on a checkbox) would submit the form; only Ctrl/⌘+Enter and the button submit here. */
export function keepPlainEnterFromSubmitting(e: KeyboardEvent<HTMLFormElement>) {
  const t = e.target as HTMLElement;
  if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && t.tagName === 'INPUT') e.preventDefault();
}
