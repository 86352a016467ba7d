import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  allowScripts: Record<string, boolean>;
};

describe('package hygiene', () => {
  it('dependencies hold only what the packaged main process loads at run time: the modules esbuild leaves external', () => {
    const build = fs.readFileSync(path.join(ROOT, 'scripts', 'build-node.mjs'), 'utf8');
    const external = JSON.parse(/external: (\[[^\]]*\])/.exec(build)![1]!.replace(/'/g, '"')) as string[];
    // electron is the runtime itself: electron-builder refuses it as a dependency.
    expect(Object.keys(pkg.dependencies).sort()).toEqual(external.filter((m) => m !== 'electron').sort());
  });

  it('the renderer’s libraries are bundled by Vite, so they are devDependencies', () => {
    for (const lib of ['react', 'react-dom', 'react-markdown', 'zustand', '@tanstack/react-query', 'zod']) {
      expect(pkg.devDependencies[lib], lib).toBeDefined();
      expect(pkg.dependencies[lib], lib).toBeUndefined();
    }
  });

  it('every installed package with an install script is approved or denied explicitly', () => {
    const r = spawnSync('npm', ['install-scripts', 'ls'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/No packages with unreviewed install scripts/);
    // better-sqlite3 ships prebuilt Node-API binaries; its node-gyp rebuild would need a compiler for nothing.
    expect(pkg.allowScripts['better-sqlite3']).toBe(false);
  });
});
