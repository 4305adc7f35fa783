import type { CanonicalInvoice, CanonicalLine } from '@app/domain';
import type { Finding } from '@app/rules';
import { checkUblSyntax } from '../syntax/ubl-syntax.rules';
import { UNUSED_ATTRIBUTES } from '../syntax/ubl/ubl-data-type.rules';
import { UNUSED } from '../syntax/ubl/ubl-unused-element.rules';
import { parseXmlSafely, type ParseXmlOptions } from '../xml/parse-xml-safely';
import { descendantsNamed, type XmlNode } from '../xml/xml-node';
import type { ReadSoFar, RootChildTaker } from '../xml/xml-scanner';
import { ublAmountCurrencyIds } from './ubl-document-reference.reader';
import { readUblInvoice } from './ubl-invoice.reader';
import { readUblLine } from './ubl-line.reader';

/**
 * Reading a large UBL invoice a chunk of lines at a time.
 *
 * Why: read as one tree, a 10,000-line invoice is ~150,000 elements (~17 MB) that all live until the
 * last check has run. They outlive V8's young generation, are copied into the old one and are freed
 * only by a full collection, which also marks everything else the process holds: the time per line
 * of such a document was 1.6 times that of a 100-line one in a bare process and 3 times in a process
 * holding more (bench/run.ts). Read in chunks, a line's elements die young: only the header's tree
 * and the canonical lines stay.
 *
 * How: the scanner hands over each line as it closes (RootChildTaker). Every `linesPerChunk` lines,
 * the root is given the header read so far plus the chunk's lines, and the same syntax checks as for
 * the whole tree run on it; the findings they place in a line are kept (those placed in the header
 * are the header's, found once at the end on the header alone). The same readers read the lines.
 *
 * The result is the whole tree's, finding for finding. What makes that hold:
 * - every syntax check reports per element or per context, and each finding's path tells whether its
 *   element is in a line or in the header, except the checks below;
 * - "first element of the document" checks (UNUSED_ATTRIBUTES, UBL-DT-18, UNUSED) keep only their
 *   first finding: the header, read before the lines, comes first, then the chunks in document order;
 * - checks that count elements across the whole document (UBL-SR-29, -44, -47: PaymentID,
 *   PaymentMeansCode, PartyIdentification) would count a chunk at a time: a line that has one of those
 *   elements makes the document be read as one tree, as does a child of the root after the lines
 *   (the header must be complete when a chunk is checked).
 * Findings keep their order within each rule; the rules' findings come header first, then line by line.
 */

/**
 * Documents from this many characters on are read in chunks (the bench's clean invoice is ~630
 * characters a line). Read + validate alternated in one process, chunks against the whole tree: 200
 * lines 1.02, 400 lines 1.03, 700 lines 0.93, 1,000 lines 0.88 (a 1,000-line tree outlives the young
 * generation; see above): from ~500 lines on the chunks are cheaper.
 */
export const READ_IN_CHUNKS_FROM_CHARS = 400_000;
/** Lines a chunk holds (~3,000 elements). */
export const LINES_PER_CHUNK = 200;

const LINE_NAMES = new Set(['InvoiceLine', 'CreditNoteLine']);
/** Elements some check counts across the whole document (see above). */
const COUNTED_ACROSS_LINES = new Set(['PaymentID', 'PaymentMeansCode', 'PartyIdentification']);
/** Checks that report only the first element of the document they find. */
const FIRST_IN_DOCUMENT = new Set([...UNUSED.map(([id]) => id), ...UNUSED_ATTRIBUTES.map(([id]) => id), 'UBL-DT-18']);

export interface UblReadInChunks {
  root: XmlNode;
  /** Undefined when no line was taken apart (the tree is whole): read it as any other. */
  result?: { invoice: CanonicalInvoice; syntaxFindings: Finding[] };
}

/**
 * Reads `xml` with its UBL lines taken apart. Returns undefined when the document must be read as one
 * tree after all (see above): the caller reads it again.
 */
export function readUblInChunks(
  xml: string | Buffer,
  opts: ParseXmlOptions = {},
  linesPerChunk = LINES_PER_CHUNK,
): UblReadInChunks | undefined {
  const chunks = new LineChunks(Math.max(1, linesPerChunk));
  const root = parseXmlSafely(xml, opts, chunks);
  if (chunks.wholeTreeNeeded) return undefined;
  if (!chunks.read) return { root };
  // The last chunk, then the header alone (indexed again without the lines), then the canonical
  // invoice from the header and every line.
  const header = root.children;
  chunks.flush(root, header);
  if (chunks.wholeTreeNeeded) return undefined;
  root.children = header;
  chunks.read.indexRoot();
  const headerFindings = checkUblSyntax(root);
  const invoice = readUblInvoice(root, { lines: chunks.lines, amountCurrencyIds: chunks.currencyIds });
  const syntaxFindings: Finding[] = [];
  const reported = new Set<string>();
  for (const f of [...headerFindings, ...chunks.findings]) {
    if (FIRST_IN_DOCUMENT.has(f.ruleId)) {
      if (reported.has(f.ruleId)) continue;
      reported.add(f.ruleId);
    }
    syntaxFindings.push(f);
  }
  return { root, result: { invoice, syntaxFindings } };
}

class LineChunks implements RootChildTaker {
  readonly lines: CanonicalLine[] = [];
  readonly findings: Finding[] = [];
  readonly currencyIds: string[] = [];
  wholeTreeNeeded = false;
  /** The scanner's view of the document, once a line was taken. */
  read?: ReadSoFar;
  private pending: XmlNode[] = [];

  constructor(private readonly linesPerChunk: number) {}

  take(node: XmlNode, read: ReadSoFar): boolean {
    const root = node.parent;
    if (this.wholeTreeNeeded || !root || (root.name !== 'Invoice' && root.name !== 'CreditNote')) return false;
    if (!LINE_NAMES.has(node.name)) {
      // A child of the root after the lines.
      if (this.read) this.wholeTreeNeeded = true;
      return false;
    }
    this.read = read;
    this.pending.push(node);
    if (this.pending.length >= this.linesPerChunk) this.flush(root, read.rootChildren());
    return true;
  }

  /**
   * Checks and reads the lines taken since the last chunk, with `header` as the rest of the document,
   * then lets the scanner drop them. The scanner's order and per-attribute index hold the header and
   * exactly these lines: they are the root's index for the checks.
   */
  flush(root: XmlNode, header: XmlNode[]): void {
    const read = this.read;
    if (!read || this.pending.length === 0) return;
    const whole = root.children;
    root.children = header.concat(this.pending);
    read.indexRoot();
    if (this.countedAcrossLines(root)) {
      // Read again as one tree (readInvoiceXml): this reading stops taking lines.
      this.wholeTreeNeeded = true;
      root.children = whole;
      this.pending = [];
      return;
    }
    for (const f of checkUblSyntax(root)) if (inLine(f.fieldPath, root.name)) this.findings.push(f);
    for (const line of this.pending) this.lines.push(readUblLine(line));
    for (const id of ublAmountCurrencyIds(root)) if (!this.currencyIds.includes(id)) this.currencyIds.push(id);
    root.children = whole;
    read.release();
    this.pending = [];
  }

  /**
   * Whether a line of the chunk holds an element some check counts across the document: the elements
   * of each such name come in document order, the header's first, so the last one tells.
   */
  private countedAcrossLines(root: XmlNode): boolean {
    for (const name of COUNTED_ACROSS_LINES) {
      const found = descendantsNamed(root, name);
      if (found.length === 0) continue;
      let n = found[found.length - 1];
      while (n.parent && n.parent !== root) n = n.parent;
      if (LINE_NAMES.has(n.name)) return true;
    }
    return false;
  }
}

/** Whether a finding's path is in a line: `/Invoice/InvoiceLine` or below (either line name, either root). */
function inLine(path: string, rootName: string): boolean {
  const at = rootName.length + 2;
  if (!path.startsWith('/' + rootName + '/')) return false;
  for (const name of LINE_NAMES) {
    if (path.startsWith(name, at) && (path.length === at + name.length || path.charCodeAt(at + name.length) === 0x2f))
      return true;
  }
  return false;
}
