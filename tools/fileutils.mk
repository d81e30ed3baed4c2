# The file-reading tools, modinfo and depmod: their tests compare umod's
# output with kmod's, byte for byte, on modules compiled on the spot.

CHECK_TESTS += tests/modinfo.t tests/depmod.t tests/kmod-scenarios.t
check: $(B)/umod
check: export UMOD_B := $(B)
