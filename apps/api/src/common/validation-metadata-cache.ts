import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

type Storage = ReturnType<typeof getMetadataStorage>;
type Grouped = Record<string, ValidationMetadata[]>;
const INSTALLED = Symbol.for('invoice-triage.validation-metadata-cache');

/**
 * class-validator looks up a class's validation metadata again for every object it validates: it
 * filters the class's decorators and walks every class that has any (to find inherited ones), then
 * groups the result by property. For one invoice that is done once per nested object (each line, each
 * party, each VAT row), and the answer never changes once the classes are declared. This keeps the
 * answers per class and options, and forgets them all whenever metadata is added (a class declared
 * later, a mapped type, a schema). The cached arrays are never handed out for writing: class-validator
 * and @nestjs/mapped-types only read them. Installed once per process (or worker thread).
 */
export function cacheValidationMetadata(storage: Storage = getMetadataStorage()): void {
  const s = storage as Storage & { [INSTALLED]?: true };
  if (s[INSTALLED]) return;
  s[INSTALLED] = true;
  const byTarget = new Map<unknown, Map<string, ValidationMetadata[]>>();
  let grouped = new WeakMap<ValidationMetadata[], Grouped>();
  const forget = () => {
    byTarget.clear();
    grouped = new WeakMap();
  };
  for (const name of ['addValidationMetadata', 'addConstraintMetadata', 'addValidationSchema'] as const) {
    const add = (s[name] as (...a: unknown[]) => void).bind(s);
    (s as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      forget();
      return add(...args);
    };
  }
  const lookUp = s.getTargetValidationMetadatas.bind(s);
  s.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    if (groups !== undefined && !(Array.isArray(groups) && groups.every((g) => typeof g === 'string')))
      return lookUp(target, schema, always, strictGroups, groups);
    // Without groups (every call intake makes, once per nested object) the key is a concatenation, not a JSON text.
    const key =
      groups === undefined
        ? `\u0001${String(schema)}\u0000${always}\u0000${strictGroups}`
        : JSON.stringify([String(schema), always, strictGroups, groups]);
    let forTarget = byTarget.get(target);
    if (!forTarget) byTarget.set(target, (forTarget = new Map()));
    let found = forTarget.get(key);
    if (!found) forTarget.set(key, (found = lookUp(target, schema, always, strictGroups, groups)));
    return found;
  };
  const group = s.groupByPropertyName.bind(s);
  s.groupByPropertyName = (metadata) => {
    let found = grouped.get(metadata);
    if (!found) grouped.set(metadata, (found = group(metadata)));
    return found;
  };
}
