import path from 'node:path';
import { IngestError, isReportFileName, manifestEntry, readManifest, reportIdOf, ReportRegister, unknownRegionProblems, type IngestOne } from '../ingest/index.js';
import type { IngestProblem, Report } from '../ingest/types.js';
import { extendIndex, removeFromIndex, type SearchIndex } from './search-index.js';

/** Files ingest reads are at the top of the folder; those in sub-folders change nothing. */
export const readByIngest = (file: string) => path.dirname(file) === '.';

/** How the reports folder differs from what a saved index was built from: the files ingest reads (relative paths). */
export interface FolderChanges {
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
}

export function folderChanges(saved: Readonly<Record<string, string>>, current: Readonly<Record<string, string>>): FolderChanges {
  const savedFiles = Object.keys(saved).filter(readByIngest);
  const currentFiles = Object.keys(current).filter(readByIngest);
  return {
    added: currentFiles.filter((f) => !(f in saved)),
    changed: currentFiles.filter((f) => f in saved && saved[f] !== current[f]),
    removed: savedFiles.filter((f) => !(f in current)),
  };
}

/**
 * Reports changed in place are at most this share of the folder's reports: added and replaced
 * ones are weighted as the last full build weighted its words (IDF, embedder), which stays
 * representative while most reports are those it saw. A folder too small for one change to stay
 * under the share is built anew, which takes it well under a second.
 */
const IN_PLACE_SHARE = 0.1;

/** Report files of a folder read against the reports already served (`register`): new reports, the files' problems, and the reports that repeat one served. */
interface IncomingReports {
  readonly reports: Report[];
  readonly problems: IngestProblem[];
  readonly repeats: IngestProblem[];
}

/** Ingests these files of the folder (in name order) and admits each report against `register`. */
export async function readIncoming(reportsDir: string, files: readonly string[], register: ReportRegister, ingest: IngestOne): Promise<IncomingReports> {
  const manifest = readManifest(reportsDir);
  const outcomes = await Promise.all(
    [...files].sort().map((file) =>
      ingest(path.join(reportsDir, file), { file, manifest }).catch((err: unknown) => {
        if (err instanceof IngestError) return { file: err.file, reason: err.reason };
        throw err;
      }),
    ),
  );
  const read: IncomingReports = { reports: [], problems: [], repeats: [] };
  for (const outcome of outcomes) {
    if (!('meta' in outcome)) {
      read.problems.push(outcome);
      continue;
    }
    const repeat = register.admit(outcome);
    if (repeat) {
      read.repeats.push(repeat);
      continue;
    }
    read.reports.push(outcome);
    read.problems.push(...unknownRegionProblems(outcome));
  }
  return read;
}

/** Why the changes need a full build; undefined when they can be made report by report. */
export function fullBuildReason(changes: FolderChanges, saved: { readonly sources: Readonly<Record<string, string>>; readonly problems: readonly IngestProblem[] }, reportsDir: string): string | undefined {
  const touched = [...changes.added, ...changes.changed, ...changes.removed];
  const reports = Object.keys(saved.sources).filter((f) => readByIngest(f) && isReportFileName(f)).length;
  if (touched.length > IN_PLACE_SHARE * reports) return `${touched.length} of ${reports} report files changed`;
  // The manifest applies to every report; an unsupported file is listed as a problem of the folder.
  if (touched.some((f) => !isReportFileName(f))) return 'a file other than a report changed';
  const manifest = readManifest(reportsDir);
  if ([...changes.added, ...changes.removed].some((f) => manifestEntry(manifest, f, reportIdOf(f)))) return 'manifest.json names an added or removed file';
  const gone = new Set([...changes.changed, ...changes.removed]);
  // The copy set aside for it would be indexed in its place.
  if (saved.problems.some((p) => p.duplicateOf !== undefined && gone.has(p.duplicateOf))) return 'a changed or removed report has a copy that was set aside';
  return undefined;
}

/**
 * The index with the folder's changes made report by report, the other reports untouched (see
 * `fullBuildReason` for when that is sound); undefined when a new report repeats a kept one, as
 * the order of the files then decides which is indexed (a full build does that).
 */
export async function applyFolderChanges(
  index: SearchIndex,
  problems: readonly IngestProblem[],
  changes: FolderChanges,
  reportsDir: string,
  ingest: IngestOne,
): Promise<{ index: SearchIndex; problems: IngestProblem[] } | undefined> {
  const touched = new Set([...changes.added, ...changes.changed, ...changes.removed]);
  const gone = new Set([...changes.changed, ...changes.removed]);
  const leaving = index.reports.filter((r) => gone.has(r.meta.file));
  const register = new ReportRegister(index.reports.filter((r) => !gone.has(r.meta.file)));
  const incoming = [...changes.changed, ...changes.added].filter(isReportFileName);
  const read = await readIncoming(reportsDir, incoming, register, ingest);
  if (read.repeats.length > 0) return undefined;
  const without = await removeFromIndex(index, new Set(leaving.map((r) => r.meta.id)));
  return { index: await extendIndex(without, read.reports), problems: [...problems.filter((p) => !touched.has(p.file)), ...read.problems] };
}
