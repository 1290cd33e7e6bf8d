#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `make demo`: boots Debian's stock 6.1 kernel under QEMU, loads edgetsn.ko
# there and shows it at work between two network namespaces. Ends by itself.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/vm/kernels.sh"
cd "$top"
vm_resolve_kernel 6.1 || { echo "demo: run 'make deps' first (as root)" >&2; exit 1; }
echo "== building edgetsn for $vm_kernel_release and etsnctl"
tools/build-kmod.sh "$vm_kernel_build" build/kmod/6.1
make -s user
echo "== booting $vm_kernel_release under QEMU (software emulation, ~15 s)"
tests/vm/run-vm -k 6.1 -t 300 -l build/vm/demo.log tools/demo-guest.sh build/kmod/6.1
