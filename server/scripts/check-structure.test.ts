import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkStructure, type StructureRules } from './check-structure.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A small server tree: src/ with the given modules (path → source) and test/ beside it. */
function tree(files: Record<string, string>): StructureRules {
  const base = mkdtempSync(join(tmpdir(), 'amtsdesk-structure-'));
  dirs.push(base);
  const all: Record<string, string> = {
    'src/cli/main.ts': "await import('../main/app.js');\n",
    'src/main/app.ts': "import { caseRoutes } from '../cases/routes.js';\nexport const app = [caseRoutes];\n",
    'src/cases/routes.ts': "import type { AppDeps } from '../http/types.js';\nimport { sql } from 'kysely';\nexport const caseRoutes = (d: AppDeps) => sql`${d}`;\n",
    'src/cases/routes.test.ts': "import { app } from '../main/app.js';\nimport { world } from '../../test/kit.js';\nvoid app; void world;\n",
    'src/http/types.ts': 'export interface AppDeps { db: unknown }\n',
    'test/kit.ts': "export const world = 1;\n",
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(base, path)), { recursive: true });
    writeFileSync(join(base, path), text);
  }
  return {
    srcDir: join(base, 'src'),
    floors: [{ floor: 'services', rooms: ['http'] }, { floor: 'domain', rooms: ['cases'] }, { floor: 'root', rooms: ['main'] }, { floor: 'entry', rooms: ['cli'] }],
    rootFolder: 'main',
    entries: ['cli/main.ts'],
    awaitingCaller: {},
  };
}

describe('structure check (decision 0019)', () => {
  it('passes a tree whose tests, and only they, use the root and the test kit', () => {
    assert.deepEqual(checkStructure(tree({})), []);
  });

  it('names an import cycle, also one made only of type imports, as a path round it', () => {
    const problems = checkStructure(tree({
      'src/cases/routes.ts': "import type { AppDeps } from '../http/types.js';\nimport type { CaseRow } from './rows.js';\nexport const caseRoutes = (d: AppDeps, row: CaseRow) => [d, row];\n",
      'src/cases/rows.ts': "import type { caseRoutes } from './routes.js';\nexport interface CaseRow { routes?: typeof caseRoutes }\n",
    }));
    assert.deepEqual(problems, ['import cycle: cases/routes.ts → cases/rows.ts → cases/routes.ts']);
  });

  it('refuses a module below the composition root that imports it', () => {
    const problems = checkStructure(tree({ 'src/http/types.ts': "import { app } from '../main/app.js';\nexport interface AppDeps { db: typeof app }\n" }));
    assert.ok(problems.some((p) => p.startsWith('http/types.ts imports the composition root main/app.ts')), problems.join('\n'));
  });

  it('refuses an import to a higher floor, and a room on no floor', () => {
    const upward = checkStructure(tree({ 'src/http/types.ts': "import type { CaseRow } from '../cases/rows.js';\nexport interface AppDeps { db: unknown; row?: CaseRow }\n", 'src/cases/rows.ts': 'export interface CaseRow { id: string }\n' }));
    assert.deepEqual(upward, ['http/types.ts imports cases/rows.ts on a higher floor (services → domain): move the shared part down or pass it in from above']);
    const unplaced = checkStructure(tree({ 'src/cases/routes.ts': "import type { AppDeps } from '../http/types.js';\nimport { can } from '../policies/can.js';\nexport const caseRoutes = (d: AppDeps) => can(d);\n", 'src/policies/can.ts': 'export const can = (d: unknown) => !!d;\n' }));
    assert.deepEqual(unplaced, ['policies is on no floor: add it to the floors in server/scripts/check-structure.ts and docs/ARCHITECTURE.md']);
  });

  it('refuses production code that imports a test double from server/test', () => {
    const problems = checkStructure(tree({ 'src/cases/routes.ts': "import { world } from '../../test/kit.js';\nexport const caseRoutes = () => world;\n" }));
    assert.ok(problems.some((p) => p.startsWith('cases/routes.ts imports test/kit.ts')), problems.join('\n'));
  });

  it('refuses a module in src that only tests use (a test double left beside the code)', () => {
    const problems = checkStructure(tree({ 'src/cases/stand-in.ts': 'export const standIn = 1;\n' }));
    assert.deepEqual(problems, ['cases/stand-in.ts is used by no production entry point (cli/main.ts): a test helper belongs in server/test, dead code is deleted']);
  });
});
