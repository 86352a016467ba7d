/**
 * Offline transcription: the model-folder check, the transcription process with the fake engine (what CI runs), the
 * real sherpa-onnx engine on a damaged model (it must not take the app down), the method table's path through the
 * dispatcher, and a real model wherever one is present.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/services/dispatch';
import { createServices } from '../../electron/services/index';
import { createTranscription, NO_MODEL_MESSAGE, type Transcription } from '../../electron/services/transcribe/index';
import { nodeSpawner, type Spawner } from '../../electron/services/transcribe/host';
import { MIN_ONNX_BYTES, detectModel } from '../../electron/services/transcribe/layout';
import { decodePcm16 } from '../../electron/services/transcribe/protocol';
import { MAX_TRANSCRIBE_SAMPLES, TRANSCRIBE_SAMPLE_RATE } from '../../shared/transcription';
import { ROOT, tempDir } from './helpers';

const WORKER = path.join(ROOT, 'dist', 'node', 'transcribe-worker.mjs');
const MOONSHINE = ['preprocess.onnx', 'encode.int8.onnx', 'uncached_decode.int8.onnx', 'cached_decode.int8.onnx', 'tokens.txt'];
const WHISPER = ['tiny.en-encoder.int8.onnx', 'tiny.en-decoder.int8.onnx', 'tiny.en-tokens.txt'];

/** A folder with these files: .onnx files get `onnxBytes` of noise, text files `tokens`. */
function modelFolder(names: readonly string[], opts: { tokens?: string; onnxBytes?: number } = {}): string {
  const dir = tempDir('mldrill-asr-');
  for (const n of names) {
    const file = path.join(dir, n);
    if (n.endsWith('.onnx')) fs.writeFileSync(file, Buffer.alloc(opts.onnxBytes ?? MIN_ONNX_BYTES * 4, 7));
    else fs.writeFileSync(file, opts.tokens ?? '<unk> 0\n<s> 1\n</s> 2\n');
  }
  return dir;
}

/** Base64 of 16-bit PCM: `seconds` of a tone at `amplitude` (0 for silence). */
function pcm16(seconds: number, amplitude = 0.3): string {
  const n = Math.round(seconds * TRANSCRIBE_SAMPLE_RATE);
  const buf = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) buf.writeInt16LE(Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * 220 * i) / TRANSCRIBE_SAMPLE_RATE)), i * 2);
  return buf.toString('base64');
}

const open: Transcription[] = [];
function transcription(engine: 'fake' | 'sherpa', requestTimeoutMs?: number): Transcription {
  const t = createTranscription({ engine, workerScript: WORKER, requestTimeoutMs });
  open.push(t);
  return t;
}
afterEach(() => {
  while (open.length) open.pop()!.close();
});

describe('the model folder check', () => {
  it('recognises a Moonshine folder, preferring the int8 weights', () => {
    const dir = modelFolder([...MOONSHINE, 'encode.onnx']);
    const found = detectModel(dir);
    expect(found).toMatchObject({ ok: true, files: { engine: 'moonshine', encoder: path.join(dir, 'encode.int8.onnx'), tokens: path.join(dir, 'tokens.txt') } });
  });

  it('recognises a Whisper tiny.en folder, and the full-size weights when there are no int8 ones', () => {
    const dir = modelFolder(['tiny.en-encoder.onnx', 'tiny.en-decoder.onnx', 'tiny.en-tokens.txt']);
    expect(detectModel(dir)).toMatchObject({ ok: true, files: { engine: 'whisper', encoder: path.join(dir, 'tiny.en-encoder.onnx'), decoder: path.join(dir, 'tiny.en-decoder.onnx') } });
    expect(detectModel(modelFolder(WHISPER))).toMatchObject({ ok: true, files: { engine: 'whisper' } });
  });

  it('names the folder that does not exist, and a file chosen instead of a folder', () => {
    const gone = path.join(tempDir(), 'not-here');
    expect(detectModel(gone)).toEqual({ ok: false, problem: expect.stringContaining(`The model folder ${gone} does not exist`) });
    const file = path.join(tempDir(), 'model.onnx');
    fs.writeFileSync(file, 'x');
    expect(detectModel(file)).toEqual({ ok: false, problem: expect.stringContaining(`${file} is a file, not a folder`) });
  });

  it('refuses a relative path rather than resolve it against whatever the working folder is', () => {
    expect(detectModel('models/moonshine')).toEqual({ ok: false, problem: expect.stringContaining('must be a full path') });
  });

  it('names the missing files of the layout the folder resembles', () => {
    const moon = modelFolder(MOONSHINE.filter((n) => n !== 'tokens.txt' && n !== 'cached_decode.int8.onnx'));
    const m = detectModel(moon);
    expect(m.ok).toBe(false);
    expect(!m.ok && m.problem).toMatch(/looks like a Moonshine model but is missing cached_decode\.int8\.onnx \(or cached_decode\.onnx\) and tokens\.txt/);

    const whisper = detectModel(modelFolder(['tiny.en-encoder.int8.onnx', 'tiny.en-tokens.txt']));
    expect(!whisper.ok && whisper.problem).toMatch(/looks like a Whisper model but is missing tiny\.en-decoder\.int8\.onnx/);

    const empty = detectModel(tempDir());
    expect(!empty.ok && empty.problem).toMatch(/holds no speech model.*preprocess\.onnx.*tiny\.en-encoder\.int8\.onnx/);
  });

  it('refuses an .onnx file too small to hold weights, and an empty tokens file', () => {
    const tiny = modelFolder(MOONSHINE, { onnxBytes: 10 });
    const t = detectModel(tiny);
    expect(!t.ok && t.problem).toMatch(/preprocess\.onnx is only 10 bytes.*cut short/);
    const noTokens = modelFolder(WHISPER, { tokens: '' });
    const n = detectModel(noTokens);
    expect(!n.ok && n.problem).toMatch(/tiny\.en-tokens\.txt is empty/);
  });
});

describe('decoding the audio the renderer sends', () => {
  it('turns base64 of 16-bit little-endian PCM into samples in [-1, 1)', () => {
    const buf = Buffer.alloc(6);
    buf.writeInt16LE(-32768, 0);
    buf.writeInt16LE(0, 2);
    buf.writeInt16LE(16384, 4);
    expect([...decodePcm16(buf.toString('base64'))]).toEqual([-1, 0, 0.5]);
  });

  it('refuses text that is not base64, and an odd number of bytes', () => {
    expect(() => decodePcm16('not base64!')).toThrow(/not base64/);
    expect(() => decodePcm16(Buffer.alloc(3).toString('base64'))).toThrow(/3 bytes/);
  });
});

describe('transcription with the fake engine, in its own process', () => {
  it('says plainly that no model is set, and how to add one', async () => {
    const t = transcription('fake');
    expect(await t.status(null)).toEqual({ available: false, modelDir: null, message: NO_MODEL_MESSAGE });
    expect(NO_MODEL_MESSAGE).toMatch(/Moonshine tiny or Whisper tiny\.en.*Settings → Transcription/);
    await expect(t.transcribe(null, pcm16(1))).rejects.toMatchObject({ code: 'not-found', message: NO_MODEL_MESSAGE });
  });

  it('loads a folder once and transcribes pieces in order', async () => {
    const t = transcription('fake');
    const dir = modelFolder(MOONSHINE);
    expect(await t.status(dir)).toMatchObject({ available: true, engine: 'moonshine', modelDir: dir, message: expect.stringMatching(/Moonshine model ready/) });
    const texts = await Promise.all([t.transcribe(dir, pcm16(2)), t.transcribe(dir, pcm16(1.5, 0)), t.transcribe(dir, pcm16(30))]);
    expect(texts).toEqual([{ text: 'heard 2.0s with 1.9s of sound' }, { text: '' }, { text: 'heard 30.0s with 28.7s of sound' }]);
  });

  it('answers an empty transcript for under a tenth of a second, without asking the engine', async () => {
    const t = transcription('fake');
    expect(await t.transcribe(modelFolder(MOONSHINE), pcm16(0.05))).toEqual({ text: '' });
  });

  it('refuses more than 30 s in one piece, odd byte counts and text that is not base64, naming the problem', async () => {
    const t = transcription('fake');
    const dir = modelFolder(MOONSHINE);
    await expect(t.transcribe(dir, pcm16(30.5))).rejects.toMatchObject({ code: 'invalid-argument', message: expect.stringMatching(/at most 30 s/) });
    await expect(t.transcribe(dir, Buffer.alloc(3).toString('base64'))).rejects.toMatchObject({ code: 'invalid-argument', message: expect.stringMatching(/3 bytes/) });
    await expect(t.transcribe(dir, 'a+b/c==d')).rejects.toMatchObject({ code: 'invalid-argument', message: expect.stringMatching(/base64/) });
  });

  it('turns a model that fails to load into a message saying what to do', async () => {
    const t = transcription('fake');
    const dir = modelFolder(MOONSHINE, { tokens: 'FAKE-THROW\n' });
    const s = await t.status(dir);
    expect(s.available).toBe(false);
    expect(s.message).toMatch(new RegExp(`The model in ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} could not be loaded \\(fake engine: .*encode\\.int8\\.onnx is not a model\\).*download and unpack the model again`));
  });

  it('survives the engine aborting its process on a damaged model, and the next folder still works', async () => {
    const t = transcription('fake');
    const broken = modelFolder(MOONSHINE, { tokens: 'FAKE-ABORT\n' });
    const s = await t.status(broken);
    expect(s.available).toBe(false);
    expect(s.message).toMatch(/speech engine stopped while reading the model/);
    expect(s.message).toMatch(/fake engine: cannot parse .*encode\.int8\.onnx/); // its stderr, so the user sees why
    expect(s.message).toMatch(/The app itself is unaffected/);
    // The answer is kept until the files change, so a status query does not restart a crashing process each time.
    expect(await t.status(broken)).toEqual(s);
    await expect(t.transcribe(broken, pcm16(1))).rejects.toMatchObject({ code: 'not-found', message: s.message });
    // A fresh process serves the next folder.
    const good = modelFolder(WHISPER);
    expect(await t.status(good)).toMatchObject({ available: true, engine: 'whisper' });
    expect(await t.transcribe(good, pcm16(1))).toEqual({ text: 'heard 1.0s with 1.0s of sound' });
  });

  it('checks a folder again once its files change', async () => {
    const t = transcription('fake');
    const dir = modelFolder(MOONSHINE, { tokens: 'FAKE-THROW\n' });
    expect((await t.status(dir)).available).toBe(false);
    fs.writeFileSync(path.join(dir, 'tokens.txt'), '<unk> 0\nhello 1\n');
    expect((await t.status(dir)).available).toBe(true);
  });

  it('stops an engine that does not answer, says the load was slow, and tries again at the next check', async () => {
    const t = transcription('fake', 5000);
    const dir = modelFolder(MOONSHINE, { tokens: 'FAKE-HANG\n' });
    const s = await t.status(dir);
    expect(s).toMatchObject({ available: false, message: expect.stringMatching(/took too long .*did not answer within 5 s.*Check again/) });
    // Not kept: once the model loads, the next check says so (the stuck process was stopped, a new one started).
    fs.writeFileSync(path.join(dir, 'tokens.txt'), 'FAKE-HANG\n'.replace('HANG', 'OK'));
    fs.utimesSync(path.join(dir, 'tokens.txt'), new Date(0), new Date(0));
    expect(await t.status(dir)).toMatchObject({ available: true });
  }, 30_000);

  it('stops the engine process once idle, so the model does not hold memory, and starts a new one when needed', async () => {
    const node = nodeSpawner()!;
    const events: string[] = [];
    const spawn: Spawner = (script, args) => {
      const child = node(script, args);
      events.push('start');
      child.onExit(() => events.push('exit'));
      return child;
    };
    const t = createTranscription({ engine: 'fake', workerScript: WORKER, spawn, idleMs: 300 });
    open.push(t);
    const dir = modelFolder(MOONSHINE);
    expect(await t.transcribe(dir, pcm16(1))).toEqual({ text: 'heard 1.0s with 1.0s of sound' });
    await expect.poll(() => events, { timeout: 10_000 }).toEqual(['start', 'exit']);
    expect(await t.transcribe(dir, pcm16(2))).toEqual({ text: 'heard 2.0s with 1.9s of sound' });
    expect(events).toEqual(['start', 'exit', 'start']);
  });

  it('says so when the worker bundle is missing, instead of failing later', async () => {
    const t = createTranscription({ engine: 'fake', workerScript: null });
    open.push(t);
    expect(await t.status(modelFolder(MOONSHINE))).toMatchObject({ available: false, message: expect.stringMatching(/transcription worker is missing/) });
  });
});

describe('the methods, through the dispatcher', () => {
  it('sets the folder with updateSettings, reports its status and transcribes; bad input is refused by the table', async () => {
    const services = createServices({ dataDir: tempDir(), transcription: { engine: 'fake', workerScript: WORKER } });
    try {
      const call = createDispatcher(services.api);
      expect(await call('getTranscriptionStatus', {})).toEqual({ ok: true, value: { available: false, modelDir: null, message: NO_MODEL_MESSAGE } });
      expect(await call('transcribeAudio', { pcm16: pcm16(1) })).toEqual({ ok: false, error: { code: 'not-found', message: NO_MODEL_MESSAGE, retryable: false } });

      const dir = modelFolder(MOONSHINE);
      expect(await call('updateSettings', { transcriptionModelDir: dir })).toMatchObject({ ok: true, value: { transcriptionModelDir: dir } });
      expect(await call('getTranscriptionStatus', {})).toMatchObject({ ok: true, value: { available: true, engine: 'moonshine' } });
      expect(await call('transcribeAudio', { pcm16: pcm16(3) })).toEqual({ ok: true, value: { text: 'heard 3.0s with 2.9s of sound' } });

      // The schema bounds the piece: 30 s of 16-bit samples in base64, and no other field.
      const tooLong = Buffer.alloc((MAX_TRANSCRIBE_SAMPLES + 16) * 2).toString('base64');
      expect(await call('transcribeAudio', { pcm16: tooLong })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
      expect(await call('transcribeAudio', { pcm16: pcm16(1), sampleRate: 44100 })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
      expect(await call('updateSettings', { transcriptionModelDir: 'a\0b' })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });

      // Cleared, the app is back to "no model".
      expect(await call('updateSettings', { transcriptionModelDir: null })).toMatchObject({ ok: true, value: { transcriptionModelDir: null } });
      expect(await call('getTranscriptionStatus', {})).toMatchObject({ ok: true, value: { available: false, message: NO_MODEL_MESSAGE } });
    } finally {
      services.close();
    }
  });
});

/** Whether sherpa-onnx-node loads here: asked in a child process, so a broken install cannot take the tests down. */
function sherpaLoads(): string | null {
  const r = spawnSync(process.execPath, ['-e', "require('sherpa-onnx-node')"], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  return r.status === 0 ? null : (r.stderr.split('\n').find((l) => l.trim()) ?? `exit code ${r.status}`);
}
const sherpaProblem = sherpaLoads();

describe('the real sherpa-onnx engine', () => {
  // The first file each layout's loader opens; onnxruntime naming it also shows the config's fields were understood
  // (a config sherpa-onnx rejects fails before any file is read).
  const cases = [
    { layout: 'Moonshine', names: MOONSHINE, first: 'preprocess.onnx' },
    { layout: 'Whisper', names: WHISPER, first: 'tiny.en-encoder.int8.onnx' },
  ];
  for (const c of cases) {
    it.skipIf(sherpaProblem !== null)(
      `turns a truncated ${c.layout} model into a clear message and keeps running${sherpaProblem ? ` (skipped: sherpa-onnx-node does not load on this machine: ${sherpaProblem})` : ''}`,
      async () => {
        const t = transcription('sherpa', 60_000);
        const dir = modelFolder(c.names);
        // The start of a real protobuf field, then the file ends: what an interrupted download leaves.
        for (const n of c.names.filter((x) => x.endsWith('.onnx'))) {
          fs.writeFileSync(path.join(dir, n), Buffer.concat([Buffer.from([0x08, 0x07, 0x12, 0x0c]), Buffer.alloc(2000, 0x41)]));
        }
        const s = await t.status(dir);
        expect(s.available).toBe(false);
        expect(s.message).toMatch(/The speech engine stopped while reading the model|could not be loaded/);
        expect(s.message).toContain(c.first); // onnxruntime's own words name the file
        expect(s.message).toMatch(/download and unpack the model again/);
        // This process is still here to say so, and the next request starts a fresh engine process.
        await expect(t.transcribe(dir, pcm16(1))).rejects.toMatchObject({ code: 'not-found' });
      },
      60_000,
    );
  }
});

/** Where a real model is looked for: MLDRILL_TEST_ASR_MODEL, or the folder the README suggests. */
const REAL_MODEL = process.env.MLDRILL_TEST_ASR_MODEL ?? path.join(os.homedir(), '.cache', 'mldrill', 'sherpa-onnx-moonshine-tiny-en-int8');
function realModelProblem(): string | null {
  if (sherpaProblem) return `sherpa-onnx-node does not load on this machine: ${sherpaProblem}`;
  if (!fs.existsSync(REAL_MODEL)) return `no model folder at ${REAL_MODEL} (set MLDRILL_TEST_ASR_MODEL to a sherpa-onnx Moonshine or Whisper folder to run it)`;
  const found = detectModel(REAL_MODEL);
  if (!found.ok) return found.problem;
  if (spawnSync('espeak-ng', ['--version']).status !== 0) return 'espeak-ng is not installed, so there is no spoken audio to transcribe';
  return null;
}
const realProblem = realModelProblem();

describe('a real model', () => {
  it.skipIf(realProblem !== null)(`transcribes speech made with espeak-ng${realProblem ? ` (skipped: ${realProblem})` : ''}`, async () => {
    const wav = path.join(tempDir(), 'speech.wav');
    execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', wav, 'Gradient descent minimises the loss function.']);
    const samples = wavTo16k(fs.readFileSync(wav));
    const t = transcription('sherpa', 120_000);
    expect(await t.status(REAL_MODEL)).toMatchObject({ available: true });
    const { text } = await t.transcribe(REAL_MODEL, samples);
    expect(text.toLowerCase()).toMatch(/gradient/);
    expect(text.toLowerCase()).toMatch(/loss/);
  }, 180_000);
});

/** espeak-ng writes 22.05 kHz mono 16-bit WAV: find the data chunk and resample it linearly to 16 kHz. */
function wavTo16k(wav: Buffer): string {
  const rate = wav.readUInt32LE(24);
  let off = 12;
  while (off + 8 <= wav.length && wav.toString('ascii', off, off + 4) !== 'data') off += 8 + wav.readUInt32LE(off + 4);
  const n = Math.floor(Math.min(wav.readUInt32LE(off + 4), wav.length - off - 8) / 2);
  const out = Buffer.alloc(Math.floor((n * TRANSCRIBE_SAMPLE_RATE) / rate) * 2);
  for (let i = 0; i < out.length / 2; i++) {
    const x = (i * rate) / TRANSCRIBE_SAMPLE_RATE;
    const j = Math.floor(x);
    const a = wav.readInt16LE(off + 8 + j * 2);
    const b = j + 1 < n ? wav.readInt16LE(off + 8 + (j + 1) * 2) : a;
    out.writeInt16LE(Math.round(a + (b - a) * (x - j)), i * 2);
  }
  return out.toString('base64');
}
