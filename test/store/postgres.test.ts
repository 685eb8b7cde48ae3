import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSyntheticCorpus } from '../../scripts/synthetic-corpus.js';
import { createAnswerService } from '../../src/answer/service.js';
import type { Answer, AnswerService } from '../../src/answer/types.js';
import { parseCases } from '../../src/evaluation/cases.js';
import { ingestFile } from '../../src/ingest/index.js';
import type { Report } from '../../src/ingest/types.js';
import { projectRoot } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { PgCorpus } from '../../src/store/postgres/pg-corpus.js';
import { REPORT_FILES, reportText, tempDir } from '../ingest/fixtures.js';
import { openTestLibrary, testConfig } from '../support/library.js';
import { recordingLogger } from '../support/logger.js';
import { createTestDatabase, postgresMissing, type TestDatabase } from '../support/postgres.js';

/**
 * The corpus in PostgreSQL answers exactly as the index in this process does, and its ingest keeps
 * the database whole: one transaction a report, nothing twice, counts that always add up.
 */

const missing = await postgresMissing();
if (missing) console.warn(`skipping the PostgreSQL suite: ${missing}`);

const logger = createLogger('silent');
const config = testConfig({ vectorstoreDir: mkdtempSync(path.join(os.tmpdir(), 'pg-test-vectors-')) });
let database: TestDatabase;
let corpus: PgCorpus;
let embedded: AnswerService;
let stored: AnswerService;
let reports: readonly Report[];

const questions = parseCases(readFileSync(path.join(import.meta.dirname, '../eval/fresh.jsonl'), 'utf8')).cases.flatMap((c) => ('q' in c ? [c.q] : []));

/** What a user sees of an answer: its text and the citations behind it. */
const shown = (a: Answer) => ({ text: a.text, notFound: a.notFound, citations: a.citations.map(({ reportId, start, end, section }) => ({ reportId, start, end, section })) });

async function counts(url: string): Promise<{ reports: number; passages: number; state: { passages: number; length: number }; sums: { passages: number; length: number }; termsOff: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const one = async <T>(sql: string) => (await client.query(sql)).rows[0] as T;
    const reportsCount = await one<{ n: string }>('select count(*) as n from corpus_reports');
    const state = await one<{ passages: string; total_length: string }>('select passages, total_length from corpus_state');
    const sums = await one<{ n: string; total: string }>('select count(*) as n, coalesce(sum(length), 0) as total from corpus_passages');
    // every term's count is the number of passages holding it
    const off = await one<{ n: string }>(
      `select count(*) as n from corpus_terms t full join (select term, count(*) as df from corpus_passages p, unnest(array(select distinct unnest(p.terms))) as term group by term) a using (term)
       where coalesce(t.df, 0) <> coalesce(a.df, 0)`,
    );
    return {
      reports: Number(reportsCount.n),
      passages: Number(sums.n),
      state: { passages: Number(state.passages), length: Number(state.total_length) },
      sums: { passages: Number(sums.n), length: Number(sums.total) },
      termsOff: Number(off.n),
    };
  } finally {
    await client.end();
  }
}

/** Whether `check` holds within five seconds (looked at every 50 ms). */
async function within5s(check: () => boolean): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe.skipIf(missing !== undefined)('the corpus in PostgreSQL', () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    const library = await openTestLibrary();
    reports = library.index.reports;
    corpus = await PgCorpus.open({ ...config, databaseUrl: database.url }, logger, { refreshMs: 50 });
    await corpus.ingest(reports);
    embedded = createAnswerService({ config, logger, library });
    stored = createAnswerService({ config, logger, corpus });
  }, 60_000);

  afterAll(async () => {
    await corpus?.close();
    await database?.drop();
    rmSync(config.vectorstoreDir, { recursive: true, force: true });
  });

  it('answers every question of fresh.jsonl exactly as the embedded index does', { timeout: 60_000 }, async () => {
    expect(questions.length).toBeGreaterThan(100);
    for (const question of questions) expect(shown(await stored.ask(question)), question).toEqual(shown(await embedded.ask(question)));
  });

  it('gives the same summaries and comparisons', async () => {
    for (const region of ['阳山', '慈溪', '镜湖', '麻章', '梁平']) expect(shown(await stored.summary(region))).toEqual(shown(await embedded.summary(region)));
    expect(shown(await stored.compare('阳山', '梁平', '法律援助'))).toEqual(shown(await embedded.compare('阳山', '梁平', '法律援助')));
    expect(shown(await stored.compare('镜湖', '慈溪'))).toEqual(shown(await embedded.compare('镜湖', '慈溪')));
  });

  it('adds nothing twice when the same reports are ingested again, at once from two processes', async () => {
    const before = await counts(database.url);
    const other = await PgCorpus.open({ ...config, databaseUrl: database.url }, logger);
    const [a, b] = await Promise.all([corpus.ingest(reports), other.ingest(reports)]);
    await other.close();
    expect(a.unchanged).toHaveLength(5);
    expect(b.unchanged).toHaveLength(5);
    expect(await counts(database.url)).toEqual(before);
  });

  it('replaces a report whose file changed, in one transaction, and answers from the new text', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, REPORT_FILES.yangshan);
      writeFileSync(file, reportText(REPORT_FILES.yangshan).replace('共受理法律援助案件202件', '共受理法律援助案件313件'));
      const changed = await ingestFile(file);
      const outcome = await corpus.ingest([changed]);
      expect(outcome.replaced).toEqual([changed.meta.id]);
      const after = await counts(database.url);
      expect(after.reports).toBe(5);
      expect(after.state).toEqual(after.sums);
      expect(after.termsOff).toBe(0);
      const answer = await stored.ask('阳山县受理了多少法律援助案件？');
      expect(answer.text).toContain('313件');
      expect(answer.text).not.toContain('202件');
    } finally {
      cleanup();
      await corpus.ingest(reports);
    }
  });

  it('leaves a report wholly out when its transaction fails half way, and the counts whole', async () => {
    const before = await counts(database.url);
    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, 'broken.txt');
      writeFileSync(file, reportText(REPORT_FILES.cixi).replace('慈溪', '余姚'));
      const report = await ingestFile(file);
      // two passages of one id: the second insert fails after the report row and the first passage went in
      const broken: Report = { ...report, chunks: [report.chunks[0]!, ...report.chunks] };
      await expect(corpus.ingest([broken])).rejects.toThrow();
      expect(await counts(database.url)).toEqual(before);
    } finally {
      cleanup();
    }
  });

  it('starts again from the vectors this machine kept, fetching only what is new, with the same answers', async () => {
    await corpus.saved();
    const { logger: recording, lines } = recordingLogger();
    const again = await PgCorpus.open({ ...config, databaseUrl: database.url }, recording);
    try {
      const read = lines.find((l) => l.msg === 'corpus read from PostgreSQL');
      expect(read).toMatchObject({ vectorsFetched: 0 });
      expect(read?.vectorsCached).toBeGreaterThan(100);
      const service = createAnswerService({ config, logger, corpus: again });
      for (const question of questions.slice(0, 20)) expect(shown(await service.ask(question)), question).toEqual(shown(await stored.ask(question)));
    } finally {
      await again.close();
    }
  });

  it('is noticed by another process within moments of an ingest, and of a removal in one transaction, the counts whole', async () => {
    const before = await counts(database.url);
    const reader = await PgCorpus.open({ ...config, databaseUrl: database.url }, logger, { refreshMs: 50 });
    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, 'another.txt');
      writeFileSync(file, reportText(REPORT_FILES.mazhang).replaceAll('麻章', '坡头'));
      await corpus.ingest([await ingestFile(file)]);
      expect(await within5s(() => reader.current().metas.some((m) => m.id === 'another'))).toBe(true);
      await corpus.remove('another.txt');
      expect(corpus.served().map((r) => r.meta.file)).not.toContain('another.txt');
      expect(await counts(database.url)).toEqual(before);
      expect(await within5s(() => !reader.current().metas.some((m) => m.id === 'another'))).toBe(true);
      expect((await stored.ask('坡头区的法律援助情况怎么样？')).text).not.toMatch(/坡头区司法局/);
    } finally {
      cleanup();
      await reader.close();
    }
  });
});

describe.skipIf(missing !== undefined)('an ingest killed half way', () => {
  it('leaves each report wholly in or out, and a re-run finishes it without doubles', { timeout: 120_000 }, async () => {
    const killed = await createTestDatabase();
    const { dir, cleanup } = tempDir();
    try {
      await makeSyntheticCorpus(dir, 12, 7);
      const files = readdirSync(dir).filter((f) => f.endsWith('.txt'));
      const parsed = await Promise.all(files.map((f) => ingestFile(path.join(dir, f))));
      const chunksOf = new Map(parsed.map((r) => [r.meta.id, r.chunks.length]));
      // node itself, no wrapper: SIGKILL reaches the process that writes
      const child = spawn(process.execPath, [path.join(import.meta.dirname, '../support/pg-ingest-child.mjs'), killed.url, dir], { cwd: projectRoot, stdio: 'ignore' });
      const reportsIn = async () => (await counts(killed.url).catch(() => ({ reports: 0 }))).reports;
      while ((await reportsIn()) < 3 && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGKILL');
      await once(child, 'exit');
      const after = await counts(killed.url);
      expect(after.reports).toBeGreaterThanOrEqual(3);
      expect(after.reports).toBeLessThan(files.length);
      expect(after.state).toEqual(after.sums);
      expect(after.termsOff).toBe(0);
      await expectWhole(killed.url, chunksOf);
      const rerun = await PgCorpus.open({ ...config, databaseUrl: killed.url }, logger);
      const outcome = await rerun.ingest(parsed);
      await rerun.close();
      expect(outcome.unchanged.length + outcome.added.length).toBe(files.length);
      expect(outcome.unchanged.length).toBe(after.reports);
      const done = await counts(killed.url);
      expect(done.reports).toBe(files.length);
      expect(done.state).toEqual(done.sums);
      expect(done.termsOff).toBe(0);
      await expectWhole(killed.url, chunksOf);
    } finally {
      cleanup();
      await killed.drop();
    }
  });
});

/** Every report in the database has all its passages. */
async function expectWhole(url: string, chunksOf: ReadonlyMap<string, number>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; n: string }>('select r.id, count(p.doc) as n from corpus_reports r left join corpus_passages p on p.report_id = r.id group by r.id');
    for (const row of rows) expect(Number(row.n), row.id).toBe(chunksOf.get(row.id));
  } finally {
    await client.end();
  }
}
