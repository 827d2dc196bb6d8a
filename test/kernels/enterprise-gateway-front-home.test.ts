/**
 * The home the gateway front forces on a kernel: the hub's shared home, with the verified user
 * in place of `{username}` (escaped as KubeSpawner 7.0.0 escapes it: `spawner.py` 2036 and
 * 2064-2065, `safe_slug(name, max_length=48)`). The front knows the user's name, not their id or
 * the server's name, so a home template with any other placeholder (`{userid}`, `{servername}`,
 * `{user_server}`, ...) is something it cannot expand: the kernels that mount the homes are then
 * refused at synthesis, and without such kernels the front forces no home at all (a template it
 * cannot expand would fail every kernel start).
 */
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { EnterpriseGateway, Hub, KernelSpec, Namespace, NfsStorage, Proxy, SingleUserStorage } from '../../lib';
import { anyLogin, chart, container, env, find, synth } from '../util';

/** A gateway whose users' homes are `subPath` on one export; the kernels mount them when `kernelsMountHomes`. */
function withHomes(subPath: string, kernelsMountHomes: boolean) {
  const c = chart();
  const hubNs = new Namespace(c, 'jupyterhub');
  const gwNs = new Namespace(c, 'enterprise-gateway');
  const homes = new NfsStorage(hubNs, 'homes', {
    server: '10.0.0.5',
    path: '/exports/homes',
    capacity: Size.gibibytes(10),
    accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
  });
  const gw = new EnterpriseGateway(gwNs, 'gw', {
    kernelSpecs: [new KernelSpec(gwNs, 'py', { name: 'py', ...(kernelsMountHomes ? { homeStorage: homes } : {}) })],
  });
  const hub = new Hub(hubNs, 'hub', {
    authenticator: anyLogin(),
    singleUser: { storage: SingleUserStorage.shared(homes, { subPath }) },
    integrations: [gw],
  });
  hub.addIntegration(new Proxy(hubNs, 'proxy'));
  return c;
}

const frontHome = (c: ReturnType<typeof withHomes>) =>
  env(container(find(synth(c), 'Deployment', 'enterprise-gateway-front'), 'front'), 'FRONT_HOME_NFS_PATH_TEMPLATE');

test("with '{username}', the front forces the export's directory of the verified user", () => {
  expect(frontHome(withHomes('{username}', true))).toBe('/exports/homes/{username}');
  expect(frontHome(withHomes('homes-{username}', false))).toBe('/exports/homes/homes-{username}');
});

describe('refuses', () => {
  test.each(['{userid}', '{user_server}', '{username}-{servername}', '{unescaped_username}'])(
    "kernels that mount the homes when the home is '%s' (the front knows the user's name only)",
    (subPath) => {
      expect(() => synth(withHomes(subPath, true))).toThrow(
        `keeps them at subPath '${subPath}', which the gateway front cannot expand: it forces the home from the verified user's name alone; use a subPath whose only placeholder is '{username}'`,
      );
    },
  );
});

test('without kernels that mount the homes, a home the front cannot expand is not forced (and does not break kernel starts)', () => {
  expect(frontHome(withHomes('{userid}', false))).toBeUndefined();
});
