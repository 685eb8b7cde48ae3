import { citationMarks, oneLine } from './text.js';

/** Telegram's caption limit in UTF-16 units. */
const captionLimit = 1024;

/**
 * e.g. `阳山县 2024全年 与 梁平区 2024全年：法律援助、人民调解。数据引自 [1][2][3][4]`.
 * Items are dropped from the end (with 等) until the caption fits; the citations always stay.
 */
export function chartCaption(head: string, items: readonly string[], citations: Iterable<number>): string {
  const tail = `。数据引自 ${citationMarks(citations)}`;
  const lines = items.map(oneLine);
  for (let count = lines.length; count > 0; count--) {
    const list = lines.slice(0, count).join('、') + (count < lines.length ? ' 等' : '');
    const caption = `${oneLine(head)}：${list}${tail}`;
    if (caption.length <= captionLimit) return caption;
  }
  return clip(`${oneLine(head)}${tail}`, captionLimit);
}

/** Cuts at a code point boundary so no half surrogate pair is sent. */
function clip(text: string, limit: number): string {
  let clipped = '';
  for (const char of text) {
    if (clipped.length + char.length > limit) break;
    clipped += char;
  }
  return clipped;
}
