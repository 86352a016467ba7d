/**
 * Replays a recorded answer: play/pause, a seek bar, the time, and speed (1×, 1.5×, 2×), all reachable by keyboard
 * (Space or K plays and pauses, the arrow keys seek on the bar). The audio comes through the API like every other
 * call (over IPC, or HTTP with the token), piece by piece, into a blob: there is no file route to guess at.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { RecordingView } from '../../../../shared/api';
import { formatDuration } from '../../../../shared/timer';
import { useApiQuery } from '../../query';
import { transport } from '../../store';
import { base64ToBytes, liveRecordings } from './capture';
import './recording.css';

export const SPEEDS = [1, 1.5, 2] as const;

/** Fetches a recording's audio through the API into one Blob. */
export async function fetchRecording(recordingId: number, signal?: { cancelled: boolean }): Promise<Blob> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let mime: string | undefined;
  for (let offset = 0; ; ) {
    if (signal?.cancelled) throw new Error('cancelled');
    const r = await transport.api.readRecording({ recordingId, offset });
    if (!r.ok) throw new Error(r.error.message);
    const bytes = base64ToBytes(r.value.data);
    parts.push(bytes);
    mime = r.value.mime;
    offset += bytes.length;
    if (r.value.done || bytes.length === 0) break;
  }
  return new Blob(parts, { type: mime ?? 'audio/webm' });
}

type ReplayProps =
  | { recording: RecordingView; onLoaded?: (blob: Blob) => void }
  /** The recording of one answer (part 0) or follow-up answer (1..n), for screens that know only where it was said. */
  | { sessionId: number; position: number; part: number; onLoaded?: (blob: Blob) => void };

export function Replay(props: ReplayProps) {
  // Keyed by what is played, so a new recording (or one that grew) starts from a fresh player.
  if ('recording' in props) return <Player key={`${props.recording.id}:${props.recording.bytes}`} recording={props.recording} onLoaded={props.onLoaded} />;
  return <ReplayOf {...props} />;
}

function ReplayOf({ sessionId, position, part, onLoaded }: { sessionId: number; position: number; part: number; onLoaded?: (blob: Blob) => void }) {
  const list = useApiQuery(transport.api, 'listRecordings', { sessionId, position });
  const recording = list.data?.find((r) => r.part === part);
  if (list.isPending) return null;
  if (list.error) return <p className="problem">Could not list the recordings: {list.error.message}</p>;
  return recording ? <Player key={`${recording.id}:${recording.bytes}`} recording={recording} onLoaded={onLoaded} /> : null;
}

function Player({ recording, onLoaded }: { recording: RecordingView; onLoaded?: (blob: Blob) => void }) {
  const [url, setUrl] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [playing, setPlaying] = useState(false);
  const [time, setTime] = useState(0);
  const [duration, setDuration] = useState(recording.durationMs / 1000);
  const [speed, setSpeed] = useState<(typeof SPEEDS)[number]>(1);
  const audioRef = useRef<HTMLAudioElement>(null);
  // A MediaRecorder WebM has no duration in its header: seeking to the end once makes the element find it.
  const probing = useRef(false);
  const loadedRef = useRef(onLoaded);
  useEffect(() => {
    loadedRef.current = onLoaded;
  });

  useEffect(() => {
    const signal = { cancelled: false };
    let made: string | null = null;
    fetchRecording(recording.id, signal).then(
      (blob) => {
        if (signal.cancelled) return;
        made = URL.createObjectURL(blob);
        setUrl(made);
        loadedRef.current?.(blob);
      },
      (e: unknown) => {
        if (!signal.cancelled) setProblem(`This recording cannot be played: ${(e as Error).message}`);
      },
    );
    return () => {
      signal.cancelled = true;
      if (made) URL.revokeObjectURL(made);
    };
  }, [recording.id, recording.bytes]);

  useEffect(() => {
    if (audioRef.current) audioRef.current.playbackRate = speed;
  }, [speed, url]);

  const audio = () => audioRef.current;
  const known = Number.isFinite(duration) && duration > 0 ? duration : recording.durationMs / 1000;
  const toggle = () => {
    const a = audio();
    if (!a) return;
    if (a.paused) void a.play().catch((e: unknown) => setProblem(`This recording cannot be played: ${(e as Error).message}`));
    else a.pause();
  };
  const onKeys = (e: KeyboardEvent<HTMLDivElement>) => {
    if ((e.key === 'k' || e.key === 'K') && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      toggle();
    }
  };

  const saving = recording.status === 'recording' && liveRecordings.has(recording.id);
  const cut = recording.status === 'recording' && !saving;
  const label = recording.part === 0 ? 'Recorded answer' : `Recorded follow-up answer ${recording.part}`;
  return (
    <div className="replay" role="group" aria-label={label} data-testid={`replay-${recording.id}`} data-ready={url !== null || undefined} onKeyDown={onKeys}>
      {problem && (
        <p className="problem" role="alert">
          {problem}
        </p>
      )}
      {!url && !problem && <p className="muted">Loading the recording…</p>}
      {url && (
        <>
          <audio
            ref={audioRef}
            src={url}
            preload="auto"
            data-testid={`replay-audio-${recording.id}`}
            onLoadedMetadata={(e) => {
              const a = e.currentTarget;
              a.playbackRate = speed;
              if (Number.isFinite(a.duration)) setDuration(a.duration);
              else {
                probing.current = true;
                a.currentTime = Number.MAX_SAFE_INTEGER;
              }
            }}
            onDurationChange={(e) => {
              const a = e.currentTarget;
              if (!Number.isFinite(a.duration)) return;
              setDuration(a.duration);
              if (probing.current) {
                probing.current = false;
                a.currentTime = 0;
              }
            }}
            onTimeUpdate={(e) => {
              if (!probing.current) setTime(e.currentTarget.currentTime);
            }}
            onPlay={() => setPlaying(true)}
            onPause={() => setPlaying(false)}
            onEnded={() => setPlaying(false)}
            onError={() => setProblem('This recording cannot be played: the browser could not decode its audio.')}
          />
          <div className="row replay-controls">
            <button type="button" onClick={toggle} aria-keyshortcuts="K" data-testid={`replay-play-${recording.id}`}>
              {playing ? 'Pause' : 'Play'}
            </button>
            <input
              type="range"
              className="replay-seek"
              aria-label="Position in the recording"
              min={0}
              max={Math.max(known, 0.1)}
              step={0.1}
              value={Math.min(time, known)}
              aria-valuetext={`${formatDuration(time * 1000)} of ${formatDuration(known * 1000)}`}
              onChange={(e) => {
                const a = audio();
                const t = Number(e.target.value);
                if (a) a.currentTime = t;
                setTime(t);
              }}
            />
            <span className="replay-time" data-testid={`replay-time-${recording.id}`}>
              {formatDuration(time * 1000)} / {formatDuration(known * 1000)}
            </span>
            <span className="replay-speeds" role="radiogroup" aria-label="Playback speed">
              {SPEEDS.map((s) => (
                <label key={s} className="replay-speed">
                  <input type="radio" name={`speed-${recording.id}`} checked={speed === s} onChange={() => setSpeed(s)} />
                  <span>{s}×</span>
                </label>
              ))}
            </span>
          </div>
          {saving && <p className="muted replay-cut">The end of this recording is still being saved.</p>}
          {cut && <p className="muted replay-cut">The app stopped while this was being recorded; it plays up to the last second saved.</p>}
        </>
      )}
    </div>
  );
}
