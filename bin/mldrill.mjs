#!/usr/bin/env node
// Entry for the `mldrill` command. Checks the Node version before loading anything that needs it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(`mldrill needs Node.js 22 or newer (this is ${process.version}). Install Node 22, or run: npm install --prefix .ci/node node@22`);
  process.exit(2);
}
const cli = fileURLToPath(new URL('../dist/node/cli.mjs', import.meta.url));
if (!existsSync(cli)) {
  console.error('mldrill is not built yet. Run `npm run build` (npm ci runs it for you).');
  process.exit(2);
}
await import(cli);
