/**
 * Values written into `nginx.conf`. nginx's configuration has no escape syntax that every
 * directive honours, so a value is refused unless it is one plain token: printable ASCII
 * without whitespace or any character nginx gives a meaning (`;` ends a directive, `{` `}`
 * open and close blocks, quotes start a string, `$` a variable, `#` a comment, `\` an escape).
 * @internal
 */
import { fail } from '../core/validate';

/** The characters of a plain nginx token, besides letters and digits. */
const NGINX_SPECIAL = /[\s;{}'"`$#\\]/;

/**
 * Returns `value` if it can be written into `nginx.conf` as one token (e.g. `server_name`'s
 * host), else throws naming `prop`.
 */
export function checkNginxValue(prop: string, value: string): string {
  if (value === '') fail(prop, value, 'must not be empty: it is written into nginx.conf as one token');
  for (const ch of value) {
    const cp = ch.codePointAt(0) as number;
    if (cp > 0x7f) {
      fail(
        prop,
        value,
        `contains the non-ASCII character U+${cp.toString(16).toUpperCase().padStart(4, '0')}: nginx.conf has no escape syntax; use ASCII only (an internationalized host name in its punycode form, 'xn--...')`,
      );
    }
    if (cp < 0x20 || cp === 0x7f) {
      fail(
        prop,
        value,
        `contains the control character U+${cp.toString(16).toUpperCase().padStart(4, '0')}: nginx.conf has no escape syntax; remove it`,
      );
    }
    if (NGINX_SPECIAL.test(ch)) {
      fail(
        prop,
        value,
        `contains ${ch === ' ' ? 'a space' : `'${ch}'`}, which nginx.conf would read as syntax (it has no escape syntax): use one plain token without whitespace, ';', '{', '}', quotes, '$', '#' or '\\'`,
      );
    }
  }
  return value;
}
