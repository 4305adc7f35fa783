import { COUNTRY_RULES } from '../index';
import { PACK_COUNTRIES } from './eu-member-states';
import { COUNTRY_FIXTURES, contextFor, domesticInvoice, ruleById, run } from './testing/domestic-invoice.fixture';

const rule = (id: string) => ruleById(COUNTRY_RULES, id);
// The other country of each cross-border case: an EU neighbour (Norway's neighbour is Sweden).
const NEIGHBOUR: Record<string, string> = {
  EE: 'FI',
  FI: 'EE',
  SE: 'DK',
  NO: 'SE',
  DK: 'DE',
  LV: 'LT',
  LT: 'LV',
  PL: 'DE',
  DE: 'NL',
  NL: 'DE',
};

/** A cross-border invoice from the neighbour's supplier to our entity in cc, all lines in one category. */
function crossBorder(
  cc: string,
  category: string,
  reason?: { exemptionReason?: string; exemptionReasonCode?: string },
) {
  const inv = domesticInvoice(cc);
  inv.seller = { ...COUNTRY_FIXTURES[NEIGHBOUR[cc]].seller };
  inv.lines = inv.lines!.map((l) => ({ ...l, vatCategory: category, vatRate: '0' }));
  inv.vatBreakdown = [{ category, rate: '0', taxableAmount: '1200.00', taxAmount: '0.00', ...reason }];
  return inv;
}

describe.each(PACK_COUNTRIES)('standard rules of %s', (cc) => {
  describe(`${cc}-VAT-ID`, () => {
    it('passes valid seller and buyer VAT ids', () => {
      expect(run(rule(`${cc}-VAT-ID`), contextFor(domesticInvoice(cc)))).toEqual([]);
    });

    it('flags a buyer VAT id with a wrong check digit', () => {
      const inv = domesticInvoice(cc);
      // Change the check digit: the last digit before an MVA (NO) or B01 (NL) suffix.
      const m = /^(.*?)(\d)(B\d{2}|MVA)?$/.exec(inv.buyer!.vatId!)!;
      inv.buyer!.vatId = `${m[1]}${(Number(m[2]) + 1) % 10}${m[3] ?? ''}`;
      expect(run(rule(`${cc}-VAT-ID`), contextFor(inv))).toEqual([
        expect.objectContaining({
          ruleId: `${cc}-VAT-ID`,
          fieldPath: 'buyer.vatId',
          severity: 'blocking',
          routeKey: `vat.${cc}`,
          actual: inv.buyer!.vatId,
        }),
      ]);
    });

    it('flags a VAT id of the country written without its prefix', () => {
      const inv = domesticInvoice(cc);
      inv.buyer!.vatId = inv.buyer!.vatId!.slice(2);
      expect(run(rule(`${cc}-VAT-ID`), contextFor(inv))).toEqual([
        expect.objectContaining({ fieldPath: 'buyer.vatId', message: expect.stringContaining('no country prefix') }),
      ]);
    });
  });

  describe(`${cc} VAT rate`, () => {
    const id = cc === 'SE' ? 'SE-R-006' : `${cc}-VAT-RATE`;
    it('passes the standard and a reduced rate in force', () => {
      expect(run(rule(id), contextFor(domesticInvoice(cc)))).toEqual([]);
    });

    it('flags a rate the country does not have, on the line and in the breakdown', () => {
      const findings = run(rule(id), contextFor(domesticInvoice(cc, { standardRate: '17' })));
      expect(findings.map((f) => [f.ruleId, f.fieldPath, f.actual])).toEqual([
        [id, 'lines[0].vatRate', '17'],
        [id, 'vatBreakdown[0].rate', '17'],
      ]);
      // SE-R-006 is Peppol's fixed list (25, 12, 6); the other countries' rates come from the dated settings.
      if (cc !== 'SE') expect(findings[0].expected).toContain('2026-03-02');
    });

    it('leaves a foreign seller charging its own VAT to the other pack', () => {
      const inv = domesticInvoice(cc, { standardRate: '17' });
      inv.seller = { ...COUNTRY_FIXTURES[NEIGHBOUR[cc]].seller };
      expect(run(rule(id), contextFor(inv))).toEqual([]);
    });
  });

  describe(`${cc}-INTRA-COMMUNITY`, () => {
    const id = `${cc}-INTRA-COMMUNITY`;
    if (cc === 'NO') {
      it('rejects any intra-community supply to Norway, which is not in the EU', () => {
        expect(run(rule(id), contextFor(crossBorder(cc, 'K'), { buyerCountry: cc }))).toEqual([
          expect.objectContaining({ ruleId: id, fieldPath: 'lines[0].vatCategory', expected: 'G (export) or O / S' }),
        ]);
      });
      it('passes a Norwegian invoice that is not an intra-community supply', () => {
        expect(run(rule(id), contextFor(domesticInvoice(cc), { buyerCountry: cc }))).toEqual([]);
      });
      return;
    }
    it('passes VAT ids of two member states', () => {
      expect(run(rule(id), contextFor(crossBorder(cc, 'K'), { buyerCountry: cc }))).toEqual([]);
    });
    it('flags a missing buyer VAT id', () => {
      const inv = crossBorder(cc, 'K');
      delete inv.buyer!.vatId;
      expect(run(rule(id), contextFor(inv, { buyerCountry: cc }))).toEqual([
        expect.objectContaining({ ruleId: id, fieldPath: 'buyer.vatId' }),
      ]);
    });
    it('flags seller and buyer in the same member state', () => {
      const inv = crossBorder(cc, 'K');
      inv.seller = { ...COUNTRY_FIXTURES[cc].seller };
      expect(run(rule(id), contextFor(inv, { buyerCountry: cc }))).toEqual([
        expect.objectContaining({ ruleId: id, message: expect.stringContaining(`both from ${cc}`) }),
      ]);
    });
    it('flags a Norwegian seller: Norway is not in the EU', () => {
      const inv = crossBorder(cc, 'K');
      inv.seller = { ...COUNTRY_FIXTURES.NO.seller };
      expect(run(rule(id), contextFor(inv, { buyerCountry: cc }))).toEqual([
        expect.objectContaining({
          fieldPath: 'seller.vatId',
          message: expect.stringContaining('not from an EU member state'),
        }),
      ]);
    });
  });

  describe(`${cc}-REVERSE-CHARGE`, () => {
    const id = `${cc}-REVERSE-CHARGE`;
    it('passes a cross-border reverse charge with both VAT ids', () => {
      expect(run(rule(id), contextFor(crossBorder(cc, 'AE'), { buyerCountry: cc }))).toEqual([]);
    });
    it('passes a domestic reverse charge (construction, scrap metal)', () => {
      const inv = crossBorder(cc, 'AE');
      inv.seller = { ...COUNTRY_FIXTURES[cc].seller };
      expect(run(rule(id), contextFor(inv, { buyerCountry: cc }))).toEqual([]);
    });
    it('flags a missing buyer VAT id', () => {
      const inv = crossBorder(cc, 'AE');
      delete inv.buyer!.vatId;
      expect(run(rule(id), contextFor(inv, { buyerCountry: cc }))).toEqual([
        expect.objectContaining({ ruleId: id, fieldPath: 'buyer.vatId', severity: 'blocking' }),
      ]);
    });
    it('warns when the buyer VAT id is not of the buying country', () => {
      const inv = crossBorder(cc, 'AE');
      inv.buyer = { ...inv.buyer, vatId: COUNTRY_FIXTURES[NEIGHBOUR[cc]].buyer.vatId };
      expect(run(rule(id), contextFor(inv, { buyerCountry: cc }))).toEqual([
        expect.objectContaining({ ruleId: id, severity: 'warning' }),
      ]);
    });
  });

  describe(`${cc}-VAT-EXEMPTION`, () => {
    const id = `${cc}-VAT-EXEMPTION`;
    it('passes an exempt row with a reason code', () => {
      expect(
        run(rule(id), contextFor(crossBorder(cc, 'E', { exemptionReasonCode: 'VATEX-EU-132' }), { buyerCountry: cc })),
      ).toEqual([]);
    });
    it('flags an exempt row without a reason', () => {
      expect(run(rule(id), contextFor(crossBorder(cc, 'E'), { buyerCountry: cc }))).toEqual([
        expect.objectContaining({ ruleId: id, fieldPath: 'vatBreakdown[0].exemptionReason' }),
      ]);
    });
    it('flags a code of another category', () => {
      expect(
        run(rule(id), contextFor(crossBorder(cc, 'AE', { exemptionReasonCode: 'VATEX-EU-IC' }), { buyerCountry: cc })),
      ).toEqual([
        expect.objectContaining({
          severity: 'warning',
          fieldPath: 'vatBreakdown[0].exemptionReasonCode',
          expected: 'a VATEX code for AE',
        }),
      ]);
    });
  });
});
