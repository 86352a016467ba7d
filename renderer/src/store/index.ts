/** The app's store and query cache, on the transport chosen at start. Tests build their own with createAppStore. */
import { createQueryClient, invalidateReads, useApiQuery } from '../query';
import { createTransport } from '../transport';
import { createAppStore } from './create';

export const queryClient = createQueryClient();
export const transport = createTransport((stale) => invalidateReads(queryClient, stale));
export const useApp = createAppStore(transport, queryClient);
export type { AppState } from './types';

/** Home's figures, settings and unfinished drill, from the query cache. */
export const useHome = () => useApiQuery(transport.api, 'getHome', {});
