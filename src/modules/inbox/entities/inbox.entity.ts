import { BaseEntity, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateColumn, IdColumn } from '../../../common/database/columns.js';

/** Whether the widget's pre-chat form asks a field, and whether it must be filled. */
export type PreChatRule = 'off' | 'optional' | 'required';
export const PRE_CHAT_RULES: PreChatRule[] = ['off', 'optional', 'required'];

@Entity('inboxes')
export class Inbox extends BaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Index() @IdColumn() organizationId: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'boolean', default: true }) autoAssign: boolean;
  @Column({ type: 'varchar', length: 10, default: 'optional' }) preChatName: PreChatRule;
  @Column({ type: 'varchar', length: 10, default: 'optional' }) preChatEmail: PreChatRule;
  @Column({ type: 'varchar', length: 10, default: 'optional' }) preChatPhone: PreChatRule;
  /** Origins allowed to embed the widget, space-separated; null: any (or WIDGET_ALLOWED_ORIGINS). */
  @Column({ type: 'text', nullable: true }) allowedOrigins: string | null;
  @DateColumn() createdAt: Date;
  @DateColumn() updatedAt: Date;
}
