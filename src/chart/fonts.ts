import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The family name inside the Noto Sans Hans files of @embedpdf/fonts-sc (not "Noto Sans Hans"). */
export const chartFontFamily = 'Noto Sans S Chinese';

let cached: readonly string[] | undefined;

/**
 * Regular and Bold Noto Sans Hans from the npm package, so Chinese renders without system fonts
 * and nothing is downloaded. The package exports only `.`, so go from its main entry to `../fonts`.
 */
export function chartFontFiles(): readonly string[] {
  if (cached) return cached;
  const entry = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc');
  const dir = path.resolve(path.dirname(entry), '..', 'fonts');
  const files = ['NotoSansHans-Regular.otf', 'NotoSansHans-Bold.otf'].map((name) => path.join(dir, name));
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length > 0) throw new Error(`chart fonts missing (reinstall @embedpdf/fonts-sc): ${missing.join(', ')}`);
  cached = files;
  return files;
}
