import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { TransformationType } from 'class-transformer';
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
  return execute(object, undefined, undefined);
}

/**
 * `passesValidation` of a plain object (parsed JSON) read as `cls`, without making the instances: the
 * class of each nested object is the one its property's class-transformer `@Type` names, which is what
 * plainToInstance would have made of it (class-transformer's walk was about as costly as the validation
 * itself). `false` also whenever that is not certain (a nested property without a `@Type` naming a class,
 * a discriminator, an array inside an array): the caller then transforms and validates as before.
 */
export function passesValidationAs(cls: abstract new (...args: never[]) => object, plain: object): boolean {
  return execute(plain, undefined, cls);
}

const storage = getMetadataStorage();

interface TypeMetadata {
  typeFunction(options?: unknown): unknown;
  options?: { discriminator?: unknown };
}
interface TransformMetadata {
  transformFn(params: { value: unknown; key: string; obj: object; type: TransformationType; options: object }): unknown;
}
// class-transformer keeps its @Type and @Transform metadata in this singleton; it has no typed export of it.
const transformerStorage = (
  require('class-transformer/cjs/storage') as {
    defaultMetadataStorage: {
      findTypeMetadata(target: unknown, property: string): TypeMetadata | undefined;
      findTransformMetadatas(target: unknown, property: string, type: TransformationType): TransformMetadata[];
    };
  }
).defaultMetadataStorage;

/**
 * Whether plainToInstance's @Transform functions of a property leave this value as it is (a decimal
 * field turns a JSON number into its string): only then is the plain value what would be validated.
 */
function untransformed(object: object, value: unknown, checks: Checks): boolean {
  for (const t of checks.transforms) {
    const out = t.transformFn({
      value,
      key: checks.property,
      obj: object,
      type: TransformationType.PLAIN_TO_CLASS,
      options: {},
    });
    if (out !== value) return false;
  }
  return true;
}

/** The class plainToInstance gives the value of `owner.property`: its `@Type` class, if plainly one. */
function typeOf(owner: Function, property: string): Function | undefined {
  const meta = transformerStorage.findTypeMetadata(owner, property);
  if (!meta || meta.options?.discriminator) return undefined;
  const type = meta.typeFunction();
  return typeof type === 'function' &&
    type !== Object &&
    type !== String &&
    type !== Number &&
    type !== Boolean &&
    type !== Date
    ? type
    : undefined;
}

interface ConstraintInstance {
  validate(value: unknown, args: unknown): unknown;
}

/** A custom constraint's metadata with what class-validator looks up again for every value, looked up once. */
interface Compiled {
  m: ValidationMetadata;
  validateIf?: (object: object, value: unknown) => boolean;
  each: boolean;
  instances: ConstraintInstance[];
}

const compile = (metas: ValidationMetadata[]): Compiled[] =>
  metas.map((m) => ({
    m,
    validateIf: m.validateIf,
    each: !!m.each,
    instances: storage.getTargetValidatorConstraints(m.constraintCls).map((c) => c.instance as ConstraintInstance),
  }));

/** A property's metadata sorted by kind once (class-validator filters them again for every value). */
interface Checks {
  /** The property's name and, for a plain object (see passesValidationAs), the class of its nested value. */
  property: string;
  type?: Function;
  /** The property's @Transform functions (plain to class). */
  transforms: TransformMetadata[];
  defined: Compiled[];
  conditional: ValidationMetadata[];
  customs: Compiled[];
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

function checksOf(
  owner: Function,
  property: string,
  defined: ValidationMetadata[],
  metas: ValidationMetadata[],
): Checks {
  const nested = ofType(metas, ValidationTypes.NESTED_VALIDATION);
  const type = nested.length ? typeOf(owner, property) : undefined;
  const transforms = transformerStorage.findTransformMetadatas(owner, property, TransformationType.PLAIN_TO_CLASS);
  // An item that is itself an array goes through the same again.
  const items: Checks | undefined = nested.length
    ? { property, type, transforms: [], defined: [], conditional: [], customs: [], nested, promise: false }
    : undefined;
  if (items) items.items = items;
  return {
    property,
    type,
    transforms,
    defined: compile(defined),
    conditional: ofType(metas, ValidationTypes.CONDITIONAL_VALIDATION),
    customs: compile(ofType(metas, ValidationTypes.CUSTOM_VALIDATION)),
    nested,
    promise: metas.some((m) => m.type === ValidationTypes.PROMISE_VALIDATION),
    items,
  };
}

/** Plans per metadata list; the lists are stable while no metadata is added (see validation-metadata-cache). */
const plans = new WeakMap<ValidationMetadata[], Plan>();

function planOf(all: ValidationMetadata[], owner: Function): Plan {
  let plan = plans.get(all);
  if (plan) return plan;
  const grouped = storage.groupByPropertyName(all);
  plan = {
    known: new Set(Object.keys(grouped).filter((k) => grouped[k].length > 0)),
    props: Object.keys(grouped).map((name) => ({
      name,
      checks: checksOf(
        owner,
        name,
        grouped[name].filter((m) => m.type === ValidationTypes.IS_DEFINED),
        grouped[name].filter((m) => m.type !== ValidationTypes.IS_DEFINED && m.type !== ValidationTypes.WHITELIST),
      ),
    })),
  };
  plans.set(all, plan);
  return plan;
}

/**
 * `cls`: the class a plain object is read as (undefined: the object is an instance, its constructor says).
 * Plans are per metadata list, which is per class (and schema): the `@Type` classes they name belong to it.
 */
function execute(object: object, targetSchema: string | undefined, cls: Function | undefined): boolean {
  const owner = cls ?? object.constructor;
  const all = storage.getTargetValidationMetadatas(owner, targetSchema as string, false, false);
  if (!all.length) return false; // forbidUnknownValues
  const plan = planOf(all, owner);
  for (const key of Object.keys(object)) if (!plan.known.has(key)) return false; // forbidNonWhitelisted
  const plain = cls !== undefined;
  for (const { name, checks } of plan.props) {
    const value = (object as Record<string, unknown>)[name];
    if (value instanceof Promise) return false;
    if (!perform(object, value, checks, plain)) return false;
  }
  return true;
}

/** class-validator's performValidations: IsOptional & co. first, then IsDefined, the constraints, the nested objects. */
function perform(object: object, value: unknown, checks: Checks, plain: boolean): boolean {
  if (checks.promise) return false;
  if (plain && checks.transforms.length && (checks.nested.length || !untransformed(object, value, checks)))
    return false;
  let canValidate = true;
  for (const m of checks.conditional)
    if (!(m.constraints[0] as (o: object, v: unknown) => boolean)(object, value)) canValidate = false;
  if (!canValidate) return true;
  if (checks.defined.length && !custom(object, value, checks.defined)) return false;
  if (checks.customs.length && !custom(object, value, checks.customs)) return false;
  return !checks.nested.length || nestedOk(value, checks, plain);
}

const isPromise = (p: unknown) =>
  p !== null && typeof p === 'object' && typeof (p as { then?: unknown }).then === 'function';

function custom(object: object, value: unknown, list: Compiled[]): boolean {
  const targetName = object.constructor ? object.constructor.name : undefined;
  for (const k of list) {
    if (k.validateIf && !k.validateIf(object, value)) continue;
    const m = k.m;
    const args = { targetName, property: m.propertyName, object, value, constraints: m.constraints };
    const multiple = k.each && (Array.isArray(value) || value instanceof Set || value instanceof Map);
    for (const instance of k.instances) {
      if (!multiple) {
        const ok = instance.validate(value, args);
        if (isPromise(ok) || !ok) return false;
        continue;
      }
      const items =
        value instanceof Map ? [...value.values()] : Array.isArray(value) ? value : [...(value as Set<unknown>)];
      for (const item of items) {
        const ok = instance.validate(item, args);
        if (isPromise(ok) || !ok) return false;
      }
    }
  }
  return true;
}

function nestedOk(value: unknown, checks: Checks, plain: boolean): boolean {
  if (value === undefined) return true;
  for (const m of checks.nested) {
    if (Array.isArray(value) || value instanceof Set || value instanceof Map) {
      const items: unknown[] = value instanceof Set ? [...value] : Array.isArray(value) ? value : [...value.values()];
      for (const item of items) {
        if (plain && Array.isArray(item)) return false; // what plainToInstance makes of it: left to it
        if (!perform(value, item, checks.items!, plain)) return false;
      }
    } else if (value instanceof Object) {
      if (plain && checks.type === undefined) return false;
      const targetSchema = typeof m.target === 'string' ? m.target : (m.target as { name: string }).name;
      if (!execute(value, targetSchema, plain ? checks.type : undefined)) return false;
    } else return false;
  }
  return true;
}
