import type { Span } from './types.js';

/** [start, end) without white space at either end (may come out empty). */
export function trimSpan(text: string, start: number, end: number): Span {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  return { start: s, end: e };
}

/**
 * The span holding `pos`, in spans sorted by start that do not overlap (chunks, passages,
 * sentences): found by halving, so that a report of megabytes is not searched once per figure.
 */
export function spanAt<T extends Span>(sorted: readonly T[], pos: number): T | undefined {
  let low = 0;
  let high = sorted.length - 1;
  let candidate: T | undefined;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]!.start <= pos) {
      candidate = sorted[mid];
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return candidate && pos < candidate.end ? candidate : undefined;
}

/** Tells whether a position falls strictly inside any of the spans (which may overlap), in O(log n). */
export function insideAny(spans: readonly Span[]): (pos: number) => boolean {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const starts = sorted.map((s) => s.start);
  // furthest[i]: the largest end among the first i + 1 spans.
  const furthest: number[] = [];
  for (const [i, s] of sorted.entries()) furthest.push(Math.max(s.end, furthest[i - 1] ?? -Infinity));
  return (pos) => {
    let low = 0;
    let high = starts.length - 1;
    let last = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (starts[mid]! < pos) {
        last = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return last >= 0 && furthest[last]! > pos;
  };
}
