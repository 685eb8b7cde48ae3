import type pg from 'pg';
import type { Report, ReportMeta } from '../../ingest/types.js';
import { decodeReports, encodeReports, type StoredReport } from '../../index/report-codec.js';
import { keepRecent } from '../../recently-used.js';

/**
 * Reports in PostgreSQL as the index files keep them (the compact encoding), read back on demand
 * and kept in a small cache: a question needs the few reports of its scope, never the corpus.
 */

/** Reports kept decoded; a question reads a handful, a ranking one per region. */
const CACHED_REPORTS = 64;

interface ReportRow {
  readonly id: string;
  readonly stored: StoredReport;
  readonly texts: string;
  readonly ints: Buffer;
  readonly floats: Buffer;
}

/** The columns of a report row, for insertion. */
export function reportColumns(report: Report): { meta: ReportMeta; stored: StoredReport; texts: string; ints: Buffer; floats: Buffer } {
  const encoded = encodeReports([report]);
  return {
    meta: report.meta,
    stored: encoded.reports[0]!,
    texts: encoded.texts,
    ints: Buffer.from(encoded.ints.buffer, encoded.ints.byteOffset, encoded.ints.byteLength),
    floats: Buffer.from(encoded.floats.buffer, encoded.floats.byteOffset, encoded.floats.byteLength),
  };
}

/** A typed view of a byte buffer, copied so that it is aligned. */
function view<T>(bytes: Buffer, make: (buffer: ArrayBuffer) => T): T {
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return make(copy);
}

export class ReportCache {
  private readonly cached = new Map<string, Report>();

  constructor(private readonly pool: pg.Pool) {}

  /** The reports with these ids, in that order (unknown ids left out). */
  async load(ids: readonly string[]): Promise<Report[]> {
    const missing = ids.filter((id) => !this.cached.has(id));
    if (missing.length > 0) {
      const { rows } = await this.pool.query<ReportRow>('select id, stored, texts, ints, floats from corpus_reports where id = any($1)', [missing]);
      for (const row of rows) {
        const [report] = decodeReports({
          reports: [row.stored],
          texts: row.texts,
          ints: view(row.ints, (b) => new Uint32Array(b)),
          floats: view(row.floats, (b) => new Float64Array(b)),
        });
        this.remember(row.id, report!);
      }
    }
    return ids.flatMap((id) => {
      const report = this.cached.get(id);
      if (report) this.remember(id, report);
      return report ? [report] : [];
    });
  }

  /** Forgets a report that was replaced or removed. */
  forget(id: string): void {
    this.cached.delete(id);
  }

  private remember(id: string, report: Report): void {
    keepRecent(this.cached, id, report, CACHED_REPORTS);
  }
}
