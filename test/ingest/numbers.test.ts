import { describe, expect, it } from 'vitest';
import { findNumbers, type NumberToken } from '../../src/ingest/numbers.js';

const figures = (text: string) => findNumbers(text).filter((t) => t.kind === 'figure');
const only = (text: string): NumberToken => {
  const found = figures(text);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('findNumbers', () => {
  it('reads value, scale, unit and qualifier of the figures the reports use', () => {
    expect(only('涉及标的额2067.31万元')).toMatchObject({ raw: '2067.31万元', value: 20673100, number: 2067.31, scale: 1e4, unit: '元' });
    expect(only('涉及金额共计1.78亿元')).toMatchObject({ value: 178000000, scale: 1e8, unit: '元' });
    expect(only('调解成功率达99.97%')).toMatchObject({ raw: '99.97%', value: 99.97, unit: '%' });
    expect(only('阅读量5万多人次')).toMatchObject({ value: 50000, unit: '人次', approx: '多' });
    expect(only('开展活动约130余场次')).toMatchObject({ raw: '130余场次', value: 130, unit: '场次', approx: '余' });
    expect(only('发放宣传资料约4000份')).toMatchObject({ raw: '约4000份', value: 4000, unit: '份', approx: '约' });
    expect(only('案卷7000余本')).toMatchObject({ value: 7000, unit: '本', approx: '余' });
    expect(only('协议解决金额8380.54余万元')).toMatchObject({ value: 83805400, number: 8380.54, scale: 1e4, unit: '元', approx: '余' });
    expect(only('满意度90%以上')).toMatchObject({ value: 90, unit: '%', approx: '以上' });
    expect(only('共受理法律援助案件202件')).toMatchObject({ value: 202, unit: '件', start: 9, end: 13 });
  });

  it('reads Chinese numerals, Traditional script and full-width digits', () => {
    expect(only('培训三百二十人')).toMatchObject({ value: 320, unit: '人' });
    expect(only('印发两千份')).toMatchObject({ value: 2000, unit: '份' });
    expect(only('協議解決金額8380.54餘萬元')).toMatchObject({ raw: '8380.54餘萬元', value: 83805400, unit: '元', approx: '余' });
    expect(only('調解矛盾糾紛１１２２８件')).toMatchObject({ raw: '１１２２８件', value: 11228, unit: '件' });
  });

  it('tells years, dates, ordinals and list markers apart from figures', () => {
    const kinds = (text: string) => findNumbers(text).map((t) => [t.raw, t.kind]);
    expect(kinds('2022年2月28日')).toEqual([['2022', 'year'], ['2', 'date'], ['28', 'date']]);
    expect(kinds('党的二十大及二十届二中、三中全会')).toEqual([['二十', 'ordinal'], ['二十', 'ordinal'], ['二', 'ordinal'], ['三', 'ordinal']]);
    expect(kinds('召开第二次会议,十五届区委')).toEqual([['二', 'ordinal'], ['十五', 'ordinal']]);
    expect(kinds('1.坚持党建\n(一)深入学习\n一是严格落实')).toEqual([['1', 'list'], ['一', 'list'], ['一', 'list']]);
    expect(kinds('二〇二四年')).toEqual([['二〇二四', 'year']]);
    expect(kinds('《纲要(2021-2025年)》')).toEqual([['2021', 'year'], ['2025', 'year']]);
  });

  it('does not take words for numbers', () => {
    expect(figures('统一思想,十分重要,三会一课,百千万工程')).toEqual([]);
    expect(figures('增强“四个意识”、做到“两个维护”')).toEqual([]);
    expect(figures('审查村规民约220份')[0]).not.toHaveProperty('approx');
  });
});
