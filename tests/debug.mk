# debug: gdb, perf and dmesg -w over module code (docs/debugging.md).
CHECK_TESTS += tests/debug.t
