/** What crosses every process boundary: a value or a specific, user-presentable error. Exceptions never cross. */
export const API_ERROR_CODES = ['invalid-argument', 'not-found', 'conflict', 'stale', 'too-large', 'storage', 'unauthorized', 'internal'] as const;
/** `stale`: another window wrote a newer draft of the same question; `too-large`: the request is over its limit. */
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

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
