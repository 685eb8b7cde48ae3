import { citationMarks, oneLine } from './text.js';

/** Telegram's caption limit in UTF-16 units. */
const captionLimit = 1024;

/**
 * e.g. `阳山县 2024全年 与 梁平区 2024全年：5 项数字，数据引自 [1][2][3][4]`. The chart shows the
 * measures' names, so the caption does not repeat them; it says what is compared and where from.
 */
export function chartCaption(head: string, figures: number, citations: Iterable<number>): string {
  return clip(`${oneLine(head)}：${figures} 项数字，数据引自 ${citationMarks(citations)}`, captionLimit);
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
