import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';

export class SignupDto {
  @ApiProperty({ maxLength: 200 }) @IsString() @Length(1, 200)
  organizationName: string;

  @ApiProperty({ maxLength: 200 }) @IsString() @Length(1, 200)
  name: string;

  @ApiProperty() @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 8, maxLength: 200 }) @IsString() @Length(8, 200)
  password: string;
}

export class LoginDto {
  @ApiProperty() @IsString() @MaxLength(254)
  email: string;

  @ApiProperty() @IsString() @MaxLength(200)
  password: string;
}
