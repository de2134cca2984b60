import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { IsOptionalNotNull } from '../../../common/errors/validation.js';
import { PRESENCES, ROLES, type Presence, type Role } from '../entities/user.entity.js';

export class CreateUserDto {
  @ApiProperty({ maxLength: 200 }) @IsString() @Length(1, 200)
  name: string;

  @ApiProperty() @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 8, maxLength: 200 }) @IsString() @Length(8, 200)
  password: string;

  @ApiProperty({ enum: ROLES }) @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ nullable: true, minimum: 1, maximum: 100 }) @IsOptional() @IsInt() @Min(1) @Max(100)
  maxActiveChats?: number | null;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptionalNotNull() @IsString() @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ minLength: 8 }) @IsOptionalNotNull() @IsString() @Length(8, 200)
  password?: string;

  @ApiPropertyOptional({ enum: ROLES }) @IsOptionalNotNull() @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ nullable: true, description: 'null falls back to the organization limit' })
  @ValidateIf((o) => o.maxActiveChats !== null) @IsOptional() @IsInt() @Min(1) @Max(100)
  maxActiveChats?: number | null;
}

export class PresenceDto {
  @ApiProperty({ enum: PRESENCES }) @IsIn(PRESENCES)
  status: Presence;
}

export interface UserView {
  id: string;
  organizationId: string;
  name: string;
  email: string;
  role: Role;
  maxActiveChats: number | null;
  presence: Presence;
  presenceChoice: Presence;
  createdAt: Date;
}
