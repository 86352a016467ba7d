/** One bound store merged from the feature slices (zustand's slices pattern), over any transport. */
import { create } from 'zustand';
import type { Transport } from '../transport';
import { createDrillSlice } from './drill-slice';
import { createHomeSlice } from './home-slice';
import type { AppState } from './types';
import { createUiSlice } from './ui-slice';

export function createAppStore(transport: Transport) {
  return create<AppState>()((set, get) => ({
    ...createUiSlice(set, get, { transport }),
    ...createHomeSlice(set, get, { transport }),
    ...createDrillSlice(set, get, { transport }),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;
