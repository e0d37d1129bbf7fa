// Keeps the floors of server/src (docs/ARCHITECTURE.md, decision 0019): no import cycles, no import
// to a higher floor (so nothing but the entry points imports the composition root), and nothing
// the product runs is a test double.
// Part of `npm test` (`npm run check:structure`); reads import lines only, so it takes a second.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export interface StructureRules {
  /** The folder the graph covers (server/src). */
  srcDir: string;
  /**
   * The rooms (top-level folders or files of srcDir) floor by floor, bottom first. A module imports
   * rooms on its own floor or below; the composition root's floor is below the entry points only.
   */
  floors: Array<{ floor: string; rooms: string[] }>;
  /** The composition root's room. */
  rootFolder: string;
  /** The modules a production process starts from (relative to srcDir). */
  entries: string[];
  /** Modules no production code calls yet, each with the reason (relative to srcDir). */
  awaitingCaller: Record<string, string>;
}

export const SERVER_RULES: StructureRules = {
  srcDir: fileURLToPath(new URL('../src', import.meta.url)),
  floors: [
    { floor: 'foundation', rooms: ['shared', 'db'] },
    { floor: 'platform services', rooms: ['config.ts', 'http', 'auth', 'events', 'outbox', 'blobs', 'scanning'] },
    {
      floor: 'domain rooms',
      rooms: ['tenants', 'platform', 'identifiers', 'cases', 'intake', 'mailbox', 'portal', 'decisions', 'notes', 'followups',
        'notifications', 'live', 'stats', 'views', 'records', 'ops', 'demo',
        'xdomea', 'clients', 'webhooks', 'deadlines', 'absences', 'participants', 'processors', 'registers', 'delegation', 'tasks'],
    },
    { floor: 'composition root', rooms: ['main'] },
    { floor: 'entry points', rooms: ['cli'] },
  ],
  rootFolder: 'main',
  // bin/amtsdesk.mjs runs cli/main.ts; main/outbox-worker.ts is the standalone outbox worker.
  entries: ['cli/main.ts', 'main/outbox-worker.ts'],
  awaitingCaller: {
    'records/purge/orders.ts': 'the seam the destruction lists will call (migration 0038); the purge worker reads its rows',
  },
};

const isTest = (file: string) => /\.test\.tsx?$/.test(file);

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) sourceFiles(full, out);
    else if (/\.(ts|tsx|mts|mjs|js)$/.test(entry) && !entry.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** The file a relative specifier names ('./x.js' is x.ts on disk); undefined for packages. */
function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), base.replace(/\.mjs$/, '.mts'), join(base, 'index.ts')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? base;
}

/** Every file each module imports: static, type-only, re-exports and import() with a literal. */
export function importGraph(srcDir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(srcDir)) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    graph.set(file, info.importedFiles.map((i) => resolveImport(file, i.fileName)).filter((p): p is string => !!p));
  }
  return graph;
}

/** Strongly connected components with more than one module (or a module importing itself). */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>(), low = new Map<string, number>(), stack: string[] = [], onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter); low.set(v, counter); counter++;
    stack.push(v); onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do { w = stack.pop()!; onStack.delete(w); component.push(w); } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component);
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}

/** One concrete way round a component: a → b → … → a. */
function cyclePath(graph: Map<string, string[]>, component: string[]): string[] {
  const members = new Set(component);
  const start = [...component].sort()[0]!;
  const path = [start];
  const seen = new Set([start]);
  const walk = (v: string): boolean => {
    for (const w of graph.get(v) ?? []) {
      if (w === start) { path.push(w); return true; }
      if (!members.has(w) || seen.has(w)) continue;
      seen.add(w); path.push(w);
      if (walk(w)) return true;
      path.pop();
    }
    return false;
  };
  walk(start);
  return path;
}

/** What breaks the rules, one line each (empty when the structure holds). */
export function checkStructure(rules: StructureRules): string[] {
  const { srcDir } = rules;
  const graph = importGraph(srcDir);
  const rel = (file: string) => relative(srcDir, file).split(sep).join('/');
  const inside = (file: string) => !relative(srcDir, file).startsWith('..');
  const folderOf = (file: string) => rel(file).split('/')[0]!;
  const problems: string[] = [];

  for (const component of cycles(graph)) problems.push(`import cycle: ${cyclePath(graph, component).map(rel).join(' → ')}`);

  const floorOf = new Map(rules.floors.flatMap(({ rooms }, level) => rooms.map((room) => [room, level] as const)));
  const floorName = (level: number) => rules.floors[level]!.floor;
  const unplaced = new Set<string>();
  for (const [file, imports] of graph) {
    if (isTest(file)) continue;
    const level = floorOf.get(folderOf(file));
    if (level === undefined) unplaced.add(folderOf(file));
    for (const target of imports) {
      const targetLevel = floorOf.get(folderOf(target));
      if (!inside(target)) problems.push(`${rel(file)} imports ${relative(dirname(srcDir), target)}: production code imports nothing outside src (test doubles live in server/test)`);
      else if (isTest(target)) problems.push(`${rel(file)} imports the test ${rel(target)}`);
      else if (folderOf(target) === rules.rootFolder && folderOf(file) !== rules.rootFolder && (level === undefined || level < targetLevel!)) {
        problems.push(`${rel(file)} imports the composition root ${rel(target)}: the root wires modules, no module depends on it`);
      } else if (level !== undefined && targetLevel !== undefined && targetLevel > level) {
        problems.push(`${rel(file)} imports ${rel(target)} on a higher floor (${floorName(level)} → ${floorName(targetLevel)}): move the shared part down or pass it in from above`);
      }
    }
  }
  for (const room of [...unplaced].sort()) problems.push(`${room} is on no floor: add it to the floors in server/scripts/check-structure.ts and docs/ARCHITECTURE.md`);

  const reached = new Set<string>();
  const pending = rules.entries.map((e) => join(srcDir, e));
  while (pending.length) {
    const file = pending.pop()!;
    if (reached.has(file)) continue;
    reached.add(file);
    pending.push(...(graph.get(file) ?? []));
  }
  for (const file of graph.keys()) {
    if (isTest(file) || reached.has(file) || rel(file) in rules.awaitingCaller) continue;
    problems.push(`${rel(file)} is used by no production entry point (${rules.entries.join(', ')}): a test helper belongs in server/test, dead code is deleted`);
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const problems = checkStructure(SERVER_RULES);
  if (problems.length) {
    console.error(`Structure check failed (docs/ARCHITECTURE.md, decision 0019):\n${problems.map((p) => `  ✗ ${p}`).join('\n')}`);
    process.exit(1);
  }
  console.log(`Structure check: no import cycles, composition root imported by entry points only, no test code in production (${Date.now() - started} ms)`);
}
