/// <reference types="vite/client" />
import type { MethodMetaTable } from '../../shared/methods';

declare global {
  /** The method table without its schemas, put in at build time from shared/methods.ts (see vite.config.ts). */
  const __MLDRILL_METHODS__: MethodMetaTable;
}
