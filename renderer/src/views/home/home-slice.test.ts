/** Home's store slice (renderer/src/store/home-slice.ts): the drill choices it keeps, and saving settings. */
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { HomeView, Settings } from '../../../../shared/api';
import { err, ok } from '../../../../shared/result';
import { fakeBridge } from '../../../../test/fixtures/fake-bridge';
import { createAppStore } from '../../store/create';
import type { Transport } from '../../transport';

const settings: Settings = {
  mode: 'practice',
  theme: 'system',
  defaultCount: 5,
  dayStartHour: 4,
  maxReviewsPerDay: 30,
  newPerDay: 5,
  interviewDate: null,
  interviewAreas: ['vision'],
  showStreaks: true,
  backupsKept: 10,
  answerByTyping: false,
  transcriptionModelDir: null,
};
const home = { settings } as HomeView;

function storeWith(updateSettings: (arg: Partial<Settings>) => Promise<ReturnType<typeof ok<Settings>> | ReturnType<typeof err>>) {
  const transport: Transport = { kind: 'browser', api: fakeBridge({ updateSettings }), openExternal: async () => ok({ opened: false }) };
  const client = new QueryClient();
  client.setQueryData(['getHome', {}], home);
  return { store: createAppStore(transport, client), client };
}

describe('the home slice', () => {
  it('keeps the drill choice and the custom mix across visits to other screens', () => {
    const { store } = storeWith(async () => ok(settings));
    expect(store.getState().drillChoice).toBe('mixed');
    store.getState().setDrillChoice('custom');
    store.getState().setCustom({ kinds: ['behavioral'] });
    store.getState().setCustom({ tags: 'drift' });
    expect(store.getState().custom).toEqual({ tags: 'drift', kinds: ['behavioral'], roles: [], levels: [] });
    store.getState().navigate('settings');
    store.getState().navigate('home');
    expect(store.getState().drillChoice).toBe('custom');
  });

  it('a saved change shows at once and answers true', async () => {
    let seen: Partial<Settings> | null = null;
    const { store, client } = storeWith(async (patch) => {
      seen = patch;
      // While the call is in flight the screen already shows the change.
      expect(client.getQueryData<HomeView>(['getHome', {}])!.settings.interviewDate).toBe('2026-12-01');
      return ok({ ...settings, ...patch });
    });
    await expect(store.getState().updateSettings({ interviewDate: '2026-12-01' })).resolves.toBe(true);
    expect(seen).toEqual({ interviewDate: '2026-12-01' });
    expect(store.getState().notices).toEqual([]);
  });

  it('a refused change puts the old values back, says why and answers false', async () => {
    const { store, client } = storeWith(async () => err('storage', 'the disk is full', true));
    await expect(store.getState().updateSettings({ newPerDay: 9 })).resolves.toBe(false);
    expect(client.getQueryData<HomeView>(['getHome', {}])!.settings.newPerDay).toBe(5);
    expect(store.getState().notices.map((n) => n.message)).toEqual(['Could not save the settings: the disk is full']);
  });
});
