import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDispatcher, type Dispatcher } from '../../electron/services/dispatch';
import { createServices, type Services } from '../../electron/services/index';
import {
  HEADERS_TIMEOUT_MS,
  MAX_BODY_BYTES,
  MAX_CONNECTIONS,
  REQUEST_TIMEOUT_MS,
  startServer,
  type RunningServer,
  type ServerOptions,
} from '../../electron/server/serve';
import { CONTENT_SECURITY_POLICY } from '../../electron/shell-policy';
import { MAX_ANSWER_CHARS } from '../../shared/limits';
import { METHODS, METHOD_NAMES } from '../../shared/methods';
import { pack } from '../fixtures/packs';
import { tempDir } from './helpers';

let running: { server: RunningServer; services: Services } | null = null;
afterEach(async () => {
  await running?.server.close();
  running?.services.close();
  running = null;
});

async function start(overrides: Partial<Omit<ServerOptions, 'dispatch'>> = {}, wrap = (dispatch: Dispatcher) => dispatch) {
  const bankDir = tempDir();
  fs.writeFileSync(path.join(bankDir, 'p.drillpack.json'), JSON.stringify(pack()));
  // The renderer folder sits inside a folder that also holds a secret the server must never hand out.
  const parent = tempDir();
  const rendererDir = path.join(parent, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(parent, 'secret.txt'), 'secret');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
  fs.mkdirSync(path.join(rendererDir, 'assets'));
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  const services = createServices({ dataDir: tempDir(), bankDir });
  const server = await startServer({ dispatch: wrap(createDispatcher(services.api)), rendererDir, ...overrides });
  running = { server, services };
  return server;
}

/** Node's HTTP client so the test controls the Host header and sees exactly what the server sends. */
function request(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | string[] }) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', reject);
    // An array is sent as separate writes without Content-Length, i.e. chunked.
    if (Array.isArray(opts.body)) for (const part of opts.body) req.write(part);
    req.end(Array.isArray(opts.body) ? undefined : opts.body);
  });
}

/** Writes raw bytes and collects everything the server sends until it closes the socket (or `waitMs` passes). */
function raw(port: number, data: string, waitMs = 3000) {
  return new Promise<{ text: string; closed: boolean; ms: number }>((resolve) => {
    const t0 = Date.now();
    const socket = net.connect(port, '127.0.0.1', () => socket.write(data));
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false, ms: Date.now() - t0 });
    }, waitMs);
    socket.on('data', (c) => (text += c.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true, ms: Date.now() - t0 });
    });
  });
}

const getHome = (s: RunningServer) => request(s.port, { method: 'POST', path: '/api/getHome', headers: { Authorization: `Bearer ${s.token}` }, body: '{}' });

describe('browser-mode server', () => {
  it('listens on 127.0.0.1 and prints a URL with a fresh token each start', async () => {
    const a = await start();
    expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{20,}$/);
    const firstToken = a.token;
    await running!.server.close();
    running!.services.close();
    running = null;
    const b = await start();
    expect(b.token).not.toBe(firstToken);
  });

  it('answers 401 without the token and 403 with a wrong one', async () => {
    const s = await start();
    const call = (headers: Record<string, string>) => request(s.port, { method: 'POST', path: '/api/getHome', headers, body: '{}' });
    expect((await call({})).status).toBe(401);
    expect((await call({ Authorization: 'Bearer wrong-token' })).status).toBe(403);
    const good = await call({ Authorization: `Bearer ${s.token}` });
    expect(good.status).toBe(200);
    expect(JSON.parse(good.body)).toMatchObject({ ok: true, value: { areas: expect.any(Array) } });
    expect(good.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('accepts connections on 127.0.0.1 only: not on ::1, not on the machine’s other addresses', async () => {
    const s = await start();
    const connects = (host: string) =>
      new Promise<boolean>((resolve) => {
        const socket = net.connect({ host, port: s.port, timeout: 2000 });
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('timeout', () => {
          socket.destroy();
          resolve(false);
        });
        socket.once('error', () => resolve(false));
      });
    expect(await connects('127.0.0.1')).toBe(true);
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal)
      .map((a) => a!.address.split('%')[0]!);
    for (const host of ['::1', ...others]) expect({ host, connected: await connects(host) }).toEqual({ host, connected: false });
  });

  it('asks for the token on every API method, before anything is dispatched', async () => {
    const dispatched: unknown[] = [];
    const s = await start({}, (real) => (method, arg) => {
      dispatched.push(method);
      return real(method, arg);
    });
    for (const method of [...METHOD_NAMES, 'dropTables']) {
      for (const [headers, status] of [
        [{}, 401],
        [{ Authorization: 'Bearer wrong-token' }, 403],
        [{ Authorization: `Basic ${s.token}` }, 401],
        [{ Authorization: `bearer ${s.token}` }, 401],
        [{ Cookie: `token=${s.token}` }, 401],
      ] as const) {
        const r = await request(s.port, { method: 'POST', path: `/api/${method}?token=${s.token}`, headers, body: '{}' });
        expect({ method, headers, status: r.status }).toEqual({ method, headers, status });
      }
    }
    expect((await request(s.port, { method: 'GET', path: '/api/getHome' })).status).toBe(401);
    expect(dispatched).toEqual([]);
  });

  it('sends no CORS headers: a cross-origin preflight or call is never allowed', async () => {
    const s = await start();
    const origin = { Origin: 'https://evil.example' };
    const answers = [
      await request(s.port, { method: 'OPTIONS', path: '/api/getHome', headers: { ...origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization' } }),
      await request(s.port, { method: 'POST', path: '/api/getHome', headers: { ...origin, Authorization: `Bearer ${s.token}` }, body: '{}' }),
      await request(s.port, { method: 'POST', path: '/api/getHome', headers: origin, body: '{}' }),
      await request(s.port, { path: '/', headers: origin }),
    ];
    for (const r of answers) expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    expect(answers[0]!.status).toBe(401);
  });

  it('refuses other Host names (DNS rebinding) even with the token', async () => {
    const s = await start();
    const r = await request(s.port, { method: 'POST', path: '/api/getHome', headers: { Host: 'evil.example:80', Authorization: `Bearer ${s.token}` } });
    expect(r.status).toBe(403);
  });

  it('passes arguments through the shared schemas and answers with a Result', async () => {
    const s = await start();
    const r = await request(s.port, { method: 'POST', path: '/api/startSession', headers: { Authorization: `Bearer ${s.token}` }, body: '{"areas":[],"level":"any","count":5}' });
    expect(JSON.parse(r.body)).toEqual({ ok: false, error: { code: 'invalid-argument', message: 'startSession: areas: choose at least one area', retryable: false } });
    const bad = await request(s.port, { method: 'POST', path: '/api/getHome', headers: { Authorization: `Bearer ${s.token}` }, body: '{nope' });
    expect(bad.status).toBe(400);
  });

  it('serves the renderer with the CSP, falls back to index.html, and never serves files outside it', async () => {
    const s = await start();
    const index = await request(s.port, { path: '/' });
    expect(index.body).toContain('<title>app</title>');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await request(s.port, { path: '/assets/app.js' })).headers['content-type']).toContain('text/javascript');
    expect((await request(s.port, { path: '/some/route' })).body).toContain('<title>app</title>');
    // Dot segments are folded into the root by URL parsing (so these ask for <renderer>/secret.txt, absent: index.html);
    // an encoded slash or backslash that would climb out after decoding is refused outright.
    for (const [p, status] of [
      ['/../secret.txt', 200],
      ['/%2e%2e/secret.txt', 200],
      ['/..%2fsecret.txt', 403],
      ['/..%5csecret.txt', 403],
      ['/assets/..%2f..%2fsecret.txt', 403],
    ] as const) {
      const r = await request(s.port, { path: p });
      expect({ p, status: r.status, leaked: r.body.includes('secret') }).toEqual({ p, status, leaked: false });
    }
  });

  it('gives /__blank the same CSP as every other HTML page', async () => {
    const s = await start();
    const blank = await request(s.port, { path: '/__blank' });
    expect(blank.headers['content-type']).toContain('text/html');
    expect(blank.headers['content-security-policy']).toBe((await request(s.port, { path: '/' })).headers['content-security-policy']);
    expect(blank.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('puts the same strict CSP on every HTML response: /, /index.html, a route that falls back, /__blank, HEAD', async () => {
    const s = await start();
    const answers = await Promise.all(
      [
        ['GET', '/'],
        ['GET', '/index.html'],
        ['GET', '/some/route'],
        ['GET', '/drill/3?x=1'],
        ['GET', '/__blank'],
        ['HEAD', '/'],
        ['HEAD', '/__blank'],
      ].map(async ([method, p]) => ({ method, p, r: await request(s.port, { method: method!, path: p! }) })),
    );
    for (const { method, p, r } of answers) {
      expect({ method, p, status: r.status, type: r.headers['content-type'] }).toEqual({ method, p, status: 200, type: 'text/html; charset=utf-8' });
      expect({ method, p, csp: r.headers['content-security-policy'], frame: r.headers['x-frame-options'], sniff: r.headers['x-content-type-options'] }).toEqual({
        method,
        p,
        csp: CONTENT_SECURITY_POLICY,
        frame: 'DENY',
        sniff: 'nosniff',
      });
    }
  });

  it('answers odd request targets (//, ?query only, absolute-form) without crashing, and keeps serving', async () => {
    const s = await start();
    const host = `Host: 127.0.0.1:${s.port}\r\nConnection: close\r\n\r\n`;
    expect((await raw(s.port, `GET // HTTP/1.1\r\n${host}`)).text).toMatch(/^HTTP\/1\.1 200 [^]*<title>app<\/title>/);
    expect((await raw(s.port, `GET //evil.example/x?y HTTP/1.1\r\n${host}`)).text).toMatch(/^HTTP\/1\.1 200 [^]*<title>app<\/title>/);
    expect((await raw(s.port, `GET http://127.0.0.1:${s.port}/ HTTP/1.1\r\n${host}`)).text).toMatch(/^HTTP\/1\.1 400 /);
    expect((await request(s.port, { path: '/?a=1' })).status).toBe(200);
    expect((await getHome(s)).status).toBe(200);
  });

  it('answers a path segment longer than a file name may be (ENAMETOOLONG) with the index, and keeps serving', async () => {
    const s = await start();
    for (const p of [`/${'a'.repeat(300)}`, `/assets/${'b'.repeat(5000)}.js`]) {
      const r = await request(s.port, { path: p });
      expect({ p: p.slice(0, 12), status: r.status, index: r.body.includes('<title>app</title>') }).toEqual({ p: p.slice(0, 12), status: 200, index: true });
    }
    expect((await getHome(s)).status).toBe(200);
  });

  it('turns any throw in a handler into a 500 or 400 answer and keeps serving', async () => {
    const s = await start({}, (real) => (method, arg) => {
      // Not an Error and not even convertible to a string: the worst thing a handler can throw.
      if (method === 'getProgress') throw Object.create(null);
      if (method === 'getSummary') return { ok: true, value: 1n };
      return real(method, arg);
    });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const auth = { Authorization: `Bearer ${s.token}` };
    for (const method of ['getProgress', 'getSummary']) {
      const r = await request(s.port, { method: 'POST', path: `/api/${method}`, headers: auth, body: '{}' });
      expect({ method, status: r.status, body: JSON.parse(r.body) as unknown }).toEqual({
        method,
        status: 500,
        body: { ok: false, error: { code: 'internal', message: expect.any(String), retryable: false } },
      });
    }
    // A request line the HTTP parser refuses: 400, then the socket is closed.
    expect(logged).toHaveBeenCalledTimes(2);
    logged.mockRestore();
    const garbage = await raw(s.port, 'GET /\0 HTT\r\n\r\n');
    expect(garbage).toMatchObject({ closed: true, text: expect.stringMatching(/^HTTP\/1\.1 400 /) });
    expect((await getHome(s)).status).toBe(200);
  });

  it('answers an over-limit body with 413 and a Result that real clients read (Content-Length, fetch and http.request)', async () => {
    const s = await start();
    const big = 'x'.repeat(2 * MAX_BODY_BYTES);
    const expected = { ok: false, error: { code: 'too-large', message: expect.stringMatching(new RegExp(`^The request is larger than ${METHODS.getHome.maxBodyBytes} bytes`)), retryable: false } };
    const viaFetch = await fetch(`http://127.0.0.1:${s.port}/api/getHome`, { method: 'POST', headers: { Authorization: `Bearer ${s.token}` }, body: big });
    expect(viaFetch.status).toBe(413);
    expect(viaFetch.headers.get('connection')).toBe('close');
    expect(await viaFetch.json()).toEqual(expected);
    const viaHttp = await request(s.port, { method: 'POST', path: '/api/getHome', headers: { Authorization: `Bearer ${s.token}` }, body: big });
    expect({ status: viaHttp.status, body: JSON.parse(viaHttp.body) as unknown }).toEqual({ status: 413, body: expected });
    expect((await getHome(s)).status).toBe(200);
  });

  it('answers an over-limit chunked body (no Content-Length) with 413 too', async () => {
    const s = await start();
    const chunks = Array.from({ length: 24 }, () => 'y'.repeat(100_000));
    const r = await request(s.port, { method: 'POST', path: '/api/getHome', headers: { Authorization: `Bearer ${s.token}` }, body: chunks });
    expect(r.status).toBe(413);
    expect(r.headers['transfer-encoding']).toBeUndefined();
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'too-large', retryable: false } });
    expect((await getHome(s)).status).toBe(200);
  });

  it('takes the body limit per API method from the bodyLimit option', async () => {
    const s = await start({ bodyLimit: (method) => (method === 'getHome' ? 100 : MAX_BODY_BYTES) });
    const auth = { Authorization: `Bearer ${s.token}` };
    const padded = JSON.stringify({ areas: [], level: 'any', count: 5, pad: 'z'.repeat(200) });
    const small = await request(s.port, { method: 'POST', path: '/api/getHome', headers: auth, body: padded });
    expect({ status: small.status, body: JSON.parse(small.body) as unknown }).toEqual({
      status: 413,
      body: { ok: false, error: { code: 'too-large', message: expect.stringMatching(/^The request is larger than 100 bytes/), retryable: false } },
    });
    const chunked = await request(s.port, { method: 'POST', path: '/api/getHome', headers: auth, body: [padded.slice(0, 80), padded.slice(80)] });
    expect(chunked.status).toBe(413);
    const other = await request(s.port, { method: 'POST', path: '/api/startSession', headers: auth, body: padded });
    expect(other.status).toBe(200);
  });

  it('derives routes and body limits from the method table', async () => {
    const s = await start();
    const auth = { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json' };
    const post = (method: string, body: string) => request(s.port, { method: 'POST', path: `/api/${method}`, headers: auth, body });
    // A read takes a small body; a draft takes a whole answer at the limit.
    expect((await post('getHome', JSON.stringify({ pad: 'x'.repeat(METHODS.getHome.maxBodyBytes) }))).status).toBe(413);
    const session = JSON.parse((await post('startSession', JSON.stringify({ areas: ['fundamentals'], level: 'any', count: 1 }))).body) as { value: { id: number } };
    const draft = { phase: 'answer', answer: '\u0001'.repeat(MAX_ANSWER_CHARS), elapsedMs: 0 };
    const saved = await post('saveDraft', JSON.stringify({ sessionId: session.value.id, position: 0, revision: 0, draft }));
    expect({ status: saved.status, ok: (JSON.parse(saved.body) as { ok: boolean }).ok }).toEqual({ status: 200, ok: true });
    // Methods the table does not have, or that only the desktop offers, have no route.
    for (const method of ['dropTables', 'openExternal', '__proto__']) {
      const r = await post(method, '{}');
      expect({ method, status: r.status, code: (JSON.parse(r.body) as { error: { code: string } }).error.code }).toEqual({ method, status: 404, code: 'not-found' });
    }
  });

  it('closes connections that send their headers or body too slowly', async () => {
    expect(HEADERS_TIMEOUT_MS).toBeGreaterThanOrEqual(2000);
    expect(HEADERS_TIMEOUT_MS).toBeLessThanOrEqual(10_000);
    expect(REQUEST_TIMEOUT_MS).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS);
    expect(REQUEST_TIMEOUT_MS).toBeLessThanOrEqual(30_000);
    const s = await start({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
    const slowHeaders = await raw(s.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nX-Slow: `);
    expect(slowHeaders.closed).toBe(true);
    expect(slowHeaders.text).toMatch(/^HTTP\/1\.1 408 /);
    const slowBody = await raw(s.port, `POST /api/getHome HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nAuthorization: Bearer ${s.token}\r\nContent-Length: 100\r\n\r\n{`);
    expect(slowBody.closed).toBe(true);
    expect((await getHome(s)).status).toBe(200);
  });

  it(`accepts at most ${MAX_CONNECTIONS} connections at once`, async () => {
    expect(MAX_CONNECTIONS).toBeGreaterThanOrEqual(16);
    const s = await start();
    const open = async () => {
      const socket = net.connect(s.port, '127.0.0.1');
      socket.on('error', () => {});
      await new Promise((resolve) => socket.once('connect', resolve));
      return socket;
    };
    const sockets = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, open));
    // One request on each makes sure the server has accepted all of them before the extra one comes.
    await Promise.all(
      sockets.map(
        (socket) =>
          new Promise((resolve) => {
            socket.once('data', resolve);
            socket.write(`GET /assets/app.js HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\n\r\n`);
          }),
      ),
    );
    const extra = await raw(s.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nConnection: close\r\n\r\n`);
    expect(extra).toMatchObject({ closed: true, text: '' });
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await getHome(s)).status).toBe(200);
  });

  it('rejects with one plain sentence naming the port when the port is taken', async () => {
    const s = await start();
    const clash = startServer({ dispatch: () => ({ ok: true, value: null }), rendererDir: tempDir(), port: s.port });
    await expect(clash).rejects.toThrow(`Port ${s.port} is already in use. Choose another with --port, or leave --port out to pick a free one.`);
    await expect(clash).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect((await getHome(s)).status).toBe(200);
  });
});
