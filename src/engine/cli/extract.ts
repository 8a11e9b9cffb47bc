/**
 * `undertone extract`: control signals from audio files (docs/controls.md). Training runs the
 * batch form over tens of hours, so one bad file is reported and skipped, not fatal; the exit
 * code says at the end whether anything failed.
 */
import { mkdir, readdir, realpath, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative } from 'node:path';
import { decodeAudioFileToMono } from '../audio/decode.node.ts';
import { extractControls } from '../controls/extract.ts';
import { extractionToJson } from '../controls/json.ts';
import { DEFAULT_RATE, type ControlRate } from '../controls/types.ts';
import { UsageError, optionValue, positiveNumber } from './args.ts';
import type { CliCommand } from './commands.ts';

const AUDIO_EXTENSIONS = new Set(['.wav', '.wave', '.flac', '.ogg', '.oga', '.opus', '.mp3', '.aif', '.aiff', '.m4a', '.aac', '.webm', '.qoa', '.caf']);

const USAGE = `usage:
  undertone extract <audio> [--out controls.json]      one file (JSON to stdout without --out)
  undertone extract --batch <dir> --out <dir>          every audio file under <dir>, recursively
options:
  --rate <Hz>        model sample rate (default ${DEFAULT_RATE.sampleRate})
  --fps <frames/s>   control frame rate (default ${DEFAULT_RATE.frameRate})
  --skip-existing    batch: leave files whose JSON already exists
  --shard <k>/<n>    batch: only the k-th of every n files in name order (k = 0..n-1), so n processes
                     share a folder without touching the same file
Reads WAV, FLAC, OGG/Vorbis, Opus, MP3 at any rate and channel count. docs/controls.md
describes the output.`;

interface Options {
  readonly inputs: string[];
  readonly out?: string;
  readonly batch?: string;
  readonly rate: ControlRate;
  readonly skipExisting: boolean;
  readonly shard: { readonly k: number; readonly n: number };
}

function parseShard(v: string): { k: number; n: number } {
  const m = /^(\d+)\/(\d+)$/.exec(v);
  const k = m ? Number(m[1]) : NaN, n = m ? Number(m[2]) : NaN;
  if (!(n >= 1 && k >= 0 && k < n)) throw new UsageError(`--shard takes k/n with 0 <= k < n, not ${v}`);
  return { k, n };
}


function parse(args: readonly string[]): Options {
  const inputs: string[] = [];
  let out: string | undefined, batch: string | undefined;
  let sampleRate = DEFAULT_RATE.sampleRate, frameRate = DEFAULT_RATE.frameRate, skipExisting = false;
  let shard = { k: 0, n: 1 };
  const value = (i: number, name: string) => optionValue(args, i, name);
  const positive = positiveNumber;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--out' || a === '-o') out = value(i++, a);
    else if (a === '--batch') batch = value(i++, a);
    else if (a === '--rate') sampleRate = positive(value(i++, a), a);
    else if (a === '--fps') frameRate = positive(value(i++, a), a);
    else if (a === '--skip-existing') skipExisting = true;
    else if (a === '--shard') shard = parseShard(value(i++, a));
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else inputs.push(a);
  }
  if (batch !== undefined && (inputs.length > 0 || out === undefined)) throw new UsageError('--batch takes a folder and --out <dir>, and no other file');
  if (batch === undefined && inputs.length !== 1) throw new UsageError('give one audio file (or --batch <dir>)');
  return { inputs, out, batch, rate: { sampleRate, frameRate }, skipExisting, shard };
}

async function extractFile(path: string, rate: ControlRate): Promise<{ json: string; seconds: number; ms: number }> {
  const started = performance.now();
  const audio = await decodeAudioFileToMono(path, rate.sampleRate);
  const x = extractControls(audio.samples, rate);
  return { json: JSON.stringify(extractionToJson(x, basename(path))), seconds: x.duration, ms: performance.now() - started };
}

/** Audio files under `dir`, in name order. Symbolic links are followed (data builds link clips
 *  into split folders; a Dirent of a link is neither a file nor a folder, so they were skipped),
 *  each real folder once, so a link back up the tree cannot loop. */
async function* walk(dir: string, seen = new Set<string>()): AsyncGenerator<string> {
  const real = await realpath(dir);
  if (seen.has(real)) return;
  seen.add(real);
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const p = join(dir, e.name);
    const kind = e.isSymbolicLink() ? await stat(p).then((s) => (s.isDirectory() ? 'dir' : s.isFile() ? 'file' : 'other'), () => 'broken') : e.isDirectory() ? 'dir' : e.isFile() ? 'file' : 'other';
    if (kind === 'dir') yield* walk(p, seen);
    else if (kind === 'file' && AUDIO_EXTENSIONS.has(extname(e.name).toLowerCase())) yield p;
  }
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(() => true, () => false);
}

async function runBatch(o: Options): Promise<number> {
  const root = o.batch!;
  if (!(await stat(root).then((s) => s.isDirectory(), () => false))) throw new Error(`${root}: not a folder`);
  let ok = 0, skipped = 0, index = -1;
  const failed: string[] = [];
  for await (const file of walk(root)) {
    if (++index % o.shard.n !== o.shard.k) continue;
    const rel = relative(root, file);
    const target = join(o.out!, rel.slice(0, rel.length - extname(rel).length) + '.json');
    if (o.skipExisting && (await exists(target))) { skipped++; continue; }
    try {
      const r = await extractFile(file, o.rate);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, r.json);
      ok++;
      console.error(`ok     ${rel}  ${r.seconds.toFixed(1)} s audio in ${(r.ms / 1000).toFixed(2)} s`);
    } catch (err) {
      failed.push(rel);
      console.error(`error  ${rel}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (ok + skipped + failed.length === 0) console.error(`extract: no audio files (${[...AUDIO_EXTENSIONS].join(' ')}) under ${root}`);
  console.error(`extract: ${ok} written, ${skipped} skipped, ${failed.length} failed`);
  return failed.length > 0 ? 1 : ok + skipped > 0 ? 0 : 1;
}

export const extractCommand: CliCommand = {
  name: 'extract',
  summary: 'control signals (rhythm, intensity, melody, emotion, harmony), key and chords from audio',
  usage: USAGE,
  async run(args) {
    let o: Options;
    try {
      o = parse(args);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      console.error(`undertone extract: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (o.batch !== undefined) return runBatch(o);
    const r = await extractFile(o.inputs[0], o.rate);
    if (o.out) {
      await mkdir(dirname(o.out), { recursive: true });
      await writeFile(o.out, r.json);
    } else process.stdout.write(r.json + '\n');
    return 0;
  },
};
