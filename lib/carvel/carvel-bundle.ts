import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import type { CarvelPackageModel } from './carvel-package-model';
import { PackageValue, PackageValueType } from './package-values';
import { yamlString, yttSchema } from './ytt-schema';
import { yttTemplate } from './ytt-templates';

/**
 * The files of a package directory (`dist/<chart>/`), from the package's model and the chart's
 * objects as JSON, and the writer of that directory.
 * @internal
 */

/** The chart's objects as JSON, by what they become in the package directory. */
export interface CarvelBundleObjects {
  /** The objects the package installs (every object of the chart but the package's own). */
  readonly content: readonly unknown[];
  /** The PackageMetadata and the Package. */
  readonly repository: readonly unknown[];
  /** The PackageRepository and the example PackageInstall with its ServiceAccount and RBAC. */
  readonly install: readonly unknown[];
}

/** The package directory's files (text by path relative to the directory) of chart `chartName`. */
export function carvelBundleFiles(
  model: CarvelPackageModel,
  chartName: string,
  objects: CarvelBundleObjects,
): { [rel: string]: string } {
  const kind = (o: unknown) => (o as { kind: string }).kind;
  const packageDir = `repository/packages/${model.packageName}`;
  return {
    'bundle/config/values-schema.yaml': yttSchema(model.values),
    [`bundle/config/${chartName}.yaml`]: yttTemplate(objects.content, model.values, `config/${chartName}.yaml`),
    'bundle/.imgpkg/images.yml': imagesLock(objects.content),
    [`${packageDir}/metadata.yaml`]: Yaml.stringify(...objects.repository.filter((o) => kind(o) === 'PackageMetadata')),
    [`${packageDir}/${model.version}.yaml`]: Yaml.stringify(...objects.repository.filter((o) => kind(o) === 'Package')),
    'install/package-repository.yaml': Yaml.stringify(
      ...objects.install.filter((o) => kind(o) === 'PackageRepository'),
    ),
    'install/package-install.yaml': Yaml.stringify(...objects.install.filter((o) => kind(o) !== 'PackageRepository')),
    'install/values.example.yaml': exampleValues(model.values),
  };
}

/** Replaces directory `dir` with `files`. */
export function writeCarvelBundle(dir: string, files: { readonly [rel: string]: string }): void {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

/** The images in `image` fields of the objects (placeholders left out), as an imgpkg ImagesLock by tag. */
function imagesLock(objects: readonly unknown[]): string {
  const images = new Set<string>();
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n !== null && typeof n === 'object') {
      for (const [k, v] of Object.entries(n)) {
        if (k === 'image' && typeof v === 'string' && !v.includes('pkgvalue')) images.add(v);
        else walk(v);
      }
    }
  };
  objects.forEach(walk);
  const lines = [
    '#! The images of config/, by tag. Before `imgpkg push`, `kbld --imgpkg-lock-output` rewrites this file',
    '#! with each image\'s sha256 digest (README: "Build and push the package"); kapp-controller\'s kbld step',
    '#! then deploys those digests.',
    '---',
    'apiVersion: imgpkg.carvel.dev/v1alpha1',
    'kind: ImagesLock',
    'images:',
  ];
  for (const image of [...images].sort())
    lines.push(`- image: ${image}`, '  annotations:', `    kbld.carvel.dev/id: ${image}`);
  return lines.join('\n') + '\n';
}

/** A values file with every default, and a comment for each value without one (kapp-controller's own values left out). */
function exampleValues(values: readonly PackageValue[]): string {
  const lines = [
    '# Values for `tanzu package install --values-file` (see `--values-schema`). Values without a default must be given.',
    '# Quote every text value ("..."): YAML reads an unquoted 12345678 as a number, true/yes/on as a boolean',
    '# and null or ~ as nothing, which a text value refuses.',
  ];
  for (const v of values.filter((x) => x.downwardApiFieldPath === undefined)) {
    lines.push(`# ${v.description}`);
    const dflt = v._spec().defaultValue;
    if (dflt === undefined && v.sensitive)
      lines.push(
        `# ${v.name}: <secret: set it in the Secret made from this file, never commit it; quote it ("..."), an all-digit one too>`,
      );
    else if (dflt === undefined) lines.push(`# ${v.name}: <required>`);
    else lines.push(`${v.name}: ${v.type === PackageValueType.STRING ? yamlString(dflt as string) : String(dflt)}`);
  }
  return lines.join('\n') + '\n';
}
