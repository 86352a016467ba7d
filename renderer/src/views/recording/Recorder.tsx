/**
 * Record an answer out loud, beside typing it. Record asks for the microphone only when pressed (on the desktop the
 * main process allows it only while armed), then MediaRecorder hands over a chunk every second, which goes to the
 * service at once: a crash keeps what was recorded up to the last second or so. A level meter shows the microphone
 * hears you. Stop finishes the recording; it then replays here, and `beside` can add to it (transcription).
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { RecordingView } from '../../../../shared/api';
import { RECORDING_BITS_PER_SECOND, RECORDING_TIMESLICE_MS } from '../../../../shared/recordings';
import { formatDuration } from '../../../../shared/timer';
import { useApiQuery } from '../../query';
import { transport } from '../../store';
import { ChunkUploader, describeCaptureError, levelOf, levelWords, liveRecordings, pickMime, unsupportedReason } from './capture';
import { Replay } from './Replay';
import './recording.css';

export interface RecorderProps {
  sessionId: number;
  position: number;
  /** 0 for the main answer; a mock loop's follow-up answers are 1..n. */
  part: number;
  /** No new recording; one running is stopped (the answer was closed). */
  disabled?: boolean;
  /** Shown beside the finished recording, given its audio (e.g. the transcribe button). */
  beside?: (blob: Blob) => ReactNode;
}

type Phase = { kind: 'idle' } | { kind: 'starting' } | { kind: 'recording'; startedAt: number } | { kind: 'stopping' };

interface Run {
  stream: MediaStream;
  recorder: MediaRecorder;
  uploader: ChunkUploader;
  recording: RecordingView;
  audio: AudioContext | null;
  startedAt: number;
  meterTimer: number;
}

const disarm = () => void transport.api.armRecording?.({ armed: false });

/** Alt+R, by the key's place (Option+R types a character on a Mac keyboard). */
const isShortcut = (e: KeyboardEvent) => e.altKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyR';

export function Recorder({ sessionId, position, part, disabled = false, beside }: RecorderProps) {
  const list = useApiQuery(transport.api, 'listRecordings', { sessionId, position });
  const existing = list.data?.find((r) => r.part === part) ?? null;
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [problem, setProblem] = useState<string | null>(null);
  const [level, setLevel] = useState(0);
  const [now, setNow] = useState(0);
  const [blob, setBlob] = useState<Blob | null>(null);
  const run = useRef<Run | null>(null);
  // False once unmounted or disabled: a start still waiting (on the permission prompt) must then not go on recording.
  const wanted = useRef(!disabled);
  const unsupported = unsupportedReason();

  const stop = useCallback(async () => {
    const r = run.current;
    if (!r) return;
    run.current = null;
    setPhase({ kind: 'stopping' });
    window.clearInterval(r.meterTimer);
    // The last chunk arrives with the stop event; then every chunk is sent before the recording is marked complete.
    if (r.recorder.state !== 'inactive') {
      const stopped = new Promise<void>((resolve) => r.recorder.addEventListener('stop', () => resolve(), { once: true }));
      r.recorder.stop();
      await stopped;
    }
    for (const t of r.stream.getTracks()) t.stop();
    void r.audio?.close();
    disarm();
    await r.uploader.drain();
    const durationMs = Math.round(performance.now() - r.startedAt);
    if (r.uploader.failure) {
      setProblem(`Recording stopped: ${r.uploader.failure.message} What was sent before is kept.`);
    } else if (r.uploader.sent === 0) {
      // Stopped before the first chunk: nothing to keep.
      await transport.api.deleteRecording({ recordingId: r.recording.id });
      setProblem('Nothing was recorded: the recording was stopped before any sound was captured.');
    } else {
      const done = await transport.api.finishRecording({ recordingId: r.recording.id, chunks: r.uploader.sent, durationMs });
      if (!done.ok) setProblem(`The recording could not be completed: ${done.error.message}`);
    }
    liveRecordings.delete(r.recording.id);
    setLevel(0);
    setPhase({ kind: 'idle' });
  }, []);

  const start = useCallback(async () => {
    if (run.current || unsupported) return;
    const mime = pickMime()!;
    setProblem(null);
    setBlob(null);
    setPhase({ kind: 'starting' });
    // The desktop grants the microphone only while armed; in browser mode the method is absent and the browser asks.
    const armed = await transport.api.armRecording?.({ armed: true });
    if (armed && !armed.ok) {
      setProblem(`Recording could not start: ${armed.error.message}`);
      setPhase({ kind: 'idle' });
      return;
    }
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true }, video: false });
    } catch (e) {
      disarm();
      setProblem(describeCaptureError(e));
      setPhase({ kind: 'idle' });
      return;
    }
    const giveUp = () => {
      for (const t of stream.getTracks()) t.stop();
      disarm();
      setPhase({ kind: 'idle' });
    };
    if (!wanted.current) return giveUp();
    const started = await transport.api.startRecording({ sessionId, position, part, mime, replace: existing !== null });
    if (!started.ok) {
      giveUp();
      setProblem(`Recording could not start: ${started.error.message}`);
      return;
    }
    if (!wanted.current) {
      // The answer was closed while the recording was being set up: nothing was said into it.
      void transport.api.deleteRecording({ recordingId: started.value.id });
      return giveUp();
    }
    const recorder = new MediaRecorder(stream, { mimeType: mime, audioBitsPerSecond: RECORDING_BITS_PER_SECOND });
    const startedAt = performance.now();
    const uploader = new ChunkUploader((seq, data, durationMs) => transport.api.appendRecordingChunk({ recordingId: started.value.id, seq, data, durationMs }));
    const chunks: Blob[] = [];
    recorder.addEventListener('dataavailable', (e) => {
      chunks.push(e.data);
      uploader.push(e.data, Math.round(performance.now() - startedAt));
      if (uploader.failure && run.current?.recorder === recorder) void stop();
    });
    recorder.addEventListener('stop', () => setBlob(new Blob(chunks, { type: mime })), { once: true });
    // The microphone went away (unplugged, taken by the system): keep what arrived and say so.
    recorder.addEventListener('error', () => setProblem('The microphone stopped delivering sound, so the recording stopped. What was recorded is kept.'));
    for (const track of stream.getAudioTracks()) {
      track.addEventListener('ended', () => {
        if (run.current?.recorder !== recorder) return;
        setProblem('The microphone was disconnected, so the recording stopped. What was recorded is kept.');
        void stop();
      });
    }

    let audio: AudioContext | null = null;
    let meterTimer: number;
    try {
      audio = new AudioContext();
      const analyser = audio.createAnalyser();
      analyser.fftSize = 1024;
      audio.createMediaStreamSource(stream).connect(analyser);
      const samples = new Float32Array(analyser.fftSize);
      meterTimer = window.setInterval(() => {
        analyser.getFloatTimeDomainData(samples);
        setLevel(levelOf(samples));
        setNow(performance.now());
      }, 100);
    } catch {
      // No meter (Web Audio unavailable); the recording itself goes on. The clock still runs.
      meterTimer = window.setInterval(() => setNow(performance.now()), 250);
    }
    run.current = { stream, recorder, uploader, recording: started.value, audio, startedAt, meterTimer };
    liveRecordings.add(started.value.id);
    recorder.start(RECORDING_TIMESLICE_MS);
    setNow(startedAt);
    setPhase({ kind: 'recording', startedAt });
  }, [sessionId, position, part, existing, unsupported, stop]);

  const recording = phase.kind === 'recording';
  const toggle = useCallback(() => {
    if (run.current) void stop();
    else if (!disabled && phase.kind === 'idle') void start();
  }, [disabled, phase.kind, start, stop]);

  // Closing the answer (Finish and grade, time's up, another question) stops a recording that is running.
  useEffect(() => {
    wanted.current = !disabled;
    if (disabled && run.current) void stop();
  }, [disabled, stop]);
  useEffect(
    () => () => {
      wanted.current = false;
      void stop();
    },
    [stop],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isShortcut(e) || e.repeat) return;
      e.preventDefault();
      toggle();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [toggle]);

  if (unsupported) {
    return (
      <div className="recorder" data-testid="recorder">
        <p className="muted recorder-unsupported">{unsupported}</p>
      </div>
    );
  }

  const elapsed = recording ? now - phase.startedAt : 0;
  const percent = Math.round(level * 100);
  const busy = phase.kind === 'starting' || phase.kind === 'stopping';
  const shown = !recording && !busy && existing?.status !== undefined ? existing : null;
  return (
    <div className="recorder" data-testid="recorder" data-state={phase.kind}>
      <div className="row recorder-controls">
        <button
          type="button"
          className={recording ? 'recorder-toggle recording' : 'recorder-toggle'}
          onClick={toggle}
          disabled={busy || (!recording && disabled)}
          aria-pressed={recording}
          aria-keyshortcuts="Alt+R"
        >
          {phase.kind === 'starting' ? 'Starting…' : phase.kind === 'stopping' ? 'Saving…' : recording ? 'Stop recording' : existing ? 'Record again' : 'Record'}{' '}
          <kbd>Alt</kbd>+<kbd>R</kbd>
        </button>
        {recording && (
          <>
            <span className="recorder-elapsed" data-testid="recorder-elapsed" aria-label={`Recording, ${formatDuration(elapsed)}`}>
              <span className="recorder-dot" aria-hidden="true" /> {formatDuration(elapsed)}
            </span>
            <div
              className="recorder-meter"
              role="meter"
              aria-label="Microphone level"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent}
              aria-valuetext={levelWords(level)}
              data-testid="recorder-meter"
              data-level={percent}
            >
              <span style={{ width: `${percent}%` }} />
            </div>
            <span className="muted recorder-level-words">{levelWords(level)}</span>
          </>
        )}
        {!recording && existing && !busy && <span className="muted">Recording again replaces this one.</span>}
      </div>
      {problem && (
        <p className="problem" role="alert">
          {problem}
        </p>
      )}
      {shown && (
        <div className="row recorder-result">
          <Replay recording={shown} onLoaded={setBlob} />
          {blob && beside?.(blob)}
        </div>
      )}
    </div>
  );
}
