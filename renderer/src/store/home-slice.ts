/** What the user is choosing on Home (areas, level, count) and settings changes. Home's figures are a query. */
import type { AreaId, Level } from '../../../shared/areas';
import type { HomeView, Settings } from '../../../shared/api';
import { MAX_SESSION_QUESTIONS } from '../../../shared/limits';
import type { GetState, SetState, SliceDeps } from './types';

export interface HomeSlice {
  selectedAreas: AreaId[];
  level: Level | 'any';
  /** Questions per drill; null until the user picks one, so the saved default applies. */
  count: number | null;
  toggleArea(id: AreaId): void;
  setAreas(ids: AreaId[]): void;
  setLevel(level: Level | 'any'): void;
  setCount(n: number): void;
  updateSettings(patch: Partial<Settings>): Promise<void>;
}

export const clampCount = (n: number) => Math.max(1, Math.min(MAX_SESSION_QUESTIONS, Math.round(n)));

/** How many questions a drill of these areas and level can hold at most. */
export function availableFor(home: HomeView, areas: readonly AreaId[], level: Level | 'any'): number {
  return home.areas
    .filter((a) => areas.includes(a.id))
    .reduce((n, a) => n + (level === 'any' ? a.available : a.availableByLevel[level]), 0);
}

export function createHomeSlice(set: SetState, get: GetState, { transport, queryClient }: SliceDeps): HomeSlice {
  return {
    selectedAreas: [],
    level: 'any',
    count: null,
    toggleArea: (id) =>
      set((s) => ({ selectedAreas: s.selectedAreas.includes(id) ? s.selectedAreas.filter((a) => a !== id) : [...s.selectedAreas, id] })),
    setAreas: (ids) => set({ selectedAreas: ids }),
    setLevel: (level) => set({ level }),
    setCount: (count) => {
      if (Number.isFinite(count)) set({ count: clampCount(count) });
    },
    updateSettings: async (patch) => {
      // Show the change at once; put the old value back if it could not be saved.
      const key = ['getHome', {}];
      const previous = queryClient.getQueryData<HomeView>(key);
      if (previous) queryClient.setQueryData<HomeView>(key, { ...previous, settings: { ...previous.settings, ...patch } });
      const settings = get().unwrap(await transport.api.updateSettings(patch), 'Could not save the setting');
      if (!settings && previous) queryClient.setQueryData<HomeView>(key, previous);
    },
  };
}
