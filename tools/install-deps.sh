#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs every Debian 12 package edgetsn needs to build, test and demo,
# including the 6.1 kernel and the 6.12 kernel from bookworm-backports
# (booted under QEMU, never on the host) and the headers of both kernels'
# PREEMPT_RT flavours (DKMS build check). Idempotent: installs only what is
# missing, and runs apt-get update only when it has to.
set -euo pipefail

packages=(
	# build: module, userspace, BPF
	build-essential make pkg-config kmod dkms clang llvm bpftool libbpf-dev
	libelf-dev libcmocka-dev libnl-3-dev libnl-genl-3-dev libmosquitto-dev libyaml-dev
	# edgetsnd: sd_notify (libsystemd); its Prometheus file tested against node-exporter
	libsystemd-dev prometheus-node-exporter curl
	# the KUnit/debug kernel, checkpatch, the YNL spec and man page checks
	linux-source-6.1 linux-source-6.12 bc bison flex libssl-dev dwarves xz-utils python3 perl python3-yaml
	man-db groff-base
	# the kernel's YNL generator (tools/check-ynl-gen.sh) validates specs with it
	python3-jsonschema
	# tests/policy: stops etsnctl meter set at its map write (a race made exact)
	gdb
	# tests/agent/ptp.sh: the order in which edgetsnd sends (fail-safe first)
	strace
	# QEMU harness and what runs inside the guests
	qemu-system-x86 busybox-static cpio gzip iproute2 iputils-ping ethtool linuxptp
	mosquitto mosquitto-clients valgrind
	# tools/bench-fw.sh: the nftables rule the XDP firewall is measured against
	nftables jq
	# Debian's 6.1 kernel (bookworm's default candidate) and its PREEMPT_RT
	# flavour, both booted by the VM tests and built against by DKMS
	linux-image-amd64 linux-headers-amd64 linux-image-rt-amd64 linux-headers-rt-amd64
)

missing() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
			echo "$p"
	done
}

updated=0
apt_update() {
	[ "$updated" = 1 ] && return 0
	apt-get update -q
	updated=1
}

need_root() {
	[ "$(id -u)" = 0 ] || { echo "install-deps: missing packages ($*); run as root" >&2; exit 1; }
}

export DEBIAN_FRONTEND=noninteractive
install() {
	apt-get install -y -q --no-install-recommends "$@"
}

todo=$(missing "${packages[@]}")
if [ -n "$todo" ]; then
	need_root $todo
	apt_update
	# shellcheck disable=SC2086
	install $todo
fi

# The 6.12 kernel: bookworm-backports, added as an apt source if absent.
bpo_installed=$(ls /boot | grep -E '^vmlinuz-6\.12\.[0-9.+a-z]*-amd64$' | grep -v -e -rt- -e -cloud- || true)
if [ -z "$bpo_installed" ] || [ -z "$(ls -d /usr/src/linux-headers-6.12.*-amd64 2>/dev/null | grep -v -e -rt- -e -cloud-)" ] ||
   [ -z "$(ls -d /usr/src/linux-headers-6.12.*-rt-amd64 2>/dev/null)" ] ||
   [ -z "$(ls /boot | grep -E '^vmlinuz-6\.12\.[0-9.+a-z]*-rt-amd64$')" ]; then
	need_root "6.12 kernel"
	if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
		cat > /etc/apt/sources.list.d/edgetsn-backports.sources <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
		updated=0
	fi
	apt_update
	img=$(apt-cache depends -t bookworm-backports linux-image-amd64 | awk '/Depends: linux-image-6\.12/ { print $2; exit }')
	hdr=$(apt-cache depends -t bookworm-backports linux-headers-amd64 | awk '/Depends: linux-headers-6\.12/ { print $2; exit }')
	hdr_rt=$(apt-cache depends -t bookworm-backports linux-headers-rt-amd64 | awk '/Depends: linux-headers-6\.12/ { print $2; exit }')
	img_rt=$(apt-cache depends -t bookworm-backports linux-image-rt-amd64 | awk '/Depends: linux-image-6\.12/ { print $2; exit }')
	[ -n "$img" ] && [ -n "$hdr" ] && [ -n "$hdr_rt" ] && [ -n "$img_rt" ] ||
		{ echo "install-deps: no 6.12 kernel in bookworm-backports" >&2; exit 1; }
	install "$img" "$hdr" "$hdr_rt" "$img_rt"
fi
echo "install-deps: all packages present"
