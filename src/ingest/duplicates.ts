import type { IngestProblem, Report } from './types.js';

/**
 * Bureau (with its city and province: 和平区 is in Tianjin and in Shenyang), year and period: two
 * files of one key are two versions of one report.
 */
export function reportKeyOf({ meta }: Pick<Report, 'meta'>): string | undefined {
  return meta.region ? [meta.province ?? '', meta.city ?? '', meta.bureau, meta.year, meta.period].join('|') : undefined;
}

/**
 * The reports admitted so far, one per file content, per id (a.txt beside a.pdf) and per bureau,
 * year and period (a corrected version beside the first): a report repeating one of them is not
 * admitted, and its problem names the file it repeats.
 */
export class ReportRegister {
  private readonly byId = new Map<string, string>();
  private readonly byHash = new Map<string, string>();
  private readonly byReport = new Map<string, string>();

  constructor(admitted: readonly Pick<Report, 'meta' | 'sourceHash'>[] = []) {
    for (const report of admitted) this.enter(report);
  }

  /** Undefined when the report is admitted (and registered); else the problem of its file. */
  admit(report: Report): IngestProblem | undefined {
    const key = reportKeyOf(report);
    const sameBytes = this.byHash.get(report.sourceHash);
    const sameId = this.byId.get(report.meta.id);
    const sameReport = key ? this.byReport.get(key) : undefined;
    if (sameBytes) return { file: report.meta.file, reason: `与 ${sameBytes} 内容相同，已跳过`, duplicateOf: sameBytes };
    if (sameId) return { file: report.meta.file, reason: `与 ${sameId} 的报告编号（文件名）相同，已跳过`, duplicateOf: sameId };
    if (sameReport) {
      const { bureau, year, period } = report.meta;
      const reason = `与 ${sameReport} 是同一单位、年份和期间的报告（${bureau} ${year}年${period}），未重复索引：请删除或移走其中一份（旧版本），或在 manifest.json 中改正它的 year/period`;
      return { file: report.meta.file, reason, duplicateOf: sameReport };
    }
    this.enter(report);
    return undefined;
  }

  private enter(report: Pick<Report, 'meta' | 'sourceHash'>): void {
    const key = reportKeyOf(report);
    this.byId.set(report.meta.id, report.meta.file);
    this.byHash.set(report.sourceHash, report.meta.file);
    if (key) this.byReport.set(key, report.meta.file);
  }
}

/** An indexed report whose region stays unknown is listed for an admin to set it in manifest.json. */
export function unknownRegionProblems(report: Report): IngestProblem[] {
  return report.meta.region ? [] : [{ file: report.meta.file, reason: '没有识别出地区：已导入，但回答里不会有地区名；请在 manifest.json 中为它设置 region', indexed: true }];
}
