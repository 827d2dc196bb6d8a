/**
 * Issue 21, item 12: the errors of `GkeChart` name the prop its caller wrote, `singleUserImage`,
 * not the Hub prop it becomes (`singleUser.image`).
 */
import { App } from 'cdk8s';
import { GkeChart } from '../../lib';

describe('GkeChart.singleUserImage errors', () => {
  test.each(['Not An Image', 'docker.io/aodewahn/thinkdsp:', 'UPPER/case:1.0', ''])(
    'a bad image %j is reported as singleUserImage',
    (image) => {
      expect(() => new GkeChart(new App(), 'gke', { singleUserImage: image })).toThrow(
        /^Invalid 'singleUserImage' \(.*\): must be a container image reference/,
      );
    },
  );

  test('a pinned image, and the moving one of the seed, are taken', () => {
    expect(
      new GkeChart(new App(), 'gke', { singleUserImage: 'quay.io/jupyter/scipy-notebook:2025-10-20' }).hub
        .singleUserImage,
    ).toBe('quay.io/jupyter/scipy-notebook:2025-10-20');
    expect(
      new GkeChart(new App(), 'gke', { singleUserImage: 'docker.io/aodewahn/thinkdsp:latest' }).hub.singleUserImage,
    ).toBe('docker.io/aodewahn/thinkdsp:latest');
  });
});
