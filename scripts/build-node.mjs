// Bundles the Node side: the Electron main process and preload (CommonJS, as Electron's sandboxed preload
// requires), the mldrill CLI (ESM), and the pack-import worker beside each host that starts it
// (dist/node/import-worker.mjs for the CLI and the tests, dist/electron/import-worker.cjs for the desktop app, which
// packages only dist/electron). Native and Electron modules stay external.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: 'linked', logLevel: 'warning', external: ['electron', 'better-sqlite3'] };

// CommonJS output has no import.meta; code that finds files beside itself (the import worker) reads import.meta.url,
// so the Node-side CommonJS bundles define it from __filename. (Not the preload: its sandbox has no node:url.)
const cjsImportMeta = {
  define: { 'import.meta.url': '__mldrillImportMetaUrl' },
  banner: { js: "const __mldrillImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};
// Bundled CommonJS dependencies may call require(); give them one in the ESM output.
const esmRequire = { banner: { js: "import { createRequire as __mldrillCreateRequire } from 'node:module'; const require = __mldrillCreateRequire(import.meta.url);" } };

await Promise.all([
  build({ ...common, ...cjsImportMeta, entryPoints: ['electron/shell/main.ts'], outfile: 'dist/electron/main.cjs', format: 'cjs' }),
  build({ ...common, entryPoints: ['electron/shell/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs' }),
  build({ ...common, ...cjsImportMeta, entryPoints: ['electron/services/import-worker.ts'], outfile: 'dist/electron/import-worker.cjs', format: 'cjs' }),
  build({ ...common, ...esmRequire, entryPoints: ['electron/cli/bin.ts'], outfile: 'dist/node/cli.mjs', format: 'esm' }),
  build({ ...common, ...esmRequire, entryPoints: ['electron/services/import-worker.ts'], outfile: 'dist/node/import-worker.mjs', format: 'esm' }),
  // The transcription process (a child process, not a thread: onnxruntime aborts on a damaged model). Its native
  // engine, sherpa-onnx-node, finds its binary relative to its own folder, so it stays external.
  ...['node', 'electron'].map((host) =>
    build({
      ...common,
      ...(host === 'node' ? esmRequire : cjsImportMeta),
      external: [...common.external, 'sherpa-onnx-node'],
      entryPoints: ['electron/services/transcribe/worker.ts'],
      outfile: host === 'node' ? 'dist/node/transcribe-worker.mjs' : 'dist/electron/transcribe-worker.cjs',
      format: host === 'node' ? 'esm' : 'cjs',
    }),
  ),
]);
