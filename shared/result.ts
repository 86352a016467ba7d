/** What crosses every process boundary: a value or a specific, user-presentable error. Exceptions never cross. */
export type ApiErrorCode = 'invalid-argument' | 'not-found' | 'conflict' | 'storage' | 'unauthorized' | 'internal';

export interface ApiError {
  code: ApiErrorCode;
  message: string;
  /** True when trying the same call again may succeed (database busy, disk full freed up). */
  retryable: boolean;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = (code: ApiErrorCode, message: string, retryable = false): Result<never> => ({
  ok: false,
  error: { code, message, retryable },
});
