import { foldText } from '../../ingest/normalize.js';

/**
 * A model may write a number in any notation: full width, other scripts' digits (٩٩٩), circled,
 * mathematical or superscript digits, 大写 numerals (玖佰玖拾玖), Chinese decimals (九十九点九七),
 * 百分之…, English words (nine hundred ninety-nine) or fractions (三分之二, two thirds). Verification
 * must read them all, or a wrong number passes for want of being recognised as one. `numericText`
 * rewrites a sentence into the Arabic-digit, Simplified, half-width form `findNumbers` reads, and
 * takes fractions out as values of their own (they are ratios, checked as computed numbers).
 */

export interface Fraction {
  readonly raw: string;
  readonly value: number;
}

export interface NumericText {
  /** The sentence with every number in Arabic digits (not the same length as the input). */
  readonly text: string;
  readonly fractions: readonly Fraction[];
}

/** Stands where a fraction was, so that its digits are not read again as figures. */
export const FRACTION_MARK = '\uE000';

/** A decimal digit of any script (\p{Nd}); Unicode keeps each script's digits in runs of ten from 0 to 9. */
function digitValue(ch: string): number | undefined {
  if (!/\p{Nd}/u.test(ch)) return undefined;
  let cp = ch.codePointAt(0)!;
  let run = 0;
  while (/\p{Nd}/u.test(String.fromCodePoint(cp - 1))) {
    cp--;
    run++;
  }
  return run % 10;
}

function asciiDigits(text: string): string {
  let out = '';
  for (const ch of text) {
    const d = ch >= '0' && ch <= '9' ? undefined : digitValue(ch);
    out += d === undefined ? ch : String(d);
  }
  return out;
}

/** 大写 numerals, used on cheques and in formal writing, as the everyday ones. */
const FINANCIAL: Readonly<Record<string, string>> = {
  壹: '一', 贰: '二', 叁: '三', 肆: '四', 伍: '五', 陆: '六', 柒: '七', 捌: '八', 玖: '九', 拾: '十', 佰: '百', 仟: '千',
};
/** 陆 (as in 陆续) is a numeral only in a run with an unambiguous 大写 character. */
const FINANCIAL_RUN = /[零壹贰叁肆伍陆柒捌玖拾佰仟万亿]+/g;
const UNAMBIGUOUS_FINANCIAL = /[壹贰叁肆伍柒捌玖拾佰仟]/;

function everydayNumerals(text: string): string {
  return text.replace(FINANCIAL_RUN, (run) => (UNAMBIGUOUS_FINANCIAL.test(run) ? [...run].map((ch) => FINANCIAL[ch] ?? ch).join('') : run));
}

const CN_DIGIT: Readonly<Record<string, number>> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNIT: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000, 万: 1e4, 亿: 1e8 };

/** A Chinese integer numeral (三百零二, 一万二千, 十五) or a run of digits (二〇二四); undefined when malformed. */
export function chineseInteger(s: string): number | undefined {
  if ([...s].every((ch) => ch in CN_DIGIT)) return s.length === 0 ? undefined : Number([...s].map((ch) => CN_DIGIT[ch]).join(''));
  let total = 0;
  let section = 0;
  let digit = 0;
  for (const ch of s) {
    if (ch in CN_DIGIT) digit = CN_DIGIT[ch]!;
    else if (ch === '万' || ch === '亿') {
      total = (total + section + digit) * CN_UNIT[ch]!;
      section = 0;
      digit = 0;
    } else if (ch in CN_UNIT) {
      section += (digit || 1) * CN_UNIT[ch]!;
      digit = 0;
    } else return undefined;
  }
  return total + section + digit;
}

const CN_NUM = '[零〇一二两三四五六七八九十百千万亿]';
const CN_OR_ARABIC = `(?:\\d+(?:\\.\\d+)?|${CN_NUM}+(?:点[零〇一二三四五六七八九]+)?)`;

function numberOf(s: string): number | undefined {
  if (/^\d/.test(s)) return Number(s);
  const [whole = '', decimals] = s.split('点');
  const n = chineseInteger(whole);
  if (n === undefined) return undefined;
  return decimals ? Number(`${n}.${[...decimals].map((ch) => CN_DIGIT[ch]).join('')}`) : n;
}

/** 九十九点九七 → 99.97; 百分之九十九点九七 → 99.97%. */
function chineseDecimals(text: string): string {
  return text
    .replace(new RegExp(`百分之(${CN_OR_ARABIC})`, 'g'), (all, n: string) => {
      const v = numberOf(n);
      return v === undefined ? all : `${v}%`;
    })
    .replace(new RegExp(`${CN_NUM}+点[零〇一二三四五六七八九]+`, 'g'), (all) => {
      const v = numberOf(all);
      return v === undefined ? all : String(v);
    });
}

const EN_SMALL: Readonly<Record<string, number>> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const EN_SCALE: Readonly<Record<string, number>> = { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9 };
const EN_WORD = `(?:${[...Object.keys(EN_SMALL), ...Object.keys(EN_SCALE)].join('|')})`;
/** "nine hundred and ninety-nine", "2.3 million", "twenty three thousand". */
const EN_NUMBER = new RegExp(`\\b(?:\\d+(?:\\.\\d+)?[ -]+(?=(?:hundred|thousand|million|billion)\\b))?${EN_WORD}(?:(?:[ -]+|(?<=hundred|thousand|million|billion)[ -]+and[ -]+)${EN_WORD})*\\b`, 'gi');

function englishValue(phrase: string): number | undefined {
  let total = 0;
  let current = 0;
  for (const word of phrase.toLowerCase().split(/[ -]+/)) {
    if (word === 'and') continue;
    if (/^\d/.test(word)) current += Number(word);
    else if (word in EN_SMALL) current += EN_SMALL[word]!;
    else if (word === 'hundred') current = (current || 1) * 100;
    else if (word in EN_SCALE) {
      total += (current || 1) * EN_SCALE[word]!;
      current = 0;
    } else return undefined;
  }
  return total + current;
}

/** A lone "one" is a pronoun ("one of the …"), not a claim; every other number word is written as digits. */
function englishNumbers(text: string): string {
  return text.replace(EN_NUMBER, (phrase) => {
    const value = englishValue(phrase);
    if (value === undefined || /^(?:one|zero)$/i.test(phrase)) return phrase;
    return String(value);
  });
}

const EN_DENOMINATOR: Readonly<Record<string, number>> = { half: 2, halves: 2, third: 3, thirds: 3, quarter: 4, quarters: 4, fourth: 4, fourths: 4, fifth: 5, fifths: 5, tenth: 10, tenths: 10 };
const FRACTION_PATTERNS: readonly { readonly pattern: RegExp; readonly value: (m: RegExpExecArray) => number | undefined }[] = [
  { pattern: new RegExp(`(${CN_OR_ARABIC})分之(${CN_OR_ARABIC})`, 'g'), value: (m) => ratio(numberOf(m[2]!), numberOf(m[1]!)) },
  {
    pattern: new RegExp(`\\b(one|two|three|four|five|six|seven|eight|nine|a|\\d+)[ -]+(${Object.keys(EN_DENOMINATOR).join('|')})\\b`, 'gi'),
    value: (m) => ratio(/^a$/i.test(m[1]!) ? 1 : /^\d/.test(m[1]!) ? Number(m[1]) : EN_SMALL[m[1]!.toLowerCase()], EN_DENOMINATOR[m[2]!.toLowerCase()]),
  },
];

function ratio(numerator: number | undefined, denominator: number | undefined): number | undefined {
  return numerator === undefined || !denominator ? undefined : numerator / denominator;
}

function takeFractions(text: string): NumericText {
  const fractions: Fraction[] = [];
  let out = text;
  for (const { pattern, value } of FRACTION_PATTERNS) {
    out = out.replace(pattern, (...args) => {
      const m = args.slice(0, -2) as unknown as RegExpExecArray;
      const v = value(m);
      if (v === undefined) return m[0];
      fractions.push({ raw: m[0], value: v });
      return FRACTION_MARK;
    });
  }
  return { text: out, fractions };
}

/** The sentence in the one notation verification reads, its fractions apart. */
export function numericText(sentence: string): NumericText {
  const plain = everydayNumerals(foldText(asciiDigits(sentence.normalize('NFKC'))));
  const { text, fractions } = takeFractions(chineseDecimals(plain));
  return { text: englishNumbers(text).replace(/(\d)\s*(?:percent|per cent)\b/gi, '$1%'), fractions };
}
