/**
 * `singleUser.egress` (issue 22, z2jh #534, #682, #1662, #3719): where the users' servers may
 * connect besides the hub, DNS and the hub's integrations, enforced by the single-user
 * NetworkPolicy: the internet or not (an exam without internet), and extra CIDRs.
 */
import { Hub } from '../../lib';
import { expectRefused, hubIn, js, P, Row } from '../input-checks';
import { strictErrors } from '../strict-schema';
import { chart, find, synth } from '../util';

type SingleUser = NonNullable<ConstructorParameters<typeof Hub>[2]['singleUser']>;
function egressOf(singleUser: SingleUser): any[] {
  const c = chart('course');
  hubIn(c, 'hub', { singleUser });
  const objs = synth(c);
  expect(objs.flatMap((o) => strictErrors(o))).toEqual([]);
  return find(objs, 'NetworkPolicy', 'singleuser').spec.egress;
}
const internetRule = (rules: any[]) => rules.find((r) => r.to?.[0]?.ipBlock?.cidr === '0.0.0.0/0');

test('by default the users reach the internet, not the private ranges nor the metadata endpoint', () => {
  expect(internetRule(egressOf({})).to[0].ipBlock.except).toContain('169.254.169.254/32');
});

test('an exam without internet: no rule to 0.0.0.0/0; the hub and DNS stay reachable', () => {
  const rules = egressOf({ egress: { internet: false } });
  expect(internetRule(rules)).toBeUndefined();
  expect(rules.length).toBeGreaterThanOrEqual(2);
  expect(JSON.stringify(rules)).toContain('"port":53');
});

test('allowedCidrs add one rule each, any port (a course mirror in a private range)', () => {
  const rules = egressOf({ egress: { internet: false, allowedCidrs: ['10.20.0.0/16', '192.168.7.5/32'] } });
  expect(rules).toContainEqual({ to: [{ ipBlock: { cidr: '10.20.0.0/16' } }] });
  expect(rules).toContainEqual({ to: [{ ipBlock: { cidr: '192.168.7.5/32' } }] });
});

describe('refuses', () => {
  const build = (singleUser: SingleUser) => () => hubIn(chart('course'), 'hub', { singleUser });
  const rows: Row[] = [
    ['a CIDR that is none', build({ egress: { allowedCidrs: ['10.20.0.0'] } }), P('singleUser.egress.allowedCidrs[0]')],
    [
      'an octet over 255',
      build({ egress: { allowedCidrs: ['10.300.0.0/16'] } }),
      P('singleUser.egress.allowedCidrs[0]'),
    ],
    ['host bits set', build({ egress: { allowedCidrs: ['10.20.0.1/16'] } }), P('singleUser.egress.allowedCidrs[0]')],
    [
      'a CIDR holding the blocked metadata endpoint',
      build({ egress: { allowedCidrs: ['169.254.0.0/16'] } }),
      P('singleUser.egress.allowedCidrs[0]'),
    ],
    [
      'the same CIDR twice',
      build({ egress: { allowedCidrs: ['10.0.0.0/8', '10.0.0.0/8'] } }),
      P('singleUser.egress.allowedCidrs'),
    ],
    [
      'egress without the NetworkPolicy that enforces it',
      build({ networkPolicy: false, blockCloudMetadata: false, egress: { internet: false } }),
      P('singleUser.egress'),
    ],
    [
      'internet that is no boolean (JavaScript)',
      build({ egress: { internet: js('no') } }),
      P('singleUser.egress.internet'),
    ],
  ];
  test.each(rows)('%s', (what, b, message) => expectRefused(what, b, message));
});

test('a CIDR holding the metadata endpoint is accepted once blockCloudMetadata is off', () => {
  expect(egressOf({ blockCloudMetadata: false, egress: { allowedCidrs: ['169.254.0.0/16'] } })).toContainEqual({
    to: [{ ipBlock: { cidr: '169.254.0.0/16' } }],
  });
});
