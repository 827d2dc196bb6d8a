/**
 * Strict validation of synthesized objects against the Kubernetes API schema:
 * 1. kubernetes-models' JSON-schema validators (types, required fields, formats);
 * 2. an unknown-field walk over the field maps of the Kubernetes 1.34 OpenAPI models
 *    (test/fixtures/k8s-1.34-fields.json, made by test/schema/generate-k8s-fields.mjs from
 *    @kubernetes/client-node), because the kubernetes-models validators accept unknown fields
 *    while the API server (with strict field validation) rejects them.
 */
import * as fs from 'fs';
import * as path from 'path';

const FIELDS: { types: { [model: string]: { [field: string]: string } } } = JSON.parse(
  fs.readFileSync(path.join(__dirname, 'fixtures', 'k8s-1.34-fields.json'), 'utf8'),
);

/** The client-node model of a kind. */
function modelOf(apiVersion: string, kind: string): string {
  const version = apiVersion.split('/').pop() as string;
  const name = `${version.charAt(0).toUpperCase()}${version.slice(1)}${kind}`;
  if (!FIELDS.types[name]) throw new Error(`no schema for ${apiVersion} ${kind}`);
  return name;
}

function walk(value: unknown, type: string, at: string, errors: string[]): void {
  if (value === undefined || value === null) return;
  let m: RegExpExecArray | null;
  if ((m = /^Array<(.*)>$/.exec(type))) {
    if (!Array.isArray(value)) {
      errors.push(`${at}: expected a list, got ${typeof value}`);
      return;
    }
    value.forEach((v, i) => walk(v, m![1], `${at}[${i}]`, errors));
    return;
  }
  if ((m = /^\{ \[key: string\]: (.*); \}$/.exec(type))) {
    if (typeof value !== 'object' || Array.isArray(value)) {
      errors.push(`${at}: expected a map`);
      return;
    }
    for (const [k, v] of Object.entries(value as object)) walk(v, m[1], `${at}.${k}`, errors);
    return;
  }
  switch (type) {
    case 'any':
      return;
    case 'string':
    case 'Date':
    case 'V1MicroTime':
      if (typeof value !== 'string') errors.push(`${at}: expected a string, got ${JSON.stringify(value)}`);
      return;
    case 'number':
      if (typeof value !== 'number') errors.push(`${at}: expected a number, got ${JSON.stringify(value)}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') errors.push(`${at}: expected a boolean, got ${JSON.stringify(value)}`);
      return;
    case 'IntOrString':
      if (typeof value !== 'number' && typeof value !== 'string') errors.push(`${at}: expected an int or string`);
      return;
  }
  const fields = FIELDS.types[type];
  if (!fields) {
    errors.push(`${at}: unknown schema type ${type}`);
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    errors.push(`${at}: expected an object (${type})`);
    return;
  }
  for (const [k, v] of Object.entries(value as object)) {
    if (!(k in fields)) errors.push(`${at}.${k}: unknown field (not in ${type})`);
    else walk(v, fields[k], `${at}.${k}`, errors);
  }
}

/** Unknown fields and wrong types of one object, as messages (empty when valid). */
export function unknownFields(obj: any): string[] {
  const errors: string[] = [];
  walk(obj, modelOf(obj.apiVersion, obj.kind), `${obj.kind}/${obj.metadata?.name}`, errors);
  return errors;
}

/** Schema errors from kubernetes-models' validators. */
export function schemaErrors(obj: any): string[] {
  const group = obj.apiVersion.includes('/') ? obj.apiVersion : `v1`;
  // A dynamic require: the model module depends on the object's kind.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(`kubernetes-models/${group}/${obj.kind}`);
  const Model = mod[obj.kind] ?? mod.default;
  try {
    new Model(obj).validate();
    return [];
  } catch (e) {
    return [`${obj.kind}/${obj.metadata?.name}: ${(e as Error).message}`];
  }
}

/** Every problem the API server's strict validation would report. */
export function strictErrors(obj: any): string[] {
  return [...unknownFields(obj), ...schemaErrors(obj)];
}
