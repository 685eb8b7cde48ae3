import type { ReportMeta } from '../../ingest/types.js';
import { yearPeriod } from './render-text.js';

/** What the reports cover, for not-found answers: "阳山县（2024年全年）、镜湖区（2024年上半年）…". */
export function coverageSentence(reports: readonly ReportMeta[]): string {
  if (reports.length === 0) return '目前还没有任何报告。';
  const byRegion = new Map<string, string[]>();
  for (const meta of [...reports].sort((a, b) => a.region.localeCompare(b.region, 'zh') || a.year - b.year)) {
    const labels = byRegion.get(meta.region) ?? [];
    labels.push(yearPeriod(meta));
    byRegion.set(meta.region, labels);
  }
  const parts = [...byRegion].map(([region, labels]) => `${region}（${labels.join('、')}）`);
  return `现有报告覆盖：${parts.join('、')}。`;
}

/** The covered regions that lie in a city or province (阳山县 in 清远市), said so a user can ask for them instead; '' when none. */
export function coveredWithin(place: string, reports: readonly ReportMeta[]): string {
  const inside = [...new Set(reports.filter((m) => m.region !== place && (m.city === place || m.province === place)).map((m) => m.region))];
  return inside.length ? `${place}下辖的${inside.join('、')}有报告，可以直接问${inside.join('、')}。` : '';
}
