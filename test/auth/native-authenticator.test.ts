/**
 * NativeAuthenticator: users sign up and the admins authorize them; the bad input it refuses,
 * naming the prop.
 */
import { Authenticator } from '../../lib';
import { expectRefused, js, P, Row } from '../input-checks';

const refusals: Row[] = [
  // Wrong types from JavaScript
  [
    "allowedUsers: 'ann' for the native authenticator",
    () => Authenticator.native({ allowedUsers: js('ann') }),
    P('options.allowedUsers'),
  ],
  ["allowAll: 'yes'", () => Authenticator.native({ allowAll: js('yes') }), P('options.allowAll')],
];

describe('refuses bad input, naming the prop', () => {
  test.each(refusals)('%s', expectRefused);
});
