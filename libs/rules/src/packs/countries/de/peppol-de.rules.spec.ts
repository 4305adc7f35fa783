import type { CanonicalInvoice } from '@app/domain';
import { PEPPOL_BIS_CUSTOMIZATION } from '../../shared/peppol-document.util';
import { contextFor, domesticInvoice, run } from '../shared/testing/domestic-invoice.fixture';
import { PEPPOL_DE_RULES, schematronIban } from './peppol-de.rules';

/** A German Peppol BIS invoice between German parties that every DE-R rule accepts. */
function germanPeppol(): CanonicalInvoice {
  const inv = domesticInvoice('DE');
  inv.customizationId = PEPPOL_BIS_CUSTOMIZATION;
  inv.profileId = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';
  inv.seller!.contact = { name: 'Max Mustermann', phone: '+49 30 123456', email: 'rechnung@werkzeug.example' };
  inv.paymentMeans = [
    { typeCode: '58', accounts: [{ iban: 'DE89370400440532013000', accountId: 'DE89370400440532013000' }] },
  ];
  inv.paymentTerms = '#SKONTO#TAGE=14#PROZENT=2.00#';
  return inv;
}

const ids = (inv: CanonicalInvoice) => run(PEPPOL_DE_RULES, contextFor(inv)).map((f) => `${f.ruleId}:${f.severity}`);

// rule id, severity, how to break the valid invoice
const BREAKS: [string, 'blocking' | 'warning', (i: CanonicalInvoice) => void][] = [
  [
    'DE-R-001',
    'blocking',
    (i) => {
      i.paymentMeans = [];
    },
  ],
  [
    'DE-R-002',
    'blocking',
    (i) => {
      delete i.seller!.contact;
    },
  ],
  [
    'DE-R-003',
    'blocking',
    (i) => {
      delete i.seller!.address!.city;
    },
  ],
  [
    'DE-R-004',
    'blocking',
    (i) => {
      i.seller!.address!.postalCode = ' ';
    },
  ],
  [
    'DE-R-005',
    'blocking',
    (i) => {
      delete i.seller!.contact!.name;
    },
  ],
  [
    'DE-R-008',
    'blocking',
    (i) => {
      delete i.buyer!.address!.city;
    },
  ],
  [
    'DE-R-009',
    'blocking',
    (i) => {
      delete i.buyer!.address!.postalCode;
    },
  ],
  [
    'DE-R-010',
    'blocking',
    (i) => {
      i.delivery = { address: { postalCode: '10115', countryCode: 'DE' } };
    },
  ],
  [
    'DE-R-011',
    'blocking',
    (i) => {
      i.delivery = { address: { city: 'Berlin', countryCode: 'DE' } };
    },
  ],
  [
    'DE-R-014',
    'blocking',
    (i) => {
      delete i.vatBreakdown![0].rate;
    },
  ],
  [
    'DE-R-015',
    'blocking',
    (i) => {
      delete i.buyerReference;
    },
  ],
  [
    'DE-R-016',
    'blocking',
    (i) => {
      delete i.seller!.vatId;
    },
  ],
  [
    'DE-R-017',
    'warning',
    (i) => {
      i.typeCode = '393';
    },
  ],
  [
    'DE-R-018',
    'blocking',
    (i) => {
      i.paymentTerms = 'Zahlbar sofort\n#SKONTO#TAGE=14#PROZENT=2#';
    },
  ],
  [
    'DE-R-019',
    'warning',
    (i) => {
      i.paymentMeans![0].accounts![0].accountId = 'DE89370400440532013001';
    },
  ],
  [
    'DE-R-020',
    'warning',
    (i) => {
      i.paymentMeans = [
        {
          typeCode: '59',
          directDebit: { mandateId: 'M1', creditorId: 'DE98ZZZ09999999999', debitedAccount: 'DE00123' },
        },
      ];
    },
  ],
  [
    'DE-R-022',
    'blocking',
    (i) => {
      i.additionalDocuments = [
        { id: 'a', attachment: { filename: 'Lieferschein.pdf', mimeCode: 'application/pdf' } },
        { id: 'b', attachment: { filename: 'Lieferschein.pdf', mimeCode: 'application/pdf' } },
      ];
    },
  ],
  [
    'DE-R-023-1',
    'blocking',
    (i) => {
      delete i.paymentMeans![0].accounts;
    },
  ],
  [
    'DE-R-023-2',
    'blocking',
    (i) => {
      i.paymentMeans![0].card = { primaryAccountNumber: '1234' };
    },
  ],
  [
    'DE-R-024-1',
    'blocking',
    (i) => {
      i.paymentMeans = [{ typeCode: '48' }];
    },
  ],
  [
    'DE-R-024-2',
    'blocking',
    (i) => {
      i.paymentMeans = [{ typeCode: '48', card: { primaryAccountNumber: '1234' }, accounts: [{ accountId: 'x' }] }];
    },
  ],
  [
    'DE-R-025-1',
    'blocking',
    (i) => {
      i.paymentMeans = [{ typeCode: '59' }];
    },
  ],
  [
    'DE-R-025-2',
    'blocking',
    (i) => {
      i.paymentMeans = [
        {
          typeCode: '59',
          directDebit: { mandateId: 'M1', creditorId: 'C', debitedAccount: 'DE89370400440532013000' },
          accounts: [{ accountId: 'x' }],
        },
      ];
    },
  ],
  [
    'DE-R-026',
    'warning',
    (i) => {
      i.typeCode = '384';
      i.precedingInvoices = [{ number: '' }];
    },
  ],
  [
    'DE-R-027',
    'warning',
    (i) => {
      i.seller!.contact!.phone = '+4';
    },
  ],
  [
    'DE-R-028',
    'warning',
    (i) => {
      i.seller!.contact!.email = 'rechnung@werkzeug';
    },
  ],
  [
    'DE-R-030',
    'blocking',
    (i) => {
      i.paymentMeans = [{ typeCode: '59', directDebit: { mandateId: 'M1', debitedAccount: 'DE89370400440532013000' } }];
    },
  ],
  [
    'DE-R-031',
    'blocking',
    (i) => {
      i.paymentMeans = [{ typeCode: '59', directDebit: { mandateId: 'M1', creditorId: 'DE98ZZZ09999999999' } }];
    },
  ],
];

describe('Peppol DE rules (DE-R-*)', () => {
  it('pass a valid German Peppol invoice: no finding at all', () => {
    expect(ids(germanPeppol())).toEqual([]);
  });

  it.each(BREAKS)('%s fires (%s) when its element is wrong or missing', (id, severity, breakIt) => {
    const inv = germanPeppol();
    breakIt(inv);
    expect(ids(inv)).toContain(`${id}:${severity}`);
  });

  it('DE-R-022 accepts distinct attachment names', () => {
    const inv = germanPeppol();
    inv.additionalDocuments = [
      { id: 'a', attachment: { filename: 'a.pdf' } },
      { id: 'b', attachment: { filename: 'b.pdf' } },
      { id: 'c' },
    ];
    expect(ids(inv)).toEqual([]);
  });

  it('DE-R-006 / DE-R-007 flag a contact without telephone or e-mail', () => {
    const inv = germanPeppol();
    inv.seller!.contact = { name: 'Max' };
    expect(ids(inv)).toEqual(expect.arrayContaining(['DE-R-006:blocking', 'DE-R-007:blocking']));
  });

  it('bind only Peppol BIS documents between German parties', () => {
    const inv = germanPeppol();
    inv.paymentMeans = [];
    inv.buyer!.address!.countryCode = 'AT';
    inv.buyer!.countryCode = 'AT';
    expect(ids(inv)).toEqual([]);
    const xr = germanPeppol();
    xr.paymentMeans = [];
    xr.customizationId = 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0';
    delete xr.profileId;
    expect(ids(xr)).toEqual([]);
  });

  it('schematronIban checks form and mod 97', () => {
    expect(schematronIban('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(schematronIban('DE89370400440532013001')).toBe(false);
    expect(schematronIban('de89370400440532013000')).toBe(false);
  });
});
