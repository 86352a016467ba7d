/** The Settings form's checks: one message per field, and a patch holding only what changed. */
import { describe, expect, it } from 'vitest';
import type { Settings } from '../../../../shared/api';
import { AREAS } from '../../../../shared/areas';
import { checkForm, firstProblem, formFrom, hourLabel, saveNote, shownForm } from './settings-model';

const saved: Settings = {
  mode: 'practice',
  theme: 'system',
  defaultCount: 5,
  dayStartHour: 4,
  maxReviewsPerDay: 30,
  newPerDay: 5,
  interviewDate: null,
  interviewAreas: AREAS.map((a) => a.id),
  showStreaks: true,
  backupsKept: 10,
  answerByTyping: false,
  transcriptionModelDir: null,
};
const TODAY = '2026-11-20';
const check = (edits: Parameters<typeof shownForm>[1], s: Settings = saved) => checkForm(shownForm(s, edits), s, TODAY);

describe('the settings form', () => {
  it('unchanged: no problems and nothing to save', () => {
    expect(check({})).toEqual({ errors: {}, patch: {} });
    expect(formFrom(saved).strict).toBe(false);
  });

  it('saves only what changed, with numbers as numbers', () => {
    const r = check({ strict: true, defaultCount: ' 12 ', newPerDay: '0', maxReviewsPerDay: '30', theme: 'dark', showStreaks: false });
    expect(r.errors).toEqual({});
    expect(r.patch).toEqual({ mode: 'strict', defaultCount: 12, newPerDay: 0, theme: 'dark', showStreaks: false });
  });

  it('names each number that is missing, not whole or out of bounds', () => {
    const r = check({ defaultCount: '', maxReviewsPerDay: '2.5', newPerDay: '101' });
    expect(r.patch).toBeNull();
    expect(r.errors).toEqual({
      defaultCount: 'Enter the number of questions, a whole number from 1 to 50.',
      maxReviewsPerDay: 'The number of reviews must be a whole number from 1 to 500.',
      newPerDay: 'The number of new questions can be at most 100.',
    });
    expect(check({ defaultCount: '0' }).errors.defaultCount).toBe('The number of questions must be at least 1.');
    expect(firstProblem(r.errors)).toBe('defaultCount');
  });

  it('backups to keep: 1 to 100', () => {
    expect(check({ backupsKept: '3' }).patch).toEqual({ backupsKept: 3 });
    expect(check({ backupsKept: '0' }).errors.backupsKept).toBe('The number of backups must be at least 1.');
  });

  it('an interview date: set, cleared, refused when past, incomplete or not a date', () => {
    expect(check({ interviewDate: '2026-12-01' }).patch).toEqual({ interviewDate: '2026-12-01' });
    expect(check({ interviewDate: TODAY }).patch).toEqual({ interviewDate: TODAY });
    expect(check({ interviewDate: '' }, { ...saved, interviewDate: '2026-12-01' }).patch).toEqual({ interviewDate: null });
    expect(check({ interviewDate: '2026-11-19' }).errors.interviewDate).toBe('That day has passed. Choose today or a later day.');
    expect(check({ interviewDate: '2026-02-30' }).errors.interviewDate).toMatch(/^That is not a calendar date/);
    expect(check({ interviewDate: '', interviewDateBad: true }).errors.interviewDate).toMatch(/^Enter the whole date/);
  });

  it('a saved date that has since passed may stay while other fields change', () => {
    const past = { ...saved, interviewDate: '2026-11-01' };
    expect(check({ newPerDay: '6' }, past)).toEqual({ errors: {}, patch: { newPerDay: 6 } });
  });

  it('the interview needs at least one area; the same areas in another order are no change', () => {
    expect(check({ interviewAreas: [] }).errors.interviewAreas).toBe('Choose at least one area the interview covers.');
    expect(check({ interviewAreas: [...saved.interviewAreas].reverse() }).patch).toEqual({});
    expect(check({ interviewAreas: ['vision', 'rl'] }).patch).toEqual({ interviewAreas: ['vision', 'rl'] });
  });

  it('the start of day: hours as clock times, and a change says it reschedules', () => {
    expect(hourLabel(0)).toBe('00:00');
    expect(hourLabel(23)).toBe('23:00');
    const r = check({ dayStartHour: 0 });
    expect(r.patch).toEqual({ dayStartHour: 0 });
    expect(saveNote(r.patch!)).toMatch(/review schedule is worked out again/);
    expect(saveNote({ theme: 'dark' })).toBeNull();
  });

  it('shows changes made elsewhere for fields the user has not edited', () => {
    const form = shownForm({ ...saved, theme: 'dark' }, { defaultCount: '9' });
    expect(form.theme).toBe('dark');
    expect(form.defaultCount).toBe('9');
  });
});
