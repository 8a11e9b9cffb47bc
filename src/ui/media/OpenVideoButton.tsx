import { useRef } from 'react';
import { linkVideo, setMedia } from '../store/studio.ts';

export function OpenVideoButton() {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" onClick={() => input.current?.click()}>Open video…</button>
      <input
        ref={input}
        type="file"
        accept="video/*,.mkv,.avi,.mov,.webm,.mp4"
        hidden
        data-testid="open-video-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (!file) return;
          const url = URL.createObjectURL(file);
          const v = document.createElement('video');
          v.src = url;
          v.onloadedmetadata = () => {
            setMedia({ status: 'ready', url, file, message: '' });
            linkVideo({ name: file.name, size: file.size, type: file.type, hash: '', duration: v.duration, width: v.videoWidth, height: v.videoHeight, fps: 0, hasAudio: true });
          };
        }}
      />
    </>
  );
}
