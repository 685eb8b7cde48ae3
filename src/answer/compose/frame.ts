import type { Period, ReportMeta } from '../../ingest/types.js';
import { englishPlaceName } from '../../lexicon/pinyin.js';
import { yearPeriod } from './render-text.js';

/**
 * The words around the report's own words, in the language the question was asked in: a Chinese
 * question gets Chinese, an English one an English frame around the Chinese figures and quotes.
 */

export type Language = 'zh' | 'en';

const PERIOD_EN: Readonly<Record<Period, string>> = {
  全年: 'full year',
  上半年: 'first half',
  下半年: 'second half',
  第一季度: 'first quarter',
  第二季度: 'second quarter',
  第三季度: 'third quarter',
  第四季度: 'fourth quarter',
  前三季度: 'first three quarters',
};

/** "阳山县（2024年全年）" or "Yangshan County (阳山县), 2024 full year". */
export function regionLabel(meta: ReportMeta, language: Language): string {
  if (language === 'en') return `${englishPlaceName(meta.region)} (${meta.region}), ${meta.year} ${PERIOD_EN[meta.period]}`;
  return `${meta.region}（${yearPeriod(meta)}）`;
}

/** A fixed phrase of an answer in the question's language. */
export function say(language: Language, zh: string, en: string): string {
  return language === 'en' ? en : zh;
}
