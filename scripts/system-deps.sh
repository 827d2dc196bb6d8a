#!/usr/bin/env bash
# Makes sure the real components the tests run are installed: nginx (for `nginx -t` and the e2e),
# Debian's jupyterhub (a real hub for the e2e), python3-ipykernel (kernels) and
# python3-jupyter-server (the single-user server app the charts select), and for the browser e2e
# chromium (driven by playwright-core; no browser is downloaded) and python3-nbclassic (the classic
# notebook UI of python3-notebook, served by jupyter_server), and python3-jinja2 + python3-yaml (the
# kernel pod template rendered as Enterprise Gateway's launcher does). Installs them with apt-get when
# missing and we are root; otherwise says what to run. Fast when everything is there.
# (jupyterhub-idle-culler is not packaged by Debian; the e2e checks its registration only.)
set -euo pipefail
packages=(jupyterhub python3-ipykernel python3-jupyter-server nginx openssl chromium python3-nbclassic python3-jinja2 python3-yaml)
missing=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v jupyterhub >/dev/null 2>&1 || missing+=(jupyterhub)
/usr/bin/python3 -c 'import ipykernel' >/dev/null 2>&1 || missing+=(python3-ipykernel)
/usr/bin/python3 -c 'import jupyter_server' >/dev/null 2>&1 || missing+=(python3-jupyter-server)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
[ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1 || missing+=(chromium)
/usr/bin/python3 -c 'import nbclassic' >/dev/null 2>&1 || missing+=(python3-nbclassic)
/usr/bin/python3 -c 'import jinja2' >/dev/null 2>&1 || missing+=(python3-jinja2)
/usr/bin/python3 -c 'import yaml' >/dev/null 2>&1 || missing+=(python3-yaml)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "missing test tools: ${missing[*]}; install them, e.g.: sudo apt-get install -y --no-install-recommends ${packages[*]}" >&2
  exit 1
fi
echo "installing test tools with apt-get: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
