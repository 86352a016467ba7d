import type { ApiError, Result } from '../../../shared/result';
import type { SessionSummary } from '../../../shared/api';
import type { GetState, SetState, SliceDeps } from './types';

export type View = 'home' | 'drill' | 'summary';

export interface Notice {
  id: number;
  message: string;
}

export interface UiSlice {
  view: View;
  summary: SessionSummary | null;
  notices: Notice[];
  /** The one path for failed calls: returns the value, or records a visible message and returns null. */
  unwrap<T>(result: Result<T>, context: string): T | null;
  reportError(error: ApiError, context: string): void;
  dismissNotice(id: number): void;
  openLink(url: string): Promise<void>;
}

let nextNotice = 1;

export function createUiSlice(set: SetState, get: GetState, deps: SliceDeps): UiSlice {
  return {
    view: 'home',
    summary: null,
    notices: [],
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
