// Reads the Kubernetes OpenAPI model field maps shipped in @kubernetes/client-node
// and writes { types: { Model: { field: type } } }.
import * as k from '@kubernetes/client-node';
import { writeFileSync } from 'node:fs';
const types = {};
for (const [name, cls] of Object.entries(k)) {
  if (typeof cls !== 'function' || !Array.isArray(cls.attributeTypeMap)) continue;
  const fields = {};
  for (const a of cls.attributeTypeMap) fields[a.baseName] = a.type;
  types[name] = fields;
}
const out = {
  source:
    '@kubernetes/client-node ' +
    JSON.parse((await import('node:fs')).readFileSync('node_modules/@kubernetes/client-node/package.json', 'utf8'))
      .version,
  types,
};
writeFileSync(process.argv[2], JSON.stringify(out));
console.log(Object.keys(types).length);
