/**
 * Picks how API calls travel, once, at start: Electron IPC when the preload exposed `window.mldrill`, otherwise
 * HTTP to the browser-mode server with the token from the URL. Nothing else in the UI knows which one it is.
 */
import type { ApiArg, ApiMethod, ApiValue, Bridge, DesktopBridge } from '../../shared/api';
import { isSafeExternalUrl } from '../../shared/links';
import { err, type Result } from '../../shared/result';

export interface Transport {
  kind: 'desktop' | 'browser';
  api: Bridge;
  openExternal(url: string): Promise<Result<{ opened: true }>>;
}

const TOKEN_KEY = 'mldrill.token';

function bridgeFrom(call: <M extends ApiMethod>(method: M, arg: ApiArg<M>) => Promise<Result<ApiValue<M>>>): Bridge {
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
  const token = takeToken(window.location, window.sessionStorage, window.history);
  const call = async <M extends ApiMethod>(method: M, arg: ApiArg<M>): Promise<Result<ApiValue<M>>> => {
    let res: Response;
    try {
      res = await fetch(`./api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token ?? ''}` },
        body: JSON.stringify(arg ?? {}),
      });
    } catch {
      return err('storage', 'The app server is not reachable. Is `mldrill serve` still running?', true);
    }
    try {
      return (await res.json()) as Result<ApiValue<M>>;
    } catch {
      return err('internal', `The server answered ${res.status} without a result.`, true);
    }
  };
  return {
    kind: 'browser',
    api: bridgeFrom(call),
    openExternal: (url) => {
      if (!isSafeExternalUrl(url)) return Promise.resolve(err('invalid-argument', 'only http and https links can be opened'));
      window.open(url, '_blank', 'noopener,noreferrer');
      return Promise.resolve({ ok: true, value: { opened: true } });
    },
  };
}

export function createTransport(): Transport {
  const desktop = (window as unknown as { mldrill?: DesktopBridge }).mldrill;
  if (desktop) return { kind: 'desktop', api: bridgeFrom((m, a) => desktop.call(m, a)), openExternal: (url) => desktop.openExternal(url) };
  return httpTransport();
}
