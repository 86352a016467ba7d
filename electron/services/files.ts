/** Reading and writing the user's files (packs, CSVs, progress files, exports): size first, strict UTF-8, atomic writes. */
import fs from 'node:fs';
import path from 'node:path';
import { ServiceError } from './errors';

/** Reads a text file of at most `limit` bytes; refuses a folder, a larger file or bytes that are not UTF-8. */
export function readTextFile(file: string, limit: number): { fileName: string; text: string } {
  const fileName = path.basename(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    throw new ServiceError('not-found', `${fileName} cannot be read: ${(e as NodeJS.ErrnoException).code ?? String(e)}.`);
  }
  if (!stat.isFile()) throw new ServiceError('invalid-argument', `${fileName} is not a regular file.`);
  if (stat.size > limit) {
    throw new ServiceError('too-large', `${fileName} is ${(stat.size / 1048576).toFixed(1)} MB; the limit is ${(limit / 1048576).toFixed(0)} MB.`);
  }
  const bytes = fs.readFileSync(file);
  try {
    return { fileName, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    throw new ServiceError('invalid-argument', `${fileName} is not UTF-8 text.`);
  }
}

/** Writes beside the target, flushes, then renames over it: a crash leaves the old file or the new one, never half. */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
