/**
 * Issue 21, item 10: `synthesize()` given something that is not a cdk8s App (a JavaScript caller's
 * `null`, `undefined`, a Chart) says so, instead of failing deep inside with a TypeError.
 */
import { App, Chart } from 'cdk8s';
import { synthesize } from '../../lib';

describe('synthesize() refuses what is not an App', () => {
  test.each([
    ['null', null, /^Invalid 'app' \(null\): must be a cdk8s App/],
    ['undefined', undefined, /^Invalid 'app' \(undefined\): must be a cdk8s App/],
    ['a string', 'dist', /^Invalid 'app' \('dist'\): must be a cdk8s App/],
    ['a plain object', {}, /^Invalid 'app' .*: must be a cdk8s App/],
  ])('%s: a clear error, not a TypeError', (_what, app, message) => {
    let error: unknown;
    try {
      synthesize(app as unknown as App);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/synthesize\(new App\(\)\)|synthesize\(app\)/);
  });

  test('a Chart instead of its App: told to pass the App', () => {
    const chart = new Chart(new App(), 'c');
    expect(() => synthesize(chart as unknown as App)).toThrow(/^Invalid 'app' .*is a Chart.*Chart's App/);
  });
});
