import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChatModule } from '../chat/chat.module.js';
import { FileAttachment } from './entities/file-attachment.entity.js';
import { FileStorage } from './storage/file-storage.js';
import { FileStorageModule } from './storage/file-storage.module.js';
import { UploadStorageEngine } from './upload-storage.engine.js';
import { UploadController } from './upload.controller.js';
import { UploadPreflight } from './upload.interceptor.js';
import { UploadService } from './upload.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([FileAttachment]),
    ChatModule,
    FileStorageModule,
    // multer streams every upload into the FileStorage; per-request limits are set in the controller
    MulterModule.registerAsync({
      imports: [FileStorageModule],
      inject: [FileStorage],
      // browsers send file names as raw UTF-8 in the part header
      useFactory: (storage: FileStorage) => ({ storage: new UploadStorageEngine(storage), defParamCharset: 'utf8' }),
    }),
  ],
  controllers: [UploadController],
  providers: [UploadService, UploadPreflight],
  exports: [UploadService, FileStorageModule],
})
export class UploadModule {}
