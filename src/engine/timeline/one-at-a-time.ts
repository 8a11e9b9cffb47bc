/**
 * Lanes that hold one thing at a time (melody notes, chords): placing an item cuts the parts it
 * covers out of the others, so they never overlap. A part shorter than `min` is dropped; the tail
 * of an item split in two gets the id `<id>b`.
 */
export interface Timed {
  readonly id: string;
  readonly start: number;
  readonly end: number;
}

export function placeTimed<T extends Timed>(items: readonly T[], item: T, min: number): T[] {
  const out: T[] = [];
  for (const x of items) {
    if (x.id === item.id) continue;
    if (x.end <= item.start || x.start >= item.end) {
      out.push(x);
      continue;
    }
    if (x.start < item.start && item.start - x.start >= min) out.push({ ...x, end: item.start });
    if (x.end > item.end && x.end - item.end >= min) out.push({ ...x, id: x.start < item.start ? `${x.id}b` : x.id, start: item.end });
  }
  out.push(item);
  return out.sort((a, b) => a.start - b.start);
}

export function removeTimed<T extends Timed>(items: readonly T[], ids: Iterable<string>): T[] {
  const drop = new Set(ids);
  return items.filter((x) => !drop.has(x.id));
}
