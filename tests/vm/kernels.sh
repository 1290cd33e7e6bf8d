# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by the VM tools: resolves a kernel name to what QEMU boots.
#   6.1     newest Debian linux-image-6.1.*-amd64 in /boot
#   6.12    newest bookworm-backports linux-image-6.12.*-amd64 in /boot
#   6.1-rt, 6.12-rt  the same series in their PREEMPT_RT flavour
#   kunit   the KUnit/debug kernel of tests/vm/kunit-kernel.sh
# Sets: vm_kernel_image, vm_kernel_release, vm_kernel_build (headers/build
# tree for out-of-tree modules), vm_kernel_modular (1 when 9p is modular),
# vm_kernel_append (extra kernel command line).

# debian_newest_release WHAT SERIES [FLAVOUR]: newest installed release of a
# Debian kernel series (6.1, 6.12) in a flavour (amd64, the default, or
# rt-amd64). WHAT is "image" (/boot/vmlinuz-*) or "headers" (a build tree
# under /lib/modules). Prints nothing when there is none.
debian_newest_release() {
	local what=$1 series=${2//./\\.} flavour=${3:-amd64} rel
	case "$what" in
	image) ls /boot 2>/dev/null | sed -n 's/^vmlinuz-//p' ;;
	headers) for rel in $(ls /lib/modules 2>/dev/null); do
			[ -d "/lib/modules/$rel/build" ] && echo "$rel"
		done ;;
	esac | grep -E "^$series\.[0-9.+a-z-]*-$flavour\$" |
		{ [ "$flavour" = amd64 ] && grep -v -e '-rt-amd64$' -e '-cloud-amd64$' || cat; } |
		sort -V | tail -n 1
}

vm_resolve_kernel() {
	local name=$1 top
	top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
	case "$name" in
	6.1 | 6.12 | 6.1-rt | 6.12-rt)
		vm_kernel_release=$(debian_newest_release image "${name%-rt}" \
			"$([ "${name%-rt}" = "$name" ] && echo amd64 || echo rt-amd64)")
		if [ -z "$vm_kernel_release" ]; then
			echo "no $name kernel in /boot (make deps installs it)" >&2
			return 1
		fi
		vm_kernel_image=/boot/vmlinuz-$vm_kernel_release
		vm_kernel_build=/lib/modules/$vm_kernel_release/build
		vm_kernel_modular=1
		vm_kernel_append=
		;;
	kunit)
		vm_kernel_build=$("$top/tests/vm/kunit-kernel.sh") || return 1
		vm_kernel_image=$vm_kernel_build/arch/x86/boot/bzImage
		vm_kernel_release=$(cat "$vm_kernel_build/include/config/kernel.release")
		vm_kernel_modular=0
		# Its ACPI interpreter stalls under TCG with KASAN and lockdep;
		# without ACPI it cannot power off, hence init's reboot -f.
		vm_kernel_append=acpi=off
		;;
	*)
		echo "unknown kernel '$name' (6.1, 6.12, 6.1-rt, 6.12-rt or kunit)" >&2
		return 1
		;;
	esac
}
