/**
 * Ingests every report file of a folder into PostgreSQL, one after another: the process a test
 * kills in the middle of an ingest. It runs the compiled program (dist/, built before the tests),
 * as a user's process would, without tsx's start-up.
 * Usage: node pg-ingest-child.mjs DATABASE_URL FOLDER
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../dist/config.js';
import { ingestFile } from '../../dist/ingest/index.js';
import { createLogger } from '../../dist/logger.js';
import { PgCorpus } from '../../dist/store/postgres/pg-corpus.js';

const [url, folder] = process.argv.slice(2);
const config = loadConfig({ REPORTS_DIR: folder, VECTORSTORE_DIR: '/tmp/pg-child-unused', LOG_LEVEL: 'silent', DATABASE_URL: url });
const corpus = await PgCorpus.open(config, createLogger('silent'));
for (const file of readdirSync(folder).filter((f) => f.endsWith('.txt')).sort()) {
  await corpus.ingest([await ingestFile(path.join(folder, file))]);
}
await corpus.close();
