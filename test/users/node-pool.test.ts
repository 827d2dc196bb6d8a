/**
 * Node pools: which nodes each component runs on (core: hub, proxy, gateway; user: user servers;
 * worker: Dask workers), as node affinity plus the tolerations of the pool's taints. Specified on
 * the pod templates and on the KubeSpawner traits the hub config sets (read back by Python).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { k8s } from 'cdk8s-plus-27';
import { EnterpriseGateway, Hub, HubProps, KernelSpec, Namespace, NodePool, NodePurpose, Proxy } from '../../lib';
import { anyLogin, chart, find, Obj, synth, synthWith } from '../util';

/** A hub (with `props`) and its proxy. */
function hubWith(props: Partial<HubProps>, proxyPool?: NodePool): Obj[] {
  return synthWith((c) => {
    const hub = new Hub(c, 'hub', { authenticator: anyLogin(), ...props });
    hub.addIntegration(new Proxy(c, 'proxy', { nodePool: proxyPool }));
  });
}

/** KubeSpawner's placement traits as the generated config sets them (executed by Python with traitlets' Config). */
function spawnerPlacement(objs: Obj[]): { [trait: string]: unknown } {
  const config = find(objs, 'ConfigMap', 'hub-config').data['jupyterhub_config.py'] as string;
  const code = [
    'import json, sys',
    'from traitlets.config import Config',
    'c = Config()',
    'exec(sys.stdin.read(), {"get_config": lambda: c})',
    'k = c.KubeSpawner',
    'print(json.dumps({t: k[t] for t in ("node_affinity_required", "node_affinity_preferred", "tolerations", "node_selector") if t in k}))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', code], { input: config, encoding: 'utf8' }));
}

const Z2JH_USER_TOLERATIONS = [
  { key: 'hub.jupyter.org/dedicated', operator: 'Equal', value: 'user', effect: 'NoSchedule' },
  { key: 'hub.jupyter.org_dedicated', operator: 'Equal', value: 'user', effect: 'NoSchedule' },
];

describe('NodePool', () => {
  test('the hub pod on the core pool, preferred by default (z2jh matchNodePurpose: prefer); the proxy follows the hub', () => {
    const objs = hubWith({ nodePool: NodePool.nodePurpose(NodePurpose.CORE) });
    for (const name of ['hub', 'proxy']) {
      const spec = find(objs, 'Deployment', name).spec.template.spec;
      expect({ name, affinity: spec.affinity }).toEqual({
        name,
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 100,
                preference: {
                  matchExpressions: [{ key: 'hub.jupyter.org/node-purpose', operator: 'In', values: ['core'] }],
                },
              },
            ],
          },
        },
      });
      expect(spec.tolerations).toEqual([
        { key: 'hub.jupyter.org/dedicated', operator: 'Equal', value: 'core', effect: 'NoSchedule' },
        { key: 'hub.jupyter.org_dedicated', operator: 'Equal', value: 'core', effect: 'NoSchedule' },
      ]);
    }
  });

  test("a proxy's own pool wins over the hub's; required means requiredDuringScheduling", () => {
    const objs = hubWith(
      { nodePool: NodePool.nodePurpose(NodePurpose.CORE) },
      NodePool.labelled('kubernetes.azure.com/agentpool', 'edge', { required: true }),
    );
    const spec = find(objs, 'Deployment', 'proxy').spec.template.spec;
    expect(spec.affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'kubernetes.azure.com/agentpool', operator: 'In', values: ['edge'] }] },
          ],
        },
      },
    });
    expect(spec.tolerations).toBeUndefined();
  });

  test('user servers on the user pool: KubeSpawner node_affinity_preferred and tolerations', () => {
    expect(spawnerPlacement(hubWith({ userNodePool: NodePool.nodePurpose(NodePurpose.USER) }))).toEqual({
      node_affinity_preferred: [
        {
          weight: 100,
          preference: { matchExpressions: [{ key: 'hub.jupyter.org/node-purpose', operator: 'In', values: ['user'] }] },
        },
      ],
      tolerations: Z2JH_USER_TOLERATIONS,
    });
  });

  test("a required user pool is added to every required term of singleUser (terms are alternatives); its tolerations after singleUser's", () => {
    const gpu: k8s.Toleration = { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' };
    const objs = hubWith({
      userNodePool: NodePool.nodePurpose(NodePurpose.USER, { required: true }),
      singleUser: {
        tolerations: [gpu],
        nodeAffinityRequired: [
          { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['a'] }] },
          { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['b'] }] },
        ],
      },
    });
    const pool = { key: 'hub.jupyter.org/node-purpose', operator: 'In', values: ['user'] };
    expect(spawnerPlacement(objs)).toEqual({
      node_affinity_required: [
        { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['a'] }, pool] },
        { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['b'] }, pool] },
      ],
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }, ...Z2JH_USER_TOLERATIONS],
    });
  });

  test('the gateway pod on its pool', () => {
    const c = chart();
    const ns = new Namespace(c, 'enterprise-gateway');
    new EnterpriseGateway(ns, 'gw', {
      kernelSpecs: [new KernelSpec(ns, 'py', { name: 'py' })],
      nodePool: NodePool.labelled('cloud.google.com/gke-nodepool', 'core'),
    });
    const spec = find(synth(c), 'Deployment', 'enterprise-gateway').spec.template.spec;
    expect(spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference).toEqual({
      matchExpressions: [{ key: 'cloud.google.com/gke-nodepool', operator: 'In', values: ['core'] }],
    });
    expect(spec.tolerations).toBeUndefined();
  });

  test('Dask workers as seed 002 places them: required k8s.dask.org/dedicated=worker, its two taints and AKS spot', () => {
    // dask-gateway.gateway.backend.worker.extraPodConfig of seed 002's config.yaml (test/fixtures copy)
    const seed = {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'k8s.dask.org/dedicated', operator: 'In', values: ['worker'] }] },
            ],
          },
        },
      },
      tolerations: [
        { key: 'k8s.dask.org/dedicated', operator: 'Equal', value: 'worker', effect: 'NoSchedule' },
        { key: 'k8s.dask.org_dedicated', operator: 'Equal', value: 'worker', effect: 'NoSchedule' },
        { key: 'kubernetes.azure.com/scalesetpriority', operator: 'Equal', value: 'spot', effect: 'NoSchedule' },
      ],
    };
    expect(NodePool.daskWorkers({ required: true, azureSpot: true }).podPlacement()).toEqual(seed);
  });

  test('KubeSpawner 7.0 (the pinned hub image) has the traits, none deprecated', () => {
    const fixture = JSON.parse(
      fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'traits-k8s-hub-4.4.0.json'), 'utf8'),
    );
    for (const t of ['node_affinity_required', 'node_affinity_preferred', 'tolerations']) {
      expect({ t, trait: fixture.classes.KubeSpawner[t] }).toMatchObject({ t, trait: { deprecated: false } });
    }
  });

  test('nothing is placed without a pool (the seed charts stay as they are)', () => {
    const objs = hubWith({});
    for (const name of ['hub', 'proxy']) {
      const spec = find(objs, 'Deployment', name).spec.template.spec;
      expect([spec.affinity, spec.tolerations]).toEqual([undefined, undefined]);
    }
    expect(spawnerPlacement(objs)).toEqual({});
  });

  describe('refuses', () => {
    test.each([
      [
        'a label key with spaces',
        () => NodePool.labelled('node purpose', 'user'),
        /^Invalid 'nodePool.key' \('node purpose'\)/,
      ],
      ['a label value too long', () => NodePool.labelled('pool', 'x'.repeat(64)), /^Invalid 'nodePool.value'/],
      [
        'a toleration without key and Equal',
        () => NodePool.labelled('pool', 'a', { tolerations: [{ operator: 'Equal', value: 'x' }] }),
        /^Invalid 'nodePool.tolerations\[0\].key'/,
      ],
      [
        'a purpose that is not one',
        () => NodePool.nodePurpose('gpu' as NodePurpose),
        /^Invalid 'purpose' \('gpu'\): must be one of NodePurpose.CORE/,
      ],
    ])('%s', (_what, build, message) => {
      expect(build).toThrow(message);
    });
  });
});
