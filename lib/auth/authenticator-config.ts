/**
 * What the hub and the charts use of lib/auth besides the authenticator classes: the error of a
 * hub without an authenticator (naming every class, from the generated registry), and the OAuth
 * callback URL.
 * @internal
 */
import { fail } from '../core/validate';
import { OAUTH_CALLBACK_PATH } from './authenticator-checks';
import { AUTHENTICATOR_CLASSES } from './authenticators.generated';

export { checkUrl, OAUTH_CALLBACK_PATH } from './authenticator-checks';

/** A class's summary as a phrase inside a sentence: no final period, lower-case unless a name (`OAuth`). */
function phrase(summary: string): string {
  const s = summary.replace(/\.$/, '');
  return /^[A-Z][a-z]/.test(s) ? s[0].toLowerCase() + s.slice(1) : s;
}

/** Throws the error of a Hub that was given no authenticator: it names every authenticator class. */
export function missingAuthenticator(prop: string): never {
  const choices = AUTHENTICATOR_CLASSES.map((c) => `${c.name} (${phrase(c.summary)})`);
  const list = `${choices.slice(0, -1).join(', ')} or ${choices[choices.length - 1]}`;
  fail(
    prop,
    undefined,
    `is required: it says who may log in. Choose one of the classes extending Authenticator: ${list}`,
  );
}

/**
 * The hub's OAuth callback URL: the public URL users reach the hub at, the hub's base URL, and
 * JupyterHub's callback path.
 */
export function oauthCallbackUrl(publicUrl: string, baseUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${baseUrl}${OAUTH_CALLBACK_PATH}`;
}

/** A URL normalized for comparison (lower-case scheme and host, default port dropped). */
export function sameUrl(a: string, b: string): boolean {
  return new URL(a).href === new URL(b).href;
}
