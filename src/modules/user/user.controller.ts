import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../common/auth/decorators.js';
import { requireUser, type Principal } from '../../common/auth/principal.js';
import { CreateUserDto, PresenceDto, UpdateUserDto } from './dto/user.dto.js';
import { PresenceService } from './presence.service.js';
import { UserService } from './user.service.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller()
export class UserController {
  constructor(
    private readonly users: UserService,
    private readonly presence: PresenceService,
  ) {}

  @Get('me')
  me(@Caller() caller: Principal) {
    return this.users.get(caller, requireUser(caller).userId);
  }

  @Put('me/presence')
  @HttpCode(200)
  async setPresence(@Caller() caller: Principal, @Body() dto: PresenceDto) {
    const me = requireUser(caller);
    await this.presence.choose(me.userId, dto.status);
    return this.users.get(caller, me.userId);
  }

  @Get('users')
  async list(@Caller() caller: Principal) {
    return { items: await this.users.list(caller), nextCursor: null };
  }

  @Post('users')
  create(@Caller() caller: Principal, @Body() dto: CreateUserDto) {
    return this.users.create(caller, dto);
  }

  @Get('users/:id')
  get(@Caller() caller: Principal, @Param('id') id: string) {
    return this.users.get(caller, id);
  }

  @Patch('users/:id')
  update(@Caller() caller: Principal, @Param('id') id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(caller, id, dto);
  }
}
