import path from 'node:path';

/**
 * The name an uploaded report is stored under: no folders, control characters, HTML or shell
 * marks, at most MAX_NAME characters (ENAMETOOLONG comes at 255 bytes, and a Chinese character
 * takes three), never hidden, extension kept. The name as sent is kept as metadata.
 */

const MAX_NAME = 60;
const UNSAFE = /[\u0000-\u001f\u007f-\u009f/\\:*?"<>|&'`$;{}\u200b-\u200f\u2028-\u202e\ufeff]+/g;

export function safeFileName(original: string): string {
  const base = original.split(/[/\\]/).pop() ?? '';
  const ext = path.extname(base).toLowerCase().replace(UNSAFE, '').slice(0, 8);
  const stem = base
    .slice(0, base.length - path.extname(base).length)
    .replace(UNSAFE, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const kept = Array.from(stem).slice(0, MAX_NAME - ext.length).join('').trim();
  return `${kept || 'report'}${ext}`;
}
