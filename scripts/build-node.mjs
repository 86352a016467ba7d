// Bundles the Node side: the Electron main process and preload (CommonJS, as Electron's sandboxed preload
// requires) and the mldrill CLI (ESM). Native and Electron modules stay external.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: 'linked', logLevel: 'warning', external: ['electron', 'better-sqlite3'] };

await Promise.all([
  build({ ...common, entryPoints: ['electron/shell/main.ts'], outfile: 'dist/electron/main.cjs', format: 'cjs' }),
  build({ ...common, entryPoints: ['electron/shell/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs' }),
  build({
    ...common,
    entryPoints: ['electron/cli/bin.ts'],
    outfile: 'dist/node/cli.mjs',
    format: 'esm',
    // Bundled CommonJS dependencies may call require(); give them one in the ESM output.
    banner: { js: "import { createRequire as __mldrillCreateRequire } from 'node:module'; const require = __mldrillCreateRequire(import.meta.url);" },
  }),
]);
