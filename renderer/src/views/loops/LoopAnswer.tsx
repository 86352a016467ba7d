/**
 * Answering in a mock loop, under the rules of a real interview: no pausing, no checklist, outline or pitfalls until
 * the round ends. The head shows the round's clock and the part's (the main answer, then each follow-up); a design
 * answer also shows its stage and the stage's clock. Overruns show in red and are recorded, not hidden.
 */
import { useEffect, useState } from 'react';
import type { QuestionState } from '../../../../shared/drill-machine';
import { MAX_ANSWER_CHARS } from '../../../../shared/limits';
import { Markdown } from '../../components/Markdown';
import { useInterval } from '../../components/Timer';
import { useApp } from '../../store';
import { AnswerBox } from '../drill/AnswerBox';
import { useSend } from '../drill/common';
import { SaveIndicator, SaveProblem } from '../drill/SaveStatus';
import { Recorder } from '../recording/Recorder';
import { TranscribeButton } from '../recording/TranscribeButton';
import { ConfirmInline } from './ConfirmInline';
import { clockText, loopClock, nextLabel } from './loop-model';
import './loops.css';

function Clock({ label, ms, over, testId }: { label: string; ms: number; over: boolean; testId: string }) {
  return (
    <div className={over ? 'loop-clock loop-clock-over' : 'loop-clock'} role="timer" aria-label={`${label}: ${clockText(ms)}${over ? ', over' : ''}`}>
      <span className="timer-label">{label}</span>
      <span className="timer-value" data-testid={testId}>
        {clockText(ms)}
      </span>
    </div>
  );
}

export function LoopAnswer({ q }: { q: QuestionState }) {
  const send = useSend();
  const openLink = useApp((s) => s.openLink);
  const [now, setNow] = useState(() => performance.now());
  useInterval(setNow, 250);
  const part = q.draft.phase === 'answer' ? (q.draft.loop?.part ?? 0) : 0;
  // Each new question or follow-up starts with the answer box focused, as a drill's question does.
  useEffect(() => {
    document.getElementById('answer')?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [q.position, part]);
  const c = loopClock(q, now);
  if (!c || !q.loop || q.draft.phase !== 'answer') return null;
  const d = q.draft;
  const l = d.loop ?? { part: 0, followUps: [], stageEnds: [], done: false };
  const round = q.loop.view.plan.rounds[q.loop.round]!;
  const inRound = q.position - round.first;
  const partText = l.part === 0 ? d.answer : (l.followUps[l.part - 1]?.answer ?? '');
  const editable = q.op === null && q.elsewhere === null;
  const followUp = l.part > 0 ? q.loop.item.followUps[l.part - 1] : null;
  const busy = q.op !== null;
  return (
    <main className="drill loop" data-phase="answer" data-position={q.position} data-question={q.question.id} data-part={l.part}>
      <header className="drill-head loop-head">
        <div className="drill-where">
          <p className="drill-position" aria-live="polite">
            {q.loop.view.plan.title}
            {round.title !== q.loop.view.plan.title ? ` · ${round.title}` : ''} · question {inRound + 1} of {round.count}
            {followUp ? ` · follow-up ${l.part} of ${c.parts - 1}` : ''}
          </p>
          <div className="row actions">
            <ConfirmInline label="End round…" question="End the round now?" detail="Questions not reached are not graded." confirm="End round" onConfirm={() => send({ type: 'endRound' })} disabled={busy} />
          </div>
        </div>
        <div className="loop-clocks">
          <Clock label="Round left" ms={c.roundLeftMs} over={c.roundLeftMs < 0} testId="round-left" />
          <Clock label={followUp ? 'Follow-up box' : 'Answer box'} ms={c.partBoxMs - c.partElapsedMs} over={c.partElapsedMs > c.partBoxMs} testId="part-left" />
          {c.stage && <Clock label={`Stage ${Math.min(c.stage.index, c.stage.count - 1) + 1} of ${c.stage.count}`} ms={c.stage.boxMs - c.stage.elapsedMs} over={c.stage.elapsedMs > c.stage.boxMs} testId="stage-left" />}
        </div>
      </header>
      <p className="loop-rules muted">Interview rules: no pausing, and the checklist, outline and pitfalls stay hidden until the round ends.</p>
      <section className="prompt" aria-label={followUp ? 'The interviewer asks' : 'Question'}>
        {followUp ? (
          <>
            <p className="loop-followup-label">The interviewer follows up:</p>
            <Markdown text={followUp} onOpenLink={(url) => void openLink(url)} />
          </>
        ) : (
          <Markdown text={q.question.prompt} onOpenLink={(url) => void openLink(url)} />
        )}
      </section>
      {c.stage && (
        <section className="loop-stage" aria-label="Design stage">
          <h2>
            Stage: {c.stage.title} <span className="muted">({clockText(c.stage.boxMs)} box)</span>
          </h2>
          {c.stage.prompt && <p>{c.stage.prompt}</p>}
          <button type="button" onClick={() => send({ type: 'nextStage' })} disabled={!editable || c.stage.index >= c.stage.count - 1}>
            Next stage
          </button>
          <ol className="loop-stage-list">
            {q.loop.item.stages.map((s, i) => (
              <li key={s.title + i} aria-current={i === Math.min(c.stage!.index, c.stage!.count - 1) ? 'step' : undefined}>
                {s.title} · {clockText(s.sec * 1000)}
              </li>
            ))}
          </ol>
        </section>
      )}
      <section className="answer">
        <div className="label-row">
          <label htmlFor="answer">{followUp ? 'Your answer to the follow-up' : 'Your answer'}</label>
          <SaveIndicator q={q} />
        </div>
        <SaveProblem q={q} />
        <Recorder
          key={`recorder:${q.position}:${l.part}`}
          sessionId={q.session.id}
          position={q.position}
          part={l.part}
          disabled={!editable}
          beside={(blob) => (
            <TranscribeButton
              blob={blob}
              onText={(text) => {
                const cur = useApp.getState().drill;
                const typed = cur.kind === 'question' && cur.draft.phase === 'answer' ? (l.part === 0 ? cur.draft.answer : (cur.draft.loop?.followUps[l.part - 1]?.answer ?? '')) : partText;
                const joined = typed.trim() === '' ? text.trim() : `${typed.replace(/\s+$/, '')}\n\n${text.trim()}`;
                send({ type: 'typed', text: joined.slice(0, MAX_ANSWER_CHARS) });
              }}
            />
          )}
        />
        <AnswerBox
          key={`answer:${q.position}:${l.part}`}
          id="answer"
          value={partText}
          readOnly={!editable}
          code={q.question.kind === 'coding' && l.part === 0}
          onText={(text) => send({ type: 'typed', text })}
          rows={14}
          placeholder="Answer out loud or type: the interviewer is waiting."
        />
        <div className="row actions answer-foot">
          <button type="button" className="primary" onClick={() => send({ type: 'nextPart' })} disabled={!editable}>
            {nextLabel(q)} <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
          </button>
        </div>
        {q.opError && (
          <p className="problem" role="alert">
            {q.opError.error.message}
          </p>
        )}
      </section>
    </main>
  );
}
