#!/usr/bin/env python3
"""Enriches the trait dumps of the pinned programs with what the generator of the typed trait
props needs and the dumps do not record: each trait's help, its default (as Python source),
its enum values and the element types of its containers (List(Unicode()), Dict(value_trait=...),
Union([...])). It reads the pinned sources with Python's `ast` module (it imports none of them):

    python3 scripts/extract-traits.py [MIRROR_ROOT]

MIRROR_ROOT holds the git mirrors brought by the `fetch` tool (`<owner>+<name>/repo`, default
/work/.mirror); the sources are read at the pinned tags with `git show <tag>:<path>` (traitlets 5.15.1: the one the
hub image k8s-hub 4.4.0 pins in images/hub/requirements.txt, for the Application traits of
JupyterHub, DaskGateway and KubeController). The types and the
deprecations come from the dumps (test/fixtures/traits-k8s-hub-4.4.0.json,
test/fixtures/traits-dask-gateway-server-2026.3.0.json), which are what the programs report at
run time; the sources only add facts. Writes test/fixtures/traits-enriched/traits-enriched.json
and the sources' licenses beside it.
"""
import ast
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "test", "fixtures", "traits-enriched")

# program: (repository, tag, files holding the classes in scope and their bases)
HUB_SOURCES = {
    "traitlets": ("ipython/traitlets", "v5.15.1", ["traitlets/config/application.py"]),
    "jupyterhub": (
        "jupyterhub/jupyterhub",
        "5.5.0",
        [
            "jupyterhub/app.py",
            "jupyterhub/auth.py",
            "jupyterhub/authenticators/shared.py",
            "jupyterhub/spawner.py",
            "jupyterhub/proxy.py",
        ],
    ),
    "kubespawner": ("jupyterhub/kubespawner", "7.0.0", ["kubespawner/spawner.py"]),
    "oauthenticator": (
        "jupyterhub/oauthenticator",
        "17.4.0",
        [
            "oauthenticator/oauth2.py",
            "oauthenticator/github.py",
            "oauthenticator/google.py",
            "oauthenticator/azuread.py",
            "oauthenticator/generic.py",
        ],
    ),
    "ldapauthenticator": ("jupyterhub/ldapauthenticator", "2.0.2", ["ldapauthenticator/ldapauthenticator.py"]),
    "nativeauthenticator": ("jupyterhub/nativeauthenticator", "1.3.0", ["nativeauthenticator/nativeauthenticator.py"]),
}

# The classes the generated config configures: the hub's, then Dask Gateway's.
DASK_SOURCES = {
    "traitlets": HUB_SOURCES["traitlets"],
    "dask-gateway-server": (
        "dask/dask-gateway",
        "2026.3.0",
        [
            "dask-gateway-server/dask_gateway_server/" + f
            for f in (
                "app.py",
                "auth.py",
                "backends/base.py",
                "backends/db_base.py",
                "backends/kubernetes/backend.py",
                "backends/kubernetes/controller.py",
            )
        ],
    ),
}
LICENSES = {"dask-gateway-server": "dask-gateway-server/LICENSE"}

HUB_CLASSES = [
    "JupyterHub",
    "ConfigurableHTTPProxy",
    "KubeSpawner",
    "Authenticator",
    "GitHubOAuthenticator",
    "GoogleOAuthenticator",
    "AzureAdOAuthenticator",
    "GenericOAuthenticator",
    "LDAPAuthenticator",
    "NativeAuthenticator",
    "SharedPasswordAuthenticator",
    "DummyAuthenticator",
]
DASK_CLASSES = ["DaskGateway", "KubeBackend", "KubeClusterConfig", "KubeController", "JupyterHubAuthenticator"]

# Element types the sources leave out but the help states (a `Dict()` whose help says its keys
# and values are strings, a `Set()` of usernames): (class defining the trait, trait) -> spec.
STATED = {
    # kubespawner 7.0.0 spawner.py: "The keys and values must both be strings"
    ("KubeSpawner", "extra_labels"): {"type": "Dict", "value": {"type": "Unicode"}},
    ("KubeSpawner", "extra_annotations"): {"type": "Dict", "value": {"type": "Unicode"}},
    ("KubeSpawner", "common_labels"): {"type": "Dict", "value": {"type": "Unicode"}},
    ("KubeSpawner", "storage_extra_labels"): {"type": "Dict", "value": {"type": "Unicode"}},
    ("KubeSpawner", "storage_extra_annotations"): {"type": "Dict", "value": {"type": "Unicode"}},
    ("KubeSpawner", "user_namespace_labels"): {"type": "Dict", "value": {"type": "Unicode"}},
    ("KubeSpawner", "user_namespace_annotations"): {"type": "Dict", "value": {"type": "Unicode"}},
    # "a dictionary of key-value pairs" of node labels (kubernetes nodeSelector: strings)
    ("KubeSpawner", "node_selector"): {"type": "Dict", "value": {"type": "Unicode"}},
}
# `List()`/`Set()` whose help says they hold names, paths or DNs (strings).
for owner, trait, kind in [
    ("Authenticator", "admin_users", "Set"),  # "Set of users"
    ("Authenticator", "allowed_users", "Set"),  # "Set of usernames"
    ("Authenticator", "blocked_users", "Set"),  # "Set of usernames"
    ("Authenticator", "whitelist", "Set"),  # the deprecated name of allowed_users
    ("JupyterHub", "admin_users", "Set"),  # the deprecated name of Authenticator.admin_users
    ("GitHubOAuthenticator", "allowed_organizations", "Set"),  # "organization names like `org-a`"
    ("GitHubOAuthenticator", "github_organization_whitelist", "Set"),  # deprecated allowed_organizations
    ("JupyterHub", "template_paths", "List"),  # "Paths to search for jinja templates"
    ("KubeSpawner", "additional_profile_form_template_paths", "List"),  # "Additional paths"
    ("Spawner", "env_keep", "List"),  # "List of environment variables"
    ("KubeSpawner", "storage_access_modes", "List"),  # "List of access modes"
    ("LDAPAuthenticator", "allowed_groups", "List"),  # "List of LDAP group DNs"
    ("LDAPAuthenticator", "attributes", "List"),  # "List of attributes"
    ("LDAPAuthenticator", "auth_state_attributes", "List"),  # "List of user attributes"
    ("LDAPAuthenticator", "group_attributes", "List"),  # "List of attributes in the LDAP group"
]:
    STATED[(owner, trait)] = {"type": kind, "element": {"type": "Unicode"}}


def git_show(mirror_root, repo, tag, path):
    git_dir = os.path.join(mirror_root, repo.replace("/", "+"), "repo")
    return subprocess.run(
        ["git", "--git-dir", git_dir, "show", f"{tag}:{path}"], check=True, capture_output=True, text=True
    ).stdout


def call_name(node):
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def unwrap(node):
    """The trait constructor call of `X(...)`, `X(...).tag(config=True)`; None if not a call."""
    while (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("tag", "__call__")
        and isinstance(node.func.value, ast.Call)
    ):
        node = node.func.value
    return node if isinstance(node, ast.Call) and call_name(node) else None


def text_of(node):
    """A help text: a constant, concatenated constants, a dedent(...) of one; else the source."""
    try:
        v = ast.literal_eval(node)
        if isinstance(v, str):
            return v
    except (ValueError, SyntaxError, TypeError):
        pass
    if isinstance(node, ast.Call) and node.args:
        return text_of(node.args[0])
    if isinstance(node, ast.BinOp):
        return text_of(node.left) + text_of(node.right)
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{" + ast.unparse(v.value) + "}" for v in node.values)
    return ast.unparse(node)


def literal(node):
    try:
        return ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        return None


def kw(call, name):
    return next((k.value for k in call.keywords if k.arg == name), None)


def spec_of(call):
    """The type spec of a trait constructor call: its name and, recursively, its element types."""
    name = call_name(call)
    spec = {"type": name}
    args = call.args
    if name in ("List", "Set", "Tuple"):
        el = kw(call, "trait") or (args[0] if args and unwrap(args[0]) is not None else None)
        if el is not None and unwrap(el) is not None:
            spec["element"] = spec_of(unwrap(el))
        if name == "Tuple" and len([a for a in args if unwrap(a) is not None]) > 1:
            # Tuple(A(), B(), ...): a tuple of that fixed length, an element of each type
            spec["elements"] = [spec_of(unwrap(a)) for a in args if unwrap(a) is not None]
    elif name == "Dict":
        value = kw(call, "value_trait") or kw(call, "trait") or (args[0] if args and unwrap(args[0]) is not None else None)
        key = kw(call, "key_trait")
        if value is not None and unwrap(value) is not None:
            spec["value"] = spec_of(unwrap(value))
        if key is not None and unwrap(key) is not None:
            spec["key"] = spec_of(unwrap(key))
    elif name == "Union":
        members = kw(call, "trait_types") or (args[0] if args else None)
        if isinstance(members, (ast.List, ast.Tuple)):
            spec["members"] = [spec_of(unwrap(m)) if unwrap(m) is not None else {"type": "?"} for m in members.elts]
    elif name in ("Enum", "CaselessStrEnum"):
        values = kw(call, "values") or (args[0] if args else None)
        v = literal(values) if values is not None else None
        if isinstance(v, (list, tuple)):
            spec["values"] = list(v)
    return spec


def default_of(call):
    """The default as Python source, or None when the trait's own default applies."""
    name = call_name(call)
    node = kw(call, "default_value")
    if node is None and call.args:
        first = 1 if name in ("Enum", "CaselessStrEnum", "UseEnum", "Union", "Instance", "Type") else 0
        cand = call.args[first] if len(call.args) > first else None
        if cand is not None and not (name in ("List", "Set", "Tuple", "Dict") and unwrap(cand) is not None):
            node = cand
    return None if node is None else ast.unparse(node)


class ClassIndex:
    """The classes of a program group by name: their bases and their traits as assigned in the body."""

    def __init__(self):
        self.classes = {}

    def add(self, source, path):
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            traits = {}
            dynamic = set()
            for stmt in node.body:
                if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                    call = unwrap(stmt.value)
                    if call is not None:
                        traits[stmt.targets[0].id] = (call, f"{path}:{stmt.lineno}")
                elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    for d in stmt.decorator_list:
                        if isinstance(d, ast.Call) and call_name(d) == "default":
                            dynamic.update(a.value for a in d.args if isinstance(a, ast.Constant))
            bases = [b.id if isinstance(b, ast.Name) else b.attr if isinstance(b, ast.Attribute) else "" for b in node.bases]
            self.classes.setdefault(node.name, {"bases": bases, "traits": traits, "dynamic": dynamic, "path": path})

    def find(self, cls, trait, seen=None):
        """(defining class, call, where, whether a @default method computes it), walking the bases."""
        seen = seen if seen is not None else set()
        c = self.classes.get(cls)
        if c is None or cls in seen:
            return None
        seen.add(cls)
        if trait in c["traits"]:
            call, where = c["traits"][trait]
            return cls, call, where, trait in c["dynamic"] or self.dynamic(cls, trait)
        for b in c["bases"]:
            found = self.find(b, trait, seen)
            if found is not None:
                # a subclass's @default overrides the base's default
                return found[0], found[1], found[2], found[3] or trait in c["dynamic"]
        return None

    def dynamic(self, cls, trait):
        c = self.classes.get(cls)
        return c is not None and trait in c["dynamic"]


def enrich(index, dump, classes):
    out = {}
    for cls in classes:
        entries = {}
        for trait, info in sorted(dump[cls].items()):
            found = index.find(cls, trait)
            entry = {"type": info["type"], "deprecated": info["deprecated"]}
            if found is not None:
                owner, call, where, dynamic = found
                spec = spec_of(call)
                if "value" not in spec and "element" not in spec and "members" not in spec:
                    spec = STATED.get((owner, trait), spec)
                help_node = kw(call, "help")
                entry.update(
                    {
                        "definedIn": where,
                        "help": " ".join(text_of(help_node).split()) if help_node is not None else "",
                        "default": None if dynamic else default_of(call),
                        "dynamicDefault": dynamic,
                        "spec": spec,
                    }
                )
            entries[trait] = entry
        out[cls] = entries
    return out


def main():
    mirror_root = sys.argv[1] if len(sys.argv) > 1 else "/work/.mirror"
    os.makedirs(OUT_DIR, exist_ok=True)
    sources = {}

    def index_of(programs):
        index = ClassIndex()
        for program, (repo, tag, files) in programs.items():
            for f in files:
                index.add(git_show(mirror_root, repo, tag, f), f"{program} {tag} {f}")
            sources[program] = {"repository": f"https://github.com/{repo}", "tag": tag, "files": files}
            with open(os.path.join(OUT_DIR, f"LICENSE-{program}"), "w") as out:
                out.write(git_show(mirror_root, repo, tag, LICENSES.get(program, "LICENSE")))
        return index

    hub = index_of(HUB_SOURCES)
    dask = index_of(DASK_SOURCES)
    with open(os.path.join(ROOT, "test", "fixtures", "traits-k8s-hub-4.4.0.json")) as f:
        hub_dump = json.load(f)["classes"]
    with open(os.path.join(ROOT, "test", "fixtures", "traits-dask-gateway-server-2026.3.0.json")) as f:
        dask_dump = json.load(f)["classes"]
    result = {
        "about": "Generated by scripts/extract-traits.py from the trait dumps and the pinned sources "
        "(read with ast, never imported); licenses of the sources beside this file.",
        "sources": sources,
        "hub": enrich(hub, hub_dump, HUB_CLASSES),
        "dask": enrich(dask, dask_dump, DASK_CLASSES),
    }
    with open(os.path.join(OUT_DIR, "traits-enriched.json"), "w") as out:
        json.dump(result, out, indent=1, sort_keys=True, ensure_ascii=True)
        out.write("\n")
    missing = [
        f"{c}.{t}" for part in ("hub", "dask") for c, ts in result[part].items() for t, e in ts.items() if "spec" not in e
    ]
    print(f"wrote {os.path.relpath(OUT_DIR, ROOT)}; traits without a source: {len(missing)} {missing[:20]}")


if __name__ == "__main__":
    main()
