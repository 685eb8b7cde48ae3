import { describe, expect, it } from 'vitest';
import { foldText } from '../../src/ingest/normalize.js';
import { bigrams, keywordTokens, words } from '../../src/index/tokenizer.js';

describe('tokenizer', () => {
  it('keeps counts, percentages and amounts whole', () => {
    const tokens = words(foldText('受理法律援助案件11228件，满意率99.97%，挽回经济损失2067.31万元，涉及金额1.78亿元'));
    expect(tokens).toEqual(expect.arrayContaining(['11228', '99.97%', '2067.31万元', '1.78亿元']));
  });

  it('keeps the terms of the domain whole', () => {
    const tokens = words(foldText('推进法律明白人培养和公职律师工作，清理行政规范性文件，推广粤执法平台'));
    expect(tokens).toEqual(expect.arrayContaining(['法律明白人', '公职律师', '行政规范性文件', '粤执法']));
  });

  it('reads Traditional text as Simplified', () => {
    expect(words(foldText('梁平區復議首選率提升到64.9%'))).toEqual(words(foldText('梁平区复议首选率提升到64.9%')));
  });

  it('drops stop words, question words and punctuation', () => {
    const tokens = words(foldText('阳山县一共办理了多少宗行政检查？'));
    expect(tokens).not.toEqual(expect.arrayContaining(['了']));
    expect(tokens).not.toContain('多少');
    expect(tokens).not.toContain('？');
    expect(tokens).toContain('行政检查');
  });

  it('adds character bigrams so that differently segmented words still meet', () => {
    expect(bigrams(foldText('复议首选率'))).toEqual(['~复议', '~议首', '~首选', '~选率']);
    expect(keywordTokens(foldText('人民调解'))).toEqual(expect.arrayContaining(['人民调解', '调解', '~民调']));
  });
});
