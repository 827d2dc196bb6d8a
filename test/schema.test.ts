import { seedCharts } from './util';
import { schemaErrors, strictErrors, unknownFields } from './strict-schema';

describe('strict Kubernetes schema validation', () => {
  const charts = seedCharts();

  test.each(Object.keys(charts))('every object of the %s chart is valid, with no unknown fields', (id) => {
    // Custom resources (Traefik's routes of the daskhub chart, Contour's HTTPProxy of the carvel
    // package, its Carvel objects) have no Kubernetes model: the manifest checks and
    // test/carvel/carvel-package.test.ts validate them against their CRDs.
    const objs = charts[id].filter(
      (o) =>
        !/^(traefik\.io|projectcontour\.io|data\.packaging\.carvel\.dev|packaging\.carvel\.dev)\//.test(o.apiVersion),
    );
    // A live self-test (`<chart>.check`) is smaller: ConfigMaps, Jobs and their Services.
    expect(objs.length).toBeGreaterThan(id.endsWith('.check') ? 5 : 10);
    expect(objs.flatMap((o) => strictErrors(o))).toEqual([]);
  });

  test('the validator rejects an unknown field (so a pass means something)', () => {
    const [obj] = seedCharts().minikube.filter((o) => o.kind === 'Deployment');
    const bad = JSON.parse(JSON.stringify(obj));
    bad.spec.template.spec.containers[0].bogus = 1;
    bad.spec.strategy.rollingUpdate2 = {};
    expect(unknownFields(obj)).toEqual([]);
    expect(unknownFields(bad)).toEqual([
      'Deployment/hub.spec.strategy.rollingUpdate2: unknown field (not in V1DeploymentStrategy)',
      'Deployment/hub.spec.template.spec.containers[0].bogus: unknown field (not in V1Container)',
    ]);
  });

  test('the validator rejects a wrong type and a missing required field', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: '80' }] } };
    expect(unknownFields(svc)).toEqual(['Service/s.spec.ports[0].port: expected a number, got "80"']);
    const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: {} } };
    expect(schemaErrors(dep).join()).toMatch(/selector/);
  });
});
