#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# One-way dependencies in kmod/ (docs/design.md): only the netlink files
# (etsn_genl*) know generic netlink. Any other file that includes
# <net/genetlink.h> or an etsn_genl header, or names etsn_genl_*/genl_*/
# genlmsg_*, fails; main.c, the module entry, may only register and
# unregister the family, and compat.h, which absorbs API differences for
# every layer, may define etsn_compat_* macros that only a netlink file
# expands. One concept per file: every function a file offers the others
# (not static) is named after a concept, and the concept's file defines it
# (the table below, first match wins); a name of no concept fails too.
# One test per file, and one more per .c file.
#   tools/check-layers.sh [TREE]   (default: this tree)
# Last line: "layers: N passed, N failed, N skipped".
set -uo pipefail
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
passed=0 failed=0
# NAME-REGEX:FILE-GLOB, first match wins.
concepts=(
	'^etsn_(genl_|nl_|put_):etsn_genl*.c'
	'max_sdu|guard|_fits$|tx_time|min_interval:etsn_guard.c'
	'sojourn|stats_get:etsn_stats.c'
	'clockid|^etsn_now$|cycle_start|cycle_offset|reanchor:etsn_time.c'
	'^etsn_event_:etsn_event.c'
	'^etsn_mm_ntf_:etsn_mm_ntf.c'
	'^etsn_link_|mm_state|speed_of:etsn_link.c'
	'^etsn_rt_|change_time:etsn_sched.c'
	'^etsn_gcl_:etsn_gcl.c'
	'^etsn_cfg_:etsn_cfg.c'
	'^etsn_tc_:etsn_tc_class.c'
	'^etsn_mgmt_:etsn_mgmt.c'
	'^etsn_(sched_set|sched_get|oper_|status_fill):etsn_oper.c'
	'^etsn_qdisc_:sch_etsn.c'
)
# concept_file NAME: the file glob of NAME's concept, empty if none.
concept_file() {
	local c
	for c in "${concepts[@]}"; do
		if [[ $1 =~ ${c%%:*} ]]; then
			echo "${c##*:}"
			return
		fi
	done
}
for f in "$top"/kmod/*.[ch]; do
	name=${f##*/}
	misfit=
	while read -r fn; do
		home=$(concept_file "$fn")
		# shellcheck disable=SC2053 # the home is a glob
		[[ -n $home && $name == $home ]] && continue
		misfit+="  $fn() belongs in ${home:-a file of its concept (none in the table)}"$'\n'
	done < <(grep -oE '^[a-z][a-z0-9_ ]*[ *]etsn_[a-z0-9_]+\(' "$f" |
		grep -vE '^static ' | sed -E 's/.*[ *](etsn_[a-z0-9_]+)\($/\1/')
	if [[ $name != *.c ]]; then
		:	# headers declare; the .c files are checked
	elif [ -n "$misfit" ]; then
		echo "layers: kmod/$name defines functions of another concept:"
		printf '%s' "$misfit"
		failed=$((failed + 1))
	else
		passed=$((passed + 1))
	fi
	case $name in
	etsn_genl*) continue ;;
	esac
	# Comments may name the family; code may not.
	code=$(sed -e 's://.*$::' -e '/\/\*/,/\*\//d' "$f")
	bad=$(grep -nE '#include[[:space:]]*<net/genetlink\.h>|#include[[:space:]]*"etsn_genl|\<(etsn_genl_[a-z_]*|genl_[a-z_]*|genlmsg_[a-z_]*)[[:space:]]*\(' <<< "$code")
	case $name in
	main.c) bad=$(grep -vE '#include "etsn_genl\.h"|etsn_genl_(register|unregister)\(' <<< "$bad") ;;
	compat.h) bad=$(grep -vE '^[0-9]+:#define etsn_compat_[a-z_]*\(' <<< "$bad") ;;
	esac
	if [ -n "$bad" ]; then
		echo "layers: kmod/$name knows generic netlink (only etsn_genl* may):"
		echo "$bad"
		failed=$((failed + 1))
	else
		passed=$((passed + 1))
	fi
done
echo "layers: $passed passed, $failed failed, 0 skipped"
[ "$failed" = 0 ]
