import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { ingestFolder } from '../../src/ingest/index.js';
import { chooseEmbedder } from '../../src/index/embeddings.js';
import { buildIndex, IN_THIS_THREAD } from '../../src/index/search-index.js';
import { TermsPool } from '../../src/index/terms-pool.js';

const pool = new TermsPool();
const dirs: string[] = [];

afterAll(async () => {
  await pool.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** The keyword index and the embedder's fitted state as saved: the bytes a start reads back. */
async function savedTerms(workers: Parameters<typeof buildIndex>[2]): Promise<{ terms: string; postings: Buffer }> {
  const { reports } = await ingestFolder(path.join(projectRoot, 'reports'));
  const { index } = await buildIndex(reports, chooseEmbedder({}), workers);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'terms-pool-'));
  dirs.push(dir);
  await index.keywords.save(dir);
  return { terms: await readFile(path.join(dir, 'keywords.json'), 'utf8'), postings: await readFile(path.join(dir, 'keywords.bin')) };
}

describe('a large build segments its chunks on worker threads', () => {
  it('gives the keyword index the same terms and postings as segmenting in this thread', async () => {
    const here = await savedTerms(IN_THIS_THREAD);
    const onWorkers = await savedTerms({ terms: pool.terms });
    expect(JSON.parse(here.terms).terms.length).toBeGreaterThan(1000);
    expect(onWorkers.terms).toBe(here.terms);
    expect(onWorkers.postings.equals(here.postings)).toBe(true);
  });
});
