import { beforeAll, describe, expect, it } from 'vitest';
import type { Library } from '../../src/index/library.js';
import { Searcher } from '../../src/search/searcher.js';
import { openTestLibrary } from '../support/library.js';

let searcher: Searcher;

beforeAll(async () => {
  const library: Library = await openTestLibrary();
  searcher = new Searcher(library.index);
});

describe('query understanding', () => {
  it('finds the region in any form, Traditional included', () => {
    for (const text of ['阳山', '阳山县', '阳山县司法局']) {
      expect(searcher.resolveRegion(text)).toMatchObject({ name: '阳山县', covered: true });
    }
    expect(searcher.resolveRegion('梁平區')).toMatchObject({ name: '梁平区', covered: true });
    expect(searcher.parseQuery('镜湖区司法局上半年工作').regions).toEqual([{ text: '镜湖区司法局', name: '镜湖区', covered: true }]);
  });

  it('knows regions no report covers, and names nothing for words that are no region', () => {
    expect(searcher.resolveRegion('上海市浦东新区')).toMatchObject({ name: '浦东新区', covered: false });
    expect(searcher.resolveRegion('法律援助')).toBeUndefined();
  });

  it('reads years, periods, figure intent and section role', () => {
    const q = searcher.parseQuery('慈溪市2021年上半年行政复议发案量是多少？');
    expect(q).toMatchObject({ years: [2021], period: '上半年', wantsFigure: true });
    expect(q.terms).toEqual(expect.arrayContaining(['行政复议']));
    expect(q.terms).not.toContain('慈溪');
    expect(searcher.parseQuery('二〇二四年阳山县法律援助').years).toEqual([2024]);
    expect(searcher.parseQuery('慈溪市司法局认为还存在哪些问题和不足？')).toMatchObject({ role: 'problems', wantsFigure: false });
    expect(searcher.parseQuery('梁平区下一步有什么工作打算').role).toBe('plans');
  });

  it('expands abbreviations and synonyms', () => {
    expect(searcher.parseQuery('阳山法援案件').expandedTerms).toContain('法律援助');
    expect(searcher.parseQuery('社矫对象有多少').expandedTerms).toContain('社区矫正');
    expect(searcher.parseQuery('律所有几家').expandedTerms).toContain('律师事务所');
  });

  it('tells what the reports cover', () => {
    const { regions, years } = searcher.coverage();
    expect(regions).toEqual(expect.arrayContaining(['阳山县', '慈溪市', '镜湖区', '麻章区', '梁平区']));
    expect(years).toEqual(expect.arrayContaining([2020, 2021, 2024]));
  });
});
