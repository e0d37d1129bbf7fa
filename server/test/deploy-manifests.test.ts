import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { KUBERNETES_DIR, OVERLAYS, render, validateManifests, type Manifest } from '../scripts/validate-manifests.js';

/** The Kubernetes manifests an operator applies: rendered with kubectl kustomize, validated offline. */
describe('deploy/kubernetes: every overlay renders and validates', () => {
  const rendered = new Map(OVERLAYS.map((o) => [o, render(join(KUBERNETES_DIR, 'overlays', o))]));
  const find = (overlay: string, kind: string, name: string) =>
    rendered.get(overlay)!.find((m) => m.kind === kind && m.metadata.name === name) as Manifest & Record<string, any>;

  for (const overlay of OVERLAYS) {
    it(`overlays/${overlay} has no schema problems`, async () => {
      assert.deepEqual(await validateManifests(rendered.get(overlay)!), []);
    });
  }

  it('ships what the issue asks for: web and worker, HPA, PDB, network policies, ingress, migration job, CloudNativePG with backups', () => {
    const kinds = new Set(rendered.get('production')!.map((m) => `${m.kind}/${m.metadata.name}`));
    for (const wanted of ['Deployment/amtsdesk-web', 'Deployment/amtsdesk-worker', 'HorizontalPodAutoscaler/amtsdesk-web',
      'PodDisruptionBudget/amtsdesk-web', 'NetworkPolicy/amtsdesk-default-deny', 'Ingress/amtsdesk', 'Job/amtsdesk-migrate',
      'Cluster/amtsdesk-db', 'ScheduledBackup/amtsdesk-db-daily']) assert.ok(kinds.has(wanted), wanted);
    assert.ok(![...kinds].some((k) => k.startsWith('Secret/')), 'secrets come from existing Secret objects, never from the manifests');
    assert.ok(rendered.get('lab')!.some((m) => m.metadata.name === 'amtsdesk-minio'));
  });

  it('runs every Amtsdesk container non-root on a read-only root file system, probed on /healthz and /readyz', () => {
    for (const name of ['amtsdesk-web', 'amtsdesk-worker']) {
      const pod = find('production', 'Deployment', name).spec.template.spec;
      assert.equal(pod.securityContext.runAsNonRoot, true);
      const [container] = pod.containers;
      assert.equal(container.securityContext.readOnlyRootFilesystem, true);
      assert.equal(container.readinessProbe.httpGet.path, '/readyz');
      assert.equal(container.livenessProbe.httpGet.path, '/healthz');
    }
  });

  it('catches what a typo or a wrong value would break: unknown fields, wrong types, unknown kinds, CNPG fields', async () => {
    const web = structuredClone(find('production', 'Deployment', 'amtsdesk-web'));
    web.spec.template.spec.containers[0].readinesProbe = web.spec.template.spec.containers[0].readinessProbe;
    web.spec.replicas = 'drei';
    const cluster = structuredClone(find('production', 'Cluster', 'amtsdesk-db'));
    cluster.spec.backup.barmanObjectStore.destinationPath = 'amtsdesk-db-backups';
    const unknown = { apiVersion: 'example.org/v1', kind: 'Gadget', metadata: { name: 'x' } };
    const problems = (await validateManifests([web, cluster, unknown])).join('\n');
    assert.match(problems, /Deployment\/amtsdesk-web: .*replicas must be integer/);
    assert.match(problems, /Deployment\/amtsdesk-web: .*readinesProbe"?' does not exist in type 'IContainer'/);
    assert.match(problems, /Cluster\/amtsdesk-db: \/spec\/backup\/barmanObjectStore\/destinationPath must match pattern/);
    assert.match(problems, /Gadget\/x: unbekannte Art/);
    assert.doesNotMatch(problems, /amtsdesk-db: \/spec must have required property 'schedule'/, 'a Cluster is checked as a Cluster');
  });
});
