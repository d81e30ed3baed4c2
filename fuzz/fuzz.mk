# fuzz/fuzz.mk - libFuzzer harnesses over everything umod reads from
# outside: module files, the load path, index files, modprobe.d, and the
# control protocol from both ends.
#
#	make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="elf load ..."]
#
# Each target runs FUZZ_SECONDS from a seed corpus made of the project's
# own modules and index files (fuzz/corpus.sh); a crash, a leak, a
# sanitizer report or a broken invariant fails the run (fuzz/run.sh).
# Inputs that once failed are kept in tests/regress/<target>/ and replayed
# by tests/regress.t through the same harness, built without libFuzzer.

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_ALL := elf load modinfo modindex modconf ctl conn
FUZZ_TARGETS ?= $(FUZZ_ALL)
FZ := $(B)/fuzz

FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
FUZZ_MODDIR = $(abspath $(B))/tests/modules/gcc-O2
FUZZ_DEFS = -DFUZZ_MODULES='"$(FUZZ_MODDIR)"'
FUZZ_CFLAGS = $(UMOD_CFLAGS) $(LIBTOOLS_CFLAGS) -O1 -g $(FUZZ_SAN) $(FUZZ_DEFS)

# What each harness links besides its own object: the tools' readers
# (libtools, with shared/ in it) or libumod, and the robustness tests'
# host.
FUZZ_EXTRA_load := tests/robust/host tests/heapcount
FUZZ_EXTRA_ctl := fuzz/ctlhost tests/robust/host tests/heapcount
FUZZ_TOOLS := modinfo modindex modconf conn
FUZZ_TOOL_LIBS := $(LIBTOOLS_LDLIBS)
# $(1): target, $(2): its libumod-tools.a, $(3): its libumod.a
fuzz_libs = $(if $(filter $(1),$(FUZZ_TOOLS)),$(2) $(FUZZ_TOOL_LIBS),$(3))
fuzz_objs = $(patsubst %,$(2)/%.o,fuzz/$(1) $(FUZZ_EXTRA_$(1)))

# ---- libFuzzer builds (clang): $(FZ)/fuzz-<target> ----

$(FZ)/lf/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FZ)/lf/libumod.a: $(LIB_SRCS:%.c=$(FZ)/lf/%.o)
	@rm -f $@
	$(AR) rcs $@ $^

$(FZ)/lf/libumod-tools.a: $(LIBTOOLS_SRCS:%.c=$(FZ)/lf/%.o)
	@rm -f $@
	$(AR) rcs $@ $^

define fuzz_target
$(FZ)/fuzz-$(1): $(call fuzz_objs,$(1),$(FZ)/lf) \
		$(call fuzz_libs,$(1),$(FZ)/lf/libumod-tools.a,$(FZ)/lf/libumod.a)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $$@ $$^ $(UMOD_LDLIBS)

# The replay build: the ordinary compiler and CFLAGS, so check-sanitize
# replays the regressions under its sanitizers.
$(FZ)/replay-$(1): $(FZ)/obj/fuzz/replay.o $(call fuzz_objs,$(1),$(FZ)/obj) \
		$(call fuzz_libs,$(1),$(B)/libumod-tools.a,$(B)/libumod.a)
	$(CC) $(CFLAGS) -o $$@ $$^ $(UMOD_LDLIBS)
endef
$(foreach t,$(FUZZ_ALL),$(eval $(call fuzz_target,$(t))))

# ---- The replay build: $(FZ)/replay-<target> ----

$(FZ)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(LIBTOOLS_CFLAGS) $(CFLAGS) $(FUZZ_DEFS) -c -o $@ $<

$(FZ)/protoseed: $(patsubst %,$(FZ)/obj/%.o,fuzz/protoseed fuzz/ctlhost tests/robust/host tests/heapcount) \
		$(B)/libumod.a
	$(CC) $(CFLAGS) -o $@ $^ $(UMOD_LDLIBS)

# ---- Seeds, and the run ----

$(FZ)/corpus/.stamp: loader-tests $(B)/umod $(B)/depmod $(FZ)/protoseed \
		fuzz/corpus.sh $(wildcard fuzz/seeds/*/*)
	fuzz/corpus.sh $(B) $(FZ)/corpus
	@touch $@

.PHONY: fuzz fuzz-build
fuzz-build: $(addprefix $(FZ)/fuzz-,$(FUZZ_TARGETS)) $(FZ)/corpus/.stamp
fuzz: fuzz-build
	fuzz/run.sh $(FZ) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

FUZZ_REPLAYS := $(addprefix $(FZ)/replay-,$(FUZZ_ALL))
