#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# KUnit alone: builds edgetsn.ko and the test modules against the KUnit/debug
# kernel, boots it and runs the suites (tests/vm/cases/kunit_suites.sh);
# every KUnit case is one test. make check runs them in the same boot as the
# debug kernel's VM cases instead. Last line: "kunit: N passed, N failed, N skipped".
top=$(cd "$(dirname "$0")/../.." && pwd)
EDGETSN_VM_STAGE=kunit exec "$top/tests/vm/check.sh" -k kunit kunit_suites
