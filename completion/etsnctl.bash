# SPDX-License-Identifier: GPL-2.0-or-later
# bash completion for etsnctl(8): global options, commands, subcommands,
# keywords and their fixed values; devices of the -n namespace after "dev",
# `ip netns list` names after -n. The words follow the usage texts in
# user/cmd_*.c (tools/check-completion.sh keeps the command list in step).

# Network namespaces, as `ip netns list` names them.
_etsnctl_netns()
{
	ip netns list 2> /dev/null | while read -r name _; do
		printf '%s\n' "$name"
	done
}

# Devices of namespace $1 (the current one when empty), without "@peer".
_etsnctl_devices()
{
	ip ${1:+-n "$1"} -o link show 2> /dev/null | while read -r _ name _; do
		name=${name%:}
		printf '%s\n' "${name%@*}"
	done
}

# Subcommands of command $1; empty for commands that take none.
_etsnctl_subcommands()
{
	case $1 in
	sched) echo "set show plan" ;;
	class) echo "set show" ;;
	xdp) echo "attach detach status" ;;
	fw) echo "block unblock synlimit policy show" ;;
	stream) echo "add del gate policy show" ;;
	classify) echo "attach detach add del show" ;;
	dscp) echo "attach detach set del show" ;;
	meter) echo "set show" ;;
	frer) echo "talker listener show detach" ;;
	agent) echo "status" ;;
	esac
}

# Keywords after "dev DEV" for command $1, subcommand $2.
_etsnctl_keywords()
{
	case $1/$2 in
	sched/set) echo "base-time cycle-time extension clock entry file" ;;
	class/set) echo "map tc limit bytes preemptible express max-sdu speed overhead mgmt-ptp mgmt-prios mgmt-protect" ;;
	xdp/attach) echo "mode" ;;
	fw/block|fw/unblock) echo "port" ;;
	fw/synlimit) echo "rate burst off" ;;
	fw/policy) echo "unparsed fragments" ;;
	sched/plan) echo "--apply" ;;
	frer/talker) echo "add del id dst vlan ip proto sport dport dscp dev2 vlan1 vlan2" ;;
	frer/listener) echo "add del id dst vlan ip proto sport dport dscp member history" \
			    "reset-ms algorithm take-no-sequence individual vlan2 latent-difference" \
			    "latent-period latent-reset latent-paths" ;;
	stream/add) echo "id dst vlan ip proto sport dport dscp max-sdu cir cbs eir ebs" \
			 "drop-yellow unknown-policy batch" ;;
	stream/del|classify/del|meter/show) echo "id" ;;
	stream/gate) echo "id base cycle open closed off" ;;
	stream/policy) echo "pass drop unknown unparsed" ;;
	classify/add) echo "id dst vlan ip proto sport dport dscp prio" ;;
	dscp/set) echo "prio" ;;
	meter/set) echo "id cir cbs eir ebs drop-yellow off" ;;
	esac
}

# Values of keyword $3 for command $1, subcommand $2: 0 and COMPREPLY set
# when the keyword takes a value, else 1.
_etsnctl_value()
{
	local cur=$4 values=
	case $1/$2/$3 in
	*/*/dev|frer/*/dev2|frer/*/member)
		COMPREPLY=($(compgen -W "$(_etsnctl_devices "$5")" -- "$cur")); return 0 ;;
	sched/set/file|stream/add/batch)
		COMPREPLY=($(compgen -f -- "$cur"))
		[ "$3" = batch ] && COMPREPLY+=($(compgen -W "-" -- "$cur"))
		return 0 ;;
	sched/set/clock) values="tai realtime monotonic boottime" ;;
	sched/set/entry) values="S H R" ;;
	class/set/max-sdu|class/set/speed) values="auto" ;;
	class/set/mgmt-ptp) values="on off" ;;
	class/set/mgmt-prios|class/set/mgmt-protect) values="none" ;;
	xdp/attach/mode) values="native generic" ;;
	fw/policy/unparsed|fw/policy/fragments) values="pass drop" ;;
	stream/policy/unknown|stream/policy/unparsed) values="pass drop" ;;
	frer/listener/algorithm) values="vector match" ;;
	fw/*/port|*/*/proto) values="tcp udp" ;;
	stream/add/unknown-policy) values="pass drop" ;;
	sched/set/base-time|sched/set/cycle-time|sched/set/extension|class/set/tc|\
	class/set/limit|class/set/bytes|class/set/overhead|class/set/map|*/*/id|\
	*/*/dst|*/*/vlan|*/*/ip|*/*/sport|*/*/dport|*/*/dscp|*/*/prio|*/*/cir|\
	*/*/cbs|*/*/eir|*/*/ebs|stream/add/max-sdu|fw/synlimit/rate|\
	fw/synlimit/burst|stream/gate/base|stream/gate/cycle|stream/gate/open|\
	stream/gate/closed|frer/*/vlan1|frer/*/vlan2|frer/*/history|frer/*/reset-ms|\
	frer/*/latent-difference|frer/*/latent-period|frer/*/latent-reset|frer/*/latent-paths)
		COMPREPLY=()
		return 0 ;;
	*) return 1 ;;
	esac
	COMPREPLY=($(compgen -W "$values" -- "$cur"))
	return 0
}

_etsnctl()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local commands="version sched class stats caps monitor xdp fw stream classify dscp meter frer agent help"
	local i=1 ns= cmd sub w first has_dev=

	COMPREPLY=()
	# Global options come before the command.
	while ((i < COMP_CWORD)); do
		case ${COMP_WORDS[i]} in
		-n|--netns)
			if ((i + 1 == COMP_CWORD)); then
				COMPREPLY=($(compgen -W "$(_etsnctl_netns)" -- "$cur"))
				return
			fi
			ns=${COMP_WORDS[i + 1]}
			((i += 2)) ;;
		-*) ((i++)) ;;
		*) break ;;
		esac
	done
	if ((i == COMP_CWORD)); then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "-j --json -p --pretty -n --netns -h --help -V --version" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$commands" -- "$cur"))
		fi
		return
	fi
	cmd=${COMP_WORDS[i]}
	case $cmd in
	help)
		((i + 1 == COMP_CWORD)) && COMPREPLY=($(compgen -W "$commands" -- "$cur"))
		return ;;
	version|monitor) return ;;
	agent)
		# agent status [-j] [--socket PATH]: no device.
		if ((i + 1 == COMP_CWORD)); then
			COMPREPLY=($(compgen -W "$(_etsnctl_subcommands "$cmd") help" -- "$cur"))
		elif [ "$prev" = --socket ]; then
			COMPREPLY=($(compgen -f -- "$cur"))
		else
			COMPREPLY=($(compgen -W "-j --json --socket" -- "$cur"))
		fi
		return ;;
	stats|caps) sub= first=$((i + 1)) ;;
	*)
		if ((i + 1 == COMP_CWORD)); then
			COMPREPLY=($(compgen -W "$(_etsnctl_subcommands "$cmd") help" -- "$cur"))
			return
		fi
		sub=${COMP_WORDS[i + 1]} first=$((i + 2)) ;;
	esac
	for ((w = first; w < COMP_CWORD; w++)); do
		[ "${COMP_WORDS[w]}" = dev ] && has_dev=1
	done
	# Keywords with more than one value: entry OP MASK DUR, ip SRC DST.
	if ((COMP_CWORD - 2 >= first)); then
		case ${COMP_WORDS[COMP_CWORD - 2]} in
		entry|ip) return ;;
		esac
	fi
	if ((COMP_CWORD - 3 >= first)) && [ "${COMP_WORDS[COMP_CWORD - 3]}" = entry ]; then
		return
	fi
	if ((COMP_CWORD > first)) && _etsnctl_value "$cmd" "$sub" "$prev" "$cur" "$ns"; then
		return
	fi
	if [ -z "$has_dev" ]; then
		COMPREPLY=($(compgen -W "dev" -- "$cur"))
		return
	fi
	COMPREPLY=($(compgen -W "$(_etsnctl_keywords "$cmd" "$sub")" -- "$cur"))
}

complete -F _etsnctl etsnctl
