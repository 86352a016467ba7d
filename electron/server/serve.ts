/**
 * Browser mode: the same services and the same renderer as the desktop app, over HTTP on 127.0.0.1 only.
 * Every /api/ call must carry the token printed at start (fresh each start), so other local pages and users
 * cannot drive the app.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { METHODS, isApiMethod } from '../../shared/methods';
import type { Dispatcher } from '../services/dispatch';
import { CONTENT_SECURITY_POLICY, rendererFileForPath } from '../shell-policy';

/** A name too long for the file system (ENAMETOOLONG) or any other stat failure is simply "not a file". */
const isFile = (file: string) => {
  try {
    return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
};

export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * Past the limit the rest of a body is read and dropped, up to this much more, so the client can finish sending and
 * read the 413 instead of a reset; beyond it the 413 goes out and the connection is cut.
 */
export const DRAIN_BYTES = 8 * 1024 * 1024;
/** Slow or stalled clients must not hold connections: the whole head within 5 s, the whole request within 10 s. */
export const HEADERS_TIMEOUT_MS = 5_000;
export const REQUEST_TIMEOUT_MS = 10_000;
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;
export const MAX_CONNECTIONS = 64;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

const HTML_HEADERS: http.OutgoingHttpHeaders = { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Frame-Options': 'DENY' };

const BLANK_PAGE = '<!doctype html><html><head><meta charset="utf-8"><title>blank</title></head><body></body></html>';

export interface ServerOptions {
  dispatch: Dispatcher;
  rendererDir: string;
  port?: number;
  token?: string;
  /** The largest body each API method accepts, in bytes; MAX_BODY_BYTES for every method by default. */
  bodyLimit?: (method: string) => number;
  /** Defaults HEADERS_TIMEOUT_MS and REQUEST_TIMEOUT_MS; tests pass short ones. */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, body: string | Buffer, type: string, extra: http.OutgoingHttpHeaders = {}) {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    ...(type.startsWith('text/html') ? HTML_HEADERS : {}),
    ...extra,
  });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown, extra?: http.OutgoingHttpHeaders) {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8', extra);
}

const fault = (code: string, message: string) => ({ ok: false, error: { code, message, retryable: false } });

function tokenMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The path of an origin-form request target ("/path?query"), dot segments folded as a browser would; null for
 * anything else ("*", absolute-form, garbage). Never throws: the origin is fixed, so "//x" stays a path.
 */
function requestPath(target: string | undefined): string | null {
  if (!target?.startsWith('/')) return null;
  const query = target.indexOf('?');
  try {
    return new URL(`http://127.0.0.1${query < 0 ? target : target.slice(0, query)}`).pathname;
  } catch {
    return null;
  }
}

/** The body as text, or null when it is over `limit` (then read on and dropped, see DRAIN_BYTES). */
function readBody(req: http.IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
      else if (size > limit + DRAIN_BYTES) resolve(null);
      else chunks.length = 0;
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function startServer(opts: ServerOptions): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const root = path.resolve(opts.rendererDir);
  // Routes and body limits come from the method table: /api/<method> for each method browser mode offers.
  const bodyLimit = opts.bodyLimit ?? ((method: string) => (isApiMethod(method) ? METHODS[method].maxBodyBytes : MAX_BODY_BYTES));
  const offered = (method: string) => isApiMethod(method) && (METHODS[method].hosts as readonly string[]).includes('browser');
  let port = 0;

  const tooLarge = (res: http.ServerResponse, limit: number) =>
    sendJson(res, 413, fault('too-large', `The request is larger than ${limit} bytes, the most this call accepts. Send less at a time.`), { Connection: 'close' });

  const handleApi = async (req: http.IncomingMessage, res: http.ServerResponse, method: string) => {
    const auth = req.headers.authorization ?? '';
    const given = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (!given) return sendJson(res, 401, fault('unauthorized', 'This call needs the token printed by `mldrill serve`.'));
    if (!tokenMatches(given, token)) {
      return sendJson(res, 403, fault('unauthorized', 'The token is not valid for this server; it changes at every start. Open the URL the server printed.'));
    }
    if (req.method !== 'POST') return sendJson(res, 405, fault('invalid-argument', 'Use POST'));
    if (!offered(method)) return sendJson(res, 404, fault('not-found', `Browser mode has no API method ${JSON.stringify(method.slice(0, 80))}.`), { Connection: 'close' });
    const limit = bodyLimit(method);
    if (Number(req.headers['content-length'] ?? 0) > limit) return tooLarge(res, limit);
    const body = await readBody(req, limit);
    if (body === null) return tooLarge(res, limit);
    let arg: unknown;
    try {
      arg = body === '' ? {} : (JSON.parse(body) as unknown);
    } catch (e) {
      return sendJson(res, 400, fault('invalid-argument', `Bad request body: ${(e as Error).message}`));
    }
    sendJson(res, 200, await opts.dispatch(method, arg));
  };

  const handleStatic = (res: http.ServerResponse, pathname: string) => {
    if (pathname === '/__blank') return send(res, 200, BLANK_PAGE, TYPES['.html']!);
    const file = rendererFileForPath(pathname, root, isFile, path.join, path.sep);
    if (!file) return send(res, 403, 'forbidden', 'text/plain');
    let body: Buffer;
    try {
      body = fs.readFileSync(file);
    } catch {
      return send(res, 500, 'The renderer is not built. Run `npm run build`.', 'text/plain');
    }
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    const cache = type.startsWith('text/html') || !file.includes(`${path.sep}assets${path.sep}`) ? 'no-store' : 'public, max-age=31536000, immutable';
    send(res, 200, body, type, { 'Cache-Control': cache });
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    // Only our own origin: refuses DNS-rebinding pages that reach 127.0.0.1 under another host name.
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(res, 403, 'forbidden host', 'text/plain');
    const pathname = requestPath(req.url);
    if (pathname === null) return send(res, 400, 'bad request target', 'text/plain');
    if (pathname.startsWith('/api/')) return handleApi(req, res, pathname.slice(5));
    if (req.method === 'GET' || req.method === 'HEAD') return handleStatic(res, pathname);
    send(res, 405, 'method not allowed', 'text/plain');
  };

  const headersTimeout = opts.headersTimeoutMs ?? HEADERS_TIMEOUT_MS;
  const server = http.createServer(
    {
      headersTimeout,
      requestTimeout: opts.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
      // Node checks both timeouts on this interval (30 s by default), which would make them meaningless.
      connectionsCheckingInterval: Math.min(1000, headersTimeout / 2),
    },
    (req, res) => {
      // A client that goes away mid-request must not become an uncaught 'error' event.
      req.on('error', () => res.destroy());
      res.on('error', () => res.destroy());
      handle(req, res).catch((e: unknown) => {
        if (res.destroyed) return; // the client went away mid-request: no one to answer, nothing went wrong here
        console.error('mldrill serve: request failed:', e);
        if (res.headersSent) return res.destroy();
        sendJson(res, 500, fault('internal', 'The server failed on this request; its console has the details.'));
      });
    },
  );
  server.maxConnections = MAX_CONNECTIONS;
  server.on('clientError', (e: NodeJS.ErrnoException, socket: Duplex) => {
    // Malformed or stalled requests, and dead sockets. Answer unless the peer is gone or a response is under way on
    // this socket (the same check as Node's default handler), then close.
    const status = e.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : e.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const inFlight = (socket as Duplex & { _httpMessage?: http.ServerResponse })._httpMessage;
    if (e.code !== 'ECONNRESET' && socket.writable && !inFlight?.headersSent) {
      socket.write(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    }
    socket.destroy();
  });

  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EADDRINUSE') return reject(e);
      const message = `Port ${opts.port} is already in use. Choose another with --port, or leave --port out to pick a free one.`;
      reject(Object.assign(new Error(message), { code: e.code }));
    });
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${port}/#token=${token}`,
        port,
        token,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
