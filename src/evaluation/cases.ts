import { z } from 'zod';

const text = z.string().min(1);
const texts = z.array(text);
/** Phenomena a case exercises (english, colloquial, followup …), for per-tag scores. */
const tags = z.array(text).default([]);
const base = { id: z.string(), tags };

/**
 * The case kinds of `../shared/eval/README.md`, plus two of our own: `multi` (several parts, each
 * quoted) and `rank` (a figure across reports, the right region named first). `headline` asks the
 * first line to hold the expected figure, `also` adds strings the text must hold anywhere.
 */
const caseSchema = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('fact'), q: text, region: text, expect: texts.min(1), headline: z.boolean().default(false), also: texts.default([]) }),
  z.object({ ...base, kind: z.literal('quote'), q: text, region: text, quote_any: texts.min(1) }),
  z.object({ ...base, kind: z.literal('none'), q: text, also: texts.default([]) }),
  z.object({
    ...base,
    kind: z.literal('list'),
    q: text,
    region: text.optional(),
    regions: texts.optional(),
    expect_all: texts.min(1),
  }),
  z.object({ ...base, kind: z.literal('yesno'), q: text, region: text, yes: z.boolean(), quote_any: texts.min(1) }),
  z.object({ ...base, kind: z.literal('premise'), q: text, region: text, truth: texts.min(1) }),
  z.object({
    ...base,
    kind: z.literal('chat'),
    turns: texts.min(1),
    region: text.optional(),
    expect: texts.optional(),
    none: z.boolean().default(false),
  }),
  z.object({ ...base, kind: z.literal('multi'), q: text, region: text, expect: texts.min(2) }),
  z.object({
    ...base,
    kind: z.literal('rank'),
    q: text,
    regions: texts.min(1),
    best: text.optional(),
    expect: texts.default([]),
    flag: texts.default([]),
  }),
  z.object({
    ...base,
    kind: z.literal('summary'),
    region: text,
    expect_any: texts.default([]),
    min_any: z.number().int().min(0).default(1),
    expect: texts.default([]),
  }),
  z.object({
    ...base,
    kind: z.literal('compare'),
    regions: z.tuple([text, text]),
    topic: z.string().optional(),
    expect: texts.default([]),
    expect_any: texts.optional(),
    expect_any2: texts.optional(),
    min_any: z.number().int().min(0).default(1),
  }),
]);

export type EvalCase = z.infer<typeof caseSchema>;
export type CaseKind = EvalCase['kind'];
export const CASE_KINDS: readonly CaseKind[] = ['fact', 'quote', 'none', 'list', 'yesno', 'premise', 'chat', 'multi', 'rank', 'summary', 'compare'];

export interface ParsedCases {
  readonly cases: readonly EvalCase[];
  /** Lines that are not valid cases, with the reason: reported, never fatal. */
  readonly problems: readonly string[];
}

/** Reads a JSONL case file: one case a line, blank lines skipped. */
export function parseCases(content: string): ParsedCases {
  const cases: EvalCase[] = [];
  const problems: string[] = [];
  content.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      problems.push(`line ${i + 1}: not JSON`);
      return;
    }
    const parsed = caseSchema.safeParse(json);
    if (parsed.success) cases.push(parsed.data);
    else problems.push(`line ${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
  });
  return { cases, problems };
}

/** Whether a case expects the reports to answer (so a notFound answer to it is a false "not found"). */
export function expectsAnswer(c: EvalCase): boolean {
  return c.kind !== 'none' && !(c.kind === 'chat' && c.none);
}
