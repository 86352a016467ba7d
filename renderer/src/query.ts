/**
 * Server data in the renderer: every read goes through one query cache keyed by [method, argument]. Writes never
 * refresh by hand: the transport reports the reads each write declared stale in the method table, and they are
 * invalidated here.
 */
import { QueryClient, notifyManager, useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { ApiArg, ApiMethod, ApiValue, Bridge } from '../../shared/api';
import type { ReadMethod } from '../../shared/methods';
import type { ApiError } from '../../shared/result';

/** A failed read, carrying the API's error (its message is already a sentence for the user). */
export class ApiFailure extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
    this.name = 'ApiFailure';
  }
}

// Cache updates reach the screen in a microtask, not a zero-delay timer: a throttled background window (or a test's
// paused clock) must not hold back a setting the user just changed.
notifyManager.setScheduler(queueMicrotask);

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Writes in this window invalidate what they change; another window's writes show on focus.
        staleTime: 30_000,
        refetchOnWindowFocus: true,
        // A read that failed for a reason worth retrying (busy database) is tried again a few times, with backoff.
        retry: (count, e) => e instanceof ApiFailure && e.error.retryable && count < 3,
        // A failed read shows its error and a Retry button; mounting another view of it does not silently re-ask.
        retryOnMount: false,
      },
    },
  });
}

export function invalidateReads(client: QueryClient, stale: readonly ApiMethod[]): void {
  for (const method of stale) void client.invalidateQueries({ queryKey: [method] });
}

export function queryOptionsFor<M extends ReadMethod & keyof Bridge>(api: Bridge, method: M, arg: ApiArg<M>) {
  return {
    queryKey: [method, arg] as const,
    queryFn: async (): Promise<ApiValue<M>> => {
      const call = api[method] as unknown as (a: ApiArg<M>) => Promise<{ ok: true; value: ApiValue<M> } | { ok: false; error: ApiError }>;
      const result = await call(arg);
      if (!result.ok) throw new ApiFailure(result.error);
      return result.value;
    },
  };
}

export function useApiQuery<M extends ReadMethod & keyof Bridge>(api: Bridge, method: M, arg: ApiArg<M>): UseQueryResult<ApiValue<M>, Error> {
  return useQuery(queryOptionsFor(api, method, arg));
}
