/**
 * Do codec-v2's tokens tell a note from the note an octave away? (issue 8, training/reports/codec.md
 * "Session 11"): renders a sustained note, the notes an octave up and down and a semitone up with
 * fluidsynth (TimGM6mb; SF2=… for another), encodes each with a codec's encoder (CODEC=…, default the app's codec; codec-v2's git history holds the pack the report used) and prints the
 * share of frames (0.3-1.6 s) where each codebook's code is the same. Needs fluidsynth and sox.
 *
 *   npx tsx scripts/codec-octave-codes.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeWav } from '../src/engine/audio/wav.ts';
import { writeMidi } from '../test/controls/midi.ts';
import { codecEncoder } from './eval/latents.ts';
import { SHIPPED_CODEC_NAME } from '../test/codec/pack.ts';
const SR = 32000, dir = mkdtempSync(join(tmpdir(), 'oct-'));
const SF2 = process.env.SF2 ?? '/usr/share/sounds/sf2/TimGM6mb.sf2';
function render(program: number, key: number): Float32Array {
  const mid = join(dir, `${program}-${key}.mid`), raw = join(dir, `${program}-${key}.wav`);
  writeFileSync(mid, writeMidi([{ beat: 0, beats: 1.9, key, velocity: 100, channel: 0 }], [{ beat: 0, bpm: 60 }], 4, { 0: program }));
  const r = spawnSync('sh', ['-c', `fluidsynth -ni -q -g 0.4 -r ${SR} -O s16 -T raw -F - ${SF2} ${mid} | sox -t raw -r ${SR} -e signed -b 16 -c 2 - -c 1 ${raw}`]);
  if (r.status !== 0) throw new Error('render');
  const y = decodeWav(readFileSync(raw)).channels[0].subarray(0, 2 * SR);
  let ms = 0; for (const v of y.subarray(SR / 10, SR)) ms += v * v; ms /= SR * 0.9;
  const g = 10 ** ((-20 - 10 * Math.log10(ms)) / 20);
  return y.map((v) => v * g);
}
const enc = await codecEncoder('public/models', process.env.CODEC ?? SHIPPED_CODEC_NAME, 640);
const codesOf = async (x: Float32Array) => { const e = await enc(x); return { c: Array.from(e.codes, Number), n: e.frames }; };
const same = (a: { c: number[]; n: number }, b: { c: number[]; n: number }, k: number) => {
  let s = 0, t = 0; for (let f = 10; f < 80; f++) { t++; if (a.c[k * a.n + f] === b.c[k * b.n + f]) s++; } return s / t;
};
const distinct = (a: { c: number[]; n: number }, k: number) => new Set(Array.from({ length: 70 }, (_, i) => a.c[k * a.n + 10 + i])).size;
for (const [name, program, key] of [['reed organ', 20, 48], ['accordion', 21, 57], ['strings', 48, 55], ['trumpet', 56, 62], ['alto sax', 65, 61], ['violin (decodes right)', 40, 69], ['flute (decodes right)', 73, 77]] as const) {
  const a = await codesOf(render(program, key)), up = await codesOf(render(program, key + 12)), down = await codesOf(render(program, key - 12)), semi = await codesOf(render(program, key + 1));
  const row = (b: typeof a) => [0, 1, 2, 3].map((k) => same(a, b, k).toFixed(2)).join('/');
  console.log(`${name.padEnd(24)} key ${key}: same codes (cb0/1/2/3) vs octave up ${row(up)}, octave down ${row(down)}, semitone up ${row(semi)}; distinct cb0 codes in 1.4 s: ${distinct(a, 0)}`);
}
