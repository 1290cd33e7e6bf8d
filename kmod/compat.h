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
#include <linux/types.h>

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

/**
 * struct etsn_mm_facts - 802.3 MAC merge facts of a device
 * @kernel_api: the kernel has the ethtool MAC merge API (6.3+)
 * @device_support: the device implements get_mm
 * @pmac_enabled: the pMAC is enabled
 * @tx_enabled: preemptible transmission is enabled
 * @tx_active: preemption is active (verified or verification off)
 * @verifying: verification with the link partner is under way
 * @verify_failed: verification failed
 * @tx_min_frag: bytes, shortest non-final fragment sent
 */
struct etsn_mm_facts {
	bool kernel_api;
	bool device_support;
	bool pmac_enabled;
	bool tx_enabled;
	bool tx_active;
	bool verifying;
	bool verify_failed;
	u32 tx_min_frag;
};

/* The kernel's version as one comparable number (major * 256 + patchlevel). */
#define ETSN_KERNEL_AT_LEAST(major, patchlevel) \
	(LINUX_VERSION_MAJOR * 256 + LINUX_VERSION_PATCHLEVEL >= (major) * 256 + (patchlevel))

#if ETSN_KERNEL_AT_LEAST(6, 3)
#include <linux/ethtool.h>
#include <linux/netdevice.h>

/* RTNL held (ethtool calls get_mm under it too). */
static inline void etsn_compat_read_mm(struct net_device *dev,
				       struct etsn_mm_facts *f)
{
	struct ethtool_mm_state st = {};

	*f = (struct etsn_mm_facts){ .kernel_api = true };
	if (!dev->ethtool_ops || !dev->ethtool_ops->get_mm ||
	    dev->ethtool_ops->get_mm(dev, &st))
		return;
	f->device_support = true;
	f->pmac_enabled = st.pmac_enabled;
	f->tx_enabled = st.tx_enabled;
	f->tx_active = st.tx_active;
	f->verifying = st.verify_enabled &&
		       (st.verify_status == ETHTOOL_MM_VERIFY_STATUS_INITIAL ||
			st.verify_status == ETHTOOL_MM_VERIFY_STATUS_VERIFYING);
	f->verify_failed = st.verify_enabled &&
			   st.verify_status == ETHTOOL_MM_VERIFY_STATUS_FAILED;
	f->tx_min_frag = st.tx_min_frag_size;
}
#else
struct net_device;

/* No ethtool MAC merge API before 6.3. */
static inline void etsn_compat_read_mm(struct net_device *dev,
				       struct etsn_mm_facts *f)
{
	*f = (struct etsn_mm_facts){ .kernel_api = false };
}
#endif

/* The attributes of a dump's request, validated against the op's policy. */
#if ETSN_KERNEL_AT_LEAST(6, 6)
#define etsn_compat_dump_attrs(cb) (genl_info_dump(cb)->attrs)
#else
#define etsn_compat_dump_attrs(cb) (genl_dumpit_info(cb)->attrs)
#endif

/* skb_gso_segment() moved to <net/gso.h> in 6.5. */
#if ETSN_KERNEL_AT_LEAST(6, 5)
#include <net/gso.h>
#else
#include <linux/netdevice.h>
#endif

#endif /* _ETSN_COMPAT_H */
