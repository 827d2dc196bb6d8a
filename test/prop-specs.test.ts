/**
 * The generated runtime prop specs (lib/prop-specs.generated.ts, written by npm run gen:props from
 * the declarations in lib/): up to date, complete, and never generated from code that does not
 * compile. What the checker does with them is specified in core/check-props.test.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLASSES, ENUMS, INTERFACES, PropSpec, STRUCTS } from '../lib/prop-specs.generated';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generate } = require('../scripts/gen-prop-specs.js') as {
  generate: (dir?: string) => { [file: string]: string };
};

describe('the generated specs', () => {
  test('are up to date with the declarations in lib/ (else: run npm run gen:props)', () => {
    // How long generating takes is measured by `npm run bench` (scripts/bench.js), not asserted here.
    const files = generate();
    for (const [file, text] of Object.entries(files)) {
      const committed = fs.readFileSync(path.join(__dirname, '..', file), 'utf8');
      if (committed !== text) throw new Error(`${file} is stale: run npm run gen:props`);
    }
  });

  test('are not generated from declarations that do not compile (a prop would silently go unchecked)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-props-'));
    try {
      fs.mkdirSync(path.join(dir, 'lib'));
      fs.writeFileSync(
        path.join(dir, 'lib', 'index.ts'),
        'export interface FooProps { readonly ok?: string; readonly bar?: Missing; }\n',
      );
      expect(() => generate(dir)).toThrow(
        'gen-prop-specs: the types of FooProps.bar do not resolve: fix the type errors in lib/',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('cover the props of every construct and factory', () => {
    for (const name of [
      'HubProps',
      'ProxyProps',
      'ProxyOptions',
      'NginxIngressProps',
      'NginxIngressOptions',
      'NfsStorageProps',
      'EnterpriseGatewayProps',
      'KernelSpecProps',
      'JupyterHubProps',
      'NamespaceProps',
      'SingleUserOptions',
      'IdleCullerOptions',
      'MinikubeChartProps',
      'JegLabChartProps',
    ])
      expect(STRUCTS[name]).toBeDefined();
    // Inherited props (ProxyProps extends ProxyOptions; chart props extend cdk8s's ChartProps).
    expect(Object.keys(STRUCTS.ProxyProps)).toEqual(expect.arrayContaining(Object.keys(STRUCTS.ProxyOptions)));
    expect(STRUCTS.MinikubeChartProps.namespace).toEqual({ type: 'string', optional: true });
    expect(STRUCTS['Proxy#addFrontDoor'].door).toEqual({ type: 'interface', name: 'IProxyFrontDoor' });
    expect(STRUCTS.JupyterHubProps.hub).toEqual({ type: 'struct', name: 'HubProps' });
  });

  test('every enum and class they name is described', () => {
    const names = (s: PropSpec): PropSpec[] => (s.of ? [s, ...names(s.of)] : [s]);
    for (const props of Object.values(STRUCTS)) {
      for (const s of Object.values(props).flatMap(names)) {
        if (s.type === 'enum') expect(ENUMS[s.name!]).toBeDefined();
        if (s.type === 'class') expect(CLASSES[s.name!]).toBeDefined();
        if (s.type === 'interface') expect(INTERFACES[s.name!]).toBeDefined();
        if (s.type === 'struct') expect(STRUCTS[s.name!]).toBeDefined();
      }
    }
  });
});
