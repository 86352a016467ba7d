/**
 * Settings → Transcription: which speech model folder the app uses, whether it loads, and how to get one. The model
 * is a download of the user's own (no npm package ships English speech weights); the app only reads the folder.
 */
import { useState, type FormEvent } from 'react';
import { LoadError } from '../../components/LoadError';
import { useApiQuery } from '../../query';
import { transport, useApp } from '../../store';
import '../recording/transcribe.css';

const RELEASES = 'https://github.com/k2-fsa/sherpa-onnx/releases/tag/asr-models';

/** The two models the app knows, with what the download holds (sizes from the sherpa-onnx release page). */
export const SUGGESTED_MODELS = [
  {
    name: 'Moonshine tiny (English), recommended',
    file: 'sherpa-onnx-moonshine-tiny-en-int8.tar.bz2',
    size: 'about 120 MB unpacked',
    note: 'Fast on a laptop CPU; made for short spoken answers.',
  },
  {
    name: 'Whisper tiny.en',
    file: 'sherpa-onnx-whisper-tiny.en.tar.bz2',
    size: 'about 260 MB unpacked, of which the app uses the int8 files (about 105 MB)',
    note: 'A little slower; handles accents and background noise somewhat better.',
  },
] as const;

export function Transcription() {
  const status = useApiQuery(transport.api, 'getTranscriptionStatus', {});
  const updateSettings = useApp((s) => s.updateSettings);
  const openLink = useApp((s) => s.openLink);
  const saved = status.data?.modelDir ?? null;
  const [typed, setTyped] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const shown = typed ?? saved ?? '';

  const save = async (dir: string | null) => {
    setSaving(true);
    const ok = await updateSettings({ transcriptionModelDir: dir });
    setSaving(false);
    if (ok) setTyped(null);
  };
  // Desktop: the native folder dialog fills the field and uses the folder at once (browser mode types the path).
  const chooseFolder = async () => {
    const pick = transport.api.chooseFolder;
    if (!pick) return;
    const r = await pick({ purpose: 'speech-model' });
    if (r.ok && 'path' in r.value) {
      setTyped(r.value.path);
      void save(r.value.path);
    }
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const dir = shown.trim();
    void save(dir === '' ? null : dir);
  };

  return (
    <section className="settings-group settings-transcription" aria-labelledby="transcription-title">
      <h3 id="transcription-title">Transcription (optional)</h3>
      <p className="muted">
        Turns a recorded answer into text you can edit, so the checklist suggestions can read it. It runs entirely on this computer: the audio and the
        transcript never leave it. Recording and replay work without it.
      </p>
      {status.isError ? (
        <LoadError title="The transcription status could not be read" query={status} heading="h3" />
      ) : (
        <p className="transcription-status" role="status" data-available={status.data?.available ?? false} aria-busy={status.isFetching}>
          {status.data ? status.data.message : 'Checking the speech model…'}
        </p>
      )}
      <form onSubmit={onSubmit} noValidate>
        <label htmlFor="set-transcriptionModelDir">Model folder</label>
        <div className="transcription-path">
          <input
            id="set-transcriptionModelDir"
            type="text"
            spellCheck={false}
            autoComplete="off"
            placeholder="/home/you/models/sherpa-onnx-moonshine-tiny-en-int8"
            aria-describedby="set-transcriptionModelDir-hint"
            value={shown}
            onChange={(e) => setTyped(e.target.value)}
          />
          {transport.api.chooseFolder && (
            <button type="button" onClick={() => void chooseFolder()} disabled={saving}>
              Choose folder…
            </button>
          )}
          <button type="submit" className="primary" disabled={saving || shown.trim() === (saved ?? '')}>
            {saving ? 'Saving…' : 'Use this folder'}
          </button>
          <button type="button" onClick={() => void save(null)} disabled={saving || saved === null}>
            Stop using it
          </button>
          <button type="button" onClick={() => void status.refetch()} disabled={status.isFetching}>
            Check again
          </button>
        </div>
        <p className="settings-hint" id="set-transcriptionModelDir-hint">
          The full path of the unpacked folder, the one holding the .onnx files and the tokens file.
        </p>
      </form>
      {!status.data?.available && (
        <div className="transcription-help">
          <h4>Getting a model</h4>
          <ol>
            <li>
              From the sherpa-onnx releases page, “asr-models” (
              <a
                href={RELEASES}
                onClick={(e) => {
                  e.preventDefault();
                  void openLink(RELEASES);
                }}
              >
                {RELEASES}
              </a>
              ), download one of:
              <ul>
                {SUGGESTED_MODELS.map((m) => (
                  <li key={m.file}>
                    <strong>{m.name}</strong>: <code>{m.file}</code>, {m.size}. {m.note}
                  </li>
                ))}
              </ul>
            </li>
            <li>
              Unpack it, for example with <code>tar xf {SUGGESTED_MODELS[0].file}</code> (Windows 10 and later have <code>tar</code> too).
            </li>
            <li>Paste the unpacked folder’s full path above and choose “Use this folder”. The app checks that the model loads.</li>
          </ol>
        </div>
      )}
    </section>
  );
}
