/**
 * Builds a bridge (one function per method) as a plain object from a list of method names and one way of
 * sending a call. The preload builds the desktop bridge with it and the renderer the browser-mode one, so both
 * have exactly the table's methods and nothing else: no Proxy that answers `then` or any other property.
 */
import type { Result } from './result';

export type SendCall = (method: string, arg: unknown) => Promise<Result<unknown>>;

export function bridgeFrom<B>(methods: readonly string[], send: SendCall): B {
  const bridge: Record<string, (arg: unknown) => Promise<Result<unknown>>> = {};
  for (const m of methods) bridge[m] = (arg: unknown) => send(m, arg);
  return Object.freeze(bridge) as B;
}
