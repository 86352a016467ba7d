// transcribe-rtf: the real-time factor of offline transcription (processing time / audio duration; below 1 is faster
// than real time), with the sherpa-onnx engine in its own process exactly as the app runs it. The audio is about 20 s
// of English spoken by espeak-ng. The model folder is opts.modelDir, else MLDRILL_BENCH_ASR_MODEL or
// MLDRILL_TEST_ASR_MODEL, else ~/.cache/mldrill/sherpa-onnx-moonshine-tiny-en-int8 (the README's suggestion). The
// model is loaded once first (not timed: the app loads it when Settings checks the folder); then the same audio is
// transcribed `runs` times and the median time is used. Without a model, a loadable engine or espeak-ng, the figure
// has value null and `skipped` says why. Reference: real time (1×). Target: value <= 1.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RATE = 16_000;

const TEXT =
  'To choose between precision and recall, start from the cost of each mistake. A missed fraud case costs the bank money, ' +
  'while a false alarm costs a phone call, so we tune the threshold on a validation set to keep recall high. Then we watch ' +
  'the calibration of the scores over time, because the base rate drifts, and we retrain when the drift grows too large.';

function figure(fields) {
  return { name: 'transcribe-rtf', unit: 'x', reference: 1, target: 1, ...fields };
}
const skipped = (why) => [figure({ value: null, ratio: null, met: null, skipped: why })];

/** espeak-ng's WAV (22.05 kHz mono 16-bit) as base64 of 16 kHz 16-bit PCM, resampled linearly. */
function wavTo16kBase64(wav) {
  const rate = wav.readUInt32LE(24);
  let off = 12;
  while (off + 8 <= wav.length && wav.toString('ascii', off, off + 4) !== 'data') off += 8 + wav.readUInt32LE(off + 4);
  if (off + 8 > wav.length) throw new Error('the WAV file has no data chunk');
  const n = Math.floor(Math.min(wav.readUInt32LE(off + 4), wav.length - off - 8) / 2);
  const out = Buffer.alloc(Math.floor((n * RATE) / rate) * 2);
  for (let i = 0; i < out.length / 2; i++) {
    const x = (i * rate) / RATE;
    const j = Math.floor(x);
    const a = wav.readInt16LE(off + 8 + j * 2);
    const b = j + 1 < n ? wav.readInt16LE(off + 8 + (j + 1) * 2) : a;
    out.writeInt16LE(Math.round(a + (b - a) * (x - j)), i * 2);
  }
  return { base64: out.toString('base64'), seconds: out.length / 2 / RATE };
}

/** The transcription module and its worker, bundled from source inside the package (so the worker finds sherpa-onnx-node). */
async function loadTranscription() {
  const { build } = await import('esbuild');
  const outdir = path.join(root, 'node_modules', '.cache', 'mldrill-bench-transcribe');
  const banner = { js: "import { createRequire as __c } from 'node:module'; const require = __c(import.meta.url);" };
  await build({
    entryPoints: { transcribe: path.join(root, 'electron/services/transcribe/index.ts'), 'transcribe-worker': path.join(root, 'electron/services/transcribe/worker.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    banner,
    external: ['sherpa-onnx-node', 'better-sqlite3', 'electron'],
    logLevel: 'warning',
  });
  const mod = await import(pathToFileURL(path.join(outdir, 'transcribe.mjs')).href);
  return { createTranscription: mod.createTranscription, workerScript: path.join(outdir, 'transcribe-worker.mjs') };
}

export async function measureTranscribe(opts = {}) {
  const log = opts.log ?? (() => {});
  const runs = opts.runs ?? 3;
  const modelDir =
    opts.modelDir ??
    process.env.MLDRILL_BENCH_ASR_MODEL ??
    process.env.MLDRILL_TEST_ASR_MODEL ??
    path.join(os.homedir(), '.cache', 'mldrill', 'sherpa-onnx-moonshine-tiny-en-int8');
  if (!fs.existsSync(modelDir)) return skipped(`no speech model at ${modelDir} (set MLDRILL_BENCH_ASR_MODEL to a sherpa-onnx Moonshine or Whisper folder)`);
  if (spawnSync('espeak-ng', ['--version']).status !== 0) return skipped('espeak-ng is not installed, so there is no spoken audio to transcribe');

  const { createTranscription, workerScript } = await loadTranscription();
  // opts.engine 'fake' runs the same steps with the test engine (a check of this script, not a figure to report).
  const t = createTranscription({ engine: opts.engine ?? 'sherpa', workerScript, requestTimeoutMs: 300_000 });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mldrill-bench-asr-'));
  try {
    const status = await t.status(modelDir);
    if (!status.available) return skipped(`the model at ${modelDir} is not usable: ${status.message}`);
    const wav = path.join(tmp, 'speech.wav');
    execFileSync('espeak-ng', ['-v', 'en-us', '-s', '160', '-w', wav, TEXT]);
    const audio = wavTo16kBase64(fs.readFileSync(wav));
    if (audio.seconds > 30) return skipped(`the spoken text came out ${audio.seconds.toFixed(1)} s long, over one 30 s piece`);
    const times = [];
    let text = '';
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      text = (await t.transcribe(modelDir, audio.base64)).text;
      times.push(performance.now() - t0);
    }
    const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
    const rtf = median / 1000 / audio.seconds;
    log(`transcribe-rtf: ${status.engine} on ${audio.seconds.toFixed(1)} s of speech, ${times.map((x) => x.toFixed(0)).join(', ')} ms; heard “${text}”`);
    const value = Math.round(rtf * 1000) / 1000;
    return [figure({ value, ratio: value, met: value <= 1, engine: status.engine, audioSeconds: Math.round(audio.seconds * 10) / 10 })];
  } finally {
    t.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// Run on its own: `node bench/transcribe.mjs [--json]`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await measureTranscribe({ log: (l) => console.error(l) });
  console.log(process.argv.includes('--json') ? JSON.stringify(figures) : figures);
}
