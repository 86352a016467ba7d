/**
 * Runs before the main bundle: asks for Home's figures straight away, so the answer is ready by the time React has
 * started, instead of being requested after it. The store picks the promise up in loadHome.
 */
import type { HomeView } from '../../shared/api';
import type { Result } from '../../shared/result';
import { createTransport } from './transport';

declare global {
  interface Window {
    __mldrillEarlyHome?: Promise<Result<HomeView>>;
  }
}

window.__mldrillEarlyHome = createTransport().api.getHome({});
