import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { HubBinding } from './hub-binding';
import { HubIntegrationConfig, IHub, IHubIntegration } from './hub-integration';
import { addAppChecks } from '../core/app-checks';
import { checkProps } from '../core/check-props';
import { checkDnsSubdomain, checkSecretKey, checkYamlText, fail } from '../core/validate';
import { Namespace } from '../core/namespace';

/**
 * The scopes JupyterHub 5.5 defines (`jupyterhub/scopes.py`, `scope_definitions`); a scope is one
 * of these, optionally with a filter (`!user=ada`, `!service=dask-gateway`, `!user`, ...).
 */
const JUPYTERHUB_SCOPES = new Set([
  '(no_scope)',
  'self',
  'inherit',
  'admin-ui',
  'admin:users',
  'admin:auth_state',
  'users',
  'delete:users',
  'list:users',
  'read:users',
  'read:users:name',
  'read:users:groups',
  'read:users:activity',
  'read:roles',
  'read:roles:users',
  'read:roles:services',
  'read:roles:groups',
  'users:activity',
  'admin:servers',
  'admin:server_state',
  'servers',
  'read:servers',
  'delete:servers',
  'tokens',
  'read:tokens',
  'admin:groups',
  'groups',
  'list:groups',
  'read:groups',
  'read:groups:name',
  'delete:groups',
  'admin:services',
  'list:services',
  'read:services',
  'read:services:name',
  'read:hub',
  'access:servers',
  'access:services',
  'users:shares',
  'read:users:shares',
  'groups:shares',
  'read:groups:shares',
  'read:shares',
  'shares',
  'proxy',
  'shutdown',
  'read:metrics',
]);
const SCOPE_FILTER = /^!(user|service|group|server)(=[^\s!]+)?$/;

/**
 * A JupyterHub scope: what a token may do (`list:users`, `access:services!service=x`, ...). A
 * {@link HubService} gets a role with the scopes it is given, and nothing else.
 * @see https://jupyterhub.readthedocs.io/en/stable/rbac/scopes.html
 */
export class HubScope {
  /** List users, including at least their names. */
  public static readonly LIST_USERS = new HubScope('list:users');
  /** Read user models (names, groups, last activity; the default server's URL). */
  public static readonly READ_USERS = new HubScope('read:users');
  /** Read the time of each user's last activity. */
  public static readonly READ_USERS_ACTIVITY = new HubScope('read:users:activity');
  /** Read users' names and their server models. */
  public static readonly READ_SERVERS = new HubScope('read:servers');
  /** Stop and delete users' servers. */
  public static readonly DELETE_SERVERS = new HubScope('delete:servers');
  /** Start and stop users' servers. */
  public static readonly SERVERS = new HubScope('servers');
  /** Read, modify, create and delete users (tantamount to superuser). */
  public static readonly ADMIN_USERS = new HubScope('admin:users');
  /** Read detailed information about the hub. */
  public static readonly READ_HUB = new HubScope('read:hub');

  /**
   * A scope by its JupyterHub name, optionally filtered, e.g. `'read:users!group=staff'`.
   * @throws if the scope is not one JupyterHub 5.5 defines, or the filter is malformed.
   */
  public static of(scope: string): HubScope {
    checkProps('HubScope.of', { scope });
    const bang = scope.indexOf('!');
    const base = bang < 0 ? scope : scope.slice(0, bang);
    if (!JUPYTERHUB_SCOPES.has(base)) {
      fail(
        'scope',
        scope,
        "must be a scope JupyterHub 5.5 defines (e.g. 'list:users', 'read:servers', 'access:services'), optionally with a filter such as '!user=ada'",
      );
    }
    if (bang >= 0 && !SCOPE_FILTER.test(scope.slice(bang))) {
      fail(
        'scope',
        scope,
        "has a malformed filter: write '!user=<name>', '!group=<name>', '!service=<name>' or '!server=<user>/<server>' after the scope",
      );
    }
    return new HubScope(scope);
  }

  /**
   * Access to one service (`access:services!service=<name>`): what a token needs to use a service
   * that checks access scopes.
   */
  public static accessService(name: string): HubScope {
    checkProps('HubScope.accessService', { name });
    return HubScope.of(`access:services!service=${checkServiceName('name', name)}`);
  }

  private constructor(
    /** The scope as JupyterHub writes it. */
    public readonly value: string,
  ) {}

  /** The scope as JupyterHub writes it. */
  public toString(): string {
    return this.value;
  }
}

/** Names of JupyterHub's own roles: a service's role is named after the service, so these are taken. */
const RESERVED_NAMES = new Set(['user', 'admin', 'server', 'token']);

/** A service name: a DNS label (it names a Secret and a URL path), not one of JupyterHub's role names. */
function checkServiceName(prop: string, name: string): string {
  if (!/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name)) {
    fail(
      prop,
      name,
      "must be lower-case letters, digits and '-', starting with a letter and ending with a letter or digit, at most 63 characters (e.g. 'dask-gateway'): it names the service's URL path, role and token Secret",
    );
  }
  if (RESERVED_NAMES.has(name))
    fail(
      prop,
      name,
      `is the name of one of JupyterHub's own roles (${[...RESERVED_NAMES].join(', ')}), and a service's role is named after it: choose another name`,
    );
  return name;
}

/** Props of {@link HubService}. */
export interface HubServiceProps {
  /** Name of the service: its URL path (`/services/<name>/`), its role and its token Secret. */
  readonly name: string;

  /**
   * URL of the service, which the hub's proxy routes `/services/<name>/` to, e.g.
   * `http://my-service.my-namespace:8000`.
   * @default - none: an API client of the hub, not reachable through the proxy
   */
  readonly url?: string;

  /**
   * Whether the hub lists the service in its Services menu (with a URL only).
   * @default true (JupyterHub's default)
   */
  readonly display?: boolean;

  /**
   * One line on what the service is (a comment in the hub config).
   * @default - the name
   */
  readonly description?: string;

  /**
   * What the service's token may do: the scopes of the service's role.
   * @default - none: the token identifies the service and nothing more
   */
  readonly scopes?: HubScope[];

  /**
   * Whether every user, and every user's server, may use the service: the hub's `user` and
   * `server` roles get `access:services!service=<name>`, so a service that checks access scopes
   * (Dask Gateway) accepts their tokens.
   * @default false
   */
  readonly userAccess?: boolean;

  /**
   * Name of the Secret holding the service's API token (key `api-token`).
   * @default - `<hub name prefix>hub-service-<name>`
   */
  readonly tokenSecretName?: string;

  /**
   * Key of the token in the token Secret.
   * @default 'api-token'
   */
  readonly tokenSecretKey?: string;

  /**
   * Whether you create the token Secret (`tokenSecretName`, with the token under
   * `tokenSecretKey`) in the hub's namespace: the hub's `secret-init` then never generates one,
   * and the hub's pod starts once the Secret exists (its env reads it). A token value is never
   * accepted in the props.
   * @default false: the token is generated in the cluster
   */
  readonly tokenSecretProvided?: boolean;

  /**
   * Where the hub sends a browser back after the service's OAuth login (`oauth_redirect_uri`), a
   * path such as `/services/dask-gateway/dashboards/oauth_callback`: what makes a service without
   * a `url` an OAuth client (its pages are routed to it some other way).
   * @default - JupyterHub's: `/services/<name>/oauth_callback` when the service has a `url`
   */
  readonly oauthRedirectUri?: string;

  /**
   * Whether users log in to the service without a confirmation page (`oauth_no_confirm`): for a
   * service the hub's operator runs, which only learns who the user is.
   * @default false
   */
  readonly oauthNoConfirm?: boolean;

  /**
   * A command the hub runs as a managed service (`command` of `c.JupyterHub.services`, no shell):
   * a process of the hub container, so a program of the hub image (or of a volume mounted with
   * `HubProps.extraVolumeMounts`). JupyterHub starts it with its token and the hub's API URL in
   * `JUPYTERHUB_API_TOKEN` and `JUPYTERHUB_API_URL`, and restarts it when it exits. A `url` of such
   * a service points at the hub pod (e.g. `http://hub:10101`, with `HubProps.service.extraPorts`).
   * @example
   * ['python3', '-m', 'my_service', '--port=10101']
   * @default - none: the service runs elsewhere
   */
  readonly command?: string[];
}

/** Key of the token in the token Secret. */
const TOKEN_KEY = 'api-token';

/**
 * A service registered with a {@link Hub} (`c.JupyterHub.services`): its name, URL, role and an
 * API token of its own. Give it to the hub (`hub.addIntegration(service)`), in the hub's
 * namespace. The token is 32 random bytes generated **in the cluster** by the hub's
 * `secret-init` container into a Secret of its own (never in the manifests, never rotated by a
 * re-apply, created when missing even if the hub's other Secrets exist, e.g. when a service is
 * added to a running hub); the hub reads it from its environment, and the service's pods read it
 * by `secretKeyRef` ({@link HubService.apiTokenRef}). With `tokenSecretProvided` the token is in
a Secret you create instead, and nothing generates it.
 *
 * @example
 * const svc = new HubService(chart, 'reports', { name: 'reports', url: 'http://reports:8000', scopes: [HubScope.LIST_USERS] });
 * hub.addIntegration(svc);
 * // in the service's pod: { name: 'JUPYTERHUB_API_TOKEN', valueFrom: { secretKeyRef: svc.apiTokenRef } }
 */
export class HubService extends Construct implements IHubIntegration {
  /** Name of the service. */
  public readonly name: string;
  /** URL the proxy routes `/services/<name>/` to, if any. */
  public readonly url?: string;
  /** Key of the token in {@link tokenSecretName}. */
  public readonly tokenKey: string;
  /** Whether the token Secret is the user's (`tokenSecretProvided`): nothing generates it. */
  public readonly tokenSecretProvided: boolean;
  /** The environment variable of the hub container that holds the token. */
  public readonly hubTokenEnv: string;

  private readonly binding: HubBinding;
  private readonly props: HubServiceProps;
  private readonly scopes: string[];
  private boundTokenSecretName?: string;

  public constructor(scope: Construct, id: string, props: HubServiceProps) {
    checkProps('HubServiceProps', props);
    super(scope, id);
    addAppChecks(this);
    this.binding = new HubBinding(this, 'HubService');
    this.props = props;
    this.name = checkServiceName('name', props.name);
    this.url = props.url === undefined ? undefined : checkServiceUrl('url', props.url);
    if (props.description !== undefined && !/^[\x20-\x7e]{1,200}$/.test(props.description)) {
      fail(
        'description',
        props.description,
        'must be one line of at most 200 printable ASCII characters (it becomes a comment in the hub config)',
      );
    }
    this.scopes = (props.scopes ?? []).map((s) => s.value);
    if (props.tokenSecretName !== undefined) checkDnsSubdomain('tokenSecretName', props.tokenSecretName);
    this.tokenKey =
      props.tokenSecretKey === undefined ? TOKEN_KEY : checkSecretKey('tokenSecretKey', props.tokenSecretKey);
    this.tokenSecretProvided = props.tokenSecretProvided ?? false;
    if (this.tokenSecretProvided && props.tokenSecretName === undefined)
      fail('tokenSecretName', undefined, 'must name the Secret you create when tokenSecretProvided is true');
    if (props.oauthRedirectUri !== undefined && !/^\/[\x21-\x7e]*$/.test(props.oauthRedirectUri)) {
      fail(
        'oauthRedirectUri',
        props.oauthRedirectUri,
        "must be an absolute path of printable ASCII without spaces, e.g. '/services/my-service/oauth_callback'",
      );
    }
    this.hubTokenEnv = `HUB_SERVICE_TOKEN_${this.name.toUpperCase().replace(/-/g, '_')}`;
    checkCommand(props.command);
  }

  /** The hub the service is registered with; known once it is added to a hub. */
  public get hub(): IHub {
    return this.binding.hub;
  }

  /** Name of the Secret with the service's API token (in the hub's namespace); known once the service is added to a hub. */
  public get tokenSecretName(): string {
    if (this.boundTokenSecretName === undefined) return this.binding.hub as never; // throws: not added to a hub yet
    return this.boundTokenSecretName;
  }

  /** The service's token as a `secretKeyRef`, for the env of the service's pods (`JUPYTERHUB_API_TOKEN`); known once the service is added to a hub. */
  public get apiTokenRef(): k8s.SecretKeySelector {
    return { name: this.tokenSecretName, key: this.tokenKey };
  }

  /** The service as the hub registers it, its token Secret (made by the hub's `secret-init`, unless it is the user's) and the env that carries the token into the hub. */
  public bindToHub(hub: IHub): HubIntegrationConfig {
    checkProps('HubService#bindToHub', { hub });
    this.binding.bind(hub);
    if (Namespace.of(this) !== hub.namespace) {
      fail(
        'hub',
        hub.node.path,
        `is in namespace '${hub.namespace}', the service in '${Namespace.of(this)}': the service's pods read its token Secret, which the hub creates in its own namespace`,
      );
    }
    this.boundTokenSecretName =
      this.props.tokenSecretName ?? checkDnsSubdomain('tokenSecretName', `${hub.namePrefix}hub-service-${this.name}`);
    return {
      services: [
        {
          name: this.name,
          description: this.props.description ?? `Service ${this.name}: its own API token from ${this.tokenSecretName}`,
          url: this.url,
          command: this.props.command && [...this.props.command],
          display: this.url === undefined ? undefined : (this.props.display ?? true),
          scopes: this.scopes.length > 0 ? this.scopes : undefined,
          apiTokenEnv: this.hubTokenEnv,
          userAccess: this.props.userAccess ?? false,
          oauthRedirectUri: this.props.oauthRedirectUri,
          oauthNoConfirm: this.props.oauthNoConfirm,
        },
      ],
      hubSecretEnv: { [this.hubTokenEnv]: this.apiTokenRef },
      generatedSecrets: this.tokenSecretProvided ? [] : [{ name: this.tokenSecretName, keys: [this.tokenKey] }],
    };
  }
}

/** An http(s) URL of a service, printable ASCII, without query or fragment. */
function checkServiceUrl(prop: string, url: string): string {
  if (
    !/^https?:\/\/([a-z0-9]([-a-z0-9.]*[a-z0-9])?|\[[0-9a-fA-F:]+\])(:\d{1,5})?(\/[\x21-\x7e]*)?$/.test(url) ||
    /[?#\\"']/.test(url)
  ) {
    fail(
      prop,
      url,
      "must be an http(s) URL of the service without query or fragment, e.g. 'http://my-service.my-namespace:8000'",
    );
  }
  return url;
}

/** A managed service's command: a non-empty list of non-empty arguments, each one line of text. */
function checkCommand(command: readonly string[] | undefined): void {
  if (command === undefined) return;
  if (!Array.isArray(command) || command.length === 0 || command.some((a) => typeof a !== 'string' || a === ''))
    fail('command', command, "must be a non-empty list of non-empty arguments, e.g. ['python3', '-m', 'my_service']");
  command.forEach((a, i) => {
    if (a.includes('\0'))
      fail(`command[${i}]`, a, 'must not contain a NUL character: a program argument cannot hold one');
    checkYamlText(`command[${i}]`, a);
  });
}
