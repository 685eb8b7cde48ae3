import { beforeAll, describe, expect, it } from 'vitest';
import { parseQuestion, contextOf } from '../../src/question/parse.js';
import type { Question } from '../../src/question/types.js';
import { catalogOf, type Catalog } from '../../src/search/catalog.js';
import { openTestLibrary } from '../support/library.js';

let directory: Catalog;
const parse = (text: string, previous?: Question) => parseQuestion(text, { directory, ...(previous ? { previous: contextOf(previous) } : {}) });
const regionsOf = (q: Question) => q.scope.regions.map((r) => ({ name: r.name, covered: r.regions }));
const concepts = (q: Question) => q.measure.asks.flatMap((a) => a.concepts);

beforeAll(async () => {
  directory = catalogOf((await openTestLibrary()).index);
});

describe('scope', () => {
  it('finds a region in any form: short, full, with its bureau, Traditional, English', () => {
    for (const text of ['阳山有多少律所', '阳山县有多少律所', '阳山县司法局有多少律所', '陽山縣有多少律所', 'How many law firms does Yangshan have?']) {
      expect(regionsOf(parse(text)), text).toEqual([{ name: '阳山县', covered: ['阳山县'] }]);
    }
  });

  it('a city or province stands for the counties of it that have reports, but is not one of them', () => {
    const city = parse('清远市2024年法律援助案件多少件');
    expect(city.scope.regions).toEqual([expect.objectContaining({ name: '清远市', regions: ['阳山县'], own: false })]);
    const qualified = parse('浙江省慈溪市人民调解成功率是多少');
    expect(qualified.scope.regions.map((r) => r.name)).toEqual(['慈溪市']);
    expect(qualified.measure.asks.map((a) => a.text)).not.toContain('浙江省');
  });

  it('a county of the same name elsewhere, or a town named like a county, is not the covered region', () => {
    expect(parse('无锡市惠山区阳山镇调解了多少纠纷').scope.regions.every((r) => r.regions.length === 0)).toBe(true);
    expect(parse('上海市浦东新区人民调解了多少件').scope.regions).toEqual([expect.objectContaining({ name: '浦东新区', regions: [] })]);
  });

  it('names an unknown place as such, never as a region', () => {
    expect(parse('火星县司法局办理了多少件行政复议案件？').scope.unknownPlace).toBe('火星县');
    expect(parse('比较梁平和火星县的法律援助').scope.unknownPlace).toBe('火星县');
    expect(parse('五个地区的人民调解成功率分别是多少').scope.unknownPlace).toBeUndefined();
  });

  it('reads years and parts of the year however they are written', () => {
    expect(parse('阳山县二〇二四年受理多少法律援助案件').scope.years).toEqual([2024]);
    expect(parse('梁平区２０２４年认领了多少项执法事项').scope.years).toEqual([2024]);
    expect(parse('镜湖区2024全年法援案件多少件')).toMatchObject({ scope: { years: [2024], period: '全年' } });
    expect(parse('镜湖区一整年化解了多少纠纷').scope.period).toBe('全年');
    expect(parse('镜湖上半年复议结了几起').scope.period).toBe('上半年');
    expect(parse('How many cases did Jinghu handle in the first half of 2024?').scope).toMatchObject({ years: [2024], period: '上半年' });
    expect(parse('阳山县今年受理多少法律援助案件').scope.yearsBack).toBe(0);
  });
});

describe('what is measured', () => {
  it('reads everyday words, abbreviations and older names as the reports write them', () => {
    expect(concepts(parse('阳山那两家律所接了多少案子'))).toEqual(expect.arrayContaining(['律师事务所', '案件']));
    expect(concepts(parse('老百姓告政府的案子有多少'))).toEqual(expect.arrayContaining(['行政复议', '行政诉讼']));
    expect(concepts(parse('梁平还在管着的矫正人员有多少'))).toContain('社区矫正对象');
    expect(concepts(parse('慈溪社区服刑人员有多少'))).toContain('社区矫正对象');
    expect(concepts(parse('麻章法援办了多少件'))).toContain('法律援助');
  });

  it('reads the unit family and the qualifiers asked', () => {
    expect(parse('梁平区在册社区矫正对象有多少人？').measure).toMatchObject({ family: 'people', qualifiers: ['onBooks'] });
    expect(parse('镜湖上半年复议结了几起？').measure).toMatchObject({ family: 'cases', qualifiers: ['closed'] });
    expect(parse('麻章区法援案件数比上年涨了多少？').measure.qualifiers).toContain('change');
    expect(parse('梁平區復議首選率提升到多少？').measure.qualifiers).not.toContain('change');
    expect(parse('梁平区下一步人民调解协议履行率力争达到多少？').measure.qualifiers).toEqual(expect.arrayContaining(['target', 'rate']));
    expect(parse('麻章区法律援助案件中刑事案件有多少宗？').measure.qualifiers).toContain('part');
    // the qualifiers of the clause that asks the quantity: the part accepted of those received
    expect(parse('收到的申请中，立案受理的有几宗？').measure.qualifiers).toEqual(expect.arrayContaining(['filed', 'part']));
    expect(parse('收到的申请中，立案受理的有几宗？').measure.qualifiers).not.toContain('received');
  });

  it('reads an English question through the glossary', () => {
    const q = parse('How many legal aid cases were accepted by the Yangshan justice bureau in 2024?');
    expect(q).toMatchObject({ language: 'en', intent: 'figure', measure: { family: 'cases', qualifiers: ['filed'] } });
    expect(concepts(q)).toContain('法律援助案件');
  });

  it('keeps a figure the question states, for checking it', () => {
    expect(parse('镜湖区上半年收到行政复议申请87起，对吗？')).toMatchObject({ intent: 'yesno', stated: { raw: '87起', value: 87, unit: '起' } });
    expect(parse('阳山县新接收了二百零六名社矫对象，没错吧？').stated?.value).toBe(206);
  });

  it('reads a figure stated beside what is asked as a premise to check first, with the question\'s scope', () => {
    const q = parse('梁平区年末在册社区矫正对象140名，同比增长多少？');
    expect(q.intent).toBe('figure');
    expect(q.premise).toMatchObject({ intent: 'yesno', stated: { raw: '140名', value: 140 } });
    expect(q.premise!.scope.regions.map((r) => r.name)).toEqual(['梁平区']);
    expect(q.measure.asks.map((a) => a.text)).not.toContain('140名');
    expect(parse('镜湖区上半年收到行政复议申请87起，对吗？').premise).toBeUndefined();
  });
});

describe('what kind of answer is wanted', () => {
  it.each([
    ['阳山县受理了多少件法律援助案件？', 'figure'],
    ['镜湖区上半年排查的矛盾纠纷分成了哪几类？', 'list'],
    ['麻章区的社区矫正对象有没有出现漏管脱管？', 'yesno'],
    ['慈溪市司法局这份报告是哪天落款的？', 'when'],
    ['哪个地方办的法律援助案件最多？', 'rank'],
    ['慈溪市司法局认为还存在哪些问题和不足？', 'problems'],
    ['梁平区下一步有什么工作打算', 'plans'],
    ['阳山县做了哪些工作？', 'overview'],
    ['镜湖区是怎么打造法治文化公园的？', 'passage'],
    ['阳山是如何抓好职权下放重放轻管问题专项整治工作的？', 'passage'],
    ['阳山县的法律援助案件比镜湖区多还是少？', 'compare'],
    ['你们收录了哪些报告？', 'library'],
    ['Which region mediated the fewest disputes?', 'rank'],
    ['Did the inspection of Yangshan’s law firms find any violations?', 'yesno'],
  ])('%s → %s', (text, intent) => {
    expect(parse(text).intent).toBe(intent);
  });

  it('splits a question asking several figures into parts, each with its own words', () => {
    const q = parse('阳山县人民调解组织调处了多少件民间纠纷，调处成功了多少件？');
    expect(q.parts).toHaveLength(2);
    expect(q.parts[1]?.measure.qualifiers).toContain('success');
  });

  it('reads the direction of a ranking', () => {
    expect(parse('哪个地方在册的社区矫正对象最少？').direction).toBe('least');
  });
});

describe('follow-ups', () => {
  it('"那梁平区呢？" asks the previous question of another place', () => {
    const first = parse('阳山县2024年法援受理了多少件啊');
    const next = parse('那梁平区呢？', first);
    expect(next.scope.regions.map((r) => r.name)).toEqual(['梁平区']);
    expect(concepts(next)).toContain('法律援助');
    expect(next.followUp).toMatchObject({ regions: ['梁平区'] });
  });

  it('"那人民调解呢？" keeps the place and asks its own topic, saying so', () => {
    const first = parse('麻章区2020年法律援助案件多少宗？');
    const next = parse('那调解成功了多少件呢？', first);
    expect(next.scope.regions.map((r) => r.name)).toEqual(['麻章区']);
    expect(next.measure.asks.filter((a) => a.essential).flatMap((a) => a.concepts)).toEqual(['人民调解']);
    expect(next.followUp?.topic).toContain('人民调解');
  });

  it('an English follow-up keeps the place ("there")', () => {
    const first = parse('镜湖区上半年受理了多少法援案件？');
    const next = parse('And how many community correction people got a warning there?', first);
    expect(next.scope.regions.map((r) => r.name)).toEqual(['镜湖区']);
  });

  it('a question across regions does not inherit the previous place', () => {
    const first = parse('阳山县受理了多少件法律援助案件？');
    expect(parse('哪个地方最多？', first).scope.regions).toEqual([]);
  });
});
