import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CONFIG_VARIABLES, DEFAULTS, ENV_PREFIX } from '../../src/config/variables.js';
import { testServer } from '../support/doubles.js';

// deploy/: every manifest parses, probes point at the server's real health paths, settings are real
// IDLIVEDOC_SERVER_* variables, and the pieces refer to each other by the right names.

/** Manifests are free-form YAML: read as loosely typed objects; the assertions do the checking. */
type Doc = Record<string, any>;

const K8S_DIR = 'deploy/k8s';
const KNOWN_VARIABLES = new Set<string>(CONFIG_VARIABLES.map((name) => ENV_PREFIX + name));

function parseFile(path: string): Doc[] {
  const docs = parseAllDocuments(readFileSync(path, 'utf8'), { merge: true });
  for (const doc of docs) assert.deepEqual(doc.errors.map((e) => e.message), [], `${path} parses`);
  return docs.map((doc) => doc.toJS() as Doc);
}

const manifests = (): Doc[] =>
  readdirSync(K8S_DIR)
    .filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml')
    .flatMap((name) => parseFile(join(K8S_DIR, name)));

const find = (kind: string, name?: string): Doc => {
  const found = manifests().find((doc) => doc.kind === kind && (name === undefined || doc.metadata?.name === name));
  assert.ok(found, `a ${kind}${name ? ` named ${name}` : ''} in ${K8S_DIR}`);
  return found;
};

test('every Kubernetes manifest parses and the kustomization lists exactly the manifest files', () => {
  const files = readdirSync(K8S_DIR).filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml');
  for (const file of files) assert.ok(parseFile(join(K8S_DIR, file)).length > 0, file);
  const [kustomization] = parseFile(join(K8S_DIR, 'kustomization.yaml'));
  assert.deepEqual([...(kustomization?.resources as string[])].sort(), files.sort());
});

test('the Deployment probes the health paths the server really serves, on its named port', async () => {
  const container = find('Deployment', 'doclive').spec.template.spec.containers[0];
  assert.deepEqual(container.ports, [{ name: 'http', containerPort: DEFAULTS.PORT }]);
  const probes = { readiness: container.readinessProbe, liveness: container.livenessProbe, startup: container.startupProbe };
  assert.equal(probes.readiness.httpGet.path, '/health/ready');
  assert.equal(probes.liveness.httpGet.path, '/health/live');
  for (const probe of Object.values(probes)) assert.equal(probe.httpGet.port, 'http');

  const { app } = await testServer();
  for (const probe of Object.values(probes)) {
    const answer = await app.inject({ method: 'GET', url: probe.httpGet.path as string });
    assert.equal(answer.statusCode, 200, `${probe.httpGet.path} answers 200`);
  }
  await app.close();
});

test('resources fit the 800 MB RSS target, and WORKERS matches the CPU limit', () => {
  const deployment = find('Deployment', 'doclive');
  const { requests, limits } = deployment.spec.template.spec.containers[0].resources;
  assert.equal(requests.memory, '800Mi');
  assert.equal(limits.memory, '1Gi');
  assert.equal(find('ConfigMap', 'doclive-settings').data.IDLIVEDOC_SERVER_WORKERS, String(limits.cpu));
  assert.ok(deployment.spec.template.spec.terminationGracePeriodSeconds * 1000 > DEFAULTS.REQUEST_TIMEOUT_MS + 10_000, 'grace period covers the shutdown bound');
});

test('ConfigMap and Secret hold only real IDLIVEDOC_SERVER_* variables; the license files are mounted where the settings say', () => {
  const settings = find('ConfigMap', 'doclive-settings').data as Record<string, string>;
  for (const name of Object.keys(settings)) assert.ok(KNOWN_VARIABLES.has(name), `${name} is a server variable`);
  const db = find('Secret', 'doclive-db').stringData as Record<string, string>;
  assert.deepEqual(Object.keys(db), ['IDLIVEDOC_SERVER_DB_URL']);
  assert.match(db.IDLIVEDOC_SERVER_DB_URL ?? '', /^postgres:\/\//);

  const pod = find('Deployment', 'doclive').spec.template.spec;
  const envFrom = pod.containers[0].envFrom.map((source: Doc) => source.configMapRef?.name ?? source.secretRef?.name);
  assert.deepEqual(envFrom, ['doclive-settings', 'doclive-db']);
  const mount = pod.containers[0].volumeMounts.find((m: Doc) => m.name === 'license');
  const volume = pod.volumes.find((v: Doc) => v.name === 'license');
  assert.equal(volume.secret.secretName, 'doclive-license');
  const licenseFiles = Object.keys(find('Secret', 'doclive-license').stringData as object).sort();
  for (const variable of ['IDLIVEDOC_SERVER_LICENSE', 'IDLIVEDOC_SERVER_LICENSE_PUBLIC_KEY']) {
    const path = settings[variable] ?? '';
    assert.equal(dirname(path), mount.mountPath, `${variable} lies in the license mount`);
    assert.ok(licenseFiles.includes(basename(path)), `${variable} names a file of the license Secret`);
  }
});

test('Service and HorizontalPodAutoscaler point at the Deployment', () => {
  const deployment = find('Deployment', 'doclive');
  const service = find('Service', 'doclive');
  const podLabels = deployment.spec.template.metadata.labels as Record<string, string>;
  for (const [key, value] of Object.entries(service.spec.selector as Record<string, string>)) assert.equal(podLabels[key], value);
  assert.equal(service.spec.ports[0].targetPort, 'http');
  const hpa = find('HorizontalPodAutoscaler', 'doclive');
  assert.deepEqual(hpa.spec.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'doclive' });
  assert.equal(hpa.spec.metrics[0].resource.name, 'cpu');
  assert.ok(hpa.spec.minReplicas >= 2);
});

test('compose: PostgreSQL 15, two replicas on it, nginx in front balancing exactly those replicas', () => {
  const [compose] = parseFile('deploy/compose.yaml');
  const services = compose?.services as Record<string, Doc>;
  assert.equal(services.postgres?.image, 'postgres:15');
  const replicas = Object.keys(services).filter((name) => name.startsWith('doclive-')).sort();
  assert.deepEqual(replicas, ['doclive-1', 'doclive-2']);
  for (const name of replicas) {
    const service = services[name] as Doc;
    const environment = service.environment as Record<string, string>;
    for (const variable of Object.keys(environment)) assert.ok(KNOWN_VARIABLES.has(variable), variable);
    assert.match(environment.IDLIVEDOC_SERVER_DB_URL ?? '', /^postgres:\/\/.*@postgres:5432\//);
    assert.equal(service.depends_on.postgres.condition, 'service_healthy');
    assert.match(service.healthcheck.test.join(' '), /\/health\/ready/);
    assert.equal(service.ports, undefined, 'replicas are reached through nginx only');
  }
  assert.deepEqual(services.nginx?.ports, ['8080:8080']);
  assert.deepEqual(Object.keys(services.nginx?.depends_on ?? {}).sort(), replicas);

  const nginx = readFileSync('deploy/nginx.conf', 'utf8');
  const upstream = [...nginx.matchAll(/^\s*server (\S+):8080\b/gm)].map((m) => m[1]).sort();
  assert.deepEqual(upstream, replicas);
  const bodyMb = Number(/client_max_body_size (\d+)m;/.exec(nginx)?.[1]);
  assert.ok(bodyMb * 1024 * 1024 > DEFAULTS.MAX_BODY_BYTES, 'nginx lets the largest accepted body through');
  assert.match(nginx, /location = \/metrics \{\s*return 404;/, 'metrics stay internal');
});
