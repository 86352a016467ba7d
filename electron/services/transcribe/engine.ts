/**
 * Speech engines, as the transcription process uses them: load a model folder's files once, then turn 16 kHz mono
 * samples into text. The real one is sherpa-onnx (loaded on first use, so a platform without its prebuilt binary
 * still runs the app); the fake one is for tests and is chosen only by name, never by default.
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import type { ModelFiles } from './layout';
import { SAMPLE_RATE } from './protocol';

export interface Recognizer {
  transcribe(samples: Float32Array): string;
}

export interface Engine {
  /** Throws EngineMissing when the engine's package cannot be loaded on this machine, any other error when the model cannot. */
  load(files: ModelFiles): Recognizer;
}

export class EngineMissing extends Error {}

/** The part of sherpa-onnx-node's API this file uses (its JSDoc types, non-streaming-asr.js). */
interface SherpaModule {
  OfflineRecognizer: new (config: unknown) => {
    createStream(): { acceptWaveform(w: { samples: Float32Array; sampleRate: number }): void };
    decode(stream: unknown): void;
    getResult(stream: unknown): { text?: string };
  };
}

function sherpaConfig(files: ModelFiles, numThreads: number) {
  const model =
    files.engine === 'moonshine'
      ? { moonshine: { preprocessor: files.preprocessor, encoder: files.encoder, uncachedDecoder: files.uncachedDecoder, cachedDecoder: files.cachedDecoder } }
      : { whisper: { encoder: files.encoder, decoder: files.decoder, language: 'en', task: 'transcribe', tailPaddings: -1 } };
  return {
    featConfig: { sampleRate: SAMPLE_RATE, featureDim: 80 },
    modelConfig: { ...model, tokens: files.tokens, numThreads, provider: 'cpu', debug: 0 },
    decodingMethod: 'greedy_search',
  };
}

export function sherpaEngine(numThreads = 2): Engine {
  let mod: SherpaModule | null = null;
  return {
    load(files) {
      if (!mod) {
        try {
          mod = createRequire(import.meta.url)('sherpa-onnx-node') as SherpaModule;
        } catch (e) {
          throw new EngineMissing(
            `the speech engine (the optional package sherpa-onnx-node) is not installed for ${process.platform}-${process.arch}: ${(e as Error).message.split('\n')[0]}`,
          );
        }
      }
      const recognizer = new mod.OfflineRecognizer(sherpaConfig(files, numThreads));
      return {
        transcribe(samples) {
          const stream = recognizer.createStream();
          stream.acceptWaveform({ samples, sampleRate: SAMPLE_RATE });
          recognizer.decode(stream);
          return (recognizer.getResult(stream).text ?? '').trim();
        },
      };
    },
  };
}

/**
 * The test engine. It reads the tokens file like the real one, and its first line steers it: `FAKE-ABORT` ends the
 * process the way a native abort would (what onnxruntime does with a damaged file), `FAKE-THROW` fails the load,
 * `FAKE-HANG` stops answering.
 * Its transcript describes the audio it was given: how long it was and how much of it was not silence.
 */
export function fakeEngine(): Engine {
  return {
    load(files) {
      const first = fs.readFileSync(files.tokens, 'utf8').split('\n')[0]?.trim();
      if (first === 'FAKE-ABORT') {
        process.stderr.write(`fake engine: cannot parse ${files.encoder}\n`);
        process.abort();
      }
      if (first === 'FAKE-THROW') throw new Error(`fake engine: ${files.encoder} is not a model`);
      // Blocks this process for a minute, like a load stuck on a slow disk.
      if (first === 'FAKE-HANG') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
      return {
        transcribe(samples) {
          let loud = 0;
          for (const s of samples) if (Math.abs(s) > 0.02) loud++;
          if (loud === 0) return '';
          return `heard ${(samples.length / SAMPLE_RATE).toFixed(1)}s with ${(loud / SAMPLE_RATE).toFixed(1)}s of sound`;
        },
      };
    },
  };
}
