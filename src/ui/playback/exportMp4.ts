/**
 * Export MP4: the opened video with the current take as its soundtrack, the picture copied as it
 * is. The take's samples come from where Export WAV gets them (take.ts), placed at the take's
 * start and cut or padded to the video's length (engine/export/soundtrack.ts). mediabunny writes
 * the MP4 in the page with the sound encoded by WebCodecs (ui/media/mux.ts: AAC, or Opus where the
 * browser has no AAC encoder) at 48 kHz, from the shared band-limited resampler; where
 * it cannot (a codec MP4 cannot carry, no audio encoder) ffmpeg.wasm does (ui/media/ffmpeg.ts
 * muxSoundtrack: AAC, from a float WAV so nothing is lost before the encoder).
 *
 * One export at a time; its state (progress, failure) is this module's own small store, read by
 * the Export controls. A failure only says why: the project, the take and the video are untouched.
 */
import { create } from 'zustand';
import { TAKE_RATE } from '../../engine/audio/export.ts';
import { encodeWav } from '../../engine/audio/wav.ts';
import { mp4ExportName, soundtrackSamples } from '../../engine/export/soundtrack.ts';
import { Cancelled, muxSoundtrack, type FfmpegJob } from '../media/ffmpeg.ts';
import { muxInPage } from '../media/mux.ts';
import { downloadBlob } from '../persist/download.ts';
import { useStudio } from '../store/studio.ts';
import { takeSamples } from './take.ts';

export type Mp4Export =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running'; readonly progress: number | null; readonly message: string }
  /** `writer`: who wrote it (mediabunny in the page, or ffmpeg.wasm where the page cannot); `sound`: the audio codec. */
  | { readonly kind: 'done'; readonly name: string; readonly writer: 'mediabunny' | 'ffmpeg'; readonly sound: 'AAC' | 'Opus' }
  | { readonly kind: 'failed'; readonly message: string };

export const useMp4Export = create<Mp4Export>()(() => ({ kind: 'idle' }));

let running: AbortController | null = null;

/** Why Export MP4 cannot run now ('' when it can): said on the button, not faked. */
export function mp4Unavailable(): string {
  const s = useStudio.getState();
  if (!s.media.file || !s.project.video) return 'Open the video first';
  if (!s.generation.take || s.generation.take.seconds === 0) return 'No take yet — generate one first';
  if (s.generation.run.kind === 'running') return 'The take is still being written';
  return '';
}

export const isExportingMp4 = (): boolean => running !== null;

export function cancelMp4Export(): void {
  running?.abort();
}

export async function exportMp4(): Promise<void> {
  const why = mp4Unavailable();
  if (why || running) {
    if (why) useMp4Export.setState({ kind: 'failed', message: why }, true);
    return;
  }
  const { media, project, generation } = useStudio.getState();
  const video = media.file!;
  const seconds = project.video!.duration;
  const controller = new AbortController();
  running = controller;
  useMp4Export.setState({ kind: 'running', progress: null, message: 'Writing the MP4…' }, true);
  try {
    const track = soundtrackSamples(takeSamples(), generation.take!.start, TAKE_RATE, seconds);
    const job: FfmpegJob = {
      signal: controller.signal,
      onProgress: (progress, message) => {
        if (running === controller) useMp4Export.setState({ kind: 'running', progress, message }, true);
      },
    };
    const inPage = await muxInPage(video, track, TAKE_RATE, seconds, job);
    if (controller.signal.aborted) throw new Cancelled();
    const blob = inPage?.blob ?? await muxSoundtrack(video, soundtrackWav(track), seconds, job);
    const name = mp4ExportName(project.video!.name, project.name);
    downloadBlob(blob, name);
    const sound = inPage?.audioCodec === 'opus' ? 'Opus' : 'AAC';
    useMp4Export.setState({ kind: 'done', name, writer: inPage ? 'mediabunny' : 'ffmpeg', sound }, true);
  } catch (e) {
    if (e instanceof Cancelled || controller.signal.aborted) useMp4Export.setState({ kind: 'idle' }, true);
    else useMp4Export.setState({ kind: 'failed', message: `Export MP4 failed: ${e instanceof Error ? e.message : String(e)}. Nothing was changed.` }, true);
  } finally {
    if (running === controller) running = null;
  }
}

const soundtrackWav = (track: Float32Array): File =>
  new File([encodeWav([track], TAKE_RATE, 'float32') as Uint8Array<ArrayBuffer>], 'soundtrack.wav', { type: 'audio/wav' });
