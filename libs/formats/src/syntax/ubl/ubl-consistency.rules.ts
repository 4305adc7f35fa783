import type { Finding } from '@app/rules';
import {
  all,
  attr,
  child,
  descendants,
  descendantsNamed,
  descendantsWithAttribute,
  elementPath,
  text,
  type XmlNode,
} from '../../xml/xml-node';
import { syntaxFinding } from '../syntax-finding.factory';

const isSepa = (id: XmlNode) => attr(id, 'schemeID')?.toUpperCase() === 'SEPA';

function distinctValues(nodes: readonly XmlNode[]): string[] {
  return [...new Set(nodes.map((n) => n.text))];
}

/** UBL-SR rules that compare elements rather than count them in one place. */
export function checkUblConsistency(root: XmlNode): Finding[] {
  const findings: Finding[] = [];
  // The elements of one name come from the parser's index (document order), not from a walk per rule.
  const named = (name: string) => descendantsNamed(root, name);

  for (const ref of all(root, 'BillingReference', 'InvoiceDocumentReference')) {
    if (!child(ref, 'ID')) {
      findings.push(
        syntaxFinding(
          'UBL-SR-07',
          'blocking',
          elementPath(ref),
          'If there is a preceding invoice reference, the preceding invoice number shall be present',
        ),
      );
    }
  }

  // Appended in a loop: a spread call cost more than the check itself when, as usual, there is no payee.
  for (const finding of checkPayee(root)) findings.push(finding);

  // A SEPA identifier carries a schemeID: the few elements with one are looked at, not every ID of
  // the document (one or more per line of a large invoice).
  const sepaIds = descendantsWithAttribute(root, 'schemeID').filter(
    (n) => n.name === 'ID' && n.parent?.name === 'PartyIdentification' && isSepa(n),
  );
  if (sepaIds.length > 1) {
    findings.push(
      syntaxFinding(
        'UBL-SR-29',
        'blocking',
        elementPath(sepaIds[1]),
        'Bank creditor reference shall occur maximum once',
        String(sepaIds.length),
      ),
    );
  }

  for (const ref of all(root, 'AdditionalDocumentReference')) {
    const code = text(ref, 'DocumentTypeCode');
    const allowed =
      code === '130' ||
      (root.name === 'CreditNote' && code === '50') ||
      (!attr(child(ref, 'ID'), 'schemeID') && !child(ref, 'DocumentTypeCode'));
    if (!allowed) {
      findings.push(
        syntaxFinding(
          'UBL-SR-43',
          'blocking',
          elementPath(ref),
          'Scheme identifier shall only be used for invoiced object (document type code with value 130 or 50)',
          code,
        ),
      );
    }
  }

  const paymentIds = distinctValues(named('PaymentID'));
  if (paymentIds.length > 1) {
    findings.push(
      syntaxFinding(
        'UBL-SR-44',
        'blocking',
        'paymentMeans.remittanceInfo',
        'An invoice may only have one unique PaymentID, but the PaymentID may be used for multiple PaymentMeans',
        paymentIds.join(', '),
      ),
    );
  }
  const meansNames = all(root, 'PaymentMeans', 'PaymentMeansCode').filter((c) => attr(c, 'name') !== undefined);
  if (meansNames.length > 1) {
    findings.push(
      syntaxFinding(
        'UBL-SR-46',
        'blocking',
        'paymentMeans.text',
        'Payment means text shall occur maximum once',
        String(meansNames.length),
      ),
    );
  }
  const meansCodes = distinctValues(named('PaymentMeansCode'));
  if (meansCodes.length > 1) {
    findings.push(
      syntaxFinding(
        'UBL-SR-47',
        'blocking',
        'paymentMeans.typeCode',
        'When there are more than one payment means code, they shall be equal',
        meansCodes.join(', '),
      ),
    );
  }

  for (const address of addresses(root)) {
    if (all(address, 'AddressLine').length > 1) {
      findings.push(
        syntaxFinding('UBL-SR-51', 'blocking', elementPath(address), 'An address can only have one third line'),
      );
    }
  }
  for (const scheme of named('PartyTaxScheme')) {
    if (text(scheme, 'TaxScheme', 'ID') && !text(scheme, 'CompanyID')) {
      findings.push(
        syntaxFinding(
          'UBL-SR-53',
          'blocking',
          elementPath(scheme),
          'CompanyID (VAT identifier) must be stated when providing the PartyTaxScheme/TaxScheme/ID',
        ),
      );
    }
  }
  return findings;
}

/** PostalAddress and Address elements in document order (a walk only when the document has both). */
function addresses(root: XmlNode): readonly XmlNode[] {
  const postal = descendantsNamed(root, 'PostalAddress');
  const other = descendantsNamed(root, 'Address');
  if (other.length === 0) return postal;
  if (postal.length === 0) return other;
  return descendants(root).filter((n) => n.name === 'PostalAddress' || n.name === 'Address');
}

/**
 * UBL-SR-19..21 only apply when the payee differs from the seller; as in the official binding,
 * "differs" means some payee name is unequal to some seller registration name.
 */
function checkPayee(root: XmlNode): Finding[] {
  const payee = child(root, 'PayeeParty');
  if (!payee) return [];
  const payeeNames = all(payee, 'PartyName', 'Name').map((n) => n.text);
  const sellerNames = all(root, 'AccountingSupplierParty', 'Party', 'PartyLegalEntity', 'RegistrationName').map(
    (n) => n.text,
  );
  const differs = payeeNames.some((p) => sellerNames.some((s) => p !== s));
  const checks: [string, number, string][] = [
    ['UBL-SR-19', payeeNames.length, 'Payee name shall occur maximum once, if the Payee is different from the Seller'],
    [
      'UBL-SR-20',
      all(payee, 'PartyIdentification', 'ID').filter((id) => !isSepa(id)).length,
      'Payee identifier shall occur maximum once, if the Payee is different from the Seller',
    ],
    [
      'UBL-SR-21',
      all(payee, 'PartyLegalEntity', 'CompanyID').length,
      'Payee legal registration identifier shall occur maximum once, if the Payee is different from the Seller',
    ],
  ];
  return checks
    .filter(([, count]) => count > 1 || !differs)
    .map(([id, count, message]) => syntaxFinding(id, 'blocking', elementPath(payee), message, String(count)));
}
