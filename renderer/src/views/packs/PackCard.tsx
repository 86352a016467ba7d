/** One installed pack: what it holds, where it came from, the switch that puts it in drills, export and remove. */
import { useId, useState } from 'react';
import type { PackInfo } from '../../../../shared/api';
import { saveExportedFile } from '../../files';
import { queryClient, transport, useApp } from '../../store';
import { areaCounts, count, formatDate, plural } from './format';

interface PackCardProps {
  pack: PackInfo;
  onRemove(pack: PackInfo): void;
  onStatus(message: string): void;
}

export function PackCard({ pack, onRemove, onStatus }: PackCardProps) {
  const titleId = useId();
  const stateId = useId();
  const reportError = useApp((s) => s.reportError);
  /** The state the user just chose, shown until the list holds it (or put back if it could not be saved). */
  const [choosing, setChoosing] = useState<boolean | null>(null);
  const [exporting, setExporting] = useState<'json' | 'csv' | null>(null);
  const areas = areaCounts(pack.byArea);

  const setEnabled = async (enabled: boolean) => {
    if (choosing !== null) return; // one change at a time
    setChoosing(enabled);
    const r = await transport.api.setPackEnabled({ packId: pack.id, enabled });
    // The answer is the pack as saved: into the list at once (the refetch the write set off confirms it).
    if (r.ok) queryClient.setQueryData<PackInfo[]>(['listPacks', {}], (list) => list?.map((p) => (p.id === r.value.id ? r.value : p)));
    setChoosing(null);
    if (!r.ok) return reportError(r.error, `Could not ${enabled ? 'enable' : 'disable'} ${pack.title}`);
    onStatus(enabled ? `${pack.title} is in your drills again.` : `${pack.title} is left out of drills; its history is kept.`);
  };

  const exportAs = async (format: 'json' | 'csv') => {
    setExporting(format);
    const made = await transport.api.exportPack({ packId: pack.id, format });
    const saved = made.ok ? await saveExportedFile(transport, made.value) : made;
    setExporting(null);
    if (!saved.ok) return reportError(saved.error, `Could not export ${pack.title}`);
    if (made.ok && saved.value.saved) onStatus(`${saved.value.how === 'download' ? 'Downloaded' : 'Saved'} ${made.value.fileName}.`);
  };

  return (
    <article className="packs-card" aria-labelledby={titleId} data-pack={pack.id} data-enabled={pack.enabled}>
      <div className="packs-card-head">
        <h3 id={titleId} className="packs-card-title">
          {pack.title}
        </h3>
        {pack.builtin && <span className="packs-badge">Built-in</span>}
        <label className="packs-switch">
          <input
            type="checkbox"
            role="switch"
            checked={choosing ?? pack.enabled}
            aria-busy={choosing !== null || undefined}
            aria-label={`Use in drills: ${pack.title}`}
            aria-describedby={stateId}
            onChange={(e) => void setEnabled(e.target.checked)}
          />
          <span aria-hidden="true">Use in drills</span>
        </label>
      </div>
      <p className="packs-card-meta">
        <code>{pack.id}</code> <span aria-hidden="true">·</span> version {pack.version}
        {pack.author && (
          <>
            {' '}
            <span aria-hidden="true">·</span> by {pack.author}
          </>
        )}
        {pack.license && (
          <>
            {' '}
            <span aria-hidden="true">·</span> {pack.license}
          </>
        )}
      </p>
      <p className="packs-card-counts" data-testid="pack-counts">
        <span>{plural(pack.questions, 'question')}</span>
        <span>{count(pack.retired)} retired</span>
        <span data-testid="pack-attempts">{plural(pack.attempts, 'attempt')}</span>
      </p>
      {areas.length > 0 && (
        <ul className="packs-areas" aria-label="Questions per area">
          {areas.map((a) => (
            <li key={a.id} className="chip" title={a.title} data-area={a.id}>
              {a.name} <strong>{count(a.n)}</strong>
            </li>
          ))}
        </ul>
      )}
      <p className="packs-card-source">
        {pack.builtin || !pack.sourceFile ? (
          <>Comes with the app; installed {formatDate(pack.installedAt)}</>
        ) : (
          <>
            Imported from <span className="packs-file">{pack.sourceFile}</span> on {formatDate(pack.installedAt)}
          </>
        )}
        {pack.updatedAt && pack.updatedAt.slice(0, 10) !== pack.installedAt.slice(0, 10) && <>, updated {formatDate(pack.updatedAt)}</>}.
      </p>
      <p className="packs-card-state" id={stateId}>
        {pack.enabled ? 'In your drills.' : 'Left out of drills; its history is kept.'}
      </p>
      <div className="row packs-card-actions">
        <button type="button" onClick={() => void exportAs('json')} disabled={exporting !== null} aria-describedby={titleId}>
          {exporting === 'json' ? 'Exporting…' : 'Export JSON'}
        </button>
        <button type="button" onClick={() => void exportAs('csv')} disabled={exporting !== null} aria-describedby={titleId}>
          {exporting === 'csv' ? 'Exporting…' : 'Export CSV'}
        </button>
        {!pack.builtin && (
          <button type="button" className="packs-remove" onClick={() => onRemove(pack)} aria-describedby={titleId}>
            Remove…
          </button>
        )}
      </div>
    </article>
  );
}
