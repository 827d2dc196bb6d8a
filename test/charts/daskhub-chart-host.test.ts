/**
 * Issue 21, item 16: `DaskhubChart` on any cloud. The host users reach the hub at is a prop
 * (`host`), the default is an example name of no cloud's, and AKS's DNS label of the load balancer
 * is an option (`azureDnsLabelName` with `azureRegion`, which then give the default host
 * `<label>.<region>.cloudapp.azure.com`, as seed 002 does). The chart of `main.ts` passes the
 * seed's label and region, so `dist/daskhub.k8s.yaml` stays the seed's.
 */
import { Testing } from 'cdk8s';
import { DaskhubChart, DaskhubChartProps } from '../../lib';
import { strictErrors } from '../strict-schema';
import { find, Obj, seedCharts } from '../util';

const AZURE_LABEL = 'service.beta.kubernetes.io/azure-dns-label-name';

/** What the chart says its host is, everywhere the host is used. */
function hostOf(props: DaskhubChartProps): {
  serverName: string;
  domains: string;
  callback: string;
  serviceType: string;
  annotations: { [key: string]: string } | undefined;
} {
  const objs = Testing.synth(new DaskhubChart(Testing.app(), 'daskhub', props)) as Obj[];
  const svc = find(objs, 'Service', 'proxy-public');
  const nginx: string = find(objs, 'ConfigMap', 'nginx-proxy-config').data['nginx.conf'];
  const acme: string = find(objs, 'ConfigMap', 'proxy-acme-client').data['acme.sh'];
  const config: string = find(objs, 'ConfigMap', 'hub-config').data['jupyterhub_config.py'];
  return {
    serverName: [...new Set([...nginx.matchAll(/server_name ([^;]+);/g)].map((m) => m[1]))].join(),
    domains: /--domains '([^']+)'/.exec(acme)![1],
    callback: /^c\.AzureAdOAuthenticator\.oauth_callback_url = "([^"]+)"$/m.exec(config)![1],
    serviceType: svc.spec.type,
    annotations: svc.metadata.annotations,
  };
}

describe('DaskhubChart: the host', () => {
  test("by default an example host of no cloud's, and no Azure DNS label: a LoadBalancer any cloud makes", () => {
    expect(hostOf({})).toEqual({
      serverName: 'daskhub.example.org',
      domains: 'daskhub.example.org',
      callback: 'https://daskhub.example.org/hub/oauth_callback',
      serviceType: 'LoadBalancer',
      annotations: undefined,
    });
  });

  test('the chart with a host of its own is valid for the strict Kubernetes schema', () => {
    const objs = (
      Testing.synth(new DaskhubChart(Testing.app(), 'daskhub', { host: 'dask.example.edu' })) as Obj[]
    ).filter((o) => !o.apiVersion.startsWith('traefik.io/'));
    expect(objs.flatMap((o) => strictErrors(o))).toEqual([]);
  });

  test('host: the server name, the certificate and the OAuth callback', () => {
    expect(hostOf({ host: 'dask.example.edu' })).toEqual({
      serverName: 'dask.example.edu',
      domains: 'dask.example.edu',
      callback: 'https://dask.example.edu/hub/oauth_callback',
      serviceType: 'LoadBalancer',
      annotations: undefined,
    });
  });

  test("azureDnsLabelName and azureRegion: AKS's name of the load balancer, the default host (seed 002)", () => {
    expect(hostOf({ azureDnsLabelName: 'geo-hub', azureRegion: 'eastus2' })).toEqual({
      serverName: 'geo-hub.eastus2.cloudapp.azure.com',
      domains: 'geo-hub.eastus2.cloudapp.azure.com',
      callback: 'https://geo-hub.eastus2.cloudapp.azure.com/hub/oauth_callback',
      serviceType: 'LoadBalancer',
      annotations: { [AZURE_LABEL]: 'geo-hub' },
    });
  });

  test("a host of one's own (a CNAME to the Azure name) with the Azure DNS label", () => {
    expect(hostOf({ host: 'dask.example.edu', azureDnsLabelName: 'geo-hub' })).toMatchObject({
      serverName: 'dask.example.edu',
      callback: 'https://dask.example.edu/hub/oauth_callback',
      annotations: { [AZURE_LABEL]: 'geo-hub' },
    });
    // The Azure name itself, spelled out, with its region.
    expect(
      hostOf({ host: 'geo-hub.eastus2.cloudapp.azure.com', azureDnsLabelName: 'geo-hub', azureRegion: 'eastus2' }),
    ).toMatchObject({ serverName: 'geo-hub.eastus2.cloudapp.azure.com', annotations: { [AZURE_LABEL]: 'geo-hub' } });
  });

  test("main.ts's daskhub chart is seed 002's: my-daskhub.westeurope.cloudapp.azure.com with its DNS label", () => {
    const objs = seedCharts().daskhub;
    expect(find(objs, 'Service', 'proxy-public').metadata.annotations).toEqual({ [AZURE_LABEL]: 'my-daskhub' });
    expect(find(objs, 'ConfigMap', 'proxy-acme-client').data['acme.sh']).toContain(
      "--domains 'my-daskhub.westeurope.cloudapp.azure.com'",
    );
  });
});

describe('DaskhubChart: bad host props are refused, naming the prop', () => {
  test.each([
    ['host', { host: 'Hub.Example.org' }, /^Invalid 'host' \('Hub\.Example\.org'\): must be a DNS-1123 subdomain/],
    [
      'host',
      { host: 'https://hub.example.org' },
      /^Invalid 'host' \('https:\/\/hub\.example\.org'\): must be a DNS-1123/,
    ],
    ['host', { host: '' }, /^Invalid 'host' \(''\): must be a DNS-1123 subdomain/],
    ['host', { host: '*.example.org' }, /^Invalid 'host' \('\*\.example\.org'\): must be one DNS name .*HTTP-01/],
    ['host', { host: '203.0.113.7' }, /^Invalid 'host' \('203\.0\.113\.7'\): must be one DNS name .*HTTP-01/],
    [
      'azureDnsLabelName',
      { azureDnsLabelName: 'Geo_Hub', azureRegion: 'eastus2' },
      /^Invalid 'azureDnsLabelName' \('Geo_Hub'\): must be a DNS-1123 label/,
    ],
    [
      'azureRegion',
      { azureDnsLabelName: 'geo-hub', azureRegion: 'East US 2' },
      /^Invalid 'azureRegion' \('East US 2'\): must be a DNS-1123 label/,
    ],
    [
      'azureRegion',
      { azureRegion: 'eastus2' },
      /^Invalid 'azureRegion' \('eastus2'\): has no effect without 'azureDnsLabelName'/,
    ],
    [
      'azureDnsLabelName',
      { azureDnsLabelName: 'geo-hub' },
      /^Invalid 'azureDnsLabelName' \('geo-hub'\): needs 'azureRegion' .* or 'host'/,
    ],
    [
      'azureRegion',
      { host: 'dask.example.edu', azureDnsLabelName: 'geo-hub', azureRegion: 'eastus2' },
      /^Invalid 'azureRegion' \('eastus2'\): has no effect with 'host' 'dask\.example\.edu'/,
    ],
    [
      'azureRegion',
      { host: 'geo-hub.eastus2.cloudapp.azure.com', azureDnsLabelName: 'geo-hub', azureRegion: 'westeurope' },
      /^Invalid 'azureRegion' \('westeurope'\): disagrees with 'host' 'geo-hub\.eastus2\.cloudapp\.azure\.com'/,
    ],
    [
      'host',
      { host: 'other.eastus2.cloudapp.azure.com', azureDnsLabelName: 'geo-hub' },
      /^Invalid 'host' \('other\.eastus2\.cloudapp\.azure\.com'\): names the Azure load balancer 'other'.*'azureDnsLabelName' 'geo-hub'/,
    ],
    [
      'hubName',
      { hubName: 'geo-hub' } as DaskhubChartProps,
      /^Invalid 'hubName' \('geo-hub'\): 'hubName' is not a prop of DaskhubChartProps/,
    ],
  ] as [string, DaskhubChartProps, RegExp][])('%s %j', (_prop, props, error) => {
    expect(() => new DaskhubChart(Testing.app(), 'daskhub', props)).toThrow(error);
  });
});
