import 'reflect-metadata';
import { IsInt, IsString, MaxLength, MetadataStorage, validate, ValidateNested } from 'class-validator';
import { plainToInstance, Type } from 'class-transformer';
import { PartialType } from '@nestjs/mapped-types';
import { cacheValidationMetadata } from './validation-metadata-cache';

class Line {
  @IsInt()
  quantity!: number;
}

class Doc {
  @IsString()
  @MaxLength(5)
  name!: string;

  @ValidateNested({ each: true })
  @Type(() => Line)
  lines!: Line[];
}

const opts = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };
const problems = async (cls: new () => object, plain: object) =>
  (await validate(plainToInstance(cls, plain), opts)).flatMap(function flat(e): string[] {
    return [...Object.keys(e.constraints ?? {}).map((c) => `${e.property}:${c}`), ...(e.children ?? []).flatMap(flat)];
  });

describe('validation metadata cache', () => {
  beforeAll(() => cacheValidationMetadata());

  it('answers as class-validator does, nested objects and unknown fields included', async () => {
    expect(await problems(Doc, { name: 'ok', lines: [{ quantity: 1 }] })).toEqual([]);
    expect(await problems(Doc, { name: 'too long', lines: [{ quantity: 'x' }, { quantity: 2, extra: 1 }] })).toEqual([
      'name:maxLength',
      'quantity:isInt',
      'extra:whitelistValidation',
    ]);
  });

  it('forgets its answers when metadata is added later: a field decorated after the first validation is checked', async () => {
    class Late {
      @IsString()
      code!: string;
      note?: unknown;
    }
    expect(await problems(Late, { code: 'a', note: 1 })).toEqual(['note:whitelistValidation']);
    IsInt()(Late.prototype, 'note');
    expect(await problems(Late, { code: 'a', note: 1 })).toEqual([]);
    expect(await problems(Late, { code: 'a', note: 'x' })).toEqual(['note:isInt']);
  });

  it('sees a mapped type declared after the parent was validated (inherited metadata)', async () => {
    expect(await problems(Doc, { name: 'abc', lines: [] })).toEqual([]);
    class PartialDoc extends PartialType(Doc) {}
    expect(await problems(PartialDoc, {})).toEqual([]);
    expect(await problems(PartialDoc, { name: 'far too long' })).toEqual(['name:maxLength']);
  });

  it('is installed once per storage: a second install does not wrap again', () => {
    const storage = new MetadataStorage();
    cacheValidationMetadata(storage);
    const wrapped = storage.getTargetValidationMetadatas;
    cacheValidationMetadata(storage);
    expect(storage.getTargetValidationMetadatas).toBe(wrapped);
  });
});
