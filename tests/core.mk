# tests/core.mk - the kernel half's shape: its arrows (tests/arrows.t),
# its exports (tests/abi.t).
CHECK_TESTS += tests/arrows.t
CHECK_TESTS += tests/abi.t
