import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContactPolicy } from '../../common/policy/contact-policy.js';
import { ChatModule } from '../chat/chat.module.js';
import { CustomerModule } from '../customer/customer.module.js';
import { BlacklistController } from './blacklist.controller.js';
import { BlacklistService } from './blacklist.service.js';
import { BlacklistEntry } from './entities/blacklist-entry.entity.js';

/**
 * The blacklist. Global only to provide `ContactPolicy` to modules that must
 * refuse blocked visitors (uploads) without importing this one.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([BlacklistEntry]), ChatModule, CustomerModule],
  controllers: [BlacklistController],
  providers: [BlacklistService, { provide: ContactPolicy, useExisting: BlacklistService }],
  exports: [BlacklistService, ContactPolicy],
})
export class BlacklistModule {}
