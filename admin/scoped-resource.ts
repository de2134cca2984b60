import { Resource as TypeOrmResource } from '@adminjs/typeorm';
import { BaseRecord, Filter, type ActionContext, type ParamsType } from 'adminjs';
import { In, type BaseEntity } from 'typeorm';

type Entity = typeof BaseEntity;

/**
 * A TypeORM resource that only ever reads rows of the logged-in admin's
 * organization, whatever the action (list, show, edit, search, references,
 * bulk). Organization isolation lives here, at the data access, so that no
 * action, present or future, can forget it: another organization's id is
 * simply "not found".
 *
 * Writes are refused: the panel changes data only through the domain
 * services (see `service-action.ts`), never by saving entities directly.
 */
export class OrganizationScopedResource extends TypeOrmResource {
  constructor(
    private readonly entity: Entity,
    /** The column that holds the organization id (`id` for the organization itself). */
    private readonly organizationColumn: string,
    /** Further exact conditions every read keeps (e.g. only organization-wide canned responses). */
    private readonly fixed: Record<string, string> = {},
  ) {
    super(entity);
  }

  /** The admin's organization; without a logged-in admin nothing is readable. */
  protected organizationOf(context?: ActionContext): string | null {
    const id = context?.currentAdmin?.organizationId;
    return typeof id === 'string' && id ? id : null;
  }

  private scoped(filter: Filter, organizationId: string): Filter {
    const property = this.property(this.organizationColumn);
    // `custom` makes @adminjs/typeorm pass the value as an exact condition (not a LIKE)
    filter.filters[this.organizationColumn] = { path: this.organizationColumn, property, value: organizationId, custom: organizationId } as never;
    for (const [column, value] of Object.entries(this.fixed)) {
      filter.filters[column] = { path: column, property: this.property(column), value, custom: value } as never;
    }
    return filter;
  }

  override async find(filter: Filter, options: Parameters<TypeOrmResource['find']>[1], context?: ActionContext): Promise<BaseRecord[]> {
    const org = this.organizationOf(context);
    if (!org) return [];
    return super.find(this.scoped(filter ?? new Filter({}, this), org), options);
  }

  override async count(filter: Filter, context?: ActionContext): Promise<number> {
    const org = this.organizationOf(context);
    if (!org) return 0;
    return super.count(this.scoped(filter ?? new Filter({}, this), org));
  }

  override async findOne(id: string | number, context?: ActionContext): Promise<BaseRecord | null> {
    return (await this.findMany([id], context))[0] ?? null;
  }

  override async findMany(ids: Array<string | number>, context?: ActionContext): Promise<BaseRecord[]> {
    const org = this.organizationOf(context);
    const idName = this.idName();
    // for the organization itself the id is the scope: only its own id can match
    const wanted = ids.map(String).filter((id) => idName !== this.organizationColumn || id === org);
    if (!org || !wanted.length) return [];
    const filter = new Filter({}, this);
    filter.filters[idName] = { path: idName, property: this.property(idName), value: wanted, custom: In(wanted) } as never;
    return super.find(this.scoped(filter, org), { limit: wanted.length, offset: 0, sort: { sortBy: idName, direction: 'asc' } });
  }

  override async create(): Promise<ParamsType> {
    throw new Error(`${this.entity.name}: the admin panel writes through the domain services only`);
  }

  override async update(): Promise<ParamsType> {
    throw new Error(`${this.entity.name}: the admin panel writes through the domain services only`);
  }

  override async delete(): Promise<void> {
    throw new Error(`${this.entity.name}: the admin panel writes through the domain services only`);
  }
}

