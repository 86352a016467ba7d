import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSafeExternalUrl } from '../../shared/links';
import { APP_ORIGIN, CONTENT_SECURITY_POLICY, faultSpecFor, isAppUrl, menuTemplate, openDialogFilters, rendererFileFor, spellcheckEnabled } from '../../electron/shell-policy';

const root = path.join(path.sep, 'app', 'dist', 'renderer');
const files = new Set([path.join(root, 'index.html'), path.join(root, 'assets', 'index.js')]);
const resolve = (url: string) => rendererFileFor(url, root, (f) => files.has(f), path.join, path.sep);

describe('shell policy', () => {
  it('serves only files under the renderer folder from app://', () => {
    expect(resolve(`${APP_ORIGIN}/assets/index.js`)).toBe(path.join(root, 'assets', 'index.js'));
    expect(resolve(`${APP_ORIGIN}/`)).toBe(path.join(root, 'index.html'));
    expect(resolve(`${APP_ORIGIN}/summary`)).toBe(path.join(root, 'index.html'));
    // The URL parser folds dot segments into the root, so this asks for <renderer>/etc/passwd, which falls back to index.html.
    expect(resolve(`${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd`)).toBe(path.join(root, 'index.html'));
    // Encoded slashes survive URL parsing; the decoded '..' segment is refused.
    expect(resolve(`${APP_ORIGIN}/..%2f..%2fetc%2fpasswd`)).toBeNull();
    expect(resolve('file:///etc/passwd')).toBeNull();
    expect(resolve('app://other-host/index.html')).toBeNull();
  });

  it('recognises only our own origin for navigation and IPC', () => {
    expect(isAppUrl(`${APP_ORIGIN}/`)).toBe(true);
    expect(isAppUrl('https://example.com/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('lets only http and https links leave the app', () => {
    expect(isSafeExternalUrl('https://arxiv.org/abs/1706.03762')).toBe(true);
    expect(isSafeExternalUrl('http://example.com')).toBe(true);
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'smb://host/share', 'data:text/html,x', '']) expect(isSafeExternalUrl(bad)).toBe(false);
  });

  it('has a strict CSP: scripts from self only, nothing inline or remote', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
  });
});

describe('no network, no test hooks in a packaged app', () => {
  it('spell-checks only where the system’s dictionaries do it (macOS); elsewhere Chromium would download them', () => {
    expect(spellcheckEnabled('darwin')).toBe(true);
    expect(spellcheckEnabled('linux')).toBe(false);
    expect(spellcheckEnabled('win32')).toBe(false);
  });

  it('ignores MLDRILL_FAULTS in a packaged app', () => {
    const env = { MLDRILL_FAULTS: 'saveAttempt:SQLITE_FULL:1' };
    expect(faultSpecFor(true, env)).toBeUndefined();
    expect(faultSpecFor(false, env)).toBe('saveAttempt:SQLITE_FULL:1');
  });

  it('the shell wires both into the window and the dispatcher', () => {
    const main = fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'electron', 'shell', 'main.ts'), 'utf8');
    expect(main).toContain('spellcheck: spellcheckEnabled(process.platform)');
    expect(main).toContain('parseFaults(faultSpecFor(app.isPackaged, process.env))');
    expect(main).not.toMatch(/process\.env\.MLDRILL_FAULTS/);
  });
});

describe('the application menu', () => {
  const labels = (items: ReturnType<typeof menuTemplate>): string[] =>
    items.flatMap((i) => [i.label ?? i.role ?? '-', ...(i.submenu ? labels(i.submenu) : [])]);

  it('has a Go menu whose accelerators send the go commands', () => {
    const sent: string[] = [];
    const go = menuTemplate('linux', true, (c) => sent.push(c)).find((i) => i.label === 'Go')!;
    const items = (go.submenu ?? []).filter((i) => i.label);
    expect(items.map((i) => [i.label, i.accelerator])).toEqual([
      ['Practice', 'CmdOrCtrl+1'],
      ['Progress', 'CmdOrCtrl+2'],
      ['Questions', 'CmdOrCtrl+3'],
      ['Settings', 'CmdOrCtrl+,'],
    ]);
    for (const i of items) (i.click as () => void)();
    expect(sent).toEqual(['go-practice', 'go-progress', 'go-questions', 'go-settings']);
  });

  it('has no developer tools or reload in a packaged build', () => {
    expect(labels(menuTemplate('linux', true, () => {}))).not.toEqual(expect.arrayContaining(['toggleDevTools']));
    expect(labels(menuTemplate('linux', true, () => {}))).not.toContain('reload');
    expect(labels(menuTemplate('linux', false, () => {}))).toContain('toggleDevTools');
  });

  it('File holds the pack and progress commands, each sending its command to the page', () => {
    const sent: string[] = [];
    const file = menuTemplate('win32', true, (c) => sent.push(c)).find((i) => i.label === 'File')!;
    for (const item of file.submenu!) item.click?.();
    expect(sent).toEqual(['import-pack', 'open-packs', 'new-question', 'export-progress']);
    expect(file.submenu!.find((i) => i.label === 'Import Pack…')?.accelerator).toBe('CmdOrCtrl+O');
  });

  it('the open dialog offers packs as JSON or CSV', () => {
    expect(openDialogFilters('pack')[0]).toEqual({ name: 'Drill packs (JSON or CSV)', extensions: ['json', 'csv'] });
  });
});
