/**
 * The data model of Gongbao: what an issue, a document, an appointment, a task, a citation is.
 *
 * Every extracted fact carries the 1-based line number(s) of the input file where its evidence
 * stands ("line as a text editor shows it"), so a reader can always go back to the source.
 */

/** 1-based line number of the input file, counting LF, CRLF and lone CR as line breaks. */
export type LineNo = number;

/** ISO date, YYYY-MM-DD. */
export type IsoDate = string;

/** A rectangle on a PDF page, in points (1/72 inch), origin at the top-left corner. */
export interface PageBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Where a line of a PDF stands on the page: a hint the later stages use (centred → title). */
export type LineAlign = 'left' | 'indent' | 'center' | 'right' | 'full';

/** One line of the input: the original text is never lost. */
export interface SourceLine {
  line: LineNo;
  /** The line exactly as decoded (without its line break); for a PDF, as read from the page or OCR. */
  raw: string;
  /** Layout debris removed (markdown heading/bullet/bold/quote markers, table pipes, outer blanks). */
  text: string;
  /** PDF input only: the physical page (1-based) the line starts on, and the one it ends on. */
  page?: number;
  endPage?: number;
  /** PDF input only: the line's box on its first page. */
  box?: PageBox;
  align?: LineAlign;
}

/**
 * Where a fact's evidence is printed: from (line, column) to (endLine, endColumn), end exclusive.
 * Columns count UTF-16 code units of `SourceLine.text` (0-based), so a reader can mark exactly
 * those characters of the displayed line without searching for the words again.
 */
export interface TextSpan {
  line: LineNo;
  column: number;
  endLine: LineNo;
  endColumn: number;
}

export interface Warning {
  /** Stable machine-readable code, e.g. `toc-entry-without-document`, `duplicate-doc-number`. */
  code: string;
  message: string;
  line: LineNo | null;
}

/** Masthead of a gazette issue (刊头). */
export interface IssueMasthead {
  /** e.g. 阳泉市人民政府公报 */
  title: string | null;
  year: number | null;
  /** 第N期 */
  number: number | null;
  /** 总第N期 */
  totalNumber: number | null;
  publishedOn: IsoDate | null;
  /** The body named before 主管主办 / 主办 */
  publisher: string | null;
  /** 双月刊, 月刊, 半月刊 … */
  frequency: string | null;
  line: LineNo;
}

/** One entry of the printed table of contents (目录). */
export interface TocEntry {
  /** The 【…】 heading the entry stands under, without brackets. */
  section: string | null;
  title: string;
  docNumber: string | null;
  page: number | null;
  line: LineNo;
  endLine: LineNo;
  /** Index into `documents` of the body document this entry was matched to. */
  documentIndex: number | null;
}

/** A 附件 item listed at the end of a document. */
export interface Attachment {
  title: string;
  /** true when printed as (略) / omitted from the gazette. */
  omitted: boolean;
  line: LineNo;
}

/** The instrument (方案, 办法 …) that a 印发/转发 notice issues; part of the same document. */
export interface Enclosure {
  title: string;
  docType: string | null;
  startLine: LineNo;
}

export type OutlineKind =
  | 'chapter' // 第X章
  | 'section' // 第X节
  | 'article' // 第X条
  | 'cn-number' // 一、
  | 'cn-paren' // （一）
  | 'arabic' // 1. / 1、
  | 'arabic-paren' // （1）
  | 'decimal'; // 1.1 / 6.3

export interface OutlineNode {
  kind: OutlineKind;
  /** The numbering as printed, e.g. 第三章, 一、, （二）, 1. */
  label: string;
  /** Heading text after the label (up to the first sentence break). */
  title: string;
  line: LineNo;
  children: OutlineNode[];
}

export type AppointmentAction = 'appoint' | 'remove' | 'nominate' | 'confirm' | 'transfer' | 'auto_remove';

/** One personnel action (任免). */
export interface Appointment {
  action: AppointmentAction;
  /** Name without layout spaces (程 鹏 → 程鹏). */
  person: string;
  /** Post as printed, without a trailing 职务 and without qualifier brackets. */
  post: string;
  /** 试用期一年, 保留原职级待遇 … */
  qualifiers: string[];
  line: LineNo;
  /** The characters of the evidence (set by the text layer; absent in archives made before it). */
  span?: TextSpan;
}

/** What a personnel notice rests on: a standing meeting, a congress standing committee session, a decision. */
export interface AppointmentBasis {
  kind: 'standing_meeting' | 'congress_committee' | 'decision' | 'research';
  text: string;
  date: IsoDate | null;
  line: LineNo;
}

export interface RosterMember {
  /** 组长, 副组长, 成员, 办公室主任, 总指挥 … */
  role: string;
  person: string;
  post: string | null;
  line: LineNo;
  /** The characters of the evidence (set by the text layer; absent in archives made before it). */
  span?: TextSpan;
}

/** Membership of a leading group, headquarters or joint meeting. */
export interface Roster {
  group: string;
  line: LineNo;
  members: RosterMember[];
}

export interface Milestone {
  deadline: IsoDate | null;
  text: string;
}

/** One responsibility assignment (督办 item). */
export interface Task {
  /** The task text the responsibility marker belongs to. */
  text: string;
  /** Lead units as printed, without layout spaces. */
  leads: string[];
  cooperators: string[];
  /** Canonical agency names for leads/cooperators where known (same order; as printed otherwise). */
  leadAgencies: string[];
  cooperatorAgencies: string[];
  /** The last due date, ISO; null for 长期坚持, 持续推进 and recurring deadlines. */
  deadline: IsoDate | null;
  deadlineText: string | null;
  /** e.g. 每年3月底前 → "yearly" */
  recurrence: string | null;
  milestones: Milestone[];
  startLine: LineNo;
  endLine: LineNo;
  /** Where the responsibility marker starts. */
  line: LineNo;
  /** The characters of the evidence (set by the text layer; absent in archives made before it). */
  span?: TextSpan;
}

export type CitationKind = 'titled' | 'title_only' | 'number_only';

/** A reference to another document or law. */
export interface Citation {
  kind: CitationKind;
  /** Title inside 《》, whitespace removed, brackets as printed. */
  title: string | null;
  /** Normalized document number where one is attached. */
  docNumber: string | null;
  /** Line of the opening 《 (or of the number for a bare number). */
  line: LineNo;
  /** Index into `documents` of the same issue when the cited document is in it. */
  resolvedIndex: number | null;
  /** The characters of the evidence (set by the text layer; absent in archives made before it). */
  span?: TextSpan;
}

export interface Repeal {
  title: string | null;
  docNumber: string | null;
  line: LineNo;
  /** The characters of the evidence (set by the text layer; absent in archives made before it). */
  span?: TextSpan;
}

export interface Validity {
  effectiveFrom: IsoDate | null;
  expiresOn: IsoDate | null;
  /** The sentence that sets the start, e.g. 本办法自印发之日起施行 */
  effectiveText: string | null;
  /** The sentence that sets the term, e.g. 有效期为2年 */
  termText: string | null;
  repeals: Repeal[];
  line: LineNo | null;
}

/** An agency with the names it goes by. */
export interface Agency {
  name: string;
  aliases: string[];
}

/** What kind of item a segment of the body is. */
export type ItemKind = 'document' | 'chronicle' | 'other';

/** One official document (公文) or other item of an issue. */
export interface OfficialDocument {
  index: number;
  kind: ItemKind;
  startLine: LineNo;
  endLine: LineNo;
  /** TOC heading (【…】) without brackets. */
  section: string | null;
  /** As printed, issuer included, layout spaces removed. */
  title: string;
  issuers: string[];
  /** Normalized: no spaces, year in 〔〕, e.g. 阳政发〔2020〕2号 */
  docNumber: string | null;
  docNumberRaw: string | null;
  docNumberLine: LineNo | null;
  /** 文种 of the outer document: 通知, 意见, 通报, 函 … or the item's own kind. */
  docType: string | null;
  /** 主送机关 */
  recipients: string[];
  signedBy: string | null;
  /** 成文日期 */
  date: IsoDate | null;
  /** 附注 without brackets, e.g. 此件公开发布 */
  publicity: string | null;
  attachments: Attachment[];
  enclosures: Enclosure[];
  tocPage: number | null;
  /** PDF input: the pages the document stands on; null for text input. */
  pages: PageRange | null;
  outline: OutlineNode[];
  appointments: Appointment[];
  appointmentBasis: AppointmentBasis | null;
  rosters: Roster[];
  tasks: Task[];
  citations: Citation[];
  validity: Validity;
  warnings: Warning[];
}

export interface SourceInfo {
  /** `text` for text files, `pdf` for PDF files (lines are then the reconstructed reading order). */
  format: 'text' | 'pdf';
  fileName: string | null;
  sha256: string;
  bytes: number;
  /** utf-8, utf-16le, utf-16be, gb18030 */
  encoding: string;
  /** lf, crlf, cr, mixed, none */
  lineEnding: string;
  lineCount: number;
  /** PDF input: pages in the file; null for text. */
  pageCount: number | null;
  /** PDF input: the pages whose text came from OCR. */
  ocrPages: number[];
}

/** Text printed on every page, kept aside from the documents: running header, footer, page number. */
export interface PageFurniture {
  role: 'header' | 'footer' | 'page-number';
  text: string;
}

/** One page of a PDF input. */
export interface PageInfo {
  /** Physical page, 1-based. */
  page: number;
  /** The page number printed on the page (or inferred from its neighbours); null when unknown. */
  printedPage: number | null;
  /** false when printedPage was inferred from the neighbouring pages, not read. */
  printedPageSeen: boolean;
  /** Where the text came from. */
  origin: 'text-layer' | 'ocr';
  width: number;
  height: number;
  columns: 1 | 2;
  furniture: PageFurniture[];
  /** Lines that start on this page (first..last), null when none does. */
  firstLine: LineNo | null;
  lastLine: LineNo | null;
}

/** The pages of a PDF a document stands on. */
export interface PageRange {
  first: number;
  last: number;
  /** The page numbers printed on those pages, when known. */
  firstPrinted: number | null;
  lastPrinted: number | null;
}

/** The result of parsing one gazette issue file. */
export interface ParsedIssue {
  parserVersion: string;
  source: SourceInfo;
  /** null when the file has no masthead (e.g. a compilation without a cover). */
  issue: IssueMasthead | null;
  toc: TocEntry[];
  documents: OfficialDocument[];
  /**
   * The area whose government publishes the issue (阳泉市, 山西省, 浦东新区): from the masthead title
   * or publisher, else the one city the text signs as; null when unknown. The archive files agency
   * names with its level prefix (市财政局) under it (阳泉市财政局), so that cities do not mix.
   */
  region: string | null;
  /** Agencies mentioned in this issue, canonical name with aliases. */
  agencies: Agency[];
  /** PDF input: every page with its printed number and furniture; empty for text input. */
  pages: PageInfo[];
  /** Issue-level warnings (document warnings sit on each document). */
  warnings: Warning[];
}

/** What an extractor gets: the lines of one document plus the metadata it needs for context. */
export interface ExtractContext {
  /** The document's lines, startLine..endLine, in order. */
  lines: SourceLine[];
  title: string;
  docNumber: string | null;
  /** 成文日期, used as the year context for deadlines and as 印发之日. */
  date: IsoDate | null;
  /** The issue year when known, a fallback year context. */
  issueYear: number | null;
}
