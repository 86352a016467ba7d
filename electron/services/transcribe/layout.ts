/**
 * Recognises a sherpa-onnx model folder by its file names: Moonshine (tiny or base) or Whisper (tiny.en and the
 * other sizes). Only names and sizes are read here; whether the weights load is the engine's business, in its own
 * process (see host.ts). Every refusal says what is wrong and what to do, naming the files that are missing.
 */
import fs from 'node:fs';
import path from 'node:path';

export type EngineKind = 'moonshine' | 'whisper';

export interface MoonshineFiles {
  engine: 'moonshine';
  preprocessor: string;
  encoder: string;
  uncachedDecoder: string;
  cachedDecoder: string;
  tokens: string;
}

export interface WhisperFiles {
  engine: 'whisper';
  encoder: string;
  decoder: string;
  tokens: string;
}

/** Absolute paths of the files the engine will read, and nothing else: the engine is never given a URL. */
export type ModelFiles = MoonshineFiles | WhisperFiles;

export type Detection = { ok: true; dir: string; files: ModelFiles } | { ok: false; problem: string };

/** What a user should do when the folder is not usable. */
export const HOW_TO_FIX =
  'Download a sherpa-onnx Moonshine tiny or Whisper tiny.en model (see Settings → Transcription), unpack it, and choose the unpacked folder.';

/** An .onnx file smaller than this cannot hold a model's weights: it was cut short or is something else. */
export const MIN_ONNX_BYTES = 1024;

/** The first name that exists: the int8 weights first (a quarter of the size and faster on a CPU), then full ones. */
function pick(names: ReadonlySet<string>, candidates: readonly string[]): string | null {
  for (const c of candidates) if (names.has(c)) return c;
  return null;
}

interface Slot {
  /** How the slot is named in a message. */
  label: string;
  candidates: readonly string[];
}

const MOONSHINE: Record<Exclude<keyof MoonshineFiles, 'engine'>, Slot> = {
  preprocessor: { label: 'preprocess.onnx', candidates: ['preprocess.onnx', 'preprocess.int8.onnx'] },
  encoder: { label: 'encode.int8.onnx (or encode.onnx)', candidates: ['encode.int8.onnx', 'encode.onnx'] },
  uncachedDecoder: { label: 'uncached_decode.int8.onnx (or uncached_decode.onnx)', candidates: ['uncached_decode.int8.onnx', 'uncached_decode.onnx'] },
  cachedDecoder: { label: 'cached_decode.int8.onnx (or cached_decode.onnx)', candidates: ['cached_decode.int8.onnx', 'cached_decode.onnx'] },
  tokens: { label: 'tokens.txt', candidates: ['tokens.txt'] },
};

/** Whisper folders prefix every file with the model's size: tiny.en-encoder.onnx, base-decoder.int8.onnx, … */
function whisperPrefix(names: ReadonlySet<string>): string | null {
  for (const n of names) {
    const m = /^(.+)-encoder(?:\.int8)?\.onnx$/.exec(n);
    if (m?.[1]) return m[1];
  }
  for (const n of names) {
    const m = /^(.+)-(?:decoder(?:\.int8)?\.onnx|tokens\.txt)$/.exec(n);
    if (m?.[1]) return m[1];
  }
  return null;
}

function whisperSlots(prefix: string): Record<Exclude<keyof WhisperFiles, 'engine'>, Slot> {
  return {
    encoder: { label: `${prefix}-encoder.int8.onnx (or ${prefix}-encoder.onnx)`, candidates: [`${prefix}-encoder.int8.onnx`, `${prefix}-encoder.onnx`] },
    decoder: { label: `${prefix}-decoder.int8.onnx (or ${prefix}-decoder.onnx)`, candidates: [`${prefix}-decoder.int8.onnx`, `${prefix}-decoder.onnx`] },
    tokens: { label: `${prefix}-tokens.txt`, candidates: [`${prefix}-tokens.txt`] },
  };
}

function fill<K extends string>(dir: string, names: ReadonlySet<string>, slots: Record<K, Slot>): { found: Record<K, string> | null; missing: string[]; present: number } {
  const found = {} as Record<K, string>;
  const missing: string[] = [];
  for (const key of Object.keys(slots) as K[]) {
    const name = pick(names, slots[key].candidates);
    if (name) found[key] = path.join(dir, name);
    else missing.push(slots[key].label);
  }
  return { found: missing.length === 0 ? found : null, missing, present: Object.keys(slots).length - missing.length };
}

const list = (items: readonly string[]) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/** Checks the folder's files. Reads the listing and the sizes only. */
export function detectModel(dirInput: string): Detection {
  if (!path.isAbsolute(dirInput)) return { ok: false, problem: `The model folder must be a full path (starting at the root of a drive), not “${dirInput}”. ${HOW_TO_FIX}` };
  const dir = path.resolve(dirInput);
  let entries: string[];
  try {
    const st = fs.statSync(dir);
    if (!st.isDirectory()) return { ok: false, problem: `${dir} is a file, not a folder. ${HOW_TO_FIX}` };
    entries = fs.readdirSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, problem: `The model folder ${dir} does not exist (was it moved or deleted?). ${HOW_TO_FIX}` };
    return { ok: false, problem: `The model folder ${dir} cannot be read (${code ?? (e as Error).message}). Check its permissions, or choose another folder.` };
  }
  const names = new Set(entries);
  const moon = fill(dir, names, MOONSHINE);
  const prefix = whisperPrefix(names);
  const whisper = prefix ? fill(dir, names, whisperSlots(prefix)) : null;

  let files: ModelFiles | null = null;
  if (moon.found) files = { engine: 'moonshine', ...moon.found };
  else if (whisper?.found) files = { engine: 'whisper', ...whisper.found };
  if (!files) {
    // Name what is missing for the layout the folder looks most like.
    if (whisper && whisper.present > moon.present) {
      return { ok: false, problem: `${dir} looks like a Whisper model but is missing ${list(whisper.missing)}. Unpack the whole download into this folder, or choose another.` };
    }
    if (moon.present > 0) {
      return { ok: false, problem: `${dir} looks like a Moonshine model but is missing ${list(moon.missing)}. Unpack the whole download into this folder, or choose another.` };
    }
    return {
      ok: false,
      problem: `${dir} holds no speech model sherpa-onnx can use: a Moonshine folder has preprocess.onnx, encode.int8.onnx, uncached_decode.int8.onnx, cached_decode.int8.onnx and tokens.txt; a Whisper tiny.en folder has tiny.en-encoder.int8.onnx, tiny.en-decoder.int8.onnx and tiny.en-tokens.txt. ${HOW_TO_FIX}`,
    };
  }
  for (const [key, file] of Object.entries(files)) {
    if (key === 'engine') continue;
    let size: number;
    try {
      const st = fs.statSync(file);
      if (!st.isFile()) return { ok: false, problem: `${file} is not a file. Unpack the model again, or choose another folder.` };
      size = st.size;
    } catch (e) {
      return { ok: false, problem: `${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Check its permissions.` };
    }
    if (file.endsWith('.onnx') && size < MIN_ONNX_BYTES) {
      return { ok: false, problem: `${file} is only ${size} bytes, too small to be a model: the download was probably cut short. Download and unpack the model again.` };
    }
    if (file.endsWith('.txt') && size === 0) return { ok: false, problem: `${file} is empty. Download and unpack the model again.` };
  }
  return { ok: true, dir, files };
}
