import type pg from 'pg';
import type { Report } from '../../ingest/types.js';
import { fitEmbedder, restoreEmbedder, type Embedder, type EmbedderChoice, type EmbedderState } from '../../index/embeddings.js';
import { chunkIndexText, registerNamesOf } from '../../index/search-index.js';
import { keywordTokens } from '../../index/tokenizer.js';
import { chunkFigures } from '../../search/catalog.js';
import { reportColumns } from './reports.js';
import { vectorBytes } from './vector-bytes.js';

/**
 * Writes reports into PostgreSQL, one transaction a report: its row, its passages (tokens, vector,
 * the passage as the rerank reads it), its figure values, and the token counts and totals BM25
 * reads, so a crash leaves each report wholly in or wholly out. A report already there (same source
 * hash) is skipped, so a re-run adds nothing twice; a report of the same id with other content
 * replaces the old one in the same transaction.
 */

export interface IngestOutcome {
  readonly added: readonly string[];
  readonly replaced: readonly string[];
  readonly unchanged: readonly string[];
}

/** The embedder of the corpus: the one its first ingest fitted (its IDF), so every passage is embedded alike. */
async function corpusEmbedder(pool: pg.Pool, choice: EmbedderChoice, fitOn: readonly Report[]): Promise<Embedder> {
  const saved = await pool.query<{ embedder: EmbedderState & { id?: string } }>('select embedder from corpus_state');
  const state = saved.rows[0]?.embedder;
  if (state) return restoreEmbedder(choice, state);
  const fitted = await fitEmbedder(choice, fitOn.flatMap((r) => r.chunks.map(chunkIndexText)));
  // two first ingests at once: the first to write its state wins, and the other uses that one
  await pool.query('insert into corpus_state (embedder) values ($1) on conflict (singleton) do nothing', [fitted.state]);
  const winner = await pool.query<{ embedder: EmbedderState }>('select embedder from corpus_state');
  return restoreEmbedder(choice, winner.rows[0]!.embedder);
}

interface PassageRow {
  readonly id: string;
  readonly role: string;
  readonly terms: string[];
  readonly text: string;
  readonly passage: unknown;
  readonly vector: number[];
}

async function passageRows(report: Report, embedder: Embedder): Promise<PassageRow[]> {
  const texts = report.chunks.map(chunkIndexText);
  const vectors = await embedder.embeddings.embedDocuments(texts);
  return report.chunks.map((chunk, i) => ({
    id: chunk.id,
    role: chunk.role,
    terms: keywordTokens(texts[i]!).filter((t) => t !== ''),
    text: texts[i]!,
    passage: { chunk, figures: chunkFigures(report, chunk.id) },
    vector: vectors[i]!,
  }));
}

/** Distinct tokens of each passage, counted over the report: how much each term's count grows. */
function termCounts(rows: readonly PassageRow[]): [string[], number[]] {
  const counts = new Map<string, number>();
  for (const row of rows) for (const term of new Set(row.terms)) counts.set(term, (counts.get(term) ?? 0) + 1);
  // one order for every writer, so concurrent ingests lock term rows without deadlocking
  const terms = [...counts.keys()].sort();
  return [terms, terms.map((t) => counts.get(t)!)];
}

/** Takes a report's passages out of the counts and deletes it (its passages and figures go with it). */
async function removeReport(client: pg.PoolClient, id: string): Promise<void> {
  await client.query(
    `with gone as (select term, count(*)::int as n from corpus_passages p, unnest(array(select distinct unnest(p.terms))) as term where p.report_id = $1 group by term)
     update corpus_terms t set df = t.df - gone.n from gone where t.term = gone.term`,
    [id],
  );
  await client.query(
    `update corpus_state set passages = passages - s.n, total_length = total_length - s.total, version = version + 1
     from (select count(*) as n, coalesce(sum(length), 0) as total from corpus_passages where report_id = $1) s`,
    [id],
  );
  await client.query('delete from corpus_reports where id = $1', [id]);
}

async function insertReport(client: pg.PoolClient, report: Report, rows: readonly PassageRow[]): Promise<void> {
  const columns = reportColumns(report);
  await client.query('insert into corpus_reports (id, source_hash, meta, stored, texts, ints, floats) values ($1, $2, $3, $4, $5, $6, $7)', [
    report.meta.id,
    report.sourceHash,
    columns.meta,
    columns.stored,
    columns.texts,
    columns.ints,
    columns.floats,
  ]);
  // all passages in one statement: a report's rows travel as one JSON array, their vectors as binary beside it
  await client.query(
    `insert into corpus_passages (id, report_id, role, terms, tsv, length, index_text, passage, vector)
     select r.id, $1, r.role, t.terms, array_to_tsvector(t.terms), cardinality(t.terms), r.text, r.passage, ($3::bytea[])[r.ord + 1]
     from jsonb_to_recordset($2::jsonb) as r(ord int, id text, role text, terms jsonb, text text, passage jsonb),
     lateral (select array(select jsonb_array_elements_text(r.terms)) as terms) t
     order by r.ord`,
    [report.meta.id, JSON.stringify(rows.map(({ vector: _vector, ...row }, ord) => ({ ...row, ord }))), rows.map((row) => vectorBytes(row.vector))],
  );
  const values = [...new Set(report.figures.map((f) => f.value))];
  await client.query('insert into corpus_figure_values (report_id, value) select $1, unnest($2::double precision[])', [report.meta.id, values]);
  const [terms, counts] = termCounts(rows);
  await client.query(
    'insert into corpus_terms (term, df) select * from unnest($1::text[], $2::int[]) on conflict (term) do update set df = corpus_terms.df + excluded.df',
    [terms, counts],
  );
  await client.query('update corpus_state set passages = passages + $1, total_length = total_length + $2, version = version + 1', [rows.length, rows.reduce((s, r) => s + r.terms.length, 0)]);
}

type Change = 'added' | 'replaced' | 'unchanged';

/** Runs `work` in a transaction holding the report id's lock: a second writer of it waits, then sees what this one did. */
async function lockedForReport<T>(pool: pg.Pool, id: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [id]);
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

function ingestOne(pool: pg.Pool, report: Report, rows: readonly PassageRow[]): Promise<Change> {
  return lockedForReport(pool, report.meta.id, async (client) => {
    const existing = await client.query<{ source_hash: string }>('select source_hash from corpus_reports where id = $1 or source_hash = $2', [report.meta.id, report.sourceHash]);
    if (existing.rows.some((r) => r.source_hash === report.sourceHash)) return 'unchanged';
    const replacing = existing.rows.length > 0;
    if (replacing) await removeReport(client, report.meta.id);
    await insertReport(client, report, rows);
    return replacing ? 'replaced' : 'added';
  });
}

/** Takes a report out of the corpus (a no-op when it is not there). */
export function removeFromCorpus(pool: pg.Pool, id: string): Promise<void> {
  return lockedForReport(pool, id, (client) => removeReport(client, id));
}

/** Ingests the reports not already in the corpus; the first ingest fits the corpus's embedder on them. */
export async function ingestReports(pool: pg.Pool, reports: readonly Report[], choice: EmbedderChoice): Promise<IngestOutcome> {
  const known = await pool.query<{ meta: Report['meta']; source_hash: string }>('select meta, source_hash from corpus_reports');
  const hashes = new Set(known.rows.map((r) => r.source_hash));
  // every region and bureau name must be whole words before any passage is segmented
  registerNamesOf([...known.rows.map((r) => r.meta), ...reports.map((r) => r.meta)]);
  const fresh = reports.filter((r) => !hashes.has(r.sourceHash));
  const outcome: Record<Change, string[]> = { added: [], replaced: [], unchanged: reports.filter((r) => hashes.has(r.sourceHash)).map((r) => r.meta.id) };
  if (fresh.length === 0) return outcome;
  const embedder = await corpusEmbedder(pool, choice, fresh);
  for (const report of fresh) {
    const change = await ingestOne(pool, report, await passageRows(report, embedder));
    outcome[change].push(report.meta.id);
  }
  return outcome;
}
