import iconv from 'iconv-lite';

/** Decodes a plain-text file: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030/GBK. */

export type Decoded = { ok: true; text: string; encoding: string } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const controls = text.match(/[\u0001-\u0008\u000e-\u001f\u007f]/g)?.length ?? 0;
  return controls > Math.max(2, text.length / 200);
}

/** GB18030 accepts almost any byte string: only trust it when the result reads as Chinese. */
function looksChinese(text: string): boolean {
  const nonAscii = text.match(/[^\u0000-\u007f]/g)?.length ?? 0;
  const han = text.match(/\p{Script=Han}|[\u3000-\u303f\uff00-\uffef“”‘’—…·]/gu)?.length ?? 0;
  return nonAscii === 0 || han / nonAscii > 0.9;
}

export function decodeText(bytes: Buffer): Decoded {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: true, text: bytes.subarray(2).toString('utf16le'), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { ok: true, text: iconv.decode(bytes.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let text: string | undefined;
  let encoding = 'utf-8';
  try {
    text = utf8.decode(hasBom ? bytes.subarray(3) : bytes);
  } catch {
    const gb = iconv.decode(bytes, 'gb18030');
    if (!looksBinary(gb) && looksChinese(gb)) {
      text = gb;
      encoding = 'gb18030';
    }
  }
  if (text === undefined) return { ok: false, reason: '无法识别文件编码（既不是 UTF-8 也不是 GB18030/GBK 文本）' };
  if (looksBinary(text)) return { ok: false, reason: '文件内容是二进制数据，不是文本' };
  return { ok: true, text, encoding };
}
