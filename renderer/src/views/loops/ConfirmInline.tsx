/** A destructive step behind an inline confirmation: the button first asks, then offers the step or a way back. */
import { useState } from 'react';

export function ConfirmInline({ label, question, detail, confirm, onConfirm, disabled = false }: { label: string; question: string; detail: string; confirm: string; onConfirm: () => void; disabled?: boolean }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" onClick={() => setAsking(true)} disabled={disabled}>
        {label}
      </button>
    );
  }
  return (
    <span
      className="confirm"
      role="group"
      aria-label={question}
      onKeyDown={(e) => {
        // Escape backs out, as it would close a dialog.
        if (e.key === 'Escape') {
          e.stopPropagation();
          setAsking(false);
        }
      }}
    >
      {question} {detail}{' '}
      <button type="button" className="danger" onClick={onConfirm}>
        {confirm}
      </button>{' '}
      <button type="button" onClick={() => setAsking(false)} autoFocus>
        Keep going
      </button>
    </span>
  );
}
