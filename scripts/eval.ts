/**
 * npm run eval -- --quick [--pack DIR] [--reference DIR] — issue 14's evaluation harness. The quick
 * mode (scripts/eval/quick.ts) writes eval/results/<pack-id>/quick.md and quick.json; the default
 * pack is the tiny random one (test/fixtures/music/tiny-pack), whose numbers mean nothing, and the
 * default reference for the Fréchet distance is test/fixtures/harmony's WAVs. The full protocol
 * (App. D.3's 24 + 36 + 20 + 20 cases, held-out clips, plots) is still to come.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DEFAULT_REFERENCE, TINY_PACK_DIR, runQuick } from './eval/quick.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
if (!args.includes('--quick')) {
  console.error('npm run eval: only the quick mode exists so far (npm run eval -- --quick); the full protocol is issue 14\'s next step');
  process.exit(2);
}
const t0 = performance.now();
const { report, md } = await runQuick(resolve(opt('--pack', TINY_PACK_DIR)), resolve(opt('--reference', DEFAULT_REFERENCE)));
const out = resolve(import.meta.dirname, '..', 'eval/results', report.pack);
await mkdir(out, { recursive: true });
await writeFile(join(out, 'quick.json'), `${JSON.stringify(report, null, 1)}\n`);
await writeFile(join(out, 'quick.md'), md);
console.log(md);
console.log(`wrote ${join(out, 'quick.md')} and quick.json in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
