// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only: one Ethernet device, mmd0, with an 802.3 MAC merge layer, for
 * the VM cases (no device QEMU emulates has one). ethtool's MM_SET and
 * MM_GET reach it as they reach a driver; with verification off,
 * preemption is active as soon as transmission of preemptible frames is
 * enabled, as 802.3br has it, and verification, when enabled, succeeds at
 * once. A 1000 Mb/s link; frames sent are counted and freed.
 */
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/module.h>
#include <linux/netdevice.h>

#include "compat.h"

struct etsn_mmdev {
	u32 verify_time;
	bool verify_enabled;
	bool tx_enabled;
	bool pmac_enabled;
	u32 tx_min_frag_size;
};

static struct net_device *etsn_mmdev_dev;

static netdev_tx_t etsn_mmdev_xmit(struct sk_buff *skb, struct net_device *dev)
{
	DEV_STATS_INC(dev, tx_packets);
	DEV_STATS_ADD(dev, tx_bytes, skb->len);
	dev_kfree_skb(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops etsn_mmdev_netdev_ops = {
	.ndo_start_xmit = etsn_mmdev_xmit,
	.ndo_set_mac_address = eth_mac_addr,
};

static int etsn_mmdev_get_link_ksettings(struct net_device *dev,
					 struct ethtool_link_ksettings *ks)
{
	ks->base.speed = SPEED_1000;
	ks->base.duplex = DUPLEX_FULL;
	ks->base.port = PORT_OTHER;
	ks->base.autoneg = AUTONEG_DISABLE;
	return 0;
}

#if ETSN_KERNEL_AT_LEAST(6, 3)
/* RTNL held, as for any driver. */
static int etsn_mmdev_get_mm(struct net_device *dev, struct ethtool_mm_state *st)
{
	const struct etsn_mmdev *mm = netdev_priv(dev);

	st->verify_time = mm->verify_time;
	st->max_verify_time = 128;
	st->verify_enabled = mm->verify_enabled;
	st->verify_status = mm->verify_enabled ?
			    ETHTOOL_MM_VERIFY_STATUS_SUCCEEDED :
			    ETHTOOL_MM_VERIFY_STATUS_DISABLED;
	st->pmac_enabled = mm->pmac_enabled;
	st->tx_enabled = mm->tx_enabled;
	st->tx_active = mm->tx_enabled && mm->pmac_enabled;
	st->tx_min_frag_size = mm->tx_min_frag_size;
	st->rx_min_frag_size = 60;
	return 0;
}

static int etsn_mmdev_set_mm(struct net_device *dev, struct ethtool_mm_cfg *cfg,
			     struct netlink_ext_ack *extack)
{
	struct etsn_mmdev *mm = netdev_priv(dev);

	mm->verify_time = cfg->verify_time;
	mm->verify_enabled = cfg->verify_enabled;
	mm->tx_enabled = cfg->tx_enabled;
	mm->pmac_enabled = cfg->pmac_enabled;
	mm->tx_min_frag_size = cfg->tx_min_frag_size;
	return 0;
}
#endif

static const struct ethtool_ops etsn_mmdev_ethtool_ops = {
	.get_link_ksettings = etsn_mmdev_get_link_ksettings,
#if ETSN_KERNEL_AT_LEAST(6, 3)
	.get_mm = etsn_mmdev_get_mm,
	.set_mm = etsn_mmdev_set_mm,
#endif
};

static int __init etsn_mmdev_init(void)
{
	struct net_device *dev;
	struct etsn_mmdev *mm;
	int err;

	dev = alloc_netdev(sizeof(*mm), "mmd%d", NET_NAME_ENUM, ether_setup);
	if (!dev)
		return -ENOMEM;
	mm = netdev_priv(dev);
	mm->verify_time = 10;
	mm->tx_min_frag_size = 60;
	dev->netdev_ops = &etsn_mmdev_netdev_ops;
	dev->ethtool_ops = &etsn_mmdev_ethtool_ops;
	eth_hw_addr_random(dev);
	err = register_netdev(dev);
	if (err) {
		free_netdev(dev);
		return err;
	}
	etsn_mmdev_dev = dev;
	return 0;
}

static void __exit etsn_mmdev_exit(void)
{
	unregister_netdev(etsn_mmdev_dev);
	free_netdev(etsn_mmdev_dev);
}

module_init(etsn_mmdev_init);
module_exit(etsn_mmdev_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("edgetsn test device with a MAC merge layer");
