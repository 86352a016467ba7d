/**
 * The transcription process. The services start it as a child process (Node's fork, or Electron's utility process on
 * the desktop) rather than a worker thread, because onnxruntime aborts the whole process when a model file is
 * damaged: here that ends only this process, and the services turn its exit into a message. Bundled by
 * scripts/build-node.mjs as dist/node/transcribe-worker.mjs and dist/electron/transcribe-worker.cjs.
 *
 * It holds one loaded model at a time and answers requests in order. It reads only the local files it is given and
 * opens no connection of any kind.
 */
import { EngineMissing, fakeEngine, sherpaEngine, type Engine, type Recognizer } from './engine';
import type { ModelFiles } from './layout';
import { TRANSCRIBE_PROTOCOL, decodePcm16, type FromChild, type ToChild } from './protocol';

interface Port {
  post(m: FromChild): void;
  onMessage(cb: (m: ToChild) => void): void;
}

/** Electron's utility process has process.parentPort; a Node fork has process.send. */
function port(): Port | null {
  const parentPort = (process as unknown as { parentPort?: { postMessage(m: unknown): void; on(e: 'message', cb: (e: { data: unknown }) => void): void } }).parentPort;
  if (parentPort) return { post: (m) => parentPort.postMessage(m), onMessage: (cb) => parentPort.on('message', (e) => cb(e.data as ToChild)) };
  if (process.send) {
    const send = process.send.bind(process);
    return { post: (m) => void send(m), onMessage: (cb) => process.on('message', (m) => cb(m as ToChild)) };
  }
  return null;
}

const key = (files: ModelFiles) => JSON.stringify(files);

function main(p: Port, engine: Engine) {
  let loaded: { key: string; recognizer: Recognizer } | null = null;
  const recognizerFor = (files: ModelFiles): Recognizer => {
    if (loaded?.key !== key(files)) {
      loaded = null;
      loaded = { key: key(files), recognizer: engine.load(files) };
    }
    return loaded.recognizer;
  };
  p.onMessage((m) => {
    let recognizer: Recognizer;
    try {
      recognizer = recognizerFor(m.files);
    } catch (e) {
      const stage = e instanceof EngineMissing ? 'engine-missing' : 'load';
      p.post({ type: 'result', id: m.id, ok: false, stage, message: (e as Error).message });
      return;
    }
    if (m.type === 'load') {
      p.post({ type: 'result', id: m.id, ok: true, text: '' });
      return;
    }
    try {
      p.post({ type: 'result', id: m.id, ok: true, text: recognizer.transcribe(decodePcm16(m.pcm16)) });
    } catch (e) {
      p.post({ type: 'result', id: m.id, ok: false, stage: 'transcribe', message: (e as Error).message });
    }
  });
  p.post({ type: 'hello', protocol: TRANSCRIBE_PROTOCOL });
}

const p = port();
if (p) main(p, process.argv.includes('--engine=fake') ? fakeEngine() : sherpaEngine());
