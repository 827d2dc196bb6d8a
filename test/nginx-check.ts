/** The real `nginx -t` on a generated `nginx.conf`, as the front-door tests run it. */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Debian's nginx (scripts/system-deps.sh installs it). */
export const NGINX = fs.existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';

/** Runs the real `nginx -t` on a generated config (TLS files swapped for a throwaway self-signed pair). */
export function nginxTest(conf: string): { status: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-t-'));
  try {
    if (conf.includes('/etc/nginx-tls/')) {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=hub.example.org',
          '-keyout',
          path.join(dir, 'tls.key'),
          '-out',
          path.join(dir, 'tls.crt'),
        ],
        { stdio: 'ignore' },
      );
      conf = conf.split('/etc/nginx-tls/').join(`${dir}/`);
    }
    const file = path.join(dir, 'nginx.conf');
    fs.writeFileSync(file, conf);
    // As in a container, stdout/stderr are a file, not a socket (nginx cannot open /dev/stdout on a socket).
    const log = path.join(dir, 'out.log');
    const fd = fs.openSync(log, 'w');
    const r = spawnSync(NGINX, ['-t', '-q', '-e', 'stderr', '-c', file], { stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    return { status: r.status, output: `${fs.readFileSync(log, 'utf8')}${r.error ?? ''}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
