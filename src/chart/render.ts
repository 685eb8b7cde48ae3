import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { SubsettableFont, svgCharacters } from './font-subset.js';
import { chartFontFamily, chartFontFiles } from './fonts.js';
import { encodePng } from './png.js';

/** The chart as SVG (layout size) and as PNG, whose pixel size `width` × `height` is `pngScale` times it. */
export interface ChartImage {
  readonly png: Uint8Array;
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

/** 480 px of layout become 960 px: sharp on phones, within the 1280 px Telegram keeps for a photo's width. */
export const pngScale = 2;

/**
 * zrender names ids after process-wide counters (zr0-cls-0 in the first chart, zr7-cls-31 later),
 * so the same chart would differ with what the process drew before. Ids only need to be unique
 * within one document: number them in order of appearance.
 */
function numberIdsInOrder(svg: string): string {
  const renamed = new Map<string, string>();
  return svg.replace(/\bzr\d+-([a-z]+-?)(\d+)\b/g, (id, kind: string) => {
    let name = renamed.get(id);
    if (name === undefined) {
      name = `zr0-${kind}${renamed.size}`;
      renamed.set(id, name);
    }
    return name;
  });
}

/** ECharts server-side rendering to SVG; no DOM, no animation. */
export function renderSvg(option: echarts.EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ ...option, animation: false, textStyle: { fontFamily: chartFontFamily } });
    return numberIdsInOrder(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

let fonts: readonly SubsettableFont[] | undefined;

/** The chart fonts, parsed once per thread. */
function subsettableFonts(): readonly SubsettableFont[] {
  fonts ??= chartFontFiles().map((file) => new SubsettableFont(readFileSync(file)));
  return fonts;
}

/**
 * Writes the chart fonts cut down to the characters of this SVG, for one render. resvg-js 2.6
 * reads a font file again for each glyph it draws (thx/resvg-js#367), so the 8 MB fonts cost
 * some 200 ms a chart; the subsets draw the same glyphs in a few. Files, not buffers: resvg-js
 * draws CJK glyphs from `fontBuffers` as empty boxes.
 */
async function writeSubsets(svg: string): Promise<{ files: string[]; dir: string }> {
  const characters = svgCharacters(svg);
  const dir = path.join(os.tmpdir(), `chart-fonts-${randomBytes(6).toString('hex')}`);
  await mkdir(dir);
  const files = await Promise.all(
    subsettableFonts().map(async (font, i) => {
      const file = path.join(dir, `${i}.otf`);
      await writeFile(file, font.subset(characters));
      return file;
    }),
  );
  return { files, dir };
}

/**
 * SVG to PNG with the packaged CJK font only. Drawn in the calling thread, not with resvg's
 * renderAsync: the bot draws in its chart worker, which runs at a lower priority than the thread
 * answering chats, and the libuv pool renderAsync used ran at full priority beside that thread.
 */
export async function rasterize(svg: string): Promise<Omit<ChartImage, 'svg'>> {
  const { files, dir } = await writeSubsets(svg);
  try {
    const image = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: pngScale },
      font: { loadSystemFonts: false, fontFiles: files, defaultFontFamily: chartFontFamily, sansSerifFamily: chartFontFamily },
      background: '#ffffff',
    }).render();
    return { png: encodePng(image.pixels, image.width, image.height), width: image.width, height: image.height };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function renderImage(option: echarts.EChartsOption, width: number, height: number): Promise<ChartImage> {
  const svg = renderSvg(option, width, height);
  return { svg, ...(await rasterize(svg)) };
}
