# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers for VM cases (sourced). EDGETSN_KO_DIR holds the modules built
# for the running kernel.
set -euo pipefail

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

expect_eq() { # expect_eq WHAT EXPECTED ACTUAL
	[ "$2" = "$3" ] || fail "$1: expected '$2', got '$3'"
}

repo_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
edgetsn_version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$repo_top/dkms.conf")

module_loaded() { grep -q "^$1 " /proc/modules; }

load_edgetsn() {
	module_loaded edgetsn || insmod "$EDGETSN_KO_DIR/edgetsn.ko"
}

unload_edgetsn() {
	if module_loaded edgetsn; then rmmod edgetsn; fi
}
