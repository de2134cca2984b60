import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Exactly one of `toAgentId` or `toInboxId`. */
export class CreateTransferDto {
  @ApiPropertyOptional({ description: 'an online agent with access to the chat’s inbox (agent-to-agent transfer, needs their acceptance)' })
  @IsOptional() @IsString() @Length(1, 36)
  toAgentId?: string;

  @ApiPropertyOptional({ description: 'another inbox of the organization: the chat waits there for routing (done at once)' })
  @IsOptional() @IsString() @Length(1, 36)
  toInboxId?: string;
}

export class TransferAnswerDto {
  @ApiPropertyOptional({ maxLength: 500, description: 'why the transfer is rejected or cancelled' })
  @IsOptional() @Transform(trim) @IsString() @MaxLength(500)
  reason?: string;
}

/** Socket payloads (`transfer.request`, `transfer.accept`, `transfer.reject`, `transfer.cancel`). */
export class SocketCreateTransferDto extends CreateTransferDto {
  @IsString() @MaxLength(36)
  transactionId: string;
}

export class SocketTransferAnswerDto extends TransferAnswerDto {
  @IsString() @MaxLength(36)
  transferId: string;
}
