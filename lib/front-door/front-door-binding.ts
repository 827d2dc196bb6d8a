/**
 * The one proxy a front door is given to (`proxy.addFrontDoor(door)`), recorded when the proxy
 * binds it: it refuses a second proxy, and makes a door that was never bound an error at
 * synthesis (rather than a silently missing route).
 * @internal
 */
import type { Construct } from 'constructs';
import { fail } from '../core/validate';
import type { IProxy } from './proxy-front-door';

export class FrontDoorBinding {
  private bound?: IProxy;

  /** @param what the door's class name, for errors (`NginxIngress`). */
  public constructor(
    private readonly owner: Construct,
    private readonly what: string,
  ) {
    owner.node.addValidation({
      validate: () =>
        this.bound
          ? []
          : [
              `${what} '${owner.node.path}' is in front of no proxy: give it to one with proxy.addFrontDoor(...), before the proxy is added to its hub`,
            ],
    });
  }

  /** Records the proxy; throws if the door already has one. */
  public bind(proxy: IProxy): IProxy {
    if (this.bound !== undefined) {
      fail(
        'door',
        this.owner.node.path,
        `is already in front of proxy '${this.bound.node.path}': a ${this.what} fronts one proxy (create one per proxy)`,
      );
    }
    this.bound = proxy;
    return proxy;
  }

  /** The proxy; throws while there is none. */
  public get proxy(): IProxy {
    if (this.bound === undefined) {
      fail(
        'door',
        this.owner.node.path,
        `is in front of no proxy yet: give this ${this.what} to one with proxy.addFrontDoor(...), then add the proxy to its hub`,
      );
    }
    return this.bound;
  }
}
