import type pg from 'pg';

/**
 * The corpus in PostgreSQL. A report is one row (its metadata, and the report itself in the index's
 * compact encoding); its passages are rows with the keyword tokens the index would hold (a
 * `tsvector` with a GIN index finds the candidates, BM25 ranks them), the text a word is counted
 * in, the passage as the rerank reads it, and its vector; figure values are indexed for "where
 * does this figure come from". Token counts (document frequencies) are kept per term, updated in
 * the same transaction as the report, so search never scans the corpus to weigh a word.
 */

const DDL = `
create extension if not exists pg_trgm;

create table if not exists corpus_reports (
  id text primary key,
  source_hash text not null unique,
  meta jsonb not null,
  stored jsonb not null,
  texts text not null,
  ints bytea not null,
  floats bytea not null,
  ingested_at timestamptz not null default now()
);

create table if not exists corpus_passages (
  doc integer generated always as identity primary key,
  id text not null unique,
  report_id text not null references corpus_reports (id) on delete cascade,
  role text not null,
  terms text[] not null,
  tsv tsvector not null,
  length integer not null,
  index_text text not null,
  passage jsonb not null,
  -- float32, little-endian: read back without parsing text (a process reads every vector at start)
  vector bytea not null
);
create index if not exists corpus_passages_tsv on corpus_passages using gin (tsv);
create index if not exists corpus_passages_report on corpus_passages (report_id);
create index if not exists corpus_passages_text on corpus_passages using gin (index_text gin_trgm_ops);

create table if not exists corpus_figure_values (
  report_id text not null references corpus_reports (id) on delete cascade,
  value double precision not null
);
create index if not exists corpus_figure_values_value on corpus_figure_values (value);

create table if not exists corpus_terms (
  term text primary key,
  df integer not null
);

create table if not exists corpus_state (
  singleton boolean primary key default true check (singleton),
  embedder jsonb not null,
  passages bigint not null default 0,
  total_length bigint not null default 0,
  -- one more with every report added or removed: readers notice changes by it
  version bigint not null default 0,
  -- names this corpus in the vectors processes keep on their disks (a corpus made again is another one)
  corpus_id uuid not null default gen_random_uuid()
);
alter table corpus_state add column if not exists corpus_id uuid not null default gen_random_uuid();
`;

/** Creates what is missing; safe to run at every start and from several processes at once. */
export async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    // one process creates the tables while the others wait for it
    await client.query('select pg_advisory_lock(hashtext($1))', ['corpus_schema']);
    await client.query(DDL);
  } finally {
    await client.query('select pg_advisory_unlock(hashtext($1))', ['corpus_schema']).catch(() => undefined);
    client.release();
  }
}
