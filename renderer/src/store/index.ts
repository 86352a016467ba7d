/** The app's store, on the transport chosen at start. Tests build their own with createAppStore. */
import { createTransport } from '../transport';
import { createAppStore } from './create';

export const useApp = createAppStore(createTransport());
export type { AppState } from './types';
