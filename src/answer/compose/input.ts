/** Longest question the service reads; longer ones are refused with a clear message. */
export const MAX_QUESTION_LENGTH = 500;

export type CheckedQuestion = { readonly ok: true; readonly question: string } | { readonly ok: false; readonly message: string };

/** Markup pasted from a web page: scripts and styles say nothing asked; other tags only wrap the words. */
const HIDDEN_MARKUP = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const TAG = /<\/?[a-z][^<>]*>/gi;
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The words of a question pasted with HTML: tags dropped, the common entities read. */
function withoutMarkup(raw: string): string {
  return raw
    .replace(HIDDEN_MARKUP, ' ')
    .replace(TAG, ' ')
    .replace(/&(amp|lt|gt|quot|apos|nbsp);/g, (_, name: string) => ENTITIES[name] ?? '');
}

/** Rejects input no search can use: empty, no words at all, or far too long. */
export function checkQuestion(raw: string): CheckedQuestion {
  const question = withoutMarkup(raw).replace(/\s+/g, ' ').trim();
  if (question.length === 0) return { ok: false, message: '问题是空的。请输入一个关于报告的问题，例如“阳山县受理了多少件法律援助案件？”' };
  if (!/[\p{L}\p{N}]/u.test(question)) {
    return { ok: false, message: '问题里没有文字或数字，无法检索。请用文字提问，例如“慈溪市行政复议发案量是多少？”' };
  }
  if (question.length > MAX_QUESTION_LENGTH) {
    return {
      ok: false,
      message: `问题太长（${question.length}字），请缩短到${MAX_QUESTION_LENGTH}字以内，一次问一件事。`,
    };
  }
  return { ok: true, question };
}
