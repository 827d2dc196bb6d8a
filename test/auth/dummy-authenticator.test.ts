/**
 * DummyAuthenticator: any password logs in (for demos and tests only), every name only when told
 * (allowAll); the bad input it refuses, naming the prop.
 */
import { Authenticator } from '../../lib';
import { expectRefused, js, P, Row } from '../input-checks';

const refusals: Row[] = [
  // Wrong types from JavaScript
  [
    "adminUsers: 'admin' (a string, not a list)",
    () => Authenticator.dummy({ adminUsers: js('admin') }),
    /^Invalid 'options.adminUsers' \('admin'\): must be a list of strings/,
  ],
  ['a number in the admin list', () => Authenticator.dummy({ adminUsers: js(['ann', 7]) }), P('options.adminUsers[1]')],
  [
    'a misspelled authenticator option',
    () => Authenticator.dummy(js({ admins: ['x'] })),
    /^Invalid 'options.admins' .*'admins' is not a prop of DummyAuthenticatorOptions; its props are 'adminUsers'/,
  ],
];

describe('refuses bad input, naming the prop', () => {
  test.each(refusals)('%s', expectRefused);
});
