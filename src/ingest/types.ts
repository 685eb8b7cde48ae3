import type { QualifierId, UnitFamily } from '../lexicon/lexicon.js';

/**
 * The ingest stage's data model. Every offset is a UTF-16 index into `Report.text`,
 * the report's original decoded text, so `report.text.slice(start, end)` is always
 * the report's own words in its own script.
 */

/** A half-open range [start, end) into `Report.text`. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type Period = '全年' | '上半年' | '下半年' | '第一季度' | '第二季度' | '第三季度' | '第四季度' | '前三季度';

export type Script = 'simplified' | 'traditional';

export interface ReportMeta {
  /** Stable id: the file name without extension, e.g. `000_9a9217be6eb9afde`. */
  readonly id: string;
  /** Path relative to the reports folder. */
  readonly file: string;
  readonly title: string;
  /** e.g. 阳山县司法局 */
  readonly bureau: string;
  /** e.g. 阳山县 */
  readonly region: string;
  /** Prefecture-level city from the gazetteer, e.g. 清远市; absent when unknown. */
  readonly city?: string;
  /** e.g. 广东省 */
  readonly province?: string;
  readonly year: number;
  readonly period: Period;
  /** e.g. 法治政府建设年度报告, 工作总结 */
  readonly kind: string;
  /** ISO date the report was signed, e.g. 2022-02-28. */
  readonly signedDate?: string;
  readonly script: Script;
}

/** What the parts of a report say: measures taken, problems found, or plans. */
export type SectionRole = 'measures' | 'problems' | 'plans' | 'other';

export interface Section {
  /** Heading texts from the top, e.g. ['一、主要措施及成效', '(五)优化司法为民', '4.']. */
  readonly path: readonly string[];
  readonly role: SectionRole;
  /** The heading line itself (empty span for the report's preamble). */
  readonly heading: Span;
  /** From the heading's start to the start of the next heading of the same or higher level. */
  readonly span: Span;
}

export interface Sentence extends Span {
  /** Clauses of the sentence (split at ，；：), for quoting the shortest span that holds a figure. */
  readonly clauses: readonly Span[];
}

export interface Chunk extends Span {
  /** `${reportId}#${ordinal}` */
  readonly id: string;
  readonly reportId: string;
  readonly sectionPath: readonly string[];
  readonly role: SectionRole;
  /** Original text, equal to report.text.slice(start, end). */
  readonly text: string;
  /** Simplified, half-width text of the same length as `text`, for indexing and matching. */
  readonly folded: string;
  readonly sentences: readonly Sentence[];
}

export type Approximation = '余' | '多' | '约' | '超' | '近' | '逾' | '以上' | '左右';

export interface Figure extends Span {
  readonly reportId: string;
  readonly chunkId: string;
  /** The figure as written, e.g. `2067.31万元`, `130余场次`, `99.97%`. */
  readonly raw: string;
  /** Value in base units: 2067.31万元 → 20673100; 99.97% → 99.97. */
  readonly value: number;
  /** The number as written before scale: 2067.31 */
  readonly number: number;
  /** 1, 1e4 (万), 1e8 (亿), 1e3 (千), 1e2 (百) */
  readonly scale: number;
  /** Unit without scale: 元, 件, %, 人次, 场次 … ('' when none). */
  readonly unit: string;
  readonly approx?: Approximation;
  /** What the figure measures in its own words, e.g. 受理法律援助案件 (original text): `label` sliced. */
  readonly phrase: string;
  /** The figure's own words: its clause before it, after the previous figure, fillers left out. */
  readonly label: Span;
  /** The words its list names once for all (调处各类民间纠纷 for "成功1152件"), when its own label is thin. */
  readonly subject?: Span;
  /** What kind of thing it counts: cases, people, person-times, events, money, percent … */
  readonly family: UnitFamily;
  /** What it counts beyond its subject: a total, a part of one, filed, closed, a change, a target, a rate … */
  readonly qualifiers: readonly QualifierId[];
  readonly sentence: Span;
}

export interface Report {
  readonly meta: ReportMeta;
  /** Original decoded text, junk lines included (offsets point here). */
  readonly text: string;
  /** Same length as `text`: Traditional→Simplified, full→half width. */
  readonly folded: string;
  readonly sections: readonly Section[];
  readonly chunks: readonly Chunk[];
  readonly figures: readonly Figure[];
  /** sha256 of the source file bytes. */
  readonly sourceHash: string;
}

/** A file that could not be ingested, reported by name with the reason. */
export interface IngestProblem {
  readonly file: string;
  readonly reason: string;
  /** The file was indexed all the same; the reason is something for an admin to set right (an unknown region). */
  readonly indexed?: boolean;
  /** The file repeats this one, which was indexed in its place. */
  readonly duplicateOf?: string;
}

export interface IngestResult {
  readonly reports: readonly Report[];
  readonly problems: readonly IngestProblem[];
}
