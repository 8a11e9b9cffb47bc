/**
 * Open a video: check it, let the browser's <video> try it, convert it with ffmpeg when the
 * browser cannot, measure it, hash it, and only then replace the current video and link it to
 * the project. Until that last step nothing of the current project or video changes, so a bad
 * file costs nothing but a message. Thumbnails and the waveform follow in the background.
 */
import { messages, MIN_CLIP_SECONDS, MIN_SIDE } from '../../engine/media/describe.ts';
import { thumbnailTimes } from '../../engine/media/filmstrip.ts';
import { videoHash } from '../../engine/media/hash.ts';
import { LIMITS } from '../../engine/project/limits.ts';
import type { VideoRef } from '../../engine/project/types.ts';
import { clearErrorNotice, EMPTY_MEDIA, linkVideo, notify, setMedia, setPlayback, useStudio } from '../store/studio.ts';
import { pausePlayback } from '../playback/clock.ts';
import { storeVideo } from '../persist/autosave.ts';
import { blobReader, checkFile, Rejected, type Checked } from './checkFile.ts';
import { Cancelled, probeWithFfmpeg, transcodeToMp4 } from './ffmpeg.ts';
import { measureFps, probeNative, type NativeInfo } from './nativeVideo.ts';
import { makeThumbnails } from './thumbnails.ts';
import { clipSound } from './waveform.ts';

let opening: AbortController | null = null;
/** Background work (thumbnails, waveform) of the video on screen. */
let background: AbortController | null = null;

const BY_USER = 'cancelled by the person';

export function cancelOpening(): void {
  opening?.abort(BY_USER);
}

const isAbort = (e: unknown) => e instanceof Cancelled || (e instanceof DOMException && e.name === 'AbortError');

interface Playable {
  readonly url: string;
  readonly blob: Blob;
  readonly info: NativeInfo;
  /** Known from the file itself (MP4 boxes) or ffmpeg; null = measure in the browser. */
  readonly fps: number | null;
  readonly hasAudio: boolean | null;
}

function progress(message: string, p: number | null = null) {
  setMedia({ message, progress: p });
}

/** The browser first; ffmpeg when the browser cannot play it or sees no picture in a video container. */
async function makePlayable(file: File, checked: Checked, signal: AbortSignal): Promise<Playable> {
  const url = URL.createObjectURL(file);
  let info: NativeInfo | null = null;
  try {
    info = await probeNative(url, signal);
  } catch (e) {
    if (isAbort(e)) { URL.revokeObjectURL(url); throw e; }
  }
  const mp4Video = checked.mp4?.tracks.find((t) => t.kind === 'video');
  if (info && info.width > 0) {
    return { url, blob: file, info, fps: mp4Video?.rate || null, hasAudio: checked.mp4?.tracks.length ? checked.mp4.tracks.some((t) => t.kind === 'audio') : null };
  }
  URL.revokeObjectURL(url);
  if (info) {
    // The browser found sound but no picture: a video codec it lacks (HEVC), or truly audio only.
    const probe = await probeWithFfmpeg(file, { signal, onProgress: (p, m) => progress(m, p) });
    if (!probe.video) throw new Rejected(messages.audioOnly(file.name));
  }
  let converted;
  try {
    converted = await transcodeToMp4(file, { signal, onProgress: (p, m) => progress(m, p) });
  } catch (e) {
    if (isAbort(e)) throw e;
    throw new Rejected(messages.unreadable(file.name));
  }
  if (!converted.probe.video) throw new Rejected(messages.audioOnly(file.name));
  const out = URL.createObjectURL(converted.blob);
  try {
    const outInfo = await probeNative(out, signal);
    return { url: out, blob: converted.blob, info: outInfo, fps: converted.probe.video.fps || null, hasAudio: !!converted.probe.audio };
  } catch (e) {
    URL.revokeObjectURL(out);
    throw isAbort(e) ? e : new Rejected(messages.unreadable(file.name));
  }
}

export interface OpenOptions {
  /** Reopening the autosaved video after a reload: no "Re-linked" notice, and it is stored already. */
  readonly restoring?: boolean;
}

/** Opens `file`; resolves true when it became the current video. Messages go through notify(). */
export async function openVideo(file: File, options: OpenOptions = {}): Promise<boolean> {
  opening?.abort();
  const ctl = new AbortController();
  opening = ctl;
  const { signal } = ctl;
  setMedia({ opening: file.name, message: `Reading “${file.name}”…`, progress: null });
  let playable: Playable | null = null;
  try {
    const checked = await checkFile(file);
    playable = await makePlayable(file, checked, signal);
    const { info } = playable;
    if (info.width < MIN_SIDE || info.height < MIN_SIDE) throw new Rejected(messages.tooSmall(file.name, info.width, info.height));
    if (!(info.duration >= MIN_CLIP_SECONDS)) throw new Rejected(messages.tooShort(file.name, info.duration || 0));
    if (info.duration > LIMITS.maxDuration) throw new Rejected(messages.tooLong(file.name, info.duration, LIMITS.maxDuration));
    progress('Measuring…');
    const fps = playable.fps ?? (await measureFps(playable.url, signal));
    const hash = await videoHash(blobReader(file), file.size);
    if (signal.aborted) throw new Cancelled();
    const ref: VideoRef = {
      name: file.name, size: file.size, type: file.type || checked.sniffed.container, hash,
      duration: info.duration, width: info.width, height: info.height, fps, hasAudio: playable.hasAudio ?? true,
    };
    clearErrorNotice();
    show(file, playable, ref, options);
    // Kept beside the autosaved project so a reload brings the picture back (the original file,
    // not a transcode, so its hash still matches); a full quota only costs that convenience.
    if (!options.restoring) storeVideo(file).catch(() => {});
    return true;
  } catch (e) {
    if (playable) URL.revokeObjectURL(playable.url);
    // Superseded by a newer open (another file dropped) is not news; a Cancel click is.
    if (isAbort(e) || signal.aborted) { if (signal.reason === BY_USER) notify('info', messages.cancelled(file.name)); }
    else if (e instanceof Rejected) notify('error', e.message);
    else notify('error', `${messages.unreadable(file.name)} (${e instanceof Error ? e.message : String(e)})`);
    return false;
  } finally {
    if (opening === ctl) {
      opening = null;
      setMedia({ opening: null, message: '', progress: null });
    }
  }
}

/** Hash of the video on screen, to tell a re-link (same file) from a new video. */
let shownHash: string | null = null;

const sameVideo = (a: VideoRef | null, b: VideoRef) => !!a && a.hash === b.hash && a.size === b.size;

function clearShown(): void {
  background?.abort();
  const old = useStudio.getState().media;
  if (old.url) URL.revokeObjectURL(old.url);
  for (const t of old.thumbnails) URL.revokeObjectURL(t.url);
  shownHash = null;
}

/**
 * Replace the current video: free the old one's URLs, link the new one, start its filmstrip and
 * waveform. The project's own video opened again (after a reload or a project load) is a
 * re-link: the project is left exactly as it is.
 */
function show(file: File, playable: Playable, ref: VideoRef, options: OpenOptions): void {
  pausePlayback();
  clearShown();
  setMedia({ status: 'ready', url: playable.url, file, thumbnails: [], peaks: null, peaksPerSec: 0, sound: 'pending', soundNote: '' });
  shownHash = ref.hash;
  if (sameVideo(useStudio.getState().project.video, ref)) {
    if (!options.restoring) notify('info', `Re-linked “${file.name}”.`);
  }
  else linkVideo(ref);
  setPlayback({ time: 0 });
  const bg = new AbortController();
  background = bg;
  void fillBackground(playable, ref, bg.signal);
}

async function fillBackground(playable: Playable, ref: VideoRef, signal: AbortSignal): Promise<void> {
  const sound = clipSound(playable.blob, ref.duration, signal).then((s) => {
    if (signal.aborted) return;
    if (s.kind === 'peaks') setMedia({ sound: 'peaks', peaks: s.peaks, peaksPerSec: s.perSec, soundNote: '' });
    else if (s.kind === 'skipped') setMedia({ sound: 'skipped', soundNote: s.reason });
    else setMedia({ sound: 'none', soundNote: 'no sound' });
  }).catch(() => { if (!signal.aborted) setMedia({ sound: 'none', soundNote: 'no sound' }); });
  const thumbs: { t: number; url: string }[] = [];
  await makeThumbnails(playable.url, thumbnailTimes(ref.duration), signal, (t, url) => {
    thumbs.push({ t, url });
    setMedia({ thumbnails: thumbs.slice() });
  }).catch(() => { /* the filmstrip stays partial; the video itself plays */ });
  await sound;
}

// A project loaded with a different video: stop showing the old clip, whose times no longer
// match the timeline; the pane then asks for the project's own video.
useStudio.subscribe((s, prev) => {
  const v = s.project.video;
  if (v === prev.project.video || !v || !shownHash || v.hash === shownHash) return;
  clearShown();
  setMedia({ ...EMPTY_MEDIA });
});
