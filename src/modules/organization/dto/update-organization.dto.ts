import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsString, Length, Max, Min } from 'class-validator';
import { IsOptionalNotNull } from '../../../common/errors/validation.js';

const WEEK = 7 * 24 * 3600;

export class UpdateOrganizationDto {
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptionalNotNull() @IsString() @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ description: 'Contact Center add-on: owners/admins see every inbox' }) @IsOptionalNotNull() @IsBoolean()
  contactCenterLicense?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 3 }) @IsOptionalNotNull() @IsInt() @Min(1) @Max(100)
  maxActiveChatsPerAgent?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: WEEK, default: 60 }) @IsOptionalNotNull() @IsInt() @Min(1) @Max(WEEK)
  offerTimeoutSeconds?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: WEEK, default: 120 }) @IsOptionalNotNull() @IsInt() @Min(1) @Max(WEEK)
  transferTimeoutSeconds?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: WEEK, default: 3600 }) @IsOptionalNotNull() @IsInt() @Min(1) @Max(WEEK)
  assignedInactivitySeconds?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: WEEK, default: 21600 }) @IsOptionalNotNull() @IsInt() @Min(1) @Max(WEEK)
  waitingInactivitySeconds?: number;

  @ApiPropertyOptional({ minimum: 1024, maximum: 1073741824, default: 26214400 }) @IsOptionalNotNull() @IsInt() @Min(1024) @Max(1024 * 1024 * 1024)
  maxUploadBytes?: number;
}
