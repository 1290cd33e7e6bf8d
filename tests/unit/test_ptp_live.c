// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: user/lib/ptp_client.c and ptp_sync.c against real ptp4l on the
 * host (root; skipped with the reason otherwise). Two network namespaces
 * joined by a veth pair; in one a slave-only ptp4l (software timestamps,
 * L2, free_running so the host clock is never touched) supervised through
 * the client, in the other a master started later. Proves: the client
 * started before ptp4l gets ENOENT; GETs of PORT_DATA_SET, TIME_STATUS_NP
 * and TIME_PROPERTIES_DATA_SET (ptp4l's configured UTC offset, then the
 * master's); wrong domain or transportSpecific go unanswered; the
 * subscription delivers the port state change when the master appears;
 * the master's own supervision (allow_self_gm) locks; the master killed,
 * the slave's LISTENING is pushed (lost), restarted, UNCALIBRATED
 * (locking); SIGKILL mid-request gives a timeout, then ECONNREFUSED; a restarted
 * ptp4l has lost our subscription; SIGTERM gives ENOENT. The sync state
 * machine is fed from the same events. Always removes its namespaces,
 * processes and files (teardown).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "lib/ptp_client.h"
#include "lib/ptp_mgmt.h"
#include "lib/ptp_sync.h"

#define MS 1000000ull
#define S 1000000000ull
#define MAX_SEEN 256

struct seen {
	enum ptp_client_event_kind kind;
	uint16_t seq, id;
	struct ptp_mgmt_msg msg;
};

/* One client and everything it reported. */
struct peer {
	struct ptp_client *c;
	struct seen ev[MAX_SEEN];
	unsigned int n;
	struct ptp_sync_cfg sync_cfg;
	struct ptp_sync sync;
	struct ptp_sync_transition trans[32];
	unsigned int ntrans;
};

static struct {
	char dir[64];
	char ns_a[32], ns_b[32];
	bool netns;
	pid_t ptp4l_a, ptp4l_b;
	struct peer a, other, b;
} L;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * S + (uint64_t)ts.tv_nsec;
}

static void on_transition(void *ctx, const struct ptp_sync_transition *t)
{
	struct peer *p = ctx;

	printf("sync: %s -> %s (%s)\n", ptp_sync_state_name(t->from), ptp_sync_state_name(t->to),
	       ptp_sync_reason_name(t->reason));
	if (p->ntrans < 32)
		p->trans[p->ntrans++] = *t;
}

/* The agent's wiring in miniature: what the client reports feeds the
 * sync state machine.
 */
static void feed(struct peer *p, const struct ptp_client_event *ev)
{
	struct ptp_sync_input in = { .kind = PTP_SYNC_IN_TICK };
	const struct ptp_time_status *ts;

	if (ev->kind == PTP_CLIENT_TIMEOUT) {
		in.kind = PTP_SYNC_IN_PTP4L_DOWN;
	} else if ((ev->kind == PTP_CLIENT_REPLY || ev->kind == PTP_CLIENT_NOTIFY) &&
		   ev->id == PTP_MID_PORT_DATA_SET) {
		in.kind = PTP_SYNC_IN_PORT_STATE;
		in.port_state = ev->msg->u.port_ds.state;
	} else if (ev->kind == PTP_CLIENT_REPLY && ev->id == PTP_MID_TIME_STATUS_NP) {
		ts = &ev->msg->u.time_status;
		in.kind = PTP_SYNC_IN_TIME_STATUS;
		in.master_offset_ns = ts->master_offset_ns;
		in.ingress_time_ns = ts->ingress_time_ns;
		in.gm_present = ts->gm_present;
		memcpy(in.gm_identity, ts->gm_identity, 8);
	}
	ptp_sync_step(&p->sync_cfg, &p->sync, &in, now_ns(), on_transition, p);
}

static void on_event(void *ctx, const struct ptp_client_event *ev)
{
	struct peer *p = ctx;
	char b1[16], b2[16];

	static const char *const kinds[] = {
		[PTP_CLIENT_REPLY] = "reply", [PTP_CLIENT_ERROR_STATUS] = "error-status",
		[PTP_CLIENT_NOTIFY] = "notify", [PTP_CLIENT_TIMEOUT] = "timeout",
		[PTP_CLIENT_MALFORMED] = "malformed", [PTP_CLIENT_STRAY] = "stray",
	};

	printf("client: %s seq %u %s %s%s\n", kinds[ev->kind], ev->seq,
	       ptp_mgmt_id_name(ev->id, b1), ev->why ? ev->why : "",
	       ev->msg && ev->id == PTP_MID_PORT_DATA_SET && !ev->msg->is_error ?
	       ptp_port_state_name(ev->msg->u.port_ds.state, b2) : "");
	if (p->n < MAX_SEEN) {
		p->ev[p->n] = (struct seen){ .kind = ev->kind, .seq = ev->seq, .id = ev->id };
		if (ev->msg)
			p->ev[p->n].msg = *ev->msg;
		p->n++;
	}
	feed(p, ev);
}

/* Runs the event loop (as the agent would) until pred finds an event
 * from index `from` on, or limit_s passes; the limit only bounds a
 * failing run.
 */
static const struct seen *wait_for(struct peer *p, unsigned int from,
				   bool (*pred)(const struct seen *, const void *),
				   const void *arg, unsigned int limit_s)
{
	uint64_t end = now_ns() + limit_s * S;

	for (;;) {
		struct pollfd pfd = { .fd = ptp_client_fd(p->c), .events = POLLIN };

		for (unsigned int i = from; i < p->n; i++)
			if (pred(&p->ev[i], arg))
				return &p->ev[i];
		if (now_ns() > end)
			return NULL;
		assert_true(poll(&pfd, 1, 20) >= 0);
		assert_int_equal(ptp_client_process(p->c), 0);
		ptp_client_expire(p->c, now_ns());
	}
}

struct match {
	enum ptp_client_event_kind kind;
	uint16_t seq;
};

static bool is(const struct seen *e, const void *arg)
{
	const struct match *m = arg;

	return e->kind == m->kind && e->seq == m->seq;
}

/* A pushed port state: arg points to it. */
static bool pushed(const struct seen *e, const void *arg)
{
	return e->kind == PTP_CLIENT_NOTIFY && e->id == PTP_MID_PORT_DATA_SET &&
	       e->msg.u.port_ds.state == *(const uint8_t *)arg;
}

/* A GET answered: its reply. */
static const struct ptp_mgmt_msg *get(struct peer *p, uint16_t id)
{
	struct match m = { .kind = PTP_CLIENT_REPLY };
	const struct seen *e;
	unsigned int from = p->n;

	assert_int_equal(ptp_client_get(p->c, id, now_ns(), &m.seq), 0);
	e = wait_for(p, from, is, &m, 5);
	if (!e)
		fail_msg("no reply to GET 0x%04x (seq %u)", id, m.seq);
	assert_int_equal(e->id, id);
	return &e->msg;
}

static void run(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (system(cmd))
		fail_msg("failed: %s", cmd);
}

static void write_cfg(const char *name, const char *extra)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.cfg", L.dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	/* Short intervals keep the run short; transportSpecific 1 and
	 * domain 7 prove the client sends what it is configured with.
	 */
	fprintf(f, "[global]\nuds_address %s/%s\ndomainNumber 7\ntransportSpecific 1\n"
		"logAnnounceInterval -2\nannounceReceiptTimeout 2\nlogSyncInterval -3\n%s",
		L.dir, name, extra);
	fclose(f);
}

static pid_t start_ptp4l(const char *ns, const char *name, const char *ifname)
{
	char cfg[128], log[128];
	pid_t pid;

	snprintf(cfg, sizeof(cfg), "%s/%s.cfg", L.dir, name);
	snprintf(log, sizeof(log), "%s/%s.log", L.dir, name);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		/* ip netns exec execs ptp4l in place: the pid is ptp4l's. */
		execlp("ip", "ip", "netns", "exec", ns, "ptp4l", "-f", cfg, "-i", ifname,
		       "-S", "-2", "-m", (char *)NULL);
		_exit(127);
	}
	return pid;
}

static void stop(pid_t *pid, int sig)
{
	if (*pid <= 0)
		return;
	kill(*pid, sig);
	if (sig == SIGSTOP) {
		/* Stopped for sure before the caller goes on. */
		waitpid(*pid, NULL, WUNTRACED);
		return;
	}
	waitpid(*pid, NULL, 0);
	*pid = 0;
}

/* Polls TIME_STATUS_NP (as the agent does, faster than Syncs arrive)
 * until the machine reaches state; at most 100 polls.
 */
static void poll_until(struct peer *p, enum ptp_sync_state state)
{
	get(p, PTP_MID_PORT_DATA_SET);
	for (int i = 0; i < 100 && p->sync.state != state; i++) {
		poll(NULL, 0, 20);
		get(p, PTP_MID_TIME_STATUS_NP);
	}
	assert_string_equal(ptp_sync_state_name(p->sync.state), ptp_sync_state_name(state));
}

/* Retries a GET until ptp4l has its socket up (it binds after reading
 * its configuration).
 */
static void get_until_up(struct peer *p, uint16_t id, const struct ptp_mgmt_msg **reply)
{
	for (int i = 0; i < 250; i++) {
		struct match m = { .kind = PTP_CLIENT_REPLY };
		unsigned int from = p->n;
		int rc = ptp_client_get(p->c, id, now_ns(), &m.seq);
		const struct seen *e;

		if (rc == -ENOENT || rc == -ECONNREFUSED) {
			poll(NULL, 0, 20);
			continue;
		}
		assert_int_equal(rc, 0);
		e = wait_for(p, from, is, &m, 5);
		assert_non_null(e);
		*reply = &e->msg;
		return;
	}
	fail_msg("ptp4l never answered");
}

static int open_peer(struct peer *p, const char *server, uint8_t domain, uint8_t ts,
		     uint64_t timeout_ns)
{
	struct ptp_client_cfg cfg = {
		.server_path = server, .domain = domain, .transport_specific = ts,
		.timeout_ns = timeout_ns,
	};
	const char *why;

	memset(p, 0, sizeof(*p));
	ptp_sync_cfg_default(&p->sync_cfg);
	p->sync_cfg.sample_interval_ns = 125 * MS;	/* logSyncInterval -3 */
	/* The free-running slave's offsets are not what is proven here. */
	p->sync_cfg.degraded_threshold_ns = 0;
	/* Long enough that only ptp4l's death makes A lost, whatever the
	 * pauses of this test (valgrind, a loaded host).
	 */
	p->sync_cfg.watchdog_intervals = 400;
	ptp_sync_init(&p->sync, now_ns());
	return ptp_client_open(&p->c, &cfg, on_event, p, &why);
}

static int teardown(void **state)
{
	(void)state;
	stop(&L.ptp4l_a, SIGKILL);
	stop(&L.ptp4l_b, SIGKILL);
	ptp_client_close(L.a.c);
	ptp_client_close(L.other.c);
	ptp_client_close(L.b.c);
	L.a.c = L.other.c = L.b.c = NULL;
	if (L.netns) {
		if (system("ip netns del \"$ETSN_NS_A\"; ip netns del \"$ETSN_NS_B\"")) {
			/* reported by the check below */
		}
		L.netns = false;
	}
	if (L.dir[0]) {
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", L.dir);
		if (system(cmd))
			fprintf(stderr, "could not remove %s\n", L.dir);
		L.dir[0] = '\0';
	}
	return 0;
}

static void live_ptp4l(void **state)
{
	const struct ptp_mgmt_msg *r;
	struct match m = { .kind = PTP_CLIENT_TIMEOUT };
	char server_a[128], server_b[128], local[108];
	const uint8_t uncalibrated = PTP_PS_UNCALIBRATED, listening = PTP_PS_LISTENING;
	uint8_t master_clock[8];
	uint64_t t0 = now_ns();
	const struct seen *e;
	unsigned int from;

	(void)state;
	if (geteuid()) {
		printf("SKIP: not root (needs network namespaces and ptp4l)\n");
		skip();
	}
	if (system("command -v ptp4l > /dev/null && command -v ip > /dev/null")) {
		printf("SKIP: ptp4l or ip not installed (Debian: linuxptp, iproute2)\n");
		skip();
	}
	strcpy(L.dir, "/tmp/etsn-ptp-XXXXXX");
	assert_non_null(mkdtemp(L.dir));
	snprintf(L.ns_a, sizeof(L.ns_a), "etsnptp-a-%d", (int)getpid());
	snprintf(L.ns_b, sizeof(L.ns_b), "etsnptp-b-%d", (int)getpid());
	setenv("ETSN_NS_A", L.ns_a, 1);
	setenv("ETSN_NS_B", L.ns_b, 1);
	L.netns = true;
	run("ip netns add %s && ip netns add %s && "
	    "ip link add vA netns %s type veth peer name vB netns %s && "
	    "ip -n %s link set vA up && ip -n %s link set vB up",
	    L.ns_a, L.ns_b, L.ns_a, L.ns_b, L.ns_a, L.ns_b);
	/* A: supervised, slave only, never adjusts the (shared) host clock. */
	write_cfg("ptp4l-a", "slaveOnly 1\nfree_running 1\nutc_offset 35\n");
	/* B: the master; its UTC offset reaches A in its Announce messages. */
	write_cfg("ptp4l-b", "priority1 100\nutc_offset 36\n");
	snprintf(server_a, sizeof(server_a), "%s/ptp4l-a", L.dir);
	snprintf(server_b, sizeof(server_b), "%s/ptp4l-b", L.dir);

	/* The client starts first: nothing listens yet. Its requests time
	 * out after 2 s: on a loaded host (make check's VMs and compile)
	 * ptp4l has answered after 500 ms, which read as ptp4l down.
	 */
	assert_int_equal(open_peer(&L.a, server_a, 7, 1, 2 * S), 0);
	snprintf(local, sizeof(local), "%s", ptp_client_local_path(L.a.c));
	assert_int_equal(strncmp(local, L.dir, strlen(L.dir)), 0);
	assert_int_equal(ptp_client_get(L.a.c, PTP_MID_PORT_DATA_SET, now_ns(), &m.seq),
			 -ENOENT);
	L.ptp4l_a = start_ptp4l(L.ns_a, "ptp4l-a", "vA");
	get_until_up(&L.a, PTP_MID_PORT_DATA_SET, &r);
	assert_int_equal(r->domain, 7);
	assert_int_equal(r->transport_specific, 1);
	assert_int_equal(r->u.port_ds.id.port, 1);
	assert_int_equal(r->u.port_ds.state, PTP_PS_LISTENING);
	assert_int_equal(r->u.port_ds.log_sync_interval, -3);
	assert_int_equal(L.a.sync.state, PTP_SYNC_LOST);	/* LISTENING: no source */

	r = get(&L.a, PTP_MID_TIME_STATUS_NP);
	assert_int_equal(r->u.time_status.gm_present, 0);
	assert_int_equal(r->u.time_status.ingress_time_ns, 0);
	r = get(&L.a, PTP_MID_TIME_PROPERTIES_DATA_SET);
	assert_int_equal(r->u.time_props.current_utc_offset, 35);

	/* Another domain or transportSpecific: ptp4l ignores the request. */
	assert_int_equal(open_peer(&L.other, server_a, 8, 1, 300 * MS), 0);
	assert_int_equal(ptp_client_get(L.other.c, PTP_MID_PORT_DATA_SET, now_ns(), &m.seq), 0);
	assert_non_null(wait_for(&L.other, 0, is, &m, 5));
	assert_int_equal(L.other.n, 1);
	ptp_client_close(L.other.c);
	assert_int_equal(open_peer(&L.other, server_a, 7, 0, 300 * MS), 0);
	from = L.other.n;
	assert_int_equal(ptp_client_get(L.other.c, PTP_MID_PORT_DATA_SET, now_ns(), &m.seq), 0);
	assert_non_null(wait_for(&L.other, from, is, &m, 5));
	assert_int_equal(L.other.n, 1);
	ptp_client_close(L.other.c);
	L.other.c = NULL;

	/* Subscribe, then bring up the master: the port state is pushed. */
	m.kind = PTP_CLIENT_REPLY;
	from = L.a.n;
	assert_int_equal(ptp_client_subscribe(L.a.c, 60, now_ns(), &m.seq), 0);
	e = wait_for(&L.a, from, is, &m, 5);
	assert_non_null(e);
	assert_int_equal(e->id, PTP_MID_SUBSCRIBE_EVENTS_NP);
	assert_int_equal(e->msg.u.subscription.duration_s, 60);
	assert_int_equal(e->msg.u.subscription.bitmask[0], 1);

	L.ptp4l_b = start_ptp4l(L.ns_b, "ptp4l-b", "vB");
	from = L.a.n;
	e = wait_for(&L.a, from, pushed, &uncalibrated, 20);
	if (!e)
		fail_msg("no UNCALIBRATED pushed within 20 s of starting the master");
	assert_int_equal(e->msg.u.port_ds.id.port, 1);

	/* The grandmaster is B, as B itself says. B's supervision is
	 * configured as for the grandmaster host.
	 */
	assert_int_equal(open_peer(&L.b, server_b, 7, 1, 2 * S), 0);
	L.b.sync_cfg.allow_self_gm = true;
	get_until_up(&L.b, PTP_MID_PORT_DATA_SET, &r);
	assert_int_equal(r->u.port_ds.state, PTP_PS_MASTER);
	memcpy(master_clock, r->u.port_ds.id.clock, 8);
	r = get(&L.a, PTP_MID_TIME_STATUS_NP);
	assert_int_equal(r->u.time_status.gm_present, 1);
	assert_memory_equal(r->u.time_status.gm_identity, master_clock, 8);
	poll_until(&L.a, PTP_SYNC_LOCKING);
	r = get(&L.a, PTP_MID_TIME_PROPERTIES_DATA_SET);
	assert_int_equal(r->u.time_props.current_utc_offset, 36);

	/* Every poll of a GM is a sample: B locks. */
	poll_until(&L.b, PTP_SYNC_LOCKED);
	assert_int_equal(L.b.ntrans, 2);
	ptp_client_close(L.b.c);
	L.b.c = NULL;

	/* The master stops: A's port times out its Announces and falls back
	 * to LISTENING, pushed: lost. It comes back: UNCALIBRATED, locking.
	 */
	stop(&L.ptp4l_b, SIGKILL);
	from = L.a.n;
	assert_non_null(wait_for(&L.a, from, pushed, &listening, 20));
	assert_int_equal(L.a.sync.state, PTP_SYNC_LOST);
	assert_int_equal(L.a.trans[L.a.ntrans - 1].reason, PTP_SYNC_R_PORT_STATE);
	L.ptp4l_b = start_ptp4l(L.ns_b, "ptp4l-b", "vB");
	from = L.a.n;
	assert_non_null(wait_for(&L.a, from, pushed, &uncalibrated, 20));
	poll_until(&L.a, PTP_SYNC_LOCKING);
	assert_int_equal(L.a.trans[L.a.ntrans - 1].reason, PTP_SYNC_R_SAMPLE);

	/* ptp4l dies with our request in its queue: a timeout, and the
	 * machine says lost; its socket file stays: ECONNREFUSED.
	 */
	stop(&L.ptp4l_a, SIGSTOP);
	m.kind = PTP_CLIENT_TIMEOUT;
	from = L.a.n;
	assert_int_equal(ptp_client_get(L.a.c, PTP_MID_TIME_STATUS_NP, now_ns(), &m.seq), 0);
	stop(&L.ptp4l_a, SIGKILL);
	e = wait_for(&L.a, from, is, &m, 5);
	assert_non_null(e);
	assert_int_equal(e->id, PTP_MID_TIME_STATUS_NP);
	assert_int_equal(L.a.sync.state, PTP_SYNC_LOST);
	assert_int_equal(L.a.trans[L.a.ntrans - 1].reason, PTP_SYNC_R_PTP4L_DOWN);
	assert_int_equal(ptp_client_get(L.a.c, PTP_MID_TIME_STATUS_NP, now_ns(), &m.seq),
			 -ECONNREFUSED);

	/* Restarted, it answers again but has forgotten our subscription:
	 * how the agent tells a restart (and subscribes again).
	 */
	L.ptp4l_a = start_ptp4l(L.ns_a, "ptp4l-a", "vA");
	get_until_up(&L.a, PTP_MID_SUBSCRIBE_EVENTS_NP, &r);
	assert_int_equal(r->u.subscription.duration_s, 0);
	assert_int_equal(r->u.subscription.bitmask[0], 0);

	/* A clean exit removes its socket: ENOENT. */
	stop(&L.ptp4l_a, SIGTERM);
	assert_int_equal(ptp_client_get(L.a.c, PTP_MID_TIME_STATUS_NP, now_ns(), &m.seq),
			 -ENOENT);

	/* Our own socket path goes with the client. */
	assert_int_equal(access(local, F_OK), 0);
	ptp_client_close(L.a.c);
	L.a.c = NULL;
	assert_int_equal(access(local, F_OK), -1);
	printf("live: %.1f s\n", (double)(now_ns() - t0) / S);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(live_ptp4l, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
