/**
 * The interface languages (zh, en) as Fluent files in `locales/`, loaded by @grammyjs/i18n. A user's
 * language comes from their choice (/language), else from Telegram's language_code; an English
 * question gets an English frame whatever the setting.
 */
import path from 'node:path';
import { I18n } from '@grammyjs/i18n';
import { projectRoot } from '../config.js';
import type { BotContext } from './context.js';

export type Locale = 'zh' | 'en';

/** A message of the current language by key; the text is plain (escape it for HTML). */
export type Translate = (key: string, variables?: Readonly<Record<string, string | number>>) => string;

/** The user's language: chosen with /language, else Telegram's language_code. */
export function localeOf(ctx: BotContext): Locale {
  return (ctx.from && ctx.session.user.language) || localeOfLanguageCode(ctx.from?.language_code);
}

export const i18n = new I18n<BotContext>({
  defaultLocale: 'zh',
  localeNegotiator: localeOf,
  directory: path.join(projectRoot, 'locales'),
  // Fluent wraps variables in bidi isolation marks by default: they would show up in Chinese text.
  fluentBundleOptions: { useIsolating: false },
});

export function translator(locale: Locale): Translate {
  return (key, variables) => i18n.t(locale, key, variables ? { ...variables } : undefined);
}

export function isLocale(value: unknown): value is Locale {
  return value === 'zh' || value === 'en';
}

/** Telegram's language_code (`zh-hans`, `en`, `de` …) as one of ours: Chinese for zh*, English for any other. */
export function localeOfLanguageCode(code: string | undefined): Locale {
  if (code === undefined || code === '' || code.toLowerCase().startsWith('zh')) return 'zh';
  return 'en';
}

/** A question written in Latin letters without Chinese characters is answered in an English frame. */
export function questionLocale(question: string): Locale | undefined {
  const han = question.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = question.match(/[A-Za-z]/g)?.length ?? 0;
  return latin >= 3 && latin > han * 2 ? 'en' : undefined;
}
