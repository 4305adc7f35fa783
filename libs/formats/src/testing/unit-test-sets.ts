import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type UnitTestExpectation = 'success' | 'error' | 'warning';

export interface UnitTestCase {
  description: string;
  expect: UnitTestExpectation;
  rule: string;
  /** The embedded Invoice / CreditNote / CrossIndustryInvoice, as a standalone XML document. */
  xml: string;
}

export interface UnitTestSet {
  file: string; // file name, e.g. "BR-CO-10.xml"
  scope: string; // rule under test, from <assert><scope>
  tests: UnitTestCase[];
}

const ASSERT = /<assert>([\s\S]*?)<\/assert>/;
const EXPECTATION = /<(success|error|warning)\b[^>]*>\s*([^<\s]+)\s*<\/\1>/;
const DESCRIPTION = /<description>([\s\S]*?)<\/description>/;

/**
 * Loads the official EN 16931 rule unit tests (VEFA testSet files): one set per file, each test
 * with its expectation and the document it wraps. Text-level extraction keeps each document byte
 * for byte as published, including prefixes it inherits from nothing but its own declarations.
 */
export function loadUnitTestSets(dir: string): UnitTestSet[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((file) => parseUnitTestSet(file, readFileSync(join(dir, file), 'utf8')));
}

export function parseUnitTestSet(file: string, source: string): UnitTestSet {
  const withoutComments = source.replace(/<!--[\s\S]*?-->/g, '');
  const firstTest = withoutComments.search(/<test[\s>]/);
  const header = firstTest < 0 ? withoutComments : withoutComments.slice(0, firstTest);
  const headerAssert = ASSERT.exec(header)?.[1] ?? '';
  const scope = /<scope>\s*([^<\s]+)\s*<\/scope>/.exec(headerAssert)?.[1] ?? file.replace(/\.xml$/, '');
  const setDescription = DESCRIPTION.exec(headerAssert)?.[1]?.trim() ?? '';
  const tests: UnitTestCase[] = [];
  for (const match of withoutComments.matchAll(/<test\b[^>]*>([\s\S]*?)<\/test>/g)) {
    const body = match[1];
    const assert = ASSERT.exec(body);
    const expectation = EXPECTATION.exec(assert?.[1] ?? '');
    if (!assert || !expectation) continue;
    tests.push({
      description: DESCRIPTION.exec(assert[1])?.[1]?.trim() || setDescription,
      expect: expectation[1] as UnitTestExpectation,
      rule: expectation[2],
      xml: '<?xml version="1.0" encoding="UTF-8"?>\n' + body.slice((assert.index ?? 0) + assert[0].length).trim(),
    });
  }
  return { file, scope, tests };
}
