/** The answer box: editable while answering (up to MAX_ANSWER_CHARS), read-only above the grading afterwards. */
import type { Ref } from 'react';
import type { QuestionState } from '../../../../shared/drill-machine';
import { MAX_ANSWER_CHARS } from '../../../../shared/limits';
import { useApp } from '../../store';
import { Recorder } from '../recording/Recorder';
import { TranscribeButton } from '../recording/TranscribeButton';
import { COUNT_FROM, CharCount, useSend } from './common';
import { SaveIndicator, SaveProblem } from './SaveStatus';
import { AnswerBox } from './AnswerBox';

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
      {answering && (
        <Recorder
          sessionId={q.session.id}
          position={q.position}
          part={0}
          disabled={!editable}
          beside={(blob) => (
            <TranscribeButton
              blob={blob}
              onText={(text) => {
                // Appended to what is in the box now (not when the recording stopped), as if typed.
                const now = useApp.getState().drill;
                const typed = now.kind === 'question' ? now.draft.answer : q.draft.answer;
                const joined = typed.trim() === '' ? text.trim() : `${typed.replace(/\s+$/, '')}\n\n${text.trim()}`;
                send({ type: 'typed', text: joined.slice(0, MAX_ANSWER_CHARS) });
              }}
            />
          )}
        />
      )}
      <AnswerBox
        id="answer"
        textareaRef={textareaRef}
        value={q.draft.answer}
        readOnly={!editable}
        code={q.question.kind === 'coding'}
        describedBy={answering && counted ? 'answer-count' : undefined}
        onText={(text) => send({ type: 'typed', text })}
        rows={answering ? 14 : 6}
        placeholder={q.question.kind === 'coding' ? 'Write the code, then a line or two on its complexity and edge cases.' : 'Answer as you would out loud: structure first, then trade-offs and constraints.'}
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
