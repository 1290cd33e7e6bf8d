#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# completion/etsnctl.bash in a bash of its own: COMP_WORDS/COMP_CWORD set as
# bash sets them, _etsnctl called, COMPREPLY compared. Devices come from
# the namespace given with -n (a namespace made here when root and `ip
# netns` works; that case is skipped, saying why, otherwise), and every
# command of the table in user/etsnctl.c completes. Last line:
# "completion: N passed, N failed, N skipped".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
script=$top/completion/etsnctl.bash
passed=0 failed=0 skipped=0

# complete LINE: the sorted candidates for the last word of LINE (a
# trailing blank means a new, empty word).
complete_line() {
	bash --norc --noprofile -c '
		source "$1"
		read -ra COMP_WORDS <<< "$2"
		[[ $2 == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_etsnctl
		printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' _ "$script" "$1"
}

expect() {
	local line=$1 want=$2 got
	got=$(complete_line "$line")
	if [ "${got% }" = "$want" ]; then
		passed=$((passed + 1))
	else
		echo "completion: FAIL: '$line' gave '${got% }', want '$want'"
		failed=$((failed + 1))
	fi
}

expect "etsnctl str" "stream"
expect "etsnctl -j cl" "class classify"
expect "etsnctl --p" "--pretty"
expect "etsnctl stream " "add del gate help policy show"
expect "etsnctl sched set " "dev"
expect "etsnctl sched set dev lo c" "clock cycle-time"
expect "etsnctl sched set dev lo clock " "boottime monotonic realtime tai"
expect "etsnctl sched set dev lo entry " "H R S"
expect "etsnctl sched set dev lo entry S 0x1 " ""
expect "etsnctl sched set dev lo entry S 0x1 1ms " "base-time clock cycle-time entry extension file"
expect "etsnctl class set dev lo tc 3 pre" "preemptible"
expect "etsnctl xdp attach dev lo mode " "generic native"
expect "etsnctl fw block dev lo port " "tcp udp"
expect "etsnctl stream add dev lo id 1 ip 10.0.0.1 10.0.0.2 proto " "tcp udp"
expect "etsnctl stream add dev lo id " ""
expect "etsnctl stream policy dev lo " "drop pass unknown unparsed"
expect "etsnctl stream policy dev lo unparsed " "drop pass"
expect "etsnctl help m" "meter monitor"
expect "etsnctl stats dev l" "lo"
expect "etsnctl caps dev l" "lo"
expect "etsnctl agent " "help status"
expect "etsnctl agent status -" "--json --socket -j"

# Every command of the table completes from its first letters.
for c in $(sed -n 's/^\t{ "\([a-z-]*\)", cmd_.*/\1/p' "$top/user/etsnctl.c"); do
	got=$(complete_line "etsnctl $c")
	if [[ " $got" == *" $c "* ]]; then
		passed=$((passed + 1))
	else
		echo "completion: FAIL: command '$c' of user/etsnctl.c does not complete"
		failed=$((failed + 1))
	fi
done

# -n NETNS: names from `ip netns list`, devices of that namespace.
ns=etsncomp$$
if [ "$(id -u)" = 0 ] && ip netns add "$ns" 2> /dev/null; then
	# A veth pair: "etsncomp0@etsncomp1" in ip's list, the name alone here.
	ip -n "$ns" link add etsncomp0 type veth peer name etsncomp1
	expect "etsnctl -n etsncom" "$ns"
	expect "etsnctl -n $ns sched show dev etsnc" "etsncomp0 etsncomp1"
	expect "etsnctl sched show dev etsncomp" ""
	ip netns del "$ns"
else
	echo "completion: -n cases skipped: need root and 'ip netns add'"
	skipped=$((skipped + 3))
fi
echo "completion: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
