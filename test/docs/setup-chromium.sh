#!/usr/bin/env bash
# Installs Debian's chromium for the HTML documentation render test (test/docs/html-render.test.ts),
# as test/vm/setup.sh does for QEMU. Idempotent: with chromium present it prints its path and exits.
# Exit codes: 0 ready (last line `CHROMIUM <path>`), 2 this machine cannot install it (no apt, no root,
# no package), 1 anything else.
set -euo pipefail
log() { echo "chromium-setup: $*" >&2; }
found() { for c in chromium chromium-browser; do command -v "$c" && return 0; done; return 1; }
if path="$(found)"; then echo "CHROMIUM $path"; exit 0; fi
command -v apt-get >/dev/null || { log "no apt-get (this script needs a Debian host)"; exit 2; }
[ "$(id -u)" = 0 ] || { log "installing chromium needs root: sudo apt-get install chromium"; exit 2; }
# One install at a time (several test runs may start at once).
exec 9>/tmp/regmill-chromium-setup.lock
flock 9
if path="$(found)"; then echo "CHROMIUM $path"; exit 0; fi
log "apt-get install chromium (once; about 100 MB)"
apt-get update -qq >/tmp/regmill-chromium-apt.log 2>&1 || { log "apt-get update failed (see /tmp/regmill-chromium-apt.log)"; exit 2; }
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >>/tmp/regmill-chromium-apt.log 2>&1 || { log "apt-get install chromium failed (see /tmp/regmill-chromium-apt.log)"; exit 2; }
path="$(found)" || { log "chromium installed but not on PATH"; exit 1; }
echo "CHROMIUM $path"
