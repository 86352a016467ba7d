import { describe, expect, it } from 'vitest';
import { commandForKey } from './menu';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('File menu shortcuts in browser mode', () => {
  it('match the desktop menu’s accelerators', () => {
    expect(commandForKey(key('o', { ctrlKey: true }))).toBe('import-pack');
    expect(commandForKey(key('O', { metaKey: true }))).toBe('import-pack');
    expect(commandForKey(key('P', { ctrlKey: true, shiftKey: true }))).toBe('open-packs');
  });

  it('leave other keys alone', () => {
    expect(commandForKey(key('o'))).toBeNull();
    expect(commandForKey(key('o', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(commandForKey(key('p', { ctrlKey: true }))).toBeNull();
  });
});
