import type { AreaId, Level } from '../../../shared/areas';
import type { HomeView, Settings } from '../../../shared/api';
import { MAX_SESSION_QUESTIONS } from '../../../shared/limits';
import type { GetState, SetState, SliceDeps } from './types';

export interface HomeSlice {
  home: HomeView | null;
  homeLoading: boolean;
  selectedAreas: AreaId[];
  level: Level | 'any';
  count: number;
  loadHome(): Promise<void>;
  toggleArea(id: AreaId): void;
  setAreas(ids: AreaId[]): void;
  setLevel(level: Level | 'any'): void;
  setCount(n: number): void;
  updateSettings(patch: Partial<Settings>): Promise<void>;
}

export function createHomeSlice(set: SetState, get: GetState, { transport }: SliceDeps): HomeSlice {
  return {
    home: null,
    homeLoading: false,
    selectedAreas: [],
    level: 'any',
    count: 5,
    loadHome: async () => {
      set({ homeLoading: true });
      const home = get().unwrap(await transport.api.getHome({}), 'Could not load your progress');
      set((s) => ({
        homeLoading: false,
        home: home ?? s.home,
        count: s.home === null && home ? home.settings.defaultCount : s.count,
      }));
    },
    toggleArea: (id) =>
      set((s) => ({ selectedAreas: s.selectedAreas.includes(id) ? s.selectedAreas.filter((a) => a !== id) : [...s.selectedAreas, id] })),
    setAreas: (ids) => set({ selectedAreas: ids }),
    setLevel: (level) => set({ level }),
    setCount: (count) => set({ count: Math.max(1, Math.min(MAX_SESSION_QUESTIONS, Math.round(count) || 1)) }),
    updateSettings: async (patch) => {
      // Show the change at once; put the old value back if it could not be saved.
      const previous = get().home?.settings;
      const withSettings = (settings: Settings | undefined) => set((s) => ({ home: s.home && settings ? { ...s.home, settings } : s.home }));
      if (previous) withSettings({ ...previous, ...patch });
      const settings = get().unwrap(await transport.api.updateSettings(patch), 'Could not save the setting');
      withSettings(settings ?? previous);
    },
  };
}
