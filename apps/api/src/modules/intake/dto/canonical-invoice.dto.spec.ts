import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import type { CanonicalInvoice } from '@app/domain';
import { ALL_RULES, type RuleContext, type RuleDefinition } from '@app/rules';
import { defaultRuleSettings } from '@app/rules/settings';
import { domesticInvoice } from '@app/rules/testing';
import { CanonicalInvoiceDto } from './canonical-invoice.dto';

/**
 * The canonical JSON must carry every business term the rules read: otherwise a rule that asks for a
 * term (NL-R-007: payment means) can never be satisfied by an invoice posted as JSON. The field paths
 * are not listed by hand: every rule of the catalogue is run on complete invoices whose every read is
 * recorded, and each path read must be accepted by the DTO (with the intake's own options).
 */
const COUNTRIES = ['EE', 'FI', 'SE', 'NO', 'DK', 'LV', 'LT', 'PL', 'DE', 'NL'];
/** Terms only XML intake produces (read by syntax-specific rules with format ubl/cii). */
const XML_ONLY = new Set(['amountCurrencyIds', 'taxTotals[].amount', 'taxTotals[].currency', 'taxTotals']);

/** Wraps a value so that every property read below it is recorded as a path like "lines[].vatRate". */
function recorded<T>(value: T, path: string, seen: Set<string>): T {
  if (value === null || typeof value !== 'object') return value;
  return new Proxy(value as object, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver);
      if (typeof key === 'symbol') return v;
      if (Array.isArray(target)) {
        if (!/^\d+$/.test(key)) return v; // length, map, forEach, ...
        seen.add(`${path}[]`);
        return recorded(v, `${path}[]`, seen);
      }
      const p = path ? `${path}.${key}` : key;
      seen.add(p);
      return recorded(v, p, seen);
    },
  }) as T;
}

/** Invoices on which the rules take their branches: each country, Peppol and XRechnung, all parties present. */
function richInvoices(): { invoice: CanonicalInvoice; buyerCountry: string }[] {
  const out: { invoice: CanonicalInvoice; buyerCountry: string }[] = [];
  for (const cc of COUNTRIES) {
    const specs = [
      'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0',
      ...(cc === 'DE' ? ['urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0'] : []),
    ];
    for (const customizationId of specs) {
      const inv = domesticInvoice(cc);
      inv.customizationId = customizationId;
      inv.payee = { name: 'Factor AB', countryCode: cc, identifiers: [{ id: '1', schemeId: '0088' }] };
      inv.sellerTaxRepresentative = {
        name: 'Rep',
        vatId: inv.seller!.vatId,
        countryCode: cc,
        address: { countryCode: cc },
      };
      inv.allowanceCharges = [
        {
          chargeIndicator: false,
          amount: '0.00',
          vatCategory: 'S',
          vatRate: inv.lines![0].vatRate,
          reason: 'Discount',
          reasonCode: '95',
        },
      ];
      inv.lines![0].allowanceCharges = [{ chargeIndicator: true, amount: '0.00', reason: 'Freight', reasonCode: 'FC' }];
      inv.lines![0].attributes = [{ name: 'Colour', value: 'Red' }];
      inv.additionalDocuments = [
        {
          id: 'TS-1',
          typeCode: '130',
          schemeId: 'AAA',
          description: 'Timesheet',
          uri: 'https://example.com/ts',
          attachment: { mimeCode: 'application/pdf', filename: 'ts.pdf' },
        },
      ];
      inv.precedingInvoices = [{ number: 'INV-0', issueDate: '2026-01-02' }];
      inv.invoicePeriod = { startDate: '2026-02-01', endDate: '2026-02-28' };
      inv.taxPointDateCode = '3';
      inv.notes = ['#AAI#Note'];
      inv.delivery = {
        date: inv.issueDate,
        locationId: '1',
        address: { line1: 'Street 1', city: 'City', postalCode: '1', countryCode: cc },
        partyName: 'Site',
      };
      for (const p of [inv.seller!, inv.buyer!]) {
        p.identifiers = [{ id: '7300010000001', schemeId: '0088' }];
        p.electronicAddress = { id: '7300010000001', schemeId: '0088' };
        p.contact = { name: 'A', phone: '1', email: 'a@example.com' };
      }
      inv.paymentMeans!.push(
        { typeCode: '48', card: { primaryAccountNumber: '1234', holderName: 'A' } },
        { typeCode: '59', directDebit: { mandateId: 'M1', creditorId: 'C1', debitedAccount: inv.seller!.iban } },
      );
      Object.assign(inv.lines![0], {
        note: 'n',
        description: 'd',
        grossPrice: '500.00',
        priceDiscount: '0.00',
        priceBaseQuantity: '1',
        period: { startDate: '2026-02-01', endDate: '2026-02-28' },
        sellerItemId: 'S1',
        standardItemId: { id: '4006381333931', schemeId: '0160' },
        classificationCodes: [{ code: '1', listId: 'STI', listVersionId: '1' }],
        originCountry: cc,
        documentReferences: [{ id: 'OBJ-1', typeCode: '130', schemeId: 'AAA' }],
      });
      out.push({ invoice: inv, buyerCountry: cc });
    }
  }
  return out;
}

const RICH = richInvoices();

const reads = new Map<RuleDefinition, Set<string>>();
function readsOf(rule: RuleDefinition): Set<string> {
  const known = reads.get(rule);
  if (known) return known;
  const seen = new Set<string>();
  reads.set(rule, seen);
  for (const { invoice, buyerCountry } of RICH) {
    const ctx: RuleContext = {
      invoice: recorded(invoice, '', seen),
      buyerCountry,
      settings: defaultRuleSettings(),
      format: 'json',
      on: invoice.issueDate,
    };
    try {
      rule.evaluate(ctx);
    } catch {
      /* a rule that throws on a path still read it */
    }
  }
  return seen;
}

/** Sets a path ("lines[].attributes[].name") on a JSON object, creating one-element arrays on the way. */
function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const steps = path.split('.');
  let node: Record<string, unknown> = target;
  steps.forEach((step, i) => {
    const isArray = step.endsWith('[]');
    const key = isArray ? step.slice(0, -2) : step;
    const last = i === steps.length - 1;
    if (isArray) {
      const arr = (Array.isArray(node[key]) ? node[key] : (node[key] = [])) as unknown[];
      if (last) {
        arr[0] = value;
        return;
      }
      if (arr[0] === null || typeof arr[0] !== 'object') arr[0] = {};
      node = arr[0] as Record<string, unknown>;
    } else if (last) {
      if (node[key] === undefined || typeof node[key] !== 'object') node[key] = value;
    } else {
      if (node[key] === null || typeof node[key] !== 'object' || Array.isArray(node[key])) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
  });
}

/** Paths the DTO refuses as unknown (whitelist) in a validation result. */
function unknownPaths(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const here = /^\d+$/.test(e.property) ? `${prefix}[]` : prefix ? `${prefix}.${e.property}` : e.property;
    const own =
      e.constraints && ('whitelistValidation' in e.constraints || 'unknownValue' in e.constraints) ? [here] : [];
    return [...own, ...unknownPaths(e.children ?? [], here)];
  });
}

async function intakeErrors(body: unknown): Promise<ValidationError[]> {
  return validate(plainToInstance(CanonicalInvoiceDto, body), {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
}

const readsByRule = ALL_RULES.map((rule) => [rule.id, rule] as const);

/** Whether the DTO refuses a path as unknown; each distinct path is posted once. */
const verdicts = new Map<string, Promise<string[]>>();
function refusedAt(path: string): Promise<string[]> {
  let v = verdicts.get(path);
  if (!v) {
    const body = structuredClone(domesticInvoice('FI')) as unknown as Record<string, unknown>;
    setPath(body, path, 'X');
    v = intakeErrors(body).then((errors) => unknownPaths(errors));
    verdicts.set(path, v);
  }
  return v;
}

describe('canonical JSON carries every business term the rules read', () => {
  it('records reads for the whole catalogue', () => {
    const all = new Set(ALL_RULES.flatMap((r) => [...readsOf(r)]));
    if (process.env.PRINT_RULE_READS) console.log([...all].sort().join('\n'));
    expect(all.size).toBeGreaterThan(80);
    expect(all).toContain('paymentMeans[].typeCode');
  });

  it.each(readsByRule)('%s: every field it reads can be set through the JSON DTO', async (_id, rule) => {
    const refused: string[] = [];
    for (const path of readsOf(rule)) {
      if (XML_ONLY.has(path)) continue;
      const unknown = await refusedAt(path);
      if (unknown.length) refused.push(`${path}: refused ${unknown.join(', ')}`);
    }
    expect(refused).toEqual([]);
  });

  it.each(COUNTRIES)(
    'a complete %s invoice posted as JSON passes the DTO and every regulatory and data rule',
    async (cc) => {
      const body = domesticInvoice(cc);
      expect(unknownPaths(await intakeErrors(body))).toEqual([]);
      const errors = await intakeErrors(body);
      expect(errors.map((e) => e.property)).toEqual([]);
      const dto = plainToInstance(CanonicalInvoiceDto, body);
      const ctx = (r: RuleDefinition) =>
        r.evaluate({
          invoice: dto,
          buyerCountry: cc,
          settings: defaultRuleSettings(),
          format: 'json',
          on: body.issueDate,
        });
      const blocking = ALL_RULES.filter((r) => r.category !== 'supplier')
        .flatMap(ctx)
        .filter((f) => f.severity === 'blocking');
      expect(blocking.map((f) => `${f.ruleId} ${f.fieldPath}`)).toEqual([]);
    },
  );
});
