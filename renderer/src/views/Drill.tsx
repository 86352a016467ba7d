/**
 * The drill screen: a sticky header (where you are, the ways out, the clock), the prompt, and the panel of the
 * phase. Everything it shows comes from the drill machine's state; everything the user does is an event sent to
 * it (shared/drill-machine.ts, run by store/drill-slice.ts).
 */
import { memo, useEffect, useRef } from 'react';
import { areaTitle } from '../../../shared/areas';
import type { DrillEvent, QuestionState } from '../../../shared/drill-machine';
import { formatDuration } from '../../../shared/timer';
import { Markdown } from '../components/Markdown';
import { Timer, useInterval } from '../components/Timer';
import { useApp } from '../store';
import { AnswerPanel } from './drill/AnswerPanel';
import { ReloadButton, useQuestion, useSend } from './drill/common';
import { DrillActions, ExitProblem } from './drill/DrillActions';
import { GradePanel } from './drill/GradePanel';
import { ReviewPanel } from './drill/ReviewPanel';
import { LoopAnswer } from './loops/LoopAnswer';
import { LoopBreak } from './loops/LoopBreak';
import { LoopFollowUps } from './loops/LoopFollowUps';

/** What Ctrl/⌘+Enter does in each phase: the primary action. */
const PRIMARY: Record<QuestionState['draft']['phase'], DrillEvent> = {
  answer: { type: 'finishAnswer' },
  grade: { type: 'submitGrade' },
  review: { type: 'saveAttempt' },
};

/** The question's Markdown, parsed once per question rather than on every keystroke of the answer. */
const Prompt = memo(function Prompt({ text }: { text: string }) {
  const openLink = useApp((s) => s.openLink);
  return (
    <section className="prompt" aria-label="Question">
      <Markdown text={text} onOpenLink={(url) => void openLink(url)} />
    </section>
  );
});

/**
 * Where you are, the ways out and the clock. While answering it stays on screen (sticky) and is kept to two short
 * lines, so a long answer in a small window still has room; once the answer is closed the clock is frozen and the
 * head scrolls away with the page (see main.drill[data-phase] in styles.css).
 */
function DrillHeader({ q }: { q: QuestionState }) {
  const strict = q.session.mode === 'strict';
  const over = q.draft.elapsedMs > q.question.timeLimitSec * 1000;
  return (
    <header className="drill-head">
      <div className="drill-where">
        <p className="drill-position" aria-live="polite">
          Question {q.position + 1} of {q.session.questions.length}
        </p>
        <DrillActions q={q} />
      </div>
      <p className="chips">
        <span className="chip">{areaTitle(q.question.area)}</span>
        <span className="chip">{q.question.kind}</span>
        <span className="chip">{q.question.level}</span>
      </p>
      <div className="drill-clock">
        {strict && (
          <span className="chip chip-strict" title="Strict timing: the answer locks when the countdown reaches zero">
            Strict timing
          </span>
        )}
        {q.draft.phase === 'answer' ? (
          <Timer stopwatch={q.stopwatch} limitSec={q.question.timeLimitSec} strict={strict} />
        ) : (
          <div className={over ? 'timer timer-stopped timer-over' : 'timer timer-stopped'} data-testid="answer-time">
            <span className="timer-label">{q.timeUp ? 'Answer time, locked at the limit' : over ? 'Answer time, over the limit' : 'Answer time'}</span>
            <span className="timer-value">
              {formatDuration(q.draft.elapsedMs)} <span className="timer-limit">/ {formatDuration(q.question.timeLimitSec * 1000)}</span>
            </span>
          </div>
        )}
      </div>
    </header>
  );
}

export function Drill() {
  const q = useQuestion();
  const over = useApp((s) => s.drill.kind === 'over');
  const pause = useApp((s) => (s.drill.kind === 'loop-break' ? s.drill : null));
  const tick = useApp((s) => s.tick);
  const send = useSend();
  const answerRef = useRef<HTMLTextAreaElement>(null);
  const gradeRef = useRef<HTMLHeadingElement>(null);
  const reviewRef = useRef<HTMLHeadingElement>(null);
  // Autosave and the strict-mode lock run in every phase, independent of the countdown's redraws.
  useInterval(tick, 250);

  const phase = q?.draft.phase;
  const position = q?.position;
  useEffect(() => {
    if (phase === 'answer') {
      // A new question starts at its top: the prompt is read first. Focusing the box must not scroll the start of the
      // prompt under the sticky head (the box is taller than what is left of a small window); typing scrolls the
      // caret into view anyway.
      answerRef.current?.focus({ preventScroll: true });
      window.scrollTo(0, 0);
    } else if (phase === 'grade') gradeRef.current?.focus();
    else if (phase === 'review') {
      // The review starts below the (now read-only) grading: bring it to the top rather than leave its heading at the
      // bottom edge of the window, with the pitfalls out of sight.
      const heading = reviewRef.current;
      heading?.focus({ preventScroll: true });
      heading?.closest('.review')?.scrollIntoView({ block: 'start' });
    }
  }, [phase, position]);

  // Save what is on screen when the window is hidden or closed (timers are throttled in the background).
  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden') send({ type: 'flush' });
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', onHide);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onHide);
    };
  }, [send]);

  // Ctrl/⌘+Enter wherever focus is while the drill is shown (a checklist item, a button, the page itself).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || e.isComposing || e.defaultPrevented) return;
      const d = useApp.getState().drill;
      if (d.kind !== 'question') return;
      e.preventDefault();
      // In a mock loop the answer moves on part by part; grading waits for the round's end.
      send(d.loop && d.draft.phase === 'answer' ? { type: 'nextPart' } : PRIMARY[d.draft.phase]);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [send]);

  if (pause) return <LoopBreak b={pause} />;
  if (!q) {
    return over ? (
      <main className="drill" aria-busy="true">
        <p className="muted">Loading the summary…</p>
      </main>
    ) : null;
  }
  const d = q.draft;
  if (q.loop && d.phase === 'answer') return <LoopAnswer q={q} />;

  return (
    <main className="drill" data-phase={d.phase} data-position={q.position} data-question={q.question.id}>
      <DrillHeader q={q} />
      <ExitProblem q={q} />
      {q.elsewhere && (
        <div className="problem elsewhere" role="alert">
          <p>{q.elsewhere.message}</p>
          <ReloadButton />
        </div>
      )}
      <Prompt text={q.question.prompt} />

      <AnswerPanel q={q} textareaRef={answerRef} />

      {/* Beside the grading it explains, where focus lands, rather than above a prompt that may be scrolled away. */}
      {q.timeUp && d.phase !== 'answer' && (
        <p className="time-up" role="alert">
          <strong>Time's up.</strong> Strict timing locked your answer at the limit; grade what you wrote.
        </p>
      )}

      {d.phase !== 'answer' && (
        <form
          className="grade"
          aria-label="Grade your answer"
          onSubmit={(e) => {
            e.preventDefault();
            send(PRIMARY[d.phase]);
          }}
        >
          <LoopFollowUps q={q} />
          <GradePanel q={q} headingRef={gradeRef} />
          <ReviewPanel q={q} headingRef={reviewRef} />
        </form>
      )}
    </main>
  );
}
