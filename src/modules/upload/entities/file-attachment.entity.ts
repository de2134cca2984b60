import { BaseEntity, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateColumn, IdColumn } from '../../../common/database/columns.js';

export type UploaderType = 'visitor' | 'agent';

/**
 * A file uploaded into a TXN, attached to the message it arrived with. The
 * bytes live in the `FileStorage` under a generated key; the client's name is
 * kept (sanitized) for display only.
 */
@Entity('files')
@Index(['messageId'])
@Index(['transactionId', 'id'])
export class FileAttachment extends BaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @IdColumn() organizationId: string;
  @IdColumn() transactionId: string;
  @IdColumn() messageId: string;
  @Column({ type: 'varchar', length: 255 }) originalName: string;
  @Column({ type: 'varchar', length: 200 }) storageKey: string;
  @Column({ type: 'int' }) size: number;
  @Column({ type: 'varchar', length: 64 }) sha256: string;
  @Column({ type: 'varchar', length: 100 }) contentType: string;
  @Column({ type: 'varchar', length: 10 }) uploaderType: UploaderType;
  @IdColumn() uploaderId: string;
  @DateColumn() createdAt: Date;
}
