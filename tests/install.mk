# tests/install.t: make install into a temporary PREFIX, used from outside
# the tree; it runs make itself, with this build's B and CFLAGS.
CHECK_TESTS += tests/install.t
check: all
check: export UMOD_B := $(B)
check: export UMOD_CHECK_CFLAGS := $(CFLAGS)
