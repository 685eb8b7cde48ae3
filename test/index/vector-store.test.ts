import { Document } from '@langchain/core/documents';
import { describe, expect, it } from 'vitest';
import { HashedTfidfEmbeddings } from '../../src/index/embeddings.js';
import { HnswVectorStore } from '../../src/index/vector-store.js';

const texts = ['法律援助案件202件', '人民调解纠纷11228件', '社区矫正对象206名', '行政复议案件112件', '法律援助工作站7个', '普法活动130余场次'];

async function store(): Promise<HnswVectorStore> {
  const embeddings = HashedTfidfEmbeddings.fit(texts);
  const vectors = new HnswVectorStore(embeddings);
  await vectors.addDocuments(texts.map((pageContent, i) => new Document({ pageContent, metadata: { chunkId: `r${i % 2}#${i}`, reportId: `r${i % 2}` } })));
  return vectors;
}

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
});
