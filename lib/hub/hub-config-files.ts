/**
 * The files of the hub's ConfigMap: `jupyterhub_config.py` and, when the hub or an integration has
 * Secrets generated in the cluster, `secret_init.py`.
 * @internal
 */
import type { HubContributions } from './hub-contributions';
import type { HubModel } from './hub-model';
import { InitSecret, renderSecretInitScript } from './secret-init-script';

/** The Secrets the `secret-init` container creates: the hub's own (if generated), the authenticator's, then the integrations'. */
export function hubGeneratedSecrets(
  model: HubModel,
  contributions: HubContributions,
  labels: { [key: string]: string },
): InitSecret[] {
  const secret = model.secret;
  return [
    ...(secret.generatedInCluster
      ? [{ name: secret.secretName, keys: [secret.proxyTokenKey, secret.cookieSecretKey], labels }]
      : []),
    ...model.authenticator.generatedSecrets.map((s) => ({ name: s.name, keys: s.keys, labels })),
    ...contributions.generatedSecrets().map((s) => ({ name: s.name, keys: s.keys, labels })),
  ];
}

/** The ConfigMap's files. */
export function hubConfigFiles(config: string, secrets: InitSecret[]): { [file: string]: string } {
  const files: { [file: string]: string } = { 'jupyterhub_config.py': config };
  if (secrets.length > 0) files['secret_init.py'] = renderSecretInitScript({ secrets });
  return files;
}
