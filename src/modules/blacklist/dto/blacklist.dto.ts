import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  isEmail, IsIn, IsOptional, IsString, MaxLength, Validate, ValidatorConstraint,
  type ValidationArguments, type ValidatorConstraintInterface,
} from 'class-validator';
import { PageQuery } from '../../../common/pagination/pagination.js';
import { CONTACT_TYPES, type ContactType } from '../entities/blacklist-entry.entity.js';

export const MAX_REASON_LENGTH = 250;
const PHONE = /^\+?[0-9 ()./-]{3,40}$/;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimToNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value);

/** `value` must fit its `type`: an email address, or a phone number with at least 3 digits. */
@ValidatorConstraint({ name: 'contactValue' })
class ContactValue implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments) {
    if (typeof value !== 'string') return false;
    const type = (args.object as { type?: unknown }).type;
    if (type === 'email') return value.length <= 254 && isEmail(value);
    if (type === 'phone') return PHONE.test(value) && value.replace(/\D/g, '').length >= 3;
    return true; // an unknown type is reported on `type`
  }

  defaultMessage() {
    return 'value must be an email address (type email) or a phone number (type phone)';
  }
}

const reasonDoc = { maxLength: MAX_REASON_LENGTH, description: 'why; kept with the entry', nullable: true };

export class BlockTransactionContactDto {
  @ApiProperty({ enum: CONTACT_TYPES, description: "which of the chat customer's details to block" }) @IsIn(CONTACT_TYPES)
  type: ContactType;

  @ApiPropertyOptional(reasonDoc) @IsOptional() @Transform(trimToNull) @IsString() @MaxLength(MAX_REASON_LENGTH)
  reason?: string | null;
}

export class BlockContactDto extends BlockTransactionContactDto {
  @ApiProperty({ description: 'an email address or a phone number; normalized before it is stored', example: 'Someone@Example.com' })
  @Transform(trim) @IsString() @Validate(ContactValue)
  value: string;
}

export class BlacklistQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CONTACT_TYPES }) @IsOptional() @IsIn(CONTACT_TYPES)
  type?: ContactType;

  @ApiPropertyOptional({ description: 'entries of this value (normalized first, so variants find it)', maxLength: 254 })
  @IsOptional() @Transform(trim) @IsString() @MaxLength(254)
  value?: string;
}
