/**
 * Inline mode: `@bot 阳山 法律援助` in any chat lists the answer as a result to send (its text
 * with its quote and sources). Results are cached briefly by Telegram, and by the workers when
 * they share Redis; the allowlist applies (access.ts runs first and answers refused users with
 * no results).
 */
import { createHash } from 'node:crypto';
import { Composer, InlineQueryResultBuilder, type StorageAdapter } from 'grammy';
import type { InlineQueryResult } from 'grammy/types';
import { answerHtml } from '../answer-html.js';
import type { BotContext, FeatureDeps } from '../context.js';
import { htmlToPlain, paginate, truncate } from '../format.js';
import { questionLocale, translator } from '../i18n.js';
import { localeOf } from '../i18n.js';

/** Seconds Telegram may reuse the results for the same query. */
const INLINE_CACHE_SECONDS = 60;
/** Shorter queries are still being typed: nothing is searched yet. */
const MIN_QUERY_CHARS = 2;
const MAX_QUERY_CHARS = 256;

interface CachedResult {
  readonly result: InlineQueryResult;
  readonly outcome: string;
}

const cacheKey = (locale: string, query: string) => createHash('sha256').update(`${locale}\n${query}`).digest('base64url');

export function inlineFeature({ answers, state }: FeatureDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const cache: StorageAdapter<CachedResult> = state.cache('inline', INLINE_CACHE_SECONDS * 1000);
  feature.on('inline_query', async (ctx) => {
    ctx.trace.command = 'inline';
    const query = ctx.inlineQuery.query.trim().slice(0, MAX_QUERY_CHARS);
    const locale = questionLocale(query) ?? localeOf(ctx);
    const t = translator(locale);
    if (Array.from(query).length < MIN_QUERY_CHARS) {
      ctx.trace.outcome = 'inlineEmpty';
      await ctx.answerInlineQuery([], { cache_time: INLINE_CACHE_SECONDS, button: { text: t('inline-empty'), start_parameter: 'inline' } });
      return;
    }
    const key = cacheKey(locale, query);
    const cached = await cache.read(key);
    if (cached) {
      ctx.trace.outcome = `${cached.outcome}:cached`;
      await ctx.answerInlineQuery([cached.result], { cache_time: INLINE_CACHE_SECONDS });
      return;
    }
    const answer = await answers.ask(query, { user: String(ctx.from.id) });
    ctx.trace.outcome = answer.notFound ? 'notFound' : `inline:${answer.kind}`;
    ctx.trace.timings = answer.timings;
    const html = paginate(answerHtml(answer, t))[0] ?? '';
    const plain = htmlToPlain(html);
    const [title = query, ...rest] = plain.split('\n').filter((line) => line.trim() !== '');
    const result = InlineQueryResultBuilder.article(`a${answer.kind}`, truncate(title, 120), {
      description: truncate(rest.join(' '), 200),
    }).text(html, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
    await ctx.answerInlineQuery([result], { cache_time: INLINE_CACHE_SECONDS });
    await cache.write(key, { result, outcome: ctx.trace.outcome });
  });
  return feature;
}
