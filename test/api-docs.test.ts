import { spawnSync } from 'child_process';
import * as path from 'path';

test('API.md is generated from the current TSDoc, and every export follows the public-API rules', () => {
  // Rules: a doc comment on every export and public member; @default on every optional prop;
  // readonly props; no union types or generics in props.
  const r = spawnSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'api-docs.js'), '--check'], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.stdout).toMatch(/API.md is up to date \(\d+ exports\)/);
  expect(r.status).toBe(0);
}, 60_000);
