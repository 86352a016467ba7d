/**
 * Picks how API calls travel, once, at start: Electron IPC when the preload exposed `window.mldrill`, otherwise
 * HTTP to the browser-mode server with the token from the URL. Nothing else in the UI knows which one it is.
 * A transport never throws: every failure, including a broken pipe, comes back as a Result error.
 *
 * The bridge is a plain object with one function per method of the table (`__MLDRILL_METHODS__`, put in at build
 * time from shared/methods.ts), and every successful write tells `onWrite` which cached reads it made stale.
 */
import type { ApiMethod, Bridge, DesktopBridge } from '../../shared/api';
import { bridgeFrom, type SendCall } from '../../shared/bridge';
import { describeLink, isSafeExternalUrl, linkConfirmation } from '../../shared/links';
import type { MethodMetaTable } from '../../shared/methods';
import { err, type Result } from '../../shared/result';

export interface Transport {
  kind: 'desktop' | 'browser';
  api: Bridge;
  /** Asks the user first; `opened: false` when they decline. */
  openExternal(url: string): Promise<Result<{ opened: boolean }>>;
}

/** Called after each successful write with the reads it declared stale. */
export type OnWrite = (stale: readonly ApiMethod[]) => void;

const TOKEN_KEY = 'mldrill.token';
/** Browsers cap the bodies of requests that may outlive the page (keepalive) at 64 KB in all. */
const KEEPALIVE_MAX_BYTES = 60_000;

/** Reads the token from #token=… once, keeps it for reloads of this tab, and removes it from the address bar. */
export function takeToken(loc: Location, storage: Storage, history: History): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(loc.hash);
  if (match?.[1]) {
    storage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', loc.pathname + loc.search);
    return match[1];
  }
  return storage.getItem(TOKEN_KEY);
}

/** Wraps a way of sending calls so that a successful write reports what it made stale. */
export function withInvalidation(meta: MethodMetaTable, send: SendCall, onWrite: OnWrite): SendCall {
  return async (method, arg) => {
    const result = await send(method, arg);
    const spec = meta[method as ApiMethod];
    if (result.ok && spec && spec.access === 'write' && spec.invalidates.length > 0) onWrite(spec.invalidates);
    return result;
  };
}

/** The methods a host offers, from the build-time table. */
export function methodsOn(meta: MethodMetaTable, host: 'desktop' | 'browser'): ApiMethod[] {
  return (Object.keys(meta) as ApiMethod[]).filter((m) => meta[m].hosts.includes(host));
}

/**
 * The getHome that public/home-prefetch.js sent while the page was loading, taken once and only in the first few
 * seconds (after that a write may have made it stale).
 */
function earlyAnswer(): Promise<unknown> | null {
  const w = window as unknown as { __mldrillEarly?: { at: number; getHome?: Promise<unknown> } };
  const early = w.__mldrillEarly;
  if (!early?.getHome) return null;
  const answer = early.getHome;
  delete early.getHome;
  return Date.now() - early.at < 5000 ? answer : null;
}

function httpSend(): SendCall {
  let token = takeToken(window.location, window.sessionStorage, window.history);
  // Pasting a fresh URL from a restarted server into this tab changes only the #fragment, which loads nothing:
  // take the new token and start over with it.
  window.addEventListener('hashchange', () => {
    const fresh = takeToken(window.location, window.sessionStorage, window.history);
    if (fresh && fresh !== token) {
      token = fresh;
      window.location.reload();
    }
  });
  return async (method, arg) => {
    const early = method === 'getHome' ? earlyAnswer() : null;
    if (early) {
      const answer = await early.catch(() => null);
      if (answer && typeof answer === 'object' && 'ok' in answer) return answer as Result<unknown>;
    }
    const body = JSON.stringify(arg ?? {});
    let res: Response;
    try {
      res = await fetch(`./api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token ?? ''}` },
        body,
        // A draft sent as the page is hidden or closed must reach the server even if the page goes away.
        keepalive: method === 'saveDraft' && body.length < KEEPALIVE_MAX_BYTES,
      });
    } catch {
      return err('storage', 'The app server is not reachable. Is `mldrill serve` still running?', true);
    }
    try {
      return (await res.json()) as Result<unknown>;
    } catch {
      return err('internal', `The server answered ${res.status} without a result.`, true);
    }
  };
}

function browserOpenExternal(url: string): Promise<Result<{ opened: boolean }>> {
  if (!isSafeExternalUrl(url)) return Promise.resolve(err('invalid-argument', 'Only http and https links can be opened.'));
  // The real host first (not a name put before an @), then the whole URL.
  const { message, detail } = linkConfirmation(url);
  if (!window.confirm(`${message}\n\n${detail}`)) return Promise.resolve({ ok: true, value: { opened: false } });
  // Open exactly what the confirmation showed: the parsed, normalised URL.
  window.open(describeLink(url).display, '_blank', 'noopener,noreferrer');
  return Promise.resolve({ ok: true, value: { opened: true } });
}

/** The desktop bridge's calls, guarded so that a failure of the IPC pipe itself is a Result too. */
function desktopSend(desktop: DesktopBridge): SendCall {
  return async (method, arg) => {
    const call = (desktop as unknown as Record<string, ((a: unknown) => Promise<Result<unknown>>) | undefined>)[method];
    if (!call) return err('internal', `The desktop app does not offer ${method}.`);
    try {
      return await call(arg);
    } catch (e) {
      return err('internal', `The app's main process failed: ${e instanceof Error ? e.message : String(e)}`, true);
    }
  };
}

export function createTransport(onWrite: OnWrite, meta: MethodMetaTable = __MLDRILL_METHODS__): Transport {
  const desktop = (window as unknown as { mldrill?: DesktopBridge }).mldrill;
  const kind = desktop ? 'desktop' : 'browser';
  const send = withInvalidation(meta, desktop ? desktopSend(desktop) : httpSend(), onWrite);
  const api = bridgeFrom<Bridge>(methodsOn(meta, kind), send);
  return {
    kind,
    api,
    openExternal: api.openExternal ? (url) => api.openExternal!({ url }) : browserOpenExternal,
  };
}
