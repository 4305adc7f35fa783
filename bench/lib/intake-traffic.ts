import type { CanonicalInvoice } from '@app/domain';
import { generateTraffic } from '../rules-traffic.generator';

/**
 * Realistic intake traffic for the benches: ten buying countries, ~20% with one planted defect (seed 16),
 * each invoice number made unique by `suffix`. Fields the JSON intake does not take (Peppol ids,
 * delivery, payment means, electronic addresses) are left out.
 */
export function intakeTraffic(count: number, suffix: (i: number) => string): CanonicalInvoice[] {
  return generateTraffic({ count, defectRate: 0.2, seed: 16 }).map((c, i) => {
    const {
      customizationId: _c,
      profileId: _p,
      delivery: _d,
      paymentMeans: _m,
      ...rest
    } = c.invoice as unknown as Record<string, unknown>;
    const strip = (party: unknown) => {
      if (!party || typeof party !== 'object') return party;
      const { electronicAddress: _e, ...p } = party as Record<string, unknown>;
      return p;
    };
    return {
      ...rest,
      seller: strip(rest.seller),
      buyer: strip(rest.buyer),
      invoiceNumber: `${c.invoice.invoiceNumber}${suffix(i)}`,
    } as unknown as CanonicalInvoice;
  });
}
