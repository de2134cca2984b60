import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgentConnection } from './entities/agent-connection.entity.js';
import { User } from './entities/user.entity.js';
import { PresenceService } from './presence.service.js';
import { UserController } from './user.controller.js';
import { UserService } from './user.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([User, AgentConnection])],
  controllers: [UserController],
  providers: [UserService, PresenceService],
  exports: [UserService, PresenceService],
})
export class UserModule {}
