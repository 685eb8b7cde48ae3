import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { makeChunks } from './chunks.js';
import { ReportRegister, unknownRegionProblems } from './duplicates.js';
import { sourceHash } from './source-hash.js';
import { IngestError } from './errors.js';
import { extractFigures } from './figures.js';
import { readLayout } from './layout.js';
import { isSupported, loadFile } from './load/index.js';
import { applyManifest, manifestEntry, MANIFEST_FILE, readManifest, type ReportManifest } from './manifest.js';
import { detectMeta } from './metadata.js';
import { foldText } from './normalize.js';
import { findNumbers } from './numbers.js';
import { markLaterYearsAsPlans, parseStructure } from './sections.js';
import { insideAny } from './spans.js';
import type { IngestProblem, IngestResult, Report } from './types.js';

/**
 * The ingest stage: a report file in, a `Report` out (metadata, sections, chunks with sentences,
 * figures), every offset pointing into the report's own decoded text.
 */

export { IngestError } from './errors.js';
export { reportKeyOf, ReportRegister, unknownRegionProblems } from './duplicates.js';
export { manifestEntry, readManifest, type ManifestEntry, type ReportManifest } from './manifest.js';
export { SUPPORTED_EXTENSIONS } from './load/index.js';

export interface IngestOptions {
  manifest?: ReportManifest;
  /** Name to report the file under (path relative to the reports folder); defaults to the base name. */
  file?: string;
}

/** Files in a reports folder that are not reports. */
const NOT_REPORTS = /^(?:manifest\.json|readme(?:\.[a-z]+)?)$/i;

/** A report's id: its file name without the extension (a.txt and a.pdf are one report). */
export function reportIdOf(file: string): string {
  return path.basename(file, path.extname(file));
}

async function ingest(filePath: string, options: IngestOptions = {}): Promise<Report> {
  const file = options.file ?? path.basename(filePath);
  const id = reportIdOf(file);
  const { text, bytes } = await loadFile(filePath);
  const folded = foldText(text);
  const layout = readLayout(text, folded);
  const structure = parseStructure(text, layout);
  const numbers = findNumbers(text, folded);
  const detected = detectMeta({ id, file, text, folded, layout, passages: structure.passages, numbers });
  const meta = applyManifest(detected, manifestEntry(options.manifest, file, id), folded);
  const { sections, passages } = markLaterYearsAsPlans(structure, meta.year);
  const insideFigure = insideAny(numbers);
  const chunks = makeChunks(id, text, folded, passages, insideFigure);
  return {
    meta,
    text,
    folded,
    sections,
    chunks,
    figures: extractFigures(text, folded, chunks, numbers),
    sourceHash: sourceHash(bytes),
  };
}

/** Ingests one report file; throws IngestError naming the file with a reason a user can act on. */
export async function ingestFile(filePath: string, options?: IngestOptions): Promise<Report> {
  try {
    return await ingest(filePath, options);
  } catch (err) {
    if (err instanceof IngestError) throw err;
    const file = options?.file ?? path.basename(filePath);
    throw new IngestError(file, `处理时出错：${(err as Error).message}`);
  }
}

async function listFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && !e.name.startsWith('.') && !NOT_REPORTS.test(e.name))
      .map((e) => e.name)
      .sort();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? '报告文件夹不存在：请创建它并放入报告（或设置 REPORTS_DIR）' : `无法读取报告文件夹（${code ?? '未知错误'}）`;
    throw new IngestError(dir, reason);
  }
}

/** Whether a file name in the reports folder is one ingest reads (not manifest.json, a README or a hidden file). */
export function isReportFileName(name: string): boolean {
  return !name.startsWith('.') && !NOT_REPORTS.test(name) && isSupported(name);
}

/**
 * One report per file content, per id and per bureau, year and period: the first in name order is
 * indexed, each other is named in `problems` with the one it duplicates, never indexed twice. A
 * report whose region stays unknown is indexed and listed for an admin to set it in manifest.json.
 */
function dropDuplicates(reports: Report[], problems: IngestProblem[]): Report[] {
  const register = new ReportRegister();
  return reports.filter((r) => {
    const duplicate = register.admit(r);
    problems.push(...(duplicate ? [duplicate] : unknownRegionProblems(r)));
    return !duplicate;
  });
}

/** Ingests one file: in this thread by default, or in a worker (`IngestPool.ingest`). */
export type IngestOne = (filePath: string, options: { file: string; manifest: ReportManifest }) => Promise<Report>;

export interface FolderOptions {
  readonly ingest?: IngestOne;
  /** Files ingested at once (with a worker pool: its threads). */
  readonly concurrency?: number;
}

/** Runs `task` on every item, `concurrency` at a time, keeping the items' order in the results. */
async function mapConcurrently<T, R>(items: readonly T[], concurrency: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await task(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
  return results;
}

/**
 * Ingests every file of a folder (manifest.json and README files aside). A file that cannot be
 * ingested is listed in `problems` with its reason; the others still come back, in name order.
 */
export async function ingestFolder(dir: string, options: FolderOptions = {}): Promise<IngestResult> {
  const problems: IngestProblem[] = [];
  const manifest = readManifest(dir, problems);
  const ingestOne = options.ingest ?? ((filePath, o) => ingestFile(filePath, o));
  const names = await listFiles(dir);
  for (const name of names.filter((n) => !isSupported(n))) {
    problems.push({ file: name, reason: `不支持的文件类型“${path.extname(name) || '无扩展名'}”，未导入` });
  }
  const outcomes = await mapConcurrently(names.filter(isSupported), options.concurrency ?? 1, (name) =>
    ingestOne(path.join(dir, name), { manifest, file: name }).then(
      (report) => ({ report }),
      (err: unknown) => {
        const e = err instanceof IngestError ? err : new IngestError(name, String(err));
        return { problem: { file: e.file, reason: e.reason } };
      },
    ),
  );
  const reports: Report[] = [];
  for (const outcome of outcomes) {
    if ('report' in outcome) reports.push(outcome.report);
    else problems.push(outcome.problem);
  }
  const known = new Set(reports.map((r) => r.meta.file).concat(reports.map((r) => r.meta.id)));
  for (const key of Object.keys(manifest)) {
    if (!known.has(key) && !problems.some((p) => p.file === key)) {
      problems.push({ file: MANIFEST_FILE, reason: `清单中的“${key}”没有对应的报告文件` });
    }
  }
  return { reports: dropDuplicates(reports, problems), problems };
}
