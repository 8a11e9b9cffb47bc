// In-page half of scripts/bench-export.ts: Export MP4's two writers on a URL, with the app's own code.
import { TAKE_RATE } from '../src/engine/audio/export.ts';
import { encodeWav } from '../src/engine/audio/wav.ts';
import { muxSoundtrack } from '../src/ui/media/ffmpeg.ts';
import { muxInPage } from '../src/ui/media/mux.ts';

export type Writer = 'mediabunny' | 'ffmpeg';

declare global {
  interface Window {
    benchExport(url: string, writer: Writer, seconds: number): Promise<{ ms: number; bytes: number; sound: string }>;
  }
}

window.benchExport = async (url, writer, seconds) => {
  const video = new File([await (await fetch(url)).blob()], url.split('/').pop()!, { type: 'video/mp4' });
  // a take as long as the clip: a 220 Hz sine, as Export MP4 gets it (32 kHz, cut or padded to the video)
  const take = Float32Array.from({ length: Math.round(seconds * TAKE_RATE) }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 220 * i) / TAKE_RATE));
  const job = { signal: new AbortController().signal };
  const t0 = performance.now();
  if (writer === 'mediabunny') {
    const out = await muxInPage(video, take, TAKE_RATE, seconds, job);
    if (!out) throw new Error('mediabunny cannot write this file');
    return { ms: performance.now() - t0, bytes: out.blob.size, sound: out.audioCodec };
  }
  const wav = new File([encodeWav([take], TAKE_RATE, 'float32') as Uint8Array<ArrayBuffer>], 'soundtrack.wav', { type: 'audio/wav' });
  const blob = await muxSoundtrack(video, wav, seconds, job);
  return { ms: performance.now() - t0, bytes: blob.size, sound: 'aac' };
};
document.getElementById('status')!.textContent = 'ready';
