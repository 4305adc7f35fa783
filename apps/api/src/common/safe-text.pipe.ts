import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { ApiError } from './api-error';
import { findUnsafeText } from './unsafe-text.util';

const CHECKED_PER_ITEM = Symbol('checkedPerItem');

/** Marks top-level body properties whose items are checked one by one by the handler (batch intake). */
export function ItemsCheckedSeparately(...properties: string[]): ClassDecorator {
  return (target) => Reflect.defineMetadata(CHECKED_PER_ITEM, new Set(properties), target);
}

/** Whether a body class leaves the items of some of its properties to the handler (see ItemsCheckedSeparately). */
export function checksItemsSeparately(metatype: unknown): boolean {
  return typeof metatype === 'function' && Reflect.getMetadata(CHECKED_PER_ITEM, metatype) !== undefined;
}

/** Refuses, with the field path, any body or query string value that no text column could store (NUL, lone surrogates). */
@Injectable()
export class SafeTextPipe implements PipeTransform {
  transform(value: unknown, meta: ArgumentMetadata): unknown {
    if (meta.type !== 'body' && meta.type !== 'query') return value;
    const skip: Set<string> | undefined = meta.metatype
      ? Reflect.getMetadata(CHECKED_PER_ITEM, meta.metatype)
      : undefined;
    const details = findUnsafeText(value, '', skip);
    if (details.length) {
      throw new ApiError(
        400,
        'VALIDATION_FAILED',
        `The request holds characters that cannot be stored (${details.length} field${details.length === 1 ? '' : 's'})`,
        details,
      );
    }
    return value;
  }
}
