/**
 * Issue 21, item 10: `baseUrl` and the default URLs (`singleUser.defaultUrl`, a profile's
 * `defaultUrl`) are URL paths, and only URL paths. The allowed characters are RFC 3986's
 * unreserved ones, letters, digits, '-', '.', '_' and '~', with '/' between segments and
 * percent-escapes (`%20`) for anything else; no empty segment (`//`, which a browser reads as
 * another host), no '.' or '..' segment (written plainly or escaped, `%2e`), and no escaped '/' or
 * '\'. A default URL may also hold `{username}`, which JupyterHub expands (Spawner.format_string).
 */
import { App, Chart } from 'cdk8s';
import { Authenticator, Hub, HubProps, Namespace } from '../../lib';

function hub(props: Partial<HubProps>): () => Hub {
  return () =>
    new Hub(new Namespace(new Chart(new App(), 'c'), 'course'), 'hub', {
      authenticator: Authenticator.dummy({ adminUsers: ['admin'] }),
      ...props,
    });
}
const defaultUrl = (url: string) => hub({ singleUser: { defaultUrl: url } });
const profileUrl = (url: string) =>
  hub({ singleUser: { profiles: [{ slug: 'lab', displayName: 'Lab', default: true, defaultUrl: url }] } });

describe('URL paths', () => {
  test.each([
    ['baseUrl', "'/a\"b/' (a quote)", hub({ baseUrl: '/a"b/' })],
    ['baseUrl', "'/a(b)/' (parentheses)", hub({ baseUrl: '/a(b)/' })],
    ['baseUrl', "'/a'b/' (a quote)", hub({ baseUrl: "/a'b/" })],
    ['baseUrl', "'/a;b/'", hub({ baseUrl: '/a;b/' })],
    ['baseUrl', "'/%2e%2e/' (an escaped '..')", hub({ baseUrl: '/%2e%2e/' })],
    ['baseUrl', "'/a%2fb/' (an escaped '/')", hub({ baseUrl: '/a%2fb/' })],
    ['baseUrl', "'/a%zzb/' (a broken escape)", hub({ baseUrl: '/a%zzb/' })],
    ['baseUrl', "'/{username}/' (no placeholders in the base URL)", hub({ baseUrl: '/{username}/' })],
    ['singleUser.defaultUrl', "'/my lab' (a space)", defaultUrl('/my lab')],
    ['singleUser.defaultUrl', "'/../hub/admin' (a '..' segment)", defaultUrl('/../hub/admin')],
    ['singleUser.defaultUrl', "'/lab/./tree' (a '.' segment)", defaultUrl('/lab/./tree')],
    ['singleUser.defaultUrl', '\'/lab/tree/"x"(1).ipynb\' (quotes, parentheses)', defaultUrl('/lab/tree/"x"(1).ipynb')],
    ['singleUser.defaultUrl', "'//evil.example.org' (another host)", defaultUrl('//evil.example.org')],
    ['singleUser.defaultUrl', "'/lab?reset' (a query)", defaultUrl('/lab?reset')],
    ['singleUser.defaultUrl', "'/lab\\\\tree' (a backslash)", defaultUrl('/lab\\tree')],
    ['singleUser.defaultUrl', "'/lab/{user}' (an unknown placeholder)", defaultUrl('/lab/{user}')],
    ['singleUser.defaultUrl', "'/caf\u00e9' (not ASCII)", defaultUrl('/caf\u00e9')],
    ['singleUser.profiles[0].defaultUrl', "'/my lab'", profileUrl('/my lab')],
    ['singleUser.profiles[0].defaultUrl', "'/../hub/admin'", profileUrl('/../hub/admin')],
  ])('%s %s is refused, naming the prop and the allowed characters', (prop, _value, build) => {
    const escaped = prop.replace(/[.[\]]/g, '\\$&');
    expect(build).toThrow(new RegExp(`^Invalid '${escaped}' `));
    expect(build).toThrow(/letters, digits, '-', '\.', '_', '~'/);
  });

  test.each([
    ['baseUrl', hub({ baseUrl: '/jupyter/' })],
    ['baseUrl', hub({ baseUrl: '/course-101/hub_v2.0~x/' })],
    ['baseUrl', hub({ baseUrl: '/caf%C3%A9/' })],
    ['singleUser.defaultUrl', defaultUrl('/lab')],
    ['singleUser.defaultUrl', defaultUrl('/lab/tree/my%20notebook.ipynb')],
    ['singleUser.defaultUrl', defaultUrl('/lab/tree/home/{username}/start.ipynb')],
    ['singleUser.defaultUrl', defaultUrl('/lab/')],
    ['profile defaultUrl', profileUrl('/rstudio/')],
  ])('%s: a plain path is taken', (_prop, build) => {
    expect(build).not.toThrow();
  });

  test('the default URL reaches the config as written', () => {
    expect(defaultUrl('/lab/tree/home/{username}/start.ipynb')().config).toContain(
      'c.KubeSpawner.default_url = "/lab/tree/home/{username}/start.ipynb"',
    );
  });
});
