import { parseJsonSafely } from './read-intake-body';

describe('parseJsonSafely', () => {
  it('refuses a body that would set a prototype, however the key is spelt', () => {
    for (const text of [
      '{"a":1,"__proto__":{"x":1}}',
      '{"lines":[{"__proto__":{"x":1}}]}',
      '{"\\u005f_proto__":{"x":1}}',
      '{"_\\u005fproto\\u005f_":{"x":1}}',
      '{"constructor":{"prototype":{"x":1}}}',
      '{"\\u0063onstructor":{"prototype":{"x":1}}}',
    ])
      expect(() => parseJsonSafely(text)).toThrow('Object contains forbidden prototype property');
  });

  it('parses everything else as JSON.parse does, escapes and the words in values included', () => {
    for (const text of [
      '{"invoiceNumber":"A-1","note":"constructor of __proto__","lines":[{"q":1.5}]}',
      '{"name":"Caf\\u00e9 \\"Le Coin\\"","constructor":"a string is harmless"}',
      '[1,2,{"a":null}]',
    ])
      expect(parseJsonSafely(text)).toEqual(JSON.parse(text));
    expect(() => parseJsonSafely('{"a":')).toThrow(SyntaxError);
  });
});
