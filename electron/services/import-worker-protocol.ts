/** The messages between import-pack.ts and its worker thread (import-worker.ts), and how errors cross between them. */
import type { ImportResult } from '../../shared/api';
import type { ApiErrorCode } from '../../shared/result';
import { ServiceError } from './errors';
import type { RunOrder } from './import-job';

/** Raised whenever these messages change: a worker bundle built from older sources answers 'stale'. */
export const IMPORT_WORKER_PROTOCOL = 4;

/**
 * What a worker starts with. With an order it imports at once; without one it is a prepared worker (started when a
 * large pack is previewed): it opens its connection, parses the pack, answers 'ready' and waits for a RunMessage.
 */
export interface WorkerInput {
  protocol: number;
  dataDir: string;
  /** The pack as UTF-8 JSON (a transferred copy). */
  packBytes: Uint8Array;
  order: RunOrder | null;
}

/** To a prepared worker: import now. */
export interface RunMessage {
  type: 'run';
  order: RunOrder;
}

export interface SerializedError {
  name: string;
  message: string;
  /** A SQLite code (SQLITE_BUSY, …) or a ServiceError's code. */
  code?: string;
  service?: { code: ApiErrorCode; retryable: boolean };
}

export type WorkerMessage =
  | { type: 'stale'; protocol: number }
  | { type: 'started' }
  | { type: 'ready' }
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; result: ImportResult }
  | { type: 'error'; error: SerializedError };

export function serializeError(e: unknown): SerializedError {
  if (e instanceof ServiceError) return { name: e.name, message: e.message, service: { code: e.code, retryable: e.retryable } };
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return { name: e.name, message: e.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: 'Error', message: String(e) };
}

/** The error again on this side: a ServiceError keeps its code, a SQLite error its code (so dispatch maps it). */
export function deserializeError(s: SerializedError): Error {
  if (s.service) return new ServiceError(s.service.code, s.message, s.service.retryable);
  const e = new Error(s.message);
  e.name = s.name;
  if (s.code) Object.assign(e, { code: s.code });
  return e;
}
