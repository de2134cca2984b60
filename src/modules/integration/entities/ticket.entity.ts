import { BaseEntity, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateColumn, IdColumn } from '../../../common/database/columns.js';
import type { ActorType } from '../../chat/transaction.types.js';

export const TICKET_STATUSES = ['open', 'pending', 'solved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** A support ticket linked to a TXN, with the customer's details copied at creation. */
@Entity('tickets')
@Index(['transactionId'])
@Index(['organizationId', 'externalId'], { unique: true })
export class Ticket extends BaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @IdColumn() organizationId: string;
  @IdColumn() transactionId: string;
  @IdColumn() customerId: string;
  @Column({ type: 'varchar', length: 200 }) subject: string;
  @Column({ type: 'varchar', length: 16 }) status: TicketStatus;
  @Column({ type: 'varchar', length: 200, nullable: true }) customerName: string | null;
  @Column({ type: 'varchar', length: 254, nullable: true }) customerEmail: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) customerPhone: string | null;
  /** The ticketing system's own id; unique within the organization. */
  @Column({ type: 'varchar', length: 100, nullable: true }) externalId: string | null;
  @Column({ type: 'varchar', length: 16 }) createdByType: ActorType;
  @IdColumn({ nullable: true }) createdById: string | null;
  @DateColumn() createdAt: Date;
  @DateColumn() updatedAt: Date;
}
