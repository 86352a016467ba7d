/**
 * What the question browser keeps while the user looks at a question's history (or any other screen): the filters,
 * the order, the selection, the search, and where to put focus back. Lost on reload, like any unsaved screen state.
 */
import type { BrowseFilter, SortKey } from './browse-model';
import { emptyFilter } from './browse-model';

export interface KeptBrowse {
  filter: BrowseFilter;
  sort: SortKey;
  selected: ReadonlySet<string>;
  showAll: boolean;
  search: string;
  /** The `data-return` value of the row or search hit that opened a history, focused again on the way back. */
  returnTo: string | null;
  scrollY: number;
}

export const kept: KeptBrowse = {
  filter: emptyFilter(),
  sort: 'bank',
  selected: new Set(),
  showAll: false,
  search: '',
  returnTo: null,
  scrollY: 0,
};

/** Remembers what opened a history, and how far down the page it was. */
export function rememberReturn(returnTo: string): void {
  kept.returnTo = returnTo;
  kept.scrollY = typeof window === 'undefined' ? 0 : window.scrollY;
}
