"""A stand-in for Enterprise Gateway 3.3.0 and for the Kubernetes API the front reads kernel pods from.

What it reproduces of the gateway (enterprise_gateway at v3.3.0):
- one token for every client: `Authorization: token <t>` compared as is, else 401
  (enterprise_gateway/mixins.py 97-108, TokenAuthorizationMixin.prepare);
- POST /api/kernels keeps every `KERNEL_*` value of the body's env (services/kernels/handlers.py
  39-56, _build_kernel_env) and answers 201 with the kernel model (handlers.py 79-115);
- GET /api/kernels lists every kernel when EG_LIST_KERNELS is on (handlers.py 117-131);
- GET/DELETE /api/kernels/<id> (handlers.py 138-161), POST .../interrupt and .../restart
  (jupyter_server's handlers given the token check, handlers.py 176-184);
- /api/kernels/<id>/channels: a websocket (handlers.py 164-173); here it answers each message with
  {"echo": <message>, "kernel": <id>} instead of relaying to a kernel's ZMQ sockets;
- POST /api/sessions (jupyter_server 1.24.0's SessionRootHandler, which the gateway extends:
  services/sessions/handlers.py 13-32 at v3.3.0): a session whose path exists is answered with that
  session, whoever made it (jupyter_server services/sessions/handlers.py 74-76 at v1.24.0); else the
  gateway's SessionManager starts a kernel with no env from the request at all (services/sessions/
  sessionmanager.py 85-88: `start_kernel(path=path, kernel_name=kernel_name)`), so its
  KERNEL_USERNAME is the gateway's own user (kernelsessionmanager.py 318-327, getpass.getuser());
  GET /api/sessions lists them when EG_LIST_KERNELS is on (sessions/handlers.py 20-32);
- /api/kernelspecs.
Not the gateway: POST /_sessions {path, kernel_id} (no token, the test's own) makes a session of an
existing kernel, so the front's reading of sessions can be tested although it starts none.
And of Kubernetes: each started kernel is a pod labelled as the kernel pod template labels it
(lib/kernels/kernel-pod-template.ts: component=kernel, kernel_id, enterprise-gateway/kernel-username
from KERNEL_USERNAME), listed by GET /api/v1[/namespaces/<ns>]/pods?labelSelector=a=b,c=d.
Everything it received is at GET /_recorded (no token: the test's own view).
"""
import json
import sys
import uuid

from tornado import ioloop, web, websocket

TOKEN = sys.argv[1]
kernels = {}
sessions = {}
recorded = []


class Api(web.RequestHandler):
    def check_xsrf_cookie(self):
        pass

    def prepare(self):
        header = self.request.headers.get("Authorization", "")
        if header != "token " + TOKEN:
            raise web.HTTPError(401)
        recorded.append({"method": self.request.method, "path": self.request.path,
                         "body": self.request.body.decode() if self.request.body else None})


def start(body):
    env = {k: v for k, v in (body.get("env") or {}).items() if k.startswith("KERNEL_")}
    kid = str(uuid.uuid4())
    kernels[kid] = {"id": kid, "name": body.get("name", "python3"), "env": env,
                    "execution_state": "idle", "connections": 0}
    return kid


def model(kid):
    k = kernels[kid]
    return {key: k[key] for key in ("id", "name", "execution_state", "connections")}


class Kernels(Api):
    def get(self):
        self.finish(json.dumps([model(k) for k in kernels]))

    def post(self):
        kid = start(json.loads(self.request.body or b"{}"))
        self.set_status(201)
        self.finish(model(kid))


class Kernel(Api):
    def get(self, kid, action=None):
        if kid not in kernels:
            raise web.HTTPError(404)
        self.finish(model(kid))

    def delete(self, kid, action=None):
        kernels.pop(kid, None) or (_ for _ in ()).throw(web.HTTPError(404))
        self.set_status(204)
        self.finish()

    def post(self, kid, action=None):
        if kid not in kernels:
            raise web.HTTPError(404)
        self.finish(model(kid))


class Sessions(Api):
    def get(self):
        self.finish(json.dumps(list(sessions.values())))

    def post(self):
        body = json.loads(self.request.body or b"{}")
        same_path = [s for s in sessions.values() if s["path"] == body.get("path")]
        if same_path:
            self.set_status(201)
            return self.finish(same_path[0])
        # No env from the request: the kernel runs as the gateway's own user.
        kid = start({"name": (body.get("kernel") or {}).get("name"), "env": {}})
        self.set_status(201)
        self.finish(new_session(body.get("path"), kid))


def new_session(path, kid):
    sid = str(uuid.uuid4())
    sessions[sid] = {"id": sid, "path": path, "kernel": model(kid)}
    return sessions[sid]


class TestSessions(web.RequestHandler):
    def check_xsrf_cookie(self):
        pass

    def post(self):
        body = json.loads(self.request.body)
        self.finish(new_session(body["path"], body["kernel_id"]))


class Session(Api):
    def get(self, sid):
        if sid not in sessions:
            raise web.HTTPError(404)
        self.finish(sessions[sid])

    def delete(self, sid):
        sessions.pop(sid)
        self.set_status(204)
        self.finish()


class Specs(Api):
    def get(self):
        self.finish({"default": "python3", "kernelspecs": {"python3": {"name": "python3", "spec": {}}}})


class Channels(websocket.WebSocketHandler):
    def prepare(self):
        if self.request.headers.get("Authorization", "") != "token " + TOKEN:
            raise web.HTTPError(401)

    def open(self, kid):
        if kid not in kernels:
            self.close()
        self.kid = kid

    def on_message(self, message):
        self.write_message(json.dumps({"echo": message, "kernel": self.kid}))


class Recorded(web.RequestHandler):
    def get(self):
        self.finish(json.dumps({"requests": recorded,
                                "kernels": {k: v["env"] for k, v in kernels.items()}}))


class Pods(web.RequestHandler):
    def get(self, namespace=None):
        wanted = dict(p.split("=", 1) for p in self.get_argument("labelSelector", "").split(",") if p)
        pods = []
        for kid, k in kernels.items():
            labels = {"app": "enterprise-gateway", "component": "kernel", "kernel_id": kid}
            if "KERNEL_USERNAME" in k["env"]:
                labels["enterprise-gateway/kernel-username"] = k["env"]["KERNEL_USERNAME"]
            if all(labels.get(a) == b for a, b in wanted.items()):
                pods.append({"metadata": {"name": "kernel-" + kid, "labels": labels}})
        self.finish({"kind": "PodList", "items": pods})


ID = r"([0-9a-f-]+)"
web.Application([
    (r"/api/kernels", Kernels),
    (r"/api/kernels/" + ID + r"/channels", Channels),
    (r"/api/kernels/" + ID, Kernel),
    (r"/api/kernels/" + ID + r"/(interrupt|restart)", Kernel),
    (r"/api/sessions", Sessions),
    (r"/api/sessions/" + ID, Session),
    (r"/api/kernelspecs", Specs),
    (r"/_recorded", Recorded),
    (r"/_sessions", TestSessions),
]).listen(int(sys.argv[2]), "127.0.0.1")
web.Application([
    (r"/api/v1/pods", Pods),
    (r"/api/v1/namespaces/([^/]+)/pods", Pods),
]).listen(int(sys.argv[3]), "127.0.0.1")
ioloop.IOLoop.current().start()
