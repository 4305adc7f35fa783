import { detachedString } from '@app/domain';
import { FormatError } from '../errors/format-error';
import { decodeXmlText } from './decode-xml-text.util';
import { elementPath, freshList, internalized, listWith, rememberDocumentOrder, type XmlNode } from './xml-node';

/**
 * One pass over the text that checks well-formedness and builds the namespace-agnostic element tree
 * at the same time (no intermediate tree, no second validation pass). What it reads is deliberately
 * small: elements, attributes, text, CDATA, comments and processing instructions. The caller has
 * already refused DTDs and characters XML does not allow, so no entity is ever defined or expanded;
 * the five predefined entities and character references are decoded, another `&name;` stays literal.
 * Nesting is bounded by `maxDepth` with an explicit stack (no recursion on hostile input).
 */
export function scanXml(
  source: string,
  maxDepth: number,
  taker?: RootChildTaker,
  checkChars?: CharacterCheck,
): XmlNode {
  // Line ends are normalised to LF (XML 1.0 section 2.11), in text and attribute values alike.
  const text = source.includes('\r') ? source.replace(/\r\n?/g, '\n') : source;
  return new XmlScanner(text, maxDepth, taker, checkChars).document();
}

/**
 * Called by the scanner at the first character that may be one XML does not allow (see
 * maybeNotXmlChar): throws if the document has such a character, else returns and the scanner reads
 * on without looking for them.
 */
export type CharacterCheck = () => void;

/**
 * Whether `c` may be one of the characters XML does not allow: a control character other than tab and
 * line ends, U+FFFE, U+FFFF, or a surrogate (a paired one is allowed, a lone one is not: the caller tells).
 */
const maybeNotXmlChar = (c: number) =>
  c < 0x20 ? c !== 0x09 && c !== 0x0a && c !== 0x0d : c >= 0xd800 && (c <= 0xdfff || c >= 0xfffe);

/**
 * Takes children of the root out of the tree as soon as each is read, for a reader that handles them
 * a few at a time (the lines of a large invoice, see readUblInChunks): what it takes is never one of
 * the root's children, and becomes garbage once the taker is done with it.
 */
export interface RootChildTaker {
  /**
   * Called as each child of the root closes (self-closing ones included). Returns whether it takes it.
   * `read` gives access to what was read so far, for as long as this call lasts.
   */
  take(node: XmlNode, read: ReadSoFar): boolean;
}

/** What a RootChildTaker sees of the document read so far. */
export interface ReadSoFar {
  /** The root's children read so far that were not taken (the element offered not among them). */
  rootChildren(): XmlNode[];
  /**
   * Indexes the root as the document read so far, the children it was not given included: its
   * elements in order and per attribute, those of the taken children still held among them (in
   * document order, after all the others). Valid until `release`.
   */
  indexRoot(): void;
  /** Drops the taken children's elements from the document's order and indexes (they were the last). */
  release(): void;
}

const LT = 0x3c; // <
const GT = 0x3e; // >
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const EQ = 0x3d;
const DQUOTE = 0x22;
const SQUOTE = 0x27;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
const isAsciiNameStart = (c: number) =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a;
const isAsciiNameChar = (c: number) => isAsciiNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;
// XML 1.0 names, for the rare name beyond ASCII.
const NAME_START =
  ':A-Za-z_\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
const XML_NAME = new RegExp(`^[${NAME_START}][${NAME_START}\\-.\\d\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*$`);

// A reference the document may use: the predefined entities and character references are decoded,
// another `&name;` is kept as written (as the reader always did); a bare '&' is an error.
const REFERENCE = /&(?:#[0-9]*|#x[0-9a-fA-F]*|\w{1,20});/y;
// Characters XML 1.0 does not allow (NUL and most C0 controls, U+FFFE/U+FFFF, unpaired surrogates): in
// text produced by a character reference here, and in the whole document (parseXmlSafely).
export const NOT_XML_CHAR =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Attributes of an element that has none: one shared, frozen object instead of one per element. */
const NO_ATTRIBUTES: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** Children of an element that has none (most elements are leaves): one shared, frozen array. */
const NO_CHILDREN: XmlNode[] = Object.freeze([]) as unknown as XmlNode[];

/** A tag or attribute name as written and its local part, checked and split once per process. */
interface TagName {
  qname: string;
  local: string;
  hash: number;
}

/**
 * Tag and attribute names seen (invoices repeat the same hundred names), found by a hash computed
 * while the name is scanned and compared in place (`startsWith`): a known name is neither cut out of
 * the text nor hashed again. Open addressing over a few slots; a name that finds none free takes its
 * home slot, so that documents with ever new names cannot grow the table (a name pushed out is only
 * checked again).
 */
const NAME_SLOTS = 4096; // a power of two
const NAME_PROBES = 8;
const NAMES: (TagName | undefined)[] = new Array<TagName | undefined>(NAME_SLOTS).fill(undefined);

/**
 * Short texts and attribute values seen (codes, currencies, units, rates, amounts and dates repeat
 * within an invoice and across invoices): found the same way as names, so that a repeated value is
 * one string instead of a copy per element. Only values of up to 12 characters, which V8 copies out
 * of the text anyway (a longer slice is a view into the document and would keep it in memory).
 */
const VALUE_SLOTS = 4096; // a power of two
const VALUE_PROBES = 4;
const MAX_SHARED_VALUE = 12;
const VALUES: (string | undefined)[] = new Array<string | undefined>(VALUE_SLOTS).fill(undefined);

function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

/** An element as read: a class instance, not an object literal, so that it has no allocation site for V8 to pretenure (see freshList). */
class ScannedElement implements XmlNode {
  attrs = NO_ATTRIBUTES;
  children = NO_CHILDREN;
  text = '';
  constructor(
    readonly name: string,
    readonly qname: string,
    readonly parent: XmlNode | undefined,
  ) {}
}

class XmlScanner {
  private pos = 0;
  private nextAmp = -1;
  // Arrays that hold a document's elements are made by freshList, never by a literal (see there).
  private readonly order: XmlNode[] = freshList();
  /** Set by startTag: whether the tag just read was `<.../>`, and where it started. */
  private selfClosing = false;
  private tagStart = 0;
  private readonly seen: string[] = [];
  /** The elements carrying each attribute (local name), in document order, built as attributes are read. */
  private readonly byAttribute = new Map<string, XmlNode[]>();

  /** Where in `order` the open child of the root starts (its own element), while a taker is set. */
  private rootChildAt = 0;
  /** Where in `order` the first taken child not released starts, or -1. */
  private takenAt = -1;
  /**
   * The length of each per-attribute list where the open child of the root started (kept while no
   * taken child is held), and where the first taken child not released started: `release` cuts each
   * list back to it instead of looking at every released element's attributes.
   */
  private listsAtChildStart?: Map<string, number>;
  private listsAtTaken?: Map<string, number>;
  /** The root's children so far, while a child of the root is offered to the taker. */
  private offered?: { kids: XmlNode[]; from: number; top: number };
  private readonly readSoFar: ReadSoFar = {
    rootChildren: () => {
      const o = this.offered!;
      return o.kids.slice(o.from, o.top - 1);
    },
    indexRoot: () => rememberDocumentOrder(this.order[0], this.order, this.byAttribute),
    release: () => this.release(),
  };

  constructor(
    private readonly src: string,
    private readonly maxDepth: number,
    private readonly taker?: RootChildTaker,
    /**
     * Set when the scanner is to look for characters XML does not allow, instead of the caller scanning
     * the whole text for them first: the scanner already looks at each character of names, white space
     * and short values, and looks at the rest (long values, CDATA, comments, processing instructions)
     * too. At the first that may be one it calls this, and stops looking if that returns.
     */
    private checkChars?: CharacterCheck,
  ) {}

  document(): XmlNode {
    const src = this.src;
    if (src.startsWith('<?xml') && (isSpace(src.charCodeAt(5)) || src.charCodeAt(5) === QUESTION)) {
      this.skipProcessingInstruction();
    }
    let root: XmlNode | undefined;
    for (;;) {
      this.skipSpace();
      if (this.pos >= src.length) break;
      const c = src.charCodeAt(this.pos);
      if (c !== LT) throw this.error(root ? 'Extra text at the end' : `char '${src[this.pos]}' is not expected.`);
      const next = src.charCodeAt(this.pos + 1);
      if (next === BANG) this.skipComment();
      else if (next === QUESTION) this.skipProcessingInstruction(true);
      else if (next === SLASH) throw this.error(`Closing tag has not been opened.`);
      else if (root) throw this.error('Multiple possible root nodes found.');
      else root = this.element();
    }
    if (!root) throw this.error('Start tag expected.');
    rememberDocumentOrder(root, this.order, this.byAttribute);
    return root;
  }

  /** The element starting at `pos` (on '<') and everything inside it, with an explicit stack. */
  private element(): XmlNode {
    const src = this.src;
    const stack: XmlNode[] = freshList();
    const raws: string[] = [];
    const starts: number[] = [];
    // The children read so far of every open element, one after the other (those of the innermost
    // last, up to kidsTop), and where each open element's own begin: an element's children array is
    // made when it closes, at its final length, instead of being grown child by child.
    const kids: XmlNode[] = freshList();
    const kidsFrom: number[] = [];
    let kidsTop = 0;
    const taking = this.taker !== undefined;
    let node = this.startTag(undefined);
    if (this.selfClosing) return node;
    stack.push(node);
    raws.push('');
    starts.push(this.tagStart);
    kidsFrom.push(0);
    for (;;) {
      // The white space up to the next markup (the indentation between elements) is passed over here,
      // character by character: when a '<' follows it, that is the next markup, found without a search,
      // and the white space is known to be blank without being looked at again.
      let blankTo = this.pos;
      while (isSpace(src.charCodeAt(blankTo))) blankTo++;
      const lt = src.charCodeAt(blankTo) === LT ? blankTo : src.indexOf('<', blankTo);
      if (lt < 0) {
        this.pos = starts[0];
        throw this.error(`Unclosed tag '${stack[0].qname}'.`);
      }
      if (lt > this.pos) {
        const top = raws.length - 1;
        // Whitespace before any text is dropped now rather than trimmed later (indentation between
        // elements); it is not even cut out of the text (and has no '&' to check).
        if (raws[top] !== '' || blankTo !== lt) raws[top] += this.text(this.pos, lt);
      }
      this.pos = lt;
      const next = src.charCodeAt(lt + 1);
      if (next === SLASH) {
        const open = stack[stack.length - 1];
        this.endTag(open, starts[starts.length - 1]);
        this.finish(open, raws.pop()!);
        const from = kidsFrom.pop()!;
        if (kidsTop > from) {
          open.children = kids.slice(from, kidsTop);
          kidsTop = from;
        }
        stack.pop();
        starts.pop();
        if (stack.length === 0) return open;
        if (taking && stack.length === 1 && this.offer(open, kids, kidsFrom[0], kidsTop)) kidsTop--;
      } else if (next === BANG) {
        if (src.startsWith('<![CDATA[', lt)) {
          const end = src.indexOf(']]>', lt + 9);
          if (end < 0) {
            this.pos = starts[0];
            throw this.error(`Unclosed tag '${stack[0].qname}'.`);
          }
          this.checkBetween(lt + 9, end);
          raws[raws.length - 1] += '\u0000' + src.slice(lt + 9, end) + '\u0000'; // literal: marked, never decoded
          this.pos = end + 3;
        } else this.skipComment();
      } else if (next === QUESTION) {
        this.skipProcessingInstruction();
      } else {
        if (stack.length > this.maxDepth) throw new DepthError();
        if (taking && stack.length === 1) this.rootChildStarts();
        node = this.startTag(stack[stack.length - 1]);
        if (kidsTop === kids.length) kids.push(node);
        else kids[kidsTop] = node;
        kidsTop++;
        if (this.selfClosing) {
          if (taking && stack.length === 1 && this.offer(node, kids, kidsFrom[0], kidsTop)) kidsTop--;
        } else {
          stack.push(node);
          raws.push('');
          starts.push(this.tagStart);
          kidsFrom.push(kidsTop);
        }
      }
    }
  }

  /**
   * Offers the child of the root that just closed (the last of `kids`, the root's children from
   * `from` on) to the taker. Taken, its elements stay last in the document's order and per-attribute
   * index, with those of the children taken before it, until the taker releases them (`release`).
   */
  private offer(node: XmlNode, kids: XmlNode[], from: number, top: number): boolean {
    // Counted as taken while offered: a taker that takes it may release it at once.
    const before = this.takenAt;
    const listsBefore = this.listsAtTaken;
    if (before < 0) {
      this.takenAt = this.rootChildAt;
      this.listsAtTaken = this.listsAtChildStart;
    }
    this.offered = { kids, from, top };
    const taken = this.taker!.take(node, this.readSoFar);
    this.offered = undefined;
    if (!taken) {
      this.takenAt = before;
      this.listsAtTaken = listsBefore;
    }
    return taken;
  }

  /** A child of the root starts: where it begins in `order` and, if nothing taken is held, in the per-attribute lists. */
  private rootChildStarts(): void {
    this.rootChildAt = this.order.length;
    if (this.takenAt < 0) this.listsAtChildStart = this.listLengths();
  }

  private listLengths(): Map<string, number> {
    const lengths = new Map<string, number>();
    for (const [a, carriers] of this.byAttribute) lengths.set(a, carriers.length);
    return lengths;
  }

  /** See ReadSoFar.release: the elements from `takenAt` on leave the order and per-attribute index. */
  private release(): void {
    if (this.takenAt < 0) return;
    const lengths = this.listsAtTaken!;
    for (const [a, carriers] of this.byAttribute) {
      const length = lengths.get(a);
      if (length === undefined) this.byAttribute.delete(a);
      else carriers.length = length;
    }
    this.order.length = this.takenAt;
    this.takenAt = -1;
    this.listsAtTaken = undefined;
  }

  /** Reads `<name attr="v" ...>` or `<name .../>` at `pos`; the caller adds the node to its parent's children. */
  private startTag(parent: XmlNode | undefined): XmlNode {
    const src = this.src;
    const start = this.pos;
    let i = start + 1;
    if (isSpace(src.charCodeAt(i))) {
      this.pos = i;
      throw this.error("Invalid space after '<'.");
    }
    let hash = 0;
    while (i < src.length) {
      const c = src.charCodeAt(i);
      if (isSpace(c) || c === GT || c === SLASH) break;
      hash = (Math.imul(hash, 31) + c) | 0;
      i++;
    }
    // Names repeat: each distinct one is checked and split once, and kept as one string.
    const name = this.knownName(start + 1, i, hash, 'Tag');
    const qname = name.qname;
    const node: XmlNode = new ScannedElement(name.local, qname, parent);
    this.order.push(node);
    const seen = this.seen;
    let seenCount = 0;
    for (;;) {
      const before = i;
      while (isSpace(src.charCodeAt(i))) i++;
      if (i >= src.length) {
        this.pos = start;
        throw this.error(`Unclosed tag '${qname}'.`);
      }
      const c = src.charCodeAt(i);
      if (c === GT) {
        this.pos = i + 1;
        this.selfClosing = false;
        this.tagStart = start;
        return node;
      }
      if (c === SLASH && src.charCodeAt(i + 1) === GT) {
        this.pos = i + 2;
        this.selfClosing = true;
        this.tagStart = start;
        return node;
      }
      if (c === EQ) {
        i++; // a stray '=' is passed over, as the reader always did
        continue;
      }
      // an attribute: name = "value"
      const nameStart = i;
      let attributeHash = 0;
      while (i < src.length) {
        const d = src.charCodeAt(i);
        if (isSpace(d) || d === EQ || d === GT || d === SLASH || d === DQUOTE || d === SQUOTE) break;
        attributeHash = (Math.imul(attributeHash, 31) + d) | 0;
        i++;
      }
      if (i === nameStart) {
        this.pos = i;
        throw this.error(`Attribute name expected in '${qname}'.`);
      }
      if (before === nameStart) {
        this.pos = nameStart;
        throw this.error(`Attribute '${src.slice(nameStart, i)}' has no space in starting.`);
      }
      // Attribute names repeat as tag names do, and come from the same table (no copy, no second check).
      const attribute = this.knownName(nameStart, i, attributeHash, 'Attribute');
      const name = attribute.qname;
      while (isSpace(src.charCodeAt(i))) i++;
      if (src.charCodeAt(i) !== EQ) {
        this.pos = nameStart;
        throw this.error(`Attribute '${name}' is without value.`);
      }
      i++;
      while (isSpace(src.charCodeAt(i))) i++;
      const quote = src.charCodeAt(i);
      if (quote !== DQUOTE && quote !== SQUOTE) {
        this.pos = nameStart;
        throw this.error(`Attribute '${name}' is without value.`);
      }
      const close = src.indexOf(quote === DQUOTE ? '"' : "'", i + 1);
      if (close < 0) {
        this.pos = start;
        throw this.error(`Attributes for '${qname}' have open quote.`);
      }
      let repeated = false;
      for (let k = 0; k < seenCount && !repeated; k++) repeated = seen[k] === name;
      if (repeated) {
        this.pos = nameStart;
        throw this.error(`Attribute '${name}' is repeated.`);
      }
      seen[seenCount++] = name;
      const raw = this.value(i + 1, close);
      i = close + 1;
      if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
      const local = attribute.local;
      if (node.attrs === NO_ATTRIBUTES) node.attrs = {};
      if (node.attrs[local] === undefined) {
        const carriers = this.byAttribute.get(local);
        if (carriers) carriers.push(node);
        else this.byAttribute.set(local, listWith(node));
      }
      node.attrs[local] = raw.includes('&') ? this.decoded(raw, node, `/@${local}`, false) : raw;
    }
  }

  /**
   * The known name written at `from`..`to` (hash of its characters), or a new one, checked and
   * remembered; tag and attribute names alike (a name is valid or not whatever it names).
   */
  private knownName(from: number, to: number, hash: number, kind: 'Tag' | 'Attribute'): TagName {
    const src = this.src;
    const length = to - from;
    let free = -1;
    for (let p = 0, slot = hash & (NAME_SLOTS - 1); p < NAME_PROBES; p++, slot = (slot + 1) & (NAME_SLOTS - 1)) {
      const known = NAMES[slot];
      if (known === undefined) {
        free = slot;
        break;
      }
      if (known.hash === hash && known.qname.length === length && src.startsWith(known.qname, from)) return known;
    }
    const written = src.slice(from, to);
    this.checkName(written, from, kind);
    // A copy: the name table outlives every document, and a document that brought a new long tag name
    // would otherwise stay in memory as long as its entry.
    const qname = internalized(detachedString(written));
    const name: TagName = { qname, local: internalized(localName(qname)), hash };
    NAMES[free >= 0 ? free : hash & (NAME_SLOTS - 1)] = name;
    return name;
  }

  /** `</name>` at `pos`, which must close `node`. */
  private endTag(node: XmlNode, openedAt: number): void {
    const src = this.src;
    let i = this.pos + 2;
    if (isSpace(src.charCodeAt(i))) {
      this.pos = i;
      throw this.error("Invalid space after '<'.");
    }
    const nameStart = i;
    // the usual case, `</qname>`, without taking the name out of the text
    if (src.startsWith(node.qname, i) && src.charCodeAt(i + node.qname.length) === GT) {
      this.pos = i + node.qname.length + 1;
      return;
    }
    while (i < src.length && !isSpace(src.charCodeAt(i)) && src.charCodeAt(i) !== GT) i++;
    const name = src.slice(nameStart, i);
    while (isSpace(src.charCodeAt(i))) i++;
    if (src.charCodeAt(i) !== GT) {
      throw this.error(`Closing tag '${name}' doesn't have proper closing.`);
    }
    if (name !== node.qname) {
      const opened = this.position(openedAt);
      throw this.error(
        `Expected closing tag '${node.qname}' (opened in line ${opened.line}, col ${opened.col}) instead of closing tag '${name}'.`,
      );
    }
    this.pos = i + 1;
  }

  /** Text between `from` and `to`: every '&' must start a reference. Returned still encoded. */
  private text(from: number, to: number): string {
    const src = this.src;
    // The next '&' of the document is remembered: looking it up again for every text would scan to
    // the end of a document without one, once per element.
    if (this.nextAmp < from) this.nextAmp = src.indexOf('&', from) >>> 0; // none: 2^32 - 1
    while (this.nextAmp < to) {
      const amp = this.nextAmp;
      REFERENCE.lastIndex = amp;
      if (!REFERENCE.test(src) || REFERENCE.lastIndex > to) {
        this.pos = amp;
        throw this.error("char '&' is not expected.");
      }
      this.nextAmp = src.indexOf('&', REFERENCE.lastIndex) >>> 0;
    }
    return this.value(from, to);
  }

  /** The text from `from` to `to` as written: a short one shared with its earlier occurrences. */
  private value(from: number, to: number): string {
    const src = this.src;
    const length = to - from;
    if (length > MAX_SHARED_VALUE) {
      this.checkBetween(from, to);
      return src.slice(from, to);
    }
    let hash = 0;
    for (let i = from; i < to; i++) {
      const c = src.charCodeAt(i);
      if (maybeNotXmlChar(c) && this.checkChars) this.suspectCharacter();
      hash = (Math.imul(hash, 31) + c) | 0;
    }
    const home = hash & (VALUE_SLOTS - 1);
    let free = home;
    for (let p = 0, slot = home; p < VALUE_PROBES; p++, slot = (slot + 1) & (VALUE_SLOTS - 1)) {
      const known = VALUES[slot];
      if (known === undefined) {
        free = slot;
        break;
      }
      if (known.length === length && src.startsWith(known, from)) return known;
    }
    const value = src.slice(from, to);
    VALUES[free] = value;
    return value;
  }

  private finish(node: XmlNode, raw: string): void {
    if (raw === '') return;
    let text: string;
    if (raw.includes('\u0000')) {
      // CDATA sections (between NUL marks; the document itself has none) are taken as written.
      const parts = raw.split('\u0000');
      text = '';
      for (let k = 0; k < parts.length; k++) text += k % 2 === 1 ? parts[k] : this.decoded(parts[k], node, '', true);
    } else text = raw.includes('&') ? this.decoded(raw, node, '', true) : raw;
    node.text = text.trim();
  }

  /** Decodes references; a reference to a character XML does not allow is refused with the element's path. */
  private decoded(raw: string, node: XmlNode, suffix: string, isText: boolean): string {
    if (!raw.includes('&')) return raw;
    const decoded = decodeXmlText(raw);
    const bad = NOT_XML_CHAR.exec(decoded);
    if (!bad) return decoded;
    const code = `U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new FormatError(
      'XML_MALFORMED',
      `Malformed XML: a character reference to ${code} is not allowed in XML`,
      elementPath(node) + (isText ? '' : suffix),
      'XML 1.0 characters only (no U+0000)',
    );
  }

  /** See checkChars: the characters from `from` to `to`, which nothing else looks at. */
  private checkBetween(from: number, to: number): void {
    if (!this.checkChars) return;
    const src = this.src;
    for (let i = from; i < to; i++) {
      if (maybeNotXmlChar(src.charCodeAt(i))) {
        this.suspectCharacter();
        return;
      }
    }
  }

  /** See checkChars: a character that may not be allowed was met. */
  private suspectCharacter(): void {
    const check = this.checkChars!;
    this.checkChars = undefined;
    check();
  }

  private checkName(name: string, at: number, kind: 'Tag' | 'Attribute'): void {
    let ok = name.length > 0 && isAsciiNameStart(name.charCodeAt(0));
    for (let k = 1; ok && k < name.length; k++) ok = isAsciiNameChar(name.charCodeAt(k));
    if (!ok && !XML_NAME.test(name)) {
      this.pos = at;
      throw this.error(`${kind} '${name}' is an invalid name.`);
    }
  }

  private skipSpace(): void {
    const src = this.src;
    while (this.pos < src.length && isSpace(src.charCodeAt(this.pos))) this.pos++;
  }

  /** `<!-- ... -->` at `pos`; any other `<!` construct is not allowed (DTDs are refused before). */
  private skipComment(): void {
    if (!this.src.startsWith('<!--', this.pos)) throw this.error("Unexpected '<!' (only comments and CDATA)");
    const end = this.src.indexOf('-->', this.pos + 4);
    if (end < 0) throw this.error('Comment is not closed.');
    this.checkBetween(this.pos + 4, end);
    this.pos = end + 3;
  }

  /**
   * `<?target ...?>`, ended by the first `?>`. The XML declaration is allowed only at the very start
   * (outside the root element), and its pseudo-attributes must close their quotes.
   */
  private skipProcessingInstruction(topLevel = false): void {
    const src = this.src;
    const at = this.pos;
    const declaration =
      src.startsWith('<?xml', at) && (src.charCodeAt(at + 5) === 0x20 || src.charCodeAt(at + 5) === QUESTION);
    if (declaration && topLevel && at > 0)
      throw this.error('XML declaration allowed only at the start of the document.');
    const end = src.indexOf('?>', at + 2);
    if (end < 0) throw this.error('Processing instruction is not closed.');
    this.checkBetween(at + 2, end);
    if (declaration && at === 0) {
      for (let i = at + 2; i < end; i++) {
        const c = src.charCodeAt(i);
        if (c === DQUOTE || c === SQUOTE) {
          const close = src.indexOf(c === DQUOTE ? '"' : "'", i + 1);
          if (close < 0 || close > end) throw this.error('XML declaration is not closed.');
          i = close;
        }
      }
    }
    this.pos = end + 2;
  }

  private position(index: number): { line: number; col: number } {
    let line = 1;
    let start = 0;
    for (let i = this.src.indexOf('\n'); i !== -1 && i < index; i = this.src.indexOf('\n', i + 1)) {
      line++;
      start = i + 1;
    }
    return { line, col: index - start + 1 };
  }

  private error(message: string): FormatError {
    const { line, col } = this.position(this.pos);
    return new FormatError('XML_MALFORMED', `Malformed XML: ${message}`, `line ${line}, column ${col}`);
  }
}

/** Thrown when elements nest deeper than allowed; turned into XML_TOO_DEEP by the caller. */
export class DepthError extends Error {}
