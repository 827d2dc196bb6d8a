/**
 * Every typed trait prop of `HubProps.traits` (issue 22): given a value of its type, it is either
 * written by the hub's one config generator, and the config then passes the trait check against
 * the pinned programs and reads back in Python with the value given (merged with the library's
 * where the library sets the trait too), or refused at construction, naming the prop that owns it.
 */
import { Chart } from 'cdk8s';
import { Authenticator, Hub } from '../../lib';
import type { TraitTable } from '../../lib/core/trait-table';
import { HUB_TRAIT_TABLES } from '../../lib/hub/hub-traits.generated';
import { cases } from '../auth/login-harness';
import { checkTraitsInPython, sampleOf } from '../trait-check';
import { chart } from '../util';

/** The authenticator each authenticator class's traits need (the hub's authenticator class). */
const AUTH: { [cls: string]: (c: Chart) => Authenticator } = {
  GitHubOAuthenticator: cases.github.build,
  GoogleOAuthenticator: cases.google.build,
  AzureAdOAuthenticator: cases.azureAd.build,
  GenericOAuthenticator: cases.openIdConnect.build,
  LDAPAuthenticator: cases.ldap.build,
  SharedPasswordAuthenticator: cases.sharedPassword.build,
  NativeAuthenticator: () => Authenticator.native({ adminUsers: ['admin'] }),
};

function hubWith(field: string, table: TraitTable, traits: { [prop: string]: unknown }): Hub {
  const c = chart('course');
  const auth = AUTH[table.cls]?.(c) ?? Authenticator.dummy({ adminUsers: ['admin'] });
  return new Hub(c, 'hub', { authenticator: auth, traits: { [field]: traits } });
}

const FIELDS = Object.keys(HUB_TRAIT_TABLES);

describe.each(FIELDS)('traits.%s', (field) => {
  const table = HUB_TRAIT_TABLES[field]();
  const props = Object.entries(table.traits).filter(([, [, kind]]) => kind !== 'refused');
  const accepted: { [prop: string]: unknown } = {};
  const acceptedRaw: { [prop: string]: unknown } = {};
  const refused: { [prop: string]: string } = {};
  for (const [prop, [, kind, extra]] of props) {
    // A raw form (`<prop>Raw`) takes any form of the trait: here the typed form's value, as JSON data.
    const typed = kind === 'any' && extra ? table.traits[extra[0]] : undefined;
    const value = typed ? sampleOf(typed[1], typed[2]) : sampleOf(kind, extra);
    try {
      hubWith(field, table, { [prop]: value });
      (typed ? acceptedRaw : accepted)[prop] = value;
    } catch (e) {
      refused[prop] = (e as Error).message;
    }
  }

  test('a trait is refused only because the library sets it, naming the prop that owns it', () => {
    for (const [prop, message] of Object.entries(refused))
      expect(`${prop}: ${message}`).toMatch(
        new RegExp(
          `^${prop}: Invalid 'traits\\.${field}\\.${prop}' .*is set by the library from '[^']+': set it with that prop$`,
        ),
      );
  });

  test.each([
    ['typed', accepted],
    ['raw', acceptedRaw],
  ])('the others (%s forms), all at once, pass the trait check in Python and read back as given', (_forms, given) => {
    const config = hubWith(field, table, given).config;
    const check = checkTraitsInPython(config, 'hub');
    expect(check.errors).toEqual([]);
    for (const [prop, value] of Object.entries(given)) {
      const [trait, own, extra] = table.traits[prop];
      const kind = own === 'any' && extra ? table.traits[extra[0]][1] : own;
      const read = check.values[table.cls]?.[trait];
      if (kind === 'stringSet') expect(read).toEqual([...(value as string[])].sort());
      else if (kind === 'stringMap' || kind === 'dict') expect(read).toMatchObject(value as object);
      else if (kind === 'list') expect(Array.isArray(read)).toBe(true);
      else expect(read).toEqual(value);
    }
  });
});
