// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: edgetsnd's policy-plane apply (user/lib/policy_apply.c,
 * psfp_apply.c) on real devices, programs and maps: in a network and
 * mount namespace of its own (veth pair made by iproute2, a bpffs of its
 * own), through the agent's whole apply (etsn_agent_apply; `qdisc: none`,
 * so edgetsn.ko is not needed), a config with firewall rules, a SYN limit
 * and an unparsed verdict, 120 PSFP streams with meters (40 with gates)
 * and PSFP's unparsed verdict, classifier rules, and on a second veth pair
 * a DSCP map (whose effect on real frames an htb qdisc's class counters
 * show) is applied and read back with etsnctl -j; the same config again
 * writes nothing (meter state,
 * rule counter slots and program ids stay); a changed config changes only
 * the difference; a config that fails part-way (a map full late in the
 * second interface's rules) is rolled back to the previous state; a
 * meter change is made in place (the stream's counters stay); revert
 * removes it all. Needs root (skipped, saying why, without it).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <unistd.h>
#include <cmocka.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "lib/agent_apply.h"
#include "lib/agent_config.h"
#include "lib/bpfpin.h"
#include "lib/cls_edit.h"
#include "lib/dscp_edit.h"
#include "lib/fw_maps.h"
#include "lib/policy_apply.h"
#include "lib/psfp_maps.h"
#include "lib/xdp_state.h"

#define NSTREAMS 120

enum variant { BASE, CHANGED, FAILING };

/* The config of a variant: BASE; CHANGED (one firewall rule swapped, the
 * SYN limit changed, both unparsed verdicts back to drop, the firewall's
 * fragments verdict back to pass, stream 7's meter
 * changed, stream 8 gone, stream 200 new, stream 3's gate changed,
 * classifier rule 2's priority changed; on pc DSCP 46's class changed, 10
 * unmapped, 12 mapped);
 * FAILING (CHANGED on pa, and on pb one port rule more than the port
 * map holds, so that pb's last rule fails after pa's part is done).
 */
static char *yaml(enum variant v)
{
	size_t cap = 1 << 20, n = 0;
	char *y = malloc(cap);

	assert_non_null(y);
#define P(...) (n += (size_t)snprintf(y + n, cap - n, __VA_ARGS__))
	P("interfaces:\n  pa:\n    qdisc: none\n    firewall:\n      rules:\n");
	P("        - %s\n", v == BASE ? "192.0.2.0/24" : "198.51.100.0/24");
	P("        - 2001:db8::/32\n        - port tcp 23\n");
	P("      syn-limit: rate %d/s burst 20\n", v == BASE ? 100 : 200);
	P("      unparsed-policy: %s\n", v == BASE ? "pass" : "drop");
	P("      fragments-policy: %s\n", v == BASE ? "drop" : "pass");
	P("    psfp:\n      unknown-policy: pass\n");
	P("      unparsed-policy: %s\n      streams:\n", v == BASE ? "pass" : "drop");
	for (int i = 0; i < NSTREAMS; i++) {
		if (i == 8 && v != BASE)
			continue;
		if (i % 3 == 0)
			P("        - id: %d\n          dst: 02:00:5e:00:%02x:%02x\n"
			  "          cir: 1mbit\n          cbs: 3000\n          gate: %s\n",
			  i, i / 256, i % 256, i == 3 && v != BASE ?
			  "base 0 cycle 2ms open 500us closed 1500us" :
			  "base 0 cycle 1ms open 250us closed 750us");
		else
			P("        - id %d ip 10.0.%d.%d 10.1.0.1 proto udp sport 5000 dport %d cir %s cbs 1500\n",
			  i, i / 256, i % 256, 6000 + i, i == 7 && v != BASE ? "4mbit" : "2mbit");
	}
	if (v != BASE)
		P("        - id 200 dst 02:00:5e:00:53:c8 vlan 7\n");
	P("    classify:\n      rules:\n");
	P("        - id 1 dst 02:00:5e:00:00:00 prio 7\n");
	P("        - id 2 ip 10.0.0.1 10.1.0.1 proto udp sport 5000 dport 6001 prio %d\n",
	  v == BASE ? 6 : 5);
	P("  pc:\n    qdisc: none\n    dscp:\n      map:\n");
	P(v == BASE ? "        46: 1:1\n        10: 1:3\n" : "        46: 1:3\n        12: 7\n");
	if (v == FAILING) {
		P("  pb:\n    qdisc: none\n    firewall:\n      rules:\n");
		for (int p = 1; p <= ETSN_FW_MAX_PORTS + 1; p++)
			P("        - port udp %d\n", p);
	}
#undef P
	return y;
}

static struct etsn_agent_config *cfg(enum variant v)
{
	struct etsn_agent_check_opts opts = { .host = true };
	struct etsn_agent_config *c;
	struct etsn_diag d;
	char *y = yaml(v);

	etsn_diag_init(&d, "t.yaml");
	c = etsn_agent_config_parse(y, strlen(y), &opts, &d);
	for (size_t i = 0; !c && i < d.count; i++)
		print_message("%s\n", d.msgs[i].text);
	etsn_diag_free(&d);
	free(y);
	assert_non_null(c);
	return c;
}

/* Through the agent's whole apply: `qdisc: none` everywhere, so it runs
 * without edgetsn.ko (issue 13); a failure is undone inside it.
 */
static int apply(enum variant v, size_t *changes, char *err, size_t len)
{
	struct etsn_agent_config *c = cfg(v);
	int ret = etsn_agent_apply(c, changes, err, len);

	etsn_agent_config_free(c);
	return ret;
}

/* How often "needle" occurs in etsnctl -j ARGS's output. */
static int ctl_count(const char *args, const char *needle)
{
	char cmd[512], *buf = malloc(1 << 22);
	size_t n = 0, got;
	int count = 0;
	FILE *p;

	assert_non_null(buf);
	snprintf(cmd, sizeof(cmd), "%s -j %s", ETSNCTL, args);
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((got = fread(buf + n, 1, (1 << 22) - 1 - n, p)) > 0)
		n += got;
	buf[n] = '\0';
	assert_int_equal(0, pclose(p));
	for (char *s = strstr(buf, needle); s; s = strstr(s + 1, needle))
		count++;
	free(buf);
	return count;
}

struct ids {
	uint32_t xdp, psfp, cls;
};

static void prog_ids(const char *dev, struct ids *ids)
{
	struct etsn_xdp_state st;
	struct etsn_psfp_maps m;
	bool ours = false;

	assert_int_equal(0, etsn_xdp_query("test", dev, &st));
	ids->xdp = etsn_xdp_is_fw(&st) ? st.prog_id : 0;
	ids->psfp = 0;
	if (etsn_psfp_maps_open("test", dev, &m) == 0) {
		ids->psfp = etsn_psfp_maps_slot_prog(&m);
		etsn_psfp_maps_close(&m);
	}
	ids->cls = etsn_tc_egress_prog(&etsn_cls_filter, (int)if_nametoindex(dev), &ours);
	if (!ours)
		ids->cls = 0;
}

/* Stream id's value on pa, or -ENOENT. */
static int stream(uint32_t id, struct etsn_psfp_stream *s)
{
	struct etsn_psfp_maps m;
	int ret;

	assert_int_equal(0, etsn_psfp_maps_open("test", "pa", &m));
	ret = etsn_psfp_maps_read_stream(&m, id, s);
	etsn_psfp_maps_close(&m);
	return ret;
}

/* Stream id's meter on pa. */
static struct etsn_psfp_meter meter(uint32_t id)
{
	struct etsn_psfp_meter mt;
	struct etsn_psfp_maps m;

	assert_int_equal(0, etsn_psfp_maps_open("test", "pa", &m));
	assert_int_equal(0, etsn_psfp_maps_read_meter(&m, id, &mt));
	etsn_psfp_maps_close(&m);
	return mt;
}

/* Meter state as traffic would leave it: stream id's green bucket. */
static void set_ctokens(uint32_t id, uint64_t tokens)
{
	struct etsn_psfp_meter mt = meter(id);
	struct etsn_psfp_maps m;

	mt.ctokens = tokens;
	assert_int_equal(0, etsn_psfp_maps_open("test", "pa", &m));
	assert_int_equal(0, etsn_psfp_maps_write_meter(&m, id, &mt));
	etsn_psfp_maps_close(&m);
}

/* Stream id's passed counter on pa, summed; set_passed sets CPU 0's. */
static uint64_t counter_passed(uint32_t id)
{
	struct etsn_psfp_counters c;
	struct etsn_psfp_maps m;

	assert_int_equal(0, etsn_psfp_maps_open("test", "pa", &m));
	assert_int_equal(0, etsn_psfp_maps_read_counters(&m, id, &c));
	etsn_psfp_maps_close(&m);
	return c.passed;
}

static void set_passed(uint32_t id, uint64_t passed)
{
	int ncpu = libbpf_num_possible_cpus();
	struct etsn_psfp_counters *v = calloc((size_t)ncpu, sizeof(*v));
	struct etsn_psfp_maps m;

	assert_non_null(v);
	v[0].passed = passed;
	assert_int_equal(0, etsn_psfp_maps_open("test", "pa", &m));
	assert_int_equal(0, bpf_map_update_elem(m.fd[ETSN_PSFP_M_COUNT], &id, v, BPF_ANY));
	etsn_psfp_maps_close(&m);
	free(v);
}

/* The counter slot (map value) of port rule tcp 23 on pa. */
static uint32_t port23_value(void)
{
	struct etsn_fw_port_key k = { .proto = IPPROTO_TCP, .port = 23 };
	int fd = etsn_bpfpin_open("pa", etsn_fw_map_name(ETSN_FW_PORT));
	uint32_t v = 0;

	assert_true(fd >= 0);
	assert_int_equal(0, bpf_map_lookup_elem(fd, &k, &v));
	close(fd);
	return v;
}

/* The field at off of pa's pinned config map NAME (firewall or PSFP). */
static uint32_t cfg_field(const char *name, size_t off)
{
	uint32_t zero = 0, cfg[8] = { 0 };
	int fd = etsn_bpfpin_open("pa", name);

	assert_true(fd >= 0);
	assert_int_equal(0, bpf_map_lookup_elem(fd, &zero, cfg));
	close(fd);
	return cfg[off / sizeof(uint32_t)];
}

#define fw_unparsed() cfg_field(ETSN_FW_MAP_CONFIG, offsetof(struct etsn_fw_config, unparsed))
#define fw_frag() cfg_field(ETSN_FW_MAP_CONFIG, offsetof(struct etsn_fw_config, frag))
#define psfp_unparsed() cfg_field(ETSN_PSFP_MAP_CONFIG, offsetof(struct etsn_psfp_config, unparsed))

/* pc's DSCP map as "dscp:prio ..." of the mapped entries. */
static const char *dscp_map(void)
{
	static char text[256];
	int fd[ETSN_DSCP_M_N];
	size_t n = 0;

	text[0] = '\0';
	assert_int_equal(0, etsn_dscp_maps_open("pc", false, fd));
	for (uint32_t d = 0; d < ETSN_DSCP_COUNT; d++) {
		struct etsn_dscp_prio v;

		assert_int_equal(0, bpf_map_lookup_elem(fd[ETSN_DSCP_M_PRIO], &d, &v));
		if (v.valid)
			n += (size_t)snprintf(text + n, sizeof(text) - n, "%s%u:%x", n ? " " : "",
					      d, v.priority);
	}
	etsn_bpfpin_close_set(fd, ETSN_DSCP_M_N);
	return text;
}

static uint32_t dscp_prog(void)
{
	bool ours = false;
	uint32_t id = etsn_tc_egress_prog(&etsn_dscp_filter, (int)if_nametoindex("pc"), &ours);

	return ours ? id : 0;
}

/* One UDP datagram out of pc with this DSCP. */
static void send_dscp(int dscp)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(5000) };
	int s = socket(AF_INET, SOCK_DGRAM, 0), tos = dscp << 2;

	assert_true(s >= 0);
	assert_int_equal(1, inet_pton(AF_INET, "192.0.2.2", &to.sin_addr));
	assert_int_equal(0, setsockopt(s, IPPROTO_IP, IP_TOS, &tos, sizeof(tos)));
	assert_int_equal(8, sendto(s, "datagram", 8, 0, (struct sockaddr *)&to, sizeof(to)));
	close(s);
}

/* Packets htb class 1:minor of pc has sent (its tc -s counter). */
static long class_packets(int minor)
{
	char cmd[128], line[256];
	long pkts = -1;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "tc -s class show dev pc classid 1:%d", minor);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (fgets(line, sizeof(line), p))
		if (sscanf(line, " Sent %*s bytes %ld pkt", &pkts) == 1)
			break;
	pclose(p);
	assert_true(pkts >= 0);
	return pkts;
}

static int setup(void **state)
{
	(void)state;
	if (geteuid() != 0 || unshare(CLONE_NEWNET | CLONE_NEWNS) ||
	    mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) ||
	    mount("bpf", "/sys/fs/bpf", "bpf", 0, NULL) ||
	    system("ip link add pa type veth peer name pb && ip link set pa up && "
		   "ip link set pb up && ip link add pc type veth peer name pd && "
		   "ip link set pd up && ip link set pc up && "
		   "ip addr add 192.0.2.1/24 dev pc && "
		   "ip neigh add 192.0.2.2 lladdr 02:00:00:00:00:02 dev pc && "
		   "tc qdisc add dev pc root handle 1: htb default 2 && "
		   "for c in 1 2 3; do tc class add dev pc parent 1: classid 1:$c htb rate 1gbit "
		   "quantum 1514 || exit 1; done")) {
		print_message("skipped: needs root for a namespace, a bpffs and a veth pair (%s)\n",
			      strerror(errno));
		*state = (void *)1;
	}
	return 0;
}

static void apply_keep_change_undo_revert(void **state)
{
	struct ids before, after, pb;
	struct etsn_psfp_stream s;
	uint32_t slot, dscp_id;
	char err[256];
	size_t changes;

	if (*state)
		skip();
	/* 1 attach + 3 rules + SYN limit + unparsed + fragments; 120 streams + 40 gates
	 * + unparsed + chain; 2 rules + attach; 2 DSCPs + attach.
	 */
	assert_int_equal(0, apply(BASE, &changes, err, sizeof(err)));
	assert_int_equal(7 + 162 + 3 + 3, changes);
	assert_int_equal(ETSN_FW_UNPARSED_PASS, fw_unparsed());
	assert_int_equal(ETSN_FW_FRAG_DROP, fw_frag());
	assert_int_equal(ETSN_PSFP_UNPARSED_PASS, psfp_unparsed());
	assert_string_equal("10:10003 46:10001", dscp_map());
	dscp_id = dscp_prog();
	assert_true(dscp_id);
	/* The map steers real frames: DSCP 46 to htb class 1:1. */
	send_dscp(46);
	assert_int_equal(1, class_packets(1));
	assert_int_equal(0, class_packets(3));
	assert_int_equal(NSTREAMS, ctl_count("stream show dev pa", "\"cir_bytes_per_s\""));
	assert_int_equal(NSTREAMS / 3, ctl_count("stream show dev pa", "\"gate\""));
	assert_int_equal(3, ctl_count("fw show dev pa", "\"dropped\""));
	assert_int_equal(1, ctl_count("fw show dev pa", "\"rate_per_s\":100"));
	assert_int_equal(2, ctl_count("classify show dev pa", "\"prio\""));
	prog_ids("pa", &before);
	assert_true(before.xdp && before.psfp && before.cls);

	/* The same config: nothing written, state and programs kept. */
	set_ctokens(1, 12345);
	set_ctokens(7, 777);
	slot = port23_value();
	assert_int_equal(0, apply(BASE, &changes, err, sizeof(err)));
	assert_int_equal(0, changes);
	assert_int_equal(0, stream(1, &s));
	assert_int_equal(12345, meter(1).ctokens);
	assert_int_equal(slot, port23_value());
	prog_ids("pa", &after);
	assert_memory_equal(&before, &after, sizeof(before));
	assert_int_equal(dscp_id, dscp_prog());

	/* Failing part-way: pa's changes are made, pb's 1025th port rule
	 * finds the map full; all of it is taken back.
	 */
	assert_int_equal(-E2BIG, apply(FAILING, &changes, err, sizeof(err)));
	print_message("refused as it should be: %s\n", err);
	assert_string_equal("pb: firewall: Argument list too long", err);
	assert_int_equal(0, stream(8, &s));
	assert_int_equal(0, stream(7, &s));
	assert_int_equal(777, meter(7).ctokens);
	assert_int_equal(-ENOENT, stream(200, &s));
	assert_int_equal(0, stream(1, &s));
	assert_int_equal(12345, meter(1).ctokens);
	assert_int_equal(1, ctl_count("fw show dev pa", "192.0.2.0/24"));
	assert_int_equal(0, ctl_count("fw show dev pa", "198.51.100.0/24"));
	assert_int_equal(1, ctl_count("fw show dev pa", "\"rate_per_s\":100"));
	assert_int_equal(1, ctl_count("classify show dev pa", "\"prio\":6"));
	assert_int_equal(NSTREAMS / 3, ctl_count("stream show dev pa", "\"cycle_ns\":1000000"));
	prog_ids("pa", &after);
	assert_memory_equal(&before, &after, sizeof(before));
	prog_ids("pb", &pb);
	assert_int_equal(0, pb.xdp);
	assert_int_equal(ETSN_FW_UNPARSED_PASS, fw_unparsed());
	assert_int_equal(ETSN_FW_FRAG_DROP, fw_frag());
	assert_int_equal(ETSN_PSFP_UNPARSED_PASS, psfp_unparsed());
	assert_string_equal("10:10003 46:10001", dscp_map());
	assert_int_equal(dscp_id, dscp_prog());

	set_passed(7, 7);
	/* Changed: only the difference. fw 2 + SYN 1 + unparsed + fragments;
	 * stream 7's
	 * meter in place, 8 deleted, 200 added, 3's gate, unparsed;
	 * classifier rule 2 replaced (2); DSCPs 46, 10 and 12.
	 */
	assert_int_equal(0, apply(CHANGED, &changes, err, sizeof(err)));
	assert_int_equal(5 + 5 + 2 + 3, changes);
	assert_int_equal(ETSN_FW_UNPARSED_DROP, fw_unparsed());
	assert_int_equal(ETSN_FW_FRAG_PASS, fw_frag());
	assert_int_equal(ETSN_PSFP_UNPARSED_DROP, psfp_unparsed());
	assert_string_equal("12:7 46:10003", dscp_map());
	assert_int_equal(dscp_id, dscp_prog());
	send_dscp(46);
	assert_int_equal(1, class_packets(1));
	assert_int_equal(1, class_packets(3));
	assert_int_equal(0, stream(1, &s));
	assert_int_equal(12345, meter(1).ctokens);
	assert_int_equal(0, stream(7, &s));
	assert_int_equal(4000000 / 8, meter(7).cir);
	assert_int_equal(meter(7).cbs * 1000000000ull, meter(7).ctokens);
	assert_int_equal(7, counter_passed(7));
	assert_int_equal(-ENOENT, stream(8, &s));
	assert_int_equal(0, stream(200, &s));
	assert_int_equal(slot, port23_value());
	assert_int_equal(1, ctl_count("fw show dev pa", "198.51.100.0/24"));
	assert_int_equal(1, ctl_count("fw show dev pa", "\"rate_per_s\":200"));
	assert_int_equal(1, ctl_count("classify show dev pa", "\"prio\":5"));
	assert_int_equal(1, ctl_count("stream show dev pa", "\"cycle_ns\":2000000"));
	prog_ids("pa", &after);
	assert_memory_equal(&before, &after, sizeof(before));

	/* on-stop: revert, of the base config (its verdicts are not the
	 * defaults).
	 */
	assert_int_equal(0, apply(BASE, &changes, err, sizeof(err)));
	assert_int_equal(ETSN_FW_UNPARSED_PASS, fw_unparsed());
	assert_int_equal(ETSN_FW_FRAG_DROP, fw_frag());
	{
		struct etsn_agent_config *c = cfg(BASE);
		size_t removed = 0;

		assert_int_equal(0, etsn_policy_revert(c, &removed, err, sizeof(err)));
		etsn_agent_config_free(c);
		assert_true(removed >= 3 + NSTREAMS + 2);
	}
	prog_ids("pa", &after);
	assert_int_equal(0, after.xdp);
	assert_int_equal(0, after.psfp);
	assert_int_equal(0, after.cls);
	assert_int_equal(-ENOENT, stream(1, &s));
	assert_int_equal(ETSN_FW_UNPARSED_DROP, fw_unparsed());
	assert_int_equal(ETSN_FW_FRAG_PASS, fw_frag());
	assert_int_equal(ETSN_PSFP_UNPARSED_DROP, psfp_unparsed());
	assert_string_equal("", dscp_map());
	assert_int_equal(0, dscp_prog());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(apply_keep_change_undo_revert),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
