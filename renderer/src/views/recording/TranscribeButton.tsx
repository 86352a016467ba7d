/**
 * Turns a recorded answer into text with the offline speech model set up in Settings → Transcription. The recording
 * is decoded and resampled to 16 kHz mono here with Web Audio, cut into pieces of at most 30 s at quiet points, and
 * sent piece by piece to the services, which run the model on this computer; the joined text goes to `onText`.
 * Without a model it says so and where to add one; recording and replay work either way.
 */
import { useEffect, useRef, useState } from 'react';
import { TRANSCRIBE_SAMPLE_RATE } from '../../../../shared/transcription';
import { useApiQuery } from '../../query';
import { transport, useApp } from '../../store';
import { durationLabel, joinTranscripts, mixToMono, resampledLength, splitAtQuietPoints, toPcm16Base64 } from './transcribe-audio';
import './transcribe.css';

export interface TranscribeButtonProps {
  blob: Blob;
  onText: (text: string) => void;
}

type Run =
  | { kind: 'idle' }
  | { kind: 'decoding' }
  | { kind: 'sending'; done: number; total: number; seconds: number }
  | { kind: 'done'; words: number }
  | { kind: 'failed'; message: string };

/** 16 kHz mono samples of the recording. WebM/Opus (what MediaRecorder records in Chromium) decodes here. */
async function decodeTo16k(blob: Blob): Promise<Float32Array> {
  const bytes = await blob.arrayBuffer();
  // decodeAudioData resamples to its context's rate, so a 16 kHz context hands back 16 kHz channels.
  const decoded = await new OfflineAudioContext(1, 1, TRANSCRIBE_SAMPLE_RATE).decodeAudioData(bytes);
  const channels = Array.from({ length: decoded.numberOfChannels }, (_, c) => decoded.getChannelData(c));
  if (decoded.sampleRate === TRANSCRIBE_SAMPLE_RATE) return mixToMono(channels);
  // A browser that kept the file's own rate: render it through a 16 kHz mono context, which resamples and mixes.
  const ctx = new OfflineAudioContext(1, resampledLength(decoded.length, decoded.sampleRate), TRANSCRIBE_SAMPLE_RATE);
  const source = ctx.createBufferSource();
  source.buffer = decoded;
  source.connect(ctx.destination);
  source.start();
  return (await ctx.startRendering()).getChannelData(0);
}

function SetUpHint({ message }: { message: string }) {
  const view = useApp((s) => s.view);
  const navigate = useApp((s) => s.navigate);
  return (
    <div className="transcribe-off" role="note">
      <p>{message}</p>
      {view === 'drill' ? (
        <p className="muted">You can set this up in Settings → Transcription after this drill; your recording is kept.</p>
      ) : (
        <button type="button" onClick={() => navigate('settings')}>
          Open Settings → Transcription
        </button>
      )}
    </div>
  );
}

export function TranscribeButton({ blob, onText }: TranscribeButtonProps) {
  const status = useApiQuery(transport.api, 'getTranscriptionStatus', {});
  // The state belongs to one recording: a new blob shows a fresh button, and a run for an old one stops.
  const [state, setState] = useState<{ blob: Blob; run: Run }>({ blob, run: { kind: 'idle' } });
  const run: Run = state.blob === blob ? state.run : { kind: 'idle' };
  const current = useRef(blob);
  // Set when the user cancels or the component goes away: the loop stops after the piece in flight.
  const stopped = useRef(false);
  useEffect(() => {
    current.current = blob;
  }, [blob]);
  useEffect(() => {
    stopped.current = false;
    return () => {
      stopped.current = true;
    };
  }, []);

  if (status.isPending) return <p className="muted transcribe-line">Checking the speech model…</p>;
  if (status.isError) return <p className="transcribe-error" role="alert">Could not check the speech model: {status.error.message}</p>;
  if (!status.data.available) return <SetUpHint message={status.data.message} />;

  const start = async () => {
    const setRun = (r: Run) => setState({ blob, run: r });
    const cancelled = () => stopped.current || current.current !== blob;
    stopped.current = false;
    setRun({ kind: 'decoding' });
    let samples: Float32Array;
    try {
      samples = await decodeTo16k(blob);
    } catch (e) {
      setRun({ kind: 'failed', message: `The recording could not be decoded for transcription (${(e as Error).message || 'unknown format'}). Replay still works.` });
      return;
    }
    const pieces = splitAtQuietPoints(samples);
    const seconds = samples.length / TRANSCRIBE_SAMPLE_RATE;
    const texts: string[] = [];
    for (let i = 0; i < pieces.length; i++) {
      if (cancelled()) return setRun({ kind: 'idle' });
      setRun({ kind: 'sending', done: i, total: pieces.length, seconds });
      const { start: from, end } = pieces[i]!;
      const r = await transport.api.transcribeAudio({ pcm16: toPcm16Base64(samples.subarray(from, end)) });
      if (!r.ok) {
        setRun({ kind: 'failed', message: r.error.message });
        // The model may have gone (moved folder, damaged file): ask again, so the hint replaces the button if so.
        void status.refetch();
        return;
      }
      texts.push(r.value.text);
    }
    if (cancelled()) return setRun({ kind: 'idle' });
    const text = joinTranscripts(texts);
    setRun({ kind: 'done', words: text ? text.split(' ').length : 0 });
    if (text) onText(text);
  };

  const busy = run.kind === 'decoding' || run.kind === 'sending';
  return (
    <div className="transcribe" aria-busy={busy}>
      <div className="row">
        <button type="button" onClick={() => void start()} disabled={busy}>
          {run.kind === 'done' || run.kind === 'failed' ? 'Transcribe again' : 'Transcribe'}
        </button>
        {busy && (
          <button type="button" onClick={() => (stopped.current = true)}>
            Stop
          </button>
        )}
      </div>
      {run.kind === 'decoding' && <p className="muted transcribe-line">Preparing the recording…</p>}
      {run.kind === 'sending' && (
        <div className="import-progress">
          <progress max={run.total} value={run.done} aria-label="Transcription progress" />
          <p className="transcribe-line" role="status">
            Transcribing {durationLabel(run.seconds)} of audio on this computer: part {run.done + 1} of {run.total}…
          </p>
        </div>
      )}
      {run.kind === 'done' && (
        <p className="transcribe-line" role="status">
          {run.words === 0 ? 'No speech was recognised in this recording.' : `Transcript added to your answer (${run.words} words). You can edit it.`}
        </p>
      )}
      {run.kind === 'failed' && (
        <p className="transcribe-error" role="alert">
          {run.message}
        </p>
      )}
    </div>
  );
}
