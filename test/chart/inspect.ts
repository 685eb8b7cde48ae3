/** The text of every <text> element of an SVG, unescaped, in document order. */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) =>
    (match[1] ?? '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&'),
  );
}

/** Bars of an ECharts SVG: the series each belongs to and its drawn length in px. */
export function svgBars(svg: string): { series: number; length: number }[] {
  return [...svg.matchAll(/<path d="M[\d.]+ [\d.]+l([\d.]+) 0[^"]*"[^>]*ecmeta_series_index="(\d+)"[^>]*ecmeta_ssr_type="chart"/g)].map(
    (match) => ({ series: Number(match[2]), length: Number(match[1]) }),
  );
}

/**
 * The unit a figure is written in, read independently of the chart code: 8380.54余萬元 → 元,
 * 30余场次 → 场次, 96%以上 → %.
 */
export function writtenUnit(raw: string): string {
  const tail = raw.replace(/(以上|左右)$/, '').match(/[^\d.]*$/)?.[0] ?? '';
  return tail.replace(/^[余多]?[万萬亿億]?/, '');
}
