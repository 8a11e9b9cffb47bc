/**
 * Synthetic videos for training (docs/music-model.md, "Data"): a clip's controls (`undertone extract`
 * JSON) → a procedural video that follows them → its `undertone analyze` JSON.
 *
 *   node --import tsx scripts/synthetic-video.ts <controls.json> --seed N [--out video.json]
 *   node --import tsx scripts/synthetic-video.ts --batch jobs.json
 *       jobs.json: [{"controls": "c.json", "out": "v.json", "seed": 7}, …]; outputs that exist are
 *       skipped (a killed run resumes), each is written under a temporary name first; stdout gets one
 *       JSON line per job ({"out", "status": "ok" | "skipped" | "error", "cuts"?, "error"?}); exit 1 if
 *       any job failed.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ControlsFile } from './synthetic-video/plan.ts';
import { syntheticAnalysis } from './synthetic-video/render.ts';

interface Job { controls: string; out: string; seed: number }

async function runJob(job: Job): Promise<Record<string, unknown>> {
  if (existsSync(job.out)) return { out: job.out, status: 'skipped' };
  try {
    const controls = JSON.parse(readFileSync(job.controls, 'utf8')) as ControlsFile;
    const json = await syntheticAnalysis(controls, job.seed, job.controls);
    mkdirSync(dirname(job.out), { recursive: true });
    writeFileSync(job.out + '.tmp', JSON.stringify(json));
    renameSync(job.out + '.tmp', job.out);
    return { out: job.out, status: 'ok', cuts: (json.cuts as unknown[]).length };
  } catch (e) {
    return { out: job.out, status: 'error', error: e instanceof Error ? e.message : String(e) };
  }
}

async function main(args: string[]): Promise<number> {
  const value = (flag: string): string | undefined => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const batch = value('--batch');
  if (batch) {
    let failed = 0;
    for (const job of JSON.parse(readFileSync(batch, 'utf8')) as Job[]) {
      const r = await runJob(job);
      if (r.status === 'error') failed++;
      process.stdout.write(JSON.stringify(r) + '\n');
    }
    return failed ? 1 : 0;
  }
  const input = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  if (!input) {
    console.error('usage: synthetic-video.ts <controls.json> --seed N [--out video.json] | --batch jobs.json');
    return 2;
  }
  const controls = JSON.parse(readFileSync(input, 'utf8')) as ControlsFile;
  const json = await syntheticAnalysis(controls, Number(value('--seed') ?? 0), input);
  const out = value('--out');
  if (out) writeFileSync(out, JSON.stringify(json));
  else process.stdout.write(JSON.stringify(json) + '\n');
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
