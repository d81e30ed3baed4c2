# bench: the benchmarks of issue 6.  `make bench` runs them all and prints
# one Markdown table per figure; `make bench QUICK=1` is the short run.
# Modules and generated sources go to $(B)/bench; the programs link
# libumod statically, as a host would, and export to modules themselves.

BD := $(B)/bench
BENCH_NAMES := small large symbols many ctl tools
BENCH_PROGS := $(BENCH_NAMES:%=$(BD)/bench-%)
BENCH_LIB_OBJS := $(BD)/obj/bench.o $(BD)/obj/kopatch.o

BENCH_CFLAGS = $(UMOD_CFLAGS) $(CFLAGS) -iquote bench
# Modules built the plain way (gcc -c, ld -r), with the .modinfo of
# bench/mod.h; -Wno-missing-attributes: module_init aliases a __cold__ init.
BENCH_MOD_CFLAGS := -std=gnu11 -Iinclude -iquote bench -DMODULE -fno-common \
	-O2 -Wall -Wno-missing-attributes -MMD -MP
BENCH_SO_CFLAGS := $(BENCH_MOD_CFLAGS) -DBENCH_SHARED -fPIC

$(BD)/obj/%.o: bench/%.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -c -o $@ $<

# -rdynamic: the shared-object twins resolve their imports against us.
$(BENCH_PROGS): $(BD)/bench-%: $(BD)/obj/bench-%.o $(BENCH_LIB_OBJS) $(B)/libumod.a
	$(CC) $(CFLAGS) -rdynamic -o $@ $(filter %.o,$^) \
		$(filter %/libumod-tools.a,$^) $(B)/libumod.a -ldl $(UMOD_LDLIBS)

# Programs that load mod-small carry its ten imports.
$(BD)/bench-small $(BD)/bench-ctl: $(BD)/obj/small-host.o

# Figure 5 talks to itself with the tools' library, and runs them.
$(BD)/obj/bench-ctl.o: BENCH_CFLAGS += $(LIBTOOLS_CFLAGS)
$(BD)/bench-ctl: $(B)/libumod-tools.a | $(B)/umod
# Figure 6 runs umod's tools beside kmod's, also on a Linux tree.
$(BD)/bench-tools: $(BD)/obj/tools-linux.o | $(B)/umod

# ---- modules: each source twice, a .ko for umod and a .so for dlopen ----

$(BD)/%.ko: $(BD)/%.o
	$(LD) -r -o $@ $^

$(BD)/mod-%.o: bench/mod-%.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_MOD_CFLAGS) -c -o $@ $<

$(BD)/mod-%.so: bench/mod-%.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_SO_CFLAGS) -shared -o $@ $<

# Figure 2's module: 2000 functions in four parts, compiled in parallel.
# gen-large-smoke is the same generator at 40 functions, for make check.
LARGE_PARTS := 0 1 2 3
LARGE_SRCS := $(LARGE_PARTS:%=$(BD)/gen-large.%.c)
LARGE_OBJS := $(LARGE_PARTS:%=$(BD)/gen-large.%.o)
LARGE_PICS := $(LARGE_PARTS:%=$(BD)/gen-large.%.pic.o)

$(LARGE_SRCS): $(BD)/gen-large.%.c: bench/gen-large.sh
	@mkdir -p $(dir $@)
	sh bench/gen-large.sh 2000 $(words $(LARGE_PARTS)) $* > $@.tmp && mv $@.tmp $@

$(BD)/gen-large-smoke.c: bench/gen-large.sh
	@mkdir -p $(dir $@)
	sh bench/gen-large.sh 40 1 0 > $@.tmp && mv $@.tmp $@

$(LARGE_OBJS): $(BD)/gen-large.%.o: $(BD)/gen-large.%.c
	$(CC) $(BENCH_MOD_CFLAGS) -c -o $@ $<

$(LARGE_PICS): $(BD)/gen-large.%.pic.o: $(BD)/gen-large.%.c
	$(CC) $(BENCH_SO_CFLAGS) -c -o $@ $<

$(BD)/gen-large.ko: $(LARGE_OBJS)
	$(LD) -r -o $@ $^

$(BD)/gen-large.so: $(LARGE_PICS)
	$(CC) -shared -o $@ $^

$(BD)/gen-large-smoke.o: $(BD)/gen-large-smoke.c
	$(CC) $(BENCH_MOD_CFLAGS) -c -o $@ $<

$(BD)/gen-large-smoke.so: $(BD)/gen-large-smoke.c
	$(CC) $(BENCH_SO_CFLAGS) -shared -o $@ $<

# Figure 3's probe: 10,000 imports to rename (100 for make check).
$(BD)/gen-probe.c: bench/gen-probe.sh
	@mkdir -p $(dir $@)
	sh bench/gen-probe.sh 10000 > $@.tmp && mv $@.tmp $@

$(BD)/gen-probe-smoke.c: bench/gen-probe.sh
	@mkdir -p $(dir $@)
	sh bench/gen-probe.sh 100 > $@.tmp && mv $@.tmp $@

$(BD)/gen-probe.o $(BD)/gen-probe-smoke.o: $(BD)/%.o: $(BD)/%.c
	$(CC) $(BENCH_MOD_CFLAGS) -c -o $@ $<

BENCH_MODS := $(BD)/mod-small.ko $(BD)/mod-small.so \
	$(BD)/gen-large.ko $(BD)/gen-large.so \
	$(BD)/mod-filler.ko $(BD)/gen-probe.ko $(BD)/mod-dag.ko $(BD)/mod-tree.ko
BENCH_SMOKE_MODS := $(BD)/mod-small.ko $(BD)/mod-small.so \
	$(BD)/gen-large-smoke.ko $(BD)/gen-large-smoke.so \
	$(BD)/mod-filler.ko $(BD)/gen-probe-smoke.ko $(BD)/mod-dag.ko \
	$(BD)/mod-tree.ko

.PRECIOUS: $(BD)/mod-%.o

bench: all $(BENCH_PROGS) $(BENCH_MODS)
	sh bench/run.sh $(BD) $(if $(QUICK),--quick)

# Figure 1's small cycle on the other machines, under qemu-user:
# `make bench-cross [QUICK=1]`, for CROSS_ARCHES with the cross compilers
# and emulators of check-cross (tests/cross/cross.mk).  Emulated: qemu
# translates each load's new code afresh, so these figures measure the
# emulator as much as the loader, and compare with dlopen under it only.
.PHONY: bench-cross
bench-cross:
	@set -e; $(foreach a,$(CROSS_ARCHES), \
		$(MAKE) --no-print-directory ARCH=$(a) CROSS_COMPILE=$(CROSS_COMPILE_$(a)) \
			build-$(a)/bench/bench-small build-$(a)/bench/mod-small.ko \
			build-$(a)/bench/mod-small.so >/dev/null; \
		echo; echo "## $(a), emulated: $(CROSS_QEMU_$(a)), on $$(uname -m)"; \
		$(CROSS_QEMU_$(a)) build-$(a)/bench/bench-small --dir build-$(a)/bench \
			$(if $(QUICK),--quick);)
