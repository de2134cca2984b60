import { In, type Repository } from 'typeorm';

/** Times in the API are ISO-8601 UTC strings; absent ones are null. */
export const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

/** `id → name` of the given rows (users, inboxes), in one query; blanks and repeats ignored. */
export async function namesById(repo: Repository<{ id: string; name: string }>, ids: Array<string | null | undefined>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map();
  const rows = await repo.find({ where: { id: In(wanted) }, select: ['id', 'name'] });
  return new Map(rows.map((r) => [r.id, r.name]));
}
