import { BaseEntity, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateColumn, IdColumn } from '../../../common/database/columns.js';

export const CONTACT_TYPES = ['email', 'phone'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];

/**
 * A blocked email or phone of one organization. `value` is normalized like the
 * customers' own columns (email trimmed and lowercased, phone digits with a
 * leading `+` kept), so it compares with them directly. Lifting a block deletes
 * its row; the unique index then lets the value be blocked again.
 */
@Entity('blacklist')
@Index(['organizationId', 'type', 'value'], { unique: true })
export class BlacklistEntry extends BaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @IdColumn() organizationId: string;
  @Column({ type: 'varchar', length: 8 }) type: ContactType;
  @Column({ type: 'varchar', length: 254 }) value: string;
  @Column({ type: 'varchar', length: 250, nullable: true }) reason: string | null;
  @IdColumn() createdById: string;
  /** The chat it was blocked from, when it was (`POST /transactions/:id/block`). */
  @IdColumn({ nullable: true }) sourceTransactionId: string | null;
  @DateColumn() createdAt: Date;
}
