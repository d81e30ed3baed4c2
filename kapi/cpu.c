// SPDX-License-Identifier: MIT
/*
 * cpu.c - the boot CPU as x86-64 Linux describes it to modules:
 * boot_cpu_data (struct cpuinfo_x86, Debian 6.1's layout), filled from
 * CPUID as identify_boot_cpu() fills it, x86_match_cpu over it, and
 * cpu_has_xfeatures over the register states the OS enables (XCR0).
 *
 * Modules test features inline (boot_cpu_has(X86_FEATURE_AVX2) is a bit
 * test of boot_cpu_data.x86_capability), and pick their code by it: the
 * words must hold what this CPU really has, and no more than its OS lets
 * a thread use, as Linux clears AVX when XSAVE does not manage the YMM
 * state.  Linux's synthetic words (3, 7, 8, 11, 21) and the bug words
 * carry only what a user thread can know: ALWAYS, CPUID, and the TSC's
 * constant rate.
 */
#ifdef __x86_64__
#include <cpuid.h>
#include <stdio.h>
#include <string.h>

#include "kernel.h"

#define NCAPINTS	22
#define NBUGINTS	2
#define NVMXINTS	5

struct cpuinfo_x86 {
	u8 x86, x86_vendor, x86_model, x86_stepping;
	int x86_tlbsize;
	u32 vmx_capability[NVMXINTS];
	u8 x86_virt_bits, x86_phys_bits, x86_coreid_bits, cu_id;
	u32 extended_cpuid_level;
	int cpuid_level;
	union {
		u32 x86_capability[NCAPINTS + NBUGINTS];
		unsigned long x86_capability_alignment;
	};
	char x86_vendor_id[16];
	char x86_model_id[64];
	unsigned int x86_cache_size;
	int x86_cache_alignment;
	int x86_cache_max_rmid, x86_cache_occ_scale, x86_cache_mbm_width_offset;
	int x86_power;
	unsigned long loops_per_jiffy;
	u64 ppin;
	u16 x86_max_cores, apicid, initial_apicid, x86_clflush_size;
	u16 booted_cores, phys_proc_id, logical_proc_id, cpu_core_id;
	u16 cpu_die_id, logical_die_id, cpu_index;
	bool smt_active;
	u32 microcode;
	u8 x86_cache_bits;
	unsigned initialized : 1;
};
/* Where Debian's modules read it (xor.ko: word 4 at 0x38). */
KAPI_LAYOUT(offsetof(struct cpuinfo_x86, x86_capability) == 0x28,
	       "Linux 6.1's cpuinfo_x86");
KAPI_LAYOUT(offsetof(struct cpuinfo_x86, loops_per_jiffy) == 0xf0,
	       "Linux 6.1's cpuinfo_x86");
KAPI_LAYOUT(offsetof(struct cpuinfo_x86, cpu_index) == 0x114,
	       "Linux 6.1's cpuinfo_x86");
KAPI_LAYOUT(sizeof(struct cpuinfo_x86) == KAPI_CPUINFO_SIZE,
	       "Linux 6.1's cpuinfo_x86");

struct cpuinfo_x86 boot_cpu_data;
EXPORT_SYMBOL(boot_cpu_data);

#define X86_VENDOR_INTEL	0
#define X86_VENDOR_CYRIX	1
#define X86_VENDOR_AMD		2
#define X86_VENDOR_CENTAUR	5
#define X86_VENDOR_HYGON	9
#define X86_VENDOR_ZHAOXIN	10
#define X86_VENDOR_UNKNOWN	0xff

#define BIT(w, b)	((w) * 32 + (b))
#define X86_FEATURE_CONSTANT_TSC BIT(3, 8)
#define X86_FEATURE_ALWAYS	BIT(3, 21)
#define X86_FEATURE_CPUID	BIT(3, 25)
#define X86_FEATURE_NONSTOP_TSC	BIT(3, 24)

/* The states XSAVE manages, XCR0's bits. */
#define XFEATURE_MASK_SSE	(1u << 1)
#define XFEATURE_MASK_YMM	(1u << 2)
#define XFEATURE_MASK_AVX512	(7u << 5)	/* opmask, ZMM_Hi256, Hi16_ZMM */

/* What needs which states: Linux's cpuid_deps, the part a thread sees. */
static const struct {
	unsigned short feature;
	u32 states;
} xstate_deps[] = {
	{ BIT(4, 28), XFEATURE_MASK_YMM },	/* avx */
	{ BIT(4, 12), XFEATURE_MASK_YMM },	/* fma */
	{ BIT(4, 29), XFEATURE_MASK_YMM },	/* f16c */
	{ BIT(9, 5), XFEATURE_MASK_YMM },	/* avx2 */
	{ BIT(16, 9), XFEATURE_MASK_YMM },	/* vaes */
	{ BIT(16, 10), XFEATURE_MASK_YMM },	/* vpclmulqdq */
	{ BIT(12, 4), XFEATURE_MASK_YMM },	/* avx_vnni */
	{ BIT(9, 16), XFEATURE_MASK_AVX512 },	/* avx512f */
	{ BIT(9, 17), XFEATURE_MASK_AVX512 },	/* avx512dq */
	{ BIT(9, 21), XFEATURE_MASK_AVX512 },	/* avx512ifma */
	{ BIT(9, 26), XFEATURE_MASK_AVX512 },	/* avx512pf */
	{ BIT(9, 27), XFEATURE_MASK_AVX512 },	/* avx512er */
	{ BIT(9, 28), XFEATURE_MASK_AVX512 },	/* avx512cd */
	{ BIT(9, 30), XFEATURE_MASK_AVX512 },	/* avx512bw */
	{ BIT(9, 31), XFEATURE_MASK_AVX512 },	/* avx512vl */
	{ BIT(16, 1), XFEATURE_MASK_AVX512 },	/* avx512vbmi */
	{ BIT(16, 6), XFEATURE_MASK_AVX512 },	/* avx512_vbmi2 */
	{ BIT(16, 11), XFEATURE_MASK_AVX512 },	/* avx512_vnni */
	{ BIT(16, 12), XFEATURE_MASK_AVX512 },	/* avx512_bitalg */
	{ BIT(16, 14), XFEATURE_MASK_AVX512 },	/* avx512_vpopcntdq */
	{ BIT(18, 2), XFEATURE_MASK_AVX512 },	/* avx512_4vnniw */
	{ BIT(18, 3), XFEATURE_MASK_AVX512 },	/* avx512_4fmaps */
	{ BIT(18, 8), XFEATURE_MASK_AVX512 },	/* avx512_vp2intersect */
	{ BIT(12, 5), XFEATURE_MASK_AVX512 },	/* avx512_bf16 */
	{ BIT(18, 23), XFEATURE_MASK_AVX512 },	/* avx512_fp16 */
};

static void set_cap(struct cpuinfo_x86 *c, unsigned int bit)
{
	c->x86_capability[bit / 32] |= 1u << (bit % 32);
}

static void clear_cap(struct cpuinfo_x86 *c, unsigned int bit)
{
	c->x86_capability[bit / 32] &= ~(1u << (bit % 32));
}

static bool has_cap(const struct cpuinfo_x86 *c, unsigned int bit)
{
	return c->x86_capability[bit / 32] >> (bit % 32) & 1;
}

static u64 xcr0(void)
{
	u32 lo, hi;

	__asm__ volatile("xgetbv" : "=a" (lo), "=d" (hi) : "c" (0));
	return (u64)hi << 32 | lo;
}

/* What XSAVE manages for threads: nothing without OSXSAVE. */
static u64 os_xfeatures(void)
{
	return has_cap(&boot_cpu_data, BIT(4, 27)) ? xcr0() : 0;
}

/* leaf, subleaf: into regs[] (eax, ebx, ecx, edx); zeros past the max. */
static void cpuid(u32 leaf, u32 sub, u32 r[4])
{
	u32 max = __get_cpuid_max(leaf & 0x80000000u, NULL);

	r[0] = r[1] = r[2] = r[3] = 0;
	if (leaf <= max)
		__cpuid_count(leaf, sub, r[0], r[1], r[2], r[3]);
}

static int vendor_of(const char *id)
{
	static const struct { char id[13]; int vendor; } vendors[] = {
		{ "GenuineIntel", X86_VENDOR_INTEL },
		{ "AuthenticAMD", X86_VENDOR_AMD },
		{ "HygonGenuine", X86_VENDOR_HYGON },
		{ "CentaurHauls", X86_VENDOR_CENTAUR },
		{ "  Shanghai  ", X86_VENDOR_ZHAOXIN },
		{ "CyrixInstead", X86_VENDOR_CYRIX },
	};

	for (size_t i = 0; i < sizeof(vendors) / sizeof(vendors[0]); i++)
		if (!strcmp(id, vendors[i].id))
			return vendors[i].vendor;
	return X86_VENDOR_UNKNOWN;
}

/* cpu_detect() and get_cpu_cap(): identity, then the CPUID words. */
static void identify(struct cpuinfo_x86 *c)
{
	static const struct { u32 leaf, sub; u8 reg, word; } words[] = {
		{ 1, 0, 3, 0 }, { 0x80000001, 0, 3, 1 }, { 1, 0, 2, 4 },
		{ 0x80000001, 0, 2, 6 }, { 7, 0, 1, 9 }, { 0xd, 1, 0, 10 },
		{ 7, 1, 0, 12 }, { 0x80000008, 0, 1, 13 }, { 6, 0, 0, 14 },
		{ 0x8000000a, 0, 3, 15 }, { 7, 0, 2, 16 }, { 0x80000007, 0, 1, 17 },
		{ 7, 0, 3, 18 }, { 0x8000001f, 0, 0, 19 }, { 0x80000021, 0, 0, 20 },
	};
	u32 r[4], brand[12];
	char *model = c->x86_model_id;

	cpuid(0, 0, r);
	c->cpuid_level = r[0];
	memcpy(c->x86_vendor_id, &r[1], 4);
	memcpy(c->x86_vendor_id + 4, &r[3], 4);
	memcpy(c->x86_vendor_id + 8, &r[2], 4);
	c->x86_vendor = vendor_of(c->x86_vendor_id);
	cpuid(1, 0, r);
	c->x86 = (r[0] >> 8) & 0xf;
	if (c->x86 == 0xf)
		c->x86 += (r[0] >> 20) & 0xff;
	c->x86_model = (r[0] >> 4) & 0xf;
	if (c->x86 >= 6)
		c->x86_model += ((r[0] >> 16) & 0xf) << 4;
	c->x86_stepping = r[0] & 0xf;
	if (r[3] & (1u << 19))	/* clflush */
		c->x86_clflush_size = ((r[1] >> 8) & 0xff) * 8;
	c->x86_cache_alignment = c->x86_clflush_size ?: 64;
	c->initial_apicid = c->apicid = r[1] >> 24;
	c->extended_cpuid_level = __get_cpuid_max(0x80000000u, NULL);

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		cpuid(words[i].leaf, words[i].sub, r);
		c->x86_capability[words[i].word] = r[words[i].reg];
	}
	if (c->x86_vendor == X86_VENDOR_CENTAUR || c->x86_vendor == X86_VENDOR_ZHAOXIN) {
		cpuid(0xc0000001, 0, r);
		c->x86_capability[5] = r[3];
	}
	cpuid(0x80000008, 0, r);
	c->x86_phys_bits = r[0] ? r[0] & 0xff : 36;
	c->x86_virt_bits = r[0] ? (r[0] >> 8) & 0xff : 48;
	c->x86_cache_bits = c->x86_phys_bits;

	if (c->extended_cpuid_level >= 0x80000004) {
		cpuid(0x80000002, 0, brand);
		cpuid(0x80000003, 0, brand + 4);
		cpuid(0x80000004, 0, brand + 8);
		memcpy(model, brand, sizeof(brand));
		model[sizeof(brand)] = 0;
		while (*model == ' ')	/* Linux strips the leading blanks */
			memmove(model, model + 1, strlen(model));
	}
	cpuid(0x80000007, 0, r);
	c->x86_power = r[3];
	if (r[3] & (1u << 8))	/* invariant TSC */
		set_cap(c, X86_FEATURE_CONSTANT_TSC), set_cap(c, X86_FEATURE_NONSTOP_TSC);
	set_cap(c, X86_FEATURE_ALWAYS);
	set_cap(c, X86_FEATURE_CPUID);
	c->x86_max_cores = c->booted_cores = 1;
	c->initialized = 1;
}

/* The CPU's clock in kHz, which Linux calibrates at boot and shows as
 * /proc/cpuinfo's "cpu MHz": read back from there. */
unsigned int cpu_khz;
EXPORT_SYMBOL(cpu_khz);

static unsigned int cpuinfo_khz(void)
{
	FILE *f = fopen("/proc/cpuinfo", "re");
	char line[256];
	double mhz = 0;

	while (f && fgets(line, sizeof(line), f) &&
	       sscanf(line, "cpu MHz : %lf", &mhz) != 1)
		;
	if (f)
		fclose(f);
	return (unsigned int)(mhz * 1000);
}

/* umod_kapi_attach's: before any module code runs. */
void kapi_cpu_setup(void)
{
	struct cpuinfo_x86 *c = &boot_cpu_data;
	u64 os = 0;

	cpu_khz = cpuinfo_khz();
	identify(c);
	os = os_xfeatures();
	for (size_t i = 0; i < sizeof(xstate_deps) / sizeof(xstate_deps[0]); i++)
		if ((os & (xstate_deps[i].states | XFEATURE_MASK_SSE)) !=
		    (xstate_deps[i].states | XFEATURE_MASK_SSE))
			clear_cap(c, xstate_deps[i].feature);
}

/* arch/x86/kernel/cpu/match.c's, over boot_cpu_data. */
struct x86_cpu_id {
	u16 vendor, family, model, steppings, feature, flags;
	unsigned long driver_data;
};

#define X86_VENDOR_ANY		0xffff
#define X86_FAMILY_ANY		0
#define X86_MODEL_ANY		0
#define X86_STEPPING_ANY	0
#define X86_FEATURE_ANY		0

const struct x86_cpu_id *x86_match_cpu(const struct x86_cpu_id *match)
{
	const struct cpuinfo_x86 *c = &boot_cpu_data;

	for (const struct x86_cpu_id *m = match;
	     m->vendor | m->family | m->model | m->feature; m++) {
		if (m->vendor != X86_VENDOR_ANY && c->x86_vendor != m->vendor)
			continue;
		if (m->family != X86_FAMILY_ANY && c->x86 != m->family)
			continue;
		if (m->model != X86_MODEL_ANY && c->x86_model != m->model)
			continue;
		if (m->steppings != X86_STEPPING_ANY &&
		    !(1u << c->x86_stepping & m->steppings))
			continue;
		if (m->feature != X86_FEATURE_ANY && !has_cap(c, m->feature))
			continue;
		return m;
	}
	return NULL;
}
EXPORT_SYMBOL(x86_match_cpu);

/* arch/x86/kernel/fpu/xstate.c's names, by XCR0 bit. */
static const char *const xfeature_names[] = {
	"x87 floating point registers",
	"SSE registers",
	"AVX registers",
	"MPX bounds registers",
	"MPX CSR",
	"AVX-512 opmask",
	"AVX-512 Hi256",
	"AVX-512 ZMM_Hi256",
	"Processor Trace (unused)",
	"Protection Keys User registers",
	"PASID state",
	"unknown xstate feature",
	"unknown xstate feature",
	"unknown xstate feature",
	"unknown xstate feature",
	"unknown xstate feature",
	"unknown xstate feature",
	"AMX Tile config",
	"AMX Tile data",
	"unknown xstate feature",
};

/* Whether XSAVE manages every state in needed; *name, if asked, the
 * highest missing one's (or the highest needed's). */
int cpu_has_xfeatures(u64 needed, const char **name)
{
	u64 missing = needed & ~os_xfeatures();

	if (name) {
		u64 shown = missing ?: needed;
		size_t i = shown ? 63 - __builtin_clzll(shown) : 0, max =
			sizeof(xfeature_names) / sizeof(xfeature_names[0]) - 1;

		*name = xfeature_names[i < max ? i : max];
	}
	return !missing;
}
EXPORT_SYMBOL(cpu_has_xfeatures);
#else
void kapi_cpu_setup(void)
{
}
#endif
