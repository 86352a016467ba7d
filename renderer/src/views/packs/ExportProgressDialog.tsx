/**
 * Export progress: a progress file for an instructor (merged with others by `mldrill cohort report`). The dialog
 * says exactly what the file holds before it is made, and answers and notes go in only when the box is ticked.
 */
import { useId, useState } from 'react';
import type { PackInfo } from '../../../../shared/api';
import type { ApiError } from '../../../../shared/result';
import { saveExportedFile } from '../../files';
import { transport } from '../../store';
import { Dialog } from './Dialog';
import { plural } from './format';

const MAX_DISPLAY_NAME = 80;

interface ExportProgressDialogProps {
  packs: PackInfo[];
  onCancel(): void;
  onSaved(message: string): void;
  fallbackFocus(): HTMLElement | null;
}

export function ExportProgressDialog({ packs, onCancel, onSaved, fallbackFocus }: ExportProgressDialogProps) {
  const offered = packs.filter((p) => p.questions > 0);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(offered.filter((p) => p.attempts > 0).map((p) => p.id)));
  const [displayName, setDisplayName] = useState('');
  const [includeAnswers, setIncludeAnswers] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const ids = { name: useId(), nameHint: useId(), what: useId(), answers: useId() };

  const toggle = (id: string, on: boolean) =>
    setChosen((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const packIds = offered.filter((p) => chosen.has(p.id)).map((p) => p.id);

  const exportIt = async () => {
    setBusy(true);
    setError(null);
    const name = displayName.trim();
    const made = await transport.api.exportProgress({ packIds, includeAnswers, ...(name ? { displayName: name } : {}) });
    if (!made.ok) {
      setBusy(false);
      return setError(made.error);
    }
    const saved = await saveExportedFile(transport, made.value);
    setBusy(false);
    if (!saved.ok) return setError(saved.error);
    // A cancelled save dialog leaves this one open, to change something or cancel it too.
    if (!saved.value.saved) return;
    onSaved(`${saved.value.how === 'download' ? 'Downloaded' : 'Saved'} ${made.value.fileName}${includeAnswers ? ', with your answers and notes' : ''}.`);
  };

  return (
    <Dialog title="Export progress" onCancel={onCancel} fallbackFocus={fallbackFocus} busy={busy} className="packs-export" describedBy={ids.what}>
      <p className="muted">A file for your instructor or study group: they merge it with others&apos; into a cohort report.</p>
      <fieldset className="packs-export-packs">
        <legend>
          Packs to include <span className="muted">({packIds.length} chosen)</span>
        </legend>
        {offered.length === 0 ? (
          <p className="muted">No installed pack has questions to export.</p>
        ) : (
          <>
            <div className="row packs-export-all">
              <button type="button" onClick={() => setChosen(new Set(offered.map((p) => p.id)))} disabled={busy}>
                Select all
              </button>
              <button type="button" onClick={() => setChosen(new Set())} disabled={busy}>
                Clear
              </button>
            </div>
            <ul>
              {offered.map((p) => (
                <li key={p.id}>
                  <label>
                    <input type="checkbox" checked={chosen.has(p.id)} onChange={(e) => toggle(p.id, e.target.checked)} disabled={busy} />
                    <span>{p.title}</span>
                    <span className="muted packs-export-count">{plural(p.attempts, 'attempt')}</span>
                  </label>
                </li>
              ))}
            </ul>
          </>
        )}
      </fieldset>
      <label className="packs-field" htmlFor={ids.name}>
        Your name in the report <span className="muted">(optional)</span>
      </label>
      <input
        id={ids.name}
        type="text"
        className="packs-text"
        value={displayName}
        maxLength={MAX_DISPLAY_NAME}
        autoComplete="off"
        onChange={(e) => setDisplayName(e.target.value)}
        aria-describedby={ids.nameHint}
        disabled={busy}
      />
      <p className="muted packs-hint" id={ids.nameHint}>
        Leave it empty to be listed without a name.
      </p>
      <div className="packs-privacy" id={ids.what}>
        <p>
          <strong>What the file holds:</strong> for each question of the chosen packs, how often you answered or skipped it, your best and latest checklist coverage,
          your answer times, and which checklist points you covered; the packs&apos; ids, versions and titles; the name above; when it was exported. Nothing about this
          computer (no user name, computer name or folder).
        </p>
        <p>
          Nothing is sent anywhere: the file is saved where you choose and leaves this computer only if you send it to someone.
        </p>
      </div>
      <label className="packs-keep">
        <input type="checkbox" checked={includeAnswers} onChange={(e) => setIncludeAnswers(e.target.checked)} aria-describedby={ids.answers} disabled={busy} /> Include
        my answers and notes
      </label>
      <p id={ids.answers} className={includeAnswers ? 'packs-warn' : 'muted packs-hint'} aria-live="polite">
        {includeAnswers
          ? 'The file will also hold the full text of every answer you wrote and your notes to self for these packs. Whoever gets the file can read them.'
          : 'Off: the text of your answers and notes stays on this computer.'}
      </p>
      {error && (
        <p className="packs-dialog-error" role="alert">
          Could not export: {error.message}
        </p>
      )}
      <div className="row packs-dialog-actions">
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={() => void exportIt()} disabled={busy || packIds.length === 0}>
          {busy ? 'Exporting…' : transport.kind === 'desktop' ? 'Save progress file…' : 'Download progress file'}
        </button>
      </div>
    </Dialog>
  );
}
