/** What the user is choosing on Home (areas, level, count, drill mode, custom mix) and settings changes. Home's figures are a query. */
import type { AreaId, Kind, Level, Role } from '../../../shared/areas';
import type { DrillFocus, HomeView, Settings } from '../../../shared/api';
import { MAX_SESSION_QUESTIONS } from '../../../shared/limits';
import type { GetState, SetState, SliceDeps } from './types';

/** What Home's drill form picks: one of the services' focuses, or a custom mix (mixed order, narrowed by a filter). */
export type DrillChoice = DrillFocus | 'custom';

/** The custom mix's filters as the form holds them: tags as typed, the rest as chosen (empty: no narrowing). */
export interface CustomMix {
  tags: string;
  kinds: Kind[];
  roles: Role[];
  levels: Level[];
}

export const EMPTY_MIX: CustomMix = { tags: '', kinds: [], roles: [], levels: [] };

export interface HomeSlice {
  selectedAreas: AreaId[];
  level: Level | 'any';
  /** Questions per drill; null until the user picks one, so the saved default applies. */
  count: number | null;
  drillChoice: DrillChoice;
  custom: CustomMix;
  toggleArea(id: AreaId): void;
  setAreas(ids: AreaId[]): void;
  setLevel(level: Level | 'any'): void;
  setCount(n: number): void;
  setDrillChoice(choice: DrillChoice): void;
  setCustom(patch: Partial<CustomMix>): void;
  /** Saves the fields given; resolves true once saved (a failure is shown as a notice and the old values come back). */
  updateSettings(patch: Partial<Settings>): Promise<boolean>;
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
    drillChoice: 'mixed',
    custom: EMPTY_MIX,
    toggleArea: (id) =>
      set((s) => ({ selectedAreas: s.selectedAreas.includes(id) ? s.selectedAreas.filter((a) => a !== id) : [...s.selectedAreas, id] })),
    setAreas: (ids) => set({ selectedAreas: ids }),
    setLevel: (level) => set({ level }),
    setCount: (count) => {
      if (Number.isFinite(count)) set({ count: clampCount(count) });
    },
    setDrillChoice: (drillChoice) => set({ drillChoice }),
    setCustom: (patch) => set((s) => ({ custom: { ...s.custom, ...patch } })),
    updateSettings: async (patch) => {
      // Show the change at once; put the old value back if it could not be saved.
      const key = ['getHome', {}];
      const previous = queryClient.getQueryData<HomeView>(key);
      if (previous) queryClient.setQueryData<HomeView>(key, { ...previous, settings: { ...previous.settings, ...patch } });
      const settings = get().unwrap(await transport.api.updateSettings(patch), 'Could not save the settings');
      if (!settings) {
        if (previous) queryClient.setQueryData<HomeView>(key, previous);
        return false;
      }
      return true;
    },
  };
}
