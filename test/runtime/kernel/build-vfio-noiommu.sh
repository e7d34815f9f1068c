#!/usr/bin/env bash
# Builds the guest kernel's five vfio modules with CONFIG_VFIO_NOIOMMU, which Debian's 6.1 kernels leave
# unset (so `enable_unsafe_noiommu_mode` does not exist and no /dev/vfio/noiommu-N ever appears).
# Out of tree, from the linux-source/-headers/-kbuild .debs of the same version, nothing installed:
# the headers' Makefile names its -common sibling by absolute path, rewritten to the unpacked copy.
# The modules are unsigned; the guest kernel (MODULE_SIG_FORCE off, no Secure Boot) loads them tainted.
#
# Usage: build-vfio-noiommu.sh <kernel version> <work dir> <out dir>
# Leaves vfio.ko vfio_virqfd.ko vfio_iommu_type1.ko vfio-pci-core.ko vfio-pci.ko (debug info stripped)
# in <out dir>. Idempotent: an out dir holding all five is left alone. Exit 2: apt cannot provide the
# sources; 1: anything else. Errors are one line on stderr, prefixed `vfio-noiommu:`.
set -euo pipefail

kver="${1:?kernel version}" work="${2:?work dir}" out="${3:?out dir}"
modules=(vfio.ko vfio_virqfd.ko vfio_iommu_type1.ko vfio-pci-core.ko vfio-pci.ko)
fail() { echo "vfio-noiommu: $*" >&2; exit 1; }
cannot() { echo "vfio-noiommu: $*" >&2; exit 2; }

have_all() { for m in "${modules[@]}"; do [ -f "$out/$m" ] || return 1; done; }
if have_all; then exit 0; fi

mkdir -p "$work/debs"
exec 9>"$work/.lock"
flock 9
if have_all; then exit 0; fi

command -v make >/dev/null && command -v gcc >/dev/null || fail "needs make and gcc on the host (apt-get install build-essential)"
series="${kver%%.*}.$(echo "$kver" | cut -d. -f2)" # 6.1.0-56-amd64 → 6.1
common="${kver%-*}-common"                          # 6.1.0-56-common
pkgs=("linux-source-$series" "linux-headers-$kver" "linux-headers-$common" "linux-kbuild-$series")
for p in "${pkgs[@]}"; do
  if ! ls "$work/debs/${p}"_*.deb >/dev/null 2>&1; then
    (cd "$work/debs" && apt-get download "$p" >"$work/apt-download.log" 2>&1) ||
      cannot "apt-get download $p failed: $(tail -n1 "$work/apt-download.log") (log: $work/apt-download.log)"
  fi
done

tree="$work/tree-$kver"
rm -rf "$tree" && mkdir -p "$tree"
for p in "${pkgs[@]}"; do dpkg-deb -x "$(ls "$work/debs/${p}"_*.deb | head -n1)" "$tree"; done
headers="$tree/usr/src/linux-headers-$kver"
[ -f "$headers/Makefile" ] || fail "no $headers/Makefile in linux-headers-$kver"
sed -i "s#^include /usr/src/linux-headers-$common/Makefile#include $tree/usr/src/linux-headers-$common/Makefile#" "$headers/Makefile"
tar -xaf "$tree/usr/src/linux-source-$series.tar.xz" -C "$tree" "linux-source-$series/drivers/vfio" ||
  fail "linux-source-$series has no drivers/vfio"

# Our own Kbuild files: only these five modules, each with the option defined (IS_ENABLED sees "1").
src="$tree/linux-source-$series/drivers/vfio"
build="$tree/build"
mkdir -p "$build/pci"
cp "$src"/*.c "$src"/*.h "$build/" && cp "$src"/pci/*.c "$src"/pci/*.h "$build/pci/"
cat >"$build/Kbuild" <<'EOF'
ccflags-y += -DCONFIG_VFIO_NOIOMMU=1
obj-m += vfio.o vfio_virqfd.o vfio_iommu_type1.o pci/
vfio-y := vfio_main.o iova_bitmap.o container.o
vfio_virqfd-y := virqfd.o
EOF
cat >"$build/pci/Kbuild" <<'EOF'
ccflags-y += -DCONFIG_VFIO_NOIOMMU=1
obj-m += vfio-pci-core.o vfio-pci.o
vfio-pci-core-y := vfio_pci_core.o vfio_pci_intrs.o vfio_pci_rdwr.o vfio_pci_config.o
vfio-pci-y := vfio_pci.o vfio_pci_igd.o
EOF
make -C "$headers" M="$build" -j"$(nproc)" modules >"$work/build.log" 2>&1 ||
  fail "module build failed: $(grep -m1 -i 'error' "$work/build.log" || tail -n1 "$work/build.log") (log: $work/build.log)"

mkdir -p "$out.tmp"
for m in "${modules[@]}"; do
  f="$(find "$build" -name "$m" | head -n1)"
  [ -n "$f" ] || fail "the build made no $m (log: $work/build.log)"
  strip --strip-debug -o "$out.tmp/$m" "$f"
done
rm -rf "$out" && mv "$out.tmp" "$out"
rm -rf "$tree"
