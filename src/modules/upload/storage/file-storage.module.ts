import { Module } from '@nestjs/common';
import { FileStorage } from './file-storage.js';
import { LocalFileStorage } from './local-file-storage.js';

/** Binds the storage backend. An S3-compatible one would be chosen here by configuration. */
@Module({
  providers: [{ provide: FileStorage, useClass: LocalFileStorage }],
  exports: [FileStorage],
})
export class FileStorageModule {}
