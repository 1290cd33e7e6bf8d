// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: the schedule file parser (etsnctl sched set dev DEV file PATH)
 * on arbitrary bytes. It must return a schedule or an error that names the
 * file, without a crash, leak or undefined behaviour; an accepted schedule
 * goes through the kernel's checks (etsn_sched_check) and the printer.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "lib/sched.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct etsn_sched s;
	FILE *f = fuzz_open(data, size), *null;
	char err[512] = "";
	bool ext;
	int ret;

	if (!f)
		return 0;
	ret = etsn_sched_parse_stream(&s, f, "fuzz.sched", fuzz_clock, err, sizeof(err));
	fclose(f);
	if (ret) {
		if (ret != -EINVAL || strncmp(err, "fuzz.sched", 10) != 0)
			abort();	/* refused without naming the file */
		return 0;
	}
	if (!s.num_entries || s.num_entries > EDGETSN_MAX_ENTRIES)
		abort();	/* accepted what finish() refuses */
	null = fopen("/dev/null", "w");
	if (null) {
		etsn_sched_check(&s, &ext);
		etsn_sched_print(null, &s, 2);
		fclose(null);
	}
	return 0;
}
