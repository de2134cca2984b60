import { describe, expect, it, jest } from '@jest/globals';
import { IsString, Length, type MetadataStorage } from 'class-validator';
import { rememberRuleLookups, validateInput } from './validation.js';
import { ValidationError } from './domain-error.js';

type Lookup = MetadataStorage['getTargetValidationMetadatas'];

describe('rememberRuleLookups', () => {
  const storageWith = (lookUp: Lookup) => ({ getTargetValidationMetadatas: lookUp }) as unknown as MetadataStorage;

  it('asks the storage once per class and lookup options, and gives the same answer after', () => {
    const lookUp = jest.fn<Lookup>(
      (target, _schema, always, _strict, groups) => [`${String((target as { name?: string }).name)}:${always}:${groups?.join(',') ?? ''}`] as unknown as ReturnType<Lookup>,
    );
    const storage = storageWith(lookUp);
    rememberRuleLookups(storage);
    class A {}
    class B {}

    const first = storage.getTargetValidationMetadatas(A, '', false, false);
    expect(storage.getTargetValidationMetadatas(A, '', false, false)).toBe(first);
    expect(lookUp).toHaveBeenCalledTimes(1);

    // other options and other classes are answered on their own
    expect(storage.getTargetValidationMetadatas(A, '', true, false)).not.toBe(first);
    expect(storage.getTargetValidationMetadatas(A, '', false, false, ['admin'])).toEqual(['A:false:admin']);
    expect(storage.getTargetValidationMetadatas(B, '', false, false)).toEqual(['B:false:']);
    expect(lookUp).toHaveBeenCalledTimes(4);
  });

  it('does not keep the rules of a schema validated by name', () => {
    const lookUp = jest.fn<Lookup>(() => [] as unknown as ReturnType<Lookup>);
    const storage = storageWith(lookUp);
    rememberRuleLookups(storage);
    storage.getTargetValidationMetadatas('schema' as unknown as typeof Object, 'schema', false, false);
    storage.getTargetValidationMetadatas('schema' as unknown as typeof Object, 'schema', false, false);
    expect(lookUp).toHaveBeenCalledTimes(2);
  });
});

describe('validateInput with remembered rules', () => {
  class Note {
    @IsString() @Length(1, 5) body: string;
  }
  class AddressedNote extends Note {
    @IsString() to: string;
  }

  it("applies a class's own and inherited rules, every time", async () => {
    for (let i = 0; i < 3; i++) {
      await expect(validateInput(AddressedNote, { body: 'hi', to: 'ann' })).resolves.toMatchObject({ body: 'hi', to: 'ann' });
      await expect(validateInput(AddressedNote, { body: 'far too long', to: 'ann' })).rejects.toThrow(ValidationError);
      await expect(validateInput(AddressedNote, { body: 'hi' })).rejects.toThrow(/to must be a string/);
      await expect(validateInput(Note, { body: 'hi', to: 'ann' })).rejects.toThrow(/property to should not exist/);
    }
  });

  it('knows the rules of a class defined after the first validations', async () => {
    await validateInput(Note, { body: 'hi' });
    class SignedNote extends Note {
      @IsString() by: string;
    }
    await expect(validateInput(SignedNote, { body: 'hi', by: 'me' })).resolves.toMatchObject({ by: 'me' });
    await expect(validateInput(SignedNote, { body: '', by: 'me' })).rejects.toThrow(/body must be longer than or equal to 1 characters/);
  });
});
