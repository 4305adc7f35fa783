import type { Finding } from '@app/rules';
import { all, allAlong, attr, child, elementPath, type XmlNode } from '../xml/xml-node';
import { checkCiiDataTypes } from './cii/cii-data-type.rules';
import { CII_SYNTAX_RULES } from './cii/cii-syntax-rule-table';
import { syntaxFinding } from './syntax-finding.factory';

const MESSAGES = {
  absent: (path: string) => `${path} should not be present`,
  'max-once': (path: string) => `${path} should exist maximum once`,
  'exactly-once': (path: string) => `${path} must exist exactly once`,
};

/** The CII syntax binding rules (CII-SR-*, CII-DT-*) that only the XML can show. */
export function checkCiiSyntax(root: XmlNode): Finding[] {
  const findings: Finding[] = [];
  for (const [contextPath, rules] of CII_SYNTAX_RULES) {
    for (const context of allAlong(root, contextPath.split('/'))) {
      for (const rule of rules) {
        const matches = allAlong(context, rule.path.split('/'));
        const violated =
          rule.kind === 'absent'
            ? matches.length > 0
            : rule.kind === 'max-once'
              ? matches.length > 1
              : matches.length !== 1;
        if (violated) {
          const at = matches[rule.kind === 'max-once' ? 1 : 0] ?? context;
          findings.push(
            syntaxFinding(
              rule.id,
              rule.severity,
              elementPath(at),
              MESSAGES[rule.kind](rule.path),
              String(matches.length),
            ),
          );
        }
      }
    }
  }
  // CII-SR-046: an item standard identifier (BT-157) is meaningless without its scheme.
  for (const product of all(
    root,
    'SupplyChainTradeTransaction',
    'IncludedSupplyChainTradeLineItem',
    'SpecifiedTradeProduct',
  )) {
    const globalId = child(product, 'GlobalID');
    if (globalId && !attr(globalId, 'schemeID')) {
      findings.push(
        syntaxFinding(
          'CII-SR-046',
          'blocking',
          elementPath(globalId),
          'schemeID must be present if GlobalID is present',
        ),
      );
    }
  }
  findings.push(...checkCiiDataTypes(root));
  return findings;
}
