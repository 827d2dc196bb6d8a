/**
 * Issue 22: every object the scheduling workloads write with all their new options set (a user
 * scheduler with its own profile and budget, placeholders with their own image and resources, a
 * puller with its own priority class, ServiceAccount and annotations) is valid for the
 * Kubernetes API (strict schemas 1.27 and 1.36).
 */
import { Cpu } from 'cdk8s-plus-27';
import { Size } from 'cdk8s';
import { PullPolicy, ScorePlugin, ScoringStrategyType, WorkloadOptions } from '../../lib';
import { strictErrors } from '../strict-schema';
import { withScheduling } from './scheduling-options-fixture';

const workload: WorkloadOptions = {
  podLabels: { team: 'platform' },
  podAnnotations: { 'example.org/owner': 'platform' },
  nodeSelector: { pool: 'core' },
  tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }],
  imagePullSecrets: ['mirror'],
  imagePullPolicy: PullPolicy.IF_NOT_PRESENT,
  revisionHistoryLimit: 2,
};

test('the scheduling objects with every new option are valid for the Kubernetes API', () => {
  const objs = withScheduling({
    scheduler: {
      replicas: 3,
      workload: { ...workload, serviceAccountAnnotations: { 'iam.gke.io/gcp-service-account': 'a@b.iam' } },
      disruptionBudget: { minAvailable: 2 },
      containerSecurity: { runAsUser: 1000, runAsGroup: 1000 },
      scorePlugins: { enabled: [{ plugin: ScorePlugin.NODE_RESOURCES_FIT, weight: 10 }] },
      scoringStrategy: { type: ScoringStrategyType.LEAST_ALLOCATED, resources: [{ name: 'cpu', weight: 2 }] },
    },
    placeholders: {
      replicas: 2,
      image: 'mirror.example.org/pause:3.10.2',
      resources: { cpu: { request: Cpu.millis(500) }, memory: { request: Size.gibibytes(1) } },
      workload,
      containerSecurity: { runAsUser: 1000 },
    },
    puller: {
      workload,
      serviceAccountName: 'puller',
      daemonSetAnnotations: { 'example.org/wave': '1' },
      pauseImage: 'mirror.example.org/pause:3.10.2',
      containerSecurity: { runAsUser: 1000 },
      priority: -5,
    },
  });
  expect(objs.some((o) => o.kind === 'PriorityClass' && o.value === -5)).toBe(true);
  expect(objs.flatMap((o) => strictErrors(o))).toEqual([]);
});
