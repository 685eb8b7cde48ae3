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

const minWidth = 800;
const minPlotWidth = 360;
const pad = 24;
const titleSize = 18;
const labelSize = 12;
const sourceSize = 11;
const labelLineHeight = 15;
const labelColumn = 10 * labelSize;
const panelHeader = 24;
const panelGap = 20;
const colors = ['#2f6fde', '#f28e2b'];
const textColor = '#222222';
const mutedColor = '#666666';
const noteColor = '#b3541e';

export function layoutPanelChart(chart: PanelChart): ChartLayout {
  const labels = chart.panels.map((panel) => panel.rows.map((row) => wrapText(displayText(row.label), labelColumn, labelSize, 2)));
  const widest = (texts: readonly string[]) => Math.max(0, ...texts.map((text) => textWidth(text, labelSize)));
  const left = pad + widest(labels.flat(2)) + 10;
  const right = pad + widest(chart.panels.flatMap((panel) => panel.rows.flatMap((row) => row.bars.map((bar) => bar.raw)))) + 10;
  const width = Math.max(minWidth, left + right + minPlotWidth);

  const hasLegend = chart.series.length > 1;
  const noteHeight = chart.note ? 20 : 0;
  const rowHeight = hasLegend ? 52 : 36;
  const grids: { top: number; height: number }[] = [];
  let top = (hasLegend ? 84 : 56) + noteHeight;
  for (const panel of chart.panels) {
    grids.push({ top: top + panelHeader, height: panel.rows.length * rowHeight });
    top += panelHeader + panel.rows.length * rowHeight + panelGap;
  }
  const sourceLines = wrapText(displayText(chart.source), width - 2 * pad, sourceSize, 3);
  const height = top + sourceLines.length * 16 + 8;

  const option: EChartsOption = {
    backgroundColor: '#ffffff',
    title: {
      text: wrapText(displayText(chart.title), width - 2 * pad, titleSize, 1).join(''),
      left: 'center',
      top: 14,
      textStyle: { fontSize: titleSize, fontWeight: 'bold', color: textColor },
      subtext: chart.note ? displayText(chart.note) : undefined,
      subtextStyle: { fontSize: 12, color: noteColor },
      itemGap: 6,
    },
    legend: hasLegend
      ? { data: chart.series.map(displayText), top: 48 + noteHeight, itemWidth: 16, itemHeight: 12, textStyle: { fontSize: 13, color: textColor } }
      : { show: false },
    grid: grids.map((grid) => ({ left, right, top: grid.top, height: grid.height })),
    // Value axes stay hidden: every number drawn is a figure from the answer, never a tick value.
    xAxis: chart.panels.map((_, index) => ({
      type: 'value' as const,
      gridIndex: index,
      show: false,
      min: (extent: { min: number }) => Math.min(0, extent.min),
      max: (extent: { max: number }) => (extent.max > 0 ? extent.max : 1),
    })),
    yAxis: chart.panels.map((_, index) => ({
      type: 'category' as const,
      gridIndex: index,
      inverse: true,
      data: (labels[index] ?? []).map((lines) => lines.join('\n')),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: '#999999' } },
      axisLabel: { interval: 0, fontSize: labelSize, lineHeight: labelLineHeight, color: textColor },
    })),
    series: chart.panels.flatMap((panel, index) =>
      chart.series.map((name, side) => ({
        type: 'bar' as const,
        name: displayText(name),
        xAxisIndex: index,
        yAxisIndex: index,
        barMaxWidth: 18,
        barGap: '25%',
        itemStyle: { color: colors[side % colors.length] },
        data: panel.rows.map((row) => row.bars[side]?.value ?? 0),
        label: {
          show: true,
          position: 'right' as const,
          fontSize: labelSize,
          color: textColor,
          formatter: (params: { dataIndex: number }) => displayText(panel.rows[params.dataIndex]?.bars[side]?.raw ?? ''),
        },
      })),
    ),
    graphic: [
      ...chart.panels.map((panel, index) => ({
        type: 'text' as const,
        left: pad,
        top: (grids[index]?.top ?? 0) - panelHeader + 2,
        style: { text: unitHeading(panel.unit), fontFamily: chartFontFamily, fontSize: 13, fontWeight: 'bold' as const, fill: mutedColor },
      })),
      ...sourceLines.map((line, index) => ({
        type: 'text' as const,
        left: pad,
        top: height - 8 - (sourceLines.length - index) * 16,
        style: { text: line, fontFamily: chartFontFamily, fontSize: sourceSize, fill: mutedColor },
      })),
    ],
  };
  return { option, width, height };
}

function unitHeading(unit: string): string {
  return unit === '' ? '数值（无单位）' : `单位：${displayText(unit)}`;
}
