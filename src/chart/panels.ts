import type { EChartsOption } from 'echarts';
import { chartFontFamily } from './fonts.js';
import { displayText, textWidth, wrapText } from './text.js';

/** A bar as the report writes its figure: `value` sets the length, `raw` is the label. */
export interface Bar {
  readonly raw: string;
  readonly value: number;
}

/** One measure: one bar per series, in series order. */
export interface PanelRow {
  readonly label: string;
  readonly bars: readonly Bar[];
}

/** Measures of one unit: they share a value axis, and only they do. */
export interface Panel {
  readonly unit: string;
  readonly rows: readonly PanelRow[];
}

/** Horizontal grouped bars, one panel (own grid and axis) per unit, stacked top to bottom. */
export interface PanelChart {
  readonly title: string;
  /** A warning under the title, e.g. that the periods differ. */
  readonly note?: string;
  /** Legend names, e.g. `阳山县 2024全年`; one bar per name in every row. */
  readonly series: readonly string[];
  readonly panels: readonly Panel[];
  readonly source: string;
}

/** What to draw and the caption to send with it. */
export interface ChartPlan {
  readonly chart: PanelChart;
  readonly caption: string;
}

export interface ChartLayout {
  readonly option: EChartsOption;
  readonly width: number;
  readonly height: number;
}

/**
 * Phone layout, in layout px (the PNG is twice as large): 480 wide, so that on a ~330 px phone
 * screen a 16 px label still reads at about 11 px. Each measure's name stands on its own line
 * above its bars rather than in a column beside them, leaving the width to the bars.
 */
const width = 480;
const pad = 16;
const titleSize = 20;
const titleLine = 26;
const noteSize = 14;
const noteLine = 19;
const legendHeight = 30;
const unitSize = 14;
const unitHeader = 26;
const labelSize = 16;
const labelLine = 21;
const valueSize = 15;
const barHeight = 16;
const barGap = 4;
const rowGap = 12;
const sourceSize = 12;
const sourceLine = 16;
const colors = ['#2f6fde', '#f28e2b'];
const textColor = '#222222';
const mutedColor = '#666666';
const noteColor = '#b3541e';

interface TextLine {
  readonly text: string;
  readonly top: number;
  readonly size: number;
  readonly color: string;
  readonly bold?: boolean;
}

interface RowGrid {
  readonly top: number;
  readonly height: number;
  readonly row: PanelRow;
  /** The longest bar of the row's panel spans the plot: every panel has its own scale. */
  readonly max: number;
}

export function layoutPanelChart(chart: PanelChart): ChartLayout {
  const texts: TextLine[] = [];
  const rows: RowGrid[] = [];
  const inner = width - 2 * pad;
  let top = 14;
  const write = (lines: readonly string[], size: number, lineHeight: number, color: string, bold = false) => {
    for (const text of lines) {
      texts.push({ text, top, size, color, bold });
      top += lineHeight;
    }
  };
  write(wrapText(displayText(chart.title), inner, titleSize, 2), titleSize, titleLine, textColor, true);
  if (chart.note) write(wrapText(displayText(chart.note), inner, noteSize, 2), noteSize, noteLine, noteColor);
  const legendTop = top + 4;
  if (chart.series.length > 1) top += legendHeight;
  top += 6;
  const sides = chart.series.length;
  const gridHeight = sides * barHeight + (sides - 1) * barGap + 4;
  for (const [index, panel] of chart.panels.entries()) {
    if (index > 0) top += 8;
    write([unitHeading(panel.unit)], unitSize, unitHeader, mutedColor, true);
    const max = Math.max(0, ...panel.rows.flatMap((row) => row.bars.map((bar) => bar.value)));
    for (const row of panel.rows) {
      write(wrapText(displayText(row.label), inner, labelSize, 2), labelSize, labelLine, textColor);
      rows.push({ top: top + 2, height: gridHeight, row, max: max > 0 ? max : 1 });
      top += gridHeight + rowGap;
    }
  }
  top += 4;
  write(wrapText(displayText(chart.source), inner, sourceSize, 3), sourceSize, sourceLine, mutedColor);
  const height = top + 8;

  const widestValue = Math.max(0, ...rows.flatMap(({ row }) => row.bars.map((bar) => textWidth(displayText(bar.raw), valueSize))));
  const right = pad + widestValue + 8;
  const option: EChartsOption = {
    backgroundColor: '#ffffff',
    legend:
      chart.series.length > 1
        ? { data: chart.series.map(displayText), top: legendTop, left: pad, itemWidth: 16, itemHeight: 12, itemGap: 16, textStyle: { fontSize: 15, color: textColor } }
        : { show: false },
    grid: rows.map((grid) => ({ left: pad, right, top: grid.top, height: grid.height })),
    // Value axes stay hidden: every number drawn is a figure from the answer, never a tick value.
    xAxis: rows.map((grid, index) => ({ type: 'value' as const, gridIndex: index, show: false, min: 0, max: grid.max })),
    yAxis: rows.map((_, index) => ({ type: 'category' as const, gridIndex: index, inverse: true, data: [''], show: false })),
    series: rows.flatMap((grid, index) =>
      chart.series.map((name, side) => ({
        type: 'bar' as const,
        name: displayText(name),
        xAxisIndex: index,
        yAxisIndex: index,
        barWidth: barHeight,
        barGap: `${Math.round((barGap / barHeight) * 100)}%`,
        itemStyle: { color: colors[side % colors.length] },
        data: [grid.row.bars[side]?.value ?? 0],
        label: {
          show: true,
          position: 'right' as const,
          fontSize: valueSize,
          color: textColor,
          formatter: () => displayText(grid.row.bars[side]?.raw ?? ''),
        },
      })),
    ),
    graphic: texts.map((line) => ({
      type: 'text' as const,
      left: pad,
      top: line.top,
      style: { text: line.text, fontFamily: chartFontFamily, fontSize: line.size, fontWeight: line.bold ? ('bold' as const) : ('normal' as const), fill: line.color },
    })),
  };
  return { option, width, height };
}

function unitHeading(unit: string): string {
  return unit === '' ? '数值（无单位）' : `单位：${displayText(unit)}`;
}
