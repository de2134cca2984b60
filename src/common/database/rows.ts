import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Statements for many rows of one table, written as SQL once per entity and
 * shape instead of through TypeORM's query builder on every call: the message
 * path sends them for every batch, and building, escaping and mapping through
 * the builder cost more CPU than the database spent on them. Values pass
 * through the driver's own conversions (`preparePersistentValue`,
 * `prepareHydratedValue`), so rows read and written here are the same as the
 * repository's. Both databases take every statement.
 */

interface Shape {
  table: string;
  /**
   * The table for statements that find their rows by id (every one here): on MySQL with
   * `FORCE INDEX (PRIMARY)`. For a batch that names a fair share of a small table's rows,
   * MariaDB planned the UPDATE as a scan of every row, and a locking read that scans would
   * also wait on rows another batch holds; by the primary key it reads just the rows named.
   */
  byId: string;
  /** Write locks on the rows a SELECT reads: `FOR UPDATE` on MySQL; SQLite's write transaction is already exclusive. */
  forUpdate: string;
  columns: ColumnMetadata[];
  /** `a, b, c` of every column, and `(?, ?, ?)` for one row. */
  list: string;
  tuple: string;
  q: (name: string) => string;
  /** The columns and `a, b, c` list of some properties only, by their names joined with commas. */
  subsets: Map<string, Pick<Shape, 'columns' | 'list'>>;
}

const shapes = new WeakMap<EntityMetadata, Shape>();

function shapeOf(em: EntityManager, entity: EntityTarget<ObjectLiteral>): Shape {
  const meta = em.connection.getMetadata(entity);
  let shape = shapes.get(meta);
  if (!shape) {
    const q = (name: string) => em.connection.driver.escape(name);
    const columns = meta.columns.filter((c) => !c.isVirtual);
    const table = q(meta.tableName);
    const mysql = em.connection.driver.options.type !== 'better-sqlite3';
    shape = { table, byId: mysql ? `${table} FORCE INDEX (PRIMARY)` : table, forUpdate: mysql ? ' FOR UPDATE' : '', columns, list: columns.map((c) => q(c.databaseName)).join(', '), tuple: `(${columns.map(() => '?').join(', ')})`, q, subsets: new Map() };
    shapes.set(meta, shape);
  }
  return shape;
}

function columnOf(em: EntityManager, entity: EntityTarget<ObjectLiteral>, property: string): ColumnMetadata {
  const found = em.connection.getMetadata(entity).findColumnWithPropertyName(property);
  if (!found) throw new Error(`${em.connection.getMetadata(entity).name} has no column ${property}`);
  return found;
}

const marks = (n: number) => (n > 0 ? '?, '.repeat(n - 1) + '?' : '');

/** SQL and its values, with how to read its result: what `Db.fusedTransaction` sends several of in one round trip. */
export interface Statement<T = unknown> {
  sql: string;
  params: unknown[];
  read: (raw: unknown) => T;
}

const ignore = (): void => undefined;

/** One multi-row INSERT of whole rows (every column; `undefined` is stored as NULL). */
export function insertStatement<E extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<E>, rows: E[]): Statement<void> {
  const { table, columns, list, tuple } = shapeOf(em, entity);
  const driver = em.connection.driver;
  const params: unknown[] = [];
  for (const row of rows) for (const c of columns) params.push(driver.preparePersistentValue(row[c.propertyName] ?? null, c));
  return { sql: `INSERT INTO ${table} (${list}) VALUES ${rows.map(() => tuple).join(', ')}`, params, read: ignore };
}

/** Runs one statement on the caller's connection. */
export async function run<T>(em: EntityManager, statement: Statement<T>): Promise<T> {
  return statement.read(await em.query(statement.sql, statement.params));
}

/** The columns of these properties and their `a, b, c` list, worked out once per entity and list. */
function subsetOf(em: EntityManager, entity: EntityTarget<ObjectLiteral>, properties: readonly string[]): Pick<Shape, 'columns' | 'list'> {
  const { subsets, q } = shapeOf(em, entity);
  const key = properties.join(',');
  let subset = subsets.get(key);
  if (!subset) {
    const columns = properties.map((p) => columnOf(em, entity, p));
    subset = { columns, list: columns.map((c) => q(c.databaseName)).join(', ') };
    subsets.set(key, subset);
  }
  return subset;
}

/**
 * The rows with these ids, in id order, as entities hydrate them. `lock`: under
 * write locks (`FOR UPDATE` on MySQL; SQLite's write transaction is already
 * exclusive), taken in id order so that two callers cannot deadlock. `columns`:
 * only these properties are read (the rows are then partial).
 */
export function rowsByIdStatement<E extends ObjectLiteral, K extends keyof E & string = keyof E & string>(
  em: EntityManager,
  entity: EntityTarget<E>,
  ids: string[],
  options: { lock?: boolean; columns?: readonly K[] } = {},
): Statement<Array<Pick<E, K>>> {
  const { byId, forUpdate, q, columns: all, list: allList } = shapeOf(em, entity);
  const { columns, list } = options.columns ? subsetOf(em, entity, options.columns) : { columns: all, list: allList };
  const driver = em.connection.driver;
  const lock = options.lock ? forUpdate : '';
  return {
    sql: `SELECT ${list} FROM ${byId} WHERE ${q('id')} IN (${marks(ids.length)}) ORDER BY ${q('id')}${lock}`,
    params: ids,
    read: (raw) =>
      (raw as Array<Record<string, unknown>>).map((r) => {
        const row: ObjectLiteral = {};
        for (const c of columns) row[c.propertyName] = driver.prepareHydratedValue(r[c.databaseName], c);
        return row as Pick<E, K>;
      }),
  };
}

/**
 * One UPDATE for many rows of a table, each with values of its own. Per column
 * in `each`, the rows that get the same value share one branch:
 * `SET col = CASE WHEN id IN (…) THEN ? … ELSE col END`; `col = ?` when they
 * all get the same one; `CASE id WHEN ? THEN ? …` when each gets its own. Per
 * column in `added`, the same for the amount each row's value grows by:
 * `col = col + ?` when it is the same for all (a counter). Plus `same` values
 * for every row; `WHERE id IN (…)`. Branches by value, not by row: MariaDB
 * evaluates the CASE for every row, and a batch of messages gives its TXNs the
 * same activity time, mostly the same deadline and one message each (one
 * branch per row was 26 id comparisons per row and column). The caller holds
 * whatever locks make the rows safe to write (it is one statement instead of
 * one per row, not a guard).
 */
export function updateStatement<E extends ObjectLiteral & { id: string }>(
  em: EntityManager,
  entity: EntityTarget<E>,
  rows: E[],
  each: ReadonlyArray<keyof E & string>,
  same: Partial<Record<keyof E & string, unknown>> = {},
  added: Partial<Record<keyof E & string, (row: E) => number>> = {},
): Statement<void> {
  const { byId, q } = shapeOf(em, entity);
  const driver = em.connection.driver;
  const params: unknown[] = [];
  /** `column = …` for the rows' values (`valueOf`), or for the column's value plus them (`plus`). */
  const assign = (column: string, valueOf: (row: E) => unknown, plus: boolean) => {
    // by value (a column's values are of one type: a date by its time)
    const branches = new Map<unknown, { value: unknown; ids: string[] }>();
    for (const row of rows) {
      const value = valueOf(row);
      const key = value instanceof Date ? value.getTime() : value;
      const branch = branches.get(key);
      if (branch) branch.ids.push(row.id);
      else branches.set(key, { value, ids: [row.id] });
    }
    const to = plus ? `${column} = ${column} + ` : `${column} = `;
    const otherwise = plus ? '0' : column;
    if (branches.size === 1) {
      params.push(branches.values().next().value!.value);
      return `${to}?`;
    }
    if (branches.size === rows.length) {
      // a value per row
      for (const { value, ids } of branches.values()) params.push(ids[0], value);
      return `${to}CASE ${q('id')} ${rows.map(() => 'WHEN ? THEN ?').join(' ')} ELSE ${otherwise} END`;
    }
    const whens = [...branches.values()].map(({ value, ids }) => {
      params.push(...ids, value);
      return `WHEN ${q('id')} IN (${marks(ids.length)}) THEN ?`;
    });
    return `${to}CASE ${whens.join(' ')} ELSE ${otherwise} END`;
  };
  const sets = each.map((property) => {
    const c = columnOf(em, entity, property);
    return assign(q(c.databaseName), (row) => driver.preparePersistentValue(row[property], c), false);
  });
  for (const [property, by] of Object.entries(added) as Array<[keyof E & string, (row: E) => number]>) {
    sets.push(assign(q(columnOf(em, entity, property).databaseName), by, true));
  }
  for (const [property, value] of Object.entries(same)) {
    const c = columnOf(em, entity, property);
    params.push(driver.preparePersistentValue(value, c));
    sets.push(`${q(c.databaseName)} = ?`);
  }
  params.push(...rows.map((r) => r.id));
  return { sql: `UPDATE ${byId} SET ${sets.join(', ')} WHERE ${q('id')} IN (${marks(rows.length)})`, params, read: ignore };
}

/** `updateStatement` run on the caller's connection; nothing for no rows. */
export async function updateRows<E extends ObjectLiteral & { id: string }>(...args: Parameters<typeof updateStatement<E>>): Promise<void> {
  if (args[2].length) await run(args[0], updateStatement(...args));
}
