/**
 * Runs one `undertone` command in-process (no tsx start-up per call), capturing what it prints:
 * the CLI specs share it so each asserts on exit code, stdout and stderr the same way.
 */
import { vi } from 'vitest';
import { main } from '../src/engine/cli/main.ts';

export interface CliResult { code: number; out: string; err: string }

export async function runCli(command: string, ...args: string[]): Promise<CliResult> {
  let out = '', err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => { out += String(s); return true; });
  const l = vi.spyOn(console, 'log').mockImplementation((...a) => { out += a.join(' ') + '\n'; });
  const e = vi.spyOn(console, 'error').mockImplementation((...a) => { err += a.join(' ') + '\n'; });
  try {
    return { code: await main([command, ...args]), out, err };
  } finally {
    o.mockRestore(); l.mockRestore(); e.mockRestore();
  }
}
