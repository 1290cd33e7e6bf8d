#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The JSON schema of etsnctl's commands (docs/json.md): the policy plane
and the netlink commands (sched, class, stats, caps, monitor). A check of
one command's stdout against it: exactly one JSON document, every key
known, every required key there, every value of its type.

usage: schema.py NAME < stdout      exit 0 when it conforms, else 1
       schema.py --dir DIR          each file NAME.N of DIR conforms to NAME
       schema.py --names            the schema names
monitor's output is a stream: each line one document.
A key written "?key" is optional: absent means "none" (docs/json.md).
"""
import json
import os
import sys

INT, SINT, STR, BOOL = "int", "sint", "str", "bool"

MAC_KEY = {"dst_mac": STR, "?vlan": INT}
IP_KEY = {"src_ip": STR, "dst_ip": STR, "proto": STR, "sport": INT, "dport": INT,
          "?dscp": INT}
KEY = ("oneof", MAC_KEY, IP_KEY)
METER = {"cir_bytes_per_s": INT, "cbs_bytes": INT, "eir_bytes_per_s": INT,
         "ebs_bytes": INT, "drop_yellow": BOOL, "committed_tokens_bytes": INT,
         "excess_tokens_bytes": INT, "?last_ns": INT}
GATE = {"base_ns": INT, "cycle_ns": INT,
        "entries": [{"state": ("enum", "open", "closed"), "interval_ns": INT}]}
PSFP_COUNTERS = {k: INT for k in ("passed", "yellow", "dropped_sdu", "dropped_red",
                                  "dropped_yellow", "dropped_gate")}
VERDICT = {"policy": ("enum", "pass", "drop"), "passed": INT, "dropped": INT}
COUNTS = {"packets": INT, "bytes": INT}
FW_RULE = ("oneof",
           {"type": ("enum", "port"), "proto": ("enum", "tcp", "udp"), "port": INT},
           {"type": ("enum", "cidr4", "cidr6"), "cidr": STR})
FW_RULE_SHOWN = ("oneof",
                 {"type": ("enum", "port"), "proto": ("enum", "tcp", "udp"), "port": INT,
                  "dropped": INT},
                 {"type": ("enum", "cidr4", "cidr6"), "cidr": STR, "dropped": INT})
FW_POLICY = {"unparsed": ("enum", "pass", "drop"), "fragments": ("enum", "pass", "drop")}
SYNLIMIT = {"rate_per_s": INT, "burst": INT}
DSCP_MAP = [{"dscp": INT, "prio": INT}]

# The netlink commands' objects.
SCHEDULE = {"?clock": STR, "?base_time_ns": SINT, "?cycle_time_ns": INT,
            "?extension_ns": INT,
            "entries": [{"index": INT, "op": ("enum", "S", "H", "R"), "gates": INT,
                         "interval_ns": INT}]}
SCHED_COUNTERS = {"cycles": INT, "config_changes": INT, "timer_late": INT,
                  "timer_lateness_max_ns": INT, "clock_steps": INT}
SCHED_STATUS = {"config_pending": BOOL, "?clock": STR, "?config_change_time_ns": SINT,
                "?config_change_errors": INT, "?current_time_ns": SINT,
                "?current_entry": INT, "?gates": INT}
CLASS_COUNTERS = {"tc": INT, "enq_packets": INT, "enq_bytes": INT, "sent_packets": INT,
                  "sent_bytes": INT, "backlog_packets": INT, "backlog_bytes": INT,
                  "drops": {k: INT for k in ("queue_full", "oversize", "gate_never_opens",
                                             "purged")},
                  "guard_deferrals": INT, "sojourn_max_ns": INT, "sojourn_avg_ns": INT,
                  "?closed": BOOL, "?max_sdu_effective_bytes": INT, "?sojourn_hist": [INT]}
STATS = {"ifindex": INT, "ifname": STR, "classes": [CLASS_COUNTERS],
         "entries": [{"index": INT, "frames": INT, "bytes": INT}],
         "?mgmt": {k: INT for k in ("sent_packets", "sent_bytes", "drops", "deferrals",
                                    "protect_overruns", "backlog_packets")},
         "?schedule_counters": SCHED_COUNTERS}
MM_STATES = ("enum", "unsupported-by-kernel", "unsupported-by-device", "disabled",
             "verifying", "verify-failed", "active")
FRER_COUNTERS = {k: INT for k in ("passed", "discarded", "out_of_order", "rogue", "lost",
                                  "tagless", "resets", "latent_errors", "latent_resets")}
FRER_TALKER = {"role": ("enum", "talker"), "id": INT, "key": KEY, "dev2": STR,
               "?vlan1": INT, "?vlan2": INT, "next_seq": INT, "sent": INT, "untagged": INT}
FRER_LISTENER = dict({"role": ("enum", "listener"), "id": INT, "key": KEY, "?vlan2": INT,
                      "algorithm": ("enum", "vector", "match"), "history": INT,
                      "reset_ms": INT, "take_no_sequence": BOOL, "individual": BOOL,
                      "latent_detection": BOOL, "?latent_difference": INT,
                      "?latent_period_ms": INT, "?latent_reset_ms": INT,
                      "?latent_paths": INT, "?latent_error": BOOL}, **FRER_COUNTERS)
EVENTS = ("enum", "qdisc_new", "qdisc_del", "sched_oper", "config_error", "link_speed",
          "clock_step")


def result(action, **rest):
    """An action command's result object."""
    return dict({"ifname": STR, "action": ("enum", action)}, **rest)


SCHEMAS = {
    "version": {"etsnctl": STR, "?module": STR},
    "xdp-status": {"ifname": STR, "ifindex": INT, "attached": BOOL, "?mode": STR,
                   "?prog_id": INT, "?prog_name": STR, "edgetsn": BOOL, "?pins": STR},
    "xdp-attach": result("attached", mode=("enum", "native", "generic"), prog_id=INT,
                         pins=STR),
    "xdp-detach": result("detached", prog_id=INT, pins=STR),
    "fw-block": result("blocked", rule=FW_RULE),
    "fw-unblock": result("unblocked", rule=FW_RULE),
    "fw-synlimit": result("set", **{"?synlimit": SYNLIMIT}),
    "fw-policy": result("set", policy=FW_POLICY),
    "fw-show": {"ifname": STR, "rules": [FW_RULE_SHOWN], "?synlimit": SYNLIMIT,
                "policy": FW_POLICY, "counters": ("map", INT), "protocols": ("map", INT)},
    "stream-add": result("added", ids=[INT]),
    "stream-del": result("deleted", id=INT),
    "stream-policy": result("set", unknown={"policy": ("enum", "pass", "drop")},
                            unparsed={"policy": ("enum", "pass", "drop")}),
    "stream-gate": result("set", id=INT, gate=GATE),
    "stream-gate-off": result("removed", id=INT),
    "stream-show": {"ifname": STR, "?prog_id": INT, "unknown": VERDICT, "unparsed": VERDICT,
                    "streams": [{"id": INT, "key": KEY, "?max_sdu_bytes": INT,
                                 "?meter": METER, "?gate": GATE,
                                 "counters": PSFP_COUNTERS}]},
    "meter-set": result("set", id=INT, **{"?meter": METER}),
    "meter-show": {"ifname": STR, "streams": [{"id": INT, "key": KEY, "?meter": METER,
                                               "counters": PSFP_COUNTERS}]},
    "classify-attach": result("attached", prog_id=INT, pins=STR),
    "classify-detach": result("detached", prog_id=INT, pins=STR),
    "classify-add": result("added", id=INT, prio=INT),
    "classify-del": result("deleted", id=INT),
    "classify-show": {"ifname": STR, "?prog_id": INT, "misses": COUNTS, "unparsed": COUNTS,
                      "streams": [dict({"id": INT, "key": KEY, "prio": INT}, **COUNTS)]},
    "dscp-attach": result("attached", prog_id=INT, pins=STR),
    "dscp-detach": result("detached", prog_id=INT, pins=STR),
    "dscp-set": result("set", map=DSCP_MAP),
    "dscp-del": result("deleted", dscp=[INT]),
    "dscp-show": {"ifname": STR, "?prog_id": INT, "map": [{"dscp": INT, "prio": INT,
                                                           "packets": INT}]},
    "sched-set": result("set"),
    "class-set": result("set"),
    "frer-talker-add": result("added", role=("enum", "talker"), id=INT, **{"?attach": STR,
                              "?dev2": STR}),
    "frer-listener-add": result("added", role=("enum", "listener"), id=INT,
                                **{"?attach": STR, "?member": STR, "?member_attach": STR}),
    "frer-del": result("deleted", role=("enum", "talker", "listener"), id=INT),
    "frer-detach": result("detached", detached=[STR]),
    "frer-show": {"ifname": STR, "streams": [("oneof", FRER_TALKER, FRER_LISTENER)]},
    "sched-show": {"ifindex": INT, "ifname": STR, "?status": SCHED_STATUS,
                   "?oper": SCHEDULE, "?admin": SCHEDULE,
                   "?schedule_counters": SCHED_COUNTERS},
    "sched-plan": {"link_speed_mbps": INT, "overhead_bytes": INT, "preemption": BOOL,
                   "guard_band_after_best_effort_ns": INT, "best_effort_ns": INT,
                   "best_effort_gates": INT, "schedule": SCHEDULE,
                   "streams": [{"name": STR, "class": INT, "interval_ns": INT,
                                "windows": INT, "wire_ns": INT, "latency_ns": INT,
                                "?max_latency_ns": INT}],
                   "windows": [{"stream": STR, "occurrence": INT, "start_ns": INT,
                                "end_ns": INT, "guard_band_ns": INT, "?after_class": INT}]},
    "class-show": {"ifname": STR, "?map": [INT],
                   "classes": [{"tc": INT, "?limit_frames": INT, "?limit_bytes": INT,
                                "?preemptible": BOOL, "?max_sdu_bytes": INT,
                                "?closed": BOOL, "?max_sdu_effective_bytes": INT}],
                   "?speed_override_mbps": INT, "?overhead_bytes": INT, "?mgmt_ptp": BOOL,
                   "?mgmt_prios": [INT], "?mgmt_protect": INT},
    "stats-dev": STATS,
    "stats": [STATS],
    "caps": {"ifindex": INT, "ifname": STR, "?speed_reported_mbps": INT,
             "?speed_override_mbps": INT, "?speed_mbps": INT, "?mm_state": MM_STATES,
             "?mm_min_frag_bytes": INT},
    "monitor": {"event": ("oneof", EVENTS, STR), "ifindex": INT, "ifname": STR,
                "?time_ns": SINT, "?error": SINT, "?link_speed_mbps": INT},
}


def check(value, schema, path):
    """None when value conforms to schema, else why not."""
    if schema == INT:
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        return None if ok else f"{path}: {value!r} is not a non-negative integer"
    if schema == SINT:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else f"{path}: {value!r} is not an integer"
    if schema == STR:
        return None if isinstance(value, str) else f"{path}: {value!r} is not a string"
    if schema == BOOL:
        return None if isinstance(value, bool) else f"{path}: {value!r} is not a boolean"
    if isinstance(schema, tuple) and schema[0] == "enum":
        return None if value in schema[1:] else f"{path}: {value!r} not one of {schema[1:]}"
    if isinstance(schema, tuple) and schema[0] == "oneof":
        whys = [check(value, s, path) for s in schema[1:]]
        return None if None in whys else " / ".join(whys)
    if isinstance(schema, tuple) and schema[0] == "map":
        if not isinstance(value, dict) or not value:
            return f"{path}: {value!r} is not a non-empty object"
        for k, v in value.items():
            why = check(v, schema[1], f"{path}.{k}")
            if why:
                return why
        return None
    if isinstance(schema, list):
        if not isinstance(value, list):
            return f"{path}: {value!r} is not an array"
        for i, v in enumerate(value):
            why = check(v, schema[0], f"{path}[{i}]")
            if why:
                return why
        return None
    if not isinstance(value, dict):
        return f"{path}: {value!r} is not an object"
    keys = {k.lstrip("?"): (k.startswith("?"), s) for k, s in schema.items()}
    for k in value:
        if k not in keys:
            return f"{path}: unknown key {k!r}"
    for k, (optional, s) in keys.items():
        if k not in value:
            if not optional:
                return f"{path}: missing key {k!r}"
            continue
        if value[k] is None:
            return f"{path}.{k}: null (absent values are left out)"
        why = check(value[k], s, f"{path}.{k}")
        if why:
            return why
    return None


# Commands whose output is a stream: one document per line.
LINES = {"monitor"}


def conforms(name, text):
    """None when text is what command NAME may print, else why not."""
    texts = text.splitlines() if name in LINES else [text]
    if not texts:
        return f"{name}: no line"
    for t in texts:
        try:
            doc = json.loads(t)
        except ValueError as e:
            return f"{name}: not one JSON document ({e}): {t!r}"
        why = check(doc, SCHEMAS[name], name)
        if why:
            return f"{why}\n  in {t.strip()}"
    return None


def main():
    if sys.argv[1:] == ["--names"]:
        print(" ".join(SCHEMAS))
        return 0
    if sys.argv[1] == "--dir":
        # Each file NAME.N of the directory is the output of command NAME.
        d = sys.argv[2]
        files = sorted(os.listdir(d))
        whys = [conforms(f.rsplit(".", 1)[0], open(os.path.join(d, f)).read()) for f in files]
        for f, why in zip(files, whys):
            print(f"{f}: {why or 'conforms'}")
        return 1 if not files or any(whys) else 0
    why = conforms(sys.argv[1], sys.stdin.read())
    if why:
        print(why)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
