/**
 * The child process of scripts/bench.ts that builds (`build`) or loads (`load`) an index as the
 * compiled program does (`npm run ingest`, `npm start`): plain JavaScript from dist/, without tsx,
 * so its time and peak memory are the program's. Prints one JSON line.
 * Usage: node scripts/bench-child.mjs build|load REPORTS_DIR VECTORSTORE_DIR
 */
import { loadConfig } from '../dist/config.js';
import { retrieveFor } from '../dist/evaluation/retrieval.js';
import { Library } from '../dist/index/library.js';
import { createLogger } from '../dist/logger.js';
import { FULL_RETRIEVAL } from '../dist/search/retriever.js';

const [mode, reportsDir, vectorstoreDir] = process.argv.slice(2);
const config = loadConfig({ REPORTS_DIR: reportsDir, VECTORSTORE_DIR: vectorstoreDir, LOG_LEVEL: 'silent' });
const started = performance.now();
const library = await Library.open(config, createLogger('silent'), { rebuild: mode === 'build' });
const ms = performance.now() - started;
// A served index answers: one query, so the serving memory counts what a search touches.
if (mode === 'load') await retrieveFor(library.index, '法律援助案件有多少件', FULL_RETRIEVAL, 8);
// What the start brought up to date is saved in the background: the next start must find it.
await library.saved();
console.log(JSON.stringify({ ms, builtAt: library.index.builtAt, rss: process.resourceUsage().maxRSS * 1024 }));
process.exit(0);
