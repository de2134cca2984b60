import { Column, type ColumnOptions } from 'typeorm';

/** Millisecond-precision UTC timestamps on both drivers (MySQL `datetime(3)`, SQLite text). */
export const DateColumn = (options: ColumnOptions = {}) => Column({ type: 'datetime', precision: 3, ...options });

export const IdColumn = (options: ColumnOptions = {}) => Column({ type: 'varchar', length: 36, ...options });
