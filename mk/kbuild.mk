# mk/kbuild.mk - build out-of-tree modules the Kbuild way.
#
#	make -C <umod> M=<dir> [modules|clean|modules_install|modules_sign]
#
# reads <dir>/Kbuild, or <dir>/Makefile if there is none, with KERNELRELEASE
# set, for what Linux's Kbuild reads there: obj-m, <module>-y (or
# <module>-objs), ccflags-y, EXTRA_CFLAGS, CFLAGS_<file>.o, asflags-y,
# ldflags-y, KBUILD_EXTRA_SYMBOLS.  Each module is compiled and linked as
# <module>.o, modpost resolves the directory's modules against each other
# and the host, writing <module>.mod.c and Module.symvers, and the .ko is
# <module>.o linked with <module>.mod.o.  V=1 shows the commands.
#
# Modules are checked against the host's exports in UMOD_SYMVERS, by
# default libumod's own.  A host that exports symbols of its own makes its
# Module.symvers from its executable, and builds modules against it:
#
#	<umod build>/modpost -H ./myhost -o myhost.symvers
#	make -C <umod> M=$PWD UMOD_SYMVERS=$PWD/myhost.symvers
#
# (-t TABLE adds the exports of an array of struct umod_symbol the host
# gives umod_export_table.)  A host whose loader checks its own exports'
# CRCs links their table, umod_host_crcs, generated from the header its
# modules include and given to umod_export_crcs; modpost -H reads it
# back (docs/design.md, "The host's CRCs at run time"):
#
#	cc -E -D__GENKSYMS__ -I<umod>/include myhost.h | <umod build>/genksyms -a > crcs.h
#
# CONFIG_MODVERSIONS=n builds without symbol versions.
#
# The umod Makefile includes every */*.mk: this one does nothing without M.

ifneq ($(M),)

# The tree: the umod source with its build in $(B), or an installed build
# tree, which sets B to itself.
UMOD_RELEASE ?= umod-1
kb_objtree := $(abspath $(if $(filter /%,$(B)),$(B),$(srctree)/$(B)))
kb_modpost := $(kb_objtree)/modpost
kb_genksyms := $(kb_objtree)/genksyms
UMOD_SYMVERS ?= $(kb_objtree)/Module.symvers

ifeq ($(KERNELRELEASE),)
KERNELRELEASE := $(UMOD_RELEASE)
endif
export KERNELRELEASE
INSTALL_MOD_DIR ?= extra
STRIP ?= strip

# LLVM=1: the LLVM toolchain, as Linux takes it.
ifneq ($(LLVM),)
CC := clang
LD := ld.lld
STRIP := llvm-strip
endif

# ---- The module directory's own description ----

kb_m := $(abspath $(M))
src := $(kb_m)
obj := $(kb_m)
kb_file := $(or $(wildcard $(kb_m)/Kbuild),$(kb_m)/Makefile)
ifeq ($(wildcard $(kb_file)),)
$(error $(kb_m): no Kbuild or Makefile found)
endif
include $(kb_file)
.DEFAULT_GOAL := modules
MAKEFLAGS += --no-builtin-rules

ifneq ($(filter %/,$(obj-m)),)
$(error $(kb_file): obj-m: subdirectories ($(filter %/,$(obj-m))) are not supported)
endif

kb_mods := $(patsubst %.o,%,$(filter %.o,$(obj-m)))
kb_parts = $(strip $($(1)-y) $($(1)-objs) $($(1)-m))
kb_abs = $(addprefix $(kb_m)/,$(1))
kb_ko := $(call kb_abs,$(addsuffix .ko,$(kb_mods)))
kb_mod_o := $(kb_ko:.ko=.o)
kb_modc := $(kb_ko:.ko=.mod.c)
kb_modo := $(kb_ko:.ko=.mod.o)
kb_inc := $(srctree)/include

# Every object knows its module: KBUILD_MODNAME, with Kbuild's name-fix.
define kb_module
$(kb_m)/$(1).o $(call kb_abs,$(call kb_parts,$(1))) $(kb_m)/$(1).mod.o: \
	kb_modname := $(subst $(comma),_,$(subst -,_,$(notdir $(1))))
ifneq ($(filter $(1).o,$(call kb_parts,$(1))),)
$$(error $(kb_file): $(1).o cannot be a part of itself)
endif
ifneq ($(call kb_parts,$(1)),)
$(kb_m)/$(1).o: $(call kb_abs,$(call kb_parts,$(1))) FORCE
	$$(call if_changed,ld_multi)
kb_targets += $(call kb_abs,$(call kb_parts,$(1)))
endif
endef
comma := ,
kb_targets := $(kb_mod_o) $(kb_modo) $(kb_ko) $(kb_m)/modules.order \
	$(kb_m)/Module.symvers
$(foreach m,$(kb_mods),$(eval $(call kb_module,$(m))))

# ---- Commands: Kbuild's if_changed ----
#
# A target is rebuilt when a prerequisite is newer or its command differs
# from the one that built it last, saved in .<target>.cmd beside it.

kb_cmdfile = $(dir $@).$(notdir $@).cmd
kb_depfile = $(dir $@).$(notdir $@).d
kb_new = $(strip $(cmd_$(1)))
kb_old = $(strip $(savedcmd_$@))
kb_cmd_differs = $(subst $(kb_new),,$(kb_old))$(subst $(kb_old),,$(kb_new))
kb_changed = $(if $(wildcard $@),,missing)$(filter-out FORCE,$?)$(kb_cmd_differs)
kb_squote := '
kb_hash := \#
kb_escsq = $(subst $(kb_squote),'\$(kb_squote)',$(1))
kb_makecmd = $(call kb_escsq,$(subst $(kb_hash),\$(kb_hash),$(subst $$,$$$$,$(1))))

ifeq ($(V),1)
kb_show = echo '$(call kb_escsq,$(cmd_$(1)))';
else ifeq ($(findstring s,$(firstword -$(MAKEFLAGS))),)
kb_show = $(if $(quiet_cmd_$(1)),echo '  $(call kb_escsq,$(quiet_cmd_$(1)))';)
endif

if_changed = $(if $(kb_changed),@set -e; $(kb_show) $(cmd_$(1)); \
	printf '%s\n' 'savedcmd_$@ := $(call kb_makecmd,$(cmd_$(1)))' > $(kb_cmdfile))

-include $(wildcard $(foreach t,$(kb_targets),$(dir $(t)).$(notdir $(t)).cmd \
	$(dir $(t)).$(notdir $(t)).d))

# ---- Compiling ----

# CONFIG_DEBUG_INFO, on unless the command line says CONFIG_DEBUG_INFO=n:
# the debug sections stay in the .ko, out of module memory, and reach gdb
# through the host's JIT interface (docs/debugging.md).
CONFIG_DEBUG_INFO ?= y
kb_flags = -DMODULE -DKBUILD_BASENAME='"$(basename $(notdir $@))"' \
	-DKBUILD_MODNAME='"$(kb_modname)"' -I$(kb_inc) -fno-common -O2 \
	$(if $(filter y,$(CONFIG_DEBUG_INFO)),-g) $(KCFLAGS)
kb_c_flags = $(filter-out $(CFLAGS_REMOVE_$(notdir $@)), \
	$(filter-out $(ccflags-remove-y),$(kb_flags) $(subdir-ccflags-y) \
	$(ccflags-y) $(EXTRA_CFLAGS)) $(CFLAGS_$(notdir $@)))
kb_a_flags = -D__ASSEMBLY__ $(kb_flags) $(asflags-y) $(EXTRA_AFLAGS) \
	$(AFLAGS_$(notdir $@))

# CONFIG_MODVERSIONS, on unless the command line says n: genksyms
# versions each export of the unit from its declaration, and ld -r adds
# the CRCs to the object as absolute symbols __crc_<sym> (Linux 5.x's
# way), where modpost reads them: they follow the object into the module.
CONFIG_MODVERSIONS ?= y
kb_ver = $(dir $@).$(notdir $(@:.o=.ver))
ifeq ($(CONFIG_MODVERSIONS),y)
kb_modversions = ; $(CC) -E -D__GENKSYMS__ $(kb_c_flags) $< | $(kb_genksyms) \
	> $(kb_ver); if [ -s $(kb_ver) ]; then $(LD) -r -o $@.tmp $@ -T $(kb_ver) \
	&& mv -f $@.tmp $@; fi; rm -f $(kb_ver)
endif

quiet_cmd_cc_o_c = CC [M]  $@
      cmd_cc_o_c = $(CC) $(kb_c_flags) -MMD -MP -MF $(kb_depfile) -c -o $@ $< \
	$(kb_modversions)
quiet_cmd_as_o_S = AS [M]  $@
      cmd_as_o_S = $(CC) $(kb_a_flags) -MMD -MP -MF $(kb_depfile) -c -o $@ $<
quiet_cmd_cc_mod_c = CC [M]  $@
      cmd_cc_mod_c = $(CC) $(kb_flags) -MMD -MP -MF $(kb_depfile) -c -o $@ $<
quiet_cmd_ld_multi = LD [M]  $@
      cmd_ld_multi = $(LD) -r $(ldflags-y) -o $@ $(filter %.o,$^)

$(kb_m)/%.o: $(kb_m)/%.c $(if $(kb_modversions),$(kb_genksyms)) FORCE
	$(call if_changed,cc_o_c)

$(kb_m)/%.o: $(kb_m)/%.S FORCE
	$(call if_changed,as_o_S)

# ---- modpost and the final link ----

      cmd_modorder = printf '%s\n' $(kb_mod_o) > $@
quiet_cmd_modpost = MODPOST $@
      cmd_modpost = $(kb_modpost) -w $(if $(filter y,$(CONFIG_MODVERSIONS)),-m) \
	$(addprefix -i ,$(UMOD_SYMVERS) \
	$(KBUILD_EXTRA_SYMBOLS)) $(if $(UMOD_VERMAGIC),-V '$(UMOD_VERMAGIC)') \
	-o $@ -T $(kb_m)/modules.order
quiet_cmd_ld_ko_o = LD [M]  $@
      cmd_ld_ko_o = $(LD) -r --build-id=none $(LDFLAGS_MODULE) -o $@ \
	$(filter %.o,$^)

$(kb_m)/modules.order: FORCE
	$(call if_changed,modorder)

# modpost writes Module.symvers first, then every .mod.c.
$(kb_m)/Module.symvers: $(kb_mod_o) $(kb_m)/modules.order $(kb_modpost) \
		$(UMOD_SYMVERS) $(KBUILD_EXTRA_SYMBOLS) FORCE
	$(call if_changed,modpost)

$(kb_modc): $(kb_m)/Module.symvers ;

$(kb_modo): %.mod.o: %.mod.c FORCE
	$(call if_changed,cc_mod_c)

$(kb_ko): %.ko: %.o %.mod.o FORCE
	$(call if_changed,ld_ko_o)

kb_build_hint = $(if $(filter $(kb_objtree)/%,$@),: build umod first \
	(make -C $(srctree)$(if $(filter-out build .,$(B)), B=$(B))))

$(kb_modpost) $(kb_genksyms) $(UMOD_SYMVERS) $(KBUILD_EXTRA_SYMBOLS):
	@echo >&2 'umod: $@ is missing$(kb_build_hint)'; exit 1

# ---- What the user asks for ----

.PHONY: all modules clean modules_install FORCE
.DELETE_ON_ERROR:
FORCE:

all: modules
modules: $(kb_ko)
	$(if $(kb_mods),@:,$(error $(kb_file): obj-m names no modules))

kb_moddir = $(INSTALL_MOD_PATH)/lib/modules/$(KERNELRELEASE)/$(INSTALL_MOD_DIR)
kb_install = $(kb_moddir)/$(patsubst $(kb_m)/%,%,$(1))

modules_install: modules
	@set -e; $(foreach ko,$(kb_ko), \
		echo '  INSTALL $(call kb_install,$(ko))'; \
		install -D -m 644 $(ko) $(call kb_install,$(ko)); \
		$(if $(INSTALL_MOD_STRIP),$(STRIP) --strip-debug $(call kb_install,$(ko));))
	$(if $(DEPMOD),@echo '  DEPMOD  $(KERNELRELEASE)'; \
		$(DEPMOD) $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) $(KERNELRELEASE))

# ---- Signing: Linux's CONFIG_MODULE_SIG_KEY, MODULE_SIG_ALL ----
#
# modules_sign installs, then signs the installed copies (the built .ko
# stay as modpost left them, so signing twice never stacks signatures).
# The key is made on first use, as Linux's certs/Makefile makes
# signing_key.pem; its certificate, DER, is alone in certs/keyring/, the
# directory to give umodd --keyring.

MODULE_SIG_KEY ?= $(kb_objtree)/certs/signing_key.pem
MODULE_SIG_HASH ?= sha256
kb_sig_cert := $(kb_objtree)/certs/keyring/signing_key.x509
kb_signfile := $(or $(wildcard $(kb_objtree)/umod),umod) sign-file

$(kb_objtree)/certs/signing_key.pem:
	@echo '  GENKEY  $@'
	@mkdir -p $(dir $@)
	@umask 077 && openssl req -new -nodes -utf8 -$(MODULE_SIG_HASH) \
		-days 36500 -batch -x509 -outform PEM -out $@ -keyout $@ \
		-subj '/CN=Build time autogenerated kernel key' \
		-addext keyUsage=digitalSignature \
		-addext subjectKeyIdentifier=hash 2>/dev/null

$(kb_sig_cert): $(MODULE_SIG_KEY)
	@mkdir -p $(dir $@)
	openssl x509 -in $< -outform DER -out $@

.PHONY: modules_sign
modules_sign: modules_install $(kb_sig_cert)
	@set -e; $(foreach ko,$(kb_ko), \
		echo '  SIGN    $(call kb_install,$(ko))'; \
		$(kb_signfile) $(MODULE_SIG_HASH) $(MODULE_SIG_KEY) \
			$(kb_sig_cert) $(call kb_install,$(ko));)

clean:
	@echo '  CLEAN   $(kb_m)'
	@rm -f $(kb_m)/Module.symvers $(kb_m)/modules.order
	@find $(kb_m) \( -name '*.o' -o -name '*.ko' -o -name '*.mod.c' \
		-o -name '.*.cmd' -o -name '.*.d' -o -name '.*.ver' \) -type f -delete

endif
