import { BaseEntity, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateColumn } from '../../../common/database/columns.js';

@Entity('inbox_agents')
export class InboxAgent extends BaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) inboxId: string;
  @Index() @PrimaryColumn({ type: 'varchar', length: 36 }) userId: string;
  @DateColumn() createdAt: Date;
}
