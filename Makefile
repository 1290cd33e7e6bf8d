# SPDX-License-Identifier: GPL-2.0-or-later
# edgetsn: top-level build. `make` builds the module, the BPF objects and the
# userspace programs; `make check` runs every test; `make help` lists targets.
# (Kbuild, not this file, describes edgetsn.ko to the kernel's build system.)

VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)

# Kernel to build against: KDIR if given; else the tree of KERNELRELEASE
# (as DKMS passes it) or, only when neither is given, of the running kernel;
# else the newest Debian linux-headers-*-amd64.
ifeq ($(origin KDIR),undefined)
  KVER := $(if $(KERNELRELEASE),$(KERNELRELEASE),$(shell uname -r))
  KDIR := $(firstword $(wildcard /lib/modules/$(KVER)/build) \
            $(shell ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | \
                    grep -v -e '-rt-amd64$$' -e '-cloud-amd64$$' | sort -V | tail -n 1))
endif

B := build
CC ?= cc
CLANG ?= clang
BPFTOOL ?= bpftool
CFLAGS ?= -O2 -g
CFLAGS += -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
          -Iuser -Iuapi -DEDGETSN_VERSION=\"$(VERSION)\"
PREFIX ?= /usr/local
DESTDIR ?=

USER_LIB_SRC := $(wildcard user/lib/*.c)
USER_LIB_OBJ := $(USER_LIB_SRC:%.c=$(B)/%.o)
# One file per etsnctl command group: user/cmd_<name>.c
USER_CMD_SRC := $(wildcard user/cmd_*.c)
USER_CMD_OBJ := $(USER_CMD_SRC:%.c=$(B)/%.o)
# edgetsnd's own parts: its loop and what the loop drives.
AGENT_OBJ := $(patsubst %.c,$(B)/%.o,$(wildcard user/agent_*.c))
# Userspace talks to the kernel through libnl-genl-3 and libbpf; the
# agent's config is YAML, read with libyaml; it speaks MQTT with libmosquitto
# and tells systemd its state with libsystemd (sd_notify).
USER_PKGS := libnl-genl-3.0 libbpf yaml-0.1 libmosquitto libsystemd
CFLAGS += $(shell pkg-config --cflags $(USER_PKGS) 2>/dev/null)
LDLIBS += $(shell pkg-config --libs $(USER_PKGS) 2>/dev/null)
BPF_SRC := $(wildcard bpf/*.bpf.c)
BPF_OBJ := $(BPF_SRC:bpf/%.bpf.c=$(B)/bpf/%.bpf.o)
BPF_SKEL := $(BPF_SRC:bpf/%.bpf.c=$(B)/bpf/%.skel.h)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
# The host BPF stage: the frame corpus run through every object.
# The frame corpus (tests/bpf/run.sh); test_frer and bench_frer are
# programs of their own.
BPF_TEST_SRC := $(filter-out tests/bpf/test_frer.c tests/bpf/bench_frer.c tests/bpf/bench_psfp.c tests/bpf/frer_benchtool.c,$(wildcard tests/bpf/*.c))
BPF_TEST_BIN := $(B)/tests/bpf_corpus
# Traffic and timing helpers the VM cases and benchmarks run in the guest.
HELPER_SRC := $(wildcard tests/vm/helpers/tsn_*.c)
HELPER_BIN := $(HELPER_SRC:tests/vm/helpers/%.c=$(B)/tests/helpers/%)

.PHONY: all kmod bpf user helpers deps install uninstall dkms-install dkms-remove \
        check check-quick check-unit check-bpf check-policy check-agent check-fuzz check-frer check-kunit \
        check-vm check-style check-dkms check-demo demo clean help bench-frer bench-psfp-host ynl-tree

all: kmod bpf user helpers ynl-tree $(B)/tests/bpf/test_frer $(B)/tests/bpf/frer_benchtool

help:
	@echo "make              module ($(KDIR)), BPF objects, etsnctl"
	@echo "make deps         install every Debian package the project needs (root)"
	@echo "make demo         boot Debian's 6.1 kernel in QEMU and show edgetsn at work"
	@echo "make check        every test below (about 45 min); last line: N passed, N failed, N skipped"
	@echo "make check-quick  host stages (no fuzz, dkms) beside the stock 6.1 VM cases (iteration)"
	@echo "make check-unit   cmocka tests of userspace"
	@echo "make check-bpf    the frame corpus through every BPF object (host, root)"
	@echo "make check-policy etsnctl's BPF commands and their JSON schema (host, root)"
	@echo "make check-agent  the agent on the host against a real mosquitto on 127.0.0.1: its MQTT"
	@echo "                  session, the running edgetsnd, the status socket, sd_notify, install"
	@echo "make check-frer   FRER recovery on real frames by BPF_PROG_TEST_RUN (root)"
	@echo "make check-fuzz   libFuzzer on the parsers users and brokers feed (FUZZ_SECONDS=20 each)"
	@echo "make check-kunit  KUnit suites on the debug kernel (QEMU)"
	@echo "make check-vm     VM tests on 6.1, 6.12 and the debug kernel (QEMU)"
	@echo "make check-demo   make demo in a fresh clone of HEAD"
	@echo "make check-style  checkpatch.pl --no-tree on kmod/, the YNL spec check, man pages, completion"
	@echo "make check-dkms   dkms build against the 6.1 and 6.12 headers"
	@echo "make install      etsnctl, edgetsnd, the example agent config, the uapi header,"
	@echo "                  man pages, bash completion, edgetsnd.service;"
	@echo "                  dkms-install registers the module"

kmod:
	@test -n "$(KDIR)" -a -d "$(KDIR)" || { echo "no kernel build tree (KDIR=$(KDIR)); make deps or make KDIR=..."; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

user: $(B)/etsnctl $(B)/edgetsnd

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/etsnctl: $(B)/user/etsnctl.o $(USER_CMD_OBJ) $(USER_LIB_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS)

$(B)/edgetsnd: $(B)/user/edgetsnd.o $(AGENT_OBJ) $(USER_LIB_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS)

# BPF: clang -target bpf against the uapi headers, one skeleton per object;
# each skeleton is compiled once to prove it is usable C.
bpf: $(BPF_OBJ) $(BPF_SKEL) $(BPF_SKEL:.skel.h=.skel.ok)

$(B)/bpf/%.skel.ok: $(B)/bpf/%.skel.h
	echo '#include "$(notdir $<)"' | $(CC) $(CFLAGS) -I$(B)/bpf -fsyntax-only -x c -
	@touch $@

$(B)/bpf/%.bpf.o: bpf/%.bpf.c
	@mkdir -p $(dir $@)
	$(CLANG) -O2 -g -Wall -Werror -target bpf -I/usr/include/$(shell $(CC) -dumpmachine) \
		-Iuapi -MMD -MP -c -o $@ $<

$(B)/bpf/%.skel.h: $(B)/bpf/%.bpf.o
	$(BPFTOOL) gen skeleton $< > $@

$(B)/tests/test_%: tests/unit/test_%.c $(USER_LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $(filter %.c %.o,$^) -lcmocka $(LDLIBS)

# lib/fw_attach loads the firewall through its skeleton.
$(B)/user/lib/fw_attach.o: $(B)/bpf/etsn_xdp.skel.h
$(B)/user/lib/fw_attach.o: CFLAGS += -I$(B)/bpf
$(B)/fuzz/user/lib/fw_attach.o: $(B)/bpf/etsn_xdp.skel.h
$(B)/fuzz/user/lib/fw_attach.o: FUZZ_CFLAGS += -I$(B)/bpf
# lib/psfp_edit loads the PSFP program through its skeleton.
$(B)/user/lib/psfp_edit.o: $(B)/bpf/etsn_psfp.skel.h
$(B)/user/lib/psfp_edit.o: CFLAGS += -I$(B)/bpf
$(B)/fuzz/user/lib/psfp_edit.o: $(B)/bpf/etsn_psfp.skel.h
$(B)/fuzz/user/lib/psfp_edit.o: FUZZ_CFLAGS += -I$(B)/bpf
# lib/frer_attach loads the FRER talker and listener through their skeletons.
$(B)/user/lib/frer_attach.o: $(B)/bpf/etsn_frer_talker.skel.h $(B)/bpf/etsn_frer_listener.skel.h
$(B)/user/lib/frer_attach.o: CFLAGS += -I$(B)/bpf
$(B)/fuzz/user/lib/frer_attach.o: $(B)/bpf/etsn_frer_talker.skel.h $(B)/bpf/etsn_frer_listener.skel.h
$(B)/fuzz/user/lib/frer_attach.o: FUZZ_CFLAGS += -I$(B)/bpf
# lib/cls_edit loads the egress classifier through its skeleton.
$(B)/user/lib/cls_edit.o: $(B)/bpf/etsn_classify.skel.h
$(B)/user/lib/cls_edit.o: CFLAGS += -I$(B)/bpf
$(B)/fuzz/user/lib/cls_edit.o: $(B)/bpf/etsn_classify.skel.h
$(B)/fuzz/user/lib/cls_edit.o: FUZZ_CFLAGS += -I$(B)/bpf

# lib/dscp_edit loads the DSCP classifier through its skeleton.
$(B)/user/lib/dscp_edit.o: $(B)/bpf/etsn_dscp_prio.skel.h
$(B)/user/lib/dscp_edit.o: CFLAGS += -I$(B)/bpf
$(B)/fuzz/user/lib/dscp_edit.o: $(B)/bpf/etsn_dscp_prio.skel.h
$(B)/fuzz/user/lib/dscp_edit.o: FUZZ_CFLAGS += -I$(B)/bpf

# The policy apply's timer for tools/bench-agent-policy.sh.
$(B)/tests/policy_bench: tests/agent/policy_bench.c $(B)/user/agent_tele.o $(USER_LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# The MQTT session's driver for tests/agent/mqtt.sh and tools/bench-mqtt.sh.
$(B)/tests/mqtt_probe: tests/agent/mqtt_probe.c $(USER_LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# The CLI test runs the real binary.
$(B)/tests/test_etsnctl_cli: $(B)/etsnctl
$(B)/tests/test_etsnctl_cli: CFLAGS += -DETSNCTL=\"$(CURDIR)/$(B)/etsnctl\"
$(B)/tests/test_policy_apply: $(B)/etsnctl
$(B)/tests/test_policy_apply: CFLAGS += -DETSNCTL=\"$(CURDIR)/$(B)/etsnctl\"
$(B)/tests/test_edgetsnd_cli: $(B)/edgetsnd
$(B)/tests/test_edgetsnd_cli: CFLAGS += -DEDGETSND=\"$(CURDIR)/$(B)/edgetsnd\" \
	-DEXAMPLE_CONFIG=\"$(CURDIR)/docs/edgetsnd.example.yaml\"
$(B)/tests/test_agent_config: CFLAGS += -DEXAMPLE_CONFIG=\"$(CURDIR)/docs/edgetsnd.example.yaml\"

# libFuzzer harnesses (tests/fuzz/fuzz_<name>.c, seeds in
# tests/fuzz/corpus/<name>/): the user/lib sources again, built by clang
# with ASan and UBSan. check-fuzz runs them one after the other for
# FUZZ_SECONDS each: 20 by default, so that the stage stays under two
# minutes of make check's long lane with five harnesses; FUZZ_SECONDS=600
# for a longer hunt.
FUZZ_HARNESSES := config sched batch cli mqtt_cmd
FUZZ_SECONDS ?= 20
export FUZZ_SECONDS
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS := -O1 -g -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -Iuser -Iuapi \
	-DEDGETSN_VERSION=\"$(VERSION)\" $(shell pkg-config --cflags $(USER_PKGS) 2>/dev/null)
FUZZ_LIB_OBJ := $(USER_LIB_SRC:%.c=$(B)/fuzz/%.o)
# Built through a pattern rule: keep them, or each run rebuilds them all.
.SECONDARY: $(FUZZ_LIB_OBJ) $(B)/fuzz/tests/fuzz/input.o

$(B)/fuzz/%.o: %.c
	@mkdir -p $(dir $@)
	$(CLANG) $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(B)/fuzz/tests/fuzz/input.o $(FUZZ_LIB_OBJ)
	$(CLANG) $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

# The corpus sets PSFP's skip bits with the code etsnctl uses.
BPF_TEST_LIB := $(B)/user/lib/psfp_skip.o
$(BPF_TEST_BIN): $(BPF_TEST_SRC:%.c=$(B)/%.o) $(BPF_TEST_LIB)
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS)

helpers: $(HELPER_BIN)

# The kernel's YNL tools where the VM guest sees them (genl_ynl_cli); without
# linux-source-6.12 that case skips and says why.
ynl-tree:
	@tools/ynl-tree.sh --copy $(B)/ynl > /dev/null || echo "ynl-tree: skipped, genl_ynl_cli will skip"

$(B)/tests/helpers/%: tests/vm/helpers/%.c tests/vm/helpers/tsn_frame.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $<

deps:
	tools/install-deps.sh

# check and demo install their own dependencies (idempotent), then re-read
# this file so that KDIR sees freshly installed headers.
check: deps
	$(MAKE) all
	tests/run-all.sh

check-quick: deps
	$(MAKE) all
	tests/run-all.sh --quick

check-unit: $(UNIT_BIN)
	tests/unit/run.sh $(UNIT_BIN)

check-fuzz: $(FUZZ_HARNESSES:%=$(B)/fuzz/fuzz_%)
	tests/fuzz/run.sh $(foreach h,$(FUZZ_HARNESSES),$(B)/fuzz/fuzz_$(h):tests/fuzz/corpus/$(h))

# The MQTT session against a real mosquitto on 127.0.0.1, then the running
# edgetsnd's MQTT side (tests/agent/daemon.sh); the status socket and
# sd_notify (ops.sh); make install DESTDIR=... (install.sh); the Prometheus
# file through node-exporter (prom.sh); PTP supervision against a real
# ptp4l (ptp.sh).
check-agent: $(B)/tests/mqtt_probe user
	tests/agent/run.sh "tests/agent/mqtt.sh $(B)/tests/mqtt_probe" \
		"tests/agent/daemon.sh $(B)/edgetsnd" "tests/agent/persist.sh $(B)/edgetsnd" \
		"tests/agent/ops.sh $(B)" \
		tests/agent/install.sh "tests/agent/prom.sh $(B)" "tests/agent/ptp.sh $(B)/edgetsnd" \
		"tests/agent/tele.sh $(B)"

# The FRER listener run by BPF_PROG_TEST_RUN on the host (root).
$(B)/tests/bpf/test_frer: tests/bpf/test_frer.c $(B)/bpf/etsn_frer_listener.skel.h \
		$(B)/bpf/etsn_frer_talker.skel.h $(B)/bpf/etsn_xdp.skel.h bpf/etsn_frer.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -pthread -Ibpf -I$(B)/bpf -o $@ $< $(LDLIBS)

$(B)/tests/bpf/bench_frer: tests/bpf/bench_frer.c $(B)/bpf/etsn_frer_listener.skel.h \
		$(B)/bpf/etsn_xdp.skel.h bpf/etsn_frer.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ibpf -I$(B)/bpf -o $@ $< $(LDLIBS)

$(B)/tests/bpf/bench_psfp: tests/bpf/bench_psfp.c $(B)/bpf/etsn_psfp.skel.h \
		$(B)/bpf/etsn_xdp.skel.h bpf/etsn_psfp.h $(B)/user/lib/psfp_skip.o
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ibpf -I$(B)/bpf -o $@ $< $(B)/user/lib/psfp_skip.o $(LDLIBS)

# ns/frame of PSFP pass-through and of the firewall alone (root; docs/benchmarks.md).
bench-psfp-host: $(B)/tests/bpf/bench_psfp
	$(B)/tests/bpf/bench_psfp

# Stream filler and UDP sender of tools/bench-frer-guest.sh.
$(B)/tests/bpf/frer_benchtool: tests/bpf/frer_benchtool.c bpf/etsn_frer.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ibpf -o $@ $< $(LDLIBS)

# ns/frame of FRER elimination and of the firewall alone (root; docs/benchmarks.md).
bench-frer: $(B)/tests/bpf/bench_frer
	$(B)/tests/bpf/bench_frer

check-frer: $(B)/tests/bpf/test_frer
	$(B)/tests/bpf/test_frer

check-bpf: bpf $(BPF_TEST_BIN)
	tests/bpf/run.sh

# etsnctl's BPF commands and their -j schema on a veth pair (host, root).
check-policy: user bpf
	tests/policy/run.sh

check-kunit:
	tests/kunit/check.sh

check-vm:
	tests/vm/check.sh

check-style:
	tools/check-style.sh

check-demo:
	tools/check-demo.sh

check-dkms:
	tools/check-dkms.sh

demo: deps
	tools/demo.sh

SYSCONFDIR ?= /etc
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
# systemd reads /usr/local/lib/systemd/system as well as /lib/systemd/system.
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
MAN_PAGES := $(wildcard man/*.8)

install: user
	install -D -m 0755 $(B)/etsnctl $(DESTDIR)$(PREFIX)/sbin/etsnctl
	install -D -m 0755 $(B)/edgetsnd $(DESTDIR)$(PREFIX)/sbin/edgetsnd
	install -D -m 0644 docs/edgetsnd.example.yaml \
		$(DESTDIR)$(SYSCONFDIR)/edgetsn/edgetsnd.yaml.example
	install -D -m 0644 uapi/linux/edgetsn.h $(DESTDIR)$(PREFIX)/include/linux/edgetsn.h
	install -d $(DESTDIR)$(MANDIR)/man8
	install -m 0644 $(MAN_PAGES) $(DESTDIR)$(MANDIR)/man8/
	install -D -m 0644 completion/etsnctl.bash $(DESTDIR)$(BASHCOMPDIR)/etsnctl
	install -d $(DESTDIR)$(SYSTEMDUNITDIR)
	sed -e 's|@SBINDIR@|$(PREFIX)/sbin|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
		systemd/edgetsnd.service.in > $(DESTDIR)$(SYSTEMDUNITDIR)/edgetsnd.service
	chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/edgetsnd.service

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/sbin/etsnctl $(DESTDIR)$(PREFIX)/sbin/edgetsnd \
		$(DESTDIR)$(SYSCONFDIR)/edgetsn/edgetsnd.yaml.example \
		$(DESTDIR)$(PREFIX)/include/linux/edgetsn.h \
		$(MAN_PAGES:man/%=$(DESTDIR)$(MANDIR)/man8/%) $(DESTDIR)$(BASHCOMPDIR)/etsnctl \
		$(DESTDIR)$(SYSTEMDUNITDIR)/edgetsnd.service

# DKMS copies the module's sources to /usr/src/edgetsn-$(VERSION) and builds
# them for every installed kernel that has headers, and again on upgrades.
dkms-install:
	-dkms remove -m edgetsn -v $(VERSION) --all >/dev/null 2>&1
	rm -rf /usr/src/edgetsn-$(VERSION)
	mkdir -p /usr/src/edgetsn-$(VERSION)
	cp -r Kbuild dkms.conf kmod uapi /usr/src/edgetsn-$(VERSION)/
	dkms add -m edgetsn -v $(VERSION)
	@set -e; n=0; for k in $$(ls /lib/modules); do \
		[ -d /lib/modules/$$k/build ] || continue; \
		dkms install -m edgetsn -v $(VERSION) -k $$k; n=$$((n + 1)); \
	done; [ $$n -gt 0 ] || { echo "no kernel headers installed: apt-get install linux-headers-\$$(uname -r)"; exit 1; }

dkms-remove:
	-dkms remove -m edgetsn -v $(VERSION) --all
	rm -rf /usr/src/edgetsn-$(VERSION)

clean:
	rm -rf $(B)
	-test -d "$(KDIR)" && $(MAKE) -C $(KDIR) M=$(CURDIR) clean

-include $(shell find $(B) -name '*.d' 2>/dev/null)
