import { BaseEntity, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateColumn, IdColumn } from '../../../common/database/columns.js';

export const CANNED_SCOPES = ['organization', 'personal'] as const;
export type CannedScope = (typeof CANNED_SCOPES)[number];

/** `scopeKey` of organization-wide responses; personal ones use their owner's id. */
export const ORGANIZATION_SCOPE_KEY = 'org';

/**
 * A canned response, typed as `/<shortcut>` or picked from a list. Uniqueness
 * lives in one index on (organization, scopeKey, shortcutKey): `scopeKey` is
 * never null (a NULL owner would let duplicates through on MySQL and SQLite).
 */
@Entity('canned_responses')
@Index(['organizationId', 'scopeKey', 'shortcutKey'], { unique: true })
export class CannedResponse extends BaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @IdColumn() organizationId: string;
  /** The agent a personal response belongs to; null for organization responses. */
  @IdColumn({ nullable: true }) ownerId: string | null;
  @Column({ type: 'varchar', length: 16 }) scope: CannedScope;
  /** `org`, or the owner's id. */
  @IdColumn() scopeKey: string;
  /** As typed by its author. */
  @Column({ type: 'varchar', length: 50 }) shortcut: string;
  /** Lowercased shortcut: shortcuts are case-insensitive. */
  @Column({ type: 'varchar', length: 50 }) shortcutKey: string;
  @Column({ type: 'text' }) content: string;
  @DateColumn() createdAt: Date;
  @DateColumn() updatedAt: Date;
}
