/** The answer box: editable while answering (up to MAX_ANSWER_CHARS), read-only above the grading afterwards. */
import type { Ref } from 'react';
import type { QuestionState } from '../../../../shared/drill-machine';
import { MAX_ANSWER_CHARS } from '../../../../shared/limits';
import { COUNT_FROM, CharCount, useSend } from './common';
import { SaveIndicator, SaveProblem } from './SaveStatus';

export function AnswerPanel({ q, textareaRef }: { q: QuestionState; textareaRef: Ref<HTMLTextAreaElement> }) {
  const send = useSend();
  const answering = q.draft.phase === 'answer';
  const editable = answering && q.op === null && q.elsewhere === null;
  const length = q.draft.answer.length;
  const counted = length >= MAX_ANSWER_CHARS * COUNT_FROM;
  return (
    <section className="answer">
      <div className="label-row">
        <label htmlFor="answer">Your answer</label>
        <SaveIndicator q={q} />
      </div>
      <SaveProblem q={q} />
      <textarea
        id="answer"
        ref={textareaRef}
        value={q.draft.answer}
        readOnly={!editable}
        maxLength={MAX_ANSWER_CHARS}
        aria-describedby={answering && counted ? 'answer-count' : undefined}
        onChange={(e) => send({ type: 'typed', text: e.target.value })}
        rows={answering ? 14 : 6}
        spellCheck
        placeholder="Answer as you would out loud: structure first, then trade-offs and constraints."
      />
      {answering && (
        <div className="row actions answer-foot">
          <button type="button" className="primary" onClick={() => send({ type: 'finishAnswer' })} disabled={!editable}>
            Finish and grade <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
          </button>
          <CharCount id="answer-count" length={length} max={MAX_ANSWER_CHARS} />
        </div>
      )}
    </section>
  );
}
