import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/services/dispatch';
import { createServices, type Services } from '../../electron/services/index';
import { startServer, type RunningServer } from '../../electron/server/serve';
import { pack } from '../fixtures/packs';
import { tempDir } from './helpers';

let running: { server: RunningServer; services: Services } | null = null;
afterEach(async () => {
  await running?.server.close();
  running?.services.close();
  running = null;
});

async function start() {
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
  const server = await startServer({ dispatch: createDispatcher(services.api), rendererDir });
  running = { server, services };
  return server;
}

/** Raw HTTP so the test controls the Host header and sees exactly what the server sends. */
function request(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

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
});
