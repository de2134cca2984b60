import { BaseEntity, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateColumn, IdColumn } from '../../../common/database/columns.js';

@Entity('customers')
@Index(['organizationId', 'email'], { unique: true })
@Index(['organizationId', 'phone'], { unique: true })
export class Customer extends BaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @IdColumn() organizationId: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) name: string | null;
  /** Normalized: trimmed and lowercased. */
  @Column({ type: 'varchar', length: 254, nullable: true }) email: string | null;
  /** Normalized: digits only, a leading `+` kept. */
  @Column({ type: 'varchar', length: 32, nullable: true }) phone: string | null;
  @DateColumn() createdAt: Date;
}
