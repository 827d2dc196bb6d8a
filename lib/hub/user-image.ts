/**
 * The users' server image and when nodes pull it: pinned unless opted out, the pull policy of
 * the server image and of the profiles' (pinned) images.
 * @internal
 */
import type { HubProps } from './hub-props';
import { IMAGES } from '../core/constants';
import { checkImageReference, checkPinnedImage, fail, isPinnedImage, show } from '../core/validate';
import { PullPolicy } from '../core/workload-options';

/** The server image: pinned, unless the user opted out explicitly. */
export function resolveImage(su: NonNullable<HubProps['singleUser']>): string {
  const image = su.image ?? IMAGES.singleUser;
  if (!su.allowUnpinnedImage) return checkPinnedImage('singleUser.image', image);
  checkImageReference('singleUser.image', image);
  if (isPinnedImage(image)) {
    fail(
      'singleUser.allowUnpinnedImage',
      true,
      `is set, but 'singleUser.image' (${show(image)}) is pinned: remove 'allowUnpinnedImage' (it would only make every node pull the image on every start)`,
    );
  }
  return image;
}

/** The server image's pull policy, and that of the profiles' pinned images. */
export function resolvePullPolicy(su: NonNullable<HubProps['singleUser']>) {
  const given = su.imagePullPolicy;
  const policies = Object.values(PullPolicy) as string[];
  if (given !== undefined && !policies.includes(given))
    fail('singleUser.imagePullPolicy', given, `must be one of ${policies.join(', ')} (PullPolicy)`);
  if (su.allowUnpinnedImage && given !== undefined && given !== PullPolicy.ALWAYS)
    fail(
      'singleUser.imagePullPolicy',
      given,
      "must be PullPolicy.ALWAYS with 'allowUnpinnedImage' (a moving tag not pulled again runs whatever a node pulled first): remove it, or pin the image",
    );
  const pinnedPullPolicy: string = given ?? PullPolicy.IF_NOT_PRESENT;
  return { imagePullPolicy: su.allowUnpinnedImage ? PullPolicy.ALWAYS : pinnedPullPolicy, pinnedPullPolicy };
}
