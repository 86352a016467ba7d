import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { TYPING_TIME_FACTOR } from '../../../../shared/limits';
import type { Settings as SavedSettings, Theme } from '../../../../shared/api';
import { AREAS, type AreaId } from '../../../../shared/areas';
import { THEMES } from '../../../../shared/enums';
import { DEFAULT_DAY_START_HOUR } from '../../../../shared/learning/days';
import { LoadError } from '../../components/LoadError';
import { useApp, useHome } from '../../store';
import { LIMITS, checkForm, firstProblem, hourLabel, saveNote, shownForm, type Field, type SettingsForm } from './settings-model';
import './settings.css';
import { Backups } from './Backups';
import { Recordings } from './Recordings';
import { Transcription } from './Transcription';

const THEME_LABELS: Record<Theme, string> = { system: 'Same as the system', light: 'Light', dark: 'Dark' };
const HOURS = Array.from({ length: 24 }, (_, h) => h);

type Status = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'unchanged' } | { kind: 'problems'; n: number } | { kind: 'failed' };

function statusText(s: Status): string {
  switch (s.kind) {
    case 'idle':
      return '';
    case 'saving':
      return 'Saving…';
    case 'saved':
      return 'Settings saved.';
    case 'unchanged':
      return 'Nothing to save: no setting was changed.';
    case 'problems':
      return s.n === 1 ? 'Not saved: one field needs correcting (marked below).' : `Not saved: ${s.n} fields need correcting (marked below).`;
    case 'failed':
      return 'Not saved: the message at the top says why. Your changes are still here.';
  }
}

/** A field's id, hint id and error id, and the props that tie them together. */
function ids(field: Field, hint: boolean, error: string | undefined) {
  const describedBy = [hint ? `set-${field}-hint` : '', error ? `set-${field}-error` : ''].filter(Boolean).join(' ');
  return { id: `set-${field}`, 'aria-describedby': describedBy || undefined, 'aria-invalid': error ? true : undefined };
}

function Hint({ field, children }: { field: Field; children: ReactNode }) {
  return (
    <p className="settings-hint" id={`set-${field}-hint`}>
      {children}
    </p>
  );
}

function Problem({ field, error }: { field: Field; error: string | undefined }) {
  if (!error) return null;
  return (
    <p className="settings-error" id={`set-${field}-error`}>
      {error}
    </p>
  );
}

function SettingsFormView({ saved, today }: { saved: SavedSettings; today: string }) {
  const updateSettings = useApp((s) => s.updateSettings);
  const [edits, setEdits] = useState<Partial<SettingsForm>>({});
  const [touched, setTouched] = useState<ReadonlySet<Field>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const formRef = useRef<HTMLFormElement>(null);

  const form = shownForm(saved, edits);
  const check = checkForm(form, saved, today);
  const shown = (f: Field) => (submitted || touched.has(f) ? check.errors[f] : undefined);
  const dirty = check.patch === null || Object.keys(check.patch).length > 0;

  const edit = (patch: Partial<SettingsForm>) => {
    setEdits((e) => ({ ...e, ...patch }));
    if (status.kind !== 'saving') setStatus({ kind: 'idle' });
  };
  const touch = (f: Field) => setTouched((t) => (t.has(f) ? t : new Set([...t, f])));

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (check.patch === null) {
      setStatus({ kind: 'problems', n: Object.keys(check.errors).length });
      const first = firstProblem(check.errors);
      if (first) formRef.current?.querySelector<HTMLElement>(`#set-${first}, [data-field="${first}"] input`)?.focus();
      return;
    }
    if (Object.keys(check.patch).length === 0) {
      setStatus({ kind: 'unchanged' });
      return;
    }
    setStatus({ kind: 'saving' });
    const ok = await updateSettings(check.patch);
    if (ok) {
      setEdits({});
      setTouched(new Set());
      setSubmitted(false);
      setStatus({ kind: 'saved' });
    } else setStatus({ kind: 'failed' });
  };

  const toggleArea = (id: AreaId) =>
    edit({ interviewAreas: form.interviewAreas.includes(id) ? form.interviewAreas.filter((a) => a !== id) : AREAS.map((a) => a.id).filter((a) => a === id || form.interviewAreas.includes(a)) });
  const note = check.patch ? saveNote(check.patch) : null;
  const pastSaved = saved.interviewDate !== null && saved.interviewDate < today && form.interviewDate === saved.interviewDate;

  return (
    <form className="settings-form" onSubmit={(e) => void onSubmit(e)} ref={formRef} noValidate aria-labelledby="settings-title">
      <fieldset className="settings-group">
        <legend>Drills</legend>
        <div className="settings-field settings-check">
          <label>
            <input type="checkbox" {...ids('strict', true, undefined)} checked={form.strict} onChange={(e) => edit({ strict: e.target.checked })} />
            Strict timing
          </label>
          <Hint field="strict">The answer locks when the countdown reaches zero and grading starts. Off: you can keep writing in overtime.</Hint>
        </div>
        <div className="settings-field settings-check">
          <label>
            <input type="checkbox" {...ids('answerByTyping', true, undefined)} checked={form.answerByTyping} onChange={(e) => edit({ answerByTyping: e.target.checked })} />
            I answer by typing
          </label>
          <Hint field="answerByTyping">
            Time limits are set for speaking. Typing takes longer, so new drills and loops give {TYPING_TIME_FACTOR}× the time; strict timing locks at the longer limit.
          </Hint>
        </div>
        <div className="settings-field">
          <label htmlFor="set-defaultCount">Questions per drill</label>
          <input
            type="number"
            inputMode="numeric"
            className="settings-number"
            min={LIMITS.defaultCount.min}
            max={LIMITS.defaultCount.max}
            {...ids('defaultCount', true, shown('defaultCount'))}
            value={form.defaultCount}
            onChange={(e) => edit({ defaultCount: e.target.value })}
            onBlur={() => touch('defaultCount')}
          />
          <Hint field="defaultCount">
            What a new drill starts with, and the size of the suggested drills on Home ({LIMITS.defaultCount.min}–{LIMITS.defaultCount.max}).
          </Hint>
          <Problem field="defaultCount" error={shown('defaultCount')} />
        </div>
      </fieldset>

      <fieldset className="settings-group">
        <legend>Daily plan</legend>
        <div className="settings-field">
          <label htmlFor="set-dayStartHour">A new day starts at</label>
          <select
            {...ids('dayStartHour', true, shown('dayStartHour'))}
            value={form.dayStartHour}
            onChange={(e) => edit({ dayStartHour: Number(e.target.value) })}
            className="settings-select"
          >
            {HOURS.map((h) => (
              <option key={h} value={h}>
                {hourLabel(h)}
                {h === 0 ? ' (midnight)' : h === DEFAULT_DAY_START_HOUR ? ' (default)' : ''}
              </option>
            ))}
          </select>
          <Hint field="dayStartHour">
            Practice before this hour counts for the day before, so a session after midnight still counts for that evening, and its reviews come
            back on the right days. Changing it works your review schedule out again.
          </Hint>
          <Problem field="dayStartHour" error={shown('dayStartHour')} />
        </div>
        <div className="settings-row">
          <div className="settings-field">
            <label htmlFor="set-maxReviewsPerDay">Reviews per day, at most</label>
            <input
              type="number"
              inputMode="numeric"
              className="settings-number"
              min={LIMITS.maxReviewsPerDay.min}
              max={LIMITS.maxReviewsPerDay.max}
              {...ids('maxReviewsPerDay', true, shown('maxReviewsPerDay'))}
              value={form.maxReviewsPerDay}
              onChange={(e) => edit({ maxReviewsPerDay: e.target.value })}
              onBlur={() => touch('maxReviewsPerDay')}
            />
            <Hint field="maxReviewsPerDay">
              After a break, reviews past this many wait for the following days, most forgotten first ({LIMITS.maxReviewsPerDay.min}–
              {LIMITS.maxReviewsPerDay.max}).
            </Hint>
            <Problem field="maxReviewsPerDay" error={shown('maxReviewsPerDay')} />
          </div>
          <div className="settings-field">
            <label htmlFor="set-newPerDay">New questions per day</label>
            <input
              type="number"
              inputMode="numeric"
              className="settings-number"
              min={LIMITS.newPerDay.min}
              max={LIMITS.newPerDay.max}
              {...ids('newPerDay', true, shown('newPerDay'))}
              value={form.newPerDay}
              onChange={(e) => edit({ newPerDay: e.target.value })}
              onBlur={() => touch('newPerDay')}
            />
            <Hint field="newPerDay">
              Questions you have never answered, offered each day ({LIMITS.newPerDay.min}–{LIMITS.newPerDay.max}). An interview date can raise it.
            </Hint>
            <Problem field="newPerDay" error={shown('newPerDay')} />
          </div>
        </div>
      </fieldset>

      <fieldset className="settings-group">
        <legend>Interview</legend>
        <div className="settings-field">
          <label htmlFor="set-interviewDate">Interview date</label>
          <div className="row settings-date">
            <input
              type="date"
              min={today}
              {...ids('interviewDate', true, shown('interviewDate'))}
              value={form.interviewDate}
              onChange={(e) => edit({ interviewDate: e.target.value, interviewDateBad: e.target.validity.badInput })}
              onBlur={() => touch('interviewDate')}
            />
            <button type="button" onClick={() => edit({ interviewDate: '', interviewDateBad: false })} disabled={form.interviewDate === '' && !form.interviewDateBad}>
              Clear date
            </button>
          </div>
          <Hint field="interviewDate">
            {pastSaved
              ? 'This date has passed. Choose your next interview, or clear it to plan by the daily limits alone.'
              : 'With a date, new questions are paced so every question of the interview’s areas is seen by the day before, and reviews that would fall after it come earlier. Leave empty to plan by the daily limits alone.'}
          </Hint>
          <Problem field="interviewDate" error={shown('interviewDate')} />
        </div>
        <fieldset className="settings-areas" data-field="interviewAreas" aria-describedby={shown('interviewAreas') ? 'set-interviewAreas-hint set-interviewAreas-error' : 'set-interviewAreas-hint'}>
          <legend>
            Areas the interview covers <span className="muted">({form.interviewAreas.length} of {AREAS.length})</span>
          </legend>
          <div className="row settings-area-buttons">
            <button type="button" onClick={() => edit({ interviewAreas: AREAS.map((a) => a.id) })}>
              All areas
            </button>
            <button type="button" onClick={() => edit({ interviewAreas: [] })}>
              No areas
            </button>
          </div>
          <ul className="settings-area-list">
            {AREAS.map((a) => (
              <li key={a.id}>
                <label>
                  <input
                    type="checkbox"
                    value={a.id}
                    checked={form.interviewAreas.includes(a.id)}
                    onChange={() => toggleArea(a.id)}
                    aria-invalid={shown('interviewAreas') ? true : undefined}
                  />
                  {a.title}
                </label>
              </li>
            ))}
          </ul>
          <Hint field="interviewAreas">Home’s outlook names the areas at risk among these, and the new questions it suggests come from them.</Hint>
          <Problem field="interviewAreas" error={shown('interviewAreas')} />
        </fieldset>
      </fieldset>

      <fieldset className="settings-group">
        <legend>Appearance</legend>
        <div className="settings-field">
          <label htmlFor="set-theme">Theme</label>
          <select {...ids('theme', false, undefined)} className="settings-select" value={form.theme} onChange={(e) => edit({ theme: e.target.value as Theme })}>
            {THEMES.map((t) => (
              <option key={t} value={t}>
                {THEME_LABELS[t]}
              </option>
            ))}
          </select>
        </div>
        <div className="settings-field settings-check">
          <label>
            <input type="checkbox" {...ids('showStreaks', true, undefined)} checked={form.showStreaks} onChange={(e) => edit({ showStreaks: e.target.checked })} />
            Show practice streaks
          </label>
          <Hint field="showStreaks">Days in a row with at least one answer, and your longest run, on the Progress screen.</Hint>
        </div>
      </fieldset>

      <fieldset className="settings-group">
        <legend>Data</legend>
        <div className="settings-field">
          <label htmlFor="set-backupsKept">Backups to keep</label>
          <input
            type="number"
            inputMode="numeric"
            className="settings-number"
            min={LIMITS.backupsKept.min}
            max={LIMITS.backupsKept.max}
            {...ids('backupsKept', true, shown('backupsKept'))}
            value={form.backupsKept}
            onChange={(e) => edit({ backupsKept: e.target.value })}
            onBlur={() => touch('backupsKept')}
          />
          <Hint field="backupsKept">
            Copies of your data in the data folder’s backups folder, taken daily and before imports, pack removals and upgrades. Past this many, the
            oldest are deleted ({LIMITS.backupsKept.min}–{LIMITS.backupsKept.max}).
          </Hint>
          <Problem field="backupsKept" error={shown('backupsKept')} />
        </div>
      </fieldset>

      <div className="settings-actions">
        <button type="submit" className="primary" disabled={status.kind === 'saving'}>
          Save settings
        </button>
        <button
          type="button"
          disabled={!dirty || status.kind === 'saving'}
          onClick={() => {
            setEdits({});
            setTouched(new Set());
            setSubmitted(false);
            setStatus({ kind: 'idle' });
          }}
        >
          Undo changes
        </button>
        <p className="settings-status" role="status" data-status={status.kind}>
          {statusText(status)}
          {status.kind === 'idle' && note ? note : ''}
        </p>
      </div>
    </form>
  );
}

/** The Settings screen: every saved setting in one form, checked as it is filled in and saved with one button. */
export function Settings() {
  const query = useHome();
  const home = query.data;
  return (
    <main className="settings-view">
      <h2 id="settings-title">Settings</h2>
      {home ? (
        <>
          <SettingsFormView saved={home.settings} today={home.today.day} />
          <Backups />
          <Recordings />
          <Transcription />
        </>
      ) : query.isError ? (
        <LoadError title="Your settings could not be loaded" query={query} />
      ) : (
        <p className="muted" aria-busy="true">
          Loading your settings…
        </p>
      )}
    </main>
  );
}
