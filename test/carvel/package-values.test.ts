/**
 * PackageValue: a value of the Carvel package, its placeholder in the synthesized objects and its
 * ytt data value; what the templates refuse (a secret value outside a Secret, a placeholder
 * changed on its way) and the values refused at construction.
 */
import { PackageValue, PackageValueFormat } from '../../lib';
import { yttTemplate } from '../../lib/carvel/ytt-templates';

describe('refuses placeholders used wrongly, and values that cannot be given', () => {
  test("a secret value anywhere but a Secret's stringData fails", () => {
    const pw = PackageValue.stringValue('pw', { description: 'a password', sensitive: true });
    expect(() =>
      yttTemplate([{ kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: `p=${pw.placeholder}` } }], [pw], 'x.yaml'),
    ).toThrow(/Invalid 'values.pw'.*is a secret value/);
  });
  test('a placeholder changed on its way, or not declared, fails', () => {
    const ns = PackageValue.stringValue('ns', {
      description: 'n',
      defaultValue: 'a',
      format: PackageValueFormat.dnsLabel(),
    });
    expect(() =>
      yttTemplate([{ kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: ns.placeholder } }], [], 'x.yaml'),
    ).toThrow(/placeholder is left in the package content/);
  });
  test('a sensitive value has no default; a default must fit the format', () => {
    expect(() =>
      PackageValue.stringValue('pw', { description: 'a password', sensitive: true, defaultValue: 'jupyter123' }),
    ).toThrow(/a sensitive value has no default/);
    expect(() =>
      PackageValue.stringValue('img', {
        description: 'i',
        defaultValue: 'x/y:latest',
        format: PackageValueFormat.pinnedImage(),
      }),
    ).toThrow(/Invalid 'values.img.defaultValue'/);
  });
});
