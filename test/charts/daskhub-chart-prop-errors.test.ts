/**
 * Issue 21, item 12: a bad value given to `DaskhubChart` is reported under the name of the chart's
 * prop the caller wrote (`clientSecretName`, `contactEmail`, ...), not under the path of the
 * construct the chart passed it to (`authenticator.clientSecret.secret.name`, `tls.email`).
 */
import { Testing } from 'cdk8s';
import { DaskhubChart, DaskhubChartProps } from '../../lib';

const make = (props: DaskhubChartProps) => () => new DaskhubChart(Testing.app(), 'daskhub', props);

describe('DaskhubChart: errors name the chart prop the caller wrote', () => {
  test.each([
    ['clientSecretName', { clientSecretName: 'Azure_AD' }, "'Azure_AD'", 'must be a DNS-1123 subdomain'],
    ['clientSecretKey', { clientSecretKey: 'client secret' }, "'client secret'", 'must be a valid Secret key'],
    ['contactEmail', { contactEmail: 'hub-admin' }, "'hub-admin'", 'must be one plain email address'],
    ['tenantId', { tenantId: 'contoso' }, "'contoso'", 'must be the tenant id, a GUID'],
    ['tenantId', { tenantId: 'common' }, "'common'", 'is a multi-tenant alias'],
    ['clientId', { clientId: 'a b' }, "'a b'", 'must be the client id'],
    ['allowedUsers', { allowedUsers: [' ada'] }, '[" ada"]', 'user names must be non-empty'],
    ['allowedGroups', { allowedGroups: [''] }, "''", 'must be a group id'],
    ['adminUsers', { adminUsers: ['ada', 'ada'] }, '["ada","ada"]', "lists 'ada' twice"],
    ['adminGroups', { adminGroups: [' g'] }, "' g'", 'must be a group id'],
    ['singleUserImage', { singleUserImage: 'Python:3' }, "'Python:3'", 'must be a container image reference'],
  ] as [string, DaskhubChartProps, string, string][])('%s %j', (prop, props, shown, fix) => {
    let message = '';
    try {
      make(props)();
    } catch (e) {
      message = (e as Error).message;
    }
    const expected = `Invalid '${prop}' (${shown}): ${fix}`;
    expect(message.slice(0, expected.length)).toBe(expected);
  });

  test('the stack of the error carries the renamed message', () => {
    let error: Error | undefined;
    try {
      make({ contactEmail: "$'x" })();
    } catch (e) {
      error = e as Error;
    }
    expect(error!.message).toMatch(/^Invalid 'contactEmail' \('\$'x'\): /);
    expect(error!.stack!.startsWith(`Error: ${error!.message}\n`)).toBe(true);
  });
});
