/**
 * `npx tsx scripts/bench-stores.ts [--stores N]` (run by `npm run bench`; skipped, saying so, when PostgreSQL does not answer):
 * the same synthetic corpus of N reports (default 1000) served from the index in this process and
 * from PostgreSQL — ingest rate, a serving process's start time and memory, query p50/p95 and
 * hit@1 — each served by a fresh process of its own. Figures only.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import pg from 'pg';
import { indexCorpus, type Corpus } from '../src/answer/corpus.js';
import { loadConfig, projectRoot, type Config } from '../src/config.js';
import { retrievalHit, retrieveIn } from '../src/evaluation/retrieval.js';
import { Library } from '../src/index/library.js';
import { ingestFolder } from '../src/ingest/index.js';
import { createLogger } from '../src/logger.js';
import { PgCorpus } from '../src/store/postgres/pg-corpus.js';
import { percentile } from './stats.js';
import { makeSyntheticCorpus, type FactCase } from './synthetic-corpus.js';

const logger = createLogger('silent');
const SERVER = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432';
/** Questions timed per store (the synthetic cases, cycled). */
const QUERIES = 300;

function config(reportsDir: string, vectorstoreDir: string, databaseUrl?: string): Config {
  return loadConfig({ REPORTS_DIR: reportsDir, VECTORSTORE_DIR: vectorstoreDir, LOG_LEVEL: 'silent', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
}

interface Served {
  readonly startMs: number;
  readonly rss: number;
  readonly p50: number;
  readonly p95: number;
  readonly hitAt1: number;
}

/** In a fresh process: open the store, answer the questions, report the figures as one JSON line. */
async function serve(store: 'embedded' | 'postgres', reportsDir: string, vectorstoreDir: string, databaseUrl: string, casesJson: string): Promise<void> {
  const cases = JSON.parse(casesJson) as FactCase[];
  const started = performance.now();
  let corpus: Corpus;
  let close = async () => undefined as void;
  if (store === 'embedded') {
    corpus = indexCorpus((await Library.open(config(reportsDir, vectorstoreDir), logger)).index);
  } else {
    const pgCorpus = await PgCorpus.open(config(reportsDir, vectorstoreDir, databaseUrl), logger);
    corpus = pgCorpus.current();
    close = () => pgCorpus.close();
  }
  const startMs = performance.now() - started;
  const times: number[] = [];
  let hits = 0;
  for (let i = 0; i < QUERIES; i++) {
    const c = cases[i % cases.length]!;
    const t = performance.now();
    const found = await retrieveIn(corpus, c.q, 5);
    times.push(performance.now() - t);
    if (i < cases.length && retrievalHit(found, c.expect, c.region) === 1) hits++;
  }
  await close();
  const served: Served = { startMs, rss: process.memoryUsage().rss, p50: percentile(times, 0.5), p95: percentile(times, 0.95), hitAt1: hits / Math.min(cases.length, QUERIES) };
  process.stdout.write(`${JSON.stringify(served)}\n`);
}

async function servedBy(store: 'embedded' | 'postgres', reportsDir: string, vectorstoreDir: string, databaseUrl: string, cases: readonly FactCase[]): Promise<Served> {
  const args = ['--import', 'tsx', 'scripts/bench-stores.ts', '--serve', store, reportsDir, vectorstoreDir, databaseUrl, JSON.stringify(cases)];
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: projectRoot, maxBuffer: 1 << 24 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Served;
}

/** Why the server cannot be used, or undefined when it can. */
async function serverMissing(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: `${SERVER}/postgres`, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return (error as Error).message || (error as NodeJS.ErrnoException).code || String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `bench_stores_${process.pid}`;
  const admin = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  return {
    url: `${SERVER}/${name}`,
    async drop() {
      const client = new pg.Client({ connectionString: `${SERVER}/postgres` });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function bench(count: number): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'bench-stores-'));
  const database = await freshDatabase();
  try {
    const synthetic = await makeSyntheticCorpus(path.join(work, 'reports'), count);
    const cases = synthetic.cases.slice(0, QUERIES);
    const vectorstore = path.join(work, 'index');

    const buildStart = performance.now();
    await Library.open(config(synthetic.dir, vectorstore), logger);
    const embeddedIngest = (performance.now() - buildStart) / 1000;

    const parseStart = performance.now();
    const { reports } = await ingestFolder(synthetic.dir);
    const parseSeconds = (performance.now() - parseStart) / 1000;
    const corpus = await PgCorpus.open(config(synthetic.dir, path.join(work, 'unused'), database.url), logger);
    const writeStart = performance.now();
    await corpus.ingest(reports);
    const writeSeconds = (performance.now() - writeStart) / 1000;
    await corpus.close();

    const embedded = await servedBy('embedded', synthetic.dir, vectorstore, database.url, cases);
    const postgres = await servedBy('postgres', synthetic.dir, vectorstore, database.url, cases);
    // the first start left the vectors on this machine's disk: the next one reads them instead of building the graph
    const restarted = await servedBy('postgres', synthetic.dir, vectorstore, database.url, cases);
    console.log(`\n== stores: ${reports.length} synthetic reports, ${os.availableParallelism()} cores, load ${os.loadavg()[0]!.toFixed(1)}`);
    console.log(`store        ingest                          start      serving RSS   query p50 / p95      hit@1`);
    const row = (name: string, ingest: string, s: Served) =>
      console.log(`${name.padEnd(12)} ${ingest.padEnd(31)} ${ms(s.startMs).padEnd(10)} ${mb(s.rss).padEnd(13)} ${`${ms(s.p50)} / ${ms(s.p95)}`.padEnd(20)} ${(100 * s.hitAt1).toFixed(1)}%`);
    row('in process', `${(count / embeddedIngest).toFixed(1)} reports/s (build)`, embedded);
    row('PostgreSQL', `${(count / (parseSeconds + writeSeconds)).toFixed(1)} reports/s (${(count / writeSeconds).toFixed(1)} writing)`, postgres);
    row(' restarted', '(vectors kept on disk)', restarted);
  } finally {
    await database.drop();
    await rm(work, { recursive: true, force: true });
  }
}

// Run by bench-all with every benchmark's arguments: those of the others are ignored.
const { values, positionals } = parseArgs({ allowPositionals: true, strict: false, options: { serve: { type: 'string' }, stores: { type: 'string', default: '1000' } } });
if (values.serve) {
  const [reportsDir, vectorstoreDir, databaseUrl, cases] = positionals;
  await serve(values.serve as 'embedded' | 'postgres', reportsDir!, vectorstoreDir!, databaseUrl!, cases!);
} else {
  const unreachable = await serverMissing();
  if (unreachable) console.log(`\n== stores: skipped, PostgreSQL is not reachable at ${SERVER} (${unreachable}); BENCH_PG names another server`);
  else await bench(Number(values.stores));
}
