/**
 * `undertone decode`: any audio file the engine reads → mono WAV at the model rate, through the
 * very decoder, mixdown and resampler that `undertone extract` and the studio use. Training
 * builds its clips with it, so the samples the codec learns from are the samples the controls
 * are computed from (DESIGN principle 2). The batch form reads a JSON list so one Node process
 * converts a whole chunk of tracks; outputs that exist are skipped, and every output is written
 * to a temporary name first, so a killed batch never leaves a half file that looks finished.
 */
import { readFile, rename, stat, writeFile, mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { decodeAudioFileToMono } from '../audio/decode.node.ts';
import { ANALYSIS_RESAMPLE, RESAMPLE_DEFAULTS, type ResampleOptions } from '../audio/resample.ts';
import { encodeWav } from '../audio/wav.ts';
import { DEFAULT_RATE } from '../controls/types.ts';
import type { WavFormat } from '../project/types.ts';
import { UsageError, optionValue } from './args.ts';
import type { CliCommand } from './commands.ts';

/** The resampler presets by name (docs/controls.md, "Audio in"). */
const FILTERS: Record<string, Required<ResampleOptions>> = { full: RESAMPLE_DEFAULTS, analysis: ANALYSIS_RESAMPLE };
const FORMATS: readonly WavFormat[] = ['pcm16', 'float32'];

const USAGE = `usage:
  undertone decode <audio> --out <out.wav>     one file
  undertone decode --batch <list.json>         [{"in": "a.ogg", "out": "a.wav"}, …]; outputs that exist are skipped
options:
  --rate <Hz>                 output sample rate (default ${DEFAULT_RATE.sampleRate})
  --format pcm16|float32      WAV sample format (default pcm16, TPDF-dithered)
  --filter full|analysis      resampler preset (default full: RESAMPLE_DEFAULTS, for audio that is kept;
                              analysis: ANALYSIS_RESAMPLE, what \`extract\` applies to a file at another rate)
Reads WAV, FLAC, OGG/Vorbis, Opus, MP3 at any rate and channel count; writes mono WAV.
The batch form prints one JSON line per entry on stdout:
  {"in", "out", "status": "ok" | "skipped" | "error", "samples"?, "error"?}
and exits 1 if any entry failed. docs/controls.md describes the path.`;

interface Options {
  readonly input?: string;
  readonly out?: string;
  readonly batch?: string;
  readonly rate: number;
  readonly format: WavFormat;
  readonly filter: Required<ResampleOptions>;
}

interface Job {
  readonly in: string;
  readonly out: string;
}


function parse(args: readonly string[]): Options {
  const inputs: string[] = [];
  let out: string | undefined, batch: string | undefined;
  let rate = DEFAULT_RATE.sampleRate, format: WavFormat = 'pcm16', filter = FILTERS.full;
  const value = (i: number, name: string) => optionValue(args, i, name);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--out' || a === '-o') out = value(i++, a);
    else if (a === '--batch') batch = value(i++, a);
    else if (a === '--rate') {
      const v = value(i++, a);
      rate = Number(v);
      if (!Number.isInteger(rate) || rate <= 0) throw new UsageError(`--rate must be a positive whole number of Hz, got "${v}"`);
    } else if (a === '--format') {
      const v = value(i++, a);
      if (!FORMATS.includes(v as WavFormat)) throw new UsageError(`--format is pcm16 or float32, got "${v}"`);
      format = v as WavFormat;
    } else if (a === '--filter') {
      const v = value(i++, a);
      if (!(v in FILTERS)) throw new UsageError(`--filter is ${Object.keys(FILTERS).join(' or ')}, got "${v}"`);
      filter = FILTERS[v];
    } else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else inputs.push(a);
  }
  if (batch !== undefined && (inputs.length > 0 || out !== undefined)) throw new UsageError('--batch takes a JSON list, and no other file or --out');
  if (batch === undefined && (inputs.length !== 1 || out === undefined)) throw new UsageError('give one audio file and --out <out.wav> (or --batch <list.json>)');
  return { input: inputs[0], out, batch, rate, format, filter };
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(() => true, () => false);
}

/** Decodes one file and writes it via a temporary name; returns the number of samples written. */
async function decodeFile(job: Job, o: Options): Promise<number> {
  const audio = await decodeAudioFileToMono(job.in, o.rate, o.filter);
  await mkdir(dirname(job.out), { recursive: true });
  const tmp = `${job.out}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, encodeWav([audio.samples], o.rate, o.format));
    await rename(tmp, job.out);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return audio.samples.length;
}

async function readJobs(path: string): Promise<Job[]> {
  let list: unknown;
  try {
    list = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`${path}: not a readable JSON list (${err instanceof Error ? err.message : String(err)})`);
  }
  const ok = (j: unknown): j is Job =>
    typeof j === 'object' && j !== null && typeof (j as Job).in === 'string' && typeof (j as Job).out === 'string';
  if (!Array.isArray(list) || !list.every(ok)) throw new UsageError(`${path}: expected a JSON list of {"in": …, "out": …}`);
  return list.map((j) => ({ in: j.in, out: j.out }));
}

async function runBatch(o: Options): Promise<number> {
  const jobs = await readJobs(o.batch!);
  let ok = 0, skipped = 0, failed = 0;
  const report = (line: object) => process.stdout.write(JSON.stringify(line) + '\n');
  for (const job of jobs) {
    if (await exists(job.out)) {
      skipped++;
      report({ ...job, status: 'skipped' });
      continue;
    }
    const started = performance.now();
    try {
      const samples = await decodeFile(job, o);
      ok++;
      report({ ...job, status: 'ok', samples });
      console.error(`ok     ${job.in}  ${(samples / o.rate).toFixed(1)} s audio in ${((performance.now() - started) / 1000).toFixed(2)} s`);
    } catch (err) {
      failed++;
      const error = err instanceof Error ? err.message : String(err);
      report({ ...job, status: 'error', error });
      console.error(`error  ${job.in}: ${error}`);
    }
  }
  console.error(`decode: ${ok} written, ${skipped} skipped, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

export const decodeCommand: CliCommand = {
  name: 'decode',
  summary: 'audio → mono WAV at the model rate (the engine\'s decoder and resampler)',
  usage: USAGE,
  async run(args) {
    let o: Options;
    try {
      o = parse(args);
      if (o.batch !== undefined) return await runBatch(o);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      console.error(`undertone decode: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    const samples = await decodeFile({ in: o.input!, out: o.out! }, o);
    console.error(`decoded ${o.input}: ${(samples / o.rate).toFixed(2)} s → ${o.out}`);
    return 0;
  },
};
