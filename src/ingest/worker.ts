/** The ingest worker's task: one report file in, its Report (or the reason it has none) out (see ./pool.ts). */
import { IngestError } from './errors.js';
import { ingestFile } from './index.js';
import type { ReportManifest } from './manifest.js';
import type { IngestProblem, Report } from './types.js';

export interface IngestRequest {
  /** Where the file is. */
  readonly path: string;
  /** The name it is reported under (relative to the reports folder). */
  readonly file: string;
  readonly manifest: ReportManifest;
}

/** An error loses its class on the way out of a worker, so the reason travels as data. */
export type IngestOutcome = { readonly ok: true; readonly report: Report } | { readonly ok: false; readonly problem: IngestProblem };

export default async function ingestInWorker({ path, file, manifest }: IngestRequest): Promise<IngestOutcome> {
  try {
    return { ok: true, report: await ingestFile(path, { file, manifest }) };
  } catch (err) {
    const e = err instanceof IngestError ? err : new IngestError(file, String(err));
    return { ok: false, problem: { file: e.file, reason: e.reason } };
  }
}
