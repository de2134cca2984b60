import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * One UPDATE for many rows of a table, each with values of its own:
 * `SET col = CASE id WHEN ? THEN ? … ELSE col END` per column in `each`, plus
 * `same` values for every row, `WHERE id IN (…)`. Both databases take it. The
 * caller holds whatever locks make the rows safe to write (it is one statement
 * instead of one per row, not a guard).
 */
export async function updateRows<E extends ObjectLiteral & { id: string }>(
  em: EntityManager,
  entity: EntityTarget<E>,
  rows: E[],
  each: ReadonlyArray<keyof E & string>,
  same: Partial<Record<keyof E & string, unknown>> = {},
): Promise<void> {
  if (!rows.length) return;
  const meta = em.connection.getMetadata(entity);
  const driver = em.connection.driver;
  const q = (name: string) => driver.escape(name);
  const column = (property: string) => {
    const found = meta.findColumnWithPropertyName(property);
    if (!found) throw new Error(`${meta.name} has no column ${property}`);
    return found;
  };
  const params: unknown[] = [];
  const sets = each.map((property) => {
    const c = column(property);
    const whens = rows.map((row) => {
      params.push(row.id, driver.preparePersistentValue(row[property], c));
      return 'WHEN ? THEN ?';
    });
    return `${q(c.databaseName)} = CASE ${q('id')} ${whens.join(' ')} ELSE ${q(c.databaseName)} END`;
  });
  for (const [property, value] of Object.entries(same)) {
    const c = column(property);
    params.push(driver.preparePersistentValue(value, c));
    sets.push(`${q(c.databaseName)} = ?`);
  }
  params.push(...rows.map((r) => r.id));
  await em.query(`UPDATE ${q(meta.tableName)} SET ${sets.join(', ')} WHERE ${q('id')} IN (${rows.map(() => '?').join(', ')})`, params);
}
