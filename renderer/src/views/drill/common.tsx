/** Small pieces the drill's panels share: the machine's question state, a character counter, a reload button. */
import type { QuestionState } from '../../../../shared/drill-machine';
import { useApp } from '../../store';

/** The question on screen, or null between questions (loading the summary, or no drill). */
export function useQuestion(): QuestionState | null {
  return useApp((s) => (s.drill.kind === 'question' ? s.drill : null));
}

export const useSend = () => useApp((s) => s.send);

const numbers = new Intl.NumberFormat('en-US');
/** The counter appears from this fraction of the limit on, so the limit is never a surprise and rarely a distraction. */
export const COUNT_FROM = 0.9;

/**
 * "98,000 / 100,000 characters" once a text is near its limit. The field itself stops input at the limit
 * (maxLength); this says why typing stopped. Only reaching the limit is announced, not every keystroke.
 */
export function CharCount({ id, length, max }: { id: string; length: number; max: number }) {
  if (length < max * COUNT_FROM) return null;
  const full = length >= max;
  return (
    <p id={id} className={full ? 'char-count full' : 'char-count'} data-testid={id}>
      {numbers.format(length)} / {numbers.format(max)} characters{full ? ': the limit, nothing more can be added' : ''}
      <span className="visually-hidden" role="status">
        {full ? 'Character limit reached.' : ''}
      </span>
    </p>
  );
}

/** The way on after another window took over, or after an error a reload can clear. */
export function ReloadButton() {
  return (
    <button type="button" onClick={() => window.location.reload()}>
      Reload
    </button>
  );
}
