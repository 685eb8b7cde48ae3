import type { Chunk, Figure, Report, ReportMeta, Section, SectionRole, Sentence, Span } from '../ingest/types.js';
import type { QualifierId, UnitFamily } from '../lexicon/lexicon.js';
import { keepRecent } from '../recently-used.js';
import { placeOf } from './places.js';

/**
 * A compact form of reports for the index files. Each report keeps its metadata and a table of
 * the short strings it uses (headings, roles, units, …); its text and folded text go, one after
 * the other, into one string of all texts (saved as UTF-16, which decodes ten times faster than
 * UTF-8 JSON); everything else is numbers in two flat streams (unsigned integers and floats), read
 * back in the order written. Chunk texts, figure quotes and phrases are slices of the report's
 * text, so only their offsets are stored: a million small JSON objects take seconds to parse.
 * Texts are read back a slice at a time when asked for (see `TextSource`).
 */

/**
 * The texts of decoded reports: the string of all texts, or the saved file's UTF-16 bytes, whose
 * slices are decoded when read: decoding hundreds of megabytes of text at load took seconds, and
 * a search reads the texts of a few chunks.
 */
export interface TextSource {
  readonly length: number;
  slice(start: number, end: number): string;
}

/** The texts in UTF-16 bytes (little-endian), decoded a slice at a time. */
class Utf16Texts implements TextSource {
  constructor(readonly bytes: Buffer) {}

  get length(): number {
    return this.bytes.length / 2;
  }

  slice(start: number, end: number): string {
    return this.bytes.toString('utf16le', 2 * start, 2 * end);
  }
}

export function utf16Texts(bytes: Buffer): TextSource {
  return new Utf16Texts(bytes);
}

/** One report's part of the index file: its record, its numbers, and its texts as UTF-16 bytes. */
interface ReportBytes {
  readonly stored: StoredReport;
  readonly ints: Uint32Array;
  readonly floats: Float64Array;
  readonly texts: Uint8Array;
}

/**
 * The parts of reports read back from an index file, by report. Saving an index again after a
 * report was added or removed copies the others' parts instead of encoding them anew, which
 * decoded every one of them (14 s of this thread at 10,000 reports).
 */
const readFromFile = new WeakMap<Report, ReportBytes>();

export interface StoredReport {
  readonly meta: ReportMeta;
  readonly sourceHash: string;
  /** Length of the text, and so of the folded text. */
  readonly length: number;
  /** Strings the numbers refer to by position. */
  readonly strings: readonly string[];
}

export interface EncodedReports {
  readonly reports: readonly StoredReport[];
  /** Each report's text then its folded text, report after report. */
  readonly texts: string;
  readonly ints: Uint32Array;
  readonly floats: Float64Array;
}

/** The reports as the index file holds them: numbers, and texts as UTF-16 bytes in parts. */
export interface ReportsBytes {
  readonly reports: readonly StoredReport[];
  readonly ints: Uint32Array;
  readonly floats: Float64Array;
  readonly texts: readonly Uint8Array[];
}

export function encodeReportsToBytes(reports: readonly Report[]): ReportsBytes {
  const parts = reports.map((report) => readFromFile.get(report) ?? encodeOne(report));
  return {
    reports: parts.map((p) => p.stored),
    ints: concatenated(parts.map((p) => p.ints), Uint32Array),
    floats: concatenated(parts.map((p) => p.floats), Float64Array),
    texts: parts.map((p) => p.texts),
  };
}

function encodeOne(report: Report): ReportBytes {
  const ints: number[] = [];
  const floats: number[] = [];
  const stored = new ReportWriter(report, ints, floats).write();
  return { stored, ints: Uint32Array.from(ints), floats: Float64Array.from(floats), texts: Buffer.from(report.text + report.folded, 'utf16le') };
}

function concatenated<T extends Uint32Array | Float64Array>(arrays: readonly T[], make: new (length: number) => T): T {
  const all = new make(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    all.set(a, at);
    at += a.length;
  }
  return all;
}

/** The same with the texts as one string (a database row keeps them so). */
export function encodeReports(reports: readonly Report[]): EncodedReports {
  const { texts, ...numbers } = encodeReportsToBytes(reports);
  return { ...numbers, texts: Buffer.concat(texts).toString('utf16le') };
}

/** Throws on texts or streams that end early, run long or point outside their tables. */
export function decodeReports({ reports, texts, ints, floats }: Omit<EncodedReports, 'texts'> & { readonly texts: TextSource }): Report[] {
  // Copies of their own: chunks decode their sentences and reports their figures from them later, and the file's buffer can go.
  const numbers = new NumberReader(ints.slice(), floats.slice());
  const textAt = { offset: 0 };
  const shared: SharedTexts = { source: texts, recent: new Map(), latest: undefined };
  const bytes = texts instanceof Utf16Texts ? texts.bytes : undefined;
  const decoded = reports.map((stored) => {
    const from = { ints: numbers.position, floats: numbers.floatPosition, text: textAt.offset };
    const report = ReportReader.next(stored, shared, textAt, numbers).read();
    if (bytes) {
      readFromFile.set(report, {
        stored,
        ints: numbers.ints.subarray(from.ints, numbers.position),
        floats: numbers.floats.subarray(from.floats, numbers.floatPosition),
        texts: bytes.subarray(2 * from.text, 2 * textAt.offset),
      });
    }
    return report;
  });
  if (!numbers.atEnd() || textAt.offset !== texts.length) throw new Error('reports file: data left over');
  return decoded;
}

class ReportWriter {
  private readonly strings = new Map<string, number>();

  constructor(
    private readonly report: Report,
    private readonly ints: number[],
    private readonly floats: number[],
  ) {}

  write(): StoredReport {
    const { meta, sourceHash, text, sections, chunks, figures } = this.report;
    this.list(sections, (s) => this.section(s));
    this.list(chunks, (c, ordinal) => this.chunk(c, ordinal));
    const ordinals = new Map(chunks.map((c, i) => [c.id, i]));
    this.list(figures, (f) => this.figure(f, ordinals));
    return { meta, sourceHash, length: text.length, strings: [...this.strings.keys()] };
  }

  private list<T>(items: readonly T[], write: (item: T, index: number) => void): void {
    this.ints.push(items.length);
    items.forEach(write);
  }

  private span({ start, end }: Span): void {
    this.ints.push(start, end);
  }

  private string(value: string): void {
    this.ints.push(placeOf(this.strings, value));
  }

  /** A slice of the text as (start + 1, length), else (0, string id). */
  private quote(value: string, from: number): void {
    const at = this.report.text.indexOf(value, from);
    if (at >= 0) {
      this.ints.push(at + 1, value.length);
    } else {
      this.ints.push(0);
      this.string(value);
    }
  }

  private section(section: Section): void {
    this.list(section.path, (p) => this.string(p));
    this.string(section.role);
    this.span(section.heading);
    this.span(section.span);
  }

  /** Chunk ids and texts are derived on reading, so they must be what ingest makes them. */
  private chunk(chunk: Chunk, ordinal: number): void {
    if (chunk.id !== chunkId(this.report.meta.id, ordinal) || chunk.reportId !== this.report.meta.id) {
      throw new Error(`chunk ${chunk.id}: id is not ${chunkId(this.report.meta.id, ordinal)}`);
    }
    this.span(chunk);
    this.list(chunk.sectionPath, (p) => this.string(p));
    this.string(chunk.role);
    this.list(chunk.sentences, (s) => {
      this.span(s);
      this.list(s.clauses, (c) => this.span(c));
    });
  }

  private figure(figure: Figure, ordinals: ReadonlyMap<string, number>): void {
    const ordinal = ordinals.get(figure.chunkId);
    if (ordinal === undefined) throw new Error(`figure at ${figure.start}: no chunk ${figure.chunkId}`);
    this.ints.push(ordinal);
    this.span(figure);
    this.quote(figure.raw, figure.start);
    this.string(figure.unit);
    this.string(figure.approx ?? '');
    this.span(figure.label);
    this.ints.push(figure.subject ? 1 : 0);
    if (figure.subject) this.span(figure.subject);
    this.string(figure.family);
    this.list(figure.qualifiers, (q) => this.string(q));
    this.span(figure.sentence);
    this.floats.push(figure.value, figure.number, figure.scale);
  }
}

function chunkId(reportId: string, ordinal: number): string {
  return `${reportId}#${ordinal}`;
}

/** Reads the number streams in the order they were written. */
class NumberReader {
  constructor(
    readonly ints: Uint32Array,
    readonly floats: Float64Array = new Float64Array(),
    private intAt = 0,
    private floatAt = 0,
  ) {}

  get position(): number {
    return this.intAt;
  }

  get floatPosition(): number {
    return this.floatAt;
  }

  atEnd(): boolean {
    return this.intAt === this.ints.length && this.floatAt === this.floats.length;
  }

  int(): number {
    const value = this.ints[this.intAt++];
    if (value === undefined) throw new Error('reports file: numbers end early');
    return value;
  }

  float(): number {
    const value = this.floats[this.floatAt++];
    if (value === undefined) throw new Error('reports file: numbers end early');
    return value;
  }

  skip(count: number): void {
    this.intAt += count;
    if (this.intAt > this.ints.length) throw new Error('reports file: numbers end early');
  }

  skipFloats(count: number): void {
    this.floatAt += count;
    if (this.floatAt > this.floats.length) throw new Error('reports file: numbers end early');
  }

  list<T>(read: (index: number) => T): T[] {
    const count = this.int();
    const items: T[] = [];
    for (let i = 0; i < count; i++) items.push(read(i));
    return items;
  }

  span(): Span {
    return { start: this.int(), end: this.int() };
  }
}

function readSentences(numbers: NumberReader): Sentence[] {
  return numbers.list(() => {
    const { start, end } = numbers.span();
    return { start, end, clauses: numbers.list(() => numbers.span()) };
  });
}

/** Passes over what `readSentences` would read. */
function skipSentences(numbers: NumberReader): void {
  for (let sentences = numbers.int(); sentences > 0; sentences--) {
    numbers.skip(2);
    numbers.skip(2 * numbers.int());
  }
}

/** Passes over what `ReportReader.section` reads, a list of them. */
function skipSections(numbers: NumberReader): void {
  for (let sections = numbers.int(); sections > 0; sections--) {
    numbers.skip(numbers.int()); // path
    numbers.skip(1 + 2 + 2); // role, heading, span
  }
}

/** Passes over what `ReportReader.figure` reads, a list of them. */
function skipFigures(numbers: NumberReader): void {
  for (let figures = numbers.int(); figures > 0; figures--) {
    numbers.skip(1 + 2 + 2 + 1 + 1 + 2); // chunk, span, quote, unit, approx, label
    if (numbers.int() === 1) numbers.skip(2); // subject
    numbers.skip(1); // family
    numbers.skip(numbers.int()); // qualifiers
    numbers.skip(2); // sentence
    numbers.skipFloats(3); // value, number, scale
  }
}

/** Whole texts of the reports read last: answers read a cited report's text many times over. */
const RECENT_TEXTS = 256;

interface WholeTexts {
  readonly text: string;
  readonly folded: string;
}

/** The texts of the reports decoded together, and the whole texts of those read last (they go with the reports). */
interface SharedTexts {
  readonly source: TextSource;
  readonly recent: Map<ReportReader, WholeTexts>;
  /** The last of `recent`: an answer reads one report's text many times in a row, and reordering the map each time was measurable. */
  latest: { readonly reader: ReportReader; readonly texts: WholeTexts } | undefined;
}

class ReportReader {
  private constructor(
    private readonly stored: StoredReport,
    /** The texts; this report's text starts at `at`, its folded text `stored.length` later. */
    private readonly texts: SharedTexts,
    private readonly at: number,
    private readonly numbers: NumberReader,
  ) {}

  /** A reader of this report from these positions of the number streams. */
  private readerAt(position: number, floatPosition = 0): ReportReader {
    const { ints, floats } = this.numbers;
    return new ReportReader(this.stored, this.texts, this.at, new NumberReader(ints, floats, position, floatPosition));
  }

  /** The list of strings whose numbers start at `position`. */
  stringsAt(position: number): string[] {
    const reader = this.readerAt(position);
    return reader.numbers.list(() => reader.string());
  }

  /** The sentences whose numbers start at `position`. */
  sentencesAt(position: number): Sentence[] {
    return readSentences(this.readerAt(position).numbers);
  }

  /** The reader of the next report, whose text and folded text follow `textAt` in `texts`. */
  static next(stored: StoredReport, texts: SharedTexts, textAt: { offset: number }, numbers: NumberReader): ReportReader {
    const { meta, length, strings } = stored;
    const start = textAt.offset;
    textAt.offset += 2 * length;
    const valid = typeof meta?.id === 'string' && Number.isInteger(length) && length >= 0 && textAt.offset <= texts.source.length && Array.isArray(strings);
    if (!valid) throw new Error('reports file: malformed report');
    return new ReportReader(stored, texts, start, numbers);
  }

  read(): Report {
    const { meta, sourceHash } = this.stored;
    const whole = () => this.wholeTexts();
    // Sections and figures are decoded when first asked for, as sentences are: they are most of
    // an index's objects, whose allocation was most of its load time, and an answer reads those
    // of the few reports it cites.
    const sections = this.later(skipSections, (reader) => reader.numbers.list(() => reader.section()));
    const chunks = this.numbers.list((ordinal) => this.chunk(ordinal));
    const figures = this.later(skipFigures, (reader) => reader.numbers.list(() => reader.figure(chunks)));
    return {
      meta,
      get text() {
        return whole().text;
      },
      get folded() {
        return whole().folded;
      },
      get sections() {
        return sections();
      },
      chunks,
      get figures() {
        return figures();
      },
      sourceHash,
    };
  }

  private wholeTexts(): WholeTexts {
    const shared = this.texts;
    if (shared.latest?.reader === this) return shared.latest.texts;
    const { recent } = shared;
    const texts = recent.get(this) ?? { text: this.text(0, this.stored.length), folded: this.folded(0, this.stored.length) };
    keepRecent(recent, this, texts, RECENT_TEXTS);
    shared.latest = { reader: this, texts };
    return texts;
  }

  text(start: number, end: number): string {
    return this.texts.source.slice(this.at + start, this.at + end);
  }

  folded(start: number, end: number): string {
    const { length } = this.stored;
    return this.texts.source.slice(this.at + length + start, this.at + length + end);
  }

  /** What `read` reads from the numbers here, read when first asked for; the numbers are passed over now (`skip`). */
  private later<T>(skip: (numbers: NumberReader) => void, read: (reader: ReportReader) => T): () => T {
    const { position, floatPosition } = this.numbers;
    skip(this.numbers);
    let value: T | undefined;
    return () => (value ??= read(this.readerAt(position, floatPosition)));
  }

  private string<T extends string = string>(): T {
    const value = this.stored.strings[this.numbers.int()];
    if (value === undefined) throw new Error('reports file: string out of range');
    return value as T;
  }

  private quote(): string {
    const at = this.numbers.int();
    if (at === 0) return this.string();
    return this.text(at - 1, at - 1 + this.numbers.int());
  }

  private section(): Section {
    const { numbers } = this;
    return { path: numbers.list(() => this.string()), role: this.string<SectionRole>(), heading: numbers.span(), span: numbers.span() };
  }

  private chunk(ordinal: number): Chunk {
    const { meta } = this.stored;
    const { numbers } = this;
    const { start, end } = numbers.span();
    const pathAt = numbers.position;
    numbers.skip(numbers.int());
    const role = this.string<SectionRole>();
    const sentencesAt = numbers.position;
    skipSentences(numbers);
    return new SavedChunk(this, { id: chunkId(meta.id, ordinal), reportId: meta.id, start, end, role }, pathAt, sentencesAt);
  }

  private figure(chunks: readonly Chunk[]): Figure {
    const { numbers } = this;
    const chunk = chunks[numbers.int()];
    if (!chunk) throw new Error('reports file: figure of no chunk');
    const { start, end } = numbers.span();
    const raw = this.quote();
    const unit = this.string();
    const approx = this.string<NonNullable<Figure['approx']> | ''>();
    const label = numbers.span();
    const subject = numbers.int() === 1 ? numbers.span() : undefined;
    const family = this.string<UnitFamily>();
    const qualifiers = numbers.list(() => this.string<QualifierId>());
    const sentence = numbers.span();
    const value = numbers.float();
    const number = numbers.float();
    const scale = numbers.float();
    const phrase = this.text(label.start, label.end);
    const figure = { reportId: chunk.reportId, chunkId: chunk.id, start, end, raw, value, number, scale, unit, phrase, label, family, qualifiers, sentence };
    return { ...figure, ...(subject ? { subject } : {}), ...(approx ? { approx } : {}) };
  }
}

type ChunkFields = Omit<Chunk, 'sectionPath' | 'text' | 'folded' | 'sentences'>;

/**
 * A chunk read back: its texts are slices of its report's, and its heading path and sentences are
 * decoded when first asked for (they and their clauses are half the objects of an index). Accessors on the
 * prototype, not per chunk: a large index has hundreds of thousands of chunks.
 */
class SavedChunk implements Chunk {
  readonly id: string;
  readonly reportId: string;
  readonly start: number;
  readonly end: number;
  readonly role: SectionRole;
  readonly #reader: ReportReader;
  readonly #pathAt: number;
  readonly #sentencesAt: number;
  #path: readonly string[] | undefined;
  #sentences: readonly Sentence[] | undefined;

  constructor(reader: ReportReader, fields: ChunkFields, pathAt: number, sentencesAt: number) {
    ({ id: this.id, reportId: this.reportId, start: this.start, end: this.end, role: this.role } = fields);
    this.#reader = reader;
    this.#pathAt = pathAt;
    this.#sentencesAt = sentencesAt;
  }

  get sectionPath(): readonly string[] {
    this.#path ??= this.#reader.stringsAt(this.#pathAt);
    return this.#path;
  }

  get text(): string {
    return this.#reader.text(this.start, this.end);
  }

  get folded(): string {
    return this.#reader.folded(this.start, this.end);
  }

  get sentences(): readonly Sentence[] {
    this.#sentences ??= this.#reader.sentencesAt(this.#sentencesAt);
    return this.#sentences;
  }

  /** As ingest makes a chunk: a plain object with its texts and sentences. */
  toJSON(): Chunk {
    const { id, reportId, start, end, sectionPath, role, text, folded, sentences } = this;
    return { id, reportId, start, end, sectionPath, role, text, folded, sentences };
  }
}
