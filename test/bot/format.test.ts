import { describe, expect, it } from 'vitest';
import type { Answer, Citation } from '../../src/answer/types.js';
import { decodeAction, encodeAction } from '../../src/bot/callbacks.js';
import { nearestCommand, parseRequest } from '../../src/bot/commands.js';
import { answerBlocks, escapeHtml, htmlToPlain, MESSAGE_LIMIT, paginate, splitHtml, truncate } from '../../src/bot/format.js';
import { citationLabel } from '../../src/bot/labels.js';
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

  it('puts figures in bold, each quote in its own blockquote and a compact citation line', () => {
    const html = answerBlocks(answer(['共受理法律援助案件202件'])).join('\n\n');
    expect(html).toContain('<b>202件</b>');
    expect(html).toContain('<blockquote>[1] 共受理法律援助案件202件</blockquote>');
    expect(citationLabel(citation(1, 'x'))).toBe('[1] 阳山县司法局 · 2024 全年 · 一、主要措施及成效 > (五)优化司法为民… > 4.');
  });

  it('splits long answers at block boundaries into valid messages under 4096 units', () => {
    const quotes = Array.from({ length: 12 }, (_, i) => `第${i + 1}条：${'依法受理法律援助案件，'.repeat(40)}`);
    const messages = paginate(answerBlocks(answer(quotes)));
    expect(messages.length).toBeGreaterThan(1);
    expectValid(messages);
    const quoteCount = messages.join('').match(/<blockquote>/g)?.length;
    expect(quoteCount).toBe(12);
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
    expect(parseRequest('/help@other_bot', 'report_test_bot')).toBeUndefined();
    expect(parseRequest('/help@Report_Test_Bot', 'report_test_bot')).toEqual({ kind: 'help' });
  });

  it('suggests the command a typo most likely meant', () => {
    expect(nearestCommand('sumary')).toBe('summary');
    expect(nearestCommand('compre')).toBe('compare');
    expect(nearestCommand('frobnicate')).toBeUndefined();
  });

  it('packs button data in at most 64 bytes and rejects anything else as stale', () => {
    const data = encodeAction({ kind: 'compareTopic', a: 'abcdef', b: '012345', topic: 6 });
    expect(byteLength(data)).toBeLessThanOrEqual(64);
    expect(decodeAction(data)).toEqual({ kind: 'compareTopic', a: 'abcdef', b: '012345', topic: 6 });
    expect(decodeAction('summary:阳山县司法局')).toBeUndefined();
    expect(decodeAction('s:zzzzzz')).toBeUndefined();
  });
});
