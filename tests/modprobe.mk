# tests/modprobe.mk - modprobe compared with kmod's, then run in umodd.

CHECK_TESTS += tests/modprobe.t
check: $(B)/umod $(B)/umodd
check: export UMOD_B := $(B)
