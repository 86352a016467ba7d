import type { ApiError, Result } from '../../../shared/result';
import type { LoopResult, SessionSummary } from '../../../shared/api';
import type { MenuCommand } from '../../../shared/ipc';
import type { GetState, SetState, SliceDeps } from './types';

export type View = 'home' | 'drill' | 'summary' | 'loop-result' | 'packs' | 'questions' | 'dashboard' | 'browse' | 'history' | 'settings';
/** The screens the header's navigation offers (the drill and its summary are reached from Home, a history from a question). */
export const NAV_VIEWS = [
  { view: 'home', label: 'Practice' },
  { view: 'dashboard', label: 'Progress' },
  { view: 'browse', label: 'Questions' },
  { view: 'packs', label: 'Packs' },
  { view: 'questions', label: 'My questions' },
  { view: 'settings', label: 'Settings' },
] as const satisfies readonly { view: View; label: string }[];
export type NavView = (typeof NAV_VIEWS)[number]['view'];

/** A question by its pack and id, as a history page is opened. */
export interface QuestionRef {
  packId: string;
  id: string;
}

export interface Notice {
  id: number;
  message: string;
}

export interface UiSlice {
  view: View;
  summary: SessionSummary | null;
  /** The mock loop just finished or ended, for its result page. */
  loopResult: LoopResult | null;
  notices: Notice[];
  /** The one path for failed calls: returns the value, or records a visible message and returns null. */
  unwrap<T>(result: Result<T>, context: string): T | null;
  reportError(error: ApiError, context: string): void;
  dismissNotice(id: number): void;
  openLink(url: string): Promise<void>;
  /** Goes to a screen of the header's navigation (not while a drill is open: the drill has its own way out). */
  navigate(view: NavView): void;
  /** The question whose history page is open (view 'history'), and the screen it was opened from. */
  historyOf: QuestionRef | null;
  historyFrom: NavView | 'summary';
  openHistory(ref: QuestionRef): void;
  closeHistory(): void;
  /** A File menu command (or its shortcut) waiting for the screen that runs it; that screen clears it. */
  command: MenuCommand | null;
  runCommand(command: MenuCommand): void;
  clearCommand(): void;
}

/** The Go menu's commands and the screens they open. */
const GO_VIEWS = { 'go-practice': 'home', 'go-progress': 'dashboard', 'go-questions': 'browse', 'go-settings': 'settings' } as const satisfies Partial<
  Record<MenuCommand, NavView>
>;

let nextNotice = 1;

export function createUiSlice(set: SetState, get: GetState, deps: SliceDeps): UiSlice {
  return {
    view: 'home',
    summary: null,
    loopResult: null,
    notices: [],
    command: null,
    historyOf: null,
    historyFrom: 'browse',
    navigate: (view) => {
      if (get().view === 'drill') return;
      set({ view, summary: null, historyOf: null });
    },
    openHistory: (ref) => {
      const from = get().view;
      if (from === 'drill') return;
      set({ view: 'history', historyOf: ref, historyFrom: from === 'history' ? get().historyFrom : (from as NavView | 'summary') });
    },
    closeHistory: () => {
      const back = get().historyFrom;
      // The summary keeps its data in the store, so it can be returned to; any other screen reloads from the cache.
      set({ view: back === 'summary' && get().summary ? 'summary' : back === 'summary' ? 'home' : back, historyOf: null });
    },
    runCommand: (command) => {
      if (get().view === 'drill') return;
      const go = GO_VIEWS[command as keyof typeof GO_VIEWS];
      if (go) return get().navigate(go);
      // Import, the Packs screen and progress export live on the Packs screen; a new question on My questions.
      set({ command, view: command === 'new-question' ? 'questions' : 'packs', summary: null, historyOf: null });
    },
    clearCommand: () => set({ command: null }),
    unwrap: (result, context) => {
      if (result.ok) return result.value;
      get().reportError(result.error, context);
      return null;
    },
    reportError: (error, context) =>
      set((s) => ({ notices: [...s.notices.slice(-3), { id: nextNotice++, message: `${context}: ${error.message}` }] })),
    dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
    // The transport asks the user first (a native dialog on the desktop, a confirm in the browser).
    openLink: async (url) => {
      get().unwrap(await deps.transport.openExternal(url), 'Could not open the link');
    },
  };
}
