import { foldText } from './normalize.js';
import type { Approximation } from './types.js';

/**
 * Finds the numbers of a Chinese text (Arabic and Chinese numerals) with their scale, unit and
 * qualifier, and tells figures apart from years, dates, ordinals and list markers.
 * Works on the folded text, so Traditional and full-width writing are read the same way;
 * `raw` and the offsets refer to the text as given.
 */

export type NumberKind = 'figure' | 'year' | 'date' | 'ordinal' | 'list';

export interface NumberToken {
  /** As written, qualifiers and unit included, e.g. `约4000份`, `8380.54余万元`. */
  raw: string;
  /** number × scale (percentages stay as written: 99.97% → 99.97). */
  value: number;
  /** The number as written before scale. */
  number: number;
  scale: number;
  /** Simplified unit without scale: 元, 件, %, 人次 … ('' when none). */
  unit: string;
  approx?: Approximation;
  start: number;
  end: number;
  kind: NumberKind;
}

const CN_DIGITS: Readonly<Record<string, number>> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const CN_SMALL: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };
const CN_BIG: Readonly<Record<string, number>> = { 万: 1e4, 亿: 1e8 };

/** Measure words and units, longest first so that 人次 wins over 人. */
export const UNITS: readonly string[] = [
  '个百分点', '个工作日', '平方公里', '平方米', '百分点', '工作日', '个月', '人次', '场次', '件次', '户次', '批次',
  '家次', '份次', '所次', '课时', '学时', '小时', '分钟', '周年', '公里', '千米', '美元',
  '%', '‰', '元', '件', '宗', '场', '人', '名', '个', '家', '所', '项', '份', '本', '册', '条', '篇', '期', '起',
  '批', '类', '户', '村', '天', '周', '米', '亩', '吨', '套', '台', '辆', '张', '幅', '块', '座', '处', '支', '队',
  '位', '部', '段', '轮', '站', '点', '笔', '单', '门', '节', '集', '种', '组', '对', '栋', '间', '字', '倍', '堂',
  '讲', '遍', '年', '日', '次', '分',
];

const NUMBER_CORE = /\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*/g;
const PREFIX_APPROX: readonly (readonly [string, Approximation])[] = [
  ['超过', '超'], ['大约', '约'], ['约', '约'], ['超', '超'], ['近', '近'], ['逾', '逾'],
];
const RANGE_JOINER = /^(?:-|—{1,2}|–|~|至|到)$/;

interface Core {
  number: number;
  scale: number;
  chinese: boolean;
  /** Written digit by digit, e.g. 二〇二四 (only meaningful as a year). */
  digitwise: boolean;
  decimal: boolean;
}

function parseChineseDigitwise(s: string): number | undefined {
  let n = 0;
  for (const ch of s) {
    const d = CN_DIGITS[ch];
    if (d === undefined) return undefined;
    n = n * 10 + d;
  }
  return n;
}

/** Positional Chinese numeral (三百二十, 两千, 一亿两千万); undefined when not well formed. */
function parseChinesePositional(s: string): number | undefined {
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  let lastSmall = Infinity;
  let afterZero = false;
  for (const ch of s) {
    const d = CN_DIGITS[ch];
    const small = CN_SMALL[ch];
    const big = CN_BIG[ch];
    if (d !== undefined) {
      if (digit !== undefined && !afterZero) return undefined;
      afterZero = d === 0;
      digit = d === 0 ? undefined : d;
    } else if (small !== undefined) {
      if (small >= lastSmall) return undefined;
      section += (digit ?? 1) * small;
      lastSmall = small;
      digit = undefined;
      afterZero = false;
    } else if (big !== undefined) {
      section += digit ?? 0;
      if (section === 0 && total === 0) return undefined;
      total = big === 1e8 ? (total + section) * big : total + section * big;
      section = 0;
      digit = undefined;
      lastSmall = Infinity;
      afterZero = false;
    }
  }
  return total + section + (digit ?? 0);
}

function parseCore(core: string): Core | undefined {
  if (/^\d/.test(core)) {
    return { number: Number(core.replace(/,/g, '')), scale: 1, chinese: false, digitwise: false, decimal: core.includes('.') };
  }
  if (core.length > 1 && !/[十百千万亿]/.test(core)) {
    const n = parseChineseDigitwise(core);
    return n === undefined ? undefined : { number: n, scale: 1, chinese: true, digitwise: true, decimal: false };
  }
  const bigTail = /[万亿]+$/.exec(core)?.[0] ?? '';
  const head = core.slice(0, core.length - bigTail.length);
  if (bigTail && head && !/[万亿]/.test(head)) {
    const n = parseChinesePositional(head);
    const scale = [...bigTail].reduce((p, ch) => p * (CN_BIG[ch] ?? 1), 1);
    return n === undefined ? undefined : { number: n, scale, chinese: true, digitwise: false, decimal: false };
  }
  const n = parseChinesePositional(core);
  return n === undefined ? undefined : { number: n, scale: 1, chinese: true, digitwise: false, decimal: false };
}

function round(n: number): number {
  return Number(n.toPrecision(15));
}

interface Tail {
  end: number;
  scale: number;
  unit: string;
  approx?: Approximation;
}

/** Reads what follows a number: 余/多, 万/亿/千, the unit, 以上/左右. */
function readTail(f: string, pos: number, hasScale: boolean): Tail {
  let p = pos;
  let approx: Approximation | undefined;
  let scale = 1;
  const takeMore = () => {
    const ch = f[p];
    if (ch === '余' || ch === '多') {
      approx = ch;
      p++;
    }
  };
  takeMore();
  if (!hasScale) {
    const m = /^(?:万亿|亿|万|千(?![米瓦克]))/.exec(f.slice(p, p + 2));
    if (m) {
      scale = m[0] === '万亿' ? 1e12 : m[0] === '亿' ? 1e8 : m[0] === '万' ? 1e4 : 1e3;
      p += m[0].length;
      if (!approx) takeMore();
    }
  }
  // "202 件", "99.97 %": one space may stand between a number and its unit.
  const gap = f[p] === ' ' && UNITS.some((u) => f.startsWith(u, p + 1)) ? 1 : 0;
  const unit = UNITS.find((u) => f.startsWith(u, p + gap)) ?? '';
  p += unit ? gap + unit.length : 0;
  if (unit) {
    const suffix = /^(?:以上|左右)/.exec(f.slice(p, p + 2))?.[0] as Approximation | undefined;
    if (suffix) {
      approx ??= suffix;
      p += suffix.length;
    }
  }
  return { end: p, scale, unit, ...(approx ? { approx } : {}) };
}

/** Words ending in 约 that are not "about" (村规民约220份, 签约3家). */
const NOT_APPROX_YUE = /(?:民|公|合|契|条|节|制|预|邀|特|履|签|违|誓|相|规)约$/;

function readPrefixApprox(f: string, start: number): { start: number; approx: Approximation } | undefined {
  for (const [word, approx] of PREFIX_APPROX) {
    if (!f.startsWith(word, start - word.length)) continue;
    if (word === '约' && NOT_APPROX_YUE.test(f.slice(start - 2, start))) return undefined;
    return { start: start - word.length, approx };
  }
  return undefined;
}

function lineStartBefore(f: string, pos: number): boolean {
  const lineStart = f.lastIndexOf('\n', pos - 1) + 1;
  return /^[\s(]*$/.test(f.slice(lineStart, pos));
}

const ORDINAL_AFTER = /^(?:届|大(?![于约概幅力量批型])|中(?=[^。\n]{0,8}全会)|次全会|次党代会)/;

function classify(f: string, start: number, end: number, core: Core, tail: Tail): NumberKind | undefined {
  const before = f[start - 1] ?? '';
  const after = f.slice(end, end + 12);
  if (before === '第') return 'ordinal';
  if (core.chinese && ORDINAL_AFTER.test(after)) return 'ordinal';
  if (before === '(' && after.startsWith(')')) return 'list';
  if (core.chinese && after.startsWith('是')) return 'list';
  const listMark = /^[.、)]\D/.test(after);
  if (listMark && (lineStartBefore(f, start) || /[:;。!?,]/.test(before))) return 'list';
  const isYearNumber = Number.isInteger(core.number) && core.number >= 1900 && core.number <= 2100 && !core.decimal;
  if (isYearNumber && core.scale === 1 && tail.scale === 1 && !tail.approx && (tail.unit === '年' || tail.unit === '')) {
    return 'year';
  }
  if (core.digitwise) return undefined;
  if (tail.unit === '' && !tail.approx && tail.scale === 1 && Number.isInteger(core.number) && core.scale === 1) {
    if (f[end] === '月' && core.number >= 1 && core.number <= 12) return 'date';
    if ((f[end] === '日' || f[end] === '号') && before === '月') return 'date';
  }
  if (tail.unit === '日' && before === '月') return 'date';
  return 'figure';
}

/** Chinese numerals stand alone in many words (统一, 十分, 三会一课): keep only clear numbers. */
function acceptChinese(coreText: string, kind: NumberKind, tail: Tail, before: string): boolean {
  if (kind !== 'figure') return true;
  // “四个意识”, “两个维护”: a slogan, not a count.
  if (coreText === '一' || before === '“' || before === '"') return false;
  // 十分, 三分: a Chinese numeral before 分 is an adverb or a fraction, not a score
  if (tail.unit === '分') return false;
  return tail.unit !== '' || tail.scale > 1 || (coreText.length > 1 && /[十百千万亿]/.test(coreText));
}

function tokenAt(text: string, f: string, m: RegExpExecArray): NumberToken | undefined {
  const coreText = m[0];
  const core = parseCore(coreText);
  if (!core) return undefined;
  let start = m.index;
  let end = start + coreText.length;
  const percentWord = core.chinese && f.startsWith('百分之', start - 3);
  const tail = percentWord ? { end, scale: 1, unit: '%' } : readTail(f, end, core.scale > 1);
  const kind = classify(f, start, end, core, tail);
  if (!kind || (core.chinese && !acceptChinese(coreText, kind, tail, f[start - 1] ?? ''))) return undefined;
  if (kind !== 'figure') {
    const unit = kind === 'year' ? '年' : '';
    return { raw: text.slice(start, end), value: core.number, number: core.number, scale: 1, unit, start, end, kind };
  }
  if (percentWord) start -= 3;
  // 约130余场次: the qualifier written with the number (余) is the one that counts.
  const prefix = tail.approx ? undefined : readPrefixApprox(f, start);
  if (prefix) start = prefix.start;
  end = tail.end;
  const scale = core.scale * tail.scale;
  const approx = tail.approx ?? prefix?.approx;
  return {
    raw: text.slice(start, end),
    value: round(core.number * scale),
    number: core.number,
    scale,
    unit: tail.unit,
    ...(approx ? { approx } : {}),
    start,
    end,
    kind,
  };
}

/** In "3-5万元" or "2021-2025年" the first number takes the unit and kind of the second. */
function spreadOverRanges(f: string, tokens: NumberToken[]): void {
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i]!;
    const b = tokens[i + 1]!;
    if (!RANGE_JOINER.test(f.slice(a.end, b.start)) || a.unit !== '' || a.scale !== 1) continue;
    if (a.kind !== 'figure' || b.kind === 'list' || b.kind === 'ordinal') continue;
    a.kind = b.kind;
    a.unit = b.unit;
    if (b.kind === 'figure') {
      a.scale = b.scale;
      a.value = round(a.number * b.scale);
    }
  }
}

/** `folded` may be passed when the caller already has foldText(text). */
export function findNumbers(text: string, folded?: string): NumberToken[] {
  const f = folded ?? foldText(text);
  const tokens: NumberToken[] = [];
  for (const m of f.matchAll(NUMBER_CORE)) {
    const last = tokens[tokens.length - 1];
    if (last && m.index < last.end) continue;
    const token = tokenAt(text, f, m as RegExpExecArray);
    if (token) tokens.push(token);
  }
  spreadOverRanges(f, tokens);
  return tokens;
}
