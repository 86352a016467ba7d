import { defineConfig } from 'vitest/config';
import { methodMeta } from './shared/methods';

export default defineConfig({
  define: { __MLDRILL_METHODS__: JSON.stringify(methodMeta()) },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'renderer/src/**/*.test.{ts,tsx}'],
    environment: 'node',
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
  },
});
