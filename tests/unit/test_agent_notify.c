// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: user/lib/agent_notify.c against datagram sockets this test binds
 * where systemd's would be: a path and an abstract name ('@'), what is
 * refused, a long STATUS= sent whole, and the watchdog variables.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <cmocka.h>

#include "lib/agent_notify.h"

/* A socket bound at name (a leading '@': abstract), non-blocking. */
static int bind_at(const char *name)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t len = strlen(name);
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);

	assert_true(fd >= 0);
	memcpy(sa.sun_path, name, len);
	if (name[0] == '@')
		sa.sun_path[0] = '\0';
	assert_int_equal(0, bind(fd, (struct sockaddr *)&sa,
				 (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len)));
	return fd;
}

static void expect_datagram(int fd, const char *want)
{
	char buf[2048];
	ssize_t n = recv(fd, buf, sizeof(buf) - 1, 0);

	assert_true(n >= 0);
	buf[n] = '\0';
	assert_string_equal(want, buf);
}

static void not_under_systemd(void **state)
{
	(void)state;
	unsetenv("NOTIFY_SOCKET");
	assert_int_equal(0, etsn_agent_notify("READY=1"));
	/* Set but empty is a broken environment, not "no systemd". */
	setenv("NOTIFY_SOCKET", "", 1);
	assert_int_equal(-EINVAL, etsn_agent_notify("READY=1"));
	unsetenv("NOTIFY_SOCKET");
}

static void to_a_path(void **state)
{
	char dir[] = "/tmp/notify-XXXXXX", path[64];
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/notify", dir);
	fd = bind_at(path);
	setenv("NOTIFY_SOCKET", path, 1);
	assert_int_equal(1, etsn_agent_notify("READY=1"));
	expect_datagram(fd, "READY=1");
	assert_int_equal(1, etsn_agent_notify("STATUS=configuration in force (%d interface%s)",
					      4, "s"));
	expect_datagram(fd, "STATUS=configuration in force (4 interfaces)");
	close(fd);
	unlink(path);
	/* Nobody there any more: the error, not a crash or a hang. */
	assert_int_equal(-ENOENT, etsn_agent_notify("WATCHDOG=1"));
	rmdir(dir);
	unsetenv("NOTIFY_SOCKET");
}

static void to_an_abstract_name(void **state)
{
	char name[64];
	int fd;

	(void)state;
	snprintf(name, sizeof(name), "@edgetsn-notify-test-%d", (int)getpid());
	fd = bind_at(name);
	setenv("NOTIFY_SOCKET", name, 1);
	assert_int_equal(1, etsn_agent_notify("STOPPING=1"));
	expect_datagram(fd, "STOPPING=1");
	close(fd);
	unsetenv("NOTIFY_SOCKET");
}

static void long_status_sent_whole(void **state)
{
	char name[64], text[1500], want[1600];
	int fd;

	(void)state;
	snprintf(name, sizeof(name), "@edgetsn-notify-long-%d", (int)getpid());
	fd = bind_at(name);
	setenv("NOTIFY_SOCKET", name, 1);
	memset(text, 'x', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	assert_int_equal(1, etsn_agent_notify("STATUS=%s", text));
	snprintf(want, sizeof(want), "STATUS=%s", text);
	expect_datagram(fd, want);
	close(fd);
	unsetenv("NOTIFY_SOCKET");
}

static void bad_socket_names(void **state)
{
	char longname[200];

	(void)state;
	setenv("NOTIFY_SOCKET", "relative/notify", 1);
	assert_int_equal(-EINVAL, etsn_agent_notify("READY=1"));
	memset(longname, 'a', sizeof(longname) - 1);
	longname[0] = '/';
	longname[sizeof(longname) - 1] = '\0';
	setenv("NOTIFY_SOCKET", longname, 1);
	assert_int_equal(-ENAMETOOLONG, etsn_agent_notify("READY=1"));
	unsetenv("NOTIFY_SOCKET");
}

static void watchdog(void **state)
{
	uint64_t usec = 7;
	char pid[32];

	(void)state;
	unsetenv("WATCHDOG_PID");
	unsetenv("WATCHDOG_USEC");
	assert_int_equal(0, etsn_agent_watchdog_usec(&usec));
	assert_int_equal(7, usec);
	setenv("WATCHDOG_USEC", "30000000", 1);
	assert_int_equal(1, etsn_agent_watchdog_usec(&usec));
	assert_int_equal(30000000, usec);
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	setenv("WATCHDOG_PID", pid, 1);
	assert_int_equal(1, etsn_agent_watchdog_usec(&usec));
	snprintf(pid, sizeof(pid), "%d", (int)getpid() + 1);
	setenv("WATCHDOG_PID", pid, 1);
	usec = 7;
	assert_int_equal(0, etsn_agent_watchdog_usec(&usec));
	assert_int_equal(7, usec);
	unsetenv("WATCHDOG_PID");
	for (const char *const *v = (const char *const[]){ "0", "", "abc", "12x", "-5",
							  "99999999999999999999", NULL };
	     *v; v++) {
		setenv("WATCHDOG_USEC", *v, 1);
		assert_int_equal(-EINVAL, etsn_agent_watchdog_usec(&usec));
	}
	unsetenv("WATCHDOG_USEC");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(not_under_systemd),
		cmocka_unit_test(to_a_path),
		cmocka_unit_test(to_an_abstract_name),
		cmocka_unit_test(long_status_sent_whole),
		cmocka_unit_test(bad_socket_names),
		cmocka_unit_test(watchdog),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
