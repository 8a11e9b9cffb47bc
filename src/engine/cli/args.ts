/** Argument helpers shared by the CLI commands: one wording for every usage error. */

/** A mistake in the command line: the command prints it with its usage and exits 2. */
export class UsageError extends Error {}

/** The value after option `name` at args[i]; a missing value or another option is an error. */
export function optionValue(args: readonly string[], i: number, name: string): string {
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
  return v;
}

/** A finite number > 0, or a usage error that quotes what was given. */
export function positiveNumber(v: string, name: string): number {
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`${name} must be a positive number, got "${v}"`);
  return n;
}
