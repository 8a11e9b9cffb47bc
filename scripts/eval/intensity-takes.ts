/**
 * npx tsx scripts/eval/intensity-takes.ts --pack DIR [--sampling JSON] [--n 24] [--seeds 0] [--out FILE]
 * — the extracted-controls protocol's takes (held-out clips with their own controls and videos, as
 * `npm run eval -- --extracted`) reduced to the intensity lane: per take, the asked and the heard
 * intensity per frame and the windows' joins, as JSON, for sweeps of the sampler on the lane issue 11's
 * floor is about (training/reports/model.md "Session 22"). `--sampling` is scripts/eval/run.ts's
 * EvalSampling as JSON, e.g. '{"codec":"DIR","critic":6,"criticLanes":{"level":2,"codebooks":4}}'.
 * Asserts nothing; a sweep's numbers go in the reports with the whole protocol beside them.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { decodeAudioFileToMono } from '../../src/engine/audio/decode.node.ts';
import { extractControls } from '../../src/engine/controls/extract.ts';
import { decodeTokens } from '../../src/engine/generate/audio.ts';
import { generate } from '../../src/engine/generate/generate.ts';
import { openEvalPack, hearingOf, samplingConfig } from './run.ts';
import { spread } from './extracted.ts';
import { readVideoCondition } from '../../src/engine/cli/generate-video.ts';
const args = process.argv.slice(2);
const opt = (n: string, d: string) => { const i = args.indexOf(n); return i >= 0 ? args[i + 1] : d; };
const sampling = JSON.parse(opt('--sampling', '{}'));
const pack = await openEvalPack(resolve(opt('--pack', '')), sampling);
const m = pack.manifest, rate = { sampleRate: m.tokens.sample_rate, frameRate: m.tokens.frame_rate };
const clipsDir = resolve(opt('--clips', 'training/.cache/clips/test'));
const names = spread((await readdir(clipsDir)).filter((f) => f.endsWith('.wav')).sort(), Number(opt('--n', '24')));
const seeds = opt('--seeds', '0').split(',').map(Number);
const out: unknown[] = [];
for (const name of names) {
  const audio = (await decodeAudioFileToMono(join(clipsDir, name), rate.sampleRate)).samples;
  const clip = audio.subarray(0, 10 * rate.sampleRate);
  const asked = extractControls(clip, rate);
  let video = null;
  try { video = await readVideoCondition(join(opt('--videos', 'training/.cache/video/test'), name.replace(/\.wav$/, '.json')), m); } catch { /* none */ }
  const frames = asked.controls.frames;
  for (const seed of seeds) {
    const g = await generate({ manifest: m, sessions: pack.sessions, critic: pack.critic, hearing: hearingOf(pack, rate), controls: asked.controls, video, start: 0, frames, config: { ...samplingConfig(sampling), seed } });
    const wav = (await decodeTokens(pack.codec, pack.decoder, g.codes, g.frames)).subarray(0, clip.length);
    const x = extractControls(wav, rate).controls;
    out.push({ clip: name, seed, asked: Array.from(asked.controls.intensity.values), heard: Array.from(x.intensity.values), joins: g.joins });
    process.stderr.write('.');
  }
}
await writeFile(opt('--out', 'intensity-takes.json'), JSON.stringify(out));
