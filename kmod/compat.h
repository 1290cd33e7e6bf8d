/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel API differences between the kernels edgetsn supports (Debian 6.1
 * and 6.12, with and without PREEMPT_RT). Code elsewhere uses only the
 * names defined here, never LINUX_VERSION_CODE tests of its own.
 */
#ifndef _ETSN_COMPAT_H
#define _ETSN_COMPAT_H

#include <linux/version.h>
#include <linux/export.h>
#include <linux/kconfig.h>

/*
 * EXPORT_SYMBOL_IF_KUNIT() appeared in 6.2 and puts symbols in a namespace
 * that a 6.1 test module could not import the same way. Helpers that the
 * out-of-tree KUnit module tests are exported only when KUnit is there.
 */
#if IS_ENABLED(CONFIG_KUNIT)
#define ETSN_EXPORT_FOR_KUNIT(sym) EXPORT_SYMBOL_GPL(sym)
#else
#define ETSN_EXPORT_FOR_KUNIT(sym)
#endif

#endif /* _ETSN_COMPAT_H */
