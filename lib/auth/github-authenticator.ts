import { ConfigTrait } from '../core/config-trait';
import { checkProps } from '../core/check-props';
import { Authenticator } from './authenticator';
import type { AuthenticatorBinding } from './authenticator-binding';
import { checkNames, checkUrl, refuseSecretText, whoMayLogIn } from './authenticator-checks';
import type { GitHubAuthenticatorOptions } from './github-authenticator-options';
import { oauthBinding } from './oauth-binding';

/** A GitHub organization (`org`) or team (`org:team-slug`). */
const GITHUB_ORG = {
  re: /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?::[A-Za-z0-9][A-Za-z0-9_.-]*)?$/,
  fix: "must be an organization ('my-org') or a team ('my-org:team-slug') as in its GitHub URL",
};

const PROVIDER = {
  name: 'GitHub',
  className: 'oauthenticator.github.GitHubOAuthenticator',
  configClass: 'GitHubOAuthenticator',
};

/**
 * OAuth login with GitHub or a GitHub Enterprise Server.
 *
 * OAuthenticator's `GitHubOAuthenticator`: user names are GitHub logins; allow users by name or by
 * organization or team. Also made by `Authenticator.github(options)`.
 */
export class GitHubAuthenticator extends Authenticator {
  private readonly binding: AuthenticatorBinding;

  /** @throws if nothing would let anyone log in, or an option is malformed. */
  public constructor(options: GitHubAuthenticatorOptions) {
    super();
    refuseSecretText('GitHubAuthenticator', options, ['clientSecret']);
    checkProps('GitHubAuthenticatorOptions', options, 'options');
    const cls = PROVIDER.configClass;
    const orgs = checkNames(
      'allowedOrganizations',
      options.allowedOrganizations,
      'an organization or team',
      GITHUB_ORG,
    );
    const who = whoMayLogIn(options, {
      others: orgs,
      alternatives: ", 'allowedOrganizations'",
      everyone: 'every GitHub account',
    });
    const githubUrl =
      options.githubUrl === undefined
        ? undefined
        : checkUrl('authenticator.githubUrl', options.githubUrl, { originOnly: true }).replace(/\/+$/, '');
    const specific = [
      ...(githubUrl !== undefined ? [ConfigTrait.string(cls, 'github_url', githubUrl)] : []),
      ...(orgs.length > 0
        ? [
            ConfigTrait.stringSet(cls, 'allowed_organizations', orgs),
            // Without read:org GitHub shows only public membership.
            ConfigTrait.stringList(cls, 'scope', ['read:org']),
          ]
        : []),
    ];
    this.binding = oauthBinding(PROVIDER, options, who, { specific, urls: githubUrl !== undefined ? [githubUrl] : [] });
  }

  /** The GitHubOAuthenticator settings, the client secret's env and GitHub's https port. */
  public bind(): AuthenticatorBinding {
    return this.binding;
  }
}
