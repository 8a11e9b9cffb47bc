/**
 * House rule 1: src/engine imports no React, no DOM library, no onnxruntime package and nothing
 * from the UI; only the CLI and *.node.ts adapters may use Node's modules. (The DOM part is also
 * enforced by compiling src/engine without the DOM library: `npm run typecheck`.)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../src/engine');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}

function imports(src: string): string[] {
  return [...src.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
}

describe('engine boundary', () => {
  const all = files(ROOT);

  it('finds the engine sources', () => {
    expect(all.length).toBeGreaterThan(5);
  });

  it('imports no React, zustand, onnxruntime package or UI code', () => {
    const bad = all.flatMap((f) =>
      imports(readFileSync(f, 'utf8'))
        .filter((i) => /^(react|react-dom|zustand|recharts|tone|onnxruntime-(web|node)|@ffmpeg\/)/.test(i) || /\/ui\//.test(i))
        .map((i) => `${path.relative(ROOT, f)} → ${i}`));
    expect(bad).toEqual([]);
  });

  it('uses Node modules only in the CLI and *.node.ts adapters', () => {
    const bad = all
      .filter((f) => !f.includes(`${path.sep}cli${path.sep}`) && !f.endsWith('.node.ts'))
      .flatMap((f) => imports(readFileSync(f, 'utf8')).filter((i) => i.startsWith('node:') || /^(fs|path|child_process|os)$/.test(i)).map((i) => `${path.relative(ROOT, f)} → ${i}`));
    expect(bad).toEqual([]);
  });
});
