/**
 * The one hub an integration construct is given to. Integrations are passed to the hub
 * (`hub.addIntegration(x)` or the Hub's `integrations` prop), never the other way round: the hub
 * calls `bindToHub(hub)`, and the integration creates its hub-dependent objects then. This keeps
 * the record, refuses a second hub, and makes an integration that was never added an error at
 * synthesis (rather than a silently missing part).
 * @internal
 */
import type { Construct } from 'constructs';
import { fail } from '../core/validate';
import type { IHub } from './hub-integration';

export class HubBinding {
  private bound?: IHub;

  /** @param what the integration's class name, for errors (`UserScheduler`). */
  public constructor(
    private readonly owner: Construct,
    private readonly what: string,
  ) {
    owner.node.addValidation({
      validate: () =>
        this.bound
          ? []
          : [
              `${what} '${owner.node.path}' was never added to a hub: give it to the hub with hub.addIntegration(...) or the Hub's 'integrations' prop`,
            ],
    });
  }

  /** Records the hub; throws if the integration already has one. */
  public bind(hub: IHub): IHub {
    if (this.bound !== undefined) {
      fail(
        'integration',
        this.owner.node.path,
        `is already added to hub '${this.bound.node.path}': a ${this.what} belongs to one hub (create one per hub)`,
      );
    }
    this.bound = hub;
    return hub;
  }

  /** Whether a hub was given. */
  public get isBound(): boolean {
    return this.bound !== undefined;
  }

  /** The hub; throws while there is none. */
  public get hub(): IHub {
    if (this.bound === undefined) {
      fail(
        'integration',
        this.owner.node.path,
        `is not added to a hub yet: call hub.addIntegration(...) with this ${this.what} first`,
      );
    }
    return this.bound;
  }
}
