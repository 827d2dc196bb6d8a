/**
 * The ACME client's record of what it ordered (`ORDER` in acme.sh, the `order` file in its state)
 * names everything that selects lego's account: lego keeps the account under
 * `accounts/<server host>/<email>/` and `renew` aborts when there is none there ("Account ... is not
 * registered. Use 'run'", lego v4.35.2 cmd/accounts_storage.go:85-88, cmd/cmd_renew.go:139-140).
 * So a changed contact email (or directory, or key type) must make the client `run` (register and
 * order) instead of `renew`. test/e2e/acme-e2e.test.ts changes the email against a real Pebble.
 */
import { AcmeDirectory, Authenticator, Hub, IngressTls, NginxIngress, Proxy } from '../../lib';
import { find, synthWith } from '../util';
import { ServiceType } from 'cdk8s-plus-27';

function acmeScript(email: string, directory?: AcmeDirectory): string {
  const objs = synthWith((c) => {
    const hub = new Hub(c, 'hub', { authenticator: Authenticator.dummy({ allowOpenNetwork: true }) });
    const proxy = new Proxy(c, 'proxy', { serviceType: ServiceType.LOAD_BALANCER });
    proxy.addFrontDoor(
      new NginxIngress(c, 'nginx', { host: 'hub.example.org', tls: IngressTls.acme({ email, directory }) }),
    );
    hub.addIntegration(proxy);
  });
  return find(objs, 'ConfigMap', 'proxy-acme-client').data['acme.sh'] as string;
}

/** The value of the script's ORDER line, unquoted (every value in it is a plain word). */
function recordedOrder(script: string): string {
  const line = script.split('\n').find((l) => l.startsWith('ORDER='));
  if (line === undefined) throw new Error('acme.sh has no ORDER line');
  return line.slice("ORDER='".length, -1);
}

describe("IngressTls.acme(): the client's recorded order selects lego's account", () => {
  test('the order names the directory, the contact email, the key type and the hosts', () => {
    expect(recordedOrder(acmeScript('admin@example.org'))).toBe(
      'server=https://acme-v02.api.letsencrypt.org/directory email=admin@example.org key-type=ec256 domains=hub.example.org',
    );
  });

  test('a changed contact email is a new order (lego `run` registers the account), not a renewal', () => {
    const before = recordedOrder(acmeScript('admin@example.org'));
    const after = recordedOrder(acmeScript('ops@example.org'));
    expect(after).not.toBe(before);
  });

  test('a changed directory is a new order too', () => {
    expect(recordedOrder(acmeScript('admin@example.org', AcmeDirectory.LETS_ENCRYPT_STAGING))).not.toBe(
      recordedOrder(acmeScript('admin@example.org')),
    );
  });

  test('the key type lego is run with is the one recorded', () => {
    const sh = acmeScript('admin@example.org');
    const used = /--key-type (\S+)/.exec(sh)?.[1];
    expect(used).toBeDefined();
    expect(recordedOrder(sh)).toContain(` key-type=${used} `);
  });

  test('the client renews only when the stored order is this one, and records it after a successful run', () => {
    const sh = acmeScript('admin@example.org');
    expect(sh).toContain('if [ -s "$CRT" ] && [ "$(cat "$STATE/order" 2>/dev/null)" = "$ORDER" ]; then');
    expect(sh).toContain('if [ "$rc" -eq 0 ]; then printf \'%s\' "$ORDER" > "$STATE/order" || rc=1; fi');
  });
});
