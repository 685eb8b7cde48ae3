import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Document } from '@langchain/core/documents';
import { describe, expect, it } from 'vitest';
import { HashedTfidfEmbeddings } from '../../src/index/embeddings.js';
import { graphsOnWorkers } from '../../src/index/graph-pool.js';
import { HnswVectorStore } from '../../src/index/vector-store.js';

const texts = ['法律援助案件202件', '人民调解纠纷11228件', '社区矫正对象206名', '行政复议案件112件', '法律援助工作站7个', '普法活动130余场次'];
const embeddings = HashedTfidfEmbeddings.fit(texts);
const documents = texts.map((pageContent, i) => new Document({ pageContent, metadata: { chunkId: `r${i % 2}#${i}`, reportId: `r${i % 2}` } }));

async function store(): Promise<HnswVectorStore> {
  const vectors = new HnswVectorStore(embeddings);
  await vectors.addDocuments(documents);
  return vectors;
}

/** The same documents in graphs of two documents each, built on worker threads. */
async function shardedStore(): Promise<HnswVectorStore> {
  const rows = await embeddings.embedDocuments(texts);
  const shards = [0, 2, 4].map((start) => Float32Array.from(rows.slice(start, start + 2).flat()));
  const vectors = new HnswVectorStore(embeddings);
  await vectors.addShards(shards, rows[0]!.length, documents, graphsOnWorkers);
  return vectors;
}

const ranked = async (vectors: HnswVectorStore, query: string, filter?: (m: { reportId: string }) => boolean) =>
  (await vectors.similaritySearchWithScore(query, 10, filter)).map(([doc, score]) => [doc.metadata.chunkId, score.toFixed(5)]);

describe('the hnswlib vector store (LangChain VectorStore)', () => {
  it('finds the nearest passage by meaning of its words', async () => {
    const [best] = await (await store()).similaritySearch('法律援助', 1);
    expect(best?.pageContent).toContain('法律援助');
  });

  it('keeps to the documents a filter admits', async () => {
    const results = await (await store()).similaritySearchWithScore('法律援助', 10, (m) => m.reportId === 'r0');
    expect(results.length).toBe(3);
    expect(results.every(([doc]) => doc.metadata.reportId === 'r0')).toBe(true);
    expect(results[0]![0].pageContent).toContain('法律援助');
  });

  it('ranks the same with its graphs built in shards on worker threads, before and after a save, and grows the last shard', async () => {
    const whole = await store();
    const sharded = await shardedStore();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'shards-'));
    try {
      await sharded.save(dir);
      const loaded = await HnswVectorStore.load(dir, embeddings, () => '');
      for (const query of ['法律援助', '调解纠纷', '社区矫正 行政复议']) {
        expect(await ranked(sharded, query)).toEqual(await ranked(whole, query));
        expect(await ranked(loaded, query)).toEqual(await ranked(whole, query));
        expect(await ranked(loaded, query, (m) => m.reportId === 'r1')).toEqual(await ranked(whole, query, (m) => m.reportId === 'r1'));
      }
      const added = new Document({ pageContent: '公证业务3000件', metadata: { chunkId: 'r2#0', reportId: 'r2' } });
      await loaded.addDocuments([added]);
      expect(loaded.size).toBe(texts.length + 1);
      expect((await loaded.similaritySearch('公证业务', 1))[0]?.metadata.chunkId).toBe('r2#0');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
