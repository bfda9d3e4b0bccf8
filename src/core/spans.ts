// Small span utilities shared by the engine.
import type { Span } from './types';

/**
 * Index of the span in `sorted` (ordered, non-overlapping) that overlaps `target`'s start, or -1.
 * Binary search, so bucketing n items over m spans costs O(n log m).
 */
export function findContaining(sorted: readonly Span[], offset: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].end <= offset) lo = mid + 1;
    else if (sorted[mid].start > offset) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/** Groups items by the index of the container (ordered, non-overlapping spans) each one starts in. */
export function bucketBy<T>(containers: readonly Span[], items: Iterable<T>, startOf: (item: T) => number): Map<number, T[]> {
  const buckets = new Map<number, T[]>();
  for (const item of items) {
    const i = findContaining(containers, startOf(item));
    if (i < 0) continue;
    const list = buckets.get(i);
    if (list) list.push(item);
    else buckets.set(i, [item]);
  }
  return buckets;
}
