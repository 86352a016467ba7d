/**
 * The import on the Packs screen, from the store's import flow: the file being read, its preview (what installing
 * it would do, or why it cannot be installed), the apply with its progress, and the result. Nothing is written
 * before the user presses Install or Update. Everything shown comes from a file a stranger may have written: it is
 * rendered as text (React escapes it), the description's Markdown only through the sanitizing Markdown component.
 */
import { Suspense, lazy, useEffect, useId, useRef, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ImportPreview, ImportProgress, NamedQuestion } from '../../../../shared/api';
import type { AreaId } from '../../../../shared/areas';
import { useApp } from '../../store';
import type { ImportFlow } from '../../store/packs-slice';
import { areaCounts, areaName, count, kindCounts, omittedCount, plural, promptStart } from './format';

const Markdown = lazy(() => import('../../components/Markdown').then((m) => ({ default: m.Markdown })));

/** More rows than this in one list are counted, not drawn. */
const MAX_LISTED = 200;

function Description({ text }: { text: string }) {
  const openLink = useApp((s) => s.openLink);
  return (
    <div className="import-description">
      <Suspense fallback={<p className="import-plain">{text}</p>}>
        <Markdown text={text} onOpenLink={(url) => void openLink(url)} />
      </Suspense>
    </div>
  );
}

function Counts({ items, label }: { items: { id: string; name: string; n: number }[]; label: string }) {
  if (items.length === 0) return null;
  return (
    <ul className="import-chips" aria-label={label}>
      {items.map((i) => (
        <li key={i.id} className="chip" data-id={i.id}>
          {i.name} <strong>{count(i.n)}</strong>
        </li>
      ))}
    </ul>
  );
}

function PackFacts({ preview }: { preview: ImportPreview }) {
  const pack = preview.pack;
  if (!pack) return null;
  const fromVersion = preview.update?.fromVersion;
  return (
    <div className="import-facts">
      <dl className="import-meta">
        {/* The heading names the pack, except for a refused one (named by its file). */}
        {preview.action === 'refused' && (
          <div>
            <dt>Title</dt>
            <dd>{pack.title}</dd>
          </div>
        )}
        <div>
          <dt>Id</dt>
          <dd>
            <code>{pack.id}</code>
          </dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd data-testid="import-version">
            {fromVersion && fromVersion !== pack.version ? (
              <>
                {fromVersion} <span aria-label="to">→</span> {pack.version}
              </>
            ) : (
              pack.version
            )}
          </dd>
        </div>
        <div>
          <dt>Author</dt>
          <dd>{pack.author ?? <span className="muted">not given</span>}</dd>
        </div>
        <div>
          <dt>License</dt>
          <dd>{pack.license ?? <span className="muted">not given</span>}</dd>
        </div>
      </dl>
      {pack.description && <Description text={pack.description} />}
      <p className="import-total">{plural(pack.questions, 'question')}</p>
      <Counts items={areaCounts(pack.byArea)} label="Questions per area" />
      <Counts items={kindCounts(pack.byKind)} label="Questions per kind" />
    </div>
  );
}

function QuestionList({ label, items, list }: { label: string; items: NamedQuestion[]; list: string }) {
  return (
    <details className="import-changes" data-list={list} open={items.length > 0 && items.length <= 10}>
      <summary>
        {label} <span className="import-count">({count(items.length)})</span>
      </summary>
      {items.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul>
          {items.slice(0, MAX_LISTED).map((q) => (
            <li key={q.id} data-question={q.id}>
              <code>{q.id}</code> <span className="import-area">{areaName(q.area)}</span> <span className="import-prompt">{promptStart(q.prompt)}</span>
            </li>
          ))}
          {items.length > MAX_LISTED && <li className="muted">…and {plural(items.length - MAX_LISTED, 'more question')}</li>}
        </ul>
      )}
    </details>
  );
}

function Changes({ update }: { update: NonNullable<ImportPreview['update']> }) {
  return (
    <div className="import-change-lists">
      <QuestionList label="Added" items={update.added} list="added" />
      <QuestionList label="Changed" items={update.changed} list="changed" />
      <QuestionList label="Retired" items={update.retired} list="retired" />
    </div>
  );
}

function Issues({ issues, kind }: { issues: ImportPreview['errors']; kind: 'error' | 'warning' }) {
  const listed = issues.filter((i) => omittedCount(i) === null);
  const omitted = issues.reduce((n, i) => n + (omittedCount(i) ?? 0), 0);
  const total = listed.length + omitted;
  const body = (
    <ol className="import-issues">
      {listed.map((i, n) => (
        <li key={n}>
          <code className="import-path">{i.path === '(file)' ? 'whole file' : i.path}</code> <span>{i.message}</span>
        </li>
      ))}
      {omitted > 0 && (
        <li className="import-more">
          …and {plural(omitted, `more ${kind}`)} not shown
        </li>
      )}
    </ol>
  );
  if (kind === 'error') {
    return (
      <div className="import-errors" data-testid="import-errors">
        <h4>{plural(total, 'error')}</h4>
        {body}
      </div>
    );
  }
  return (
    <details className="import-warnings">
      <summary>
        {plural(total, 'warning')} <span className="muted">(ignored fields and the like; the pack can still be installed)</span>
      </summary>
      {body}
    </details>
  );
}

function headline(preview: ImportPreview): string {
  const p = preview.pack;
  const name = p ? p.title : preview.fileName;
  switch (preview.action) {
    case 'install':
      return `Install ${name}?`;
    case 'update':
      return `Update ${name} to version ${p?.version ?? ''}?`;
    case 'older-version':
      return `${name}: this file is an older version`;
    case 'same-version':
      return `${name} ${p?.version ?? ''} is already installed`;
    case 'invalid':
      return `${preview.fileName} is not a valid pack`;
    case 'refused':
      return `${preview.fileName} cannot be imported`;
  }
}

function progressText(progress: ImportProgress | null, fallbackTotal: number): string {
  if (!progress || progress.state === 'pending') return 'Starting…';
  return `${count(progress.done)} of ${count(progress.total || fallbackTotal)} questions`;
}

/** What the polite live region says: the stage, and while applying only each quarter, not every poll. */
function announcement(flow: ImportFlow): string {
  switch (flow.stage) {
    case 'idle':
      return '';
    case 'reading':
      return `Reading ${flow.fileName}…`;
    case 'unreadable':
      return `${flow.fileName} could not be imported.`;
    case 'preview':
      return flow.applyError ? `The import failed: ${flow.applyError.message}` : `Preview of ${flow.preview.fileName} ready.`;
    case 'applying': {
      const p = flow.progress;
      if (!p || p.total === 0) return 'Import started.';
      const quarter = Math.min(3, Math.floor((p.done / p.total) * 4));
      return quarter === 0 ? 'Import started.' : `Import ${quarter * 25}% done.`;
    }
    case 'done':
      return `Import finished: ${flow.result.added} added, ${flow.result.changed} changed, ${flow.result.retired} retired.`;
  }
}

export function ImportPanel({ onChooseFile }: { onChooseFile(): void }) {
  const flow = useApp((s) => s.importFlow);
  const { applyImport, setImportForce, dismissImport, retryPreview, setAreas, navigate } = useApp(
    useShallow((s) => ({
      applyImport: s.applyImport,
      setImportForce: s.setImportForce,
      dismissImport: s.dismissImport,
      retryPreview: s.retryPreview,
      setAreas: s.setAreas,
      navigate: s.navigate,
    })),
  );
  const headingId = useId();
  const sectionRef = useRef<HTMLElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const forceId = useId();

  // A new stage puts focus on its heading when the user is following the import (focus on nothing, or in the
  // panel, whose buttons have just gone; always for a file just chosen), so the keyboard and a screen reader start
  // from what is new.
  const stageKey = `${flow.stage}:${'preview' in flow ? (flow.preview.importId ?? flow.preview.fileName) : ''}`;
  const justChosen = flow.stage === 'reading' || flow.stage === 'unreadable';
  useEffect(() => {
    const active = document.activeElement;
    if (justChosen || !active || active === document.body || sectionRef.current?.contains(active)) headingRef.current?.focus();
  }, [stageKey, justChosen]);

  if (flow.stage === 'idle') return null;

  const heading = (text: ReactNode) => (
    <h3 id={headingId} ref={headingRef} tabIndex={-1} className="import-title">
      {text}
    </h3>
  );
  const live = (
    <p role="status" className="visually-hidden">
      {announcement(flow)}
    </p>
  );
  const section = (body: ReactNode, extra: Record<string, string> = {}) => (
    <section ref={sectionRef} className="import" aria-labelledby={headingId} data-stage={flow.stage} {...extra}>
      {live}
      {body}
    </section>
  );
  const chooseAnother = (
    <button type="button" onClick={onChooseFile}>
      Choose another file…
    </button>
  );
  const close = (label = 'Close') => (
    <button type="button" onClick={dismissImport}>
      {label}
    </button>
  );

  switch (flow.stage) {
    case 'reading':
      return section(
        <div aria-busy="true">
          {heading(`Reading ${flow.fileName}…`)}
          <p className="muted">Checking the file. Nothing is installed until you confirm.</p>
        </div>,
      );

    case 'unreadable':
      return section(
        <>
          {heading(`${flow.fileName} could not be ${flow.retry ? 'previewed' : 'read'}`)}
          <p className="import-problem">{flow.error.message}</p>
          <div className="row import-actions">
            {flow.retry && (
              <button type="button" className="primary" onClick={() => void retryPreview()}>
                Try again
              </button>
            )}
            {chooseAnother}
            {close()}
          </div>
        </>,
      );

    case 'preview':
    case 'applying': {
      const { preview, force } = flow;
      const applying = flow.stage === 'applying';
      const applyError = flow.stage === 'preview' ? flow.applyError : null;
      const installable = preview.importId !== null && (preview.action === 'install' || preview.action === 'update' || preview.action === 'older-version');
      const older = preview.action === 'older-version';
      const applyLabel =
        preview.action === 'install' ? 'Install pack' : preview.action === 'update' ? `Update to ${preview.pack?.version ?? 'the new version'}` : 'Install older version';
      return section(
        <>
          {heading(applying ? `Importing ${preview.pack?.title ?? preview.fileName}…` : headline(preview))}
          <p className="import-message">
            {preview.message} <span className="muted">From {preview.fileName}.</span>
          </p>
          <PackFacts preview={preview} />
          {preview.update && (
            <>
              <Changes update={preview.update} />
              {!applying && installable && (
                <p className="muted import-keep">Your history stays: attempts on changed questions are kept, and retired questions leave your drills but keep their attempts.</p>
              )}
            </>
          )}
          {preview.errors.length > 0 && <Issues issues={preview.errors} kind="error" />}
          {preview.warnings.length > 0 && <Issues issues={preview.warnings} kind="warning" />}

          {applying ? (
            <div className="import-progress">
              <progress
                max={Math.max(1, flow.progress?.total || preview.pack?.questions || 1)}
                value={flow.progress && flow.progress.state !== 'pending' ? flow.progress.done : undefined}
                aria-labelledby={headingId}
                aria-valuetext={progressText(flow.progress, preview.pack?.questions ?? 0)}
              />
              <p className="import-progress-text" data-testid="import-progress-text">
                {progressText(flow.progress, preview.pack?.questions ?? 0)}
              </p>
              <p className="muted">You can go on using the app meanwhile; the result waits here.</p>
            </div>
          ) : (
            <>
              {applyError && (
                <div className="import-problem" role="alert">
                  <p>The import was not applied, so nothing changed: {applyError.message}</p>
                </div>
              )}
              {installable && older && (
                <label className="import-force">
                  <input type="checkbox" checked={force} onChange={(e) => setImportForce(e.target.checked)} aria-describedby={forceId} /> Install the older
                  version anyway
                </label>
              )}
              {installable && older && (
                <p className="muted import-force-hint" id={forceId}>
                  Version {preview.update?.fromVersion ?? 'installed'} is replaced by {preview.pack?.version}. Questions the older version lacks are retired; your
                  attempts are kept.
                </p>
              )}
              <div className="row import-actions">
                {installable && (
                  <button type="button" className="primary" disabled={older && !force} onClick={() => void applyImport()}>
                    {applyError ? 'Try again' : applyLabel}
                  </button>
                )}
                {applyError && (
                  <button type="button" onClick={() => void retryPreview()}>
                    Preview again
                  </button>
                )}
                {!installable && chooseAnother}
                {close(installable ? 'Cancel' : 'Close')}
              </div>
            </>
          )}
        </>,
        { 'data-action': preview.action },
      );
    }

    case 'done': {
      const { preview, result } = flow;
      const title = preview.pack?.title ?? result.packId;
      const areas = Object.keys(preview.pack?.byArea ?? {}) as AreaId[];
      return section(
        <>
          {heading(
            result.action === 'added'
              ? `Installed ${title} ${result.version}`
              : result.action === 'updated'
                ? `Updated ${title} to ${result.version}`
                : `${title} ${result.version}: nothing changed`,
          )}
          <p className="import-result" data-testid="import-result">
            {plural(result.added, 'question')} added, {count(result.changed)} changed, {count(result.retired)} retired.
          </p>
          {result.action === 'updated' && preview.update && <Changes update={preview.update} />}
          {areas.length > 0 && (
            <p className="muted">
              Start a drill opens Practice with this pack&apos;s areas chosen ({areas.map(areaName).join(', ')}); other enabled packs&apos; questions in those areas can come
              up too.
            </p>
          )}
          <div className="row import-actions">
            <button
              type="button"
              className="primary"
              onClick={() => {
                if (areas.length > 0) setAreas(areas);
                dismissImport();
                navigate('home');
              }}
            >
              Start a drill from this pack
            </button>
            {close()}
          </div>
        </>,
        { 'data-action': preview.action },
      );
    }
  }
}
