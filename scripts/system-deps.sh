#!/usr/bin/env bash
# Makes sure the real components the tests run are installed: nginx (for `nginx -t` and the e2e),
# Debian's jupyterhub (a real hub for the e2e), python3-ipykernel (kernels) and
# python3-jupyter-server (the single-user server app the charts select), and for the browser e2e
# chromium (driven by playwright-core; no browser is downloaded) and python3-nbclassic (the classic
# notebook UI of python3-notebook, served by jupyter_server), and python3-jinja2 + python3-yaml (the
# kernel pod template rendered as Enterprise Gateway's launcher does), and python3-dask (the users'
# servers' DASK_* settings read back by dask.config). Installs them with apt-get when
# missing and we are root; otherwise says what to run. Fast when everything is there.
# (jupyterhub-idle-culler is not packaged by Debian; the e2e checks its registration only.)
# For the ACME e2e: pebble (an ACME test server, with pebble-challtestsrv as its DNS), lego (the
# ACME client the front door runs) and busybox (the lego image's shell and tools); for the browser
# over HTTPS, libnss3-tools (certutil: Pebble's root trusted in a per-run NSS database of Chromium).
set -euo pipefail
packages=(jupyterhub python3-ipykernel python3-jupyter-server nginx openssl chromium python3-nbclassic python3-jinja2 python3-yaml pebble lego busybox python3-dask libnss3-tools)
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
/usr/bin/python3 -c 'import dask.config' >/dev/null 2>&1 || missing+=(python3-dask)
{ command -v pebble >/dev/null 2>&1 && command -v pebble-challtestsrv >/dev/null 2>&1; } || missing+=(pebble)
command -v lego >/dev/null 2>&1 || missing+=(lego)
command -v busybox >/dev/null 2>&1 || missing+=(busybox)
command -v certutil >/dev/null 2>&1 || missing+=(libnss3-tools)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "missing test tools: ${missing[*]}; install them, e.g.: sudo apt-get install -y --no-install-recommends ${packages[*]}" >&2
  exit 1
fi
echo "installing test tools with apt-get: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
