#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks that the YNL spec of the edgetsn family matches its uapi header
and the kernel's policies and replies, both ways.

  tools/check-ynl.py [--spec uapi/edgetsn.yaml] [--header uapi/linux/edgetsn.h]
                     [--kmod kmod]

Checked: the spec uses only genetlink-c keys, under protocol genetlink-legacy
(the one whose schema allows uns-admin-perm in 6.12); every constant, enum entry,
attribute, command, count/max name and multicast group of the spec has the
C name and value the header gives, and nothing in the header is missing
from the spec; attribute types agree with the kernel's request policies
(kmod/etsn_genl.c) and with what it puts into replies and events; the
permission flag (admin-perm, uns-admin-perm) and do/dump of each command agree with its genl_ops entry.
One line per mismatch, then "ynl: N passed, N failed"; exit 1 on a mismatch.
"""
import argparse
import re
import sys

import yaml

TOP_KEYS = {'name', 'doc', 'protocol', 'uapi-header', 'c-family-name', 'c-version-name',
            'max-by-define', 'cmd-max-name', 'cmd-cnt-name', 'definitions',
            'attribute-sets', 'operations', 'mcast-groups'}
ATTR_TYPES = {'unused', 'pad', 'flag', 'binary', 'uint', 'sint', 'u8', 'u16', 'u32', 'u64',
              's32', 's64', 'string', 'nest', 'array-nest', 'nest-type-value'}
# Request policy type -> spec types it may describe.
POLICY_TYPES = {'NLA_U8': {'u8'}, 'NLA_U16': {'u16'}, 'NLA_U32': {'u32'}, 'NLA_U64': {'u64'},
                'NLA_S32': {'s32'}, 'NLA_S64': {'s64'}, 'NLA_FLAG': {'flag'},
                'NLA_STRING': {'string'}, 'NLA_NUL_STRING': {'string'},
                'NLA_NESTED': {'nest'}, 'NLA_BINARY': {'binary'}, 'EXACT_LEN': {'binary'}}
# nla_put_*() in the kernel -> the spec type of that attribute.
PUT_TYPES = {'u8': 'u8', 'u16': 'u16', 'u32': 'u32', 'u64_64bit': 'u64', 's32': 's32',
             's64': 's64', 'flag': 'flag', 'string': 'string', '': 'binary', 'nest': 'nest'}


class Checker:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f'ynl: {what}')
        return ok


def c_upper(name):
    return name.upper().replace('-', '_')


def parse_header(path):
    """#defines (name -> text) and enums (name -> {entry: value})."""
    text = re.sub(r'/\*.*?\*/', '', open(path).read(), flags=re.S)
    defines = dict(re.findall(r'^#define[ \t]+(\w+)[ \t]*(.*?)[ \t]*$', text, flags=re.M))
    enums = {}
    for name, body in re.findall(r'enum\s+(\w+)\s*\{(.*?)\};', text, flags=re.S):
        entries, value = {}, -1
        for item in filter(None, (i.strip() for i in body.split(','))):
            m = re.fullmatch(r'(\w+)\s*(?:=\s*(.+))?', item)
            if not m:
                raise SystemExit(f'check-ynl: cannot read enum {name} entry "{item}"')
            if m.group(2) is None:
                value += 1
            else:
                expr = m.group(2)
                for k, v in entries.items():
                    expr = re.sub(rf'\b{k}\b', str(v), expr)
                value = int(eval(expr, {'__builtins__': {}}))  # "X - 1" forms only
            entries[m.group(1)] = value
        enums[name] = entries
    return defines, enums


def parse_kmod(kmod):
    """Request policies {ATTR: policy type}, reply puts {ATTR: spec type},
    and genl_ops {CMD: {'admin', 'do', 'dump'}}."""
    genl = open(f'{kmod}/etsn_genl.c').read()
    policy = {}
    for attr, rhs in re.findall(r'\[(EDGETSN_A_\w+)\]\s*=\s*([^\n]+?),?\s*\\?\n', genl):
        m = re.search(r'\.type\s*=\s*(NLA_\w+)', rhs)
        if m:
            policy[attr] = m.group(1)
        elif 'NLA_POLICY_NESTED' in rhs:
            policy[attr] = 'NLA_NESTED'
        elif 'NLA_POLICY_EXACT_LEN' in rhs:
            policy[attr] = 'EXACT_LEN'
    ops = {}
    for block in re.findall(r'\{([^{}]*\.cmd\s*=[^{}]*)\}', genl):
        cmd = re.search(r'\.cmd\s*=\s*(\w+)', block).group(1)
        perm = re.search(r'\bGENL_(UNS_)?ADMIN_PERM\b', block)
        ops[cmd] = {'perm': perm and ('uns-admin-perm' if perm.group(1) else 'admin-perm'),
                    'do': '.doit' in block, 'dump': '.dumpit' in block}
    puts = {}
    import glob
    for f in sorted(glob.glob(f'{kmod}/etsn_genl*.c')):
        src = open(f).read()
        for kind, attr in re.findall(r'nla_put_?(\w*)\(\s*\w+,\s*(EDGETSN_A_\w+)', src):
            puts.setdefault(attr, set()).add(PUT_TYPES.get(kind, kind))
        for attr in re.findall(r'nla_nest_start\w*\(\s*\w+,\s*(EDGETSN_A_\w+)', src):
            puts.setdefault(attr, set()).add('nest')
    return policy, puts, ops


def spec_enum(ck, enums, what, enum_name, prefix, names_values, skip):
    """The spec's entries against the header enum: names and values, both ways."""
    if not ck.check(enum_name in enums, f'{what}: no enum {enum_name} in the header'):
        return
    have = {k: v for k, v in enums[enum_name].items() if k not in skip}
    want = {prefix + c_upper(n): v for n, v in names_values}
    for k, v in want.items():
        ck.check(have.get(k) == v, f'{what}: {k} is {have.get(k)} in the header, {v} in the spec')
    for k in have:
        ck.check(k in want, f'{what}: {k} of the header is not in the spec')


def numbered(items, start):
    out, v = [], start - 1
    for it in items:
        v = it.get('value', v + 1)
        out.append((it['name'], v))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--spec', default='uapi/edgetsn.yaml')
    ap.add_argument('--header', default='uapi/linux/edgetsn.h')
    ap.add_argument('--kmod', default='kmod')
    args = ap.parse_args()
    spec = yaml.safe_load(open(args.spec))
    defines, enums = parse_header(args.header)
    policy, puts, ops = parse_kmod(args.kmod)
    ck = Checker()
    fam = spec['name']

    for k in spec:
        ck.check(k in TOP_KEYS, f'top-level key "{k}" is not genetlink-c')
    ck.check(spec.get('protocol') == 'genetlink-legacy', 'protocol is not genetlink-legacy')
    ck.check(defines.get(c_upper(spec['c-family-name'])) == f'"{fam}"',
             f'{c_upper(spec["c-family-name"])} is not "{fam}" in the header')
    ck.check(defines.get(c_upper(spec['c-version-name'])) == '1',
             f'{c_upper(spec["c-version-name"])} is not 1 (the version a genetlink-c spec implies)')

    # Constants and enums.
    consts = set()
    for d in spec.get('definitions', []):
        if d['type'] == 'const':
            cname = c_upper(f'{fam}-{d["name"]}')
            consts.add(cname)
            want = str(d['value']) if isinstance(d['value'], int) else f'"{d["value"]}"'
            ck.check(defines.get(cname) == want,
                     f'const {cname}: header {defines.get(cname)}, spec {want}')
        elif d['type'] == 'enum':
            entries = [e if isinstance(e, dict) else {'name': e} for e in d['entries']]
            ename = c_upper(d['enum-name']).lower()
            spec_enum(ck, enums, f'enum {ename}', ename, c_upper(d['name-prefix']),
                      numbered(entries, d.get('value-start', 0)),
                      {k for k in enums.get(ename, {}) if k.startswith('__')})
    group_defines = {c_upper(g.get('c-define-name', f'{fam}-mcgrp-{g["name"]}')): g['name']
                     for g in spec['mcast-groups']['list']}
    for cname, gname in group_defines.items():
        ck.check(defines.get(cname) == f'"{gname}"', f'group {cname} is not "{gname}" in the header')
    for cname in defines:
        if cname.startswith('_') or cname in consts or cname in group_defines:
            continue
        ck.check(cname in (c_upper(spec['c-family-name']), c_upper(spec['c-version-name'])),
                 f'#define {cname} of the header is not in the spec')

    # Attribute sets.
    sets = {s['name']: s for s in spec['attribute-sets']}
    types = {}
    for s in spec['attribute-sets']:
        ename = c_upper(s['enum-name']).lower()
        prefix = c_upper(s['name-prefix'])
        cnt, mx = c_upper(s['attr-cnt-name']), c_upper(s['attr-max-name'])
        for a in s['attributes']:
            t = a.get('type')
            ck.check(t in ATTR_TYPES, f'{s["name"]}.{a["name"]}: type {t} is not a YNL type')
            nest = a.get('nested-attributes')
            if t == 'nest':
                ck.check(nest in sets, f'{s["name"]}.{a["name"]}: unknown set {nest}')
            types[prefix + c_upper(a['name'])] = t
        spec_enum(ck, enums, f'attribute set {s["name"]}', ename, prefix,
                  numbered(s['attributes'], 1), {prefix + 'UNSPEC', cnt, mx})
        ck.check(cnt in enums.get(ename, {}) and mx in enums.get(ename, {}),
                 f'attribute set {s["name"]}: {cnt} or {mx} not in the header')
    for attr, ptype in sorted(policy.items()):
        ck.check(types.get(attr) in POLICY_TYPES.get(ptype, set()),
                 f'{attr}: kernel policy {ptype}, spec type {types.get(attr)}')
    for attr, kinds in sorted(puts.items()):
        ck.check(kinds == {types.get(attr)},
                 f'{attr}: the kernel puts it as {sorted(kinds)}, spec type {types.get(attr)}')

    # Operations.
    o = spec['operations']
    ename = c_upper(o['enum-name']).lower()
    prefix = c_upper(o['name-prefix'])
    cnt, mx = c_upper(spec['cmd-cnt-name']), c_upper(spec['cmd-max-name'])
    spec_enum(ck, enums, 'operations', ename, prefix, numbered(o['list'], 1),
              {prefix + 'UNSPEC', cnt, mx})
    ck.check(cnt in enums.get(ename, {}) and mx in enums.get(ename, {}),
             f'operations: {cnt} or {mx} not in the header')
    for op in o['list']:
        cmd = prefix + c_upper(op['name'])
        aset = sets.get(op.get('attribute-set'), {'attributes': []})
        names = {a['name'] for a in aset['attributes']}
        for part in ('do', 'dump'):
            for msg in ('request', 'reply'):
                for a in op.get(part, {}).get(msg, {}).get('attributes', []):
                    ck.check(a in names, f'{op["name"]} {part} {msg}: no attribute {a}')
        for a in op.get('event', {}).get('attributes', []):
            ck.check(a in names, f'{op["name"]} event: no attribute {a}')
        if 'event' in op:
            ck.check(op.get('mcgrp') in {g['name'] for g in spec['mcast-groups']['list']},
                     f'{op["name"]}: event without a known group')
            ck.check(cmd not in ops, f'{cmd}: an event in the spec, a request in genl_ops')
            continue
        k = ops.get(cmd)
        if not ck.check(k is not None, f'{cmd}: in the spec, not in genl_ops'):
            continue
        perms = [f for f in op.get('flags', []) if f in ('admin-perm', 'uns-admin-perm')]
        ck.check(perms == ([k['perm']] if k['perm'] else []),
                 f'{cmd}: permission flag {k["perm"] or "none"} in genl_ops, '
                 f'{" ".join(perms) or "none"} in the spec')
        ck.check(k['do'] == ('do' in op), f'{cmd}: do differs from genl_ops')
        ck.check(k['dump'] == ('dump' in op), f'{cmd}: dump differs from genl_ops')
    for cmd in ops:
        ck.check(cmd.startswith(prefix) and any(prefix + c_upper(op['name']) == cmd for op in o['list']),
                 f'{cmd}: in genl_ops, not in the spec')

    print(f'ynl: {ck.passed} passed, {ck.failed} failed')
    return 1 if ck.failed else 0


if __name__ == '__main__':
    sys.exit(main())
