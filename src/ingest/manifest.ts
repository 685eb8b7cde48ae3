import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { lookupRegion } from './gazetteer.js';
import { bureauOf, composeTitle, type DetectedMeta } from './metadata.js';
import type { IngestProblem, Period, ReportMeta } from './types.js';

/**
 * `manifest.json` in the reports folder: per file name (or report id), fields that override
 * what detection found, e.g. { "000_9a9217be6eb9afde.txt": { "region": "阳山县", "year": 2024 } }.
 */

export const MANIFEST_FILE = 'manifest.json';

const PERIODS = ['全年', '上半年', '下半年', '第一季度', '第二季度', '第三季度', '第四季度', '前三季度'] as const satisfies readonly Period[];

const entrySchema = z
  .object({
    region: z.string().min(1),
    bureau: z.string().min(1),
    city: z.string().min(1),
    province: z.string().min(1),
    year: z.number().int().min(1949).max(2100),
    period: z.enum(PERIODS),
    kind: z.string().min(1),
    title: z.string().min(1),
    signedDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '应为 YYYY-MM-DD'),
    script: z.enum(['simplified', 'traditional']),
  })
  .partial()
  .strict();

export type ManifestEntry = z.infer<typeof entrySchema>;
export type ReportManifest = Readonly<Record<string, ManifestEntry>>;

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '条目'}：${i.message}`).join('；');
}

function parseManifest(raw: string, problems: IngestProblem[]): ReportManifest {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    problems.push({ file: MANIFEST_FILE, reason: `不是有效的 JSON（${(err as Error).message}），已忽略整个清单` });
    return {};
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    problems.push({ file: MANIFEST_FILE, reason: '应为对象：{ "文件名": { 字段: 值 } }，已忽略整个清单' });
    return {};
  }
  const manifest: Record<string, ManifestEntry> = {};
  for (const [file, value] of Object.entries(json)) {
    if (file.startsWith('$') || file.startsWith('_')) continue;
    const parsed = entrySchema.safeParse(value);
    if (parsed.success) manifest[file] = parsed.data;
    else problems.push({ file: MANIFEST_FILE, reason: `“${file}”的条目无效（${describeIssues(parsed.error)}），已忽略该条目` });
  }
  return manifest;
}

/**
 * Reads dir/manifest.json ({} when absent). Never throws: a bad file or entry is pushed to
 * `problems` (when given) and left out.
 */
export function readManifest(dir: string, problems: IngestProblem[] = []): ReportManifest {
  const file = path.join(dir, MANIFEST_FILE);
  if (!existsSync(file)) return {};
  try {
    return parseManifest(readFileSync(file, 'utf8'), problems);
  } catch (err) {
    problems.push({ file: MANIFEST_FILE, reason: `无法读取（${(err as NodeJS.ErrnoException).code ?? '未知错误'}）` });
    return {};
  }
}

/** The manifest entry for a file, by file name, path relative to the folder, or report id. */
export function manifestEntry(manifest: ReportManifest | undefined, file: string, id: string): ManifestEntry | undefined {
  if (!manifest) return undefined;
  return manifest[file] ?? manifest[path.basename(file)] ?? manifest[id];
}

/** Manifest fields win; a title made up from detected fields is made up again from the overridden ones. */
export function applyManifest(detected: DetectedMeta, entry: ManifestEntry | undefined, folded: string): ReportMeta {
  if (!entry) return detected;
  const { region, bureau, city, province, title, ...rest } = entry;
  let meta: DetectedMeta = { ...detected, ...rest };
  if (region) {
    const info = lookupRegion(region);
    const { city: _city, province: _province, ...base } = meta;
    meta = {
      ...base,
      region,
      bureau: bureauOf(region, folded, info),
      ...(info?.city ? { city: info.city } : {}),
      ...(info?.province ? { province: info.province } : {}),
    };
  }
  meta = { ...meta, ...(bureau ? { bureau } : {}), ...(city ? { city } : {}), ...(province ? { province } : {}) };
  const titleWasMadeUp = detected.title === composeTitle(detected);
  return { ...meta, title: title ?? (titleWasMadeUp ? composeTitle(meta) : meta.title) };
}
