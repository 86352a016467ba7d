// Runs Electronegativity (@doyensec/electronegativity) over electron/ and fails on any HIGH finding that SECURITY.md
// does not waive (lines `- waiver: CHECK_ID in path — reason`), or on a waiver that no longer matches a finding.
// Part of `npm run verify`. Offline: the tool's network calls (translations, the list of Electron releases) are
// answered locally, and the check that needs that list (AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK) is not run.
//
// The tool reads each file on its own and sees a BrowserWindow's options only when they are written inline, so the
// options the shell really uses (windowOptions in electron/shell-policy.ts) are also written out, as the literal
// they evaluate to, and scanned; a HIGH finding there cannot be waived. A known-bad window is scanned first, so a
// broken install or parser cannot pass as "no findings".
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { judge, parseWaivers, toFindings } from './electronegativity-lib.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const GENERATED = '(windowOptions)';
const EXCLUDED = ['AvailableSecurityFixesGlobalCheck'];

// Offline: every `got` request the tool makes gets a local "unavailable" answer (the tool then uses its bundled
// English messages). Installed before the tool is loaded, under the exact files its modules resolve `got` to.
const enDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
const offline = async () => ({ statusCode: 503, headers: {}, body: '' });
offline.head = offline;
for (const user of ['dist/locales/i18n.js', 'dist/finder/checks/GlobalChecks/AvailableSecurityFixesGlobalCheck.js']) {
  const gotPath = createRequire(path.join(enDir, user)).resolve('got');
  const stub = new Module(gotPath);
  stub.filename = gotPath;
  stub.loaded = true;
  stub.exports = offline;
  require.cache[gotPath] = stub;
}
process.env.LANG = 'en-US';
const run = require('@doyensec/electronegativity');

const electronVersion = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')).version;

async function scan(input, prefix) {
  const result = await run({ input, isRelative: true, excludeFromScan: EXCLUDED, electronVersionOverride: electronVersion, parserPlugins: [] });
  const failed = result.errors.filter((e) => !e.tolerable);
  for (const e of result.errors) console.log(`${e.tolerable ? 'warning' : 'error'}: ${e.file}: ${e.message}`);
  if (failed.length > 0) throw new Error(`Electronegativity could not parse ${failed.map((e) => e.file).join(', ')}: those files were not checked.`);
  return toFindings(result.issues, prefix);
}

/** windowOptions() as the literal it evaluates to, in a file of its own, packaged and development build. */
async function windowOptionsFile(dir) {
  const bundle = await build({ entryPoints: [path.join(ROOT, 'electron', 'shell-policy.ts')], bundle: true, platform: 'node', format: 'esm', write: false, logLevel: 'error' });
  const policy = await import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString('base64')}`);
  const lines = ["import { BrowserWindow } from 'electron';"];
  for (const packaged of [true, false]) {
    const options = policy.windowOptions({ preload: '/app/dist/electron/preload.cjs', platform: 'linux', packaged });
    lines.push(`export const ${packaged ? 'packaged' : 'development'} = new BrowserWindow(${JSON.stringify(options, null, 2)});`);
  }
  const file = path.join(dir, 'window-options.ts');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const pad = (s, n) => String(s).padEnd(n);
const show = (f, note = '') => console.log(`  ${pad(f.severity, 8)} ${pad(f.confidence ?? '', 9)} ${pad(f.id, 36)} ${pad(`${f.file}:${f.line}:${f.column}`, 34)} ${note || f.sample}`);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mldrill-electronegativity-'));
try {
  // The canary: a window without context isolation or sandbox must be flagged, or the scan is not working.
  const canary = path.join(tmp, 'canary.ts');
  fs.writeFileSync(canary, "import { BrowserWindow } from 'electron';\nnew BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\n");
  const flagged = (await scan(canary, '')).filter((f) => f.file === 'canary.ts');
  if (!flagged.some((f) => f.id === 'CONTEXT_ISOLATION_JS_CHECK' && f.severity === 'HIGH') || !flagged.some((f) => f.id === 'SANDBOX_JS_CHECK')) {
    throw new Error(`Electronegativity did not flag a window with contextIsolation and sandbox off (it found: ${flagged.map((f) => f.id).join(', ') || 'nothing'}); the scan is not working.`);
  }
  fs.rmSync(canary);

  // From the generated file only what is about the window's options; the whole-app checks come from electron/.
  const generated = (await scan(await windowOptionsFile(tmp), '')).filter((f) => f.file === 'window-options.ts').map((f) => ({ ...f, file: GENERATED }));
  const source = await scan(path.join(ROOT, 'electron'), 'electron');
  const findings = [...source, ...generated];
  const waivers = parseWaivers(fs.readFileSync(path.join(ROOT, 'SECURITY.md'), 'utf8'));
  const verdict = judge(findings, waivers, { waivable: (f) => f.file !== GENERATED });

  console.log(`electronegativity ${require('@doyensec/electronegativity/package.json').version} on electron/ and ${GENERATED}, Electron ${electronVersion}; not run: ${EXCLUDED.join(', ')} (needs the network)`);
  const order = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3, INFORMATIONAL: 4 };
  for (const f of [...findings].sort((a, b) => (order[a.severity] ?? 9) - (order[b.severity] ?? 9) || a.id.localeCompare(b.id))) {
    const w = verdict.waived.find((x) => x.finding === f);
    show(f, w ? `waived, SECURITY.md line ${w.waiver.line}` : verdict.blocking.includes(f) ? 'NOT WAIVED' : '');
  }
  if (findings.length === 0) console.log('  no findings');
  for (const w of verdict.stale) console.log(`stale waiver, SECURITY.md line ${w.line}: no HIGH ${w.check} in ${w.file} any more; remove the waiver`);
  if (!verdict.ok) {
    console.error(`electronegativity: ${verdict.blocking.length} HIGH finding(s) without a waiver, ${verdict.stale.length} stale waiver(s).`);
    process.exitCode = 1;
  } else {
    console.log(`electronegativity: no HIGH finding without a waiver (${verdict.waived.length} waived in SECURITY.md).`);
  }
} catch (e) {
  console.error(`electronegativity: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
