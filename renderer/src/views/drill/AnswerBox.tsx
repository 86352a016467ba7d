/**
 * The answer text box, for drills and mock loops. For coding questions it is a code box: monospace, no spell check,
 * Tab indents (Shift+Tab outdents) and Enter keeps the indentation. So that a keyboard user is never trapped in it,
 * Escape releases Tab for one press: Esc then Tab moves on, as the hint under the box says.
 */
import { useLayoutEffect, useRef, type KeyboardEvent, type Ref } from 'react';
import { MAX_ANSWER_CHARS } from '../../../../shared/limits';
import { indent, newline, outdent, type Edit } from './code-keys';

export interface AnswerBoxProps {
  id: string;
  value: string;
  readOnly: boolean;
  code: boolean;
  rows: number;
  onText: (text: string) => void;
  textareaRef?: Ref<HTMLTextAreaElement>;
  describedBy?: string;
  placeholder?: string;
  label?: string;
}

/** The one stretch where `before` and `after` differ: [from, to) of `before`, replaced by `insert`. */
export function changedSpan(before: string, after: string): { from: number; to: number; insert: string } {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { from: start, to: before.length - end, insert: after.slice(start, after.length - end) };
}

export function AnswerBox({ id, value, readOnly, code, rows, onText, textareaRef, describedBy, placeholder, label }: AnswerBoxProps) {
  const tabReleased = useRef(false);
  const pendingCaret = useRef<Edit | null>(null);

  // After a key edit the controlled value re-renders; put the caret where the edit left it.
  useLayoutEffect(() => {
    const edit = pendingCaret.current;
    const box = edit ? (document.getElementById(id) as HTMLTextAreaElement | null) : null;
    if (edit && box && box.value === edit.text) {
      box.setSelectionRange(edit.start, edit.end);
      pendingCaret.current = null;
    }
  });

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!code || readOnly) return;
    if (e.key === 'Escape') {
      tabReleased.current = true;
      return;
    }
    const released = tabReleased.current;
    tabReleased.current = false;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const box = e.currentTarget;
    let edit: Edit | null = null;
    if (e.key === 'Tab' && !released) edit = e.shiftKey ? outdent(box.value, box.selectionStart, box.selectionEnd) : indent(box.value, box.selectionStart, box.selectionEnd);
    else if (e.key === 'Enter' && !e.shiftKey) edit = newline(box.value, box.selectionStart, box.selectionEnd);
    if (!edit || edit.text.length > MAX_ANSWER_CHARS) return;
    e.preventDefault();
    pendingCaret.current = edit;
    // Applied as typing is, so Ctrl+Z undoes an indent like any other edit: select the part that changed and insert
    // its replacement (the input event then carries the new text to onText). Where the browser cannot, set the text.
    const span = changedSpan(box.value, edit.text);
    box.setSelectionRange(span.from, span.to);
    if (!document.execCommand('insertText', false, span.insert)) onText(edit.text);
  };

  const hintId = `${id}-code-hint`;
  return (
    <>
      <textarea
        id={id}
        ref={textareaRef}
        className={code ? 'code-answer' : undefined}
        value={value}
        readOnly={readOnly}
        maxLength={MAX_ANSWER_CHARS}
        aria-label={label}
        aria-describedby={[describedBy, code && !readOnly ? hintId : undefined].filter(Boolean).join(' ') || undefined}
        onChange={(e) => onText(e.target.value)}
        onKeyDown={onKeyDown}
        rows={rows}
        spellCheck={!code}
        autoCapitalize={code ? 'off' : undefined}
        autoCorrect={code ? 'off' : undefined}
        wrap={code ? 'off' : undefined}
        placeholder={placeholder}
      />
      {code && !readOnly && (
        <p id={hintId} className="hint">
          Code box: <kbd>Tab</kbd> indents, <kbd>Shift</kbd>+<kbd>Tab</kbd> outdents. Press <kbd>Esc</kbd> then <kbd>Tab</kbd> to move on.
        </p>
      )}
    </>
  );
}
