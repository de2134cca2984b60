import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/decorators.js';
import { RateLimit } from '../../common/http/rate-limit.js';
import { AuthService } from './auth.service.js';
import { LoginDto, SignupDto } from './dto/auth.dto.js';

@ApiTags('auth')
@Public()
@RateLimit('login')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('signup')
  signup(@Body() dto: SignupDto) {
    return this.auth.signup(dto);
  }

  @Post('login')
  @HttpCode(200)
  login(@Body() dto: LoginDto) {
    return this.auth.login(dto);
  }
}
