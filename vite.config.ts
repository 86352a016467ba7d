import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { methodMeta } from './shared/methods';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  // The method table without its zod schemas: the renderer builds its bridge and query invalidation from it.
  define: { __MLDRILL_METHODS__: JSON.stringify(methodMeta()) },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
});
