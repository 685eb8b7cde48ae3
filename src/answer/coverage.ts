import type { ReportMeta } from '../ingest/types.js';
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
