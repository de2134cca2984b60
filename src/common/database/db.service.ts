import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager, SelectQueryBuilder, type ObjectLiteral, type QueryRunner } from 'typeorm';
import { run, type Statement } from './rows.js';

/** Per SQLite file: the tail of the queue of work that uses its one connection. */
const sqliteQueues = new Map<string, Promise<unknown>>();
/** MySQL connections already switched to READ COMMITTED (a session setting: once per pooled connection). */
const readCommitted = new WeakSet<object>();
const READ_COMMITTED = 'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED';

/** What the work of `Db.fusedTransaction` gets besides its first statement's result. */
export interface FusedTransaction {
  /** For statements in between, as in `transaction`. */
  em: EntityManager;
  /**
   * The transaction's last statements, sent with its COMMIT in one round trip;
   * once it succeeds the transaction is over, so the work sends nothing after.
   * If one fails, those after it and the COMMIT did not run: the transaction
   * is still open, and the work may go on (and `commit` again) or throw.
   */
  commit(last: Statement[]): Promise<void>;
}

/** Set while a queued transaction's own work runs, so its queries are not queued behind itself. */
const insideTransaction = new AsyncLocalStorage<true>();

/**
 * The one way state-changing work reaches the database.
 *
 * MySQL: a READ COMMITTED transaction; `lockRows` takes `SELECT … FOR UPDATE`
 * row locks, so two server instances serialize on the same rows. The level is
 * set once per pooled connection (`SET SESSION …`), not by a statement before
 * every transaction.
 *
 * SQLite (embedded, single file): the driver has one connection per process,
 * so a transaction must not interleave with anything else on it, and SQLite's
 * busy wait blocks the event loop, so two app instances in one process (the
 * tests) must not contend for the file lock. Hence one queue per database file:
 * transactions (`BEGIN IMMEDIATE`, exclusive across processes too) and every
 * query issued outside a transaction take their turn in it.
 */
@Injectable()
export class Db {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {
    if (this.isSqlite) this.queueStatementsOutsideTransactions();
  }

  get isSqlite() {
    return this.dataSource.options.type === 'better-sqlite3';
  }

  get manager() {
    return this.dataSource.manager;
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (!this.isSqlite) return this.mysqlTransaction(work);
    if (insideTransaction.getStore()) throw new Error('nested Db.transaction on SQLite');
    return this.enqueue(() => insideTransaction.run(true, () => this.sqliteTransaction(work)));
  }

  /**
   * A transaction in two round trips on MySQL, for the message path: `first`
   * goes with START TRANSACTION, and `tx.commit(last)` sends the last
   * statements with COMMIT, each as one multi-statement query (the pool allows
   * them; every statement is parameterized). Between the two, `tx.em` serves as
   * in `transaction`. A work that ends without `tx.commit` is committed, and one
   * that throws is rolled back, as in `transaction`. Each round trip costs the
   * server and MariaDB far more CPU than the statement itself (a loopback
   * write wakes the other side), and a small batch was five of them.
   *
   * SQLite runs in process, with no round trips to save: the same as
   * `transaction`, statements one by one.
   */
  fusedTransaction<F, T>(first: Statement<F>, work: (tx: FusedTransaction, firstResult: F) => Promise<T>): Promise<T> {
    if (this.isSqlite) {
      return this.transaction(async (em) => {
        const tx: FusedTransaction = {
          em,
          commit: async (last) => {
            for (const statement of last) await run(em, statement);
          },
        };
        return work(tx, await run(em, first));
      });
    }
    return this.mysqlFused(first, work);
  }

  private async mysqlFused<F, T>(first: Statement<F>, work: (tx: FusedTransaction, firstResult: F) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    let open = false;
    let committed = false;
    try {
      const connection = (await runner.connect()) as object;
      const lead = [...(readCommitted.has(connection) ? [] : [READ_COMMITTED]), 'START TRANSACTION'];
      // so that TypeORM's own writes through tx.em do not open a transaction of their own
      (runner as { isTransactionActive: boolean }).isTransactionActive = true;
      open = true;
      const results = (await runner.query([...lead, first.sql].join('; '), first.params)) as unknown[];
      readCommitted.add(connection);
      const tx: FusedTransaction = {
        em: runner.manager,
        commit: async (last) => {
          await runner.query([...last.map((s) => s.sql), 'COMMIT'].join('; '), last.flatMap((s) => s.params));
          committed = true;
        },
      };
      const result = await work(tx, first.read(results[lead.length]));
      if (!committed) await runner.query('COMMIT');
      committed = true;
      return result;
    } catch (err) {
      if (open && !committed) await runner.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      (runner as { isTransactionActive: boolean }).isTransactionActive = false;
      await runner.release();
    }
  }

  private get file() {
    return String(this.dataSource.options.database);
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = (sqliteQueues.get(this.file) ?? Promise.resolve()).then(task);
    sqliteQueues.set(this.file, run.catch(() => undefined));
    return run;
  }

  private async mysqlTransaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const connection = (await runner.connect()) as object;
      if (!readCommitted.has(connection)) {
        await runner.query(READ_COMMITTED);
        readCommitted.add(connection);
      }
      await runner.startTransaction();
      const result = await work(runner.manager);
      await runner.commitTransaction();
      return result;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
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

  /** The driver's single query runner: statements from outside a transaction wait for the queue. */
  private queueStatementsOutsideTransactions() {
    const runner = this.dataSource.driver.createQueryRunner('master') as QueryRunner & { switchboardQueued?: true };
    if (runner.switchboardQueued) return;
    const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
    Object.assign(runner, {
      switchboardQueued: true,
      query: (...args: unknown[]) => (insideTransaction.getStore() ? query(...args) : this.enqueue(() => insideTransaction.run(true, () => query(...args)))),
    });
  }

  /** `FOR UPDATE` on MySQL; a no-op on SQLite, whose write transactions are already exclusive. */
  lockRows<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
    return this.isSqlite ? qb : qb.setLock('pessimistic_write');
  }
}
