// In-page half of scripts/bench-video.ts: analyse a URL with the app's own code path.
import { runAnalysis } from '../src/ui/analysis/run-analysis.ts';

declare global {
  interface Window {
    benchAnalyze(url: string, force?: 'webcodecs' | 'element'): Promise<{ ms: number; frames: number; cuts: number; method: string }>;
  }
}

window.benchAnalyze = async (url, force) => {
  const blob = await (await fetch(url)).blob();
  const t0 = performance.now();
  const r = await runAnalysis(blob, { force });
  return { ms: performance.now() - t0, frames: r.frameCount, cuts: r.cuts.length, method: r.method };
};
document.getElementById('status')!.textContent = 'ready';
