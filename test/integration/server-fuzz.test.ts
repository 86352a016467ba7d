/**
 * Fuzzes browser mode over raw sockets, so malformed request lines, headers and framing reach the server as sent.
 * Every request must get a well-formed HTTP answer or a closed connection, and the server must keep serving.
 */
import fc from 'fast-check';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createDispatcher } from '../../electron/services/dispatch';
import { createServices, type Services } from '../../electron/services/index';
import { startServer, type RunningServer } from '../../electron/server/serve';
import { pack } from '../fixtures/packs';
import { tempDir } from './helpers';

/** Small, so over-limit bodies are cheap to generate; the timeouts only bound a stuck run. */
const BODY_LIMIT = 4096;
const ANSWER_WITHIN_MS = 5000;

let server: RunningServer;

async function start(): Promise<Services> {
  const bankDir = tempDir();
  fs.writeFileSync(path.join(bankDir, 'p.drillpack.json'), JSON.stringify(pack()));
  const rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
  fs.mkdirSync(path.join(rendererDir, 'assets'));
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  const services = createServices({ dataDir: tempDir(), bankDir });
  server = await startServer({ dispatch: createDispatcher(services.api), rendererDir, bodyLimit: () => BODY_LIMIT, headersTimeoutMs: 1000, requestTimeoutMs: 2000 });
  return services;
}

const weighted = <T,>(main: fc.Arbitrary<T>, weight: number, ...rest: fc.Arbitrary<T>[]) => fc.oneof({ arbitrary: main, weight }, ...rest);

const segment = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9._~-]{0,12}$/),
  fc.constantFrom('..', '.', '%2e%2e', '%2E.', '..%2f', '..%5c', '%2f', '%5c', '%00', '%', '%z1', '%e2%82', '%c0%af', '%ff', 'index.html', 'assets', 'app.js'),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.integer({ min: 250, max: 20_000 }).map((n) => 'a'.repeat(n)),
);
const target = weighted(
  fc.tuple(fc.constantFrom('/', '//', '/api/', '/assets/'), fc.array(segment, { maxLength: 4 }), fc.option(fc.string({ unit: 'binary', maxLength: 12 }))).map(
    ([start, segs, query]) => `${start}${segs.join('/')}${query === null ? '' : `?${query}`}`,
  ),
  6,
  fc.constantFrom('/', '//', '/..', '/../secret.txt', '/__blank', '*', 'http://127.0.0.1/', '', '/api', '/api//getHome', '/api/getHome', '/api/startSession', '/api/%67etHome'),
  fc.stringMatching(/^[a-zA-Z]{1,10}$/).map((m) => `/api/${m}`),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const method = weighted(
  fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'HEAD'),
  6,
  fc.stringMatching(/^[A-Za-z!#$%&'*+.^_`|~-]{1,10}$/),
  fc.string({ maxLength: 6 }),
);
const body = fc.oneof(
  fc.constantFrom('', '{}', '{nope', 'null', '[]', '{"areas":["fundamentals"],"level":"any","count":1}'),
  fc.json({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.integer({ min: BODY_LIMIT - 8, max: 4 * BODY_LIMIT }).map((n) => `"${'x'.repeat(n)}"`),
);
const anything = {
  method,
  target,
  version: weighted(fc.constant('HTTP/1.1'), 8, fc.constantFrom('HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 x', 'HTTX/1.1', '')),
  host: weighted(fc.constant('right'), 5, fc.constantFrom('localhost', 'wrong-port', 'evil', 'none', 'empty', 'twice')),
  auth: fc.constantFrom('token', 'token', 'none', 'wrong', 'basic', 'empty-bearer', 'lowercase'),
  contentType: fc.option(fc.oneof(fc.constantFrom('application/json', 'text/plain', 'multipart/form-data; boundary=x', ';;;=', ''), fc.string({ maxLength: 20 }))),
  framing: weighted(fc.constant('length'), 4, fc.constantFrom('none', 'shorter', 'longer', 'garbage', 'huge', 'chunked', 'chunked-raw', 'both')),
  garbageLength: fc.constantFrom('abc', '-1', '1e3', ' 5 ', '5, 6', '0x10', ''),
  expectContinue: fc.boolean(),
  extra: fc.array(fc.tuple(fc.stringMatching(/^[A-Za-z-]{1,12}$/), fc.string({ unit: 'binary', maxLength: 20 })), { maxLength: 3 }),
  body,
  pipelined: weighted(fc.constant(1), 6, fc.constant(2)),
  // Sometimes the client goes away after part of the request, to exercise the server's error paths.
  cutAfter: weighted(fc.constant(null), 8, fc.nat({ max: 400 })),
};
/** Mostly right, so the generated requests also get past the parser, the Host check and the token to the handlers. */
const plausible = {
  ...anything,
  method: weighted(fc.constant('POST'), 3, fc.constantFrom('GET', 'HEAD', 'PUT')),
  target: fc.oneof(fc.constantFrom('/api/getHome', '/api/startSession', '/api/getSession', '/api/saveDraft', '/', '/assets/app.js', '/__blank'), target),
  version: fc.constant('HTTP/1.1'),
  host: fc.constant('right'),
  auth: weighted(fc.constant('token'), 4, fc.constantFrom('none', 'wrong')),
  framing: weighted(fc.constant('length'), 4, fc.constantFrom('chunked', 'huge', 'longer')),
  extra: fc.constant([]),
  cutAfter: fc.constant(null),
};
const request = fc.oneof(fc.record(anything), fc.record(plausible));
type Request = typeof request extends fc.Arbitrary<infer T> ? T : never;

function encode(r: Request): Buffer {
  const bytes = Buffer.from(r.body, 'utf8');
  const host = `127.0.0.1:${server.port}`;
  const lines = [`${r.method} ${r.target} ${r.version}`];
  const hosts: Record<string, string[]> = {
    right: [host],
    localhost: [`localhost:${server.port}`],
    'wrong-port': [`127.0.0.1:${server.port + 1}`],
    evil: ['evil.example'],
    none: [],
    empty: [''],
    twice: [host, 'evil.example'],
  };
  for (const h of hosts[r.host]!) lines.push(`Host: ${h}`);
  const auth = { token: `Bearer ${server.token}`, none: null, wrong: 'Bearer not-the-token', basic: `Basic ${server.token}`, 'empty-bearer': 'Bearer ', lowercase: `bearer ${server.token}` }[r.auth];
  if (auth !== null) lines.push(`Authorization: ${auth}`);
  if (r.contentType !== null) lines.push(`Content-Type: ${r.contentType}`);
  if (r.expectContinue) lines.push('Expect: 100-continue');
  for (const [name, value] of r.extra) lines.push(`${name}: ${value}`);
  let payload = bytes;
  const length = (n: number | string) => lines.push(`Content-Length: ${n}`);
  if (r.framing === 'length') length(bytes.length);
  if (r.framing === 'shorter') length(Math.max(0, bytes.length - 3));
  if (r.framing === 'longer') length(bytes.length + 10);
  if (r.framing === 'garbage') length(r.garbageLength);
  if (r.framing === 'huge') length(10 ** 12);
  if (r.framing === 'both') length(bytes.length);
  if (r.framing === 'chunked' || r.framing === 'chunked-raw' || r.framing === 'both') lines.push('Transfer-Encoding: chunked');
  if (r.framing === 'chunked' || r.framing === 'both') {
    const parts: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 1000) {
      const part = bytes.subarray(i, i + 1000);
      parts.push(Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n'));
    }
    payload = Buffer.concat([...parts, Buffer.from('0\r\n\r\n')]);
  }
  const one = Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8'), payload]);
  return r.pipelined === 2 ? Buffer.concat([one, one]) : one;
}

/** Sends the bytes, half-closes, and collects what comes back until the server closes (or the deadline passes). */
function exchange(data: Buffer, cutAfter: number | null) {
  return new Promise<{ text: string; closed: boolean }>((resolve) => {
    let text = '';
    const socket = net.connect(server.port, '127.0.0.1', () => {
      if (cutAfter === null) socket.end(data);
      else socket.write(data.subarray(0, cutAfter), () => socket.destroy());
    });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false });
    }, ANSWER_WITHIN_MS);
    socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    });
  });
}

/** Sends 1,200 generated requests; then a normal call must still work. */
async function fuzz() {
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      const { text, closed } = await exchange(encode(r), r.cutAfter);
      expect(closed).toBe(true);
      if (r.cutAfter !== null || text === '') return;
      expect(text.slice(0, 40)).toMatch(/^HTTP\/1\.1 [1-5]\d\d /);
      const status = Number(text.slice(9, 12));
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      // A 500 would mean a handler threw: the server survived, but that is still a bug to look at.
      expect(status).not.toBe(500);
    }),
    { numRuns: 1200, seed: 20240611 },
  );
  // The generator reached the interesting answers, not only the parser's 400.
  for (const expected of [200, 400, 401, 403, 405, 413]) expect({ expected, seen: statuses.has(expected) }).toEqual({ expected, seen: true });

  const home = await fetch(`http://127.0.0.1:${server.port}/api/getHome`, { method: 'POST', headers: { Authorization: `Bearer ${server.token}` }, body: '{}' });
  expect(home.status).toBe(200);
  expect(await home.json()).toMatchObject({ ok: true });
}

describe('browser-mode server under fuzzed requests', () => {
  it('answers every generated request with a well-formed status or a closed connection, and keeps serving', async () => {
    const services = await start();
    // The server logs a request that failed inside a handler; none may.
    const logged = vi.spyOn(console, 'error');
    try {
      await fuzz();
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
      await server.close();
      services.close();
    }
  }, 60_000);
});
