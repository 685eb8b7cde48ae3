import { renderAsync } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { chartFontFamily, chartFontFiles } from './fonts.js';

/** The chart as SVG (layout size) and as PNG, whose pixel size `width` × `height` is `pngScale` times it. */
export interface ChartImage {
  readonly png: Uint8Array;
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

/** 480 px of layout become 960 px: sharp on phones, within the 1280 px Telegram keeps for a photo's width. */
const pngScale = 2;

/** ECharts server-side rendering to SVG; no DOM, no animation. */
export function renderSvg(option: echarts.EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ ...option, animation: false, textStyle: { fontFamily: chartFontFamily } });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * SVG to PNG off the main thread (resvg's async render runs on the libuv pool), with the packaged
 * CJK font only. resvg-js 2.6 has no font setup to reuse and reads the 8 MB font again for each
 * glyph (thx/resvg-js#367), so render time grows with the text on the chart, not with its size.
 */
export async function rasterize(svg: string): Promise<Omit<ChartImage, 'svg'>> {
  const image = await renderAsync(svg, {
    fitTo: { mode: 'zoom', value: pngScale },
    font: {
      loadSystemFonts: false,
      fontFiles: [...chartFontFiles()],
      defaultFontFamily: chartFontFamily,
      sansSerifFamily: chartFontFamily,
    },
    background: '#ffffff',
  });
  return { png: new Uint8Array(image.asPng()), width: image.width, height: image.height };
}

export async function renderImage(option: echarts.EChartsOption, width: number, height: number): Promise<ChartImage> {
  const svg = renderSvg(option, width, height);
  return { svg, ...(await rasterize(svg)) };
}
