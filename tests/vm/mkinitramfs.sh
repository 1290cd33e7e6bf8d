#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the busybox initramfs for one kernel release: tests/vm/init as PID 1
# plus, for a modular (Debian) kernel, the virtio/9p modules and the order
# to load them in. Usage: mkinitramfs.sh RELEASE MODULAR OUTPUT.cpio.gz
set -euo pipefail
release=$1 modular=$2 out=$3
top=$(cd "$(dirname "$0")/../.." && pwd)
# busybox-static's binary: the initramfs has no libc.
busybox=/bin/busybox
[ -x "$busybox" ] || { echo "$busybox missing (make deps)" >&2; exit 1; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,dev,proc,sys,etc,lib/modules,host}
cp "$busybox" "$root/bin/busybox"
cp "$top/tests/vm/init" "$root/init"

if [ "$modular" = 1 ]; then
	# modprobe resolves the dependency order on the host; the guest only
	# runs insmod. Compressed modules are unpacked: busybox may lack xz.
	for mod in virtio_pci 9pnet_virtio 9p; do
		modprobe -S "$release" --show-depends "$mod"
	done | awk '$1 == "insmod" { print $2 }' | awk '!seen[$0]++' |
	while read -r path; do
		name=$(basename "$path")
		case "$name" in
		*.ko.xz) xz -dc "$path" > "$root/lib/modules/${name%.xz}"; name=${name%.xz} ;;
		*.ko.zst) zstd -qdc "$path" > "$root/lib/modules/${name%.zst}"; name=${name%.zst} ;;
		*) cp "$path" "$root/lib/modules/$name" ;;
		esac
		echo "$name" >> "$root/etc/vm-modules"
	done
	[ -s "$root/etc/vm-modules" ] || { echo "no 9p modules for $release" >&2; exit 1; }
fi

(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 > "$out.tmp.$$"
mv "$out.tmp.$$" "$out"
