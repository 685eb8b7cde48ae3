import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { openServing, type Serving } from '../../src/serving.js';
import { REPORT_FILES, reportsDir } from '../ingest/fixtures.js';
import { runCli } from '../support/cli.js';
import { testConfig } from '../support/library.js';
import { createTestDatabase, postgresMissing, type TestDatabase } from '../support/postgres.js';
import { recordingLogger } from '../support/logger.js';

/**
 * With DATABASE_URL every front end serves the corpus in PostgreSQL: the reports folder is brought
 * into the database at start, uploads go there, and another process sees them.
 */

const missing = await postgresMissing();
if (missing) console.warn(`skipping the PostgreSQL serving suite: ${missing}`);

const logger = createLogger('silent');
const LEGAL_AID = '阳山县2024年受理了多少件法律援助案件？';
const SEVEN_INTO = '镜湖区上半年开展了多少场法律七进活动？';
/** How often a worker here looks for other workers' ingests (5 s by default). */
const REFRESH_MS = 200;

let database: TestDatabase;
let work: string;
const opened: Serving[] = [];

async function serve(reports: string, databaseUrl: string): Promise<Serving> {
  const config = testConfig({ reportsDir: reports, vectorstoreDir: path.join(work, 'unused-index') });
  const serving = await openServing({ ...config, databaseUrl, databaseRefreshMs: REFRESH_MS }, logger);
  opened.push(serving);
  return serving;
}

/** The CLI in a process of its own, as a user runs it. */
const cli = (args: readonly string[], env: Record<string, string>) => runCli(args, { ...process.env, LOG_LEVEL: 'silent', ...env });

describe.skipIf(missing !== undefined)('serving from PostgreSQL (DATABASE_URL)', () => {
  let reports: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    work = await mkdtemp(path.join(os.tmpdir(), 'pg-serving-'));
    reports = path.join(work, 'reports');
    await cp(path.join(reportsDir, REPORT_FILES.yangshan), path.join(reports, REPORT_FILES.yangshan), { recursive: true });
  }, 30_000);

  afterAll(async () => {
    for (const serving of opened) await serving.close();
    await database?.drop();
    await rm(work, { recursive: true, force: true });
  });

  it('the CLI brings the reports folder into the database once and answers from it', () => {
    const env = { DATABASE_URL: database.url, REPORTS_DIR: reports, VECTORSTORE_DIR: path.join(work, 'cli-index'), DATA_DIR: path.join(work, 'data') };
    const first = cli(['ingest'], env);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/已导入 1 份报告（本次新读入 1 份）/);
    expect(cli(['ingest'], env).stdout).toMatch(/已导入 1 份报告（本次新读入 0 份）/);
    const asked = cli(['ask', '--json', LEGAL_AID], env);
    const answer = JSON.parse(asked.stdout) as { text: string; citations: { region: string; quote: string }[] };
    expect(answer.text).toContain('202件');
    expect(answer.citations[0]).toMatchObject({ region: '阳山县' });
    expect(answer.citations[0]!.quote).toContain('202件');
  }, 60_000);

  it('an upload goes into the database and another worker answers from it; a replacement too', async () => {
    const here = await serve(reports, database.url);
    const other = await serve(reports, database.url);
    expect((await other.answers.ask(SEVEN_INTO)).notFound).toBe(true);

    const upload = await here.shelf.upload('镜湖区司法局上半年.txt', await readFile(path.join(reportsDir, REPORT_FILES.jinghu)), 7001);
    expect(upload).toMatchObject({ kind: 'added', meta: { region: '镜湖区' } });
    // The other worker notices within its refresh period.
    await expect.poll(async () => (await other.answers.ask(SEVEN_INTO)).text, { timeout: 15_000, interval: 100 }).toContain('130余场次');

    const original = await readFile(path.join(reports, REPORT_FILES.yangshan));
    const corrected = Buffer.from(original.toString('utf8').replace('202件', '302件'));
    const conflict = await here.shelf.upload(REPORT_FILES.yangshan, corrected, 7001);
    expect(conflict.kind).toBe('conflict');
    expect((await here.answers.ask(LEGAL_AID)).text).toContain('202件');
    if (conflict.kind !== 'conflict') return;
    await here.shelf.replaceWith(conflict.version.hash.slice(0, 12), 7001);
    expect((await here.answers.ask(LEGAL_AID)).text).toContain('302件');
    await expect.poll(async () => (await other.answers.ask(LEGAL_AID)).text, { timeout: 15_000, interval: 100 }).toContain('302件');
    expect(here.answers.reports()).toHaveLength(2);
  }, 60_000);

  it('a start parses only the files the database lacks, and sets aside one that repeats a report it holds', async () => {
    await cp(path.join(reportsDir, REPORT_FILES.cixi), path.join(reports, REPORT_FILES.cixi));
    const jinghu = await readFile(path.join(reportsDir, REPORT_FILES.jinghu), 'utf8');
    await writeFile(path.join(reports, '镜湖区司法局上半年（副本）.txt'), `${jinghu}\n`);
    const { logger: recording, lines } = recordingLogger();
    const config = testConfig({ reportsDir: reports, vectorstoreDir: path.join(work, 'unused-index') });
    const serving = await openServing({ ...config, databaseUrl: database.url, databaseRefreshMs: REFRESH_MS }, recording);
    opened.push(serving);
    expect(lines.find((l) => l.msg === 'reports folder brought into PostgreSQL')).toMatchObject({ parsed: 2, added: 1, replaced: 0 });
    expect(serving.problems()).toContainEqual(expect.objectContaining({ file: '镜湖区司法局上半年（副本）.txt', duplicateOf: '镜湖区司法局上半年.txt' }));
    expect(serving.answers.reports()).toHaveLength(3);
  }, 60_000);
});

describe('a DATABASE_URL nobody answers at', () => {
  it('stops the CLI with a one-line reason, the password not shown', () => {
    const run = cli(['ask', LEGAL_AID], { DATABASE_URL: 'postgres://bot:s3cret-pw@127.0.0.1:1/none' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cannot use PostgreSQL at DATABASE_URL .*ECONNREFUSED/);
    expect(run.stderr).not.toContain('s3cret-pw');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  }, 30_000);
});
