/** Writes the plan as a TypeScript chart: the code a person would write with the library. */
import { Code, Expr, print } from './import-code';
import { ImportPlan } from './import-plan';

type Props = { [k: string]: Expr };

const statement = (head: string, props: Props | undefined, tail = ');'): string => {
  if (props === undefined || Object.keys(props).length === 0) return `${head.replace(/, $/, '')}${tail}`;
  return `${head}${print(props, '', head.length, tail.length)}${tail}`;
};

/** The chart's source text. */
export function writeChart(plan: ImportPlan): string {
  const body: string[] = [];
  body.push(`const app = new App();`);
  const chartProps = { namespace: plan.namespace, disableResourceNameHashes: true };
  body.push(statement(`const chart = new Chart(app, ${print(plan.name, '', 0)}, `, chartProps));
  if (plan.sharedClaim !== undefined)
    body.push(
      '',
      '// The existing claim of the values (singleuser.storage.static), used as it is: every home is a subPath of it.',
      statement(`const homes = new NfsStorage(chart, 'homes', `, { existingClaimName: plan.sharedClaim }),
    );
  body.push('', statement(`const hub = new Hub(chart, 'hub', `, plan.hub));
  const tls = plan.https?.enabled === true || plan.https?.type !== undefined ? httpsTls(plan) : undefined;
  const door = plan.ingress?.enabled === true || tls ? nginx(plan, tls) : undefined;
  body.push(statement(`const proxy = new Proxy(chart, 'proxy', `, plan.proxy));
  if (door) body.push(door, 'proxy.addFrontDoor(nginx);');
  body.push('hub.addIntegration(proxy);');
  const integration = (name: string, cls: string, id: string, props: Props) => {
    plan.lib.add(cls);
    body.push(
      statement(`const ${name} = new ${cls}(chart, ${print(id, '', 0)}, `, props),
      `hub.addIntegration(${name});`,
    );
  };
  for (const [name, svc] of Object.entries(plan.services)) {
    if (name === 'dask-gateway' && plan.dask) continue; // the DaskGateway registers its own service
    integration(identifier(`${name}-service`), 'HubService', `service-${name}`, svc);
  }
  if (plan.dask) integration('daskGateway', 'DaskGateway', 'dask-gateway', plan.dask);
  if (plan.scheduler) integration('userScheduler', 'UserScheduler', 'user-scheduler', plan.scheduler);
  if (plan.placeholders)
    integration('userPlaceholders', 'UserPlaceholders', 'user-placeholder', { replicas: 1, ...plan.placeholders });
  if (plan.puller) {
    plan.lib.add('ImagePuller');
    body.push(statement(`new ImagePuller(chart, 'image-puller', `, { hub: Code.ref('hub'), ...plan.puller }));
  }
  body.push('', 'synthesize(app);');
  const header =
    plan.valuePlaceholders.length === 0
      ? []
      : [
          '',
          '// The values had placeholders: the chart has examples instead, set them before deploying:',
          ...plan.valuePlaceholders.map((p) => `// - ${p}`),
        ];
  return [...imports(plan), ...header, '', ...body, ''].join('\n');
}

/** A variable name from a service name: `grafana-service` -> `grafanaService`. */
function identifier(name: string): string {
  const camel = name
    .replace(/[^A-Za-z0-9]+([A-Za-z0-9])/g, (_m, c: string) => c.toUpperCase())
    .replace(/[^A-Za-z0-9]/g, '');
  return /^[0-9]/.test(camel) ? `service${camel}` : camel;
}

function imports(plan: ImportPlan): string[] {
  const line = (names: Set<string>, from: string) => {
    const list = [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })).join(', ');
    const one = `import { ${list} } from '${from}';`;
    return one.length <= 120
      ? one
      : `import {\n${[...names]
          .sort()
          .map((n) => `  ${n},\n`)
          .join('')}} from '${from}';`;
  };
  const out = [line(plan.cdk8s, 'cdk8s')];
  if (plan.kplus) out.push(`import * as kplus from 'cdk8s-plus-27';`);
  out.push(line(plan.lib, 'cdk8s-jupyterhub'));
  return out;
}

/** proxy.https: Let's Encrypt (the ACME front door), a TLS Secret of your own, or offload at the load balancer. */
function httpsTls(plan: ImportPlan): Expr | undefined {
  const h = plan.https ?? {};
  const type = h.type ?? (h.manual || h.secretName ? (h.secretName ? 'secret' : 'manual') : 'letsencrypt');
  if (type === 'offload') return undefined;
  if (type === 'letsencrypt') {
    const options: Props = { email: h.email ?? 'hub-admin@example.org' };
    if (h.hosts !== undefined) options.hosts = h.hosts;
    if (h.acmeServer !== undefined && /staging/.test(String(h.acmeServer)))
      options.directory = plan.use('AcmeDirectory.LETS_ENCRYPT_STAGING');
    return plan.call('IngressTls.acme', options);
  }
  const name = String(h.secretName ?? `${plan.name}-tls`);
  return ImportPlan.because(
    `create it: kubectl -n ${plan.namespace} create secret tls ${name} --cert=tls.crt --key=tls.key`,
    plan.call('IngressTls.fromSecretName', name),
  );
}

/** The nginx front door (z2jh `ingress` and `proxy.https`). */
function nginx(plan: ImportPlan, tls: Expr | undefined): string {
  plan.lib.add('NginxIngress');
  const i = plan.ingress ?? {};
  const hosts = (i.hosts ?? (plan.https?.hosts as Expr[] | undefined) ?? []) as string[];
  const props: Props = {};
  if (hosts.length > 0) props.host = hosts[0];
  if (hosts.length > 1) props.additionalHosts = hosts.slice(1);
  if (i.enabled === true) props.mode = plan.use('NginxIngressMode.INGRESS_RESOURCE');
  for (const k of ['annotations', 'ingressClassName', 'pathSuffix'] as const) if (i[k] !== undefined) props[k] = i[k];
  if (i.pathType !== undefined)
    props.pathType = plan.use(
      `IngressPathType.${String(i.pathType) === 'Prefix' ? 'PREFIX' : 'IMPLEMENTATION_SPECIFIC'}`,
    );
  const ingressTls = i.tls as { secretName?: string }[] | undefined;
  if (tls !== undefined) props.tls = tls;
  else if (ingressTls?.[0]?.secretName) props.tls = plan.call('IngressTls.fromSecretName', ingressTls[0].secretName);
  return statement(`const nginx = new NginxIngress(chart, 'nginx', `, props);
}
