import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChatAccess } from './chat-access.service.js';
import { ChatViews } from './chat.views.js';
import { TransactionEvent } from './entities/transaction-event.entity.js';
import { ChatTransaction } from './entities/transaction.entity.js';
import { TransactionStore } from './transaction-store.js';

/**
 * The TXN record that the chat's lifecycle, the routing and the messages share:
 * the `transactions` and `transaction_events` tables, who may see a TXN and write
 * to it (`ChatAccess`), its view, and the row writes others make inside their own
 * database transactions (`TransactionStore`, with `lockTransaction` and `recordTimeline`).
 * The routing and message modules import this, and `ChatModule` imports them.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ChatTransaction, TransactionEvent])],
  providers: [ChatAccess, ChatViews, TransactionStore],
  exports: [ChatAccess, ChatViews, TransactionStore, TypeOrmModule],
})
export class ChatCoreModule {}
