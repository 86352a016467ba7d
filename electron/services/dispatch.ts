/**
 * The single entry point from any transport, derived from the method table: the method name and argument arrive
 * as unknown, are checked against the table's schemas, and every outcome, including a thrown error, comes back as
 * a Result.
 */
import type { ApiMethod, ServiceApi, ShellApi } from '../../shared/api';
import { METHODS, isApiMethod, type DesktopOnlyMethod, type Host, type ParsedArg, type ServiceMethod } from '../../shared/methods';
import { err, ok, type Result } from '../../shared/result';
import { escapeControlChars, formatPath, schemaIssueMessage } from '../../shared/validate-pack';
import { ServiceError } from './errors';

/** SQLite failures that can pass: another process holds a lock, the disk fills up or hiccups. */
const TRANSIENT: Record<string, string> = {
  SQLITE_BUSY: 'the database is busy (another process is using it)',
  SQLITE_LOCKED: 'the database is locked',
  SQLITE_FULL: 'the disk is full',
  SQLITE_IOERR: 'the disk reported an input/output error',
};
/** SQLite failures that retrying cannot fix. */
const PERMANENT: Record<string, string> = {
  SQLITE_CORRUPT: 'the database file is damaged',
  SQLITE_NOTADB: 'the data file is not an ML Interview Drill database',
  SQLITE_READONLY: 'the database is read-only',
  SQLITE_CANTOPEN: 'the database file cannot be opened',
  SQLITE_PERM: 'the database file cannot be written (permissions)',
};

const isRead = (method: string) => isApiMethod(method) && METHODS[method].access === 'read';
const baseCode = (code: string, table: Record<string, string>) => Object.keys(table).find((k) => code === k || code.startsWith(`${k}_`));

export function toResultError(e: unknown, method = ''): Result<never> {
  if (e instanceof ServiceError) return err(e.code, e.message, e.retryable);
  const code = (e as { code?: unknown }).code;
  const read = isRead(method);
  const verb = read ? 'Could not read your data' : 'Could not save';
  if (typeof code === 'string' && code.startsWith('SQLITE_')) {
    const transient = baseCode(code, TRANSIENT);
    if (transient) {
      const kept = read ? '' : ' Nothing was lost; what you entered is still here.';
      return err('storage', `${verb}: ${TRANSIENT[transient]}.${kept} Try again.`, true);
    }
    const permanent = baseCode(code, PERMANENT);
    if (permanent) return err('storage', `${verb}: ${PERMANENT[permanent]} (${code}).`, false);
    if (code.startsWith('SQLITE_CONSTRAINT')) return err('conflict', `${verb}: the change conflicts with data already stored (${code}).`, false);
    return err('internal', `${verb}: the database failed (${code}).`, false);
  }
  const message = e instanceof Error ? e.message : String(e);
  return err('internal', `Unexpected error: ${message}`);
}

export type ParsedCall = { [M in ApiMethod]: { method: M; arg: ParsedArg<M> } }[ApiMethod];

/**
 * Checks a call that arrived from a transport: the method exists in the table, this host offers it, and the
 * argument passes its strict schema (extra fields are errors). The one place arguments are parsed.
 */
export function parseCall(host: Host, method: unknown, arg: unknown): Result<ParsedCall> {
  if (!isApiMethod(method)) return err('invalid-argument', `Unknown API method ${methodName(method)}`);
  const spec = METHODS[method];
  if (!(spec.hosts as readonly Host[]).includes(host)) return err('invalid-argument', `${method} is not available in ${host === 'browser' ? 'browser mode' : 'the desktop app'}`);
  // The validator's wording ("must be at most 100000 characters (got 100001)"), not zod's default text.
  const parsed = spec.arg.safeParse(arg ?? {}, { reportInput: true, error: (issue) => schemaIssueMessage(issue) });
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    // An unknown field is named by its own path ("getSession: sql: is not a known field"), not its object's.
    const where = first.code === 'unrecognized_keys' ? [...first.path, first.keys[0]!] : first.path;
    return err('invalid-argument', `${method}: ${argumentPath(where)}: ${first.message}`);
  }
  return ok({ method, arg: parsed.data } as ParsedCall);
}

/** A name that is not a method, shown without serializing whatever it is (a bigint, a 10 MB string). */
function methodName(name: unknown): string {
  if (typeof name === 'string') return escapeControlChars(JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name));
  if (typeof name === 'number' || typeof name === 'boolean' || name === null || name === undefined) return String(name);
  return `(a ${typeof name}, not a name)`;
}

/**
 * The JSON path of an argument error, as formatPath writes it. A key the caller made up (an unknown field) is
 * quoted when it is not a plain name, cut short and with control characters escaped, so "../x", "" or a 10 kB key
 * can neither pass for a path nor flood the message.
 */
function argumentPath(path: readonly PropertyKey[]): string {
  const plain = (k: PropertyKey) => typeof k === 'number' || (typeof k === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/.test(k));
  if (path.every(plain)) return formatPath(path);
  const quoted = path.map((k) => {
    if (plain(k)) return k;
    const text = String(k);
    return escapeControlChars(JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text));
  });
  return formatPath(quoted);
}

/** A Result at once, or a promise of one for the methods the table declares async (a pack import). */
export type Dispatcher = (method: unknown, arg: unknown) => Result<unknown> | Promise<Result<unknown>>;
export type FaultSpec = Map<string, { code: string; remaining: number }>;

/**
 * Optional faults for end-to-end tests, e.g. MLDRILL_FAULTS="saveAttempt:SQLITE_FULL:1" fails the first save.
 * A packaged desktop app never reads them (see faultsFor in electron/shell-policy.ts).
 */
export function parseFaults(spec: string | undefined): FaultSpec {
  const faults: FaultSpec = new Map();
  for (const part of (spec ?? '').split(',').filter(Boolean)) {
    const [method, code, times] = part.split(':');
    if (method && code) faults.set(method, { code, remaining: Number(times ?? 1) || 1 });
  }
  return faults;
}

/**
 * Waits between tries of a call that found the database locked by another connection (about 3 s in all). The
 * services' connection waits at most a few milliseconds inside SQLite (see createServices), so a lock held elsewhere
 * never freezes this thread: the call is retried from a timer, and every other call goes on being answered.
 */
export const BUSY_RETRY_MS = [10, 20, 40, 80, 160, 320, 640, 1280] as const;

export function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED' || code.startsWith('SQLITE_LOCKED_'));
}

export interface DispatcherOptions {
  /** For tests: the waits between busy retries (default BUSY_RETRY_MS). */
  busyRetryMs?: readonly number[];
}

/** The services' dispatcher for a host: every method of the table that the services implement. */
export function createDispatcher(api: ServiceApi, faults: FaultSpec = new Map(), host: Host = 'browser', options: DispatcherOptions = {}): Dispatcher {
  const waits = options.busyRetryMs ?? BUSY_RETRY_MS;
  return (method, arg) => {
    const call = parseCall(host, method, arg);
    if (!call.ok) return call;
    const name = call.value.method;
    if (!Object.hasOwn(api, name)) return err('invalid-argument', `${name} is not offered by the services`);
    const impl = api[name as ServiceMethod] as (a: unknown) => unknown;
    // An injected fault stands for a failure that outlasted every retry: it is answered at once.
    const fault = faults.get(name);
    if (fault && fault.remaining > 0) {
      fault.remaining--;
      return toResultError(Object.assign(new Error(`injected fault ${fault.code}`), { code: fault.code }), name);
    }
    const attempt = (): Result<unknown> | Promise<Result<unknown>> => {
      const value = impl(call.value.arg);
      if (value instanceof Promise) return value.then(ok, (e: unknown) => toResultError(e, name));
      return ok(value);
    };
    try {
      return attempt();
    } catch (e) {
      if (!isBusy(e) || waits.length === 0) return toResultError(e, name);
      return retryWhileBusy(attempt, waits, name);
    }
  };
}

/** Retries a call that found the database busy, from timers, until it succeeds or the waits run out. */
async function retryWhileBusy(attempt: () => Result<unknown> | Promise<Result<unknown>>, waits: readonly number[], name: string): Promise<Result<unknown>> {
  let last: unknown;
  for (const ms of waits) {
    await new Promise((resolve) => setTimeout(resolve, ms));
    try {
      return await attempt();
    } catch (e) {
      if (!isBusy(e)) return toResultError(e, name);
      last = e;
    }
  }
  return toResultError(last, name);
}

/**
 * The desktop app's dispatcher: the services' methods, plus the shell's own (native dialogs, links), which may
 * wait on the user. Each call is parsed once, by parseCall.
 */
export function createDesktopDispatcher(api: ServiceApi, shell: ShellApi, faults: FaultSpec = new Map()) {
  const services = createDispatcher(api, faults, 'desktop');
  return async (method: unknown, arg: unknown): Promise<Result<unknown>> => {
    const call = parseCall('desktop', method, arg);
    if (!call.ok) return call;
    if (!Object.hasOwn(shell, call.value.method)) return await services(method, arg);
    try {
      const impl = shell[call.value.method as DesktopOnlyMethod] as (a: unknown) => Promise<unknown>;
      return ok(await impl(call.value.arg));
    } catch (e) {
      return toResultError(e, call.value.method);
    }
  };
}
