/**
 * Frame sources for `undertone analyze`, all yielding analysis-rate, analysis-size RGB frames one
 * at a time (the analyser never sees more than one picture in flight):
 *  - a video file, decoded by Debian's ffmpeg in a child process (fps + area scaling + rgb24 on
 *    its stdout; ffmpeg applies the rotation a phone stored in the file), each frame with the
 *    presentation time of the source frame fps chose (see ffmpegArgs);
 *  - a Y4M stream or raw rgb24 frames from a file or stdin, sampled and scaled by the engine.
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { RgbFrame } from '../video/frame.ts';
import { FrameSampler } from '../video/sampler.ts';
import { ANALYSIS_FPS, ANALYSIS_HEIGHT, ANALYSIS_WIDTH } from '../video/spec.ts';
import { Y4mReader } from '../video/y4m.ts';

export class VideoInputError extends Error {}

const FRAME_BYTES = ANALYSIS_WIDTH * ANALYSIS_HEIGHT * 3;

/** Cuts a byte stream into fixed-size frames without holding more than one frame of bytes. */
async function* fixedFrames(stream: AsyncIterable<Buffer | Uint8Array>, bytes: number): AsyncGenerator<Uint8Array> {
  let buf = new Uint8Array(bytes);
  let fill = 0;
  for await (const chunk of stream) {
    let off = 0;
    while (off < chunk.length) {
      const k = Math.min(bytes - fill, chunk.length - off);
      buf.set(chunk.subarray(off, off + k), fill);
      fill += k;
      off += k;
      if (fill === bytes) {
        yield buf;
        buf = new Uint8Array(bytes);
        fill = 0;
      }
    }
  }
}

export function ffmpegArgs(path: string): string[] {
  return [
    // Deblocking only smooths block edges that the 64×36 area scaling averages away anyway:
    // skipping it makes H.264 decoding 20-40 % faster with no measurable change to the descriptors.
    // The fps filter forgets which source frame it took, but keeps its file position: showinfo
    // before it logs each source frame's position and time, showinfo after it the position of
    // each analysis frame (info level, on stderr; no checksums, they would cost time).
    '-hide_banner', '-nostdin', '-nostats', '-v', 'info', '-threads', '0', '-skip_loop_filter', 'all',
    '-i', path, '-map', '0:v:0', '-an', '-sn', '-dn',
    '-vf', `showinfo=checksum=0,fps=${ANALYSIS_FPS},scale=${ANALYSIS_WIDTH}:${ANALYSIS_HEIGHT}:flags=area,format=rgb24,showinfo=checksum=0`,
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
  ];
}

/** Turns ffmpeg's last error line into something a person can act on. */
function explain(path: string, stderr: string): string {
  const last = stderr.trim().split('\n').filter(Boolean).pop() ?? '';
  if (/matches no streams/i.test(stderr)) return `${path} has no video stream`;
  if (/Invalid data found|could not find codec|moov atom not found|Invalid argument/i.test(stderr)) {
    return `${path} is not a video ffmpeg can read (${last})`;
  }
  if (/No such file/i.test(stderr)) return `${path} does not exist`;
  return `ffmpeg could not decode ${path}: ${last}`;
}

/** `[Parsed_showinfo_<filter> @ …] n: … pts_time:<s> pos: <bytes>` */
const SHOWINFO = /Parsed_showinfo_(\d+) @[^\]]*\] n:\s*\d+ pts:\s*-?\d+\s+pts_time:(\S+)\s+pos:\s*(-?\d+)/;

export async function* ffmpegFrames(path: string, ffmpeg = process.env.FFMPEG ?? 'ffmpeg'): AsyncGenerator<RgbFrame & { time?: number }> {
  const child = spawn(ffmpeg, ffmpegArgs(path), { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let partial = '';
  /** Source frames by file position → presentation time; then each analysis frame's time. */
  const sourceTime = new Map<number, number>();
  const times: Array<number | undefined> = [];
  let stderrDone = false;
  let wake: (() => void) | null = null;
  child.stderr.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      const m = SHOWINFO.exec(line);
      if (!m) {
        if (!line.includes('Parsed_showinfo') && stderr.length < 8192) stderr += `${line}\n`;
      } else if (m[1] === '0') {
        sourceTime.set(Number(m[3]), Number(m[2]));
      } else {
        // A position of -1 (some demuxers do not give one): the time is not known.
        const pos = Number(m[3]);
        times.push(pos >= 0 ? sourceTime.get(pos) : undefined);
        for (const k of sourceTime.keys()) if (sourceTime.size > 64) sourceTime.delete(k); else break;
      }
    }
    wake?.();
  });
  child.stderr.on('end', () => { stderrDone = true; wake?.(); });
  /** The source time of analysis frame i, once its showinfo line is in (stdout and stderr are separate pipes). */
  const timeOf = async (i: number): Promise<number | undefined> => {
    while (times.length <= i && !stderrDone) await new Promise<void>((resolve) => { wake = resolve; });
    return times[i];
  };
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'ENOENT'
        ? new VideoInputError(`ffmpeg not found (install it: apt-get install ffmpeg; or pipe frames with --y4m / --raw)`)
        : e));
    child.on('close', (code) => resolve(code ?? 1));
  });
  exited.catch(() => {}); // surfaced below
  try {
    let i = 0;
    for await (const data of fixedFrames(child.stdout, FRAME_BYTES)) {
      yield { width: ANALYSIS_WIDTH, height: ANALYSIS_HEIGHT, channels: 3, data, time: await timeOf(i++) };
    }
    const code = await exited;
    if (code !== 0) throw new VideoInputError(explain(path, stderr));
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

function open(path: string): Readable {
  return path === '-' ? process.stdin : createReadStream(path);
}

export async function* y4mFrames(path: string): AsyncGenerator<RgbFrame> {
  const reader = new Y4mReader();
  let sampler: FrameSampler | null = null;
  for await (const chunk of open(path)) {
    for (const f of reader.push(chunk as Buffer)) {
      sampler ??= new FrameSampler(reader.header!.fps);
      yield* sampler.push(f);
    }
  }
  if (!reader.header) throw new VideoInputError(`${path === '-' ? 'stdin' : path} is empty: no Y4M header`);
}

export async function* rawFrames(path: string, width: number, height: number, fps: number): AsyncGenerator<RgbFrame> {
  const sampler = new FrameSampler(fps);
  for await (const data of fixedFrames(open(path), width * height * 3)) {
    yield* sampler.push({ width, height, channels: 3, data });
  }
}
