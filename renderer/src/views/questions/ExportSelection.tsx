/**
 * Export a selection as a pack: the instructor's way to a cohort pack. Questions are chosen by pack, area, kind,
 * level, role and tag (AND between them, OR within one), and may then be picked by hand; the new pack gets an id,
 * a title and a version, checked by the pack validator with its own messages. The services build the file
 * (exportSelection) and it is saved through a save dialog on the desktop, as a download in browser mode.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { flushSync } from 'react-dom';
import { AREAS, KINDS, LEVELS, ROLES, areaTitle } from '../../../../shared/areas';
import { saveExportedFile } from '../../files';
import { queryOptionsFor, useApiQuery } from '../../query';
import { transport } from '../../store';
import { describedBy, domId, keepPlainEnterFromSubmitting, plural, Problems, promptLead, type Issue } from './fields';
import { checkMeta, emptyFilter, emptyMeta, metaArg, suggestPackId, whereOf, type MetaField, type PackMetaDraft, type SelectionFilter } from './selection-model';

/** More rows than this are not drawn (the count and the export still take them all). */
const MAX_SHOWN = 400;
const id = (field: string) => domId('sel', field);
const capitalised = (s: string) => s[0]!.toUpperCase() + s.slice(1);
/** Question ids are unique only within a pack: a pick names its pack too (`pack/question`). */
const qualified = (q: { packId: string; id: string }) => `${q.packId}/${q.id}`;
/** What `where.ids` takes (at most 80 characters): the qualified id, or the bare one when that would be longer. */
const pickId = (q: { packId: string; id: string }) => (qualified(q).length <= 80 ? qualified(q) : q.id);

function Choices<T extends string>({
  legend,
  name,
  options,
  chosen,
  onChange,
}: {
  legend: string;
  name: string;
  options: readonly { value: T; label: string }[];
  chosen: readonly T[];
  onChange(next: T[]): void;
}) {
  return (
    <fieldset className="selection-choices">
      <legend>
        {legend} <span className="muted">{chosen.length === 0 ? '(any)' : `(${chosen.length} chosen)`}</span>
      </legend>
      <div className="selection-options">
        {options.map((o) => (
          <label key={o.value}>
            <input
              type="checkbox"
              name={name}
              value={o.value}
              checked={chosen.includes(o.value)}
              onChange={() => onChange(chosen.includes(o.value) ? chosen.filter((c) => c !== o.value) : [...chosen, o.value])}
            />{' '}
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

type Outcome = { kind: 'done'; text: string } | { kind: 'refused'; text: string } | null;

export function ExportSelection({ headingRef }: { headingRef: Ref<HTMLHeadingElement> }) {
  const [filter, setFilter] = useState<SelectionFilter>(emptyFilter);
  const [byHand, setByHand] = useState(false);
  const [picked, setPicked] = useState<ReadonlySet<string>>(() => new Set());
  const [meta, setMeta] = useState<PackMetaDraft>(emptyMeta);
  const [idEdited, setIdEdited] = useState(false);
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [showAll, setShowAll] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);

  const packs = useApiQuery(transport.api, 'listPacks', {});
  const where = useMemo(() => whereOf(filter, null), [filter]);
  const matches = useQuery({ ...queryOptionsFor(transport.api, 'listQuestions', { where }), placeholderData: keepPreviousData });
  const questions = useMemo(() => matches.data ?? [], [matches.data]);
  const chosen = byHand ? questions.filter((q) => picked.has(qualified(q))) : questions;
  const count = matches.data ? chosen.length : null;

  const issues = checkMeta(meta, count);
  const touch = (field: string) => setTouched((t) => (t.has(field) ? t : new Set([...t, field])));
  const shown = (field: MetaField | 'questions'): Issue[] => (showAll || touched.has(field) ? issues.filter((i) => i.path === field) : []);
  const control = (field: MetaField, hint = false) => {
    const list = shown(field);
    return {
      id: id(field),
      'aria-invalid': list.length > 0 ? true : undefined,
      'aria-describedby': describedBy(hint && `${id(field)}-hint`, list.length > 0 && `${id(field)}-problems`),
      onBlur: () => touch(field),
    };
  };
  const problems = (field: MetaField | 'questions') => <Problems id={`${id(field)}-problems`} issues={shown(field)} />;
  const setField = (field: MetaField, value: string) => {
    setOutcome(null);
    touch(field);
    setMeta((m) => {
      const next = { ...m, [field]: value };
      if (field === 'title' && !idEdited) next.id = suggestPackId(value);
      return next;
    });
    if (field === 'id') setIdEdited(value !== '');
  };
  const changeFilter = (patch: Partial<SelectionFilter>) => {
    setOutcome(null);
    touch('questions');
    setFilter((f) => ({ ...f, ...patch }));
  };

  const blocked = issues.length > 0 || count === null || busy;

  const run = async () => {
    if (busy) return;
    if (issues.length > 0 || count === null) {
      flushSync(() => setShowAll(true));
      const order = ['questions', 'id', 'title', 'version', 'author', 'license', 'description'];
      const first = order.find((f) => issues.some((i) => i.path === f));
      if (first) document.getElementById(id(first))?.focus();
      return;
    }
    setBusy(true);
    setOutcome(null);
    const arg = { where: whereOf(filter, byHand ? chosen.map(pickId) : null), ...metaArg(meta) };
    const file = await transport.api.exportSelection(arg);
    let next: Outcome;
    if (!file.ok) next = { kind: 'refused', text: `The pack was not exported: ${file.error.message}` };
    else {
      const saved = await saveExportedFile(transport, file.value);
      if (!saved.ok) next = { kind: 'refused', text: `The pack was exported but not saved: ${saved.error.message}` };
      else if (!saved.value.saved) next = { kind: 'done', text: 'Not saved: the save was cancelled.' };
      else
        next = {
          kind: 'done',
          text:
            saved.value.how === 'download'
              ? `Exported ${plural(count, 'question')} as ${file.value.fileName}: your browser is downloading it.`
              : `Exported ${plural(count, 'question')} as ${file.value.fileName}.`,
        };
    }
    flushSync(() => {
      setBusy(false);
      setOutcome(next);
    });
    outcomeRef.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void run();
      return;
    }
    keepPlainEnterFromSubmitting(e);
  };

  const togglePicked = (qid: string) =>
    setPicked((p) => {
      const next = new Set(p);
      if (next.has(qid)) next.delete(qid);
      else next.add(qid);
      return next;
    });
  const questionsProblems = shown('questions');

  return (
    <section className="selection" aria-labelledby="selection-title">
      <h2 id="selection-title" tabIndex={-1} ref={headingRef}>
        Export a selection as a pack
      </h2>
      <p className="muted selection-intro">
        For a cohort: choose questions from your installed packs and save them as one drill pack, which anyone can import. Answers and history never go
        into a pack.
      </p>
      <form
        className="selection-form"
        aria-labelledby="selection-title"
        noValidate
        onKeyDown={onKeyDown}
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <fieldset className="selection-group">
          <legend>Which questions</legend>
          <p className="question-form-hint">Every condition left at “any” takes everything; within one, any of the ticked values will do.</p>
          {packs.data && packs.data.length > 0 && (
            <Choices
              legend="Packs"
              name="pack"
              options={packs.data.map((p) => ({ value: p.id, label: `${p.title} (${p.id})` }))}
              chosen={filter.packs}
              onChange={(packIds) => changeFilter({ packs: packIds })}
            />
          )}
          {packs.isError && <p className="question-form-problems">The packs could not be listed: {packs.error.message}</p>}
          <Choices legend="Areas" name="area" options={AREAS.map((a) => ({ value: a.id, label: a.title }))} chosen={filter.areas} onChange={(areas) => changeFilter({ areas })} />
          <div className="selection-choices-row">
            <Choices legend="Kinds" name="kind" options={KINDS.map((k) => ({ value: k, label: k }))} chosen={filter.kinds} onChange={(kinds) => changeFilter({ kinds })} />
            <Choices
              legend="Levels"
              name="level"
              options={LEVELS.map((l) => ({ value: l, label: capitalised(l) }))}
              chosen={filter.levels}
              onChange={(levels) => changeFilter({ levels })}
            />
            <Choices legend="Roles" name="role" options={ROLES.map((r) => ({ value: r, label: r }))} chosen={filter.roles} onChange={(roles) => changeFilter({ roles })} />
          </div>
          <div className="question-form-field">
            <label htmlFor={id('tags')}>Tags</label>
            <input
              id={id('tags')}
              type="text"
              value={filter.tags}
              spellCheck={false}
              autoComplete="off"
              aria-describedby={`${id('tags')}-hint`}
              onChange={(e) => changeFilter({ tags: e.target.value })}
            />
            <p className="question-form-hint" id={`${id('tags')}-hint`}>
              Separated by commas or spaces; a question with any of them is taken. Empty: any tags.
            </p>
          </div>
        </fieldset>

        <fieldset className="selection-group" aria-describedby={describedBy('selection-count', questionsProblems.length > 0 && `${id('questions')}-problems`)}>
          <legend>Questions</legend>
          <p id="selection-count" className="selection-count" aria-live="polite">
            {matches.isError
              ? `The questions could not be listed: ${matches.error.message}`
              : !matches.data
                ? 'Finding the questions…'
                : byHand
                  ? `${plural(chosen.length, 'question')} ticked of ${plural(questions.length, 'match', 'matches')}.`
                  : `${plural(questions.length, 'question matches', 'questions match')}; all go into the pack.`}
          </p>
          <label className="selection-by-hand">
            <input
              type="checkbox"
              id={id('questions')}
              checked={byHand}
              aria-invalid={questionsProblems.length > 0 ? true : undefined}
              aria-describedby={describedBy(questionsProblems.length > 0 && `${id('questions')}-problems`)}
              onChange={() => {
                setOutcome(null);
                setByHand((b) => !b);
              }}
            />{' '}
            Choose the questions by hand
          </label>
          {problems('questions')}
          {byHand && questions.length > 0 && (
            <div className="row small selection-pick-all">
              <button type="button" onClick={() => setPicked(new Set([...picked, ...questions.map(qualified)]))}>
                Tick all {questions.length}
              </button>
              <button type="button" onClick={() => setPicked(new Set())}>
                Untick all
              </button>
            </div>
          )}
          {questions.length > 0 && (
            <ul className="selection-list" aria-label="Matching questions" aria-busy={matches.isFetching}>
              {questions.slice(0, MAX_SHOWN).map((q) => {
                const body = (
                  <>
                    <span className="selection-item-prompt">
                      <span className="selection-item-text">{promptLead(q.prompt)}</span>
                    </span>
                    <span className="selection-item-meta muted">
                      {areaTitle(q.area)} · {q.kind} · {q.level} · <code>{q.packId}</code> / <code>{q.id}</code>
                    </span>
                  </>
                );
                return (
                  <li key={`${q.packId}/${q.id}`} data-question={q.id}>
                    {byHand ? (
                      <label className="selection-item">
                        <input
                          type="checkbox"
                          checked={picked.has(qualified(q))}
                          onChange={() => togglePicked(qualified(q))}
                          aria-label={`${q.id}: ${promptLead(q.prompt).slice(0, 80)}`}
                        />
                        <span className="selection-item-body">{body}</span>
                      </label>
                    ) : (
                      <div className="selection-item">
                        <span className="selection-item-body">{body}</span>
                      </div>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
          {questions.length > MAX_SHOWN && <p className="muted">The first {MAX_SHOWN} are shown; narrow the conditions to see the rest.</p>}
        </fieldset>

        <fieldset className="selection-group">
          <legend>The new pack</legend>
          <div className="question-form-row">
            <div className="question-form-field selection-wide">
              <label htmlFor={id('title')}>Title</label>
              <input {...control('title', true)} type="text" value={meta.title} autoComplete="off" onChange={(e) => setField('title', e.target.value)} />
              <p className="question-form-hint" id={`${id('title')}-hint`}>
                1–120 characters, shown to whoever imports it.
              </p>
              {problems('title')}
            </div>
            <div className="question-form-field">
              <label htmlFor={id('version')}>Version</label>
              <input
                {...control('version', true)}
                type="text"
                className="question-form-short"
                value={meta.version}
                spellCheck={false}
                autoComplete="off"
                onChange={(e) => setField('version', e.target.value)}
              />
              <p className="question-form-hint" id={`${id('version')}-hint`}>
                MAJOR.MINOR.PATCH, such as 1.0.0; raise it for each new edition.
              </p>
              {problems('version')}
            </div>
          </div>
          <div className="question-form-field">
            <label htmlFor={id('id')}>Pack id</label>
            <input {...control('id', true)} type="text" value={meta.id} spellCheck={false} autoComplete="off" onChange={(e) => setField('id', e.target.value)} />
            <p className="question-form-hint" id={`${id('id')}-hint`}>
              Lowercase letters, digits and hyphens, 2–64 characters; names the pack across its versions.{' '}
              {idEdited ? 'Empty it to have one suggested from the title.' : 'Suggested from the title until you edit it.'}
            </p>
            {problems('id')}
          </div>
          <div className="question-form-row">
            <div className="question-form-field selection-wide">
              <label htmlFor={id('author')}>Author (optional)</label>
              <input {...control('author')} type="text" value={meta.author} autoComplete="off" onChange={(e) => setField('author', e.target.value)} />
              {problems('author')}
            </div>
            <div className="question-form-field">
              <label htmlFor={id('license')}>License (optional)</label>
              <input
                {...control('license', true)}
                type="text"
                className="question-form-short"
                value={meta.license}
                spellCheck={false}
                autoComplete="off"
                onChange={(e) => setField('license', e.target.value)}
              />
              <p className="question-form-hint" id={`${id('license')}-hint`}>
                An SPDX id, such as CC-BY-4.0.
              </p>
              {problems('license')}
            </div>
          </div>
          <div className="question-form-field">
            <label htmlFor={id('description')}>Description (optional)</label>
            <textarea {...control('description', true)} rows={3} value={meta.description} onChange={(e) => setField('description', e.target.value)} />
            <p className="question-form-hint" id={`${id('description')}-hint`}>
              Markdown, at most 4,000 characters.
            </p>
            {problems('description')}
          </div>
        </fieldset>

        {outcome && (
          <div
            ref={outcomeRef}
            tabIndex={-1}
            className={outcome.kind === 'refused' ? 'question-form-refused' : 'selection-done'}
            role={outcome.kind === 'refused' ? 'alert' : 'status'}
            data-testid="selection-outcome"
          >
            <p>{outcome.text}</p>
          </div>
        )}
        <div className="row question-form-actions">
          <button type="submit" className="primary" aria-disabled={blocked} aria-describedby="selection-status">
            {busy ? 'Exporting…' : 'Export pack'}
          </button>
          <p id="selection-status" className={issues.length > 0 ? 'question-form-status has-problems' : 'question-form-status'}>
            {busy
              ? 'Exporting…'
              : issues.length > 0
                ? `${plural(issues.length, 'problem')} to fix before exporting.`
                : count === null
                  ? 'Finding the questions…'
                  : `Ready: ${plural(count, 'question')}.`}
          </p>
        </div>
      </form>
    </section>
  );
}
