import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/**
 * Whether class-validator would find nothing wrong with `object` under the options intake uses
 * ({ whitelist, forbidNonWhitelisted, forbidUnknownValues }, no groups): the same walk as class-validator's
 * ValidationExecutor over the same metadata and the same constraint instances, but without building a
 * ValidationError for every property of every nested object (which a valid invoice pays for and then
 * throws away). `true` only when every constraint held; `false` as soon as one did not, or when the
 * answer would need an asynchronous constraint or a promise-valued property: the caller then runs
 * class-validator itself, whose errors are the contract. So a `true` here never lets through what
 * class-validator refuses, and a refused body is answered exactly as before.
 */
export function passesValidation(object: object): boolean {
  return execute(object, undefined);
}

const storage = getMetadataStorage();

/** A property's metadata sorted by kind once (class-validator filters them again for every value). */
interface Checks {
  defined: ValidationMetadata[];
  conditional: ValidationMetadata[];
  customs: ValidationMetadata[];
  nested: ValidationMetadata[];
  /** A promise-valued property or constraint: left to class-validator. */
  promise: boolean;
  /** What each item of an array value goes through (class-validator: the nested metadata alone). */
  items?: Checks;
}

interface Plan {
  /** Properties that have any metadata (the whitelist). */
  known: Set<string>;
  props: { name: string; checks: Checks }[];
}

const ofType = (metas: ValidationMetadata[], type: string) => metas.filter((m) => m.type === type);

function checksOf(defined: ValidationMetadata[], metas: ValidationMetadata[]): Checks {
  const nested = ofType(metas, ValidationTypes.NESTED_VALIDATION);
  // An item that is itself an array goes through the same again.
  const items: Checks | undefined = nested.length
    ? { defined: [], conditional: [], customs: [], nested, promise: false }
    : undefined;
  if (items) items.items = items;
  return {
    defined,
    conditional: ofType(metas, ValidationTypes.CONDITIONAL_VALIDATION),
    customs: ofType(metas, ValidationTypes.CUSTOM_VALIDATION),
    nested,
    promise: metas.some((m) => m.type === ValidationTypes.PROMISE_VALIDATION),
    items,
  };
}

/** Plans per metadata list; the lists are stable while no metadata is added (see validation-metadata-cache). */
const plans = new WeakMap<ValidationMetadata[], Plan>();

function planOf(all: ValidationMetadata[]): Plan {
  let plan = plans.get(all);
  if (plan) return plan;
  const grouped = storage.groupByPropertyName(all);
  plan = {
    known: new Set(Object.keys(grouped).filter((k) => grouped[k].length > 0)),
    props: Object.keys(grouped).map((name) => ({
      name,
      checks: checksOf(
        grouped[name].filter((m) => m.type === ValidationTypes.IS_DEFINED),
        grouped[name].filter((m) => m.type !== ValidationTypes.IS_DEFINED && m.type !== ValidationTypes.WHITELIST),
      ),
    })),
  };
  plans.set(all, plan);
  return plan;
}

function execute(object: object, targetSchema: string | undefined): boolean {
  const all = storage.getTargetValidationMetadatas(object.constructor, targetSchema as string, false, false);
  if (!all.length) return false; // forbidUnknownValues
  const plan = planOf(all);
  for (const key of Object.keys(object)) if (!plan.known.has(key)) return false; // forbidNonWhitelisted
  for (const { name, checks } of plan.props) {
    const value = (object as Record<string, unknown>)[name];
    if (value instanceof Promise) return false;
    if (!perform(object, value, checks)) return false;
  }
  return true;
}

/** class-validator's performValidations: IsOptional & co. first, then IsDefined, the constraints, the nested objects. */
function perform(object: object, value: unknown, checks: Checks): boolean {
  if (checks.promise) return false;
  let canValidate = true;
  for (const m of checks.conditional)
    if (!(m.constraints[0] as (o: object, v: unknown) => boolean)(object, value)) canValidate = false;
  if (!canValidate) return true;
  if (checks.defined.length && !custom(object, value, checks.defined)) return false;
  if (checks.customs.length && !custom(object, value, checks.customs)) return false;
  return !checks.nested.length || nestedOk(value, checks);
}

const isPromise = (p: unknown) =>
  p !== null && typeof p === 'object' && typeof (p as { then?: unknown }).then === 'function';

function custom(object: object, value: unknown, metas: ValidationMetadata[]): boolean {
  for (const m of metas) {
    if (m.validateIf && !m.validateIf(object, value)) continue;
    for (const c of storage.getTargetValidatorConstraints(m.constraintCls)) {
      const args = {
        targetName: object.constructor ? object.constructor.name : undefined,
        property: m.propertyName,
        object,
        value,
        constraints: m.constraints,
      };
      const instance = c.instance as { validate(v: unknown, a: unknown): unknown };
      if (!m.each || !(Array.isArray(value) || value instanceof Set || value instanceof Map)) {
        const ok = instance.validate(value, args);
        if (isPromise(ok) || !ok) return false;
        continue;
      }
      const items = value instanceof Map ? [...value.values()] : Array.isArray(value) ? value : [...value];
      for (const item of items) {
        const ok = instance.validate(item, args);
        if (isPromise(ok) || !ok) return false;
      }
    }
  }
  return true;
}

function nestedOk(value: unknown, checks: Checks): boolean {
  if (value === undefined) return true;
  for (const m of checks.nested) {
    if (Array.isArray(value) || value instanceof Set || value instanceof Map) {
      const items: unknown[] = value instanceof Set ? [...value] : Array.isArray(value) ? value : [...value.values()];
      for (const item of items) if (!perform(value, item, checks.items!)) return false;
    } else if (value instanceof Object) {
      const targetSchema = typeof m.target === 'string' ? m.target : (m.target as { name: string }).name;
      if (!execute(value, targetSchema)) return false;
    } else return false;
  }
  return true;
}
