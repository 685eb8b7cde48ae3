import { describe, expect, it } from 'vitest';
import type { Answer, Citation } from '../../src/answer/types.js';
import { answerHtml } from '../../src/bot/answer-html.js';
import { decodeAction, encodeAction } from '../../src/bot/callbacks.js';
import { parseRequest } from '../../src/bot/commands.js';
import { escapeHtml, htmlToPlain, MESSAGE_LIMIT, paginate, splitHtml, truncate } from '../../src/bot/format.js';
import { translator } from '../../src/bot/i18n.js';
import { citationLabel } from '../../src/bot/labels.js';
import { sectionWords, shortenAtWord, sourceLines } from '../../src/bot/sources.js';
import { byteLength, checkTelegramHtml } from '../support/telegram-html.js';

const citation = (n: number, quote: string): Citation => ({
  n,
  reportId: '000_9a9217be6eb9afde',
  bureau: '阳山县司法局',
  region: '阳山县',
  year: 2024,
  period: '全年',
  section: '一、主要措施及成效 > (五)优化司法为民服务 > 4.',
  quote,
  start: 0,
  end: quote.length,
  chunkId: '000_9a9217be6eb9afde#1',
});

function answer(quotes: readonly string[], lead = '阳山县2024年受理法律援助案件'): Answer {
  const citations = quotes.map((q, i) => citation(i + 1, q));
  return {
    kind: 'fact',
    text: '',
    notFound: false,
    blocks: [
      { kind: 'paragraph', content: [{ kind: 'text', text: lead }, { kind: 'strong', text: '202件' }, { kind: 'cite', n: 1 }] },
      ...citations.map((c) => ({ kind: 'quote' as const, n: c.n })),
      { kind: 'note', text: '数字 <以报告为准> & 仅供参考' },
    ],
    citations,
    timings: {},
  };
}

const t = translator('zh');
const answerBlocks = (a: Answer) => answerHtml(a, t);

function expectValid(messages: readonly string[]): void {
  for (const html of messages) {
    expect(html.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
    expect(checkTelegramHtml(html).problems).toEqual([]);
  }
}

describe('Telegram HTML formatting', () => {
  it('escapes every dynamic string, so HTML-looking text shows as typed', () => {
    expect(escapeHtml('<b>a & "b"</b>')).toBe('&lt;b&gt;a &amp; &quot;b&quot;&lt;/b&gt;');
    const html = answerBlocks(answer(['受理<script>alert(1)</script>案件202件 & 更多'], '问：<b>粗体</b>？')).join('\n\n');
    expect(checkTelegramHtml(html).problems).toEqual([]);
    expect(htmlToPlain(html)).toContain('<script>alert(1)</script>');
    expect(htmlToPlain(html)).toContain('问：<b>粗体</b>？');
  });

  it('puts figures in bold, shows a quote only when it adds words, long ones expandable', () => {
    const html = answerBlocks(answer(['共受理法律援助案件202件', `年初至今，${'依法受理法律援助案件，'.repeat(20)}共受理202件`], '阳山县：共受理法律援助案件')).join('\n\n');
    expect(html).toContain('<b>202件</b>');
    expect(html).not.toContain('<blockquote>[1]');
    expect(html).toContain('<blockquote expandable>[2] 年初至今');
    expect(citationLabel(citation(1, 'x'))).toBe('[1] 阳山县司法局 · 2024 全年 · 一、主要措施及成效 > (五)优化司法为民… > 4.');
  });

  it('names where quotes stand once per report, by the section\'s own words cut at a word boundary', () => {
    expect(sectionWords('一、主要措施及成效 > (五)优化司法为民 > 4.提升法律援助服务能力')).toBe('提升法律援助服务能力');
    expect(sectionWords('一、2024法治政府建設工作情況 > (三)踐行法治為民 > 二是')).toBe('踐行法治為民');
    expect(shortenAtWord('严格落实第一责任人推进法治建设职责,深化依法治市工作机制', 16)).toBe('严格落实第一责任人推进法治建设…');
    const lines = sourceLines([citation(1, 'a'), citation(2, 'b'), { ...citation(3, 'c'), reportId: 'other', bureau: '梁平区司法局' }]);
    expect(lines.map((l) => l.text)).toEqual(['阳山县司法局 · 2024 全年 · [1][2] 优化司法为民服务', '梁平区司法局 · 2024 全年 · [3] 优化司法为民服务']);
  });

  it('splits long answers into valid messages under 4096 units, every quote shown once', () => {
    const quotes = Array.from({ length: 12 }, (_, i) => `第${i + 1}条：${'依法受理法律援助案件，'.repeat(40)}`);
    const messages = paginate(answerBlocks(answer(quotes)));
    expect(messages.length).toBeGreaterThan(1);
    expectValid(messages);
    const plain = messages.map(htmlToPlain).join('');
    for (let i = 1; i <= 12; i++) expect(plain.split(`第${i}条：`)).toHaveLength(2);
  });

  it('splits one huge quote without cutting a tag or an entity, reopening the blockquote', () => {
    const text = `${'法律援助&调解<案件>。'.repeat(700)}结尾`;
    const pieces = splitHtml(`<blockquote>${escapeHtml(text)}</blockquote>`, MESSAGE_LIMIT);
    expect(pieces.length).toBeGreaterThan(1);
    expectValid(pieces);
    expect(pieces.map(htmlToPlain).join('')).toBe(text);
    for (const p of pieces) expect(p.startsWith('<blockquote>') && p.endsWith('</blockquote>')).toBe(true);
  });

  it('keeps surrogate pairs whole when cutting anywhere', () => {
    const text = '😀'.repeat(3000);
    const pieces = splitHtml(`<b>${text}</b>`, 1000);
    expectValid(pieces);
    expect(pieces.map(htmlToPlain).join('')).toBe(text);
  });

  it('truncates captions to the limit with a mark', () => {
    const caption = truncate('图'.repeat(2000), 1024);
    expect(caption.length).toBeLessThanOrEqual(1024);
    expect(caption.endsWith('…')).toBe(true);
  });
});

describe('commands and buttons', () => {
  it('parses the same commands for bot and terminal', () => {
    expect(parseRequest('/summary 慈溪')).toEqual({ kind: 'summary', region: '慈溪' });
    expect(parseRequest('/summary')).toEqual({ kind: 'summary' });
    expect(parseRequest('/compare 阳山 梁平 法律援助')).toEqual({ kind: 'compare', regions: ['阳山', '梁平'], topic: '法律援助' });
    expect(parseRequest('/compare 阳山、梁平')).toEqual({ kind: 'compare', regions: ['阳山', '梁平'] });
    expect(parseRequest('/source 2')).toEqual({ kind: 'source', n: 2 });
    expect(parseRequest('/source abc')).toEqual({ kind: 'source' });
    expect(parseRequest('/ask')).toEqual({ kind: 'ask', question: '' });
    expect(parseRequest('那梁平区呢？')).toEqual({ kind: 'ask', question: '那梁平区呢？' });
    expect(parseRequest('/frobnicate')).toEqual({ kind: 'unknown', command: 'frobnicate' });
    expect(parseRequest('/language en')).toEqual({ kind: 'language', locale: 'en' });
    expect(parseRequest('/reset')).toEqual({ kind: 'reset' });
  });

  it('packs button data in at most 64 bytes and rejects anything else as stale', () => {
    const data = encodeAction({ kind: 'followUp', answer: 'zz9zz9', index: 2 });
    expect(byteLength(data)).toBeLessThanOrEqual(64);
    expect(decodeAction(data)).toEqual({ kind: 'followUp', answer: 'zz9zz9', index: 2 });
    expect(decodeAction('summary:阳山县司法局')).toBeUndefined();
    expect(decodeAction('s:zzzzzz')).toBeUndefined();
    expect(decodeAction(encodeAction({ kind: 'passage', answer: 'a1b2c3', n: 12 }))).toEqual({ kind: 'passage', answer: 'a1b2c3', n: 12 });
    expect(decodeAction(encodeAction({ kind: 'section', answer: 'a1b2c3', index: 3 }))).toEqual({ kind: 'section', answer: 'a1b2c3', index: 3 });
    expect(decodeAction('k:frobnicate')).toBeUndefined();
  });

  it('gives each kind of button a prefix of its own, so a feature claims only its buttons', () => {
    const actions = [
      { kind: 'summary', report: 'a1b2c3' },
      { kind: 'passage', answer: 'a1b2c3', n: 1 },
      { kind: 'followUp', answer: 'a1b2c3', index: 0 },
      { kind: 'section', answer: 'a1b2c3', index: 1 },
      { kind: 'example', index: 0 },
      { kind: 'command', name: 'help' },
      { kind: 'language', locale: 'en' },
      { kind: 'versionUse', version: '0123456789ab' },
      { kind: 'versionKeep', version: '0123456789ab' },
    ] as const;
    const data = actions.map((a) => encodeAction(a));
    expect(data.map((d) => decodeAction(d))).toEqual(actions);
    const prefixes = new Map(actions.map((a, i) => [a.kind, data[i]!.split(':')[0]]));
    expect(prefixes.get('versionUse')).toBe(prefixes.get('versionKeep'));
    prefixes.delete('versionKeep');
    expect(new Set(prefixes.values()).size).toBe(prefixes.size);
  });
});
