/**
 * An API transformer: when Telegram rejects our HTML ("can't parse entities"), the same
 * message is sent once more as plain text, so the user still gets the answer.
 */
import type { Transformer } from 'grammy';
import type { Logger } from '../logger.js';
import { htmlToPlain } from './format.js';

const TEXT_FIELD: Readonly<Record<string, 'text' | 'caption'>> = {
  sendMessage: 'text',
  editMessageText: 'text',
  sendPhoto: 'caption',
};

export function plainTextFallback(logger: Logger): Transformer {
  return async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    const field = TEXT_FIELD[method];
    const fields = payload as Record<string, unknown>;
    if (result.ok || field === undefined || fields.parse_mode !== 'HTML' || typeof fields[field] !== 'string') return result;
    if (result.error_code !== 400 || !/can't parse entities/i.test(result.description)) return result;
    logger.warn({ method, description: result.description }, 'HTML rejected: resending as plain text');
    const { parse_mode: _dropped, ...rest } = fields;
    const plain = { ...rest, [field]: htmlToPlain(fields[field] as string) };
    return prev(method, plain as typeof payload, signal);
  };
}
