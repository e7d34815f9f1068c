#!/usr/bin/env bash
# Installs and caches what the QEMU guest tests need, from Debian packages only:
#   - host tools: qemu-system-x86 (TCG; KVM does not work on these machines), kmod (depmod), xz-utils,
#     gcc + libc6-dev (the guests' static C tools, guest-tools.mjs);
#   - busybox-static and the linux-image-6.1.*-amd64 kernel, *downloaded and extracted* into the cache
#     (never installed: the kernel is not the host's, and busybox-static conflicts with busybox);
#   - vmlinux extracted from vmlinuz, so QEMU can boot it through the PVH entry (~3 s faster per boot
#     under TCG than letting SeaBIOS run the bzImage decompressor), and modules.dep from depmod (the .deb
#     ships none).
# Idempotent: with a warm cache it only checks files and exits in well under a second, without network.
# Exit codes: 0 ready, 2 this machine cannot provide the prerequisites (apt unreachable, no package),
# 1 anything else (a harness bug). Last line on success: `VM-SETUP kernel=<dir> busybox=<path>`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${REGMILL_VM_CACHE:-$here/cache}"
mkdir -p "$cache/debs" "$cache/kernel"
# Several test runs may start at once (npm test and npm run test:vm): one setup at a time.
exec 9>"$cache/.setup.lock"
flock 9

log() { echo "vm-setup: $*" >&2; }
cannot() { echo "vm-setup: cannot prepare the VM tests: $*" >&2; exit 2; }
last_line() { tail -n1 "$1" 2>/dev/null | tr -d '\r' | cut -c1-160; }

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" = 0 ]; then
    log "apt-get update"
    apt-get update -qq >"$cache/apt-update.log" 2>&1 || cannot "apt-get update failed: $(last_line "$cache/apt-update.log") (log: $cache/apt-update.log)"
    apt_updated=1
  fi
}

# --- host tools ---------------------------------------------------------------------------------------
missing=()
command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
command -v depmod >/dev/null || missing+=(kmod)
command -v xz >/dev/null || missing+=(xz-utils)
# The guests' small C tools (guest-tools.mjs) are built static on the host: a compiler and libc.a.
command -v cc >/dev/null || missing+=(gcc)
[ -f /usr/lib/x86_64-linux-gnu/libc.a ] || missing+=(libc6-dev)
command -v dpkg-deb >/dev/null || cannot "dpkg-deb not found (this harness needs a Debian host)"
if [ "${#missing[@]}" -gt 0 ]; then
  [ "$(id -u)" = 0 ] || cannot "missing ${missing[*]} and not root, so cannot apt-get install them"
  apt_update_once
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    >"$cache/apt-install.log" 2>&1 || cannot "apt-get install ${missing[*]} failed: $(last_line "$cache/apt-install.log") (log: $cache/apt-install.log)"
fi

# Downloads one package's .deb into the cache (apt-get download writes to the current directory).
download_deb() { # name
  local name="$1" deb
  deb="$(ls "$cache/debs/${name}"_*.deb 2>/dev/null | head -n1 || true)"
  if [ -z "$deb" ]; then
    (cd "$cache/debs" && apt-get download "$name" >"$cache/apt-download.log" 2>&1) || {
      apt_update_once
      (cd "$cache/debs" && apt-get download "$name" >"$cache/apt-download.log" 2>&1) ||
        cannot "apt-get download $name failed: $(last_line "$cache/apt-download.log") (log: $cache/apt-download.log)"
    }
    deb="$(ls "$cache/debs/${name}"_*.deb | head -n1)"
  fi
  echo "$deb"
}

# --- busybox (static, extracted) ------------------------------------------------------------------------
busybox="$cache/busybox/bin/busybox"
if [ ! -x "$busybox" ]; then
  deb="$(download_deb busybox-static)"
  rm -rf "$cache/busybox.tmp" && dpkg-deb -x "$deb" "$cache/busybox.tmp"
  rm -rf "$cache/busybox" && mv "$cache/busybox.tmp" "$cache/busybox"
  file_out="$(head -c 4 "$busybox" | od -An -c | tr -d ' ')"
  [ "$file_out" = "177ELF" ] || cannot "busybox-static did not contain an ELF /bin/busybox"
fi

# --- kernel ---------------------------------------------------------------------------------------------
# The cached kernel wins (offline re-runs); otherwise the version linux-image-amd64 points at now.
kver="$(cat "$cache/kernel/current" 2>/dev/null || true)"
kdir="$cache/kernel/$kver"
if [ -z "$kver" ] || [ ! -f "$kdir/vmlinux" ] || [ ! -f "$kdir/lib/modules/$kver/modules.dep" ]; then
  resolve() { apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: linux-image-\(6\.1\.[^ ]*-amd64\)$/\1/p' | head -n1; }
  kver="$(resolve)"
  if [ -z "$kver" ]; then apt_update_once; kver="$(resolve)"; fi
  [ -n "$kver" ] || cannot "apt knows no linux-image-6.1.*-amd64 (linux-image-amd64 does not depend on one)"
  log "kernel $kver"
  deb="$(download_deb "linux-image-$kver")"
  kdir="$cache/kernel/$kver"
  rm -rf "$kdir.tmp" && mkdir -p "$kdir.tmp"
  dpkg-deb -x "$deb" "$kdir.tmp"
  depmod -b "$kdir.tmp" "$kver" || cannot "depmod failed for $kver"
  # vmlinuz is a bzImage whose payload is an xz stream: find the stream and decompress only it.
  vmlinuz="$kdir.tmp/boot/vmlinuz-$kver"
  off="$(node -e '
    const b = require("fs").readFileSync(process.argv[1]);
    process.stdout.write(String(b.indexOf(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))));' "$vmlinuz")"
  [ "$off" -ge 0 ] || cannot "no xz payload in $vmlinuz (not a Debian 6.1 kernel?)"
  tail -c +"$((off + 1))" "$vmlinuz" | xz -dc --single-stream >"$kdir.tmp/vmlinux" 2>/dev/null || true
  [ "$(head -c 4 "$kdir.tmp/vmlinux" | od -An -c | tr -d ' ')" = "177ELF" ] ||
    cannot "could not extract an ELF vmlinux from $vmlinuz"
  rm -rf "$kdir" && mv "$kdir.tmp" "$kdir"
  echo "$kver" >"$cache/kernel/current"
fi

echo "VM-SETUP kernel=$kdir version=$kver busybox=$busybox"
