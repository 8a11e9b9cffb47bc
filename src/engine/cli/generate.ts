/**
 * `undertone generate`: a take for a project, written by the music pack on onnxruntime-node with
 * the same loop the studio's worker runs (src/engine/generate/), decoded by the codec pack the
 * music manifest names, saved as WAV. The runtime comes from src/runtime/ort-node.ts, loaded only
 * when this command runs (the engine itself imports no onnxruntime, house rule 1).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeWav } from '../audio/wav.ts';
import { encodeLanes } from '../controls/encode.ts';
import { followLevel, intensityTarget } from '../generate/level-follow.ts';
import { moodDynamics } from '../generate/mood-dynamics.ts';
import { proposeMoodChords } from '../harmony/propose.ts';
import { decodeTokens } from '../generate/audio.ts';
import { generate } from '../generate/generate.ts';
import { STUDIO_SEARCH, codecHearing } from '../generate/level-search.ts';
import type { EnsembleChoice } from '../generate/inputs.ts';
import { loadMusicPack } from '../pack/load.ts';
import { SHIPPED_MUSIC_PACK } from '../pack/offer.ts';
import { projectFromJson } from '../project/serialize.ts';
import { UsageError, optionValue, positiveNumber } from './args.ts';
import type { CliCommand } from './commands.ts';
import { readVideoCondition } from './generate-video.ts';

const MODELS = fileURLToPath(new URL('../../../public/models/', import.meta.url));
const DEFAULT_PACK = SHIPPED_MUSIC_PACK;

const USAGE = `usage: undertone generate --project p.undertone.json [options]
options:
  --video <clip.mp4|analysis.json>  the video condition: a video file (analysed here) or what
                                    \`undertone analyze\` wrote; without it the video is dropped
  --start <s>          first second of the take on the project's timeline (default 0)
  --seconds <n>        length of the take (default: to the end of the project)
  --seed <n>           sampling seed (default 0): the same seed and inputs write the same take
  --guidance <w>       classifier-free guidance scale (default: the pack's)
  --temperature <t>    (default: the pack's)        --top-k <k>   (default: the pack's)
  --critic <s>         lane critic scale: how hard each code is pulled towards the lanes as the
                       codec will play them (default: the pack's; 0 off; docs/music-model.md "Lane critic")
  --level-search <n>   write each half second n ways and keep the one whose decoded audio is nearest
                       the intensity and melody lanes (1 off; about n times slower; docs/generation.md "Level search")
  --ensemble auto|<f,f,…>   GM instrument families 0-15 that play (default auto: the model chooses)
  --pack <name|dir>    music pack under public/models, or a pack folder (default ${DEFAULT_PACK})
  --models <dir>       where packs, the codec included, live (default public/models)
  --out <take.wav>     (default take.wav)
  --mood-chords        plan chords where valence is drawn over an open harmony lane, as the
                       studio's Generate does by default (docs/harmony-planner.md); where it plans
                       some, the level search (the pack's or --level-search) also hears the valence
  --mood-dynamics      draw the empty intensity and rhythm lanes from arousal and valence
                       (louder and faster when excited), as the studio's Generate does by default
                       (docs/generation.md "Loudness and tempo from the mood")
  --level-follow       ride the take's level towards the intensity lane after the codec, as the
                       studio does by default (docs/generation.md "Level follows intensity")
The lanes of the project are the controls (free spans and undrawn lanes left to the model).
Ctrl-C stops and keeps what was written. docs/pack-format.md and docs/music-model.md describe the pack.`;

interface Options {
  project: string; video: string | null; start: number; seconds: number | null; seed: number;
  guidance?: number; temperature?: number; topK?: number; critic?: number; levelSearch?: number; ensemble: EnsembleChoice;
  pack: string; models: string; out: string; moodChords: boolean; moodDynamics: boolean; levelFollow: boolean;
}

function parse(args: readonly string[]): Options {
  const o: Partial<Options> = { video: null, start: 0, seconds: null, seed: 0, ensemble: 'auto', pack: DEFAULT_PACK, models: MODELS, out: 'take.wav', moodChords: false, moodDynamics: false, levelFollow: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i], v = () => optionValue(args, i++, a);
    if (a === '--project') o.project = v();
    else if (a === '--video') o.video = v();
    else if (a === '--start') { o.start = Number(v()); if (!(o.start >= 0)) throw new UsageError('--start must be a number ≥ 0'); }
    else if (a === '--seconds') o.seconds = positiveNumber(v(), a);
    else if (a === '--seed') { o.seed = Number(v()); if (!Number.isInteger(o.seed)) throw new UsageError('--seed must be an integer'); }
    else if (a === '--guidance') { o.guidance = Number(v()); if (!(o.guidance >= 0)) throw new UsageError('--guidance must be a number ≥ 0'); }
    else if (a === '--temperature') o.temperature = positiveNumber(v(), a);
    else if (a === '--critic') { o.critic = Number(v()); if (!(o.critic >= 0)) throw new UsageError('--critic must be a number ≥ 0'); }
    else if (a === '--level-search') { o.levelSearch = Number(v()); if (!(Number.isInteger(o.levelSearch) && o.levelSearch >= 1 && o.levelSearch <= 16)) throw new UsageError('--level-search must be a whole number of candidates from 1 to 16'); }
    else if (a === '--top-k') { o.topK = Number(v()); if (!(Number.isInteger(o.topK) && o.topK >= 1)) throw new UsageError('--top-k must be an integer ≥ 1'); }
    else if (a === '--ensemble') { const e = v(); o.ensemble = e === 'auto' ? 'auto' : e.split(',').map(Number); }
    else if (a === '--pack') o.pack = v();
    else if (a === '--models') o.models = v();
    else if (a === '--out' || a === '-o') o.out = v();
    else if (a === '--mood-chords') o.moodChords = true;
    else if (a === '--mood-dynamics') o.moodDynamics = true;
    else if (a === '--level-follow') o.levelFollow = true;
    else throw new UsageError(`unknown option ${a}`);
  }
  if (!o.project) throw new UsageError('--project is required');
  return o as Options;
}

export const generateCommand: CliCommand = {
  name: 'generate',
  summary: 'write a take for a project with the music pack (WAV)',
  usage: USAGE,
  async run(args) {
    let o: Options;
    try {
      o = parse(args);
    } catch (e) {
      if (e instanceof UsageError) { console.error(`undertone generate: ${e.message}\n\n${USAGE}`); return 2; }
      throw e;
    }
    const project = projectFromJson(await readFile(o.project, 'utf8'));
    const { folderReader, nodeSessionOpener } = await import('../../runtime/ort-node.ts');
    // a pack given as a folder is read from there; its codec still comes from --models
    const isDir = o.pack.includes('/');
    const id = isDir ? basename(resolve(o.pack)) : o.pack;
    const read = folderReader(o.models, isDir ? { [id]: resolve(o.pack) } : {});
    const pack = await loadMusicPack(read, nodeSessionOpener(1), id, 'wasm'); // CPU runs the WASM variants
    const m = pack.manifest, rate = { sampleRate: m.tokens.sample_rate, frameRate: m.tokens.frame_rate };
    const seconds = o.seconds ?? project.duration - o.start;
    if (!(seconds > 0)) throw new Error(`--start ${o.start} is at or past the end of the project (${project.duration} s)`);
    const frames = Math.ceil(seconds * rate.frameRate - 1e-9);
    const video = o.video ? await readVideoCondition(o.video, m) : null;
    let lanes = project.lanes, moodSearch = false;
    if (o.moodChords) {
      const p = proposeMoodChords(lanes.harmony, lanes, project.duration, [], project.id);
      if (p.added) {
        lanes = { ...lanes, harmony: { ...lanes.harmony, ...p.lane } };
        moodSearch = true;
        console.error(`chords from the mood: ${p.added} chords in ${p.lane.key} for ${p.spans.map((sp) => `${sp.start.toFixed(1)}-${sp.end.toFixed(1)} s`).join(', ')}`);
      }
    }
    if (o.moodDynamics) {
      const d = moodDynamics(lanes, project.duration);
      if (d.filled.length) {
        lanes = d.lanes;
        console.error(`loudness and tempo from the mood: drew the ${d.filled.join(' and ')} lane${d.filled.length > 1 ? 's' : ''}`);
      }
    }
    const controls = encodeLanes(lanes, Math.max(project.duration, o.start + seconds), rate);
    const ctl = new AbortController();
    const stop = () => ctl.abort();
    process.once('SIGINT', stop);
    const t0 = performance.now();
    let g;
    try {
      g = await generate({ manifest: m, sessions: pack.sessions, critic: pack.critic, hearing: codecHearing(pack.codec, pack.decoder, rate), controls, video, ensemble: o.ensemble, start: Math.round(o.start * rate.frameRate),
        frames, signal: ctl.signal, config: { seed: o.seed, guidanceScale: o.guidance, temperature: o.temperature, topK: o.topK, critic: o.critic,
          levelSearch: o.levelSearch !== undefined ? { ...STUDIO_SEARCH, candidates: o.levelSearch } : undefined, moodSearch } });
    } finally {
      process.off('SIGINT', stop);
    }
    const ms = performance.now() - t0;
    const wav = await decodeTokens(pack.codec, pack.decoder, g.codes, g.frames);
    const samples = Math.min(wav.length, Math.round((g.reason === 'done' ? seconds : g.frames / rate.frameRate) * rate.sampleRate));
    const take = o.levelFollow ? followLevel(wav.subarray(0, samples), intensityTarget(controls), rate.sampleRate, Math.round(o.start * rate.sampleRate)) : wav.subarray(0, samples);
    await writeFile(o.out, encodeWav([take], rate.sampleRate, 'pcm16'));
    console.error(`${g.reason === 'done' ? 'wrote' : 'stopped; kept'} ${(samples / rate.sampleRate).toFixed(2)} s (${g.frames} frames, ${g.steps} steps, `
      + `${(g.frames / rate.frameRate / (ms / 1000)).toFixed(2)}× real time) with ${m.name}, ${video ? 'video' : 'no video'}, seed ${o.seed} → ${o.out}`);
    return 0;
  },
};
