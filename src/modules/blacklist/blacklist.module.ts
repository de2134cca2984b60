import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContactPolicy } from '../../common/policy/contact-policy.js';
import { ChatModule } from '../chat/chat.module.js';
import { ChatTransaction } from '../chat/entities/transaction.entity.js';
import { Customer } from '../customer/entities/customer.entity.js';
import { User } from '../user/entities/user.entity.js';
import { BlacklistController } from './blacklist.controller.js';
import { BlacklistService } from './blacklist.service.js';
import { BlacklistEntry } from './entities/blacklist-entry.entity.js';

/**
 * The blacklist. Global only to provide `ContactPolicy` to modules that must
 * refuse blocked visitors (uploads) without importing this one.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([BlacklistEntry, Customer, ChatTransaction, User]), ChatModule],
  controllers: [BlacklistController],
  providers: [BlacklistService, { provide: ContactPolicy, useExisting: BlacklistService }],
  exports: [BlacklistService, ContactPolicy],
})
export class BlacklistModule {}
