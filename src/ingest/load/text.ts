import iconv from 'iconv-lite';
import jschardet from 'jschardet';

/**
 * Decodes a plain-text file: UTF-8 (with or without BOM) and UTF-16 with BOM by their marks, else
 * the encoding jschardet finds most likely, with its confidence, among those of Chinese text
 * (GB18030/GBK/GB2312, Big5, UTF-16 without BOM). Japanese encodings (Shift-JIS, EUC-JP) are
 * refused by name: decoded as GB18030 they read as plausible Chinese gibberish. A decoding that
 * leaves replacement characters or control codes, or does not read as Chinese, is refused.
 */

export type Decoded = { ok: true; text: string; encoding: string; confidence: number } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** jschardet reads this much of a file: enough to be sure, little enough to be quick. */
const SAMPLE_BYTES = 256 * 1024;
const JAPANESE = /^(?:SHIFT_JIS|CP932|EUC-JP|ISO-2022-JP)$/i;
/** jschardet's names → iconv-lite's, for the encodings Chinese reports come in. */
const CHINESE: Readonly<Record<string, string>> = {
  GB18030: 'gb18030',
  GB2312: 'gb18030',
  GBK: 'gb18030',
  BIG5: 'big5',
  'UTF-16LE': 'utf-16le',
  'UTF-16-LE': 'utf-16le',
  'UTF-16BE': 'utf-16be',
  'UTF-16-BE': 'utf-16be',
};
/** Below this confidence a Japanese guess is not believed. */
const JAPANESE_CONFIDENCE = 0.5;
/** Share of replacement characters beyond which a decoding is garbage. */
const MAX_REPLACEMENT_SHARE = 0.001;

function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const controls = text.match(/[\u0001-\u0008\u000e-\u001f\u007f]/g)?.length ?? 0;
  return controls > Math.max(2, text.length / 200);
}

/** Most characters outside ASCII are Chinese characters or CJK punctuation. */
function looksChinese(text: string): boolean {
  const nonAscii = text.match(/[^\u0000-\u007f]/g)?.length ?? 0;
  const han = text.match(/\p{Script=Han}|[\u3000-\u303f\uff00-\uffef“”‘’—…·]/gu)?.length ?? 0;
  return nonAscii === 0 || han / nonAscii > 0.9;
}

function readsCleanly(text: string): boolean {
  const replaced = text.match(/\ufffd/g)?.length ?? 0;
  return replaced <= text.length * MAX_REPLACEMENT_SHARE && !looksBinary(text) && looksChinese(text);
}

function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}

/** The most likely Chinese decoding of bytes that are not UTF-8. */
function detectAndDecode(bytes: Buffer): Decoded {
  const guesses = jschardet.detectAll(bytes.subarray(0, SAMPLE_BYTES)).flatMap((g) => (g.encoding ? [{ encoding: g.encoding, confidence: g.confidence }] : []));
  const best = guesses[0];
  if (best && JAPANESE.test(best.encoding) && best.confidence >= JAPANESE_CONFIDENCE) {
    return { ok: false, reason: `文件是日文编码（${best.encoding}，把握 ${percent(best.confidence)}）的文本，不是中文报告；请另存为 UTF-8 后再导入` };
  }
  for (const guess of guesses) {
    const encoding = CHINESE[guess.encoding.toUpperCase()];
    if (!encoding) continue;
    const text = iconv.decode(bytes, encoding);
    if (readsCleanly(text)) return { ok: true, text, encoding, confidence: guess.confidence };
  }
  const fallback = iconv.decode(bytes, 'gb18030');
  if (readsCleanly(fallback)) return { ok: true, text: fallback, encoding: 'gb18030', confidence: 0 };
  const named = best ? `（最像 ${best.encoding}，把握 ${percent(best.confidence)}）` : '';
  return { ok: false, reason: `无法识别文件编码${named}：既不是 UTF-8，也不能解码成通顺的中文（GB18030/GBK、Big5、UTF-16）` };
}

export function decodeText(bytes: Buffer): Decoded {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: true, text: bytes.subarray(2).toString('utf16le'), encoding: 'utf-16le', confidence: 1 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { ok: true, text: iconv.decode(bytes.subarray(2), 'utf-16be'), encoding: 'utf-16be', confidence: 1 };
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let decoded: Decoded;
  try {
    decoded = { ok: true, text: utf8.decode(hasBom ? bytes.subarray(3) : bytes), encoding: 'utf-8', confidence: 1 };
  } catch {
    decoded = detectAndDecode(bytes);
  }
  if (decoded.ok && looksBinary(decoded.text)) return { ok: false, reason: '文件内容是二进制数据，不是文本' };
  return decoded;
}
