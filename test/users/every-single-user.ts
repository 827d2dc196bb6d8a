/**
 * The users' pods with every option set: the profiles and single-user settings the users' tests
 * (single-user-options.test.ts) and the scheduling tests (test/scheduling/) synthesize.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Authenticator, Hub, Proxy, SingleUserOptions, SingleUserProfile, UserVolume } from '../../lib';
import { chart } from '../util';

/** The traits of the pinned hub image (k8s-hub 4.4.0: JupyterHub 5.5, KubeSpawner 7.0). */
export const TRAITS: { classes: { [cls: string]: { [trait: string]: { deprecated: boolean } } } } = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'traits-k8s-hub-4.4.0.json'), 'utf8'),
);
export const KUBESPAWNER_TRAITS = Object.keys(TRAITS.classes.KubeSpawner).filter(
  (t) => !TRAITS.classes.KubeSpawner[t].deprecated,
);
export const SCIPY = 'quay.io/jupyter/scipy-notebook:2025-10-20';
export const TORCH = 'quay.io/jupyter/pytorch-notebook:cuda12-2025-10-20';
export const R = 'quay.io/jupyter/r-notebook:2025-10-20';

/** Every profile option set (and every choice setting). */
export function everyProfile(): SingleUserProfile[] {
  return [
    {
      slug: 'small',
      displayName: 'Small: 1 CPU, 2 GiB',
      description: 'For exercises',
      default: true,
      cpuGuarantee: kplus.Cpu.millis(500),
      cpuLimit: kplus.Cpu.units(1),
      memoryGuarantee: Size.gibibytes(1),
      memoryLimit: Size.gibibytes(2),
      env: { COURSE_SETTINGS: '{"level": 1}' },
      defaultUrl: '/lab',
      options: [
        {
          slug: 'image',
          displayName: 'Image',
          choices: [
            { slug: 'scipy', displayName: 'SciPy', default: true, image: SCIPY },
            {
              slug: 'r',
              displayName: 'R',
              image: R,
              cmd: ['jupyterhub-singleuser', '--debug'],
              env: { R_LIBS_USER: '/home/jovyan/R' },
            },
          ],
          freeForm: {
            displayName: 'Image from quay.io/jupyter',
            displayNameInChoices: 'Another image...',
            validationRegex: '^quay\\.io/jupyter/[a-z-]+:(?!latest$)[0-9A-Za-z_][0-9A-Za-z_.-]*$',
            validationMessage: 'An image of quay.io/jupyter with a version tag',
            example: 'quay.io/jupyter/datascience-notebook:2025-10-20',
          },
        },
      ],
    },
    {
      slug: 'gpu',
      displayName: 'GPU: 1 NVIDIA T4',
      image: TORCH,
      gpus: 1,
      extraResourceLimits: { 'example.com/fpga': 1 },
      nodePool: 'gpu',
      nodeSelector: { 'cloud.google.com/gke-accelerator': 'nvidia-tesla-t4' },
      tolerations: [{ key: 'example.com/preemptible', operator: 'Exists', effect: 'NoSchedule' }],
      memoryGuarantee: Size.gibibytes(8),
      memoryLimit: Size.gibibytes(16),
      startTimeout: Duration.minutes(15),
      options: [
        {
          slug: 'size',
          displayName: 'Size',
          choices: [
            { slug: 'one', displayName: 'One GPU', default: true },
            {
              slug: 'two',
              displayName: 'Two GPUs',
              gpus: 2,
              memoryLimit: Size.gibibytes(32),
              nodeSelector: { 'cloud.google.com/gke-nodepool': 'gpu-large' },
            },
          ],
        },
      ],
    },
  ];
}

/** Every single-user setting of issue 13. */
export function everySingleUser(): SingleUserOptions {
  return {
    image: SCIPY,
    imagePullSecrets: ['regcred'],
    nodeSelector: { 'hub.jupyter.org/node-purpose': 'user' },
    tolerations: [{ key: 'hub.jupyter.org/dedicated', operator: 'Equal', value: 'user', effect: 'NoSchedule' }],
    nodeAffinityRequired: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }] }],
    nodeAffinityPreferred: [
      {
        weight: 100,
        preference: { matchExpressions: [{ key: 'hub.jupyter.org/node-purpose', operator: 'In', values: ['user'] }] },
      },
    ],
    nodePools: [
      {
        name: 'gpu',
        nodeSelector: { 'cloud.google.com/gke-nodepool': 'gpu' },
        tolerations: [{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' }],
      },
    ],
    postStartCommand: ['sh', '-c', 'cp -rn /srv/course/. "$HOME"/ || true'],
    preStopCommand: ['sh', '-c', 'sync'],
    initContainers: [
      {
        name: 'fetch-course',
        image: 'docker.io/alpine/git:v2.47.2',
        args: ['clone', 'https://example.org/course.git', '/srv/course/{username}'],
        volumes: ['course'],
      },
    ],
    extraContainers: [
      {
        name: 'sidecar',
        image: 'docker.io/library/busybox:1.37.0',
        command: ['sh', '-c', 'sleep infinity'],
        env: { MODE: '{"quiet": true}' },
        resources: {
          cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(100) },
          memory: { request: Size.mebibytes(16), limit: Size.mebibytes(32) },
        },
      },
    ],
    extraVolumes: [
      UserVolume.emptyDir('course', '/srv/course', { sizeLimit: Size.gibibytes(1) }),
      UserVolume.configMap('settings', 'course-settings', '/etc/jupyter/settings', {
        items: { 'overrides.json': 'overrides.json' },
      }),
      UserVolume.configMapFile('motd', 'course-settings', 'motd', '/etc/motd'),
      UserVolume.secret('api', 'course-api', '/etc/course-api'),
      UserVolume.persistentVolumeClaim('data', 'course-data', '/srv/data', { readOnly: true }),
      UserVolume.emptyDir('shm', '/dev/shm', { memory: true }),
    ],
    extraResourceLimits: { 'example.com/dongle': 1 },
    serviceAccountName: 'notebook',
    automountServiceAccountToken: true,
    defaultUrl: '/lab',
    profiles: everyProfile(),
  };
}

export function hubWith(singleUser: SingleUserOptions, c: Chart = chart()): Hub {
  const hub = new Hub(c, 'hub', { authenticator: Authenticator.dummy({ adminUsers: ['admin'] }), singleUser });
  hub.addIntegration(new Proxy(c, 'proxy'));
  return hub;
}
