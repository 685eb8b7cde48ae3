import { beforeAll, describe, expect, it } from 'vitest';
import type { Library } from '../../src/index/library.js';
import { foldText } from '../../src/ingest/normalize.js';
import { Searcher } from '../../src/search/searcher.js';
import type { SearchResult } from '../../src/search/types.js';
import { openTestLibrary } from '../support/library.js';

let library: Library;
const search = (question: string, filters?: Parameters<Searcher['search']>[0]['filters']) =>
  new Searcher(library.index).search({ question, ...(filters ? { filters } : {}) });
const topText = (r: SearchResult) => foldText(r.hits[0]?.chunk.text ?? '');

beforeAll(async () => {
  library = await openTestLibrary();
});

describe('search across scripts', () => {
  it('a Traditional question finds a Simplified passage', async () => {
    const result = await search('鏡湖區對社區矯正對象訓誡了多少人次？');
    expect(result.hits[0]?.report.meta.region).toBe('镜湖区');
    expect(topText(result)).toContain('训诫');
  });

  it('a Simplified question finds a Traditional passage', async () => {
    const result = await search('梁平区复议首选率提升到多少');
    expect(result.hits[0]?.report.meta.script).toBe('traditional');
    expect(result.hits[0]?.chunk.text).toContain('64.9%');
  });
});

describe('abbreviations', () => {
  it('法援 finds 法律援助 passages', async () => {
    const result = await search('阳山县法援案件有多少件');
    expect(result.hits.length).toBeGreaterThan(0);
    expect(topText(result)).toContain('法律援助');
  });

  it('社矫 finds 社区矫正 passages', async () => {
    const result = await search('梁平区新接收社矫对象多少名');
    expect(topText(result)).toContain('社区矫正');
  });
});

describe('hard filters', () => {
  it('a named region excludes the other reports', async () => {
    const result = await search('慈溪市行政复议案件情况');
    expect(result.hits.length).toBeGreaterThan(0);
    expect(new Set(result.hits.map((h) => h.report.meta.region))).toEqual(new Set(['慈溪市']));
    expect(result.filters.regions).toEqual(['慈溪市']);
  });

  it('a named year excludes the reports of other years', async () => {
    const result = await search('2024年法律援助案件有多少件');
    expect(result.hits.length).toBeGreaterThan(0);
    expect(result.hits.every((h) => h.report.meta.year === 2024)).toBe(true);
  });

  it('a follow-up keeps the region the caller passes, unless the question names another', async () => {
    const followUp = await search('法律援助案件有多少件', { regions: ['阳山'] });
    expect(followUp.hits.length).toBeGreaterThan(0);
    expect(followUp.hits.every((h) => h.report.meta.region === '阳山县')).toBe(true);
    const other = await search('镜湖区法律援助案件有多少件', { regions: ['阳山'] });
    expect(other.hits.every((h) => h.report.meta.region === '镜湖区')).toBe(true);
  });

  it('a role filter keeps to the problems a report names', async () => {
    const result = await search('慈溪市存在哪些问题', { roles: ['problems'] });
    expect(result.hits.length).toBeGreaterThan(0);
    expect(result.hits.every((h) => h.chunk.role === 'problems')).toBe(true);
  });
});

describe('out of scope', () => {
  it('a region no report covers is reported, with no hits', async () => {
    const result = await search('上海市浦东新区司法局2022年人民调解了多少件纠纷？');
    expect(result.outOfScope).toEqual({ reason: 'uncovered-region', regions: ['浦东新区'] });
    expect(result.hits).toEqual([]);
  });

  it('a follow-up on a region no report covers stays out of scope', async () => {
    const result = await search('法律援助案件有多少件', { regions: ['浦东新区'] });
    expect(result.outOfScope).toEqual({ reason: 'uncovered-region', regions: ['浦东新区'] });
    expect(result.hits).toEqual([]);
  });

  it('a year no report of the region covers is reported, with no hits', async () => {
    const result = await search('慈溪市2023年行政复议案件有多少件？');
    expect(result.outOfScope).toEqual({ reason: 'uncovered-year', years: [2023] });
    expect(result.hits).toEqual([]);
  });

  it('a bureau of a place no gazetteer knows is reported as unknown', async () => {
    const result = await search('火星县司法局的法律援助案件有多少件？');
    expect(result.outOfScope).toEqual({ reason: 'unknown-region', text: '火星县' });
  });

  it('a question the reports cannot answer finds nothing', async () => {
    for (const question of ['慈溪市2021年常住人口有多少？', '阳山县的GDP是多少', '麻章区2020年财政预算是多少亿元', '全国法律援助案件总数是多少']) {
      expect((await search(question)).hits, question).toEqual([]);
    }
  });
});

describe('segmentation', () => {
  it('a question whose words jieba cuts oddly still finds its passage (换证人次 → 换/证人/次)', async () => {
    const result = await search('慈溪市执法证换证人次');
    expect(result.hits[0]?.chunk.text).toContain('2378');
  });

  it('a compound finds the passage that abbreviates it (法律援助案件 → 法援案件)', async () => {
    const result = await search('镜湖区法律援助案件有多少件');
    expect(result.hits[0]?.chunk.text).toContain('法援案件236件');
  });
});

describe('hits', () => {
  it('point at the sentence that holds the answer', async () => {
    const result = await search('阳山县各乡镇一共办理了多少宗行政检查？');
    const hit = result.hits[0]!;
    const sentence = hit.report.text.slice(hit.bestSentence.start, hit.bestSentence.end);
    expect(sentence).toContain('2368');
    expect(hit.bestSentence.start).toBeGreaterThanOrEqual(hit.chunk.start);
    expect(hit.bestSentence.end).toBeLessThanOrEqual(hit.chunk.end);
  });
});
