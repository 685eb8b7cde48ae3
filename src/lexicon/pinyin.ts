import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
type PinyinFn = (text: string, options: { toneType: 'none'; type: 'array' }) => string[];
let pinyinOf: PinyinFn | undefined;

/** Chinese in pinyin without tones, lower case, without spaces (阳山 → yangshan); pinyin-pro loads on first use only. */
export function pinyinKey(name: string): string {
  pinyinOf ??= (require('pinyin-pro') as { pinyin: PinyinFn }).pinyin;
  return pinyinOf(name, { toneType: 'none', type: 'array' }).join('').toLowerCase();
}

/** A region's name as English writes it: Yangshan County, Liangping District, Cixi City. */
export function englishPlaceName(name: string): string {
  const suffix = /(?:县|区|市|省)$/.exec(name)?.[0];
  const base = suffix ? name.slice(0, -suffix.length) : name;
  const word = pinyinKey(base);
  const capitalised = word.charAt(0).toUpperCase() + word.slice(1);
  const kind = suffix === '县' ? ' County' : suffix === '区' ? ' District' : suffix === '市' ? ' City' : suffix === '省' ? ' Province' : '';
  return `${capitalised}${kind}`;
}
