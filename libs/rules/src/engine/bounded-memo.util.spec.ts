import { boundedMemo } from './bounded-memo.util';

describe('boundedMemo', () => {
  it('evaluates once per distinct key, including undefined results', () => {
    let calls = 0;
    const f = boundedMemo((k: string) => {
      calls++;
      return k === 'none' ? undefined : k.length;
    });
    expect([f('abc'), f('abc'), f('none'), f('none')]).toEqual([3, 3, undefined, undefined]);
    expect(calls).toBe(2);
  });

  it('stays bounded and still answers correctly after it is emptied', () => {
    let calls = 0;
    const f = boundedMemo((k: number) => {
      calls++;
      return k * 2;
    }, 3);
    for (const k of [1, 2, 3, 4, 1]) expect(f(k)).toBe(k * 2);
    // 1,2,3 fill the table; 4 empties it; 1 is evaluated again.
    expect(calls).toBe(5);
    expect(f(4)).toBe(8);
    expect(calls).toBe(5);
  });
});
