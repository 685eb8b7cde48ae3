import type { Answer, Citation } from '../answer/types.js';
import { chartCaption } from './caption.js';
import type { ChartPlan, Panel } from './panels.js';
import { periodLabel, reportName } from './text.js';
import { groupByUnit, writtenInUnit } from './units.js';

type KeyFigure = NonNullable<Answer['keyFigures']>[number];

/** Bars that still read on a phone. */
const maxSummaryFigures = 8;
/** Fewer figures of one unit say nothing a sentence doesn't: such units are left to the text. */
const minFiguresSharingUnit = 3;

/**
 * The key figures as horizontal bars, one panel per unit that has at least three figures, largest
 * first. Undefined when no unit has three cited figures.
 */
export function planSummary(answer: Answer): ChartPlan | undefined {
  const citations = new Map(answer.citations.map((citation) => [citation.n, citation]));
  const drawable = (figure: KeyFigure) =>
    Number.isFinite(figure.value) && citations.has(figure.n) && writtenInUnit(figure.raw, figure.unit);
  const figures = distinct((answer.keyFigures ?? []).filter(drawable));
  const groups = groupByUnit(figures)
    .filter((group) => group.items.length >= minFiguresSharingUnit)
    .sort((a, b) => b.items.length - a.items.length);
  if (groups.length === 0) return undefined;

  const panels = fitPanels(groups);
  const drawn = panels.flatMap((panel) => panel.figures);
  const reports = citedReports(drawn.flatMap((figure) => citations.get(figure.n) ?? []));
  const title = `${reports.map((report) => `${report.bureau} ${periodLabel(report)}`).join('、')} 主要数据`;
  return {
    chart: {
      title,
      series: ['数值'],
      panels: panels.map(({ unit, figures: unitFigures }): Panel => ({
        unit,
        rows: unitFigures.map((figure) => ({ label: figure.label, bars: [figure] })),
      })),
      source: `来源：${reports.map((report) => reportName(report)).join('；')}`,
    },
    caption: chartCaption(title, drawn.length, drawn.map((figure) => figure.n)),
  };
}

/** Whole groups while they fit; the next group is cut when enough of its figures still fit. */
function fitPanels(groups: readonly { unit: string; items: KeyFigure[] }[]): { unit: string; figures: KeyFigure[] }[] {
  const panels: { unit: string; figures: KeyFigure[] }[] = [];
  let room = maxSummaryFigures;
  for (const group of groups) {
    const figures = group.items.slice(0, room);
    if (figures.length < minFiguresSharingUnit) break;
    panels.push({ unit: group.unit, figures });
    room -= figures.length;
  }
  return panels;
}

function distinct(figures: readonly KeyFigure[]): KeyFigure[] {
  const seen = new Set<string>();
  return figures.filter((figure) => {
    const key = `${figure.label}\u0000${figure.raw}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One entry per report, in order of first citation. */
function citedReports(cited: readonly Citation[]): Citation[] {
  const byReport = new Map<string, Citation>();
  for (const citation of cited) if (!byReport.has(citation.reportId)) byReport.set(citation.reportId, citation);
  return [...byReport.values()];
}
