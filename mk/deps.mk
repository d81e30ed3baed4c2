# mk/deps.mk - the Debian packages each goal needs (mk/deps.sh), checked
# before anything is compiled.  make remakes included files first, so the
# stamp of each purpose the goals need is made - the check run, what is
# missing installed (as root) or named - before any other rule runs.  A
# stamp keeps later runs from checking again; `make deps` checks anew.

DEPS_check := test demo
DEPS_check-sanitize := test demo sanitize
DEPS_demo := demo
DEPS_bench := test bench
DEPS_fuzz := test fuzz
DEPS_check-cross := test cross
DEPS_check-without := test
DEPS_bench-cross := cross
DEPS_ALL := build test demo fuzz sanitize bench cross

# Not for clean and the like, nor make -n: it would install all the same.
deps_goals := $(or $(MAKECMDGOALS),all)
ifneq ($(filter-out clean uninstall deps,$(deps_goals)),)
ifeq ($(findstring n,$(firstword -$(MAKEFLAGS))),)
include $(addprefix $(B)/.deps/,$(sort build $(foreach g,$(deps_goals),$(DEPS_$(g)))))
endif
endif

$(B)/.deps/%: mk/deps.sh
	@mkdir -p $(dir $@)
	@mk/deps.sh $*
	@echo '# mk/deps.sh $*: nothing missing' > $@

.PHONY: deps
deps:
	mk/deps.sh $(DEPS_ALL)
	@mkdir -p $(B)/.deps
	@for p in $(DEPS_ALL); do echo "# mk/deps.sh $$p: nothing missing" > $(B)/.deps/$$p; done
