// `node scripts/apply-keyword-fixes.mjs FIXES.json [--dry-run]`: applies a list of keyword changes to the built-in
// bank (resources/bank/*.drillpack.json). The file is a JSON array of
//   { "packId": "...", "questionId": "...", "itemId": "...", "remove": ["exact keyword", ...], "add": ["...", ...] }
// Keywords are compared as exact strings. Every change that cannot be applied is reported (pack, question or item not
// found, a keyword to remove that the item does not have, an addition it already has, a keyword outside the format's
// 1-40 characters, an item left with more than 12 keywords or with none) and the files are written only when
// nothing was reported, so a half-applied list never lands. The files are written back as the bank keeps them
// (JSON.stringify with two spaces and a final newline). Pack versions are not bumped: the lead does that with the
// release (keyword changes are a PATCH).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BANK_DIR = path.join(root, 'resources', 'bank');
/** The format's limits on keywords (shared/pack-schema.ts). */
const MAX_KEYWORDS = 12;
const MAX_KEYWORD_LENGTH = 40;

/** Reads and checks a fixes file: an array of well-formed entries, or an Error naming the first bad one. */
export function parseFixes(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`the fixes file is not JSON: ${e.message}`, { cause: e });
  }
  if (!Array.isArray(data)) throw new Error('the fixes file must hold a JSON array of changes');
  data.forEach((f, i) => {
    const where = `fix [${i}]`;
    if (typeof f !== 'object' || f === null || Array.isArray(f)) throw new Error(`${where} is not an object`);
    for (const key of ['packId', 'questionId', 'itemId']) if (typeof f[key] !== 'string' || f[key] === '') throw new Error(`${where}.${key} must be a non-empty string`);
    for (const key of ['remove', 'add']) {
      if (f[key] === undefined) continue;
      if (!Array.isArray(f[key]) || f[key].some((k) => typeof k !== 'string')) throw new Error(`${where}.${key} must be an array of strings`);
    }
    const unknown = Object.keys(f).filter((k) => !['packId', 'questionId', 'itemId', 'remove', 'add', 'why'].includes(k));
    if (unknown.length) throw new Error(`${where} has unknown field(s) ${unknown.join(', ')}`);
  });
  return data;
}

/**
 * Applies the fixes to packs in memory (the objects are changed in place). `packs` maps a pack id to its parsed
 * file. Returns the problems, one readable line each; an empty list means every change applied.
 */
export function applyFixes(packs, fixes) {
  const problems = [];
  fixes.forEach((f, i) => {
    const where = `fix [${i}] ${f.packId} / ${f.questionId} / ${f.itemId}`;
    const pack = packs.get(f.packId);
    if (!pack) return problems.push(`${where}: no pack with id "${f.packId}"`);
    const question = pack.questions.find((q) => q.id === f.questionId);
    if (!question) return problems.push(`${where}: pack "${f.packId}" has no question "${f.questionId}"`);
    const item = question.checklist.find((it) => it.id === f.itemId);
    if (!item) return problems.push(`${where}: question "${f.questionId}" has no item "${f.itemId}"`);
    const keywords = [...(item.keywords ?? [])];
    for (const k of f.remove ?? []) {
      const at = keywords.indexOf(k);
      if (at === -1) problems.push(`${where}: has no keyword ${JSON.stringify(k)} to remove`);
      else keywords.splice(at, 1);
    }
    for (const k of f.add ?? []) {
      if (k.length < 1 || k.length > MAX_KEYWORD_LENGTH) problems.push(`${where}: keyword ${JSON.stringify(k)} is not 1-${MAX_KEYWORD_LENGTH} characters`);
      else if (keywords.includes(k)) problems.push(`${where}: already has keyword ${JSON.stringify(k)}`);
      else keywords.push(k);
    }
    if (keywords.length > MAX_KEYWORDS) problems.push(`${where}: would have ${keywords.length} keywords, more than ${MAX_KEYWORDS}`);
    if (keywords.length === 0) problems.push(`${where}: would have no keywords left`);
    item.keywords = keywords;
  });
  return problems;
}

/** The bank's packs by id, each with the file it came from. */
export function readBank(dir = BANK_DIR) {
  const packs = new Map();
  const files = new Map();
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.drillpack.json')).sort()) {
    const file = path.join(dir, name);
    const pack = JSON.parse(fs.readFileSync(file, 'utf8'));
    packs.set(pack.id, pack);
    files.set(pack.id, file);
  }
  return { packs, files };
}

async function main() {
  const args = process.argv.slice(2);
  const dryRun = args.includes('--dry-run');
  const fixesFile = args.find((a) => !a.startsWith('--'));
  if (!fixesFile) {
    console.error('usage: node scripts/apply-keyword-fixes.mjs FIXES.json [--dry-run]');
    process.exit(2);
  }
  const fixes = parseFixes(fs.readFileSync(fixesFile, 'utf8'));
  const { packs, files } = readBank();
  const problems = applyFixes(packs, fixes);
  if (problems.length) {
    for (const p of problems) console.error(p);
    console.error(`${problems.length} problem(s); no file was written`);
    process.exit(1);
  }
  const touched = new Set(fixes.map((f) => f.packId));
  // Each file is written beside itself and renamed over it, so an interrupted run leaves the old file whole.
  if (!dryRun) {
    for (const id of touched) {
      const file = files.get(id);
      fs.writeFileSync(`${file}.partial`, `${JSON.stringify(packs.get(id), null, 2)}\n`);
      fs.renameSync(`${file}.partial`, file);
    }
  }
  console.log(`${dryRun ? 'would apply' : 'applied'} ${fixes.length} change(s) to ${touched.size} pack(s)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}
