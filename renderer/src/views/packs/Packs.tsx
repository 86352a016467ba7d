/**
 * The Packs screen: the installed packs (switch, export, remove), importing a pack (button, File ▸ Import Pack…,
 * or a file dropped anywhere on the window, see FileDrop) with its preview, and exporting progress. The list is a
 * query; every write declares what it makes stale, so nothing here refreshes by hand.
 */
import { useCallback, useEffect, useRef, useState, type ChangeEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PackInfo } from '../../../../shared/api';
import { useApiQuery } from '../../query';
import { transport, useApp } from '../../store';
import { ExportProgressDialog } from './ExportProgressDialog';
import { ImportPanel } from './ImportPanel';
import { PackCard } from './PackCard';
import { RemoveDialog } from './RemoveDialog';
import { plural } from './format';
import { LoadError } from '../../components/LoadError';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function Packs() {
  const query = useApiQuery(transport.api, 'listPacks', {});
  const { command, clearCommand, importFile, importText, reportError } = useApp(
    useShallow((s) => ({
      command: s.command,
      clearCommand: s.clearCommand,
      importFile: s.importFile,
      importText: s.importText,
      reportError: s.reportError,
    })),
  );
  const headingRef = useRef<HTMLHeadingElement>(null);
  const importRef = useRef<HTMLButtonElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [removing, setRemoving] = useState<PackInfo | null>(null);
  const [exportOpen, setExportOpen] = useState(false);
  const [status, setStatus] = useState('');
  const choosing = useRef(false);

  const chooseFile = useCallback(async () => {
    const openFile = transport.api.openFile;
    if (!openFile) {
      inputRef.current?.click();
      return;
    }
    // The desktop's native dialog; the main process reads the file (size and UTF-8 checked there).
    if (choosing.current) return;
    choosing.current = true;
    const r = await openFile({ kind: 'pack' });
    choosing.current = false;
    if (!r.ok) return reportError(r.error, 'Could not open the file');
    if ('cancelled' in r.value) return;
    await importText(r.value);
  }, [importText, reportError]);

  // File menu commands (and their shortcuts) land here; each is taken once, then cleared.
  useEffect(() => {
    const pending = useApp.getState().command;
    if (pending === 'import-pack') {
      clearCommand();
      void chooseFile();
    } else if (pending === 'open-packs') {
      clearCommand();
      headingRef.current?.focus();
    }
  }, [command, clearCommand, chooseFile]);
  // File ▸ Export Progress… opens the dialog straight from the command, which is cleared when the dialog closes.
  const exportShown = exportOpen || command === 'export-progress';
  const closeExport = () => {
    setExportOpen(false);
    if (useApp.getState().command === 'export-progress') clearCommand();
  };

  const onChosen = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    // Cleared, so choosing the same file again (after fixing it) is a change too.
    e.target.value = '';
    if (file) void importFile(file);
  };

  const packs = query.data;
  const shortcut = isMac ? '⌘O' : 'Ctrl+O';

  return (
    <main className="packs" aria-labelledby="packs-title" data-ready={packs ? 'true' : undefined}>
      <div className="packs-head">
        <h2 id="packs-title" ref={headingRef} tabIndex={-1}>
          Packs
        </h2>
        <div className="row packs-head-actions">
          <button type="button" className="primary" ref={importRef} onClick={() => void chooseFile()} aria-keyshortcuts={isMac ? 'Meta+O' : 'Control+O'}>
            Import pack…
          </button>
          <button type="button" onClick={() => setExportOpen(true)} disabled={!packs || packs.length === 0}>
            Export progress…
          </button>
        </div>
      </div>
      <p className="muted packs-intro">
        Import a pack as a JSON or CSV file: with Import pack… ({shortcut}), or by dropping the file anywhere on the window. You see what it holds before anything is
        installed.
      </p>
      <input
        ref={inputRef}
        type="file"
        accept=".json,.csv,application/json,text/csv"
        hidden
        tabIndex={-1}
        aria-label="Pack file"
        data-testid="pack-file-input"
        onChange={onChosen}
      />
      <p role="status" className="packs-status" data-testid="packs-status">
        {status}
      </p>

      <ImportPanel onChooseFile={() => void chooseFile()} />

      {!packs ? (
        query.isError ? (
          <LoadError title="The packs could not be loaded" query={query} heading="h3" />
        ) : (
          <p className="muted" aria-busy="true">
            Loading packs…
          </p>
        )
      ) : packs.length === 0 ? (
        <section className="empty packs-empty">
          <h3>No packs installed</h3>
          <p>Import a drill pack (a .drillpack.json or a .csv file) to have questions to practise. The built-in bank could not be loaded; the log says why.</p>
          <button type="button" className="primary" onClick={() => void chooseFile()}>
            Import pack…
          </button>
        </section>
      ) : (
        <section className="packs-installed" aria-labelledby="packs-installed-title">
          <h3 id="packs-installed-title" className="packs-list-title">
            Installed <span className="muted">({plural(packs.length, 'pack')})</span>
            {query.isError && (
              <span className="packs-stale" role="alert">
                {' '}
                Could not refresh: {query.error.message}{' '}
                <button type="button" onClick={() => void query.refetch()}>
                  Retry
                </button>
              </span>
            )}
          </h3>
          <ul className="packs-list">
            {packs.map((p) => (
              <li key={p.id}>
                <PackCard pack={p} onRemove={setRemoving} onStatus={setStatus} />
              </li>
            ))}
          </ul>
        </section>
      )}

      {removing && (
        <RemoveDialog
          pack={removing}
          onCancel={() => setRemoving(null)}
          onRemoved={(message) => {
            setRemoving(null);
            setStatus(message);
          }}
          fallbackFocus={() => importRef.current}
        />
      )}
      {exportShown && packs && (
        <ExportProgressDialog
          packs={packs}
          onCancel={closeExport}
          onSaved={(message) => {
            closeExport();
            setStatus(message);
          }}
          fallbackFocus={() => importRef.current}
        />
      )}
    </main>
  );
}
