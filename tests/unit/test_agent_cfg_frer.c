// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: the frer section of edgetsnd's config (user/lib/agent_cfg_frer.c)
 * — talkers and listeners read into the model with the values etsnctl
 * frer would write, and each error as FILE:LINE:COL: reason, several in
 * one file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "lib/agent_config.h"

static struct etsn_diag diag;

static struct etsn_agent_config *parse(const char *yaml)
{
	struct etsn_agent_check_opts opts = { .host = false };

	etsn_diag_free(&diag);
	etsn_diag_init(&diag, "t.yaml");
	return etsn_agent_config_parse(yaml, strlen(yaml), &opts, &diag);
}

static int teardown(void **state)
{
	(void)state;
	etsn_diag_free(&diag);
	return 0;
}

static void streams_reach_the_model(void **state)
{
	static const char yaml[] =
		"interfaces:\n"
		"  eth0:\n"
		"    qdisc: none\n"
		"    frer:\n"
		"      talkers:\n"
		"        - id 1 dst 02:00:5e:00:53:01 vlan 5 dev2 eth1 vlan1 10 vlan2 20\n"
		"        - {id: 2, ip: [192.0.2.1, 192.0.2.2], proto: udp, sport: 1, dport: 2,\n"
		"           dev2: eth1}\n"
		"      listeners:\n"
		"        - {id: 1, dst: 02:00:5e:00:53:01, vlan: 5, member: eth1, history: 8,\n"
		"           latent-difference: 2, latent-period: 1000}\n"
		"        - {id: 2, dst: 02:00:5e:00:53:02, algorithm: match, individual: true,\n"
		"           take-no-sequence: true, reset-ms: 50}\n";
	struct etsn_agent_config *c;
	const struct etsn_agent_iface *ifc;

	(void)state;
	c = parse(yaml);
	assert_non_null(c);
	ifc = &c->ifaces[0];
	assert_true(ifc->has_frer);
	assert_int_equal(2, ifc->nfrer_talkers);
	assert_int_equal(1, ifc->frer_talkers[0].id);
	assert_string_equal("eth1", ifc->frer_talkers[0].dev2);
	assert_int_equal(10, ifc->frer_talkers[0].t.vid1);
	assert_int_equal(20, ifc->frer_talkers[0].t.vid2);
	assert_int_equal(5, ifc->frer_talkers[0].t.mac.vid);
	assert_int_equal(ETSN_PSFP_KEY_IP, ifc->frer_talkers[1].t.key_kind);
	assert_int_equal(2, ifc->nfrer_listeners);
	assert_string_equal("eth1", ifc->frer_listeners[0].member);
	assert_int_equal(8, ifc->frer_listeners[0].r.history_len);
	assert_int_equal(ETSN_FRER_F_LATENT, ifc->frer_listeners[0].r.flags);
	assert_int_equal(2, ifc->frer_listeners[0].r.lat_difference);
	assert_int_equal(1000, ifc->frer_listeners[0].r.lat_period_ms);
	assert_int_equal(1, ifc->frer_listeners[0].r.take_any);
	assert_int_equal(ETSN_FRER_ALG_MATCH, ifc->frer_listeners[1].r.alg);
	assert_int_equal(ETSN_FRER_F_INDIVIDUAL | ETSN_FRER_F_TAKE_NO_SEQ,
			 ifc->frer_listeners[1].r.flags);
	assert_int_equal(50, ifc->frer_listeners[1].r.reset_ms);
	etsn_agent_config_free(c);
}

static void errors_at_their_items(void **state)
{
	static const char yaml[] =
		"interfaces:\n"
		"  lo:\n"
		"    qdisc: none\n"
		"    frer:\n"
		"      talkers:\n"
		"        - id 1 dst 02:00:5e:00:53:01 dev2 eth1 vlan1 10 vlan2 20\n"
		"        - {id: 1, dst: 02:00:5e:00:53:02, dev2: eth1}\n"
		"        - {id: 2, dst: 02:00:5e:00:53:01, dev2: eth1}\n"
		"        - id 3 dst 02:00:5e:00:53:03 dev2 lo\n"
		"        - id 4 dst 02:00:5e:00:53:04\n"
		"        - id 5 dst 02:00:5e:00:53:05 dev2 eth1 vlan2 4095\n"
		"      listeners:\n"
		"        - {id: 1, dst: 02:00:5e:00:53:01, member: eth1, latent-difference: 2}\n"
		"        - {id: 2, dst: 02:00:5e:00:53:02, individual: true, latent-paths: 3}\n"
		"        - {id: 3, dst: 02:00:5e:00:53:03, history: 65}\n"
		"        - {id: 4, dst: 02:00:5e:00:53:04, member: lo}\n"
		"        - {id: 1024, dst: 02:00:5e:00:53:06}\n"
		"        - id 6 dst 02:00:5e:00:53:01 max-sdu 100\n"
		"      bogus: 1\n"
		"  eth1:\n"
		"    qdisc: none\n"
		"    frer: [id 1]\n";
	static const char *const want[] = {
		"t.yaml:7:11: lo.frer.talkers[1]: stream id 1 given twice",
		"t.yaml:8:11: lo.frer.talkers[2]: the same frames as stream id 1",
		"t.yaml:9:11: lo.frer.talkers[3]: dev2 is lo itself",
		"t.yaml:10:11: lo.frer.talkers[4]: a talker needs 'dev2 DEV', the device of the "
		"second path",
		"t.yaml:11:11: lo.frer.talkers[5]: a VLAN ID is 1..4094",
		"t.yaml:14:11: lo.frer.listeners[1]: an individual recovery function has no latent "
		"error detection",
		"t.yaml:15:11: lo.frer.listeners[2]: history is 2..64 sequence numbers",
		"t.yaml:16:11: lo.frer.listeners[3]: the member is lo itself",
		"t.yaml:17:11: lo.frer.listeners[4]: a FRER stream id is 0..1023",
		"t.yaml:18:11: lo.frer.listeners[5]: max-sdu, meters and policies belong to "
		"'etsnctl stream'",
		"t.yaml:19:7: lo.frer: unknown key 'bogus' (known: talkers, listeners)",
		"t.yaml:22:11: eth1.frer: wrong type: expected a mapping, found a list",
	};
	size_t n = sizeof(want) / sizeof(want[0]);

	(void)state;
	assert_null(parse(yaml));
	etsn_diag_sort(&diag);
	for (size_t i = 0; i < diag.count; i++)
		if (i >= n || strcmp(want[i], diag.msgs[i].text))
			print_message("  got: %s\n", diag.msgs[i].text);
	assert_int_equal(n, etsn_diag_errors(&diag));
	for (size_t i = 0; i < n; i++)
		assert_string_equal(want[i], diag.msgs[i].text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(streams_reach_the_model, teardown),
		cmocka_unit_test_teardown(errors_at_their_items, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
