/**
 * The keys of a contract type as a runtime list, for an end-to-end test to hold a response to: the
 * compiler checks the list against the type both ways (a key missing from the list or not in the type
 * fails the typecheck), so the list cannot drift from the contract it stands for.
 *
 *   const EXCEPTION_VIEW = contractKeys<ExceptionView>()('id', 'invoiceId', …);
 */
export function contractKeys<T>() {
  return <const K extends readonly (keyof T & string)[]>(
    ...keys: K & ([Exclude<keyof T & string, K[number]>] extends [never] ? unknown : MissingKeys<T, K>)
  ): string[] => [...keys].sort();
}

interface MissingKeys<T, K extends readonly (keyof T & string)[]> {
  missing: Exclude<keyof T & string, K[number]>;
}

/** The keys a response carries, sorted, to compare with a contract's (`contractKeys`). */
export const keysOf = (body: object): string[] => Object.keys(body).sort();
