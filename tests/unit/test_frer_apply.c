// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: edgetsnd's FRER apply (user/lib/frer_apply.c) on real devices
 * and maps: in a network and mount namespace of its own (veth pair made
 * by iproute2, a bpffs of its own), a config's streams are added, an
 * apply of the same config changes nothing and keeps the recovery state,
 * a changed config replaces and deletes, and a failing apply (a member
 * device that is not there) is undone to the previous streams, state
 * included. Needs root (skipped, saying why, without it).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>
#include <cmocka.h>

#include <bpf/bpf.h>

#include "lib/agent_config.h"
#include "lib/frer_apply.h"
#include "lib/frer_attach.h"

static struct etsn_agent_config *cfg(const char *frer)
{
	char yaml[2048];
	struct etsn_agent_check_opts opts = { .host = true };
	struct etsn_agent_config *c;
	struct etsn_diag d;

	snprintf(yaml, sizeof(yaml), "interfaces:\n  fra:\n    qdisc: none\n    frer:\n%s", frer);
	etsn_diag_init(&d, "t.yaml");
	c = etsn_agent_config_parse(yaml, strlen(yaml), &opts, &d);
	for (size_t i = 0; !c && i < d.count; i++)
		print_message("%s\n", d.msgs[i].text);
	etsn_diag_free(&d);
	return c;
}

static int apply(const char *frer, size_t *changes, char *err, size_t len)
{
	struct etsn_agent_config *c = cfg(frer);
	struct etsn_frer_undo u = { 0 };
	int ret;

	assert_non_null(c);
	*changes = 0;
	ret = etsn_frer_apply(c, &u, changes, err, len);
	if (ret)
		etsn_frer_apply_undo(&u);
	etsn_frer_apply_free(&u);
	etsn_agent_config_free(c);
	return ret;
}

/* The id the listener's MAC key map gives dst ...:53:02 with vid, or -1. */
static int mac_key_id(uint16_t vid)
{
	struct etsn_psfp_mac_key k = { .dst = { 0x02, 0x00, 0x5e, 0x00, 0x53, 0x02 }, .vid = vid };
	int fd = bpf_obj_get("/sys/fs/bpf/edgetsn/fra/" ETSN_FRER_MAP_LMAC);
	uint32_t id;
	int ret;

	assert_true(fd >= 0);
	ret = bpf_map_lookup_elem(fd, &k, &id) ? -1 : (int)id;
	close(fd);
	return ret;
}

static const char base[] =
	"      talkers:\n"
	"        - id 1 dst 02:00:5e:00:53:01 dev2 frb vlan1 10 vlan2 20\n"
	"      listeners:\n"
	"        - id 1 dst 02:00:5e:00:53:01 member frb history 8\n"
	"        - id 2 dst 02:00:5e:00:53:02 vlan 10 vlan2 20\n";
static const char changed[] =
	"      talkers:\n"
	"        - id 1 dst 02:00:5e:00:53:01 dev2 frb vlan1 10 vlan2 20\n"
	"      listeners:\n"
	"        - id 1 dst 02:00:5e:00:53:01 member frb history 16\n";
static const char failing[] =
	"      listeners:\n"
	"        - id 3 dst 02:00:5e:00:53:03\n"
	"        - id 4 dst 02:00:5e:00:53:04 member nope\n";

static int setup(void **state)
{
	(void)state;
	if (geteuid() != 0 || unshare(CLONE_NEWNET | CLONE_NEWNS) ||
	    mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) ||
	    mount("bpf", "/sys/fs/bpf", "bpf", 0, NULL) ||
	    system("ip link add fra type veth peer name frb && ip link set fra up && "
		   "ip link set frb up")) {
		print_message("skipped: needs root for a namespace, a bpffs and a veth pair (%s)\n",
			      strerror(errno));
		*state = (void *)1;
	}
	return 0;
}

static void apply_keep_replace_undo(void **state)
{
	struct etsn_frer_rcvy r, before;
	struct etsn_frer_talker t;
	char err[256] = "";
	size_t changes;

	if (*state)
		skip();
	assert_int_equal(0, apply(base, &changes, err, sizeof(err)));
	assert_int_equal(3, changes);
	assert_int_equal(0, etsn_frer_stream_get("fra", 1, true, &t, sizeof(t)));
	assert_int_equal(20, t.vid2);
	assert_int_equal(2, mac_key_id(10));
	assert_int_equal(2, mac_key_id(20));
	/* Some recovery state, as traffic would leave it. */
	assert_int_equal(0, etsn_frer_stream_get("fra", 1, false, &before, sizeof(before)));
	assert_int_equal(0, etsn_frer_stream_del("fra", 1, false, err, sizeof(err)));
	before.cnt.passed = 42;
	before.take_any = 0;
	assert_int_equal(0, etsn_frer_stream_put("fra", 1, false, &before));

	assert_int_equal(0, apply(base, &changes, err, sizeof(err)));
	assert_int_equal(0, changes);
	assert_int_equal(0, etsn_frer_stream_get("fra", 1, false, &r, sizeof(r)));
	assert_int_equal(42, r.cnt.passed);

	/* A refused apply: stream 3 added, then stream 4's member is missing;
	 * 3 goes again, 1 and 2 come back with their state.
	 */
	assert_int_equal(-ENODEV, apply(failing, &changes, err, sizeof(err)));
	assert_string_equal("fra: FRER: no device 'nope'", err);
	assert_int_equal(-ENOENT, etsn_frer_stream_get("fra", 3, false, &r, sizeof(r)));
	assert_int_equal(0, etsn_frer_stream_get("fra", 1, false, &r, sizeof(r)));
	assert_int_equal(42, r.cnt.passed);
	assert_int_equal(8, r.history_len);
	assert_int_equal(0, etsn_frer_stream_get("fra", 2, false, &r, sizeof(r)));
	assert_int_equal(2, mac_key_id(20));
	assert_int_equal(0, etsn_frer_stream_get("fra", 1, true, &t, sizeof(t)));

	/* history 16: listener 1 replaced (fresh state), 2 deleted. */
	assert_int_equal(0, apply(changed, &changes, err, sizeof(err)));
	assert_int_equal(3, changes);
	assert_int_equal(0, etsn_frer_stream_get("fra", 1, false, &r, sizeof(r)));
	assert_int_equal(16, r.history_len);
	assert_int_equal(0, r.cnt.passed);
	assert_int_equal(-ENOENT, etsn_frer_stream_get("fra", 2, false, &r, sizeof(r)));
	assert_int_equal(-1, mac_key_id(10));
	assert_int_equal(-1, mac_key_id(20));
	assert_int_equal(0, etsn_frer_stream_get("fra", 1, true, &t, sizeof(t)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(apply_keep_replace_undo),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
