import { extractCommand } from './extract.ts';

/**
 * The CLI's command registry: one file per command under src/engine/cli/, one line here.
 * Commands run in Node (they may import node: modules); nothing else in src/engine may.
 */
import { analyzeCommand } from './analyze.ts';
import { compareCommand } from './compare.ts';
import { decodeCommand } from './decode.ts';
import { generateCommand } from './generate.ts';

export interface CliCommand {
  readonly name: string;
  /** One line for `undertone --help`. */
  readonly summary: string;
  readonly usage: string;
  /** Returns the process exit code. */
  run(args: readonly string[]): Promise<number>;
}

export const COMMANDS: CliCommand[] = [
  extractCommand,
  // extract (control signals from audio) and analyze (video descriptors) register here.
  analyzeCommand,
  compareCommand,
  decodeCommand,
  generateCommand,
];
