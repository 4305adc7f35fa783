import {
  localizeFinding,
  localizeRule,
  negotiateLanguage,
  normalizeLanguage,
  supplierLanguage,
  catalogueLabel,
  formatMessage,
} from '@app/rules';

describe('language negotiation', () => {
  it.each([
    ['fi', 'fi'],
    ['sv-SE', 'sv'],
    ['nb', 'nb'],
    ['no', 'nb'],
    ['nn-NO', 'nb'],
    ['de-AT;q=0.9', 'de'],
    ['fr-FR, de-AT;q=0.9, en;q=0.8', 'de'],
    ['en;q=0.2, et;q=0.7, lv;q=0.5', 'et'],
    ['pl;q=0, lt', 'lt'],
    ['*', 'en'],
  ])('%s → %s', (header, lang) => expect(negotiateLanguage(header)).toBe(lang));

  it.each(['fr', 'ru-RU, ja', '', ';;;', 'q=1'])('%p names no language we write', (header) =>
    expect(negotiateLanguage(header)).toBeUndefined(),
  );

  it('normalizes tags and rejects others', () => {
    expect(normalizeLanguage('NB_no')).toBe('nb');
    expect(normalizeLanguage('EN-gb')).toBe('en');
    expect(normalizeLanguage('xx')).toBeUndefined();
    expect(normalizeLanguage(undefined)).toBeUndefined();
  });

  it('writes to a supplier in its language, else its country language, else English', () => {
    expect(supplierLanguage({ language: 'fi', countryCode: 'SE' })).toBe('fi');
    expect(supplierLanguage({ language: null, countryCode: 'SE' })).toBe('sv');
    expect(supplierLanguage({ language: 'no' })).toBe('nb');
    expect(supplierLanguage({ countryCode: 'AT' })).toBe('de');
    expect(supplierLanguage(null, 'EE')).toBe('et');
    expect(supplierLanguage({ language: 'xx', countryCode: 'FR' })).toBe('en');
  });
});

describe('localizeFinding', () => {
  const syntax = {
    ruleId: 'CII-SR-013',
    message: 'Name should not be present',
    actual: '1',
    fieldPath: '/CrossIndustryInvoice/ExchangedDocument/Name',
  };

  it('fills a syntax family sentence with the element, which stays untranslated', () => {
    const fi = localizeFinding(syntax, 'fi');
    expect(fi.message).toBe('Elementtiä Name ei pitäisi olla mukana.');
    expect(fi.hint).toContain('lähettäjää');
    expect(fi.detail).toBe('Havaittu arvo 1.');
    expect(fi.translated).toBe(true);
    expect(localizeFinding({ ...syntax, ruleId: 'UBL-CR-012' }, 'de').message).toBe(
      'InvoicePeriod/StartTime wird von EN 16931 nicht verwendet und sollte nicht vorhanden sein.',
    );
  });

  it('keeps the finding own English sentence for English and adds the detail', () => {
    const en = localizeFinding({ ...syntax, expected: '0' }, 'en');
    expect(en.message).toBe('Name should not be present');
    expect(en.detail).toBe('Expected 0, found 1.');
  });

  it('fills placeholders of system findings, plural and select included', () => {
    const failed = {
      ruleId: 'SYSTEM-FAILED',
      message: 'The invoice could not be routed (3 attempt(s)); it waits for an administrator.',
      hint: 'Fix the cause, then retry it: POST /v1/admin/invoices/{id}/retry.',
      actual: 'boom',
    };
    expect(localizeFinding(failed, 'pl').message).toBe(
      'Nie udało się przekierować faktury (3 próby); faktura czeka na administratora.',
    );
    expect(localizeFinding(failed, 'lt').message).toContain('(3 bandymai)');
    expect(
      localizeFinding({ ...failed, message: failed.message.replace('routed (3', 'validated (1') }, 'fi').message,
    ).toBe('Laskua ei voitu validoida (1 yritys); se odottaa ylläpitäjää.');
    expect(localizeFinding(failed, 'sv').hint).toBe(
      'Åtgärda orsaken och försök sedan igen: POST /v1/admin/invoices/{id}/retry.',
    );
    const engine = localizeFinding(
      { ruleId: 'ENGINE-RULE-ERROR', message: 'Rule BR-CO-10 could not be evaluated on this invoice.' },
      'nl',
    );
    expect(engine.message).toBe('De regel BR-CO-10 kon voor deze factuur niet worden beoordeeld.');
  });

  it('falls back to the finding own text when no language has the rule', () => {
    const f = { ruleId: 'XX-UNKNOWN-1', message: 'Something is off.', hint: 'Look at it.', expected: 'a' };
    expect(localizeFinding(f, 'da')).toEqual({
      message: 'Something is off.',
      hint: 'Look at it.',
      detail: 'Forventet værdi a.',
      translated: false,
    });
    expect(localizeRule({ id: 'XX-UNKNOWN-1', description: 'Desc', hint: '' }, 'et')).toEqual({
      message: 'Desc',
      translated: false,
    });
  });

  it('formats labels and refuses broken ICU without throwing', () => {
    expect(catalogueLabel('label.field', 'lv')).toBe('Lauks');
    expect(catalogueLabel('label.nothing', 'lv')).toBe('label.nothing');
    expect(catalogueLabel('label.response-see-conditions', 'sv')).toBe('Se villkoren i detta svar.');
    expect(formatMessage('broken {', 'en')).toBeUndefined();
    expect(formatMessage('needs {x}', 'en')).toBeUndefined();
  });
});
