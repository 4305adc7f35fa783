import fc from 'fast-check';
import { sampleInvoice } from '@app/testing';

/** One route that takes a body, with a valid body to mutate (so that mutations reach deep validators and SQL). */
export interface FuzzTarget {
  name: string;
  method: 'POST' | 'PATCH';
  url: string;
  auth: 'apiKey' | 'staff' | 'none';
  valid: () => unknown;
  /** Share of the generated requests (relative). */
  weight: number;
}

export interface FuzzIds {
  exceptionId: string;
  reviewerId: string;
  supplierId: string;
  poNumber: string;
}

/** Every route of the API that takes a body. */
export function fuzzTargets(ids: FuzzIds): FuzzTarget[] {
  const ex = (action: string) => `/v1/exceptions/${ids.exceptionId}/${action}`;
  return [
    { name: 'intake', method: 'POST', url: '/v1/invoices', auth: 'apiKey', valid: () => sampleInvoice(), weight: 20 },
    {
      name: 'intake batch',
      method: 'POST',
      url: '/v1/invoices/batch',
      auth: 'apiKey',
      valid: () => ({ invoices: [sampleInvoice(), sampleInvoice()] }),
      weight: 8,
    },
    {
      name: 'login',
      method: 'POST',
      url: '/v1/auth/login',
      auth: 'none',
      valid: () => ({ email: 'nobody@example.com', password: 'password' }),
      weight: 1,
    },
    {
      name: 'create reviewer',
      method: 'POST',
      url: '/v1/reviewers',
      auth: 'staff',
      weight: 4,
      valid: () => ({
        email: `r${Math.random().toString(36).slice(2, 10)}@example.com`,
        name: 'Reviewer',
        password: 'a-long-password-1',
        role: 'reviewer',
        countries: ['FI'],
        languages: ['fi'],
        categories: ['regulatory'],
        capacity: 5,
        availability: 'online',
        timeZone: 'Europe/Helsinki',
        workingHours: { days: [1, 2, 3, 4, 5], start: '08:00', end: '17:00' },
        weeklyGoal: 100,
      }),
    },
    {
      name: 'update reviewer',
      method: 'PATCH',
      url: `/v1/reviewers/${ids.reviewerId}`,
      auth: 'staff',
      weight: 5,
      valid: () => ({
        name: 'R',
        countries: ['FI', 'EE'],
        capacity: 7,
        availability: 'online',
        workingHours: { days: [1, 2], start: '08:00', end: '24:00' },
      }),
    },
    {
      name: 'update own availability',
      method: 'PATCH',
      url: '/v1/reviewers/me',
      auth: 'staff',
      weight: 2,
      valid: () => ({ availability: 'online' }),
    },
    {
      name: 'create queue',
      method: 'POST',
      url: '/v1/queues',
      auth: 'staff',
      weight: 4,
      valid: () => ({
        key: `vat.Q${Math.random().toString(36).slice(2, 8)}`,
        name: 'Q',
        category: 'regulatory',
        country: 'FI',
        slaMinutes: 60,
        warnAtShare: 0.5,
        calendar: { days: [1, 2, 3], start: '08:00', end: '17:00', holidays: ['2026-12-24'] },
        timeZone: 'Europe/Helsinki',
        requiredCountries: ['FI'],
        priorityRule: { amountWeight: 1, dueDateWeight: 2, ageWeight: 0.5 },
        fourEyes: false,
        fourEyesAmountThreshold: '1000.00',
        claimTimeoutMinutes: 30,
      }),
    },
    {
      name: 'update queue',
      method: 'PATCH',
      url: '/v1/queues/vat.FI',
      auth: 'staff',
      weight: 5,
      valid: () => ({
        slaMinutes: 120,
        calendar: { days: [1, 2, 3, 4, 5], start: '08:00', end: '17:00', holidays: [] },
        priorityRule: { amountWeight: 1, dueDateWeight: 1, ageWeight: 1 },
      }),
    },
    {
      name: 'create supplier',
      method: 'POST',
      url: '/v1/suppliers',
      auth: 'staff',
      weight: 5,
      valid: () => ({
        name: 'Fuzz Oy',
        vatId: `FI${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
        countryCode: 'FI',
        bankAccounts: ['FI2112345600000785'],
        requiresPo: false,
        priceTolerancePct: '2',
        quantityTolerancePct: '0',
        paymentTermsDays: 30,
        currency: 'EUR',
        language: 'fi',
      }),
    },
    {
      name: 'update supplier',
      method: 'PATCH',
      url: `/v1/suppliers/${ids.supplierId}`,
      auth: 'staff',
      weight: 4,
      valid: () => ({ name: 'Acme Oy', blocked: false, paymentTermsDays: 14, reason: 'terms renegotiated' }),
    },
    {
      name: 'create purchase order',
      method: 'POST',
      url: '/v1/purchase-orders',
      auth: 'staff',
      weight: 4,
      valid: () => ({
        number: `PO-${Math.random().toString(36).slice(2, 10)}`,
        supplierId: ids.supplierId,
        currency: 'EUR',
        buyerCountry: 'FI',
        lines: [{ lineNumber: '1', description: 'Laptop', quantity: '2', unitPrice: '500.00' }],
      }),
    },
    {
      name: 'create goods receipt',
      method: 'POST',
      url: '/v1/goods-receipts',
      auth: 'staff',
      weight: 4,
      valid: () => ({
        purchaseOrderNumber: ids.poNumber,
        reference: 'GR-1',
        receivedAt: '2026-11-20T10:00:00Z',
        lines: [{ poLineNumber: '1', quantityReceived: '1' }],
      }),
    },
    {
      name: 'comment',
      method: 'POST',
      url: ex('comment'),
      auth: 'staff',
      weight: 5,
      valid: () => ({ text: 'Checked with the supplier' }),
    },
    {
      name: 'release',
      method: 'POST',
      url: ex('release'),
      auth: 'staff',
      weight: 2,
      valid: () => ({ reason: 'not mine' }),
    },
    {
      name: 'resolve',
      method: 'POST',
      url: ex('resolve'),
      auth: 'staff',
      weight: 8,
      valid: () => ({
        decision: 'correct',
        reason: 'fixed',
        corrections: [
          { fieldPath: 'lines[0].vatRate', value: '25.5' },
          { fieldPath: 'currency', value: 'EUR' },
        ],
      }),
    },
    {
      name: 'approve second',
      method: 'POST',
      url: ex('approve-second'),
      auth: 'staff',
      weight: 2,
      valid: () => ({ reason: 'ok' }),
    },
    {
      name: 'escalate',
      method: 'POST',
      url: ex('escalate'),
      auth: 'staff',
      weight: 2,
      valid: () => ({ reason: 'needs a manager' }),
    },
    {
      name: 'reassign',
      method: 'POST',
      url: ex('reassign'),
      auth: 'staff',
      weight: 2,
      valid: () => ({ reviewerId: ids.reviewerId, reason: 'capacity' }),
    },
    {
      name: 'bulk',
      method: 'POST',
      url: '/v1/exceptions/bulk',
      auth: 'staff',
      weight: 2,
      valid: () => ({ action: 'reassign', ids: [ids.exceptionId], reviewerId: ids.reviewerId }),
    },
    {
      name: 'create integration',
      method: 'POST',
      url: '/v1/admin/integrations',
      auth: 'staff',
      weight: 1,
      valid: () => ({ name: 'ERP' }),
    },
  ];
}

/** Values that have broken services before: NUL, unpaired surrogates, huge or odd numbers, odd dates, deep nesting, SQL. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1e308,
    -1e308,
    2 ** 53 + 1,
    0.1,
    -0.000001,
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    '\udfff x',
    '🧾'.repeat(30),
    'EURO',
    'FIN',
    'SW',
    'XX',
    'fi',
    '2026-02-30',
    '0000-01-01',
    '9999-12-31',
    '2026-13-01',
    '1e999',
    '-0',
    'NaN',
    'Infinity',
    '١٢٣',
    '1'.repeat(200),
    '9'.repeat(140000),
    "'; DROP TABLE invoices; --",
    '$1',
    '%s%n',
    '<script>alert(1)</script>',
    '__proto__',
    'constructor',
    'x'.repeat(3000),
    'y'.repeat(300000),
    [],
    {},
    [null],
    JSON.parse('{"__proto__":{"polluted":true}}'),
    { constructor: { prototype: { polluted: true } } },
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
  fc.nat({ max: 200 }).map((d) => JSON.parse(`${'['.repeat(d + 1)}${']'.repeat(d + 1)}`)),
);

type Json = Record<string, unknown> | unknown[];

/** Paths (as key lists) of every value inside a JSON value. */
function pathsOf(
  value: unknown,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = [...prefix, Array.isArray(value) ? Number(k) : k];
      out.push(p);
      pathsOf(v, p, out);
    }
  }
  return out;
}

function setAt(root: Json, path: (string | number)[], op: 'set' | 'delete', value?: unknown): void {
  let node: any = root;
  for (const step of path.slice(0, -1)) node = node[step];
  const last = path[path.length - 1];
  if (op === 'delete') {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else {
    Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
  }
}

export interface FuzzRequest {
  target: number;
  payload: string;
  contentType: string;
  describe: string;
}

/** A hostile request to one of the targets: a valid body with 1–4 mutations, arbitrary JSON, or text that is not JSON. */
export function hostileRequest(targets: FuzzTarget[]): fc.Arbitrary<FuzzRequest> {
  const weighted = targets.map((t, i) => ({ arbitrary: fc.constant(i), weight: t.weight }));
  const mutation = fc.record({
    kind: fc.constantFrom('set', 'set', 'set', 'delete', 'add'),
    pick: fc.nat(),
    value: hostileValue,
    key: fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'unknownField', 'a\u0000b', ''),
      fc.string({ maxLength: 12 }),
    ),
  });
  const body = fc.oneof(
    {
      weight: 14,
      arbitrary: fc.array(mutation, { minLength: 1, maxLength: 4 }).map((ms) => ({ kind: 'mutated' as const, ms })),
    },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => ({ kind: 'json' as const, v })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((t) => ({ kind: 'text' as const, t })) },
  );
  const contentType = fc.oneof(
    { weight: 20, arbitrary: fc.constant('application/json') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'application/json; charset=utf-8',
        'text/plain',
        'application/xml',
        'application/x-www-form-urlencoded',
      ),
    },
  );
  return fc.tuple(fc.oneof(...weighted), body, contentType).map(([target, b, ct]) => {
    if (b.kind === 'text')
      return { target, payload: b.t, contentType: ct, describe: `text ${JSON.stringify(b.t).slice(0, 80)}` };
    if (b.kind === 'json') return { target, payload: JSON.stringify(b.v), contentType: ct, describe: 'arbitrary JSON' };
    const root = targets[target].valid() as Json;
    const notes: string[] = [];
    for (const m of b.ms) {
      const paths = pathsOf(root);
      const path = paths.length ? paths[m.pick % paths.length] : [];
      if (m.kind === 'add' || !paths.length) {
        const parentPath = paths.length ? path.slice(0, -1) : [];
        let parent: any = root;
        for (const step of parentPath) parent = parent[step];
        if (parent !== null && typeof parent === 'object' && !Array.isArray(parent)) {
          Object.defineProperty(parent, m.key, {
            value: m.value,
            enumerable: true,
            writable: true,
            configurable: true,
          });
          notes.push(`add ${[...parentPath, m.key].join('.')}`);
        }
      } else if (m.kind === 'delete') {
        setAt(root, path, 'delete');
        notes.push(`delete ${path.join('.')}`);
      } else {
        setAt(root, path, 'set', m.value);
        notes.push(`set ${path.join('.')}`);
      }
    }
    return { target, payload: JSON.stringify(root), contentType: ct, describe: notes.join(', ') };
  });
}
