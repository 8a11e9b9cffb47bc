/**
 * What ffmpeg says about an input (the banner it prints for `-i`), when the browser could not
 * open the file itself: duration, picture size, frame rate, and whether there is sound.
 */

export interface ProbedStreams {
  /** Seconds; 0 when ffmpeg printed none ("N/A" for some streams). */
  readonly duration: number;
  readonly video: { readonly codec: string; readonly width: number; readonly height: number; readonly fps: number } | null;
  readonly audio: { readonly codec: string } | null;
}

export function parseFfmpegBanner(log: string): ProbedStreams {
  const d = /Duration:\s*(\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(log);
  const duration = d ? +d[1] * 3600 + +d[2] * 60 + +d[3] : 0;
  let video: ProbedStreams['video'] = null;
  let audio: ProbedStreams['audio'] = null;
  for (const line of log.split('\n')) {
    const v = /Stream #\d+:\d+.*?: Video: (\w+)/.exec(line);
    if (v && !video && !/attached pic/.test(line)) {
      const size = /\b(\d{1,5})x(\d{1,5})\b/.exec(line.slice(v.index + v[0].length));
      const fps = /([\d.]+)(k?) fps/.exec(line) ?? /([\d.]+)(k?) tbr/.exec(line);
      video = {
        codec: v[1],
        width: size ? +size[1] : 0,
        height: size ? +size[2] : 0,
        fps: fps ? +fps[1] * (fps[2] ? 1000 : 1) : 0,
      };
    }
    const a = /Stream #\d+:\d+.*?: Audio: (\w+)/.exec(line);
    if (a && !audio) audio = { codec: a[1] };
  }
  return { duration, video, audio };
}

/** ffmpeg's "time=00:00:03.20" progress lines → seconds done, or null. */
export function parseFfmpegTime(line: string): number | null {
  const m = /time=\s*(-?\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(line);
  return m ? Math.max(0, +m[1] * 3600 + +m[2] * 60 + +m[3]) : null;
}
