/**
 * The runtime prop checker (lib/core/check-props.ts) on the real, generated specs: what a
 * JavaScript caller gets for a props object the TypeScript compiler would have refused.
 */
import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Authenticator, Hub, KernelSpec, NfsStorage, NginxIngress, SingleUserStorage } from '../../lib';
import { checkProps } from '../../lib/core/check-props';
import '../../lib/prop-classes.generated';
import { CLASSES, ENUMS, INTERFACES, PropSpec, STRUCTS } from '../../lib/prop-specs.generated';
import { anyLogin, chart } from '../util';

/** Runs checkProps and returns its error message ('' when it accepts). */
function message(struct: string, props: unknown, at?: string): string {
  try {
    checkProps(struct, props, at);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

/** An instance of a class without running its constructor (the checker only looks at the class). */
const instanceOf = <T>(cls: { prototype: T }): T => Object.create(cls.prototype as object) as T;

describe('props that are not an object', () => {
  test.each<[string, string, unknown, string | undefined, string]>([
    [
      'a string',
      'HubProps',
      'hub',
      undefined,
      "Invalid 'props' ('hub'): must be an object of HubProps with 'authenticator' (got a string)",
    ],
    [
      'a list',
      'NamespaceProps',
      ['a'],
      undefined,
      'Invalid \'props\' (["a"]): must be an object of NamespaceProps (got a list)',
    ],
    [
      'undefined, with required props',
      'ContourHttpProxyProps',
      undefined,
      undefined,
      "Invalid 'props' (undefined): must be an object of ContourHttpProxyProps with 'fqdn' (got undefined)",
    ],
    [
      'null, named by the given path',
      'KernelSpecProps',
      null,
      'kernel',
      "Invalid 'kernel' (null): must be an object of KernelSpecProps with 'name' (got null)",
    ],
    [
      'a nested struct',
      'JupyterHubProps',
      { hub: 'yes' },
      undefined,
      "Invalid 'hub' ('yes'): must be an object of HubProps with 'authenticator' (got a string)",
    ],
    [
      'a nested struct, two levels down',
      'JupyterHubProps',
      { hub: { idleCuller: true } },
      undefined,
      "Invalid 'hub.idleCuller' (true): must be an object of IdleCullerOptions (got a boolean)",
    ],
  ])('%s', (_, struct, props, at, expected) => {
    expect(message(struct, props, at)).toBe(expected);
  });
});

describe('unknown keys are refused with the nearest valid name', () => {
  test.each<[string, string, unknown, string]>([
    [
      'wrong case',
      'HubProps',
      { singleuser: {} },
      "Invalid 'singleuser' ({}): 'singleuser' is not a prop of HubProps; did you mean 'singleUser'?",
    ],
    [
      'wrong case of an acronym',
      'HubProps',
      { baseURL: '/x/' },
      "Invalid 'baseURL' ('/x/'): 'baseURL' is not a prop of HubProps; did you mean 'baseUrl'?",
    ],
    [
      'a typo',
      'ProxyOptions',
      { nodeport: 30080 },
      "Invalid 'nodeport' (30080): 'nodeport' is not a prop of ProxyOptions; did you mean 'nodePort'?",
    ],
    [
      'a missing letter',
      'NativeAuthenticatorOptions',
      { adminUser: ['a'] },
      "Invalid 'adminUser' ([\"a\"]): 'adminUser' is not a prop of NativeAuthenticatorOptions; did you mean 'adminUsers'?",
    ],
    [
      'nested, named by its path',
      'JupyterHubProps',
      { hub: { singleUser: { imag: 'x:1' } } },
      "Invalid 'hub.singleUser.imag' ('x:1'): 'imag' is not a prop of SingleUserOptions; did you mean 'image'?",
    ],
    [
      'nothing near: the props are listed',
      'NamespaceProps',
      { colour: 'red' },
      "Invalid 'colour' ('red'): 'colour' is not a prop of NamespaceProps; its props are 'labels', 'name', 'podSecurity'",
    ],
    [
      'even when undefined',
      'NamespaceProps',
      { nmae: undefined },
      "Invalid 'nmae' (undefined): 'nmae' is not a prop of NamespaceProps; did you mean 'name'?",
    ],
  ])('%s', (_, struct, props, expected) => {
    expect(message(struct, props)).toBe(expected);
  });

  test('in every struct', () => {
    for (const struct of Object.keys(STRUCTS)) {
      expect(message(struct, { notAProp: 1 })).toMatch(
        new RegExp(`^Invalid 'notAProp' \\(1\\): 'notAProp' is not a prop of ${struct}; `),
      );
    }
  });
});

describe('required props', () => {
  test.each<[string, string, unknown, string]>([
    ['missing', 'KernelSpecProps', {}, "Invalid 'name' (undefined): is required: must be a string (got undefined)"],
    ['null', 'KernelSpecProps', { name: null }, "Invalid 'name' (null): is required: must be a string (got null)"],
    [
      'a construct',
      'EnterpriseGateway#addKernelSpec',
      { spec: undefined },
      "Invalid 'spec' (undefined): is required: must be a KernelSpec (new KernelSpec(scope, id, ...)) (got undefined)",
    ],
    [
      "in a factory's options",
      'ExternalDatabaseOptions',
      { port: 5432 },
      "Invalid 'url' (undefined): is required: must be a string (got undefined)",
    ],
  ])('%s', (_, struct, props, expected) => {
    expect(message(struct, props)).toBe(expected);
  });

  test('every required prop of every struct is reported by name when missing', () => {
    for (const [struct, props] of Object.entries(STRUCTS)) {
      const required = Object.keys(props).filter((p) => !props[p].optional && props[p].type !== 'any');
      const msg = message(struct, {});
      if (required.length === 0) expect(msg).toBe('');
      else expect(msg).toMatch(new RegExp(`^Invalid '${required[0]}' \\(undefined\\): is required: must be `));
    }
  });

  test('null for an optional prop says to leave it out', () => {
    expect(message('HubProps', { image: null })).toBe(
      "Invalid 'image' (null): must be a string, or left out for the default (got null)",
    );
  });
});

describe('wrong types say what was expected and what was given', () => {
  test.each<[string, string, unknown, string]>([
    [
      'a string for a list of strings',
      'NativeAuthenticatorOptions',
      { adminUsers: 'admin' },
      "Invalid 'adminUsers' ('admin'): must be a list of strings, e.g. ['admin'] (got a string)",
    ],
    [
      'a number in a list of strings',
      'DummyAuthenticatorOptions',
      { allowedUsers: ['ann', 7] },
      "Invalid 'allowedUsers[1]' (7): must be a string (got a number)",
    ],
    [
      'a list given an object',
      'JupyterHubProps',
      { hub: { singleUser: { cmd: { a: 1 } } } },
      "Invalid 'hub.singleUser.cmd' ({\"a\":1}): must be a list of strings, e.g. ['a', 'b'] (got an object)",
    ],
    [
      "the string 'false' for a boolean",
      'ProxyOptions',
      { networkPolicy: 'false' },
      "Invalid 'networkPolicy' ('false'): must be true or false (got the string 'false')",
    ],
    [
      'a number for a boolean',
      'IdleCullerOptions',
      { enabled: 0 },
      "Invalid 'enabled' (0): must be true or false (got a number)",
    ],
    [
      'a string for a number',
      'ProxyOptions',
      { port: '80' },
      "Invalid 'port' ('80'): must be a finite number (got the string '80')",
    ],
    [
      'NaN for a number',
      'EnterpriseGatewayProps',
      { replicas: NaN },
      "Invalid 'replicas' (NaN): must be a finite number (got NaN)",
    ],
    ['a number for a string', 'HubProps', { image: 42 }, "Invalid 'image' (42): must be a string (got a number)"],
    [
      'a list for a string map',
      'NamespaceProps',
      { labels: ['a=b'] },
      "Invalid 'labels' ([\"a=b\"]): must be an object whose values are each a string, e.g. { key: 'value' } (got a list)",
    ],
    [
      'a number in a string map',
      'JupyterHubProps',
      { hub: { singleUser: { extraEnv: { DEBUG: 1 } } } },
      "Invalid 'hub.singleUser.extraEnv['DEBUG']' (1): must be a string (got a number)",
    ],
    [
      'a string for an object',
      'HubProps',
      { resources: '1Gi' },
      "Invalid 'resources' ('1Gi'): must be an object (kplus.ContainerResources) (got a string)",
    ],
    [
      'a string in a list of objects',
      'EnterpriseGatewayProps',
      { kernelRules: ['pods'] },
      "Invalid 'kernelRules[0]' ('pods'): must be an object (k8s.PolicyRule) (got a string)",
    ],
  ])('%s', (_, struct, props, expected) => {
    expect(message(struct, props)).toBe(expected);
  });
});

describe('enums accept their members only, listing them', () => {
  test.each<[string, string, unknown, string]>([
    [
      'a value not in the enum',
      'NginxIngressOptions',
      { mode: 'Sidecar' },
      "Invalid 'mode' ('Sidecar'): must be one of NginxIngressMode.SIDECAR ('sidecar'), NginxIngressMode.INGRESS_RESOURCE ('ingress-resource')",
    ],
    [
      'a member name instead of its value',
      'ProxyOptions',
      { logLevel: 'INFO' },
      "Invalid 'logLevel' ('INFO'): must be one of ProxyLogLevel.DEBUG ('debug'), ProxyLogLevel.INFO ('info'), ProxyLogLevel.WARN ('warn'), ProxyLogLevel.ERROR ('error')",
    ],
    [
      'not a string',
      'KernelSpecProps',
      { name: 'py', language: 1 },
      "Invalid 'language' (1): must be one of KernelLanguage.PYTHON ('python'), KernelLanguage.R ('R'), KernelLanguage.SCALA ('scala') (got a number)",
    ],
    [
      'a cdk8s-plus enum in a list',
      'NfsStorageProps',
      { accessModes: ['RWX'] },
      "Invalid 'accessModes[0]' ('RWX'): must be one of kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE ('ReadWriteOnce'), kplus.PersistentVolumeAccessMode.READ_ONLY_MANY ('ReadOnlyMany'), kplus.PersistentVolumeAccessMode.READ_WRITE_MANY ('ReadWriteMany'), kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD ('ReadWriteOncePod')",
    ],
  ])('%s', (_, struct, props, expected) => {
    expect(message(struct, props)).toBe(expected);
  });

  test('the service type (whichever enum declares it) lists its members', () => {
    const name = STRUCTS.ProxyOptions.serviceType.name!;
    const members = Object.entries(ENUMS[name])
      .map(([m, v]) => `${name}.${m} ('${v}')`)
      .join(', ');
    expect(message('ProxyOptions', { serviceType: 'Cluster' })).toBe(
      `Invalid 'serviceType' ('Cluster'): must be one of ${members}`,
    );
    expect(message('ProxyOptions', { serviceType: 'NodePort' })).toBe(''); // the value, as JavaScript callers write it
  });
});

describe('parameters of public methods (static factories)', () => {
  test.each<[string, string, unknown, string]>([
    [
      'a positional string given an object',
      'IngressTls.certManager',
      { issuerName: { issuerName: 'letsencrypt' }, options: undefined },
      'Invalid \'issuerName\' ({"issuerName":"letsencrypt"}): must be a string (got an object)',
    ],
    [
      'a required parameter left out',
      'HubSecret.fromSecretName',
      { secretName: undefined, options: undefined },
      "Invalid 'secretName' (undefined): is required: must be a string (got undefined)",
    ],
    [
      'a misspelled option',
      'HubSecret.fromSecretName',
      { secretName: 's', options: { proxyTokenkey: 'x' } },
      "Invalid 'options.proxyTokenkey' ('x'): 'proxyTokenkey' is not a prop of ExistingHubSecretOptions; did you mean 'proxyTokenKey'?",
    ],
    [
      'options that are not an object',
      'SingleUserStorage.dynamic',
      { options: '10Gi' },
      "Invalid 'options' ('10Gi'): must be an object of DynamicStorageOptions (got a string)",
    ],
  ])('%s', (_, method, args, expected) => {
    expect(message(method, args)).toBe(expected);
  });

  test('good arguments are accepted', () => {
    expect(message('IngressTls.certManager', { issuerName: 'letsencrypt', options: { clusterIssuer: false } })).toBe(
      '',
    );
    expect(message('Authenticator.dummy', { options: undefined })).toBe('');
  });
});

describe('class instances', () => {
  test.each<[string, string, unknown, string]>([
    [
      'a string for a Size',
      'NginxIngressOptions',
      { maxBodySize: '256Mi' },
      "Invalid 'maxBodySize' ('256Mi'): must be a Size, made by Size.kibibytes(), Size.mebibytes(), Size.gibibytes(), ... (got a string)",
    ],
    [
      'a Duration for a Size',
      'SqlitePvcOptions',
      { size: Duration.hours(1) },
      "Invalid 'size' (Duration): must be a Size, made by Size.kibibytes(), Size.mebibytes(), Size.gibibytes(), ... (got a Duration)",
    ],
    [
      'a number for a Duration',
      'IdleCullerOptions',
      { timeout: 3600 },
      "Invalid 'timeout' (3600): must be a Duration, made by Duration.millis(), Duration.seconds(), Duration.minutes(), ... (got a number)",
    ],
    [
      'a look-alike object for a Size',
      'DynamicStorageOptions',
      { capacity: { amount: 1, unit: 'Gi' } },
      'Invalid \'capacity\' ({"amount":1,"unit":"Gi"}): must be a Size, made by Size.kibibytes(), Size.mebibytes(), Size.gibibytes(), ... (got an object)',
    ],
    [
      'a factory not called',
      'JupyterHubProps',
      { hub: { singleUser: { storage: SingleUserStorage.dynamic } } },
      "Invalid 'hub.singleUser.storage' (function dynamic): must be a SingleUserStorage, made by SingleUserStorage.none(), SingleUserStorage.dynamic() or SingleUserStorage.shared() (got a function)",
    ],
    [
      'a string for a construct',
      'EnterpriseGateway#addKernelSpec',
      { spec: 'python' },
      "Invalid 'spec' ('python'): must be a KernelSpec (new KernelSpec(scope, id, ...)) (got a string)",
    ],
    [
      'a string in a list of constructs',
      'EnterpriseGatewayProps',
      { kernelSpecs: ['python'] },
      "Invalid 'kernelSpecs[0]' ('python'): must be a KernelSpec (new KernelSpec(scope, id, ...)) (got a string)",
    ],
  ])('%s', (_, struct, props, expected) => {
    expect(message(struct, props)).toBe(expected);
  });

  test('the wrong construct is named with its path', () => {
    const hub = new Hub(chart(), 'hub', { authenticator: anyLogin() });
    expect(message('EnterpriseGateway#addKernelSpec', { spec: hub })).toBe(
      "Invalid 'spec' (Hub 'test/hub'): must be a KernelSpec (new KernelSpec(scope, id, ...)) (got a Hub)",
    );
    expect(message('Proxy#bindToHub', { hub })).toBe('');
  });

  test('a class from the registry is tested with instanceof: a look-alike with the same name is refused', () => {
    for (const name of Object.keys(CLASSES)) {
      const bare = name.slice(name.lastIndexOf('.') + 1);
      const LookAlike = { [bare]: class {} }[bare];
      // A prop of that class, or a list of them.
      const takes = (p: PropSpec): boolean =>
        (p.type === 'class' && p.name === name) || (p.type === 'array' && takes(p.of!));
      const [struct, props] = Object.entries(STRUCTS).find(([, ps]) => Object.values(ps).some(takes))!;
      const prop = Object.keys(props).find((p) => takes(props[p]))!;
      const list = props[prop].type === 'array';
      const at = list ? `${prop}\\[0\\]` : prop;
      expect(message(struct, { [prop]: list ? [new LookAlike()] : new LookAlike() })).toMatch(
        new RegExp(`^Invalid '${at}' \\(${bare}\\): must be an? ${name.replace('.', '\\.')}\\b`),
      );
    }
  });

  test('without the registry, classes are recognized by name', () => {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fresh = require('../../lib/core/check-props') as { checkProps: typeof checkProps };
      class Size {}
      expect(() => fresh.checkProps('SqlitePvcOptions', { size: new Size() })).not.toThrow();
      expect(() => fresh.checkProps('SqlitePvcOptions', { size: {} })).toThrow("Invalid 'size' ({}): must be a Size");
    });
  });
});

describe("the library's interfaces (IFoo) are checked by their required members", () => {
  /** A struct and prop that take interface `name` (directly or as a list). */
  const propOf = (name: string): [string, string, boolean] => {
    const takes = (p: PropSpec): boolean =>
      (p.type === 'interface' && p.name === name) || (p.type === 'array' && takes(p.of!));
    const [struct, props] = Object.entries(STRUCTS).find(([, ps]) => Object.values(ps).some(takes))!;
    const prop = Object.keys(props).find((p) => takes(props[p]))!;
    return [struct, prop, props[prop].type === 'array'];
  };

  test('NFS storage given as a plain object', () => {
    const [struct, prop, list] = propOf('INfsStorage');
    const at = list ? `${prop}[0]` : prop;
    expect(
      message(struct, {
        ...(struct === 'KernelSpecProps' ? { name: 'py' } : {}),
        [prop]: list ? [{ server: 'nfs' }] : { server: 'nfs' },
      }),
    ).toBe(
      `Invalid '${at}' ({"server":"nfs"}): must be an INfsStorage, e.g. an NfsStorage (got an object without 'claimName')`,
    );
  });

  test.each(Object.keys(INTERFACES))('%s: an object without its members is refused, one with them accepted', (name) => {
    const [struct, prop, list] = propOf(name);
    const required = Object.fromEntries(
      Object.keys(STRUCTS[struct])
        .filter((p) => !STRUCTS[struct][p].optional)
        .map((p) => [p, 'x']),
    );
    if (Object.keys(required).some((p) => STRUCTS[struct][p].type !== 'string')) return; // no generic value for the required props
    const duck = Object.fromEntries(INTERFACES[name].members.map((m) => [m, 'x']));
    const wrap = (v: unknown) => ({ ...required, [prop]: list ? [v] : v });
    const at = list ? `${prop}\\[0\\]` : prop;
    if (INTERFACES[name].members.length > 0) {
      expect(message(struct, wrap({}))).toMatch(
        new RegExp(
          `^Invalid '${at}' \\(\\{\\}\\): must be an? ${name}\\b.* \\(got an object without '${INTERFACES[name].members[0]}'\\)$`,
        ),
      );
    }
    expect(message(struct, wrap('x'))).toMatch(
      new RegExp(`^Invalid '${at}' \\('x'\\): must be an? ${name}\\b.* \\(got a string\\)$`),
    );
    expect(message(struct, wrap(duck))).toBe('');
  });
});

describe('good props are accepted', () => {
  test.each<[string, string, unknown]>([
    ['only the required authenticator', 'HubProps', { authenticator: Authenticator.dummy() }],
    [
      'every kind of prop',
      'HubProps',
      {
        namePrefix: 'course-',
        adminAccess: true,
        concurrentSpawnLimit: 0,
        authenticator: Authenticator.native({ adminUsers: ['teacher'] }),
        resources: { memory: { request: Size.mebibytes(512) } },
        idleCuller: { enabled: true, timeout: Duration.hours(2) },
        singleUser: {
          image: 'x:1',
          cmd: ['jupyterhub-singleuser'],
          extraEnv: { A: 'b' },
          memoryLimit: Size.gibibytes(2),
          storage: SingleUserStorage.none(),
        },
      },
    ],
    [
      'nested structs',
      'JupyterHubProps',
      {
        namespace: 'course',
        hub: { authenticator: Authenticator.native(), release: 'r' },
        proxy: { port: 8080 },
        frontDoor: false,
        frontDoorOptions: {},
      },
    ],
    [
      'enum values as JavaScript writes them',
      'NginxIngressProps',
      { mode: 'ingress-resource', maxBodySize: Size.mebibytes(1) },
    ],
    ['a construct for an interface', 'Proxy#addFrontDoor', { door: instanceOf(NginxIngress) }],
    [
      'cdk8s-plus enums, by member and by value',
      'NfsStorageProps',
      { accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY, 'ReadOnlyMany'], reclaimPolicy: 'Retain' },
    ],
    [
      'lists of constructs',
      'EnterpriseGatewayProps',
      {
        kernelSpecs: [instanceOf(KernelSpec)],
        kernelSpecsStorage: new NfsStorage(chart(), 'nfs', { server: 'nfs.example.org', path: '/export' }),
        kernelRules: [{ apiGroups: [''] }],
      },
    ],
    ['required props present', 'KernelSpecProps', { name: 'python', env: {}, memoryRequest: Size.gibibytes(1) }],
    [
      'props inherited from cdk8s ChartProps',
      'MinikubeChartProps',
      { namespace: 'x', labels: { a: 'b' }, disableResourceNameHashes: true },
    ],
    ['undefined for optional props', 'ProxyOptions', { image: undefined, port: undefined }],
  ])('%s', (_, struct, props) => {
    expect(message(struct, props)).toBe('');
  });
});

describe('every prop of every struct refuses a value of no declared type, naming the prop', () => {
  const cases = Object.entries(STRUCTS).flatMap(([struct, props]) =>
    Object.keys(props)
      .filter((p) => props[p].type !== 'any')
      .map((p) => [struct, p] as [string, string]),
  );
  test.each(cases)('%s.%s', (struct, prop) => {
    // A symbol is none of: string, number, boolean, list, object, class instance, enum value.
    expect(message(struct, { [prop]: Symbol('bad') })).toMatch(
      new RegExp(`^Invalid '${prop}' \\(Symbol\\(bad\\)\\): must be `),
    );
  });
});
