import type { QueryClient } from '@tanstack/react-query';
import type { Transport } from '../transport';
import type { DrillSlice } from './drill-slice';
import type { HomeSlice } from './home-slice';
import type { PacksSlice } from './packs-slice';
import type { UiSlice } from './ui-slice';

export type AppState = HomeSlice & DrillSlice & UiSlice & PacksSlice;
export type SliceDeps = { transport: Transport; queryClient: QueryClient };
export type SetState = (partial: Partial<AppState> | ((s: AppState) => Partial<AppState>)) => void;
export type GetState = () => AppState;
