import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/ingest/types.js';
import { openTestLibrary } from '../support/library.js';

/**
 * The figure table of one report checked by hand: every figure of 镜湖区司法局's 2024 half-year report
 * with the kind of thing it counts and its qualifiers, each read against the report's sentence (a
 * total written 共/累计, a part written 其中 or in brackets or listed after 其中, filed 受理, received
 * 收到, closed 办结, success 成功, on the books 现有, new 接收, a rate written with %).
 */
const EXPECTED: readonly (readonly [string, string, readonly string[]])[] = [
  ["10次", "events", ["total"]],
  ["6次", "events", []],
  ["6次", "events", []],
  ["100%", "percent", ["rate"]],
  ["200余件", "cases", []],
  ["两条", "items", []],
  ["130余场次", "events", []],
  ["超5万人次", "personTimes", []],
  ["30余场次", "events", []],
  ["四块", "objects", []],
  ["100%", "percent", ["rate"]],
  ["1名", "people", []],
  ["7个", "institutions", []],
  ["5处", "institutions", []],
  ["236件", "cases", ["filed", "total"]],
  ["1100余人次", "personTimes", []],
  ["20位", "people", []],
  ["10场", "events", []],
  ["12家", "institutions", []],
  ["5项", "items", []],
  ["29份", "documents", []],
  ["6次", "events", []],
  ["300余条", "items", []],
  ["57份", "documents", ["total"]],
  ["21份", "documents", []],
  ["17件", "cases", []],
  ["7件", "cases", []],
  ["40余项", "items", []],
  ["100%", "percent", ["rate"]],
  ["2件", "cases", []],
  ["70余件", "cases", []],
  ["30余次", "events", []],
  ["80余份", "documents", []],
  ["4场次", "events", []],
  ["8项", "items", []],
  ["7000余本", "documents", []],
  ["270余人", "people", ["total"]],
  ["两场次", "events", []],
  ["730余人", "people", ["cumulative", "total"]],
  ["9件", "cases", ["total"]],
  ["40件", "cases", []],
  ["34起", "cases", ["received"]],
  ["26起", "cases", ["filed"]],
  ["23起", "cases", ["closed"]],
  ["9起", "cases", ["part"]],
  ["7起", "cases", ["part"]],
  ["30.43%", "percent", ["rate"]],
  ["1963件", "cases", []],
  ["697件", "cases", ["part"]],
  ["15件", "cases", ["part"]],
  ["834件", "cases", ["part"]],
  ["91件", "cases", ["part"]],
  ["326件", "cases", ["part"]],
  ["1963件", "cases", []],
  ["76个", "institutions", ["onBooks"]],
  ["401条", "items", []],
  ["388件", "cases", []],
  ["90次", "events", []],
  ["25余场次", "events", ["total"]],
  ["800余人次", "personTimes", ["cumulative", "total"]],
  ["5场", "events", []],
  ["100余人次", "personTimes", []],
  ["11场次", "events", []],
  ["19人次", "personTimes", []],
  ["12人次", "personTimes", []],
  ["2人次", "personTimes", []],
  ["122名", "people", ["new", "total"]],
  ["5人次", "personTimes", []],
  ["520人次", "personTimes", []],
  ["430余起", "cases", ["success"]],
  ["1300余人次", "personTimes", ["cumulative", "total"]],
];

let jinghu: Report;

beforeAll(async () => {
  jinghu = (await openTestLibrary()).index.reports.find((r) => r.meta.region === '镜湖区')!;
});

describe('the figure table of 镜湖区 2024年上半年', () => {
  it('holds every figure of the report with its unit family and qualifiers', () => {
    const table = jinghu.figures.map((f) => [f.raw, f.family, [...f.qualifiers].sort()]);
    expect(table).toEqual(EXPECTED.map(([raw, family, qualifiers]) => [raw, family, [...qualifiers]]));
  });

  it('gives a part the words of its whole, and a thin label the words of its list', () => {
    const subjectOf = (raw: string, label: string) => {
      const f = jinghu.figures.find((x) => x.raw === raw && jinghu.text.slice(x.label.start, x.label.end).includes(label))!;
      return f.subject ? jinghu.text.slice(f.subject.start, f.subject.end) : '';
    };
    expect(subjectOf('697件', '家事类')).toBe('矛盾纠纷排查');
    expect(subjectOf('15件', '乡村振兴类')).toBe('矛盾纠纷排查');
    expect(subjectOf('23起', '办结')).toBe('代表区政府收到行政复议申请');
    expect(subjectOf('12人次', '警告')).toBe('对矫正对象训诫');
  });
});
