/**
 * When to start playing a take that is still being written, so playback never runs past the
 * written audio. The writer says how it is going (`StreamPace`): how fast it writes, how much it
 * must still write before its next audio, and how big its chunks are (they grow from a small first
 * one, `nextChunk`). Playing from the take's start now, the playhead reaches second t at wall time
 * t; the audio comes chunk by chunk. `canStartPlaying` follows the chunks to the end of the take and
 * says yes only if every chunk arrives before the playhead needs it — with a margin for the rate's
 * wobble on a busy machine. Faster than real time that is as soon as the first audio outlasts the
 * wait for the second; slower, once enough is written that the writing is never overtaken.
 *
 * The chunks grow by a quarter (`CHUNK_GROWTH`), not by doubling: each chunk must be written and
 * decoded while the audio before it plays, so a chunk twice the size of all that came before (10, 20,
 * 40 frames) is the one the rule sees arrive too late, and playback waited for the 1 s chunks
 * (a simulation of the rule over steps of 6-14 ms and decoding at 5-12 % of real time: first audio
 * playing 19 % sooner on average with 12 frames then ×1.25 than with 10 then ×2; docs/generation.md).
 */

export interface StreamPace {
  /** Seconds of music written per second of wall time (decoding apart). */
  readonly rate: number;
  /** Seconds of music still to write before the next chunk of audio is decoded. */
  readonly until: number;
  /** Seconds of audio the next chunk brings; later chunks grow by `nextChunk` up to `most`. */
  readonly next: number;
  readonly most: number;
  /**
   * Seconds of decoding per second of music run through the codec, and the seconds each run reads
   * besides its chunk (the codec's context on both sides): a chunk of c seconds comes
   * decode · (c + context) after its last frame is written.
   */
  readonly decode: number;
  readonly context: number;
  /** Seconds of one frame: chunks are whole frames. */
  readonly frame: number;
}

/** How much each chunk grows on the one before. */
export const CHUNK_GROWTH = 1.25;

/** The chunk after one of `size` (frames, or seconds with `unit` a frame's seconds): a quarter bigger in whole frames, up to `most`. */
export function nextChunk(size: number, most: number, unit = 1): number {
  return Math.min(most, Math.max(size + unit, Math.ceil((size * CHUNK_GROWTH) / unit - 1e-6) * unit));
}

/**
 * With `heard` seconds of the take's audio received of `total`, whether playback from the take's
 * start can begin now and never wait for audio. `pace` null: the writer has not said (play only
 * a whole take). `guard`: seconds the first chunk must outlast the wait besides the margin
 * (messages, the audio clock's start).
 */
export function canStartPlaying(heard: number, total: number, pace: StreamPace | null, margin = 0.15, guard = 0.05): boolean {
  if (!(heard > 0)) return false;
  if (heard >= total - 1e-9) return true;
  if (!pace || !(pace.rate > 0)) return false;
  let have = heard, t = 0, size = pace.next, toWrite = pace.until;
  while (have < total - 1e-9) {
    const chunk = Math.min(size, total - have);
    t += toWrite / pace.rate + (chunk + pace.context) * pace.decode; // this chunk's audio arrives at t
    if (t * (1 + margin) + guard > have) return false; // the playhead would be past what was there
    have += chunk;
    size = nextChunk(size, pace.most, pace.frame);
    toWrite = Math.min(size, total - have); // the next chunk's frames are all still to write
  }
  return true;
}
