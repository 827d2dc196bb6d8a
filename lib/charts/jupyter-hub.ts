import { Construct } from 'constructs';
import { Hub } from '../hub/hub';
import { HubProps } from '../hub/hub-props';
import { missingAuthenticator } from '../auth/authenticator-config';
import { checkProps } from '../core/check-props';
import { checkDnsLabel, fail } from '../core/validate';
import { Namespace } from '../core/namespace';
import { NginxIngress } from '../front-door/nginx-ingress';
import type { NginxIngressOptions } from '../front-door/nginx-ingress-props';
import { Proxy } from '../front-door/proxy';
import type { ProxyOptions } from '../front-door/proxy-props';
import { addAppChecks } from '../core/app-checks';

/** Props of {@link JupyterHub}. */
export interface JupyterHubProps {
  /**
   * Namespace of the whole hub; a Namespace object is created for it.
   * @default - the construct id
   */
  readonly namespace?: string;

  /** The hub: its authenticator (required), user servers, storage, ... */
  readonly hub: HubProps;

  /**
   * The proxy (Service type, port, ...).
   * @default - Proxy defaults (a LoadBalancer on port 80)
   */
  readonly proxy?: ProxyOptions;

  /**
   * Put nginx in front of the proxy (an {@link NginxIngress}); `false` for none.
   * @default true
   */
  readonly frontDoor?: boolean;

  /**
   * Settings of the nginx front door.
   * @default - NginxIngress defaults (sidecar, 64Mi bodies)
   */
  readonly frontDoorOptions?: NginxIngressOptions;
}

/**
 * A whole JupyterHub in a namespace of its own: Namespace, Hub, Proxy and (by default) nginx in
 * front, all wired. One per course is a loop:
 *
 * @example
 * for (const course of ['physics-101', 'stats-201']) {
 *   new JupyterHub(new Chart(app, course), 'hub', {
 *     namespace: course,
 *     hub: { authenticator: Authenticator.native({ adminUsers: ['teacher'] }) },
 *   });
 * }
 * synthesize(app);
 */
export class JupyterHub extends Construct {
  /** The namespace. */
  public readonly namespace: Namespace;
  /** The hub. */
  public readonly hub: Hub;
  /** The proxy. */
  public readonly proxy: Proxy;
  /** nginx in front of the proxy, if any. */
  public readonly frontDoor?: NginxIngress;

  public constructor(scope: Construct, id: string, props: JupyterHubProps) {
    // Before the generic check, so that a caller without types is told the choices.
    const hub = (props as Partial<JupyterHubProps> | undefined)?.hub;
    if (typeof hub === 'object' && hub !== null && hub.authenticator === undefined)
      missingAuthenticator('hub.authenticator');
    checkProps('JupyterHubProps', props);
    super(scope, id);
    // Whole-app checks (duplicate objects, overlapping selectors, nodePorts), once per app.
    addAppChecks(this);
    if (!(props.frontDoor ?? true) && props.frontDoorOptions !== undefined) {
      fail(
        'frontDoorOptions',
        props.frontDoorOptions,
        "has no effect with 'frontDoor: false': remove it or turn the front door on",
      );
    }
    this.namespace = new Namespace(this, 'Namespace', { name: checkDnsLabel('namespace', props.namespace ?? id) });
    this.hub = within('hub', () => new Hub(this.namespace, 'Hub', props.hub));
    this.proxy = within('proxy', () => new Proxy(this.namespace, 'Proxy', { ...props.proxy }));
    if (props.frontDoor ?? true) {
      this.frontDoor = within(
        'frontDoorOptions',
        () => new NginxIngress(this.namespace, 'FrontDoor', { ...props.frontDoorOptions }),
      );
      this.proxy.addFrontDoor(this.frontDoor);
    }
    // Binding the proxy binds its front door: the door's checks against the proxy name frontDoorOptions
    // (and the hub's checks of its authenticator against the proxy's reach name hub.authenticator).
    within(this.frontDoor ? 'frontDoorOptions' : 'proxy', () => this.hub.addIntegration(this.proxy));
    this.namespace.orderBefore(this);
  }
}

/**
 * Runs `build` (a construct made from the nested props `prop`), naming the props in its errors as
 * JupyterHubProps does: `Invalid 'singleUser.uid'` from the Hub becomes `Invalid 'hub.singleUser.uid'`.
 */
function within<T>(prop: string, build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (e instanceof Error && /^Invalid '/.test(e.message)) {
      // The hub's authenticator is a prop of 'hub', whichever construct's binding found the error.
      const owner = /^Invalid 'authenticator[.']/.test(e.message) ? 'hub' : prop;
      // Replacement functions, not strings: the message quotes what the user typed, and a `$'`,
      // `$&` or `$$` in a replacement string is a pattern (String.prototype.replace).
      const message = e.message.replace(/^Invalid '/, () => `Invalid '${owner}.`);
      if (e.stack?.includes(e.message)) e.stack = e.stack.replace(e.message, () => message);
      e.message = message;
    }
    throw e;
  }
}
