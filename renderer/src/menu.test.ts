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

  it('go to the main screens with Ctrl+Shift+1..3 and Ctrl+, (by key code, whatever the layout types)', () => {
    expect(commandForKey({ ...key('!', { ctrlKey: true, shiftKey: true }), code: 'Digit1' })).toBe('go-practice');
    expect(commandForKey({ ...key('"', { ctrlKey: true, shiftKey: true }), code: 'Digit2' })).toBe('go-progress');
    expect(commandForKey({ ...key('#', { metaKey: true, shiftKey: true }), code: 'Digit3' })).toBe('go-questions');
    expect(commandForKey(key(',', { ctrlKey: true }))).toBe('go-settings');
    expect(commandForKey({ ...key('1', { ctrlKey: true }), code: 'Digit1' })).toBeNull(); // the browser's own tab switch
  });

  it('leave other keys alone', () => {
    expect(commandForKey(key('o'))).toBeNull();
    expect(commandForKey(key('o', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(commandForKey(key('p', { ctrlKey: true }))).toBeNull();
  });
});
