/**
 * Field checkers for manifests: each returns the value typed or throws a PackFormatError that
 * names the field as a path ("manifest.tokens.delays[2]") and says what was expected, so a bad
 * pack is refused with a message a person can act on.
 */

export class PackFormatError extends Error {
  override name = 'PackFormatError';
}

export function fail(path: string, expected: string, got?: unknown): never {
  const shown = got === undefined ? 'missing' : JSON.stringify(got)?.slice(0, 60);
  throw new PackFormatError(`manifest.${path} should be ${expected}, got ${shown}`);
}

export function obj(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'an object', v);
  return v as Record<string, unknown>;
}

export function str(v: unknown, path: string): string {
  if (typeof v !== 'string' || v === '') fail(path, 'a non-empty string', v);
  return v;
}

export function num(v: unknown, path: string, min = -Infinity, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    fail(path, `a number in [${min}, ${max}]`, v);
  }
  return v;
}

export function int(v: unknown, path: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(v) || (v as number) < min || (v as number) > max) fail(path, `an integer in [${min}, ${max}]`, v);
  return v as number;
}

export function list(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) fail(path, 'a list', v);
  return v;
}

export function oneOf<T extends string | number>(v: unknown, path: string, allowed: readonly T[]): T {
  if (!allowed.includes(v as T)) fail(path, allowed.map((a) => JSON.stringify(a)).join(' or '), v);
  return v as T;
}

/** `v` must equal what the engine defines (a spec version, a width): the pack was trained on it. */
export function same<T>(v: T, path: string, engine: T, what: string): T {
  if (v !== engine) {
    throw new PackFormatError(`manifest.${path} is ${JSON.stringify(v)}, but this engine's ${what} is ${JSON.stringify(engine)}: the pack was made for another version`);
  }
  return v;
}
