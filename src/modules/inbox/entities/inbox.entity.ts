import { BaseEntity, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateColumn, IdColumn } from '../../../common/database/columns.js';

@Entity('inboxes')
export class Inbox extends BaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Index() @IdColumn() organizationId: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'boolean', default: true }) autoAssign: boolean;
  @DateColumn() createdAt: Date;
  @DateColumn() updatedAt: Date;
}
