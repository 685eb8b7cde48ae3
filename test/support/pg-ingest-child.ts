/**
 * Ingests every report file of a folder into PostgreSQL, one after another: the process a test
 * kills in the middle of an ingest. Usage: tsx pg-ingest-child.ts DATABASE_URL FOLDER
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ingestFile } from '../../src/ingest/index.js';
import { createLogger } from '../../src/logger.js';
import { PgCorpus } from '../../src/store/postgres/pg-corpus.js';
import { testConfig } from './library.js';

const [url, folder] = process.argv.slice(2);
const corpus = await PgCorpus.open({ ...testConfig({ vectorstoreDir: '/tmp/pg-child-unused' }), databaseUrl: url! }, createLogger('silent'));
for (const file of readdirSync(folder!).filter((f) => f.endsWith('.txt')).sort()) {
  await corpus.ingest([await ingestFile(path.join(folder!, file))]);
}
await corpus.close();
