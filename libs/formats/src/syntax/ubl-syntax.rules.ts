import type { Finding } from '@app/rules';
import type { XmlNode } from '../xml/xml-node';
import { checkUblCardinality } from './ubl/ubl-cardinality.rules';
import { checkUblConsistency } from './ubl/ubl-consistency.rules';
import { checkUblDataTypes } from './ubl/ubl-data-type.rules';
import { checkUblUnusedElements } from './ubl/ubl-unused-element.rules';
import { checkPeppolUbl } from './ubl/peppol-ubl.rules';

/** The EN 16931 UBL syntax binding rules (UBL-SR-*, UBL-DT-*, UBL-CR-*) that only the XML can show. */
export function checkUblSyntax(root: XmlNode): Finding[] {
  // Appended one list at a time, not spread into a literal: spreading five lists went through V8's
  // generic iteration for every finding.
  const findings = checkUblCardinality(root);
  append(findings, checkUblConsistency(root));
  append(findings, checkUblDataTypes(root));
  append(findings, checkUblUnusedElements(root));
  // Peppol BIS Billing 3.0 rules that need the XML (only for documents that declare Peppol BIS).
  append(findings, checkPeppolUbl(root));
  return findings;
}

function append(to: Finding[], more: Finding[]): void {
  for (let i = 0; i < more.length; i++) to.push(more[i]);
}
