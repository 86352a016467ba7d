/** The pack import in the store over a fake transport: read, preview, apply with polled progress, and what goes wrong. */
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { ApiArg, ImportPreview, ImportProgress, ImportResult } from '../../../shared/api';
import { err, ok, type Result } from '../../../shared/result';
import { fakeBridge } from '../../../test/fixtures/fake-bridge';
import { checkFileSize, decodeUtf8, safeFileName } from '../files';
import type { Transport } from '../transport';
import { createAppStore } from './create';

type Fakes = Parameters<typeof fakeBridge>[0];

function storeWith(api: Fakes) {
  const transport: Transport = { kind: 'browser', api: fakeBridge(api), openExternal: async () => ok({ opened: false }) };
  return createAppStore(transport, new QueryClient());
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const preview = (over: Partial<ImportPreview> = {}): ImportPreview => ({
  importId: 'imp-1',
  fileName: 'p.drillpack.json',
  action: 'install',
  message: 'Installs "P" 1.0.0: 2 questions.',
  errors: [],
  warnings: [],
  pack: { id: 'p', title: 'P', version: '1.0.0', author: null, license: null, description: null, questions: 2, byArea: { rl: 2 }, byKind: { concept: 2 } },
  update: null,
  ...over,
});

const result: ImportResult = { packId: 'p', version: '1.0.0', action: 'added', added: 2, changed: 0, retired: 0 };
const file = (text: string | Uint8Array<ArrayBuffer>, name = 'p.drillpack.json') => new File([text], name);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('pack import in the store', () => {
  it('reads the file, previews it, and applies it only when asked, polling progress one request at a time', async () => {
    const previews: ApiArg<'previewImport'>[] = [];
    const applies: ApiArg<'applyImport'>[] = [];
    const apply = deferred<Result<ImportResult>>();
    let polls = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    const store = storeWith({
      previewImport: async (arg: ApiArg<'previewImport'>) => (previews.push(arg), ok(preview())),
      applyImport: (arg: ApiArg<'applyImport'>) => (applies.push(arg), apply.promise),
      getImportProgress: async (): Promise<Result<ImportProgress>> => {
        const n = ++polls;
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await sleep(20);
        inFlight--;
        return ok({ state: 'running', done: n * 100, total: 1000 });
      },
    });
    await store.getState().importFile(file('{"x": "é"}'));
    expect(previews).toEqual([{ fileName: 'p.drillpack.json', text: '{"x": "é"}' }]);
    expect(store.getState().importFlow).toMatchObject({ stage: 'preview', force: false });
    expect(applies).toEqual([]);

    const applying = store.getState().applyImport();
    expect(store.getState().importFlow).toMatchObject({ stage: 'applying', progress: null });
    await sleep(500);
    expect(polls).toBeGreaterThanOrEqual(2);
    expect(maxInFlight).toBe(1);
    expect(store.getState().importFlow).toMatchObject({ stage: 'applying', progress: { state: 'running', total: 1000 } });
    apply.resolve(ok(result));
    await applying;
    expect(applies).toEqual([{ importId: 'imp-1', force: false }]);
    expect(store.getState().importFlow).toMatchObject({ stage: 'done', result });
    // No request starts once the apply has answered (one already on its way may still land, and is ignored).
    const after = polls;
    await sleep(400);
    expect(polls).toBe(after);
    expect(store.getState().importFlow.stage).toBe('done');
  });

  it('refuses a file over 20 MB before reading it, and one that is not UTF-8, without asking the services', async () => {
    const store = storeWith({});
    await store.getState().importFile(file(new Uint8Array(20 * 1024 * 1024 + 1), 'huge.json'));
    expect(store.getState().importFlow).toMatchObject({ stage: 'unreadable', error: { code: 'too-large', message: 'huge.json is over 20 MB; a pack file can be at most 20 MB. It was not read.' } });
    await store.getState().importFile(file(new Uint8Array([0x69, 0x64, 0xe9]), 'latin1.csv'));
    expect(store.getState().importFlow).toMatchObject({ stage: 'unreadable', retry: false, error: { message: expect.stringMatching(/^latin1\.csv is not UTF-8 text\./) } });
  });

  it('drops the preview of a file replaced meanwhile', async () => {
    const first = deferred<Result<ImportPreview>>();
    let n = 0;
    const store = storeWith({ previewImport: () => (n++ === 0 ? first.promise : Promise.resolve(ok(preview({ fileName: 'second.json', importId: 'imp-2' })))) });
    const one = store.getState().importText({ fileName: 'first.json', text: 'a' });
    await store.getState().importText({ fileName: 'second.json', text: 'b' });
    first.resolve(ok(preview({ fileName: 'first.json' })));
    await one;
    expect(store.getState().importFlow).toMatchObject({ stage: 'preview', preview: { fileName: 'second.json' } });
  });

  it('an older version is applied only with force; a failed apply keeps the preview, and Preview again re-sends the file', async () => {
    const applies: ApiArg<'applyImport'>[] = [];
    const previews: ApiArg<'previewImport'>[] = [];
    const store = storeWith({
      previewImport: async (arg: ApiArg<'previewImport'>) => (previews.push(arg), ok(preview({ action: 'older-version' }))),
      applyImport: async (arg: ApiArg<'applyImport'>) => (applies.push(arg), err('storage', 'Could not save: the disk is full.', true)),
      getImportProgress: async () => ok({ state: 'running' as const, done: 0, total: 2 }),
    });
    await store.getState().importText({ fileName: 'old.json', text: 'old' });
    store.getState().setImportForce(true);
    await store.getState().applyImport();
    expect(applies).toEqual([{ importId: 'imp-1', force: true }]);
    expect(store.getState().importFlow).toMatchObject({ stage: 'preview', force: true, applyError: { message: 'Could not save: the disk is full.' } });
    await store.getState().retryPreview();
    expect(previews.map((p) => p.text)).toEqual(['old', 'old']);
    expect(store.getState().importFlow).toMatchObject({ stage: 'preview', force: false, applyError: null });
  });

  it('refuses another file while an import is being applied, with a notice, and keeps the running one', async () => {
    const apply = deferred<Result<ImportResult>>();
    const store = storeWith({
      previewImport: async () => ok(preview()),
      applyImport: () => apply.promise,
      getImportProgress: async () => ok({ state: 'running' as const, done: 1, total: 2 }),
    });
    await store.getState().importText({ fileName: 'p.drillpack.json', text: 'p' });
    const applying = store.getState().applyImport();
    await store.getState().importFile(file('{}', 'other.json'));
    store.getState().dismissImport();
    expect(store.getState().importFlow.stage).toBe('applying');
    expect(store.getState().notices.map((n) => n.message)).toEqual(['Could not import other.json: another import is being applied; wait until it has finished.']);
    apply.resolve(ok(result));
    await applying;
    expect(store.getState().importFlow.stage).toBe('done');
  });

  it('shows a failed preview call with Try again, which asks again', async () => {
    let calls = 0;
    const store = storeWith({ previewImport: async () => (calls++ === 0 ? err('storage', 'The app server is not reachable.', true) : ok(preview())) });
    await store.getState().importText({ fileName: 'p.json', text: 'p' });
    expect(store.getState().importFlow).toMatchObject({ stage: 'unreadable', retry: true });
    await store.getState().retryPreview();
    expect(store.getState().importFlow.stage).toBe('preview');
  });
});

describe('file helpers', () => {
  it('checks the size, decodes strict UTF-8 (dropping a BOM) and keeps names within the limit', () => {
    expect(checkFileSize('a.json', 20 * 1024 * 1024)).toBeNull();
    expect(checkFileSize('a.json', 25 * 1024 * 1024)).toBe('a.json is 25 MB; a pack file can be at most 20 MB. It was not read.');
    expect(checkFileSize('a.json', 0)).toBe('a.json is empty.');
    expect(decodeUtf8('a', new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0xc3, 0xa9]))).toEqual(ok('hé'));
    expect(decodeUtf8('a', new Uint8Array([0xff])).ok).toBe(false);
    expect(safeFileName('C:\\Users\\me\\pack.csv')).toBe('pack.csv');
    const long = safeFileName(`${'x'.repeat(300)}.drillpack.json`);
    expect(long).toHaveLength(255);
    expect(long.endsWith('.drillpack.json')).toBe(false);
    expect(long.endsWith('.json')).toBe(true);
    expect(safeFileName('')).toBe('pack.json');
  });
});
