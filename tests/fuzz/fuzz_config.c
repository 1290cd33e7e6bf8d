// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: edgetsnd's config parser on arbitrary bytes. Whatever the
 * input, it must return a config or errors, without a crash, a leak or
 * undefined behaviour (ASan, UBSan), and a refused file must have said why.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "lib/agent_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct etsn_agent_check_opts opts = { .host = false };
	struct etsn_agent_config *c;
	struct etsn_diag d;

	etsn_diag_init(&d, "fuzz.yaml");
	c = etsn_agent_config_parse((const char *)data, size, &opts, &d);
	if (!c && !etsn_diag_errors(&d))
		abort();	/* refused without a reason */
	if (c && etsn_diag_errors(&d))
		abort();	/* accepted despite errors */
	etsn_agent_config_free(c);
	etsn_diag_free(&d);
	return 0;
}
