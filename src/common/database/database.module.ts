import { Global, Module } from '@nestjs/common';
import { TypeOrmModule, type TypeOrmModuleOptions } from '@nestjs/typeorm';
import fs from 'node:fs';
import path from 'node:path';
import { migrations } from '../../../migrations/index.js';
import { AppConfig } from '../config/app-config.js';
import { Db } from './db.service.js';

export function typeOrmOptions(config: AppConfig): TypeOrmModuleOptions {
  const common = { autoLoadEntities: true, migrations, migrationsRun: true, synchronize: false, logging: false, retryAttempts: 2, retryDelay: 1000 };
  const db = config.database;
  if (db.type === 'sqlite') {
    fs.mkdirSync(path.dirname(db.file), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: db.file,
      enableWAL: true,
      // a second process (or a second app instance in tests) waits for the write lock instead of failing
      prepareDatabase: (conn: { pragma(s: string): unknown }) => {
        conn.pragma('busy_timeout = 10000');
      },
    };
  }
  return {
    ...common,
    type: 'mysql',
    url: db.url,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    // Db.fusedTransaction sends a batch's statements with START TRANSACTION and COMMIT in one query;
    // every statement of the app is parameterized (TypeORM, common/database/rows.ts), none is built from input
    multipleStatements: true,
    extra: { connectionLimit: 10 },
  };
}

@Global()
@Module({
  imports: [TypeOrmModule.forRootAsync({ inject: [AppConfig], useFactory: typeOrmOptions })],
  providers: [Db],
  exports: [Db],
})
export class DatabaseModule {}
