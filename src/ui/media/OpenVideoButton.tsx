import { useEffect, useRef } from 'react';
import { loadProjectFromFile } from '../persist/projectFile.ts';
import { openVideo } from './open.ts';

/** Is this drag carrying files (not text or a link dragged around the page)? */
const hasFiles = (e: DragEvent) => !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');

/**
 * "Open video…" plus drag-and-drop of a file anywhere on the page (the whole window is the drop
 * target, so nobody has to aim; a dropped .json project file is loaded as a project). The body
 * gets a `dropping` class while a file hovers.
 */
export function OpenVideoButton() {
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let depth = 0;
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault(); // allows the drop
      e.dataTransfer!.dropEffect = 'copy';
    };
    const enter = (e: DragEvent) => { if (hasFiles(e) && depth++ === 0) document.body.classList.add('dropping'); };
    const leave = (e: DragEvent) => { if (hasFiles(e) && --depth <= 0) { depth = 0; document.body.classList.remove('dropping'); } };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault(); // without this the browser navigates to the file and the project is gone
      depth = 0;
      document.body.classList.remove('dropping');
      const file = e.dataTransfer!.files[0];
      // A dropped project file loads the project; anything else is taken for a video.
      if (file && /\.json$/i.test(file.name)) void loadProjectFromFile(file);
      else if (file) void openVideo(file);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  return (
    <>
      <button type="button" onClick={() => input.current?.click()} title="Open a video file (or drop one anywhere on the page)">
        Open video…
      </button>
      <input
        ref={input}
        type="file"
        accept="video/*,.mkv,.avi,.mov,.webm,.mp4,.m4v,.ts,.flv,.wmv"
        hidden
        data-testid="open-video-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = ''; // so choosing the same file again opens it again
          if (file) void openVideo(file);
        }}
      />
    </>
  );
}
