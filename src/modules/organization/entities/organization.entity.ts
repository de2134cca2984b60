import { BaseEntity, Column, Entity, PrimaryColumn } from 'typeorm';
import { DateColumn } from '../../../common/database/columns.js';

export const ORGANIZATION_DEFAULTS = {
  contactCenterLicense: false,
  maxActiveChatsPerAgent: 3,
  offerTimeoutSeconds: 60,
  transferTimeoutSeconds: 120,
  assignedInactivitySeconds: 3600,
  waitingInactivitySeconds: 21600,
  maxUploadBytes: 25 * 1024 * 1024,
} as const;

@Entity('organizations')
export class Organization extends BaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'boolean', default: false }) contactCenterLicense: boolean;
  @Column({ type: 'int', default: 3 }) maxActiveChatsPerAgent: number;
  @Column({ type: 'int', default: 60 }) offerTimeoutSeconds: number;
  @Column({ type: 'int', default: 120 }) transferTimeoutSeconds: number;
  @Column({ type: 'int', default: 3600 }) assignedInactivitySeconds: number;
  @Column({ type: 'int', default: 21600 }) waitingInactivitySeconds: number;
  @Column({ type: 'int', default: 26214400 }) maxUploadBytes: number;
  @DateColumn() createdAt: Date;
  @DateColumn() updatedAt: Date;
}
