import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CanonicalInvoice } from '@app/domain';
import { EnvironmentVariables } from '@app/config';
import { isFormatError, readInvoiceXml } from '@app/formats';
import {
  DEFAULT_LANGUAGE,
  type Finding,
  type InvoiceFormat,
  type Language,
  localizeFinding,
  normalizeLanguage,
  packsApplied,
  SUPPORTED_LANGUAGES,
  validateInvoice,
} from '@app/rules';
import { exceedsJsonDepth } from '../common/json-depth.util';
import { checkInvoiceObject } from '../modules/intake/reading/check-invoice-object';
import type { IntakeLimits } from '../modules/intake/reading/intake-limits';

/** One finding as the command-line validator prints it. */
export interface CliFinding {
  ruleId: string;
  severity: Finding['severity'];
  fieldPath: string;
  message: string;
  expected?: string;
  actual?: string;
  /** What to do, in the chosen language (when the rule has a hint). */
  hint?: string;
  /** "Expected X, found Y." in the chosen language. */
  detail?: string;
  /** The rule's own English sentence, kept when --lang is not en. */
  messageEn?: string;
}

export interface DocumentVerdict {
  file: string;
  /** `ubl`, `cii`, `json`, or `unreadable` when the document could not be read at all. */
  format: InvoiceFormat | 'unreadable';
  verdict: 'valid' | 'blocked';
  invoiceNumber: string | null;
  packs: { name: string; version: string }[];
  blocking: number;
  warnings: number;
  findings: CliFinding[];
}

export interface CliResult {
  exitCode: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

const USAGE = `usage: validate <file or folder>... [--json] [--lang ${SUPPORTED_LANGUAGES.join('|')}]
  Validates UBL 2.1 / CII / canonical JSON invoices with the EN 16931, syntax, country and (when BT-24
  declares Peppol BIS) Peppol packs; supplier rules need master data and are skipped.
  Exit code: 0 no document blocked, 1 some document blocked, 2 usage or read error.
  --lang: the language of messages, hints and details (default en; no/nn mean nb).`;

/** The API's own intake limits (defaults of the environment schema), so the CLI reads what intake would. */
function intakeLimits(): IntakeLimits {
  const d = new EnvironmentVariables();
  return {
    maxJsonDepth: d.JSON_MAX_DEPTH,
    maxLines: d.INTAKE_MAX_LINES,
    maxAllowancesPerLine: d.INTAKE_MAX_ALLOWANCES_PER_LINE,
    maxXmlElements: d.INTAKE_MAX_XML_ELEMENTS,
    maxXmlAttributes: d.INTAKE_MAX_XML_ATTRIBUTES,
    maxEmbeddedXmlBytes: d.BODY_LIMIT_BYTES,
  };
}

/** Files to validate: a file as given, a folder's *.xml and *.json files (recursively, sorted). */
function collect(path: string): string[] {
  const st = statSync(path);
  if (!st.isDirectory()) return [path];
  const out: string[] = [];
  for (const name of readdirSync(path).sort()) {
    if (name.startsWith('.')) continue;
    const p = join(path, name);
    if (statSync(p).isDirectory()) out.push(...collect(p));
    else if (/\.(xml|json)$/i.test(name)) out.push(p);
  }
  return out;
}

const unreadable = (
  file: string,
  ruleId: string,
  fieldPath: string,
  message: string,
  expected?: string,
): DocumentVerdict => ({
  file,
  format: 'unreadable',
  verdict: 'blocked',
  invoiceNumber: null,
  packs: [],
  blocking: 1,
  warnings: 0,
  findings: [{ ruleId, severity: 'blocking', fieldPath, message, expected }],
});

/** Reads and validates one document; a document that cannot be read is a blocked verdict, never a throw. */
export async function validateDocument(file: string, text: string, limits = intakeLimits()): Promise<DocumentVerdict> {
  const body = text.replace(/^\uFEFF/, '');
  let invoice: CanonicalInvoice;
  let format: InvoiceFormat;
  let syntaxFindings: Finding[] = [];
  if (body.trimStart().startsWith('{') || body.trimStart().startsWith('[')) {
    if (exceedsJsonDepth(body, limits.maxJsonDepth))
      return unreadable(file, 'JSON_TOO_DEEP', '$', `JSON nested deeper than ${limits.maxJsonDepth} levels`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (e) {
      return unreadable(
        file,
        'MALFORMED_JSON',
        '$',
        `Not valid JSON: ${(e as Error).message}`,
        'a canonical JSON invoice',
      );
    }
    const checked = await checkInvoiceObject(parsed, '', limits);
    if (!checked.ok) {
      return {
        ...unreadable(file, checked.failure.code, '$', checked.failure.message),
        format: 'json',
        blocking: checked.failure.details.length || 1,
        findings: checked.failure.details.length
          ? checked.failure.details.map((d) => ({
              ruleId: checked.failure.code,
              severity: 'blocking' as const,
              fieldPath: d.path,
              message: d.issue,
              expected: d.expected,
              actual: d.actual,
            }))
          : [
              {
                ruleId: checked.failure.code,
                severity: 'blocking' as const,
                fieldPath: '$',
                message: checked.failure.message,
              },
            ],
      };
    }
    invoice = checked.invoice;
    format = 'json';
  } else {
    try {
      ({ invoice, format, syntaxFindings } = readInvoiceXml(body, {
        maxElements: limits.maxXmlElements,
        maxAttributes: limits.maxXmlAttributes,
      }));
    } catch (e) {
      if (isFormatError(e))
        return unreadable(
          file,
          e.code,
          e.path ?? '$',
          e.message,
          e.expected ?? 'a UBL 2.1 Invoice/CreditNote or a CII CrossIndustryInvoice',
        );
      return unreadable(
        file,
        'XML_UNREADABLE',
        '$',
        `The document could not be read: ${(e as Error).message}`,
        'a UBL 2.1 Invoice/CreditNote or a CII CrossIndustryInvoice',
      );
    }
  }
  // Default settings and no supplier context: the supplier pack stays silent without master data.
  const findings = validateInvoice(invoice, { format, syntaxFindings });
  const blocking = findings.filter((f) => f.severity === 'blocking').length;
  return {
    file,
    format,
    verdict: blocking ? 'blocked' : 'valid',
    invoiceNumber: invoice.invoiceNumber || null,
    packs: packsApplied(invoice, { format, withSupplier: false }).map((p) => ({ name: p.name, version: p.version })),
    blocking,
    warnings: findings.length - blocking,
    findings: findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      fieldPath: f.fieldPath,
      message: f.message,
      expected: f.expected,
      actual: f.actual,
    })),
  };
}

/** The findings' texts in a language (presentation only: the verdict does not depend on it). */
function localizeVerdict(d: DocumentVerdict, lang: Language): DocumentVerdict {
  return {
    ...d,
    findings: d.findings.map((f) => {
      const t = localizeFinding(f, lang);
      return {
        ...f,
        message: t.message,
        ...(t.hint ? { hint: t.hint } : {}),
        ...(t.detail ? { detail: t.detail } : {}),
        ...(lang !== DEFAULT_LANGUAGE ? { messageEn: f.message } : {}),
      };
    }),
  };
}

function formatText(docs: DocumentVerdict[], lang: Language): string {
  const lines: string[] = [];
  for (const d of docs) {
    lines.push(
      `${d.verdict === 'valid' ? 'VALID  ' : 'BLOCKED'} ${d.file} (${d.format}${d.invoiceNumber ? `, invoice ${d.invoiceNumber}` : ''}): ${d.blocking} blocking, ${d.warnings} warning(s)`,
    );
    if (d.packs.length) lines.push(`  packs: ${d.packs.map((p) => `${p.name}@${p.version}`).join(', ')}`);
    for (const f of d.findings) {
      const ea = [
        f.expected !== undefined ? `expected: ${f.expected}` : '',
        f.actual !== undefined ? `actual: ${f.actual}` : '',
      ]
        .filter(Boolean)
        .join('; ');
      // English keeps the compact "(expected: …; actual: …)"; other languages show the translated detail.
      const extra = lang === DEFAULT_LANGUAGE ? (ea ? ` (${ea})` : '') : f.detail ? ` ${f.detail}` : '';
      lines.push(
        `  ${f.severity === 'blocking' ? 'error  ' : 'warning'} ${f.ruleId} at ${f.fieldPath || '(document)'}: ${f.message}${extra}`,
      );
    }
  }
  const blocked = docs.filter((d) => d.verdict === 'blocked').length;
  lines.push(`${docs.length} document(s): ${docs.length - blocked} valid, ${blocked} blocked`);
  return lines.join('\n') + '\n';
}

/** The whole command: arguments in, output and exit code out (no process.exit, so tests can call it). */
export async function runValidateCli(argv: string[], cwd = process.cwd()): Promise<CliResult> {
  let json = false;
  let lang: Language = DEFAULT_LANGUAGE;
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--lang' || a.startsWith('--lang=')) {
      const given = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      const chosen = normalizeLanguage(given);
      if (!chosen)
        return {
          exitCode: 2,
          stdout: '',
          stderr: `--lang ${given ?? ''}: not one of ${SUPPORTED_LANGUAGES.join(', ')}\n${USAGE}\n`,
        };
      lang = chosen;
    } else if (a === '--help' || a === '-h') return { exitCode: 0, stdout: USAGE + '\n', stderr: '' };
    else if (a.startsWith('-')) return { exitCode: 2, stdout: '', stderr: `unknown option ${a}\n${USAGE}\n` };
    else paths.push(a);
  }
  if (!paths.length) return { exitCode: 2, stdout: '', stderr: `${USAGE}\n` };
  const files: string[] = [];
  for (const p of paths) {
    try {
      files.push(...collect(p));
    } catch (e) {
      return {
        exitCode: 2,
        stdout: '',
        stderr: `cannot read ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`,
      };
    }
  }
  if (!files.length) return { exitCode: 2, stdout: '', stderr: `no .xml or .json file found in ${paths.join(', ')}\n` };
  const limits = intakeLimits();
  const docs: DocumentVerdict[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch (e) {
      return {
        exitCode: 2,
        stdout: '',
        stderr: `cannot read ${f}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`,
      };
    }
    const shown = relative(cwd, f).startsWith('..') ? f : relative(cwd, f) || f;
    docs.push(localizeVerdict(await validateDocument(shown, text, limits), lang));
  }
  const blocked = docs.filter((d) => d.verdict === 'blocked').length;
  const exitCode = blocked ? 1 : 0;
  const stdout = json
    ? JSON.stringify(
        {
          lang,
          documents: docs,
          summary: { documents: docs.length, valid: docs.length - blocked, blocked },
          supplierRules: 'skipped (need master data)',
        },
        null,
        2,
      ) + '\n'
    : formatText(docs, lang);
  return { exitCode, stdout, stderr: '' };
}
