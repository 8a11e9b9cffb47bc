/**
 * What survives a codec pack's round trip on the held-out pitch fixtures, as JSON (issue 8): the
 * numbers test/codec/pitch.test.ts asserts on, for reports and for comparing packs. Without a
 * folder it reads the pack the specs judge (test/codec/pack.ts).
 *
 *   npx tsx scripts/codec-pitch-report.ts [public/models/<codec>/] [--summary]
 */
import { resolve } from 'node:path';
import { loadCodec, missedBars, pitchReport } from '../test/codec/round-trip.ts';
import { PITCH_CODEC } from '../test/codec/pack.ts';

const args = process.argv.slice(2);
const pack = resolve(args.find((a) => !a.startsWith('--')) ?? PITCH_CODEC.dir);
const report = await pitchReport(await loadCodec(pack), pack);
const r4 = (_: string, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e4) / 1e4 : v);
const missed = missedBars(report.summary); // the spec's bars this pack misses
process.stdout.write(JSON.stringify(args.includes('--summary') ? { pack: report.pack, ...report.summary, missed } : { ...report, missed }, r4, 1) + '\n');
