import { describe, expect, it } from 'vitest';
import { findRegionMentions, lookupRegion } from '../../src/ingest/gazetteer.js';

describe('lookupRegion', () => {
  it('finds a county from its short name, full name, bureau or Traditional spelling', () => {
    for (const q of ['阳山', '阳山县', '阳山县司法局']) {
      expect(lookupRegion(q)).toMatchObject({ name: '阳山县', city: '清远市', province: '广东省', level: 'county' });
    }
    expect(lookupRegion('梁平區')).toMatchObject({ name: '梁平区', city: '重庆市', province: '重庆市' });
    expect(lookupRegion('慈溪')).toMatchObject({ name: '慈溪市', city: '宁波市', province: '浙江省' });
    expect(lookupRegion('镜湖区')).toMatchObject({ city: '芜湖市', province: '安徽省' });
  });

  it('answers the same way every time for a shared name, and nothing for a common word', () => {
    expect(lookupRegion('吉林')).toMatchObject({ name: '吉林省', level: 'province' });
    expect(lookupRegion('鼓楼区')).toEqual(lookupRegion('鼓楼区'));
    expect(lookupRegion('城区')).toBeUndefined();
    expect(lookupRegion('平安')).toBeUndefined();
  });
});

describe('findRegionMentions', () => {
  it('lists the places a sentence names, longest match first, without overlaps', () => {
    const found = findRegionMentions('与达州市达川區、大竹縣、渠縣等地检察机关');
    expect(found.map((m) => [m.text, m.name])).toEqual([
      ['达州市', '达州市'],
      ['达川區', '达川区'],
      ['大竹縣', '大竹县'],
      ['渠縣', '渠县'],
    ]);
    expect(found[1]).toMatchObject({ start: 4, end: 7 });
  });

  it('does not read everyday words as places', () => {
    const text = '按照中央、省、市和县政法工作会议部署,推进平安建设,公安机关顺利通过考核,大兴调查研究之风';
    expect(findRegionMentions(text)).toEqual([]);
  });
});
