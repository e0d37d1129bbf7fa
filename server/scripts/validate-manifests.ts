// Renders deploy/kubernetes's overlays with `kubectl kustomize` and validates every object offline
// (deploy/kubernetes/schemas/README.md): Kubernetes kinds against kubernetes-models' compiled
// OpenAPI schemas and, for unknown fields, its TypeScript interfaces through tsc; CloudNativePG
// kinds against the vendored strict schema. Run: npm run check:manifests (npm test runs it too).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import { parseAllDocuments } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const KUBERNETES_DIR = join(root, 'deploy/kubernetes');
export const OVERLAYS = ['production', 'lab'];

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  [key: string]: unknown;
}

export function render(dir: string): Manifest[] {
  const text = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return parseAllDocuments(text).map((doc) => doc.toJSON() as Manifest).filter(Boolean);
}

/** apiVersion/kind → module of kubernetes-models ('v1' is the core group). */
function modelPath(m: Manifest): string {
  return `kubernetes-models/${m.apiVersion}/${m.kind}`;
}

/** One validator per CloudNativePG kind (the schema file's oneOf branches), so errors name the right one. */
const cnpgValidators = (() => {
  const schema = JSON.parse(readFileSync(join(KUBERNETES_DIR, 'schemas/postgresql.cnpg.io-v1.schema.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false });
  return new Map((schema.oneOf as Array<{ properties: { kind: { const: string } } }>).map((branch) =>
    [branch.properties.kind.const, ajv.compile({ definitions: schema.definitions, ...branch })]));
})();

async function schemaProblems(m: Manifest): Promise<string[]> {
  const where = `${m.kind}/${m.metadata?.name}`;
  if (m.apiVersion === 'postgresql.cnpg.io/v1') {
    const validate = cnpgValidators.get(m.kind);
    if (!validate) return [`${where}: unbekannte Art ${m.apiVersion} ${m.kind} (kein Schema; siehe deploy/kubernetes/schemas/README.md)`];
    if (validate(m)) return [];
    return (validate.errors ?? []).map((e) => `${where}: ${e.instancePath || '/'} ${e.message}`);
  }
  let model: { validate(): void };
  try {
    const module = (await import(modelPath(m))) as Record<string, new (data: unknown) => { validate(): void }>;
    model = new module[m.kind]!(m);
  } catch {
    return [`${where}: unbekannte Art ${m.apiVersion} ${m.kind} (kein Schema; siehe deploy/kubernetes/schemas/README.md)`];
  }
  try {
    model.validate();
    return [];
  } catch (error) {
    return [`${where}: ${(error as Error).message}`];
  }
}

/**
 * Unknown fields: the compiled schemas accept them, TypeScript's excess-property check does not.
 * The objects become typed literals in one file that tsc checks (inside the repository, so the
 * package resolves).
 */
function unknownFieldProblems(core: Manifest[]): string[] {
  if (core.length === 0) return [];
  const dir = join(root, 'node_modules/.cache/amtsdesk-manifests');
  mkdirSync(dir, { recursive: true });
  const lines = core.map((m, i) =>
    `import type { I${m.kind} as T${i} } from '${modelPath(m)}';\nexport const m${i}: T${i} = ${JSON.stringify(m)};\n// ${m.kind}/${m.metadata.name}`);
  writeFileSync(join(dir, 'check.ts'), lines.join('\n'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', skipLibCheck: true, types: [] },
    files: ['check.ts'],
  }));
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  if (result.status === 0) return [];
  const source = readFileSync(join(dir, 'check.ts'), 'utf8').split('\n');
  return result.stdout.split('\n').filter((l) => l.includes('error TS')).map((line) => {
    const row = Number(/check\.ts\((\d+),/.exec(line)?.[1] ?? 0);
    const name = source.slice(row).find((l) => l.startsWith('// '))?.slice(3) ?? '?';
    return `${name}: ${line.replace(/^.*error TS\d+: /, '')}`;
  });
}

export async function validateManifests(manifests: Manifest[]): Promise<string[]> {
  const problems: string[] = [];
  const modelled: Manifest[] = [];
  for (const m of manifests) {
    const found = await schemaProblems(m);
    problems.push(...found);
    if (m.apiVersion !== 'postgresql.cnpg.io/v1' && !found.some((p) => p.includes('unbekannte Art'))) modelled.push(m);
  }
  problems.push(...unknownFieldProblems(modelled));
  return problems;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  let failed = false;
  for (const overlay of OVERLAYS) {
    const manifests = render(join(KUBERNETES_DIR, 'overlays', overlay));
    const problems = await validateManifests(manifests);
    console.log(`${problems.length ? 'FEHLER' : 'OK    '} overlays/${overlay}: ${manifests.length} Objekte`);
    for (const p of problems) console.log(`        ${p}`);
    failed ||= problems.length > 0;
  }
  process.exit(failed ? 1 : 0);
}
