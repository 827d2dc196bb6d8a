/**
 * Issue 21, item 12: `AzureAdAuthenticator.tenantId` is the tenant's id (a GUID) or a domain of the
 * tenant (`contoso.onmicrosoft.com`, `contoso.com`): OAuthenticator puts it into the Microsoft
 * identity platform's URLs (`https://login.microsoftonline.com/<tenant>/oauth2/v2.0/authorize`). A
 * value that is neither (one label, a GUID with a typo, a URL) is refused when the authenticator is
 * made, as the multi-tenant aliases already are.
 */
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Authenticator } from '../../lib';

function azureAd(tenantId: string): Authenticator {
  const c = new Chart(Testing.app(), 't');
  return Authenticator.azureAd({
    tenantId,
    clientId: '11111111-1111-1111-1111-111111111111',
    clientSecret: { secret: kplus.Secret.fromSecretName(c, 'S', 'azure-ad-oauth'), key: 'client-secret' },
    allowAll: true,
  });
}

const FIX =
  "must be the tenant id, a GUID such as '72f988bf-86f1-41af-91ab-2d7cd011db47', or a verified domain such as 'contoso.onmicrosoft.com'";

describe('AzureAdAuthenticator.tenantId', () => {
  test.each([
    '72f988bf-86f1-41af-91ab-2d7cd011db47',
    '72F988BF-86F1-41AF-91AB-2D7CD011DB47',
    'contoso.onmicrosoft.com',
    'contoso.com',
    'research.example.co.uk',
    'xn--bcher-kva.example',
  ])('%s: a GUID or a domain is accepted', (tenant) => {
    expect(() => azureAd(tenant)).not.toThrow();
  });

  test.each([
    ['one label (no domain)', 'mytenant'],
    ['one label, GUID-like', '72f988bf86f141af91ab2d7cd011db47'],
    ['a GUID with a digit missing', '72f988bf-86f1-41af-91ab-2d7cd011db4'],
    ['a GUID with a letter outside hex', '72f988bf-86f1-41af-91ab-2d7cd011dbxz'],
    ['a GUID in braces', '{72f988bf-86f1-41af-91ab-2d7cd011db47}'],
    ['a numeric top-level label', 'contoso.123'],
    ['a URL', 'https://login.microsoftonline.com/contoso.com'],
    ['a path', 'contoso.com/v2.0'],
    ['spaces', 'contoso .com'],
    ['empty', ''],
    ['an IP address', '10.0.0.1'],
  ])('%s (%s) is refused', (_what, tenant) => {
    expect(() => azureAd(tenant)).toThrow(`Invalid 'authenticator.tenantId' ('${tenant}'): ${FIX}`);
  });

  test('a multi-tenant alias keeps its own explanation', () => {
    expect(() => azureAd('organizations')).toThrow(
      /^Invalid 'authenticator.tenantId' \('organizations'\): is a multi-tenant alias/,
    );
  });
});
