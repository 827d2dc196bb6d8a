/**
 * DaskClusterOption: an option users set on their Dask clusters (worker cores and memory, image,
 * environment), run by the gateway's own option classes (dask-gateway.test.ts); the bad input its
 * factories refuse, naming the prop.
 */
import { DaskClusterOption } from '../../lib';

describe('refuses bad input, naming the prop', () => {
  test.each([
    [
      'worker cores with min above max',
      () => DaskClusterOption.workerCores({ min: 8, max: 4 }),
      /^Invalid 'workerCores.default' \(1\): must be between 'min' \(8\) and 'max' \(4\)/,
    ],
    [
      'a request fraction above 1',
      () => DaskClusterOption.workerMemory({ requestFraction: 1.5 }),
      /^Invalid 'workerMemory.requestFraction' \(1.5\): must be a fraction/,
    ],
    [
      'an unpinned default image',
      () => DaskClusterOption.image({ default: 'pangeo/pangeo-notebook:latest' }),
      /^Invalid 'image.default' /,
    ],
    ['a label with a newline', () => DaskClusterOption.environment({ label: 'a\nb' }), /^Invalid 'environment.label' /],
  ] as [string, () => unknown, RegExp][])('%s', (_what, build, error) => {
    expect(build).toThrow(error);
  });
});
