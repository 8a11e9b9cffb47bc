/**
 * npx tsx scripts/eval/critic-readout.ts --pack DIR [--n 6] [--seed 0] [--critic S] — does the lane
 * critic read the take the way the engine hears it? For held-out clips (their own extracted lanes, as
 * `npm run eval -- --extracted`), one take each: the critic's level read-out over the take's codes
 * against the intensity the engine extracts from the decoded take, and against the asked lane; and
 * the read-out's melody pitch class against the take's own. The read-outs were fitted on clips'
 * tokens (training/scripts/fit_lane_critic.py); a model's tokens may lie where they do not hold.
 * Prints a table; asserts nothing. `--dump FILE`: each take's codes (K × frames) and the level the
 * engine hears per frame, as JSON, for a level read-out fitted on takes (fit_lane_critic.py --takes).
 */
import { SHIPPED_MUSIC_PACK } from '../../src/engine/pack/offer.ts';
import { readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { decodeAudioFileToMono } from '../../src/engine/audio/decode.node.ts';
import { extractControls } from '../../src/engine/controls/extract.ts';
import { decodeTokens } from '../../src/engine/generate/audio.ts';
import { LaneCritic } from '../../src/engine/generate/critic.ts';
import { generate } from '../../src/engine/generate/generate.ts';
import { pcc } from '../../src/engine/metrics/index.ts';
import { openEvalPack } from './run.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const ROOT = resolve(import.meta.dirname, '../..');
const packDir = resolve(opt('--pack', `public/models/${SHIPPED_MUSIC_PACK}`));
const N = Number(opt('--n', '6')), seed = Number(opt('--seed', '0'));
const critic = args.includes('--critic') ? Number(opt('--critic', '0')) : undefined;
const clipsDir = resolve(ROOT, opt('--clips', 'training/.cache/clips/test'));
const dump = args.includes('--dump') ? resolve(opt('--dump', '')) : null;
const seeds = args.includes('--seeds') ? opt('--seeds', '0').split(',').map(Number) : [seed];
const dumped: { clip: string; seed: number; frames: number; codes: number[]; heard: number[]; read: number[]; asked: number[] }[] = [];

const pack = await openEvalPack(packDir);
if (!pack.critic) throw new Error(`${packDir}: its codec pack ${pack.manifest.codec.pack} has no lane critic`);
const m = pack.manifest, rate = { sampleRate: m.tokens.sample_rate, frameRate: m.tokens.frame_rate };
const names = (await readdir(clipsDir)).filter((f) => f.endsWith('.wav')).sort();
const picked = names.filter((_, i) => i % Math.max(1, Math.floor(names.length / N)) === 0).slice(0, N);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
console.log(`pack ${m.name}, codec ${m.codec.pack}, seed ${seed}, critic ${critic ?? `pack default (${m.sampling.critic_scale ?? 0})`}`);
console.log('| clip | read-out − heard level dB (mean) | PCC read-out vs heard | heard − asked dB | read-out − asked dB | read-out pitch class = heard |');
console.log('|---|---|---|---|---|---|');
for (const name of picked) for (const seed of seeds) {
  const clip = (await decodeAudioFileToMono(join(clipsDir, name), rate.sampleRate)).samples.subarray(0, 10 * rate.sampleRate);
  const asked = extractControls(clip, rate);
  const frames = asked.controls.frames;
  const g = await generate({ manifest: m, sessions: pack.sessions, critic: pack.critic, controls: asked.controls, video: null, start: 0, frames,
    config: { seed, critic } });
  const heard = extractControls((await decodeTokens(pack.codec, pack.decoder, g.codes, g.frames)).subarray(0, clip.length), rate).controls;
  const reader = new LaneCritic(pack.critic, asked.controls, 0, g.frames, 0);
  for (let k = 0; k < pack.critic.codebooks; k++) for (let t = 0; t < g.frames; t++) reader.add(k, t, g.codes[k * g.frames + t]);
  const read: number[] = [], lvl: number[] = [], ask: number[] = [];
  let pcHit = 0, pcN = 0;
  for (let t = 0; t < g.frames; t++) {
    const r = reader.readAt(t), mel = pack.critic.melodyAt;
    read.push(reader.levelAt(t)); lvl.push(heard.intensity.values[t]); ask.push(asked.controls.intensity.values[t]);
    if (heard.melody.mask[t * 12] > 0) {
      let best = 0, heardPc = -1;
      for (let i = 0; i < 12; i++) { if (r[mel + i] > r[mel + best]) best = i; if (heard.melody.values[t * 12 + i] > 0.5) heardPc = i; }
      pcN++; if (best === heardPc) pcHit++;
    }
  }
  if (dump) dumped.push({ clip: name, seed, frames: g.frames, codes: Array.from(g.codes), heard: lvl, read, asked: ask });
  const d = (a: number[], b: number[]) => mean(a.map((x, i) => x - b[i]));
  console.log(`| ${name.replace(/\.wav$/, '')} | ${d(read, lvl).toFixed(1)} | ${pcc({ x: read, y: lvl }).toFixed(2)} | ${d(lvl, ask).toFixed(1)} | ${d(read, ask).toFixed(1)} | ${pcN ? (100 * pcHit / pcN).toFixed(0) : '—'} % |`);
}
if (dump) await writeFile(dump, JSON.stringify({ pack: m.name, codec: m.codec.pack, codebooks: m.tokens.codebooks, takes: dumped }));
