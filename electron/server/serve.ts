/**
 * Browser mode: the same services and the same renderer as the desktop app, over HTTP on 127.0.0.1 only.
 * Every /api/ call must carry the token printed at start (fresh each start), so other local pages and users
 * cannot drive the app.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Dispatcher } from '../services/dispatch';
import { CONTENT_SECURITY_POLICY, rendererFileForPath } from '../shell-policy';

const isFile = (file: string) => fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;

export const MAX_BODY_BYTES = 1024 * 1024;

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

const BLANK_PAGE = '<!doctype html><html><head><meta charset="utf-8"><title>blank</title></head><body></body></html>';

export interface ServerOptions {
  dispatch: Dispatcher;
  rendererDir: string;
  port?: number;
  token?: string;
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
    ...extra,
  });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown) {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

function tokenMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`request body is larger than ${MAX_BODY_BYTES} bytes`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function startServer(opts: ServerOptions): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const root = path.resolve(opts.rendererDir);
  let port = 0;

  const handleApi = async (req: http.IncomingMessage, res: http.ServerResponse, method: string) => {
    const auth = req.headers.authorization ?? '';
    const given = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (!given) return sendJson(res, 401, { ok: false, error: { code: 'unauthorized', message: 'This call needs the token printed by `mldrill serve`.', retryable: false } });
    if (!tokenMatches(given, token)) {
      return sendJson(res, 403, { ok: false, error: { code: 'unauthorized', message: 'The token is not valid for this server; it changes at every start. Open the URL the server printed.', retryable: false } });
    }
    if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'invalid-argument', message: 'Use POST', retryable: false } });
    let arg: unknown;
    try {
      const body = await readBody(req);
      arg = body === '' ? {} : (JSON.parse(body) as unknown);
    } catch (e) {
      return sendJson(res, 400, { ok: false, error: { code: 'invalid-argument', message: `Bad request body: ${(e as Error).message}`, retryable: false } });
    }
    sendJson(res, 200, opts.dispatch(method, arg));
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
    const extra: http.OutgoingHttpHeaders = type.startsWith('text/html')
      ? { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Frame-Options': 'DENY' }
      : { 'Cache-Control': file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-store' };
    send(res, 200, body, type, extra);
  };

  const server = http.createServer((req, res) => {
    // Only our own origin: refuses DNS-rebinding pages that reach 127.0.0.1 under another host name.
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(res, 403, 'forbidden host', 'text/plain');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname.startsWith('/api/')) {
      handleApi(req, res, url.pathname.slice(5)).catch((e: unknown) => sendJson(res, 500, { ok: false, error: { code: 'internal', message: String(e), retryable: false } }));
    } else if (req.method === 'GET' || req.method === 'HEAD') handleStatic(res, url.pathname);
    else send(res, 405, 'method not allowed', 'text/plain');
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
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
