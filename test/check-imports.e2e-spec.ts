import { afterAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkImports, findViolations, loadExceptions } from '../scripts/check-imports.mjs';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

/** A throw-away source tree: { 'src/common/a.ts': "import ..." }. */
function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'check-imports-'));
  roots.push(root);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

const clean = {
  'src/common/errors/domain-error.ts': 'export class DomainError extends Error {}\n',
  'src/modules/user/entities/user.entity.ts': "import { DomainError } from '../../../common/errors/domain-error.js';\nexport class User {}\n",
  'src/modules/user/user.service.ts': "import { User } from './entities/user.entity.js';\nexport class UserService {}\n",
  'src/modules/chat/chat.service.ts': "import type { UserService } from '../user/user.service.js';\nexport class ChatService {}\n",
};

describe('scripts/check-imports.mjs', () => {
  it('finds nothing wrong in a tree whose arrows point down', () => {
    expect(findViolations(tree(clean))).toEqual([]);
  });

  it('catches src/common importing src/modules', () => {
    const root = tree({ ...clean, 'src/common/auth/guard.ts': "import { UserService } from '../../modules/user/user.service.js';\n" });
    expect(findViolations(root)).toEqual([
      expect.objectContaining({ rule: 'common-imports-module', from: 'src/common/auth/guard.ts', to: 'src/modules/user/user.service.ts' }),
    ]);
  });

  it("catches a module importing another module's entities (type-only imports too)", () => {
    const root = tree({ ...clean, 'src/modules/chat/chat.views.ts': "import type { User } from '../user/entities/user.entity.js';\n" });
    expect(findViolations(root)).toEqual([
      expect.objectContaining({ rule: 'foreign-entity', from: 'src/modules/chat/chat.views.ts', to: 'src/modules/user/entities/user.entity.ts' }),
    ]);
  });

  it('catches files importing each other in a circle, also through a third file', () => {
    const root = tree({
      ...clean,
      'src/modules/chat/a.ts': "import { b } from './b.js';\nexport const a = 1;\n",
      'src/modules/chat/b.ts': "export { c } from './c.js';\nexport const b = 1;\n",
      'src/modules/chat/c.ts': "import './a.js';\nexport const c = 1;\n",
    });
    expect(findViolations(root)).toEqual([
      expect.objectContaining({ rule: 'cycle', files: ['src/modules/chat/a.ts', 'src/modules/chat/b.ts', 'src/modules/chat/c.ts'] }),
    ]);
  });

  it('ignores imports in comments', () => {
    const root = tree({ ...clean, 'src/common/x.ts': "// import { User } from '../modules/user/entities/user.entity.js';\n/* import '../modules/user/user.service.js'; */\nexport const x = 1;\n" });
    expect(findViolations(root)).toEqual([]);
  });

  it('lets a listed exception pass and reports an exception that matches nothing', () => {
    const root = tree({ ...clean, 'src/common/auth/guard.ts': "import { UserService } from '../../modules/user/user.service.js';\n" });
    const key = 'common-imports-module src/common/auth/guard.ts -> src/modules/user/user.service.ts';
    expect(checkImports(root, [{ key, reason: 'test' }])).toEqual({ violations: [], staleExceptions: [] });
    const stale = { key: 'cycle src/x.ts | src/y.ts', reason: 'gone' };
    expect(checkImports(root, [{ key, reason: 'test' }, stale]).staleExceptions).toEqual([stale]);
  });

  it('passes on this repository with its listed exceptions', () => {
    const root = path.resolve(import.meta.dirname, '..');
    const result = checkImports(root, loadExceptions(root));
    expect(result.violations).toEqual([]);
    expect(result.staleExceptions).toEqual([]);
    // the rules that are fully kept have no exception at all
    expect(loadExceptions(root).filter((e) => !e.key.startsWith('foreign-entity '))).toEqual([]);
  });
});
