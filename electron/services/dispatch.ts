/**
 * The single entry point from any transport: the method name and argument arrive as unknown, are checked against
 * the shared schemas, and every outcome, including a thrown error, comes back as a Result.
 */
import { API_SCHEMAS, isApiMethod, type Api } from '../../shared/api';
import { err, ok, type Result } from '../../shared/result';
import { formatPath } from '../../shared/validate-pack';
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

const READS = new Set(['getHome', 'getSession', 'getSummary', 'getProgress']);

const baseCode = (code: string, table: Record<string, string>) => Object.keys(table).find((k) => code === k || code.startsWith(`${k}_`));

export function toResultError(e: unknown, method = ''): Result<never> {
  if (e instanceof ServiceError) return err(e.code, e.message, e.retryable);
  const code = (e as { code?: unknown }).code;
  const verb = READS.has(method) ? 'Could not read your data' : 'Could not save';
  if (typeof code === 'string' && code.startsWith('SQLITE_')) {
    const transient = baseCode(code, TRANSIENT);
    if (transient) {
      const kept = READS.has(method) ? '' : ' Nothing was lost; what you entered is still here.';
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

export type Dispatcher = (method: unknown, arg: unknown) => Result<unknown>;

/** Optional faults for end-to-end tests, e.g. MLDRILL_FAULTS="saveAttempt:SQLITE_FULL:1" fails the first save. */
export function parseFaults(spec: string | undefined): Map<string, { code: string; remaining: number }> {
  const faults = new Map<string, { code: string; remaining: number }>();
  for (const part of (spec ?? '').split(',').filter(Boolean)) {
    const [method, code, times] = part.split(':');
    if (method && code) faults.set(method, { code, remaining: Number(times ?? 1) || 1 });
  }
  return faults;
}

export function createDispatcher(api: Api, faults = parseFaults(undefined)): Dispatcher {
  return (method, arg) => {
    if (!isApiMethod(method)) return err('invalid-argument', `Unknown API method ${JSON.stringify(method)}`);
    const parsed = API_SCHEMAS[method].safeParse(arg ?? {});
    if (!parsed.success) {
      const first = parsed.error.issues[0]!;
      return err('invalid-argument', `${method}: ${formatPath(first.path)}: ${first.message}`);
    }
    try {
      const fault = faults.get(method);
      if (fault && fault.remaining > 0) {
        fault.remaining--;
        throw Object.assign(new Error(`injected fault ${fault.code}`), { code: fault.code });
      }
      const call = api[method] as (a: unknown) => unknown;
      return ok(call(parsed.data));
    } catch (e) {
      return toResultError(e, method);
    }
  };
}

