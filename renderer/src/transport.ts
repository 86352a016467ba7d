/**
 * Picks how API calls travel, once, at start: Electron IPC when the preload exposed `window.mldrill`, otherwise
 * HTTP to the browser-mode server with the token from the URL. Nothing else in the UI knows which one it is.
 * A transport never throws: every failure, including a broken pipe, comes back as a Result error.
 */
import type { ApiArg, ApiMethod, ApiValue, Bridge, DesktopBridge } from '../../shared/api';
import { isSafeExternalUrl } from '../../shared/links';
import { err, type Result } from '../../shared/result';

export interface Transport {
  kind: 'desktop' | 'browser';
  api: Bridge;
  /** Asks the user first; `opened: false` when they decline. */
  openExternal(url: string): Promise<Result<{ opened: boolean }>>;
}

const TOKEN_KEY = 'mldrill.token';
/** Browsers cap the bodies of requests that may outlive the page (keepalive) at 64 KB in all. */
const KEEPALIVE_MAX_BYTES = 60_000;

type Call = <M extends ApiMethod>(method: M, arg: ApiArg<M>) => Promise<Result<ApiValue<M>>>;

function bridgeFrom(call: Call): Bridge {
  return new Proxy({} as Bridge, {
    get: (_target, method) => (arg: unknown) => call(method as ApiMethod, arg as never),
  });
}

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

function httpTransport(): Transport {
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
  const call: Call = async (method, arg) => {
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
      return (await res.json()) as Result<ApiValue<typeof method>>;
    } catch {
      return err('internal', `The server answered ${res.status} without a result.`, true);
    }
  };
  return {
    kind: 'browser',
    api: bridgeFrom(call),
    openExternal: (url) => {
      if (!isSafeExternalUrl(url)) return Promise.resolve(err('invalid-argument', 'only http and https links can be opened'));
      if (!window.confirm(`Open this link in your browser?\n\n${url}`)) return Promise.resolve({ ok: true, value: { opened: false } });
      window.open(url, '_blank', 'noopener,noreferrer');
      return Promise.resolve({ ok: true, value: { opened: true } });
    },
  };
}

function desktopTransport(desktop: DesktopBridge): Transport {
  const guard = async <T>(p: () => Promise<Result<T>>): Promise<Result<T>> => {
    try {
      return await p();
    } catch (e) {
      return err('internal', `The app's main process failed: ${e instanceof Error ? e.message : String(e)}`, true);
    }
  };
  return {
    kind: 'desktop',
    api: bridgeFrom((m, a) => guard(() => desktop.call(m, a))),
    openExternal: (url) => guard(() => desktop.openExternal(url)),
  };
}

export function createTransport(): Transport {
  const desktop = (window as unknown as { mldrill?: DesktopBridge }).mldrill;
  return desktop ? desktopTransport(desktop) : httpTransport();
}
