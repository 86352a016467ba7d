/** One bound store merged from the feature slices (zustand's slices pattern), over any transport. */
import type { QueryClient } from '@tanstack/react-query';
import { create } from 'zustand';
import type { Transport } from '../transport';
import { createDrillSlice } from './drill-slice';
import { createHomeSlice } from './home-slice';
import { createPacksSlice } from './packs-slice';
import type { AppState } from './types';
import { createUiSlice } from './ui-slice';

export function createAppStore(transport: Transport, queryClient: QueryClient) {
  const deps = { transport, queryClient };
  return create<AppState>()((set, get) => ({
    ...createUiSlice(set, get, deps),
    ...createHomeSlice(set, get, deps),
    ...createDrillSlice(set, get, deps),
    ...createPacksSlice(set, get, deps),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;
