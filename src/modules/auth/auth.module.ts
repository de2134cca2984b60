import { Module } from '@nestjs/common';
import { InboxModule } from '../inbox/inbox.module.js';
import { OrganizationModule } from '../organization/organization.module.js';
import { UserModule } from '../user/user.module.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';

@Module({
  imports: [UserModule, OrganizationModule, InboxModule],
  controllers: [AuthController],
  providers: [AuthService],
})
export class AuthModule {}
