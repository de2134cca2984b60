import { BaseEntity, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateColumn, IdColumn } from '../../../common/database/columns.js';

export type DiscussionAuthorType = 'agent' | 'system';
/** `message`: an agent's post; `call` and `ticket`: system posts about an integration event. */
export type DiscussionKind = 'message' | 'call' | 'ticket';

/** One post of a TXN's internal discussion. Never shown to the visitor. */
@Entity('discussion_messages')
@Index(['transactionId', 'id'])
export class DiscussionMessage extends BaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @IdColumn() organizationId: string;
  @IdColumn() transactionId: string;
  @Column({ type: 'varchar', length: 10 }) authorType: DiscussionAuthorType;
  @IdColumn({ nullable: true }) authorId: string | null;
  @Column({ type: 'varchar', length: 20 }) kind: DiscussionKind;
  @Column({ type: 'text' }) body: string;
  /** User ids the author invited (agents of the TXN's inbox). */
  @Column({ type: 'simple-json', nullable: true }) mentions: string[] | null;
  /** What a system post is about, e.g. `{callId}` or `{ticketId}`. */
  @Column({ type: 'simple-json', nullable: true }) data: Record<string, unknown> | null;
  @DateColumn() createdAt: Date;
}
