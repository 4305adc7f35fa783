export { readInvoiceXml, type ReadInvoiceXmlOptions, type ReadInvoiceXmlResult } from './read-invoice-xml';
export { detectXmlFormat, type XmlInvoiceFormat } from './detection/detect-xml-format';
export { FormatError, isFormatError, type FormatErrorCode } from './errors/format-error';
export { parseXmlSafely, DEFAULT_MAX_XML_BYTES, type ParseXmlOptions } from './xml/parse-xml-safely';
export type { XmlNode } from './xml/xml-node';
export {
  loadUnitTestSets,
  parseUnitTestSet,
  type UnitTestSet,
  type UnitTestCase,
  type UnitTestExpectation,
} from './testing/unit-test-sets';
export { FORMAT_FIXTURES_DIR, loadFormatFixtures, readFormatFixture, type FormatFixture } from './testing/fixtures';
export { listSyntaxRules, type SyntaxRuleInfo, type SyntaxRuleFamily } from './syntax/syntax-rule-list';
