import { BaseEntity, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateColumn, IdColumn } from '../../../common/database/columns.js';

/**
 * An organization's key for integrations (phone systems, ticketing). Only the
 * SHA-256 of the key is stored; `prefix` (the key's first characters) lets
 * admins tell keys apart. A revoked key is refused from then on.
 */
@Entity('api_keys')
@Index(['organizationId', 'id'])
export class ApiKey extends BaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @IdColumn() organizationId: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ type: 'varchar', length: 16 }) prefix: string;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 64, select: false }) keyHash: string;
  @IdColumn() createdById: string;
  @DateColumn() createdAt: Date;
  @DateColumn({ nullable: true }) revokedAt: Date | null;
  @IdColumn({ nullable: true }) revokedById: string | null;
}
