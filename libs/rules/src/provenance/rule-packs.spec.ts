import type { CanonicalInvoice } from '@app/domain';
import { ALL_RULES } from '../packs';
import { defaultRuleSettings, mergeSettings } from '../settings';
import { canonicalJson, packsApplied, rulePacks, settingsHash } from './rule-packs';

describe('rule pack registry', () => {
  it('lists every pack of the engine with a version, its rule count and a content hash', () => {
    const packs = rulePacks();
    const names = packs.map((p) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(['en16931', 'peppol', 'country.FI', 'country.NL', 'supplier', 'syntax']),
    );
    expect(packs.filter((p) => p.name !== 'syntax').reduce((n, p) => n + p.rules, 0)).toBe(ALL_RULES.length);
    for (const p of packs) {
      expect(p.version).toMatch(/^\d+\.\d+/);
      expect(p.contentHash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(new Set(packs.map((p) => p.contentHash)).size).toBe(packs.length);
  });

  it('names the packs that judge an invoice: Peppol only when BT-24 says so, syntax only for XML, supplier only with master data', () => {
    const inv = {
      buyer: { countryCode: 'FI' },
      seller: { address: { countryCode: 'se' } },
    } as unknown as CanonicalInvoice;
    expect(
      packsApplied(inv, { format: 'json', withSupplier: false })
        .map((p) => p.name)
        .sort(),
    ).toEqual(['country.FI', 'country.SE', 'en16931']);
    const peppol = {
      ...inv,
      customizationId: 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0',
    } as CanonicalInvoice;
    expect(
      packsApplied(peppol, { format: 'ubl', withSupplier: true })
        .map((p) => p.name)
        .sort(),
    ).toEqual(['country.FI', 'country.SE', 'en16931', 'peppol', 'supplier', 'syntax']);
  });

  it('hashes the effective settings by content, not by key order; a changed override changes the hash', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}',
    );
    const base = defaultRuleSettings();
    const reordered = Object.fromEntries(Object.entries(base).reverse()) as typeof base;
    expect(settingsHash(reordered)).toBe(settingsHash(base));
    expect(settingsHash(mergeSettings(base, { amountTolerance: '5.00' } as never))).not.toBe(settingsHash(base));
  });
});
