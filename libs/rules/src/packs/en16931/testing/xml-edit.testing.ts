/**
 * Small text-level edits on invoice XML for defect tests. The official examples use fixed prefixes
 * (cbc:/cac:/ram:), so editing the text keeps every other byte of a real invoice as published.
 */
export interface ElementSpan {
  start: number; // index of "<"
  end: number; // index after the closing ">"
  contentStart: number; // index after the opening tag ("" for self-closing)
  contentEnd: number; // index of the closing tag
}

/** The first element named `tag` (with prefix) at or after `from`, nesting of the same name respected. */
export function findElement(xml: string, tag: string, from = 0, until = xml.length): ElementSpan | null {
  const open = new RegExp(`<${tag}(?=[\\s/>])`, 'g');
  open.lastIndex = from;
  const m = open.exec(xml);
  if (!m || m.index >= until) return null;
  const tagEnd = xml.indexOf('>', m.index);
  if (xml[tagEnd - 1] === '/')
    return { start: m.index, end: tagEnd + 1, contentStart: tagEnd + 1, contentEnd: tagEnd + 1 };
  const any = new RegExp(`<(/?)${tag}(?=[\\s/>])`, 'g');
  any.lastIndex = tagEnd + 1;
  let depth = 1;
  for (let n = any.exec(xml); n; n = any.exec(xml)) {
    const close = xml.indexOf('>', n.index);
    if (n[1] === '/') depth--;
    else if (xml[close - 1] !== '/') depth++;
    if (depth === 0) return { start: m.index, end: close + 1, contentStart: tagEnd + 1, contentEnd: n.index };
  }
  return null;
}

/** Follows a path of elements (each searched inside the previous one). */
export function findPath(xml: string, path: string[]): ElementSpan | null {
  let from = 0;
  let until = xml.length;
  let found: ElementSpan | null = null;
  for (const tag of path) {
    found = findElement(xml, tag, from, until);
    if (!found || found.end > until) return null;
    from = found.contentStart;
    until = found.contentEnd;
  }
  return found;
}

/** Direct-child lookup: the first `tag` inside `parent` that is not nested in another element. */
export function findChild(xml: string, parent: ElementSpan, tag: string): ElementSpan | null {
  let i = parent.contentStart;
  while (i < parent.contentEnd) {
    const lt = xml.indexOf('<', i);
    if (lt < 0 || lt >= parent.contentEnd) return null;
    if (xml.startsWith('<!--', lt)) {
      i = xml.indexOf('-->', lt) + 3;
      continue;
    }
    const name = /^<([\w:.-]+)/.exec(xml.slice(lt, lt + 200))?.[1];
    if (!name) {
      i = lt + 1;
      continue;
    }
    const el = findElement(xml, name, lt, parent.contentEnd);
    if (!el) return null;
    if (name === tag) return el;
    i = el.end;
  }
  return null;
}

export function textOf(xml: string, el: ElementSpan): string {
  return xml.slice(el.contentStart, el.contentEnd).trim();
}

export function replaceContent(xml: string, el: ElementSpan, content: string): string {
  return xml.slice(0, el.contentStart) + content + xml.slice(el.contentEnd);
}

export function removeElement(xml: string, el: ElementSpan): string {
  return xml.slice(0, el.start) + xml.slice(el.end);
}

/** Replaces (or removes, with null) an attribute on the element's opening tag. */
export function setAttribute(xml: string, el: ElementSpan, name: string, value: string | null): string {
  const openTag = xml.slice(el.start, el.contentStart);
  const re = new RegExp(`\\s${name}="[^"]*"`);
  const next =
    value === null
      ? openTag.replace(re, '')
      : re.test(openTag)
        ? openTag.replace(re, ` ${name}="${value}"`)
        : openTag.replace(/(\/?>)$/, ` ${name}="${value}"$1`);
  return xml.slice(0, el.start) + next + xml.slice(el.contentStart);
}
