/**
 * The question form: every field of the pack format's question, checked as you type by the pack validator (so each
 * message, and the path in front of it, is what `mldrill pack validate` prints), beside a preview of the question
 * as the drill shows it. Save stays unavailable while anything is wrong; trying anyway shows every problem and moves
 * focus to the first. The services check the question again when it is saved, and their refusal is shown as is.
 */
import { useDeferredValue, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import type { QuestionBrief } from '../../../../shared/api';
import { AREAS, KINDS, LEVELS, ROLES, defaultTimeLimitSec, type Role } from '../../../../shared/areas';
import { formatDuration } from '../../../../shared/timer';
import { transport } from '../../store';
import { describedBy, domId, keepPlainEnterFromSubmitting, plural, Problems } from './fields';
import {
  checkDraft,
  emptyEntry,
  emptyItem,
  entryField,
  firstProblemField,
  itemField,
  type ItemPart,
  sameQuestion,
  withSuggestedIds,
  type EntryDraft,
  type FieldIssue,
  type QuestionDraft,
} from './form-model';
import { QuestionPreview } from './QuestionPreview';

const MAX_ITEMS = 12;
const MIN_ITEMS = 3;
const MAX_ENTRIES = 10;
const numbers = new Intl.NumberFormat('en-US');
const id = (field: string) => domId('qf', field);
const capitalised = (s: string) => s[0]!.toUpperCase() + s.slice(1);

export interface QuestionFormProps {
  mode: 'new' | 'edit';
  /** The question as it was when the form opened: leaving with anything else asks first. */
  initial: QuestionDraft;
  /** What the form shows at first: `initial`, or the draft kept from an earlier visit to this screen. */
  start: QuestionDraft;
  /** The ids of the user's other questions: a suggested id avoids them, a new question may not take one. */
  otherIds: ReadonlySet<string>;
  /** Each change, so the screen can keep an unsaved draft while the user looks at another screen. */
  onDraftChange(draft: QuestionDraft): void;
  onSaved(saved: QuestionBrief): void;
  onCancel(): void;
}

export function QuestionForm({ mode, initial, start, otherIds, onDraftChange, onSaved, onCancel }: QuestionFormProps) {
  const [draft, setDraft] = useState(start);
  // Problems show for a field once it has been changed or left, and for every field after a blocked save. A stored
  // question is shown with all of them at once (it should have none).
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [showAll, setShowAll] = useState(mode === 'edit');
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const refusalRef = useRef<HTMLDivElement>(null);
  /** The element to focus once the next change is on screen (a new item's text, a moved item's button). */
  const focusNext = useRef<string | null>(null);

  useEffect(() => onDraftChange(draft), [draft, onDraftChange]);
  useEffect(() => {
    if (!focusNext.current) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  });

  const check = useMemo(() => checkDraft(draft, { isNew: mode === 'new', otherIds }), [draft, mode, otherIds]);
  const byField = useMemo(() => {
    const map = new Map<string, FieldIssue[]>();
    for (const issue of check.issues) map.set(issue.field, [...(map.get(issue.field) ?? []), issue]);
    return map;
  }, [check]);
  // The preview may lag a keystroke behind on a slow machine; the fields never do.
  const preview = useDeferredValue(check.question);

  const touch = (...fields: string[]) =>
    setTouched((t) => (fields.every((f) => t.has(f)) ? t : new Set([...t, ...fields])));
  const change = (fields: string[], next: (d: QuestionDraft) => QuestionDraft) => {
    setDraft((d) => withSuggestedIds(next(d), otherIds));
    touch(...fields);
  };
  const shown = (field: string): FieldIssue[] => (showAll || touched.has(field) ? (byField.get(field) ?? []) : []);

  /** The attributes tying a control to its hint and its problems. */
  const control = (field: string, hint = false) => {
    const issues = shown(field);
    return {
      id: id(field),
      'aria-invalid': issues.length > 0 ? true : undefined,
      'aria-describedby': describedBy(hint && `${id(field)}-hint`, issues.length > 0 && `${id(field)}-problems`),
      onBlur: () => touch(field),
    };
  };
  const problems = (field: string) => <Problems id={`${id(field)}-problems`} issues={shown(field)} />;

  const problemCount = check.issues.length;
  const blocked = problemCount > 0 || saving;

  const submit = async () => {
    if (saving) return;
    if (problemCount > 0) {
      flushSync(() => setShowAll(true));
      const first = firstProblemField(draft, check.issues);
      if (first) document.getElementById(id(first))?.focus();
      return;
    }
    setSaving(true);
    setRefusal(null);
    let result: Awaited<ReturnType<typeof transport.api.saveMyQuestion>>;
    try {
      result = await transport.api.saveMyQuestion({ question: check.question });
    } catch (e) {
      result = { ok: false, error: { code: 'internal', message: e instanceof Error ? e.message : String(e), retryable: true } };
    }
    setSaving(false);
    if (!result.ok) {
      flushSync(() => setRefusal(result.error.message));
      refusalRef.current?.focus();
      return;
    }
    onSaved(result.value);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
      return;
    }
    keepPlainEnterFromSubmitting(e);
  };

  const cancel = () => {
    if (!sameQuestion(draft, initial) && !window.confirm('Leave without saving? The changes to this question are lost.')) return;
    onCancel();
  };

  // ---- the checklist ----
  const items = draft.checklist;
  const setItem = (key: number, part: ItemPart, value: string) =>
    change([itemField(key, part)], (d) => ({
      ...d,
      checklist: d.checklist.map((i) => (i.key !== key ? i : part === 'id' ? { ...i, id: value, idEdited: value !== '' } : { ...i, [part]: value })),
    }));
  const addItem = () => {
    const item = emptyItem();
    focusNext.current = id(itemField(item.key, 'text'));
    change(['checklist'], (d) => ({ ...d, checklist: [...d.checklist, item] }));
  };
  const removeItem = (index: number) => {
    const next = items[index + 1] ?? items[index - 1];
    focusNext.current = next ? id(itemField(next.key, 'text')) : id('checklist');
    change(['checklist'], (d) => ({ ...d, checklist: d.checklist.filter((_, i) => i !== index) }));
  };
  const moveItem = (index: number, by: -1 | 1) => {
    const to = index + by;
    const item = items[index];
    if (!item || to < 0 || to >= items.length) return;
    // Focus stays on the button pressed, unless the item reached the end it moved to (that button is then disabled).
    const edge = to === 0 ? 'up' : to === items.length - 1 ? 'down' : null;
    const dir = by < 0 ? 'up' : 'down';
    focusNext.current = id(`checklist.${item.key}.${edge === dir ? (dir === 'up' ? 'down' : 'up') : dir}`);
    change(['checklist'], (d) => {
      const list = [...d.checklist];
      [list[index], list[to]] = [list[to]!, list[index]!];
      return { ...d, checklist: list };
    });
  };

  // ---- pitfalls and follow-ups ----
  const entryList = (list: 'pitfalls' | 'followUps', legend: string, noun: string, hint: string) => {
    const entries: EntryDraft[] = draft[list];
    const set = (key: number, text: string) => change([entryField(list, key)], (d) => ({ ...d, [list]: d[list].map((e) => (e.key === key ? { ...e, text } : e)) }));
    const add = () => {
      const entry = emptyEntry();
      focusNext.current = id(entryField(list, entry.key));
      change([list], (d) => ({ ...d, [list]: [...d[list], entry] }));
    };
    const remove = (index: number) => {
      const next = entries[index + 1] ?? entries[index - 1];
      focusNext.current = next ? id(entryField(list, next.key)) : id(list);
      change([list], (d) => ({ ...d, [list]: d[list].filter((_, i) => i !== index) }));
    };
    return (
      <fieldset className="question-form-group" aria-describedby={describedBy(`${id(list)}-hint`, shown(list).length > 0 && `${id(list)}-problems`)}>
        <legend>{legend}</legend>
        <p className="question-form-hint" id={`${id(list)}-hint`}>
          {hint}
        </p>
        {problems(list)}
        <ol className="question-form-entries">
          {entries.map((entry, index) => {
            const field = entryField(list, entry.key);
            return (
              <li key={entry.key} className="question-form-entry">
                <label htmlFor={id(field)}>
                  {noun} {index + 1}
                </label>
                <div className="question-form-entry-row">
                  <textarea {...control(field)} rows={2} value={entry.text} onChange={(e) => set(entry.key, e.target.value)} />
                  <button type="button" onClick={() => remove(index)} aria-label={`Remove ${noun.toLowerCase()} ${index + 1}`}>
                    Remove
                  </button>
                </div>
                {problems(field)}
              </li>
            );
          })}
        </ol>
        <button type="button" id={id(list)} onClick={add} disabled={entries.length >= MAX_ENTRIES} aria-describedby={`${id(list)}-hint`}>
          Add {noun.toLowerCase()}
        </button>
      </fieldset>
    );
  };

  const defaultLimit = defaultTimeLimitSec(draft.kind, draft.level);
  const toggleRole = (role: Role) =>
    change(['roles'], (d) => ({ ...d, roles: d.roles.includes(role) ? d.roles.filter((r) => r !== role) : [...d.roles, role] }));
  const formProblems = shown('form');

  return (
    <div className="questions-editor">
      <form
        className="question-form"
        aria-labelledby="question-form-title"
        noValidate
        onKeyDown={onKeyDown}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2 id="question-form-title">
          {mode === 'new' ? (
            'New question'
          ) : (
            <>
              Edit question <code>{initial.id}</code>
            </>
          )}
        </h2>
        <p className="question-form-intro muted">
          Checked as you type by the same rules as <code>mldrill pack validate</code>; each problem shows beside its field with the path the validator gives it.
        </p>
        <p className="question-form-to-preview">
          <button
            type="button"
            onClick={() => {
              const heading = document.getElementById('question-preview-title');
              heading?.scrollIntoView({ block: 'start' });
              heading?.focus({ preventScroll: true });
            }}
          >
            Go to the preview
          </button>
        </p>
        {formProblems.length > 0 && (
          <div id={id('form')} tabIndex={-1} className="question-form-refused">
            <Problems id={`${id('form')}-problems`} issues={formProblems} />
          </div>
        )}

        <div className="question-form-field">
          <label htmlFor={id('prompt')}>Prompt</label>
          <textarea
            {...control('prompt', true)}
            rows={5}
            value={draft.prompt}
            onChange={(e) => change(['prompt'], (d) => ({ ...d, prompt: e.target.value }))}
            autoFocus
            spellCheck
          />
          <p className="question-form-hint" id={`${id('prompt')}-hint`}>
            Markdown, shown while answering; 10–2,000 characters (now {numbers.format(draft.prompt.length)}).
          </p>
          {problems('prompt')}
        </div>

        <div className="question-form-field">
          <label htmlFor={id('id')}>Id</label>
          <input
            {...control('id', true)}
            type="text"
            value={draft.id}
            readOnly={mode === 'edit'}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => change(['id'], (d) => ({ ...d, id: e.target.value, idEdited: e.target.value !== '' }))}
          />
          <p className="question-form-hint" id={`${id('id')}-hint`}>
            {mode === 'edit'
              ? 'A saved question keeps its id: your history of it is kept under it.'
              : draft.idEdited
                ? 'Lowercase letters, digits and hyphens, 2–80 characters. Empty it to have one suggested from the prompt again.'
                : 'Lowercase letters, digits and hyphens, 2–80 characters; suggested from the prompt until you edit it.'}
          </p>
          {problems('id')}
        </div>

        <div className="question-form-row">
          <div className="question-form-field question-form-wide">
            <label htmlFor={id('area')}>Area</label>
            <select {...control('area')} value={draft.area} onChange={(e) => change(['area'], (d) => ({ ...d, area: e.target.value as QuestionDraft['area'] }))}>
              <option value="">Choose an area…</option>
              {AREAS.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.title}
                </option>
              ))}
            </select>
            {problems('area')}
          </div>
          <div className="question-form-field">
            <label htmlFor={id('kind')}>Kind</label>
            <select {...control('kind')} value={draft.kind} onChange={(e) => change(['kind'], (d) => ({ ...d, kind: e.target.value as QuestionDraft['kind'] }))}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
            {problems('kind')}
          </div>
          <div className="question-form-field">
            <label htmlFor={id('level')}>Level</label>
            <select {...control('level')} value={draft.level} onChange={(e) => change(['level'], (d) => ({ ...d, level: e.target.value as QuestionDraft['level'] }))}>
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {capitalised(l)}
                </option>
              ))}
            </select>
            {problems('level')}
          </div>
          <div className="question-form-field">
            <label htmlFor={id('timeLimitSec')}>Time limit (seconds)</label>
            <input
              {...control('timeLimitSec', true)}
              type="text"
              inputMode="numeric"
              className="question-form-short"
              value={draft.timeLimit}
              placeholder={String(defaultLimit)}
              autoComplete="off"
              onChange={(e) => change(['timeLimitSec'], (d) => ({ ...d, timeLimit: e.target.value }))}
            />
            <p className="question-form-hint" id={`${id('timeLimitSec')}-hint`}>
              Optional, 30–1,800. Empty: {formatDuration(defaultLimit * 1000)}, the default for the kind and level.
            </p>
            {problems('timeLimitSec')}
          </div>
        </div>

        <fieldset
          className="question-form-group"
          aria-describedby={describedBy(`${id('checklist')}-hint`, shown('checklist').length > 0 && `${id('checklist')}-problems`)}
        >
          <legend>Checklist: what a strong answer covers</legend>
          <p className="question-form-hint" id={`${id('checklist')}-hint`}>
            3–12 items, plain text. An item is marked as suggested when the answer uses one of its keywords.
          </p>
          {problems('checklist')}
          <ol className="question-form-items">
            {items.map((item, index) => {
              const n = index + 1;
              return (
                <li key={item.key}>
                  <fieldset className="question-form-item" data-testid={`checklist-item-${n}`}>
                    <legend>Item {n}</legend>
                    <div className="question-form-field">
                      <label htmlFor={id(itemField(item.key, 'text'))}>Text</label>
                      <textarea
                        {...control(itemField(item.key, 'text'))}
                        rows={2}
                        value={item.text}
                        onChange={(e) => setItem(item.key, 'text', e.target.value)}
                      />
                      {problems(itemField(item.key, 'text'))}
                    </div>
                    <div className="question-form-item-row">
                      <div className="question-form-field">
                        <label htmlFor={id(itemField(item.key, 'id'))}>Id</label>
                        <input
                          {...control(itemField(item.key, 'id'))}
                          type="text"
                          value={item.id}
                          spellCheck={false}
                          autoComplete="off"
                          onChange={(e) => setItem(item.key, 'id', e.target.value)}
                        />
                        {problems(itemField(item.key, 'id'))}
                      </div>
                      <div className="question-form-field">
                        <label htmlFor={id(itemField(item.key, 'keywords'))}>Keywords, one per line</label>
                        <textarea
                          {...control(itemField(item.key, 'keywords'))}
                          rows={2}
                          value={item.keywords}
                          spellCheck={false}
                          onChange={(e) => setItem(item.key, 'keywords', e.target.value)}
                        />
                        {problems(itemField(item.key, 'keywords'))}
                      </div>
                      <div className="question-form-field">
                        <label htmlFor={id(itemField(item.key, 'concepts'))}>Concepts (optional)</label>
                        <input
                          {...control(itemField(item.key, 'concepts'))}
                          type="text"
                          value={item.concepts}
                          spellCheck={false}
                          autoComplete="off"
                          placeholder="calibration, data-leakage"
                          onChange={(e) => setItem(item.key, 'concepts', e.target.value)}
                        />
                        {problems(itemField(item.key, 'concepts'))}
                      </div>
                    </div>
                    <div className="row question-form-item-actions">
                      <button type="button" id={id(`checklist.${item.key}.up`)} onClick={() => moveItem(index, -1)} disabled={index === 0} aria-label={`Move item ${n} up`}>
                        Move up
                      </button>
                      <button
                        type="button"
                        id={id(`checklist.${item.key}.down`)}
                        onClick={() => moveItem(index, 1)}
                        disabled={index === items.length - 1}
                        aria-label={`Move item ${n} down`}
                      >
                        Move down
                      </button>
                      <button type="button" onClick={() => removeItem(index)} aria-label={`Remove item ${n}`}>
                        Remove
                      </button>
                    </div>
                  </fieldset>
                </li>
              );
            })}
          </ol>
          <button
            type="button"
            id={id('checklist')}
            onClick={addItem}
            disabled={items.length >= MAX_ITEMS}
            aria-describedby={describedBy(`${id('checklist')}-hint`, shown('checklist').length > 0 && `${id('checklist')}-problems`)}
          >
            Add checklist item
          </button>
          {items.length < MIN_ITEMS && <span className="muted question-form-aside"> {plural(MIN_ITEMS - items.length, 'more item')} needed</span>}
        </fieldset>

        {entryList('pitfalls', 'Pitfalls: where answers break down', 'Pitfall', 'Plain text, shown after grading; at most 10, each at most 300 characters. Empty ones are left out.')}
        {entryList('followUps', 'Follow-up questions', 'Follow-up', 'Plain text, shown after grading; at most 10, each at most 300 characters. Empty ones are left out.')}

        <div className="question-form-field">
          <label htmlFor={id('outline')}>Outline of a strong answer (optional)</label>
          <textarea
            {...control('outline', true)}
            rows={5}
            value={draft.outline}
            onChange={(e) => change(['outline'], (d) => ({ ...d, outline: e.target.value }))}
            spellCheck
          />
          <p className="question-form-hint" id={`${id('outline')}-hint`}>
            Markdown, shown after grading; at most 4,000 characters (now {numbers.format(draft.outline.length)}).
          </p>
          {problems('outline')}
        </div>

        {draft.kind === 'system-design' && (
          <div className="question-form-field">
            <label htmlFor={id('stages')}>Stages (optional, system design)</label>
            <textarea
              {...control('stages', true)}
              rows={4}
              value={draft.stages}
              onChange={(e) => change(['stages'], (d) => ({ ...d, stages: e.target.value }))}
              spellCheck={false}
              placeholder={'5 | Requirements and metrics\n10 | Model | Start from a baseline\n8 | Serving'}
            />
            <p className="question-form-hint" id={`${id('stages')}-hint`}>
              One stage per line: minutes | title, or minutes | title | prompt. The minutes should add up to the time limit; a mock loop scales them to its round.
            </p>
            {problems('stages')}
          </div>
        )}

        <div className="question-form-field">
          <label htmlFor={id('tags')}>Tags (optional)</label>
          <input
            {...control('tags', true)}
            type="text"
            value={draft.tags}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => change(['tags'], (d) => ({ ...d, tags: e.target.value }))}
          />
          <p className="question-form-hint" id={`${id('tags')}-hint`}>
            Separated by commas or spaces; each lowercase letters, digits and hyphens, at most 10 tags.
          </p>
          {problems('tags')}
        </div>

        <fieldset className="question-form-group" aria-describedby={shown('roles').length > 0 ? `${id('roles')}-problems` : undefined}>
          <legend>Roles (optional)</legend>
          <div className="row question-form-roles">
            {ROLES.map((role, i) => (
              <label key={role}>
                <input
                  type="checkbox"
                  id={i === 0 ? id('roles') : undefined}
                  checked={draft.roles.includes(role)}
                  onChange={() => toggleRole(role)}
                  aria-invalid={i === 0 && shown('roles').length > 0 ? true : undefined}
                />{' '}
                {role}
              </label>
            ))}
          </div>
          {problems('roles')}
        </fieldset>

        {refusal && (
          <div className="question-form-refused" role="alert" tabIndex={-1} ref={refusalRef}>
            <p>The question was not saved: {refusal}</p>
          </div>
        )}
        <div className="row question-form-actions">
          <button type="submit" className="primary" aria-disabled={blocked} aria-describedby="qf-status">
            {saving ? 'Saving…' : 'Save question'} <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
          </button>
          <button type="button" onClick={cancel}>
            Cancel
          </button>
          <p id="qf-status" className={problemCount > 0 ? 'question-form-status has-problems' : 'question-form-status'} data-testid="question-form-status">
            {saving ? 'Saving…' : problemCount > 0 ? `${plural(problemCount, 'problem')} to fix before saving.` : 'Ready to save.'}
          </p>
        </div>
      </form>
      <QuestionPreview question={preview} />
    </div>
  );
}
