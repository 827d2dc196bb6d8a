import type { k8s } from 'cdk8s-plus-27';
import { ConfigTrait } from '../core/config-trait';
import { checkProps } from '../core/check-props';
import { checkPort, fail } from '../core/validate';
import { Authenticator } from './authenticator';
import type { AuthenticatorBinding } from './authenticator-binding';
import { refuseSecretText, secretFromEnv } from './authenticator-checks';
import type { CustomAuthenticatorOptions } from './custom-authenticator-options';

const PY_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PY_DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

type TraitValue = string | number | boolean | string[];

/** The trait of a typed map as a setting of `cls`. */
function traitOf(cls: string, trait: string, value: TraitValue): ConfigTrait {
  if (Array.isArray(value)) return ConfigTrait.stringList(cls, trait, value);
  if (typeof value === 'number') return ConfigTrait.number(cls, trait, value);
  if (typeof value === 'boolean') return ConfigTrait.boolean(cls, trait, value);
  return ConfigTrait.string(cls, trait, value);
}

/** The traits of the typed maps, then the secret traits, each set once; and the secrets' env. */
function customTraits(cls: string, options: CustomAuthenticatorOptions) {
  const traits: ConfigTrait[] = [];
  const seen = new Set<string>();
  const use = (prop: string, trait: string) => {
    if (!PY_IDENTIFIER.test(trait))
      fail(`authenticator.${prop}`, trait, 'must be a trait name (a Python identifier such as client_id)');
    if (seen.has(trait)) fail(`authenticator.${prop}`, trait, 'is set in two trait maps: set each trait once');
    seen.add(trait);
  };
  const maps: [string, { [trait: string]: TraitValue } | undefined][] = [
    ['stringTraits', options.stringTraits],
    ['numberTraits', options.numberTraits],
    ['booleanTraits', options.booleanTraits],
    ['stringListTraits', options.stringListTraits],
  ];
  for (const [prop, map] of maps) {
    for (const [trait, value] of Object.entries(map ?? {})) {
      use(prop, trait);
      traits.push(traitOf(cls, trait, value));
    }
  }
  const secretEnv: { [envName: string]: k8s.SecretKeySelector } = {};
  for (const [trait, ref] of Object.entries(options.secretTraits ?? {})) {
    use('secretTraits', trait);
    const envName = `HUB_AUTH_${trait.toUpperCase()}`;
    if (envName in secretEnv)
      fail('authenticator.secretTraits', trait, 'differs from another secret trait only in case: set each trait once');
    const secret = secretFromEnv(`secretTraits.${trait}`, ref, envName);
    secretEnv[envName] = secret.selector;
    traits.push(
      ConfigTrait.fromEnv(cls, trait, envName).withComment(
        `${trait} is read from the hub's env (Secret '${secret.secretName}', key '${secret.key}').`,
      ),
    );
  }
  return { traits, secretEnv };
}

/** The identity provider's ports: each a TCP port, listed once. */
function egressPorts(ports: readonly number[] | undefined): number[] {
  const list = [...(ports ?? [])];
  list.forEach((p) => checkPort('authenticator.egressPorts', p));
  const twice = list.find((p, i) => list.indexOf(p) !== i);
  if (twice !== undefined) fail('authenticator.egressPorts', list, `lists ${twice} twice: list each port once`);
  return list;
}

/**
 * Any other authenticator class installed in the hub image, configured with typed traits.
 *
 * Its traits are typed maps written as Python literals; secrets come from Secret keys
 * (`secretTraits`) and the hub's NetworkPolicy opens `egressPorts` to the identity provider. Also
 * made by `Authenticator.custom(options)`.
 */
export class CustomAuthenticator extends Authenticator {
  private readonly binding: AuthenticatorBinding;

  /** @throws if a class or trait name is not a Python identifier, a trait is given twice, or a secret is given as text. */
  public constructor(options: CustomAuthenticatorOptions) {
    super();
    refuseSecretText('CustomAuthenticator', options, ['secretTraits']);
    refuseSecretText(
      'CustomAuthenticator',
      options?.secretTraits,
      Object.keys(options?.secretTraits ?? {}),
      'authenticator.secretTraits',
    );
    checkProps('CustomAuthenticatorOptions', options, 'options');
    const className = options.className;
    if (typeof className !== 'string' || !PY_DOTTED.test(className)) {
      fail(
        'authenticator.className',
        className,
        "must be a Python import path such as 'oauthenticator.generic.GenericOAuthenticator'",
      );
    }
    const configClass = options.configClass ?? (className.split('.').pop() as string);
    if (!PY_IDENTIFIER.test(configClass))
      fail('authenticator.configClass', configClass, "must be a Python class name such as 'GenericOAuthenticator'");
    const { traits, secretEnv } = customTraits(configClass, options);
    this.binding = {
      className,
      adminUsers: options.adminUsers ?? [],
      allowedUsers: options.allowedUsers ?? [],
      allowAll: options.allowAll ?? false,
      traits,
      secretEnv,
      egressPorts: egressPorts(options.egressPorts),
    };
  }

  /** The class, its traits, the secret traits' env and the identity provider's ports. */
  public bind(): AuthenticatorBinding {
    return this.binding;
  }
}
