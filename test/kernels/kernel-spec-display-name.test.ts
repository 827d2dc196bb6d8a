/**
 * KernelSpec.displayName (issue 21, item 10): the name JupyterLab's launcher shows for the kernel.
 * An empty or blank one would show a kernel without a name, so it is refused at construction,
 * naming the prop; left out, the kernel name is shown.
 */
import { KernelSpec } from '../../lib';
import { chart } from '../util';

const displayNameOf = (spec: KernelSpec): string => JSON.parse(spec.kernelJson).display_name;

describe('KernelSpec.displayName', () => {
  test.each([[''], [' '], ['\t\n']])(
    'an empty or blank display name (%j) is refused, naming the prop and the fix',
    (displayName) => {
      expect(() => new KernelSpec(chart(), 'py', { name: 'python_kubernetes', displayName })).toThrow(
        /^Invalid 'displayName' \(.*\): must not be empty: give the name JupyterLab shows, or leave it out to show the kernel name 'python_kubernetes'$/,
      );
    },
  );

  test('left out, the kernel name is shown', () => {
    expect(displayNameOf(new KernelSpec(chart(), 'py', { name: 'python_kubernetes' }))).toBe('python_kubernetes');
  });

  test('a display name is shown as given', () => {
    const spec = new KernelSpec(chart(), 'py', { name: 'python_kubernetes', displayName: 'Python on Kubernetes' });
    expect(displayNameOf(spec)).toBe('Python on Kubernetes');
  });
});
