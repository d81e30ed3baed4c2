# tests/unit: libumod's parts, each tested on its own.

# Module memory and the symbol index, each linked with its own object
# alone (and fault.o, whose wrappers they allocate through): they run
# before the rest of the library links.
UNIT_ARENA_TESTS := $(B)/tests/unit/test-arena $(B)/tests/unit/test-arena-nopie \
	$(B)/tests/unit/test-symbols
UNIT_ARENA_CFLAGS = $(UMOD_CFLAGS) $(CFLAGS) -iquote src -iquote tests

$(B)/tests/unit/test-arena: tests/unit/test-arena.c tests/tap.h $(B)/pic/src/arena.o \
		$(B)/pic/src/fault.o
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_ARENA_CFLAGS) -o $@ $< $(B)/pic/src/arena.o \
		$(B)/pic/src/fault.o $(UMOD_LDLIBS)

# The same tests in a non-PIE executable, which sits in the low 2 GiB.
$(B)/tests/unit/test-arena-nopie: tests/unit/test-arena.c tests/tap.h $(B)/pic/src/arena.o \
		$(B)/pic/src/fault.o
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_ARENA_CFLAGS) -fno-pie -no-pie -o $@ $< $(B)/pic/src/arena.o \
		$(B)/pic/src/fault.o $(UMOD_LDLIBS)

# The index's calloc fails on demand, to test -ENOMEM.
$(B)/tests/unit/test-symbols: tests/unit/test-symbols.c tests/tap.h $(B)/pic/src/symbols.o \
		$(B)/pic/src/fault.o
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_ARENA_CFLAGS) -Wl,--wrap=calloc -o $@ $< $(B)/pic/src/symbols.o \
		$(B)/pic/src/fault.o $(UMOD_LDLIBS)

# Lookups by address, on a real module of the loader's corpus.
$(B)/tests/unit/test-kallsyms: tests/unit/test-kallsyms.c tests/tap.h $(B)/libumod.a \
		$(B)/tests/modules/gcc-O2/syms.ko
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(CFLAGS) -o $@ $< $(B)/libumod.a $(UMOD_LDLIBS)

# Linux's vsnprintf, against the strings Linux prints.
$(B)/tests/unit/test-vsprintf: tests/unit/test-vsprintf.c tests/tap.h $(B)/libumod.a
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(CFLAGS) -Wno-format -o $@ $< $(B)/libumod.a $(UMOD_LDLIBS)

# umod_errmsg: cleared by every fallible call, set by every failure.
$(B)/tests/unit/test-errmsg: tests/unit/test-errmsg.c tests/tap.h $(B)/libumod.a
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(UMOD_KABI_CFLAGS) $(CFLAGS) \
		-DUMOD_TEST_MODULES='"$(abspath $(LT)/modules/gcc-O2)"' \
		-o $@ $< $(B)/libumod.a $(UMOD_LDLIBS)
