import { ApiProperty, PickType } from '@nestjs/swagger';
import { IsString, Length, MaxLength } from 'class-validator';
import { CreateUserDto } from '../../user/dto/user.dto.js';

/** A new organization and its owner: the owner's fields are those of a new user. */
export class SignupDto extends PickType(CreateUserDto, ['name', 'email', 'password'] as const) {
  @ApiProperty({ maxLength: 200 }) @IsString() @Length(1, 200)
  organizationName: string;
}

export class LoginDto {
  @ApiProperty() @IsString() @MaxLength(254)
  email: string;

  @ApiProperty() @IsString() @MaxLength(200)
  password: string;
}
