#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs each libFuzzer harness given (BIN:SEED_DIR) for FUZZ_SECONDS
# seconds (60 here; make check-fuzz sets 30). New inputs go to a scratch
# directory, not to the committed seeds; a crash leaves its input in
# build/fuzz/. Last line:
# "fuzz: N passed, N failed, N skipped"; each skip says why.
seconds=${FUZZ_SECONDS:-60}
passed=0 failed=0 skipped=0
for pair in "$@"; do
	bin=${pair%%:*} seeds=${pair#*:}
	name=$(basename "$bin")
	if [ ! -x "$bin" ]; then
		echo "fuzz: $name skipped: not built (clang with libFuzzer is needed)"
		skipped=$((skipped + 1))
		continue
	fi
	scratch=$(mktemp -d)
	if "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 \
		-artifact_prefix="$(dirname "$bin")/$name-" "$scratch" "$seeds"; then
		echo "fuzz: $name: no crash in $seconds s"
		passed=$((passed + 1))
	else
		echo "fuzz: $name FAILED (input kept under $(dirname "$bin")/$name-*)"
		failed=$((failed + 1))
	fi
	rm -rf "$scratch"
done
echo "fuzz: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
