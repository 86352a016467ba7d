import type { Ref } from 'react';
import type { HomeView } from '../../../../shared/api';
import { backlogNote, dueByArea, dueHeadline, formatDay, newNote, nothingPractised, plural, reviewsDoneNote } from './home-model';

/**
 * Today's reviews and new questions, and the one thing to do next as the primary button. Before anything has been
 * practised it is an invitation to a first drill instead. While an unfinished drill waits, Resume stays the primary
 * action and this button is a plain one.
 */
export function TodayPanel({ home, onNext, buttonRef }: { home: HomeView; onNext: () => void; buttonRef: Ref<HTMLButtonElement> }) {
  const { today } = home;
  const next = today.next;
  const quiet = home.activeSession !== null;
  const action = (
    <div className="today-action">
      <button type="button" className={quiet ? 'next-action' : 'primary next-action'} onClick={onNext} ref={buttonRef} aria-describedby="next-detail">
        {next.label}
      </button>
      <p className="muted next-detail" id="next-detail">
        {next.detail}
      </p>
    </div>
  );

  if (nothingPractised(home) && today.dueToday === 0) {
    return (
      <section className="home-panel today today-first" aria-labelledby="today-heading">
        <h2 id="today-heading">Start with a short first drill</h2>
        <p>
          Answer {plural(next.count, 'question')} against the clock, tick off what your answer covered, and rate yourself. From then on the app
          schedules each question for review just before you would forget it, and shows your mastery of every area here.
        </p>
        {action}
      </section>
    );
  }

  const areas = dueByArea(today);
  const backlog = backlogNote(today);
  const done = reviewsDoneNote(today);
  return (
    <section className="home-panel today" aria-labelledby="today-heading">
      <div className="panel-head">
        <h2 id="today-heading">Today</h2>
        <span className="muted panel-sub">{formatDay(today.day)}</span>
      </div>
      <p className="today-due" data-testid="due-today">
        <strong>{dueHeadline(today)}</strong>
        {done && <span className="muted"> · {done}</span>}
      </p>
      {areas.length > 0 && (
        <ul className="today-areas" aria-label="Due by area">
          {areas.map((a) => (
            <li key={a.id} className="chip">
              {a.name} <strong>{a.n}</strong>
            </li>
          ))}
        </ul>
      )}
      {backlog && <p className="today-backlog">{backlog}</p>}
      <p className="today-new">{newNote(today)}</p>
      {action}
    </section>
  );
}
