import { findNumbers } from '../ingest/numbers.js';

/** Items grouped by unit, groups in order of first appearance: only one group may share a value axis. */
export function groupByUnit<T extends { readonly unit: string }>(items: readonly T[]): { unit: string; items: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.unit);
    if (group) group.push(item);
    else groups.set(item.unit, [item]);
  }
  return [...groups].map(([unit, grouped]) => ({ unit, items: grouped }));
}

/**
 * Whether a figure as written (87宗, 8380.54余萬元, 96%以上) carries `unit` (宗, 元, %), read by the
 * ingest's own number reader. A comparison row takes one side's unit, and the answer treats 件, 宗
 * and 起 as one family, so 98件 may sit in a 宗 row: such a pair must not share an axis.
 */
export function writtenInUnit(raw: string, unit: string): boolean {
  const written = raw.trim();
  const tokens = findNumbers(written);
  const only = tokens[0];
  return tokens.length === 1 && only?.kind === 'figure' && only.raw === written && only.unit === unit;
}
