import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from './columns.js';

/** The visitor widget: which pre-chat fields an inbox asks (off | optional | required) and which sites may embed it. */
export class Widget1764000009000 implements MigrationInterface {
  name = 'Widget1764000009000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('inboxes', [
      new TableColumn(col.str('preChatName', 10, false, 'optional')),
      new TableColumn(col.str('preChatEmail', 10, false, 'optional')),
      new TableColumn(col.str('preChatPhone', 10, false, 'optional')),
      new TableColumn(col.text('allowedOrigins', true)),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const c of ['allowedOrigins', 'preChatPhone', 'preChatEmail', 'preChatName']) await q.dropColumn('inboxes', c);
  }
}
