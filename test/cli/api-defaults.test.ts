/**
 * The defaults `diff` leaves out are the API's: each row of the table is checked against the
 * field's own description in the Kubernetes 1.36 OpenAPI (the kubernetes-models 5.1.0 typings,
 * `k8s-1.36` in package.json), which says "Defaults to ..." for it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { API_DEFAULTS } from '../../lib/cli/api-defaults';

const MODELS = path.join(__dirname, '..', '..', 'node_modules', 'k8s-1.36');

/** The description of a field of a type, from the typings' TSDoc. */
function description(typeFile: string, field: string): string {
  const text = fs.readFileSync(path.join(MODELS, typeFile), 'utf8');
  const m = new RegExp(`/\\*\\*\\n((?:(?!\\*/)[\\s\\S])*)\\*/\\n\\s*"${field}"\\?:`).exec(text);
  if (!m) throw new Error(`no description of ${field} in ${typeFile}`);
  return m[1].replace(/\s*\*\s*/g, ' ');
}

/** A rule of the table, its field's type file and field, and what the API's description says. */
const ROWS: [kind: string, rulePath: string, typeFile: string, field: string, says: RegExp][] = [
  ['Deployment', 'spec.replicas', 'apps/v1/DeploymentSpec.d.ts', 'replicas', /Defaults to 1\./],
  [
    'Deployment',
    'spec.revisionHistoryLimit',
    'apps/v1/DeploymentSpec.d.ts',
    'revisionHistoryLimit',
    /Defaults to 10\./,
  ],
  [
    'Deployment',
    'spec.progressDeadlineSeconds',
    'apps/v1/DeploymentSpec.d.ts',
    'progressDeadlineSeconds',
    /Defaults to 600s/,
  ],
  [
    'Deployment',
    'spec.strategy.rollingUpdate.maxSurge',
    'apps/v1/RollingUpdateDeployment.d.ts',
    'maxSurge',
    /Defaults to 25%/,
  ],
  [
    'Deployment',
    'spec.strategy.rollingUpdate.maxUnavailable',
    'apps/v1/RollingUpdateDeployment.d.ts',
    'maxUnavailable',
    /Defaults to 25%/,
  ],
  ['Job', 'spec.backoffLimit', 'batch/v1/JobSpec.d.ts', 'backoffLimit', /Defaults to 6/],
  [
    'Deployment',
    'spec.template.spec.terminationGracePeriodSeconds',
    'v1/PodSpec.d.ts',
    'terminationGracePeriodSeconds',
    /Defaults to 30 seconds/,
  ],
  ['Deployment', 'spec.template.spec.restartPolicy', 'v1/PodSpec.d.ts', 'restartPolicy', /Default to Always/],
  ['Deployment', 'spec.template.spec.dnsPolicy', 'v1/PodSpec.d.ts', 'dnsPolicy', /Defaults to "ClusterFirst"/],
  [
    'Deployment',
    'spec.template.spec.enableServiceLinks',
    'v1/PodSpec.d.ts',
    'enableServiceLinks',
    /Optional: Defaults to true/,
  ],
  [
    'Pod',
    'spec.containers.*.terminationMessagePath',
    'v1/Container.d.ts',
    'terminationMessagePath',
    /Defaults to \/dev\/termination-log/,
  ],
  [
    'Pod',
    'spec.containers.*.terminationMessagePolicy',
    'v1/Container.d.ts',
    'terminationMessagePolicy',
    /Defaults to File/,
  ],
  ['Pod', 'spec.containers.*.ports.*.protocol', 'v1/ContainerPort.d.ts', 'protocol', /Defaults to "TCP"/],
  ['Pod', 'spec.containers.*.readinessProbe.timeoutSeconds', 'v1/Probe.d.ts', 'timeoutSeconds', /Defaults to 1 second/],
  ['Pod', 'spec.containers.*.readinessProbe.periodSeconds', 'v1/Probe.d.ts', 'periodSeconds', /Default to 10 seconds/],
  ['Pod', 'spec.containers.*.readinessProbe.successThreshold', 'v1/Probe.d.ts', 'successThreshold', /Defaults to 1\./],
  ['Pod', 'spec.containers.*.readinessProbe.failureThreshold', 'v1/Probe.d.ts', 'failureThreshold', /Defaults to 3\./],
  ['Pod', 'spec.volumes.*.configMap.defaultMode', 'v1/ConfigMapVolumeSource.d.ts', 'defaultMode', /Defaults to 0644/],
  ['Service', 'spec.type', 'v1/ServiceSpec.d.ts', 'type', /Defaults to ClusterIP/],
  ['Service', 'spec.sessionAffinity', 'v1/ServiceSpec.d.ts', 'sessionAffinity', /Defaults to None/],
  ['Service', 'spec.ports.*.protocol', 'v1/ServicePort.d.ts', 'protocol', /Default is TCP/],
];

test.each(ROWS)(
  '%s %s: a default of the table, and of the API (%s, field %s)',
  (kind, rulePath, typeFile, field, says) => {
    const rule = API_DEFAULTS.find((r) => r.kinds.includes(kind) && r.path === rulePath);
    expect(rule).toBeDefined();
    const text = description(typeFile, field);
    expect(text).toMatch(says);
    // The value in the table is the one the description names (0644 octal is 420).
    const named = String(rule!.value === 420 ? '0644' : rule!.value);
    expect(text).toContain(named);
  },
);
