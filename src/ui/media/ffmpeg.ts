/**
 * ffmpeg.wasm for what the browser's <video> cannot open: probe a file (the `-i` banner) and
 * transcode it to H.264/AAC MP4. The core (JS + WASM, ~32 MB) is served by this app (Vite emits
 * it as an asset; never a CDN) and is only fetched the first time a file needs it.
 *
 * The input is mounted with WORKERFS, which reads slices of the File on demand, so a large
 * input is never copied into memory; only the transcoded output is (it lives in the worker's
 * MEMFS until it is read back as a Blob).
 */
import { FFmpeg, FFFSType } from '@ffmpeg/ffmpeg';
import coreURL from '@ffmpeg/core?url';
import wasmURL from '@ffmpeg/core/wasm?url';
import { parseFfmpegBanner, parseFfmpegTime, type ProbedStreams } from '../../engine/media/probe.ts';

export interface FfmpegJob {
  readonly signal: AbortSignal;
  /** 0..1 once the duration is known, with a short line of what ffmpeg is doing. */
  readonly onProgress?: (progress: number | null, message: string) => void;
}

export class Cancelled extends Error {
  constructor() { super('cancelled'); }
}

const IN_DIR = '/in';
/** A worker that fails to start never answers load(); give up instead of "Converting…" forever. */
const LOAD_TIMEOUT_MS = 60_000;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(what)), ms);
    p.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
  });
}

/** A fresh ffmpeg per job: terminate() is the only way to stop a running exec, and it frees the MEMFS. */
async function start(file: File, signal: AbortSignal, log: string[]): Promise<{ ff: FFmpeg; input: string }> {
  const { ff, inputs } = await startWith([file], signal, log);
  return { ff, input: inputs[0] };
}

/** Several inputs in one WORKERFS mount (Export MP4: the video and the soundtrack), named input0.ext, input1.ext… */
async function startWith(files: readonly File[], signal: AbortSignal, log: string[]): Promise<{ ff: FFmpeg; inputs: string[] }> {
  if (signal.aborted) throw new Cancelled();
  const ff = new FFmpeg();
  const stop = () => ff.terminate();
  signal.addEventListener('abort', stop, { once: true });
  ff.on('log', ({ message }) => { log.push(message); });
  try {
    await withTimeout(ff.load({ coreURL, wasmURL }), LOAD_TIMEOUT_MS, 'ffmpeg did not start');
    await ff.createDir(IN_DIR);
    // WORKERFS names the file after the blob entry; a plain name avoids quoting trouble.
    const names = files.map((f, i) => `input${files.length > 1 ? i : ''}${/\.[a-z0-9]{1,5}$/i.exec(f.name)?.[0] ?? ''}`);
    await ff.mount(FFFSType.WORKERFS, { blobs: files.map((f, i) => ({ name: names[i], data: f })) }, IN_DIR);
    return { ff, inputs: names.map((n) => `${IN_DIR}/${n}`) };
  } catch (e) {
    ff.terminate();
    throw signal.aborted ? new Cancelled() : e;
  }
}

/** What ffmpeg sees in the file (no output written). */
export async function probeWithFfmpeg(file: File, job: FfmpegJob): Promise<ProbedStreams> {
  const log: string[] = [];
  const { ff, input } = await start(file, job.signal, log);
  try {
    job.onProgress?.(null, 'Reading with ffmpeg…');
    await ff.exec(['-hide_banner', '-i', input]); // exits 1 ("no output file"): the banner is what we want
    return parseFfmpegBanner(log.join('\n'));
  } catch (e) {
    throw job.signal.aborted ? new Cancelled() : e;
  } finally {
    ff.terminate();
  }
}

export interface Transcoded {
  readonly blob: Blob;
  readonly probe: ProbedStreams;
}

/**
 * Transcode to H.264 (≤ 1280 px wide, ultrafast: single-threaded WASM x264 is slow) + AAC in an
 * MP4 with the index first, keeping the clip's own timing (no frame-rate change).
 */
export async function transcodeToMp4(file: File, job: FfmpegJob): Promise<Transcoded> {
  const log: string[] = [];
  const { ff, input } = await start(file, job.signal, log);
  try {
    job.onProgress?.(null, 'Converting with ffmpeg…');
    let duration = 0;
    ff.on('log', ({ message }) => {
      if (!duration) duration = parseFfmpegBanner(log.join('\n')).duration;
      const t = parseFfmpegTime(message);
      if (t !== null && duration > 0) {
        const p = Math.min(1, t / duration);
        job.onProgress?.(p, `Converting with ffmpeg… ${Math.round(p * 100)} %`);
      }
    });
    const code = await ff.exec([
      '-hide_banner', '-i', input,
      '-map', '0:v:0', '-map', '0:a:0?',
      '-vf', "scale='min(1280,iw)':-2,format=yuv420p",
      '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '23',
      '-c:a', 'aac', '-b:a', '128k',
      '-movflags', '+faststart', '/out.mp4',
    ]);
    const probe = parseFfmpegBanner(log.join('\n'));
    if (code !== 0) throw new Error(`ffmpeg could not convert the file (exit ${code})`);
    const data = await ff.readFile('/out.mp4');
    if (typeof data === 'string' || data.length === 0) throw new Error('ffmpeg wrote no output');
    return { blob: new Blob([data as Uint8Array<ArrayBuffer>], { type: 'video/mp4' }), probe };
  } catch (e) {
    throw job.signal.aborted ? new Cancelled() : e;
  } finally {
    ff.terminate();
  }
}

/**
 * The sound of a file too large for decodeAudioData (which needs the whole file in memory):
 * ffmpeg reads it through WORKERFS and writes mono float PCM at a low rate, enough for peaks
 * (10 minutes at 4 kHz = 9.6 MB). Null when the file has no sound.
 */
export async function extractSound(file: Blob & { name?: string }, rate: number, job: FfmpegJob): Promise<Float32Array | null> {
  const log: string[] = [];
  const named = file instanceof File ? file : new File([file], 'input.mp4');
  const { ff, input } = await start(named, job.signal, log);
  try {
    const code = await ff.exec(['-hide_banner', '-i', input, '-map', '0:a:0', '-vn', '-ac', '1', '-ar', String(rate), '-f', 'f32le', '/sound.raw']);
    if (code !== 0) return null;
    const data = await ff.readFile('/sound.raw');
    if (typeof data === 'string' || data.length < 4) return null;
    return new Float32Array(data.buffer, data.byteOffset, data.byteLength >> 2);
  } catch (e) {
    throw job.signal.aborted ? new Cancelled() : e;
  } finally {
    ff.terminate();
  }
}

/**
 * The video with another soundtrack, the picture copied as it is (no re-encode: same frames,
 * same bytes, and seconds instead of minutes): its first video stream, the soundtrack (a WAV)
 * encoded to AAC, the index first so it plays while downloading. The video's own sound is left out.
 */
export async function muxSoundtrack(video: File, soundtrack: File, seconds: number, job: FfmpegJob): Promise<Blob> {
  const log: string[] = [];
  const { ff, inputs } = await startWith([video, soundtrack], job.signal, log);
  try {
    job.onProgress?.(0, 'Writing the MP4…');
    ff.on('log', ({ message }) => {
      const t = parseFfmpegTime(message);
      if (t !== null && seconds > 0) {
        const p = Math.min(1, t / seconds);
        job.onProgress?.(p, `Writing the MP4… ${Math.round(p * 100)} %`);
      }
    });
    const code = await ff.exec([
      '-hide_banner', '-i', inputs[0], '-i', inputs[1],
      '-map', '0:v:0', '-map', '1:a:0',
      '-c:v', 'copy', '-c:a', 'aac', '-b:a', '192k',
      '-movflags', '+faststart', '/out.mp4',
    ]);
    if (code !== 0) throw new Error(`ffmpeg could not write the MP4 (exit ${code}): ${lastError(log)}`);
    const data = await ff.readFile('/out.mp4');
    if (typeof data === 'string' || data.length === 0) throw new Error('ffmpeg wrote no output');
    return new Blob([data as Uint8Array<ArrayBuffer>], { type: 'video/mp4' });
  } catch (e) {
    throw job.signal.aborted ? new Cancelled() : e;
  } finally {
    ff.terminate();
  }
}

/** The line of ffmpeg's log that says why it stopped (the last one that is not progress or a summary). */
function lastError(log: readonly string[]): string {
  const lines = log.map((l) => l.trim()).filter((l) => l && !l.startsWith('frame=') && !l.startsWith('size=') && !/^Aborted\(|^Conversion failed/.test(l));
  return lines[lines.length - 1] ?? 'no reason given';
}
