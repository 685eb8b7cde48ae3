import type { Answer, ComparedMeasure, ComparedValue } from '../answer/types.js';
import type { ReportMeta } from '../ingest/types.js';
import { chartCaption } from './caption.js';
import type { ChartPlan, Panel } from './panels.js';
import { periodLabel, reportName } from './text.js';
import { groupByUnit, writtenInUnit } from './units.js';

/** Enough measures to read on a phone; the answer text carries the rest. */
const maxComparedMeasures = 8;

interface AlignedMeasure {
  readonly measure: string;
  readonly unit: string;
  readonly sides: readonly [ComparedValue, ComparedValue];
}

/** The chart of a comparison, or undefined when no measure has a cited value on both sides in one unit. */
export function planComparison(answer: Answer): ChartPlan | undefined {
  const comparison = answer.comparison;
  if (!comparison) return undefined;
  const cited = new Set(answer.citations.map((citation) => citation.n));
  const aligned = comparison.measures.flatMap((measure) => alignMeasure(measure, cited)).slice(0, maxComparedMeasures);
  if (aligned.length === 0) return undefined;
  const series = legendNames(comparison.regions);
  if (!series) return undefined;

  const panels: Panel[] = groupByUnit(aligned).map(({ unit, items }) => ({
    unit,
    rows: items.map((measure) => ({ label: measure.measure, bars: measure.sides })),
  }));
  const [first, second] = comparison.regions;
  return {
    chart: {
      title: `${first.region} 与 ${second.region} 数据对比`,
      note: periodNote(first, second),
      series,
      panels,
      source: `来源：${reportName(first)}；${reportName(second)}`,
    },
    caption: chartCaption(
      `${series[0]} 与 ${series[1]}`,
      aligned.length,
      aligned.flatMap((measure) => measure.sides.map((side) => side.n)),
    ),
  };
}

/** A measure both sides report in its unit, with a finite value that a citation of the answer quotes. */
function alignMeasure(measure: ComparedMeasure, cited: ReadonlySet<number>): AlignedMeasure[] {
  const [a, b] = measure.sides;
  const usable = (side: ComparedValue | undefined): side is ComparedValue =>
    side !== undefined && Number.isFinite(side.value) && cited.has(side.n) && writtenInUnit(side.raw, measure.unit);
  return usable(a) && usable(b) ? [{ measure: measure.measure, unit: measure.unit, sides: [a, b] }] : [];
}

/** `阳山县 2024全年`; the bureau names the side when region and period alone cannot tell them apart. */
function legendNames(regions: readonly [ReportMeta, ReportMeta]): readonly [string, string] | undefined {
  for (const name of [(r: ReportMeta) => r.region, (r: ReportMeta) => r.bureau]) {
    const names = [`${name(regions[0])} ${periodLabel(regions[0])}`, `${name(regions[1])} ${periodLabel(regions[1])}`] as const;
    if (names[0] !== names[1]) return names;
  }
  return undefined;
}

/** Half a year against a whole one is no like-for-like comparison: the chart says so, as the answer does. */
function periodNote(a: ReportMeta, b: ReportMeta): string | undefined {
  if (periodLabel(a) === periodLabel(b)) return undefined;
  return `注意：时间范围不同（${periodLabel(a)}、${periodLabel(b)}），数字不能直接相比`;
}
