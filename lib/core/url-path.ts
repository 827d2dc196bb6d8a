/**
 * URL paths the user types: the hub's `baseUrl` and the default URLs of the users' servers. They
 * are written into `jupyterhub_config.py`, `nginx.conf` and redirects, so they are held to the
 * characters a URL path needs and nothing more.
 * @internal
 */
import { fail, show } from './validate';

/** What a URL path may hold, as said in errors. */
function rule(placeholders: readonly string[]): string {
  const extra = placeholders.map((p) => `, {${p}}`).join('');
  return `a URL path here is '/' and segments of letters, digits, '-', '.', '_', '~'${extra} and percent-escapes ('%20' for a space, '%28' for '('), with no empty, '.' or '..' segment`;
}

/** Why a URL path breaks the rule, or undefined. `placeholders` may stand in a segment (`{username}`). */
function pathError(value: string, placeholders: readonly string[]): string | undefined {
  const segments = value.slice(1).split('/');
  for (const [i, segment] of segments.entries()) {
    if (segment === '' && i < segments.length - 1)
      return "has an empty segment ('//', which a browser reads as a host)";
    const plain = placeholders.reduce((s, p) => s.split(`{${p}}`).join('x'), segment);
    const bad = plain.replace(/%[0-9A-Fa-f]{2}/g, '').match(/[^A-Za-z0-9\-._~]/);
    if (bad) return `holds ${bad[0] === '%' ? "a '%' that starts no escape" : bad[0] === "'" ? `"'"` : show(bad[0])}`;
    if (['.', '..'].includes(plain.replace(/%2e/gi, '.'))) return "has a '.' or '..' segment (plain or escaped)";
    if (/%(2f|5c)/i.test(plain)) return "holds an escaped '/' or '\\' (%2F, %5C)";
    if (/%([01][0-9A-Fa-f]|7f)/i.test(plain)) return 'holds an escaped control character';
  }
  return undefined;
}

/** A JupyterHub URL prefix (`baseUrl`): a URL path that starts and ends with '/'. */
export function checkUrlPrefix(prop: string, value: string): string {
  if (!value.startsWith('/') || !value.endsWith('/') || /\s|\/\//.test(value)) {
    fail(prop, value, "must start and end with '/' and contain no spaces or '//' (e.g. '/' or '/jupyter/')");
  }
  const error = pathError(value, []);
  if (error !== undefined) fail(prop, value, `${error}: ${rule([])} (e.g. '/jupyter/')`);
  return value;
}

/**
 * A default URL of the users' servers (KubeSpawner's `default_url`): a URL path from '/', where
 * `{username}` may stand for the user's name, which JupyterHub fills in (`format_string` with
 * `template_namespace()`, jupyterhub 5.5.0 jupyterhub/spawner.py:1350, :1388-1411); a literal
 * brace is refused.
 */
export function checkDefaultUrl(prop: string, value: string): string {
  if (!value.startsWith('/')) fail(prop, value, "must start with '/', e.g. '/lab'");
  const error = pathError(value, ['username']);
  if (error !== undefined) fail(prop, value, `${error}: ${rule(['username'])} (e.g. '/lab/tree/intro.ipynb')`);
  return value;
}
