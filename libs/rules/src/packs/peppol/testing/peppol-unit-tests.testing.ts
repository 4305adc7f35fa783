import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readInvoiceXml } from '@app/formats';
import type { Finding } from '../../../engine/rule';
import { validateInvoice } from '../../../engine/validate-invoice';
import { PEPPOL_BIS_CUSTOMIZATION } from '../../shared/peppol-document.util';

/**
 * Measures agreement with OpenPEPPOL's own unit tests (peppol-bis-invoice-3, `rules/unit-*`). The
 * tests are not part of this repository: point PEPPOL_BIS_DIR at an exported copy of that repository
 * (the folder that holds `rules/`). Each test is one whole document with the expected outcome of
 * one or more rules (success, error = fatal, warning).
 */
export const PEPPOL_BIS_DIR = process.env.PEPPOL_BIS_DIR;

export type Expectation = 'success' | 'error' | 'warning';

export interface PeppolCase {
  set: string; // unit-UBL-SE
  file: string;
  index: number; // 1-based test number in the file
  rule: string;
  expect: Expectation;
  xml: string;
}

const EXPECTATION = /<(success|error|warning)\b[^>]*>\s*([^<\s]+)\s*<\/\1>/g;

/** Every (document, rule, expected outcome) of one unit test folder. */
export function loadPeppolCases(set: string, root = PEPPOL_BIS_DIR): PeppolCase[] {
  const dir = join(root ?? '', 'rules', set);
  if (!root || !existsSync(dir)) return [];
  const out: PeppolCase[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .sort()) {
    const source = readFileSync(join(dir, file), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
    let index = 0;
    for (const m of source.matchAll(/<test\b[^>]*>([\s\S]*?)<\/test>/g)) {
      index++;
      const body = m[1];
      const assert = /<assert>([\s\S]*?)<\/assert>/.exec(body);
      if (!assert) continue;
      const xml =
        '<?xml version="1.0" encoding="UTF-8"?>\n' + body.slice((assert.index ?? 0) + assert[0].length).trim();
      for (const e of assert[1].matchAll(EXPECTATION))
        out.push({ set, file, index, rule: e[2], expect: e[1] as Expectation, xml });
    }
  }
  return out;
}

export interface CaseOutcome extends PeppolCase {
  ok: boolean;
  detail: string;
}

const ROOT_START = /<([A-Za-z_][\w.-]*:)?(Invoice|CreditNote)\b[^>]*>/;

/**
 * The generic unit tests are fragments, mostly without a CustomizationID: the Peppol validator applies
 * its rules to whatever it is given, we apply them to documents that declare Peppol BIS. A fragment
 * without BT-24 is therefore measured as the Peppol document it stands for: the Peppol BIS
 * CustomizationID is inserted as the root's first child. A document that declares something else
 * (PEPPOL-EN16931-R004's failing case) is left as it is.
 */
export function asPeppolDocument(xml: string): string {
  if (/<([\w.-]+:)?CustomizationID\b/.test(xml)) return xml;
  const m = ROOT_START.exec(xml);
  if (!m) return xml;
  const at = (m.index ?? 0) + m[0].length;
  return `${xml.slice(0, at)}<cbc:CustomizationID xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">${PEPPOL_BIS_CUSTOMIZATION}</cbc:CustomizationID>${xml.slice(at)}`;
}

/** Runs the whole engine (every pack, XML syntax findings included) as intake does, and compares one rule id. */
export function judge(cases: PeppolCase[]): CaseOutcome[] {
  const memo = new Map<string, Finding[] | Error>();
  return cases.map((c) => {
    let findings = memo.get(c.xml);
    if (!findings) {
      try {
        const { format, invoice, syntaxFindings } = readInvoiceXml(asPeppolDocument(c.xml));
        findings = validateInvoice(invoice, { format, syntaxFindings });
      } catch (err) {
        findings = err as Error;
      }
      memo.set(c.xml, findings);
    }
    if (findings instanceof Error) return { ...c, ok: false, detail: `reader failed: ${findings.message}` };
    const hits = findings.filter((f) => f.ruleId === c.rule);
    const want = c.expect === 'success' ? null : c.expect === 'error' ? 'blocking' : 'warning';
    const ok = want === null ? hits.length === 0 : hits.some((h) => h.severity === want);
    const detail =
      hits.map((h) => `${h.severity} ${h.fieldPath} exp=${h.expected} act=${h.actual}`).join('; ') || 'no finding';
    return { ...c, ok, detail };
  });
}

export function summarise(label: string, outcomes: CaseOutcome[]): string {
  const passed = outcomes.filter((o) => o.ok).length;
  const rate = outcomes.length ? ((passed / outcomes.length) * 100).toFixed(1) : 'n/a';
  const misses = outcomes
    .filter((o) => !o.ok)
    .map((o) => `    ${o.file}#${o.index} ${o.expect} ${o.rule}: ${o.detail}`);
  return [`${label}: ${passed}/${outcomes.length} = ${rate}%`, ...misses].join('\n');
}
