import type { Finding } from '@app/rules';
import type { XmlNode } from '../xml/xml-node';
import { checkUblCardinality } from './ubl/ubl-cardinality.rules';
import { checkUblConsistency } from './ubl/ubl-consistency.rules';
import { checkUblDataTypes } from './ubl/ubl-data-type.rules';
import { checkUblUnusedElements } from './ubl/ubl-unused-element.rules';
import { checkPeppolUbl } from './ubl/peppol-ubl.rules';

/** The EN 16931 UBL syntax binding rules (UBL-SR-*, UBL-DT-*, UBL-CR-*) that only the XML can show. */
export function checkUblSyntax(root: XmlNode): Finding[] {
  return [
    ...checkUblCardinality(root),
    ...checkUblConsistency(root),
    ...checkUblDataTypes(root),
    ...checkUblUnusedElements(root),
    // Peppol BIS Billing 3.0 rules that need the XML (only for documents that declare Peppol BIS).
    ...checkPeppolUbl(root),
  ];
}
