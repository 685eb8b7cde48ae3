import { z } from 'zod';

const text = z.string().min(1);

const caseSchema = z.discriminatedUnion('kind', [
  z.object({ id: z.string(), kind: z.literal('fact'), q: text, region: text, expect: z.array(text).min(1) }),
  z.object({ id: z.string(), kind: z.literal('quote'), q: text, region: text, quote_any: z.array(text).min(1) }),
  z.object({ id: z.string(), kind: z.literal('none'), q: text }),
  z.object({
    id: z.string(),
    kind: z.literal('summary'),
    region: text,
    expect_any: z.array(text).default([]),
    min_any: z.number().int().min(0).default(1),
    expect: z.array(text).default([]),
  }),
  z.object({
    id: z.string(),
    kind: z.literal('compare'),
    regions: z.tuple([text, text]),
    topic: z.string().optional(),
    expect: z.array(text).default([]),
    expect_any: z.array(text).optional(),
    expect_any2: z.array(text).optional(),
    min_any: z.number().int().min(0).default(1),
  }),
]);

export type EvalCase = z.infer<typeof caseSchema>;
export type CaseKind = EvalCase['kind'];

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
