import type { TableColumnOptions, TableIndexOptions } from 'typeorm';

/**
 * Driver-neutral column builders: the same migration runs on MySQL/MariaDB
 * and on SQLite (TypeORM's Table API writes each dialect's DDL).
 */
export const col = {
  id: (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '36', isPrimary: true }),
  ref: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '36', isNullable: nullable }),
  str: (name: string, length: number, nullable = false, defaultValue?: string): TableColumnOptions => ({
    name, type: 'varchar', length: String(length), isNullable: nullable, ...(defaultValue !== undefined ? { default: `'${defaultValue}'` } : {}),
  }),
  text: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable }),
  int: (name: string, defaultValue?: number, nullable = false): TableColumnOptions => ({
    name, type: 'int', isNullable: nullable, ...(defaultValue !== undefined ? { default: defaultValue } : {}),
  }),
  bigint: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable: nullable }),
  bool: (name: string, defaultValue: boolean): TableColumnOptions => ({ name, type: 'boolean', default: defaultValue ? 1 : 0 }),
  date: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', precision: 3, isNullable: nullable }),
};

export const index = (columnNames: string[], unique = false): TableIndexOptions => ({ columnNames, isUnique: unique });
