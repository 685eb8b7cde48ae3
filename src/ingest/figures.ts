import { lexicon, unitFamily, type QualifierId, type UnitFamily } from '../lexicon/lexicon.js';
import type { NumberToken } from './numbers.js';
import { spanAt } from './spans.js';
import type { Chunk, Figure, Sentence, Span } from './types.js';

/**
 * The figure table of a report: every number that measures something, with what it counts — its
 * own words (label), the words its list shares when its own are thin (subject: 调处各类民间纠纷 for
 * "成功1152件"), its unit family (cases, people, money …) and its qualifiers (total, part of a total,
 * filed, closed, change, target, rate …) — and where it stands.
 */

const LEADING_FILLER = /^(?:(?:19|20)\d\d年度?|上半年|下半年|全年|今年以来|年初至今|年内|截至目前|截至\d+月底|此外|另外|同时|我局|我区|我县|我市|全区|全县|全市|共有|另|并|已|均|分别|先后|还|是|[,、(（\s])+/;
const TRAILING_FILLER = /(?:达到|达|为|分别为|分别|是|有|\s)+$/;
/** Words no label is made of: fillers, totals, places, numbers. A label with fewer than MIN_LABEL other characters is thin. */
const EMPTY_WORDS = /年初至今|截至目前|今年以来|全年|上半年|累计|共计|合计|其中|首批|目前|同时|开展|完成|办理|组织|设立|实现|达到|全[区县市]|我[局区县市]|[共已达为有对均并约余了的和及]|[\d.%]/g;
const MIN_LABEL = 4;
/** Words around a figure that make a bare 万 money (资金2000万). */
const MONEY_WORDS = /资金|金额|经费|款|费用|损失|收入|投入|标的/;

/** A figure worth citing: it has a unit or a scale (a bare 12348 hotline number is not one). */
export function isMeasure(token: NumberToken): boolean {
  return token.kind === 'figure' && (token.unit !== '' || token.scale > 1);
}


/** The words before the figure in its clause, after the previous number, without fillers such as 年初至今/达. */
function phraseBefore(folded: string, clause: Span, figureStart: number, previousEnd: number): Span {
  let start = Math.max(clause.start, previousEnd);
  let end = figureStart;
  start += LEADING_FILLER.exec(folded.slice(start, end))?.[0].length ?? 0;
  end -= TRAILING_FILLER.exec(folded.slice(start, end))?.[0].length ?? 0;
  return { start, end: Math.max(start, end) };
}

/** When nothing stands before the figure (全县167个村), what it counts follows it: 村(居). */
function phraseAfter(folded: string, clause: Span, figureEnd: number): Span {
  const rest = folded.slice(figureEnd, clause.end);
  const length = Math.min(rest.search(/[的,、(（。;]|$/), 12);
  return { start: figureEnd, end: figureEnd + Math.max(0, length) };
}

function labelOf(folded: string, clause: Span, figure: Span, previousEnd: number): Span {
  const before = phraseBefore(folded, clause, figure.start, previousEnd);
  return before.end > before.start ? before : phraseAfter(folded, clause, figure.end);
}

/** Content characters of a label once fillers and numbers are gone: how much it says of what a figure counts. */
export function labelLength(text: string): number {
  return [...text.replace(EMPTY_WORDS, '').matchAll(/\p{Script=Han}/gu)].length;
}

/** Where a number's words end: past the 年/月/日 of a year or date. */
function afterNumber(folded: string, token: NumberToken): number {
  const tail = token.kind === 'year' || token.kind === 'date' ? /^(?:年度?|月份?|日|号)/.exec(folded.slice(token.end)) : null;
  return token.end + (tail?.[0].length ?? 0);
}

function sentenceOf(chunk: Chunk, pos: number): Sentence | undefined {
  return spanAt(chunk.sentences, pos);
}

function familyOf(folded: string, token: NumberToken, clause: Span): UnitFamily {
  if (token.unit) return unitFamily(token.unit);
  return token.scale > 1 && MONEY_WORDS.test(folded.slice(clause.start, clause.end)) ? 'money' : 'other';
}

/** Whether the figure stands inside brackets opened after an earlier figure of its sentence: "680宗（其中刑事案件558宗…）". */
function insideBrackets(folded: string, sentence: Span, at: number): boolean {
  const before = folded.slice(sentence.start, at);
  return before.lastIndexOf('(') > before.lastIndexOf(')') || before.lastIndexOf('（') > before.lastIndexOf('）');
}

/** What a bracketed rate takes from the count it follows. */
const OWNER_QUALIFIERS: ReadonlySet<QualifierId> = new Set(['received', 'filed', 'closed', 'success', 'onBooks', 'new', 'cumulative']);

/** Targets are stated with these words before the figure, in plans or anywhere (力争…达96%以上). */
const TARGET_WORDS = /力争|目标|确保|争取|计划|预计|要达到|努力实现/;

function qualifiersOf(folded: string, label: Span, figure: NumberToken, sentence: Span, role: Chunk['role'], owner: Figure | undefined, family: UnitFamily): QualifierId[] {
  const own = folded.slice(label.start, label.end);
  // 通过 passes an exam or a review (通过考试, 通过验收); before anything else it means "by way of" (通过微信群)
  const byWayOf = (m: { phrase: string; end: number }) => m.phrase === '通过' && !/^[考验审评]/.test(folded.slice(label.start + m.end, label.start + m.end + 1));
  // one character (升 of 提升能力, 降 of 降低门槛) says a change in a question ("涨了多少"), not in a report's words
  const oneCharChange = (m: { phrase: string; values: readonly QualifierId[] }) => m.phrase.length === 1 && m.values.includes('change');
  const found = new Set<QualifierId>(
    lexicon()
      .qualifierTerms.scan(own)
      .filter((m) => !byWayOf(m) && !oneCharChange(m))
      .flatMap((m) => m.values)
      .filter((q) => q !== 'target'),
  );
  // 提升至64.9%, 下降到18.6%: the level reached, not the change
  if (found.has('change') && /(?:提升|提高|上升|下降|降低|增加|增长|减少|降)(?:至|到)$/.test(own)) found.delete('change');
  // 公共, 共享 are no totals: 共 counts only standing as a word of its own
  if (found.has('total') && !/(?:^|[^公])共(?!享|同|建|治)|累计|合计|总计|总数/.test(own)) found.delete('total');
  if (figure.unit === '%' || figure.unit === '‰') found.add('rate');
  // a count in brackets after one of its kind is a part of it; a rate there (同比增长7%) is not
  if (/^其中|^含/.test(own) || (owner && owner.family === family) || (!owner && insideBrackets(folded, sentence, figure.start) && family !== 'percent')) found.add('part');
  // a rate in brackets after a count is a rate of that count: 272人(同比增长7%) changes what is on the books
  if (owner && family === 'percent') for (const q of owner.qualifiers) if (OWNER_QUALIFIERS.has(q)) found.add(q);
  const sentenceBefore = folded.slice(sentence.start, figure.start);
  if (role === 'plans' || TARGET_WORDS.test(sentenceBefore.slice(-30))) found.add('target');
  return [...found];
}

/**
 * The words a figure's list names once for all its members: "新接收社区矫正对象206人,解除179人,…年末在册
 * 272人" counts 社区矫正对象 for 179人 and 272人 too. A thin label takes the head of its run (the first
 * figure of the same family before it whose label is not thin); a figure in brackets right after
 * another ("272人(同比增长7%)") is about that figure and takes its words.
 */
function subjectOf(folded: string, label: Span, family: UnitFamily, owner: Figure | undefined, earlier: readonly Figure[]): Span | undefined {
  const thin = isThin(folded.slice(label.start, label.end));
  // a part in brackets is a part of the count it follows ("680宗（其中刑事案件558宗）"); a thin rate there is about it
  if (owner && (owner.family === family || thin)) return { start: (owner.subject ?? owner.label).start, end: Math.max(owner.label.end, (owner.subject ?? owner.label).end) };
  if (!thin) return undefined;
  let head: Span | undefined;
  for (let i = earlier.length - 1; i >= 0; i--) {
    const f = earlier[i]!;
    // a part in brackets ("87宗(含上年转结9宗)") heads no list outside them, and a rate between counts does not break their run
    if (insideBrackets(folded, f.sentence, f.start) || (f.family === 'percent' && family !== 'percent')) continue;
    if (f.family !== family) break;
    if (!isThin(folded.slice(f.label.start, f.label.end))) head = f.label;
  }
  return head;
}

/**
 * The total a "其中" list breaks down: "排查1963件,其中“家事类”697件,“乡村振兴类”15件…" — every figure of the same
 * family after the 其中 in its group (up to a ；) is a part of the figure before the 其中.
 */
function listOwner(folded: string, family: UnitFamily, at: number, earlier: readonly Figure[]): Figure | undefined {
  const last = earlier.at(-1);
  if (!last) return undefined;
  const between = folded.slice(last.end, at);
  const opens = folded.lastIndexOf('其中', at);
  // a 其中 in brackets already closed ("(其中疑难复杂案件79件),成功1152件") broke down only what stood in them
  if (/[；;。]/.test(between) || opens < 0 || /[)）]/.test(folded.slice(opens, at))) return undefined;
  const total = [...earlier].reverse().find((f) => f.end <= opens && f.family === family && !f.qualifiers.includes('part'));
  if (!total || /[；;。]/.test(folded.slice(total.end, at))) return undefined;
  const parts = earlier.filter((f) => f.start > opens);
  return parts.every((f) => f.family === family) ? total : undefined;
}

/** The figure a bracket opened right after belongs to: 680宗 of "680宗（其中刑事案件558宗…）". */
function bracketOwner(folded: string, sentence: Span, at: number, earlier: readonly Figure[]): Figure | undefined {
  const before = folded.slice(sentence.start, at);
  const open = Math.max(before.lastIndexOf('('), before.lastIndexOf('（'));
  if (open < 0 || open < Math.max(before.lastIndexOf(')'), before.lastIndexOf('）'))) return undefined;
  const opensAt = sentence.start + open;
  return earlier.find((f) => f.end <= opensAt && /^\s*$/.test(folded.slice(f.end, opensAt)));
}

/** A label that says no more than how it counts (成功, 办结, 年末在册, 其中县政府办理): its list's words say what. A rate it names (审结率) is its own. */
function isThin(label: string): boolean {
  if (/率/.test(label)) return false;
  const words = lexicon().qualifierTerms.scan(label);
  let rest = label;
  for (const w of [...words].reverse()) rest = rest.slice(0, w.start) + rest.slice(w.end);
  return labelLength(rest) < MIN_LABEL;
}

/** A chunk's figures so far, and those of each sentence: the figures a new one is read against, found without a scan of all. */
class FiguresByPlace {
  private readonly byChunk = new Map<string, Figure[]>();
  private readonly bySentence = new Map<number, Figure[]>();

  add(figure: Figure): void {
    const inChunk = this.byChunk.get(figure.chunkId) ?? [];
    inChunk.push(figure);
    this.byChunk.set(figure.chunkId, inChunk);
    const inSentence = this.bySentence.get(figure.sentence.start) ?? [];
    inSentence.push(figure);
    this.bySentence.set(figure.sentence.start, inSentence);
  }

  /** The sentence of the chunk's last figure before this sentence. */
  previousSentence(chunkId: string, sentence: Span): Span | undefined {
    return (this.byChunk.get(chunkId) ?? []).filter((f) => f.sentence.end <= sentence.start).at(-1)?.sentence;
  }

  /** Figures of these sentences, in text order (a sentence belongs to one chunk; the previous one comes first). */
  inSentences(starts: readonly number[]): Figure[] {
    return [...new Set(starts)].sort((a, b) => a - b).flatMap((start) => this.bySentence.get(start) ?? []);
  }
}

export function extractFigures(text: string, folded: string, chunks: readonly Chunk[], tokens: readonly NumberToken[]): Figure[] {
  const figures: Figure[] = [];
  const placed = new FiguresByPlace();
  let previousEnd = 0;
  for (const token of tokens) {
    const chunk = spanAt(chunks, token.start);
    const sentence = chunk && sentenceOf(chunk, token.start);
    if (!chunk || !sentence || !isMeasure(token)) {
      previousEnd = Math.max(previousEnd, afterNumber(folded, token));
      continue;
    }
    const clause = spanAt(sentence.clauses, token.start) ?? sentence;
    const label = labelOf(folded, clause, token, previousEnd);
    previousEnd = token.end;
    const family = familyOf(folded, token, clause);
    // a sentence opening with 其中 lists the parts of the sentence before it
    const opensWithPart = /^\s*其中/.test(folded.slice(sentence.start, sentence.end));
    const previousSentence = opensWithPart ? placed.previousSentence(chunk.id, sentence) : undefined;
    const sameSentence = placed.inSentences(previousSentence ? [previousSentence.start, sentence.start] : [sentence.start]);
    const owner = bracketOwner(folded, sentence, token.start, sameSentence) ?? listOwner(folded, family, token.start, sameSentence);
    const subject = subjectOf(folded, label, family, owner, sameSentence);
    const figure: Figure = {
      reportId: chunk.reportId,
      chunkId: chunk.id,
      start: token.start,
      end: token.end,
      raw: token.raw,
      value: token.value,
      number: token.number,
      scale: token.scale,
      unit: token.unit,
      ...(token.approx ? { approx: token.approx } : {}),
      phrase: text.slice(label.start, label.end),
      label,
      ...(subject ? { subject } : {}),
      family,
      qualifiers: qualifiersOf(folded, label, token, sentence, chunk.role, owner, family),
      sentence: { start: sentence.start, end: sentence.end },
    };
    figures.push(figure);
    placed.add(figure);
  }
  return figures;
}
