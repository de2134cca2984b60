import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder, type ObjectLiteral } from 'typeorm';

/**
 * The one way state-changing work reaches the database.
 *
 * MySQL: a READ COMMITTED transaction; `lockRows` takes `SELECT ... FOR UPDATE`
 * row locks, so two server instances serialize on the same rows.
 * SQLite (embedded, single file): writers are serialized by SQLite itself
 * (`BEGIN IMMEDIATE`) across processes, and inside one process by a queue per
 * database file: the driver has a single connection that must not interleave
 * two transactions, and its busy wait blocks the event loop, so two app
 * instances in one process (tests) must not contend for the file lock.
 */
const sqliteQueues = new Map<string, Promise<unknown>>();

@Injectable()
export class Db {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  get isSqlite() {
    return this.dataSource.options.type === 'better-sqlite3';
  }

  get manager() {
    return this.dataSource.manager;
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (!this.isSqlite) return this.dataSource.transaction('READ COMMITTED', work);
    const file = String(this.dataSource.options.database);
    const run = (sqliteQueues.get(file) ?? Promise.resolve()).then(() => this.sqliteTransaction(work));
    sqliteQueues.set(file, run.catch(() => undefined));
    return run;
  }

  private async sqliteTransaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    await runner.query('BEGIN IMMEDIATE');
    // tell TypeORM a transaction is open so `save()` does not try to nest one
    (runner as { isTransactionActive: boolean }).isTransactionActive = true;
    try {
      const result = await work(runner.manager);
      await runner.query('COMMIT');
      return result;
    } catch (err) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      (runner as { isTransactionActive: boolean }).isTransactionActive = false;
      await runner.release();
    }
  }

  /** `FOR UPDATE` on MySQL; a no-op on SQLite, whose write transactions are already exclusive. */
  lockRows<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
    return this.isSqlite ? qb : qb.setLock('pessimistic_write');
  }
}
