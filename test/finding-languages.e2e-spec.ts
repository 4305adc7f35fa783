import { createIntegration } from '@app/testing';
import { catalogueEntry, listRules } from '@app/rules';
import { failInvoice, SYSTEM_FAILED_RULE } from '@app/triage';
import { bootTriage, openException, staff, TriageHarness } from './triage.fixtures';

/**
 * Finding texts in the reader's language over HTTP: `?lang=` > Accept-Language (q-values, regions,
 * no/nn → nb) > the signed-in reviewer's language > English; `lang` in the body, Content-Language
 * header, the English original kept beside the translation.
 */
describe('finding texts in the request language (HTTP)', () => {
  let h: TriageHarness;
  let manager: Awaited<ReturnType<typeof staff>>;
  let exceptionId: string;
  let invoiceId: string;
  let apiKey: string;
  const ORIGINAL = 'Amounts shall be decimal up to two fraction digits';

  beforeAll(async () => {
    h = await bootTriage('finding-languages', { worker: false });
    manager = await staff(h, { role: 'manager' });
    ({ id: exceptionId, invoiceId } = await openException(h, { routeKey: 'vat.FI', enqueue: false }));
    await h.ds.query(
      `INSERT INTO findings (invoice_id, exception_id, validation_run, rule_id, severity, category, field_path, message, actual, route_key)
       VALUES ($1,$2,1,'UBL-DT-01','blocking','regulatory','/Invoice/LegalMonetaryTotal/PayableAmount',$3,'12.345','vat.FI')`,
      [invoiceId, exceptionId, ORIGINAL],
    );
    const integration = await createIntegration(h.ds, 'languages');
    apiKey = integration.apiKey;
    await h.ds.query(`UPDATE invoices SET integration_id = $1 WHERE id = $2`, [integration.id, invoiceId]);
  });
  afterAll(async () => h?.close());

  const call = async (url: string, headers: Record<string, string>) => {
    const res = await h.api.inject({ method: 'GET', url, headers });
    return { status: res.statusCode, language: res.headers['content-language'], body: JSON.parse(res.body) };
  };
  const detail = async (headers: Record<string, string>, qs = '') => {
    const res = await call(`/v1/exceptions/${exceptionId}${qs}`, { ...manager.auth, ...headers });
    expect(res.status).toBe(200);
    const finding = res.body.findings.find((f: { ruleId: string }) => f.ruleId === 'UBL-DT-01');
    return { ...res, finding };
  };

  it.each([
    ['fi', 'fi', 'Rahamäärissä saa olla enintään kaksi desimaalia.', 'Havaittu arvo 12.345.'],
    ['sv-SE', 'sv', 'Belopp får ha högst två decimaler.', 'Faktiskt värde 12.345.'],
    ['nb', 'nb', 'Beløp kan ha høyst to desimaler.', 'Faktisk verdi 12.345.'],
    ['no', 'nb', 'Beløp kan ha høyst to desimaler.', 'Faktisk verdi 12.345.'],
    [
      'fr-FR, de-AT;q=0.9, en;q=0.5',
      'de',
      'Beträge dürfen höchstens zwei Nachkommastellen haben.',
      'Gefunden: 12.345.',
    ],
    ['fr, ja;q=0.8', 'en', ORIGINAL, 'Found 12.345.'],
  ])('Accept-Language %s → %s', async (header, lang, message, detailText) => {
    const res = await detail({ 'accept-language': header });
    expect(res.language).toBe(lang);
    expect(res.body.lang).toBe(lang);
    expect(res.finding).toMatchObject({ message, detail: detailText, messageEn: ORIGINAL, actual: '12.345' });
    expect(res.finding.hint).toBeTruthy();
  });

  it('?lang= wins over Accept-Language; an unsupported ?lang= is a 400 with the field and what is expected', async () => {
    const lv = await detail({ 'accept-language': 'fi' }, '?lang=lv');
    expect(lv.language).toBe('lv');
    expect(lv.finding.message).toBe('Summām drīkst būt ne vairāk kā divas zīmes aiz komata.');
    const bad = await call(`/v1/exceptions/${exceptionId}?lang=xx`, manager.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('LANGUAGE_UNSUPPORTED');
    expect(bad.body.error.details[0]).toMatchObject({ path: 'lang', actual: 'xx' });
    expect(bad.body.error.details[0].expected).toContain('nb');
  });

  it("without a header, the signed-in reviewer's language: chosen UI language, else their first supported language", async () => {
    const reviewer = await staff(h, { role: 'manager', languages: ['ru', 'lt'] });
    expect((await detail({})).language).toBe('en'); // the manager fixture has no languages
    const viaLanguages = await call(`/v1/exceptions/${exceptionId}`, reviewer.auth);
    expect(viaLanguages.language).toBe('lt');
    const patched = await h.api.inject({
      method: 'PATCH',
      url: '/v1/reviewers/me',
      headers: reviewer.auth,
      payload: { uiLanguage: 'pl' },
    });
    expect(patched.statusCode).toBe(200);
    expect(JSON.parse(patched.body).uiLanguage).toBe('pl');
    const chosen = await call(`/v1/exceptions/${exceptionId}`, reviewer.auth);
    expect(chosen.language).toBe('pl');
    expect(chosen.body.findings.find((f: { ruleId: string }) => f.ruleId === 'UBL-DT-01').message).toBe(
      'Kwoty mogą mieć najwyżej dwa miejsca po przecinku.',
    );
    // A header still wins over the profile.
    expect((await call(`/v1/exceptions/${exceptionId}`, { ...reviewer.auth, 'accept-language': 'da' })).language).toBe(
      'da',
    );
    const badProfile = await h.api.inject({
      method: 'PATCH',
      url: '/v1/reviewers/me',
      headers: reviewer.auth,
      payload: { uiLanguage: 'xx' },
    });
    expect(badProfile.statusCode).toBe(400);
  });

  it('the exception list, the decision context and the invoice carry the localized texts', async () => {
    const list = await call('/v1/exceptions', { ...manager.auth, 'accept-language': 'et' });
    expect(list.status).toBe(200);
    expect(list.body.lang).toBe('et');
    const item = list.body.items.find((i: { id: string }) => i.id === exceptionId);
    expect(item.reasons).toContainEqual({
      ruleId: 'UBL-DT-01',
      message: 'Summadel võib olla kõige rohkem kaks komakohta.',
      messageEn: ORIGINAL,
    });

    const context = await call(`/v1/exceptions/${exceptionId}/context`, { ...manager.auth, 'accept-language': 'nl' });
    expect(context.status).toBe(200);
    expect(context.language).toBe('nl');
    expect(context.body.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'UBL-DT-01', message: 'Bedragen mogen hoogstens twee decimalen hebben.' }),
    );

    const invoice = await call(`/v1/invoices/${invoiceId}`, { 'x-api-key': apiKey, 'accept-language': 'da' });
    expect(invoice.status).toBe(200);
    expect(invoice.language).toBe('da');
    expect(invoice.body.lang).toBe('da');
    expect(invoice.body.findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'UBL-DT-01',
        message: 'Beløb må højst have to decimaler.',
        messageEn: ORIGINAL,
      }),
    );
  });

  it('GET /v1/rules describes every rule in the request language, English kept', async () => {
    const fi = await call('/v1/rules', { 'accept-language': 'fi-FI' });
    expect(fi.status).toBe(200);
    expect(fi.language).toBe('fi');
    expect(fi.body.count).toBe(listRules().length);
    const translated = fi.body.items.filter(
      (r: { id: string; description: string }) => catalogueEntry(r.id, 'fi')?.message === r.description,
    );
    expect(translated.length).toBe(listRules().filter((r) => catalogueEntry(r.id, 'fi')).length);
    const rule = fi.body.items.find((r: { id: string }) => catalogueEntry(r.id, 'fi'));
    expect(rule.descriptionEn).toBe(listRules().find((r) => r.id === rule.id)!.description);
    const en = await call('/v1/rules?lang=en', { 'accept-language': 'fi' });
    expect(en.language).toBe('en');
    expect(en.body.items[0].description).toBe(listRules()[0].description);
  });

  it('a pipeline failure (the system finding failInvoice writes) reads in the request language', async () => {
    const [inv] = await h.ds.query(
      `INSERT INTO invoices (integration_id, source, format, status, invoice_number, currency, payable, due_date, buyer_country, canonical, validation_runs)
       VALUES ($1,'api','json','validating','F-1','EUR','10.00','2026-12-20','FI','{}',1) RETURNING id`,
      [h.integrationId],
    );
    await h.ds.transaction((em) =>
      failInvoice(em, { invoiceId: inv.id, run: 1, attempts: 3, stage: 'routing', error: 'connection reset' }),
    );
    const res = await call(`/v1/admin/invoices/${inv.id}?lang=fi`, manager.auth);
    expect(res.status).toBe(200);
    const f = res.body.findings.find((x: { ruleId: string }) => x.ruleId === SYSTEM_FAILED_RULE);
    expect(f.message).toBe('Laskua ei voitu reitittää (3 yritystä); se odottaa ylläpitäjää.');
    expect(f.hint).toBe('Korjaa syy ja yritä sitten uudelleen: POST /v1/admin/invoices/{id}/retry.');
    expect(f.detail).toBe('Havaittu arvo connection reset.');
    expect(f.messageEn).toContain('could not be routed (3 attempt(s))');
  });

  it("an invoice sent back to its supplier carries the reasons in the supplier's language", async () => {
    const invoice = () => call(`/v1/invoices/${invoiceId}`, { 'x-api-key': apiKey, 'accept-language': 'fi' });
    expect((await invoice()).body.supplierMessage).toBeNull(); // still in review: nothing goes to the supplier
    const [supplier] = await h.ds.query(
      `INSERT INTO suppliers (name, vat_id, country_code, language) VALUES ('Norrland Trä AB', 'SE556677889901', 'SE', 'sv') RETURNING id`,
    );
    await h.ds.query(
      `UPDATE invoices SET status = 'returned_to_supplier', supplier_id = $2, seller_country = 'SE' WHERE id = $1`,
      [invoiceId, supplier.id],
    );
    const sv = (await invoice()).body;
    expect(sv.lang).toBe('fi'); // the reader's language for the findings …
    expect(sv.supplierMessage.lang).toBe('sv'); // … the supplier's for what goes back to them
    expect(sv.supplierMessage.reasons).toContainEqual({
      ruleId: 'UBL-DT-01',
      fieldPath: '/Invoice/LegalMonetaryTotal/PayableAmount',
      message: 'Belopp får ha högst två decimaler.',
      hint: 'Be avsändaren att rätta XML-dokumentet och skicka det igen.',
      detail: 'Faktiskt värde 12.345.',
    });
    // No language in master data: the supplier's country language; no supplier record: the seller country's.
    await h.ds.query(`UPDATE suppliers SET language = NULL, country_code = 'NO' WHERE id = $1`, [supplier.id]);
    expect((await invoice()).body.supplierMessage.lang).toBe('nb');
    await h.ds.query(
      `UPDATE invoices SET supplier_id = NULL, seller_country = 'EE', status = 'rejected' WHERE id = $1`,
      [invoiceId],
    );
    const et = (await invoice()).body.supplierMessage;
    expect(et.lang).toBe('et');
    expect(et.reasons.map((r: { message: string }) => r.message)).toContain(
      'Summadel võib olla kõige rohkem kaks komakohta.',
    );
  });
});
