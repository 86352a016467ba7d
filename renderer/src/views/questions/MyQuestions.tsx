/**
 * My questions: the user's own questions (the `my-questions` pack) — list, write a new one (also File ▸ New
 * Question…), edit, retire, drill — and exporting a selection of any installed questions as a pack for a cohort.
 */
import './zod-jitless';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { QuestionBrief } from '../../../../shared/api';
import { areaTitle } from '../../../../shared/areas';
import { Markdown } from '../../components/Markdown';
import { useApiQuery } from '../../query';
import { transport, useApp } from '../../store';
import { ExportSelection } from './ExportSelection';
import { plural, promptLead } from './fields';
import { MY_PACK_ID, draftFrom, newDraft, sameQuestion, type QuestionDraft } from './form-model';
import { QuestionForm } from './QuestionForm';
import { LoadError } from '../../components/LoadError';

type Screen =
  | { kind: 'list' }
  | { kind: 'loading'; id: string }
  | { kind: 'form'; mode: 'new' | 'edit'; initial: QuestionDraft; start: QuestionDraft; formKey: number }
  | { kind: 'export' };

/**
 * An unsaved form, kept while the user looks at another screen (the header's navigation unmounts this one), so
 * coming back finds it as it was. Lost on reload, like anything not saved.
 */
let kept: { mode: 'new' | 'edit'; initial: QuestionDraft; draft: QuestionDraft } | null = null;
let formKeys = 1;

const MY_QUESTIONS = { where: { packs: [MY_PACK_ID] } };

function openNew(): Screen {
  const d = newDraft();
  return { kind: 'form', mode: 'new', initial: d, start: d, formKey: formKeys++ };
}

/**
 * The screen on arrival: an unsaved form left here earlier comes back as it was; File ▸ New Question… opens a new
 * form, unless that unsaved form has changes (they are never dropped without asking: the user can cancel it).
 */
function firstScreen(): Screen {
  const dirty = kept !== null && !sameQuestion(kept.draft, kept.initial);
  if (useApp.getState().command === 'new-question' && !dirty) {
    kept = null;
    return openNew();
  }
  if (kept) return { kind: 'form', mode: kept.mode, initial: kept.initial, start: kept.draft, formKey: formKeys++ };
  return { kind: 'list' };
}

/** What just happened, said once near the top of the list (a live region, so it is heard as well as seen). */
interface Flash {
  text: string;
  saved?: QuestionBrief;
}

export function MyQuestions() {
  const [screen, setScreen] = useState<Screen>(firstScreen);
  const [flash, setFlash] = useState<Flash | null>(null);
  const list = useApiQuery(transport.api, 'listQuestions', MY_QUESTIONS);
  const { unwrap, drillQuestions } = useApp.getState();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const screenRef = useRef(screen);
  useEffect(() => {
    screenRef.current = screen;
  }, [screen]);

  // File ▸ New Question… (and its shortcut) while this screen is open; when it opened the screen, firstScreen took it.
  useEffect(() => {
    if (useApp.getState().command === 'new-question') useApp.getState().clearCommand();
    return useApp.subscribe((s) => {
      if (s.command !== 'new-question') return;
      s.clearCommand();
      const current = screenRef.current;
      if (current.kind === 'form' && kept && !sameQuestion(kept.draft, kept.initial)) {
        if (!window.confirm('Start a new question? The changes to the one you are writing are lost.')) return;
      }
      kept = null;
      setScreen(openNew());
    });
  }, []);

  const otherIds = useMemo(() => {
    const ids = new Set((list.data ?? []).map((q) => q.id));
    if (screen.kind === 'form' && screen.mode === 'edit') ids.delete(screen.initial.id);
    return ids;
  }, [list.data, screen]);

  const toList = useCallback((next: Flash | null) => {
    kept = null;
    setFlash(next);
    setScreen({ kind: 'list' });
  }, []);

  useEffect(() => {
    if (screen.kind === 'list' || screen.kind === 'export') headingRef.current?.focus({ preventScroll: true });
  }, [screen.kind]);

  const edit = async (id: string) => {
    setFlash(null);
    setScreen({ kind: 'loading', id });
    const question = unwrap(await transport.api.getQuestion({ packId: MY_PACK_ID, id }), `Could not open the question ${id}`);
    if (screenRef.current.kind !== 'loading') return; // the user went elsewhere meanwhile
    if (!question) return setScreen({ kind: 'list' });
    const d = draftFrom(question);
    setScreen({ kind: 'form', mode: 'edit', initial: d, start: d, formKey: formKeys++ });
  };

  const retire = async (q: QuestionBrief) => {
    if (!window.confirm(`Retire the question “${q.id}”? It leaves your drills and this list; the answers you gave to it stay in your history.`)) return;
    if (unwrap(await transport.api.retireMyQuestion({ id: q.id }), `Could not retire ${q.id}`)) setFlash({ text: `Retired “${q.id}”.` });
  };

  /** A one-question drill of it (the user's own question, straight from the list or after saving). */
  const drill = (q: { id: string }) => void drillQuestions([{ packId: MY_PACK_ID, id: q.id }]);

  const onDraftChange = useCallback(
    (draft: QuestionDraft) => {
      if (screen.kind === 'form') kept = { mode: screen.mode, initial: screen.initial, draft };
    },
    [screen],
  );

  if (screen.kind === 'form') {
    return (
      <main className="questions" data-screen="form">
        <QuestionForm
          key={screen.formKey}
          mode={screen.mode}
          initial={screen.initial}
          start={screen.start}
          otherIds={otherIds}
          onDraftChange={onDraftChange}
          onCancel={() => toList(null)}
          onSaved={(saved) => toList({ text: `Saved “${saved.id}”.`, saved })}
        />
      </main>
    );
  }

  if (screen.kind === 'export') {
    return (
      <main className="questions" data-screen="export">
        <p className="questions-back">
          <button type="button" onClick={() => toList(null)}>
            ← My questions
          </button>
        </p>
        <ExportSelection headingRef={headingRef} />
      </main>
    );
  }

  const questions = list.data ?? [];
  return (
    <main className="questions" data-screen="list" aria-busy={screen.kind === 'loading' || list.isPending}>
      <div className="questions-head">
        <h2 tabIndex={-1} ref={headingRef}>
          My questions
        </h2>
        <div className="row">
          <button
            type="button"
            className="primary"
            onClick={() => {
              setFlash(null);
              setScreen(openNew());
            }}
          >
            New question
          </button>
          <button type="button" onClick={() => setScreen({ kind: 'export' })}>
            Export a selection…
          </button>
        </div>
      </div>
      <p className="muted questions-intro">
        Questions you write yourself, in the same format as every pack. Each joins the drills of its area; export a selection of any installed questions
        as a pack for a cohort.
      </p>

      <div className="questions-flash" role="status" data-testid="questions-flash">
        {flash && (
          <>
            <span>
              {flash.text}
              {flash.saved && (
                <span className="questions-flash-note muted" id="questions-drill-note">
                  {' '}
                  Drill this question starts a drill of just this one.
                </span>
              )}
            </span>
            {flash.saved && (
              <span className="row">
                <button type="button" className="primary" onClick={() => void drill(flash.saved!)} aria-describedby="questions-drill-note">
                  Drill this question
                </button>
                <button type="button" onClick={() => void edit(flash.saved!.id)}>
                  Edit it again
                </button>
              </span>
            )}
          </>
        )}
      </div>

      {list.isError && !list.data ? (
        <LoadError title="Your questions could not be loaded" query={list} />
      ) : list.isPending ? (
        <p className="muted">Loading your questions…</p>
      ) : questions.length === 0 ? (
        <section className="empty">
          <h2>No questions of your own yet</h2>
          <p>New question writes one, checked as you type against the pack format. It then comes up in drills of its area.</p>
        </section>
      ) : (
        <>
          <p className="muted questions-count">{plural(questions.length, 'question')}</p>
          <ul className="questions-list" aria-label="Your questions">
            {questions.map((q) => (
              <li key={q.id} className="questions-row" data-question={q.id}>
                <div className="questions-row-body">
                  <div className="prompt-lead">
                    <Markdown text={promptLead(q.prompt)} onOpenLink={(url) => void useApp.getState().openLink(url)} />
                  </div>
                  <p className="chips">
                    <span className="chip">{areaTitle(q.area)}</span>
                    <span className="chip">{q.kind}</span>
                    <span className="chip">{q.level}</span>
                    <code className="questions-id">{q.id}</code>
                  </p>
                </div>
                <div className="row questions-row-actions">
                  <button type="button" onClick={() => void edit(q.id)} aria-label={`Edit ${q.id}`} disabled={screen.kind === 'loading'}>
                    {screen.kind === 'loading' && screen.id === q.id ? 'Opening…' : 'Edit'}
                  </button>
                  <button type="button" onClick={() => void drill(q)} aria-label={`Drill ${q.id}`}>
                    Drill
                  </button>
                  <button type="button" onClick={() => void retire(q)} aria-label={`Retire ${q.id}`}>
                    Retire
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}
