/**
 * Dropping a pack file anywhere on the window: a full-window overlay while files are dragged over it, and the
 * first dropped file goes to the import preview on the Packs screen. Drags of anything but files (text into the
 * answer box) are left alone. During a drill nothing is shown and a dropped file is refused: the browser must not
 * open it in place of the app, and the drill must not be left for it.
 *
 * Mounted once, by App, on every screen; kept small, as it is in the start-up bundle.
 */
import { useEffect, useState } from 'react';
import { useApp } from '../../store';
import { MAX_PACK_FILE_BYTES, formatBytes } from '../../files';

const carriesFiles = (e: DragEvent) => e.dataTransfer !== null && Array.from(e.dataTransfer.types).includes('Files');

export function FileDrop() {
  const [over, setOver] = useState(false);
  const drilling = useApp((s) => s.view === 'drill');

  useEffect(() => {
    // dragenter and dragleave fire for every element crossed: the overlay goes when as many have left as entered.
    let depth = 0;
    const inDrill = () => useApp.getState().view === 'drill';
    const onEnter = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      depth++;
      if (!inDrill()) setOver(true);
    };
    const onOver = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      e.dataTransfer!.dropEffect = inDrill() ? 'none' : 'copy';
    };
    const onLeave = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const onDrop = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setOver(false);
      const file = e.dataTransfer!.files[0];
      const state = useApp.getState();
      if (!file || state.view === 'drill') return;
      state.navigate('packs');
      void state.importFile(file);
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  if (!over || drilling) return null;
  // Only a pointer can drag: the overlay is decoration for it (the keyboard way in is Import pack…).
  return (
    <div className="dropzone" aria-hidden="true" data-testid="drop-overlay">
      <div className="dropzone-panel">
        <p className="dropzone-title">Drop the pack file to preview it</p>
        <p className="dropzone-hint">JSON or CSV, up to {formatBytes(MAX_PACK_FILE_BYTES)}. Nothing is installed until you confirm.</p>
      </div>
    </div>
  );
}
