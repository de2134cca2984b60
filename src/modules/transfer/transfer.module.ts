import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChatModule } from '../chat/chat.module.js';
import { TransferRequest } from './entities/transfer-request.entity.js';
import { TransferController } from './transfer.controller.js';
import { TransferListener } from './transfer.listener.js';
import { TransferService } from './transfer.service.js';
import { TransferViews } from './transfer.views.js';

@Module({
  imports: [TypeOrmModule.forFeature([TransferRequest]), ChatModule],
  controllers: [TransferController],
  providers: [TransferService, TransferViews, TransferListener],
  exports: [TransferService],
})
export class TransferModule {}
