import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTextFile, writeFileAtomic } from '../../electron/services/files';
import { tempDir } from './helpers';

describe("reading and writing the user's files", () => {
  it('reads UTF-8 text and gives the base name only', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'p.drillpack.json'), '{"title":"Préparation"}');
    expect(readTextFile(path.join(dir, 'p.drillpack.json'), 1000)).toEqual({ fileName: 'p.drillpack.json', text: '{"title":"Préparation"}' });
  });

  it('refuses a file over the limit before reading it, a folder, a missing file, and bytes that are not UTF-8', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'big.json'), 'x'.repeat(2000));
    expect(() => readTextFile(path.join(dir, 'big.json'), 1000)).toThrow(expect.objectContaining({ code: 'too-large' }));
    expect(() => readTextFile(dir, 1000)).toThrow(/is not a regular file/);
    expect(() => readTextFile(path.join(dir, 'nope.json'), 1000)).toThrow(/nope\.json cannot be read: ENOENT/);
    fs.writeFileSync(path.join(dir, 'latin1.json'), Buffer.from([0x7b, 0xe9, 0x7d]));
    expect(() => readTextFile(path.join(dir, 'latin1.json'), 1000)).toThrow(/is not UTF-8 text/);
  });

  it('writes atomically: the target is replaced whole and no temporary file is left', () => {
    const dir = tempDir();
    const file = path.join(dir, 'out.json');
    fs.writeFileSync(file, 'old');
    writeFileAtomic(file, 'new contents');
    expect(fs.readFileSync(file, 'utf8')).toBe('new contents');
    expect(fs.readdirSync(dir)).toEqual(['out.json']);
  });
});
