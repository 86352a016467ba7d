/**
 * The packaging configuration as electron-builder itself reads it, the Electronegativity waiver rules, and the
 * claims in SECURITY.md (each names a test that must exist).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Configuration } from 'electron-builder';
import { beforeAll, describe, expect, it } from 'vitest';
import { judge, parseWaivers, type Finding } from '../../scripts/electronegativity-lib.mjs';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
// electron-builder's own loader and schema, from the app-builder-lib that electron-builder itself uses.
const fromBuilder = createRequire(require.resolve('electron-builder/package.json'));
const { loadConfig } = fromBuilder('app-builder-lib/out/util/config/load.js') as {
  loadConfig(request: { packageKey: string; configFilename: string; projectDir: string; packageMetadata: null }): Promise<{ result: Configuration; configFile: string | null } | null>;
};
interface SchemaObject {
  properties: Record<string, { type?: string }>;
}
const schema = JSON.parse(fs.readFileSync(path.join(path.dirname(fromBuilder.resolve('app-builder-lib/package.json')), 'scheme.json'), 'utf8')) as SchemaObject & {
  definitions: Record<string, SchemaObject>;
};

describe('electron-builder configuration', () => {
  let config: Configuration;
  let configFile: string | null;
  beforeAll(async () => {
    // The request electron-builder's getConfig makes (app-builder-lib/out/util/config/config.js).
    const loaded = await loadConfig({ packageKey: 'build', configFilename: 'electron-builder', projectDir: ROOT, packageMetadata: null });
    config = loaded!.result;
    configFile = loaded!.configFile;
  });

  it('electron-builder reads electron-builder.yml, through its own loader', () => {
    expect(configFile).toBe(path.join(ROOT, 'electron-builder.yml'));
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    // A "build" key in package.json would win over the file.
    expect(pkg.build).toBeUndefined();
    expect(config.appId).toBe('dev.mldrill.app');
  });

  it('turns off running as Node, NODE_OPTIONS, --inspect and file:// privileges; loads only an integrity-checked app.asar', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      grantFileProtocolExtraPrivileges: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: false,
    });
    // The asar fuses need an app.asar, and its integrity data (electron-builder computes it unless told not to).
    expect(config.asar).toBe(true);
    expect((config as Record<string, unknown>).disableAsarIntegrity).toBeUndefined();
  });

  it('names only fuses and options that electron-builder’s schema knows', () => {
    const fuses = schema.definitions.FuseOptionsV1!.properties;
    for (const [key, value] of Object.entries(config.electronFuses ?? {})) {
      expect({ key, known: key in fuses, type: fuses[key]?.type }).toEqual({ key, known: true, type: 'boolean' });
      expect(typeof value).toBe('boolean');
    }
    for (const key of Object.keys(config)) expect({ key, known: key in schema.properties }).toEqual({ key, known: true });
  });
});

describe('Electronegativity waivers', () => {
  const high = (id: string, file: string): Finding => ({ id, severity: 'HIGH', file, line: 1, column: 0 });
  const waiver = (check: string, file: string) => ({ check, file, reason: 'a reason long enough to read', line: 9 });

  it('reads waiver lines in one strict format and refuses anything that only looks like one', () => {
    expect(parseWaivers('intro\n- waiver: SOME_CHECK in electron/x.ts — because of a reason that is long enough\n- not a waiver')).toEqual([
      { check: 'SOME_CHECK', file: 'electron/x.ts', reason: 'because of a reason that is long enough', line: 2 },
    ]);
    for (const bad of [
      '- waiver: SOME_CHECK in electron/x.ts - hyphen instead of the dash, long enough',
      '- waiver: SOME_CHECK electron/x.ts — no "in", but a reason long enough',
      '- waiver: some_check in electron/x.ts — lower case id, reason long enough',
      '- waiver: SOME_CHECK in electron/x.ts — short',
      '* Waiver: SOME_CHECK in electron/x.ts — another bullet and case, long enough',
    ])
      expect(() => parseWaivers(bad), bad).toThrow(/SECURITY\.md line 1/);
    const twice = '- waiver: A in f — a reason long enough to read\n- waiver: A in f — a reason long enough to read';
    expect(() => parseWaivers(twice)).toThrow(/waived twice/);
  });

  it('fails on a HIGH finding without a waiver, passes it with one, and ignores lower severities', () => {
    const findings = [high('A_CHECK', 'electron/a.ts'), { ...high('B_CHECK', 'electron/a.ts'), severity: 'MEDIUM' }];
    expect(judge(findings, []).ok).toBe(false);
    expect(judge(findings, []).blocking).toEqual([findings[0]]);
    const verdict = judge(findings, [waiver('A_CHECK', 'electron/a.ts')]);
    expect(verdict).toMatchObject({ ok: true, blocking: [], stale: [] });
    expect(verdict.waived.map((w) => w.finding)).toEqual([findings[0]]);
  });

  it('a waiver covers one check in one file, and never a finding marked unwaivable', () => {
    expect(judge([high('A_CHECK', 'electron/b.ts')], [waiver('A_CHECK', 'electron/a.ts')]).ok).toBe(false);
    expect(judge([high('A_CHECK', 'electron/a.ts')], [waiver('OTHER', 'electron/a.ts')]).ok).toBe(false);
    const generated = judge([high('A_CHECK', '(windowOptions)')], [waiver('A_CHECK', '(windowOptions)')], { waivable: (f) => f.file !== '(windowOptions)' });
    expect(generated.blocking).toHaveLength(1);
  });

  it('fails on a stale waiver, so SECURITY.md never claims an exception that is gone', () => {
    const verdict = judge([], [waiver('A_CHECK', 'electron/a.ts')]);
    expect(verdict.ok).toBe(false);
    expect(verdict.stale).toHaveLength(1);
  });

  it('SECURITY.md’s waivers parse, name files that exist, and say why', () => {
    const waivers = parseWaivers(fs.readFileSync(path.join(ROOT, 'SECURITY.md'), 'utf8'));
    expect(waivers.length).toBeGreaterThan(0);
    for (const w of waivers) {
      expect({ file: w.file, exists: fs.existsSync(path.join(ROOT, w.file)) }).toEqual({ file: w.file, exists: true });
      expect(w.reason.length).toBeGreaterThan(60);
    }
  });

  it('npm run verify runs the scan', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg.scripts.verify).toContain('node scripts/electronegativity.mjs');
    expect(pkg.devDependencies['@doyensec/electronegativity']).toBeDefined();
  });
});

describe('SECURITY.md', () => {
  const text = fs.readFileSync(path.join(ROOT, 'SECURITY.md'), 'utf8');
  const citations = [...text.matchAll(/`((?:test|renderer)\/[^`]+\.(?:test|spec)\.tsx?)` › "([^"]+)"/g)].map((m) => ({ file: m[1]!, name: m[2]!, line: text.slice(0, m.index).split('\n').length }));

  it('names only tests that exist, in the file it says, under the name it gives', () => {
    expect(citations.length).toBeGreaterThan(40);
    for (const { file, name, line } of citations) {
      const full = path.join(ROOT, file);
      const source = fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : '';
      const found = [`'${name}'`, `"${name}"`, `\`${name}\``].some((quoted) => source.includes(quoted));
      expect({ line, file, name, found }).toEqual({ line, file, name, found: true });
    }
  });

  it('marks every promise that only the Electron runtime test checks as such', () => {
    const lines = text.split('\n');
    const desktop = citations.filter((c) => c.file === 'test/e2e/electron.spec.ts');
    expect(desktop.length).toBeGreaterThan(0);
    for (const c of desktop) expect({ line: c.line, marked: lines[c.line - 1]!.includes('(Electron runtime only)') }).toEqual({ line: c.line, marked: true });
    expect(text).toContain('skipped where no Electron runtime');
  });

  it('has a Data safety section whose promises each cite a test', () => {
    const section = /## Data safety\n([\s\S]*?)\n## /.exec(text)?.[1] ?? '';
    expect(section).toMatch(/Backups are taken with SQLite/);
    expect([...section.matchAll(/› "/g)].length).toBeGreaterThan(10);
  });
});
