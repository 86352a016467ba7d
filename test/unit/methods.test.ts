import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ApiArg, Bridge, ServiceApi, ShellApi } from '../../shared/api';
import { bridgeFrom } from '../../shared/bridge';
import { METHODS, METHOD_NAMES, methodMeta, type ApiMethod } from '../../shared/methods';
import { ok } from '../../shared/result';
import { createDesktopDispatcher, createDispatcher, parseCall } from '../../electron/services/dispatch';
import { desktopMethodNames } from '../../electron/shell-policy';
import { fakeServices } from '../fixtures/fake-bridge';

const EMPTY_REPORT = { areas: [], weakConcepts: [], dueToday: 0 };

describe('the method table', () => {
  it('gives every argument a strict schema: an unknown field is refused, never passed through', () => {
    for (const m of METHOD_NAMES) {
      const r = METHODS[m].arg.safeParse({ surprise: 1 });
      expect(r.success, m).toBe(false);
    }
  });

  it('lets writes invalidate only reads', () => {
    for (const m of METHOD_NAMES) {
      for (const stale of METHODS[m].invalidates) expect(METHODS[stale as ApiMethod].access, `${m} invalidates ${stale}`).toBe('read');
      if (METHODS[m].access === 'read') expect(METHODS[m].invalidates, m).toEqual([]);
    }
  });

  it('derives argument types from the schemas, so a field cannot exist in the type without the schema', () => {
    expectTypeOf<ApiArg<'skipQuestion'>>().toEqualTypeOf<{ sessionId: number; position: number; revision: number }>();
    expectTypeOf<ApiArg<'editAttempt'>['ticked']>().toEqualTypeOf<string[]>();
    expectTypeOf<ApiArg<'updateSettings'>['interviewDate']>().toEqualTypeOf<string | null | undefined>();
  });

  it('puts out a zod-free copy for the renderer bundle that survives JSON', () => {
    const meta = methodMeta();
    expect(JSON.parse(JSON.stringify(meta))).toEqual(meta);
    expect(Object.keys(meta)).toEqual(METHOD_NAMES);
    expect(meta.saveAttempt).toEqual({
      access: 'write',
      invalidates: ['getHome', 'getProgress', 'getDashboard', 'browseQuestions', 'getQuestionHistory', 'getSession', 'getSummary', 'listPacks', 'searchAnswers'],
      hosts: ['desktop', 'browser'],
      payload: 'json',
    });
  });

  it('the preload exposes exactly the desktop methods', () => {
    expect(desktopMethodNames()).toMatchInlineSnapshot(`
      [
        "getHome",
        "getProgress",
        "updateSettings",
        "getStorageStatus",
        "createBackup",
        "restoreBackup",
        "getDashboard",
        "browseQuestions",
        "getQuestionHistory",
        "editAttempt",
        "searchAnswers",
        "startSession",
        "getSession",
        "listLoopTemplates",
        "startLoop",
        "startLoopRound",
        "advanceLoop",
        "endLoopRound",
        "getLoopResult",
        "saveDraft",
        "saveAttempt",
        "skipQuestion",
        "abandonSession",
        "getSummary",
        "listPacks",
        "listQuestions",
        "getQuestion",
        "setPackEnabled",
        "removePack",
        "exportPack",
        "exportSelection",
        "previewImport",
        "applyImport",
        "getImportProgress",
        "saveMyQuestion",
        "retireMyQuestion",
        "exportProgress",
        "getTranscriptionStatus",
        "transcribeAudio",
        "openFile",
        "chooseFolder",
        "saveFile",
        "openExternal",
        "startRecording",
        "appendRecordingChunk",
        "finishRecording",
        "listRecordings",
        "readRecording",
        "deleteRecording",
        "getRecordingsUsage",
        "deleteRecordings",
        "armRecording",
      ]
    `);
  });
});

const unusedShell: ShellApi = {
  openExternal: () => Promise.reject(new Error('not used')),
  openFile: () => Promise.reject(new Error('not used')),
  saveFile: () => Promise.reject(new Error('not used')),
  armRecording: () => Promise.reject(new Error('not used')),
  chooseFolder: () => Promise.reject(new Error('not used')),
};

describe('hosts', () => {
  it('refuses a desktop-only method in browser mode', () => {
    const r = parseCall('browser', 'openExternal', { url: 'https://example.com/' });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: 'openExternal is not available in browser mode' } });
    expect(createDispatcher(fakeServices())('openExternal', { url: 'https://example.com/' })).toMatchObject({ ok: false });
  });

  it('the desktop dispatcher routes shell methods to the shell and the rest to the services', async () => {
    const opened: string[] = [];
    const dispatch = createDesktopDispatcher(fakeServices({ getProgress: () => EMPTY_REPORT }), {
      ...unusedShell,
      openExternal: async ({ url }) => {
        opened.push(url);
        return { opened: true };
      },
    });
    expect(await dispatch('openExternal', { url: 'https://example.com/a' })).toEqual(ok({ opened: true }));
    expect(await dispatch('getProgress', {})).toEqual(ok(EMPTY_REPORT));
    expect(await dispatch('openExternal', { url: 7 })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(opened).toEqual(['https://example.com/a']);
  });

  it('a shell method that throws answers a Result, never an exception', async () => {
    const dispatch = createDesktopDispatcher(fakeServices(), {
      ...unusedShell,
      openExternal: async () => {
        throw new Error('no browser');
      },
    });
    expect(await dispatch('openExternal', { url: 'https://example.com/' })).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('no browser') } });
  });
});

describe('bridges', () => {
  it('are plain objects with one function per method and nothing else: no `then`, no catch-all', () => {
    const bridge = bridgeFrom<Bridge>(['getHome', 'getProgress'], async () => ok(null));
    expect(Object.keys(bridge)).toEqual(['getHome', 'getProgress']);
    expect((bridge as unknown as Record<string, unknown>).then).toBeUndefined();
    expect((bridge as unknown as Record<string, unknown>).dropTables).toBeUndefined();
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('send each call with its method name', async () => {
    const sent: [string, unknown][] = [];
    const bridge = bridgeFrom<Bridge>(['getSession'], async (m, a) => {
      sent.push([m, a]);
      return ok('value');
    });
    expect(await bridge.getSession({ sessionId: 3 })).toEqual(ok('value'));
    expect(sent).toEqual([['getSession', { sessionId: 3 }]]);
  });

  it('the services implement every method browser mode offers', () => {
    const services: ServiceApi = fakeServices();
    const offered = METHOD_NAMES.filter((m) => (METHODS[m].hosts as readonly string[]).includes('browser'));
    expect(Object.keys(services).sort()).toEqual([...offered].sort());
  });
});
