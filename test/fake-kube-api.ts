/**
 * The fake Kubernetes API the in-cluster scripts (`secret_init.py`) are tested against.
 */
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** What the fake API holds: Secrets by `<namespace>/<name>`, requests as `METHOD path`, created bodies. */
export interface FakeKubeApiState {
  store: { [nsName: string]: { [key: string]: string } };
  requests: string[];
  created: any[];
}

/**
 * A fake Kubernetes API over HTTPS: stores Secrets per namespace, answers POST (201, or 409 when
 * the Secret exists) and GET (200 or 404), refuses every other request with 405 and a wrong token
 * with 403; records each request's method and path and each created body. `env` points the
 * in-cluster scripts (SERVICEACCOUNT_DIR, KUBERNETES_SERVICE_*) at it.
 */
export async function withFakeKubeApi(
  initial: { [nsName: string]: { [key: string]: string } },
  run: (env: NodeJS.ProcessEnv, state: () => FakeKubeApiState) => Promise<void>,
  options: { readonly namespace?: string } = {},
): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-api-'));
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
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'ca.crt'),
    ],
    { stdio: 'ignore' },
  );
  const sa = path.join(dir, 'sa');
  fs.mkdirSync(sa);
  fs.copyFileSync(path.join(dir, 'ca.crt'), path.join(sa, 'ca.crt'));
  fs.writeFileSync(path.join(sa, 'token'), 'test-token\n');
  fs.writeFileSync(path.join(sa, 'namespace'), `${options.namespace ?? 'lab'}\n`);
  const stateFile = path.join(dir, 'state.json');
  fs.writeFileSync(stateFile, JSON.stringify({ store: initial, requests: [], created: [] }));
  const server = `
import base64, http.server, json, re, ssl, sys
STATE = sys.argv[2]
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def answer(self, code, body):
        self.send_response(code); self.send_header("Content-Type", "application/json"); self.end_headers()
        self.wfile.write(json.dumps(body).encode())
    def record(self):
        state = json.load(open(STATE))
        state["requests"].append(self.command + " " + self.path)
        json.dump(state, open(STATE, "w"))
        return state
    def do_GET(self):
        state = self.record()
        m = re.match(r"^/api/v1/namespaces/([^/]+)/secrets/([^/]+)$", self.path)
        if not m or self.headers["Authorization"] != "Bearer test-token": return self.answer(403, {})
        data = state["store"].get(m.group(1) + "/" + m.group(2))
        if data is None: return self.answer(404, {})
        self.answer(200, {"data": {k: base64.b64encode(v.encode()).decode() for k, v in data.items()}})
    def do_POST(self):
        state = self.record()
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        m = re.match(r"^/api/v1/namespaces/([^/]+)/secrets$", self.path)
        if not m or self.headers["Authorization"] != "Bearer test-token": return self.answer(403, {})
        key = m.group(1) + "/" + body["metadata"]["name"]
        if key in state["store"]: return self.answer(409, {})
        state["store"][key] = body["stringData"]
        state["created"].append(body)
        json.dump(state, open(STATE, "w"))
        self.answer(201, {})
    def refuse(self):
        self.record(); self.answer(405, {})
    do_PUT = do_PATCH = do_DELETE = refuse
s = http.server.HTTPServer(("127.0.0.1", 0), H)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); ctx.load_cert_chain(sys.argv[1] + "/ca.crt", sys.argv[1] + "/key.pem")
s.socket = ctx.wrap_socket(s.socket, server_side=True)
print(s.server_address[1], flush=True)
s.serve_forever()
`;
  fs.writeFileSync(path.join(dir, 'server.py'), server);
  const proc = spawn('python3', [path.join(dir, 'server.py'), dir, stateFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port: string = await new Promise((resolve) => proc.stdout.once('data', (d) => resolve(String(d).trim())));
    await run(
      { ...process.env, KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: port, SERVICEACCOUNT_DIR: sa },
      () => JSON.parse(fs.readFileSync(stateFile, 'utf8')),
    );
  } finally {
    proc.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
