/* SPDX-License-Identifier: MIT */
/*
 * umod-tools.h - the user half's library (libtools/, build/libumod-tools.a):
 * what umod's tools share, as libkmod is to kmod's.  Internal: bench/ and
 * fuzz/ use it too, nothing installs it.  Over shared/'s wire codec
 * (proto.h) and ELF reader (elf.h), never libumod's internals.
 *
 * One section per part of the library, named by its file.  shared/'s
 * clock.h is included where a tool needs the time.
 */
#ifndef UMOD_TOOLS_H_LIB
#define UMOD_TOOLS_H_LIB

#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <syslog.h>

#include "elf.h"
#include "proto.h"

struct umod_conn;

/* ---- log.c: messages, as kmod's tools print them ---- */

/* "insmod: ERROR: ..." on stderr, or to syslog after tool_log_open(true).
 * Messages above the level (LOG_ERR unless set, one more for each -v)
 * are dropped; a shown LOG_CRIT one ("FATAL") ends the run, as in kmod.
 * stdout is flushed first, so that the two read in order in one file. */
void tool_log_open(bool use_syslog);
void tool_log_close(void);
void tool_log_set_level(int prio);
int tool_log_level(void);
void tool_verbose(void);
void tool_vlog(int prio, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void tool_log(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define tool_fatal(...)	tool_log(LOG_CRIT, __VA_ARGS__)
#define tool_err(...)	tool_log(LOG_ERR, __VA_ARGS__)
#define tool_warn(...)	tool_log(LOG_WARNING, __VA_ARGS__)
#define tool_info(...)	tool_log(LOG_INFO, __VA_ARGS__)
#define tool_dbg(...)	tool_log(LOG_DEBUG, __VA_ARGS__)

/* ---- toolopt.c: the command line of the tools that talk to a host ---- */

/* "umod version X", for every tool's --version. */
void tool_version(void);

/* The host named by --host, else $UMOD_HOST, else the default socket.
 * On failure prints "could not connect to umod host at PATH: reason"
 * and returns NULL. */
struct umod_conn *tool_connect(const char *host);

/* The long option every tool that talks to a host takes. */
#define TOOL_OPT_HOST	0x100
#define TOOL_HOST_OPTION { "host", required_argument, 0, TOOL_OPT_HOST }
/* For help texts whose descriptions start at column 18, as kmod's. */
#define TOOL_HOST_HELP	"\t    --host=SOCKET talk to the umod host at SOCKET\n"

/* Each such tool's options end in these, and its help in TOOL_HELP. */
#define TOOL_SHORTOPTS	"Vh"
#define TOOL_LONGOPTS					\
	{ "version", no_argument, 0, 'V' },		\
	{ "help", no_argument, 0, 'h' },		\
	TOOL_HOST_OPTION,				\
	{ NULL, 0, 0, 0 }
#define TOOL_HELP					\
	"\t-V, --version     show version\n"		\
	"\t-h, --help        show this help\n"		\
	TOOL_HOST_HELP

/* -s and -v, for a tool that logs as kmod's do: "sv" in its shortopts. */
#define TOOL_LOG_LONGOPTS				\
	{ "syslog", no_argument, 0, 's' },		\
	{ "verbose", no_argument, 0, 'v' }
#define TOOL_LOG_HELP					\
	"\t-s, --syslog      print to syslog, not stderr\n"	\
	"\t-v, --verbose     enables more messages\n"

/* A tool's command line: its own options first, then the shared ones. */
struct tool_cmdline {
	const char *usage;		/* after "Usage:\n\tNAME " */
	const char *help;		/* the option lines, for -h */
	const char *shortopts;		/* ending in TOOL_SHORTOPTS */
	const struct option *longopts;	/* ending in TOOL_LONGOPTS */
};

/* What the shared options set. */
struct tool_opts {
	const char *host;		/* --host, else NULL */
	bool use_syslog;		/* -s */
	int status;			/* the exit status, on TOOL_OPT_END */
};

#define TOOL_OPT_END	(-2)

/*
 * getopt_long over cl's options.  Handles the shared ones and returns the
 * tool's own, -1 after the last option, or TOOL_OPT_END when the run is
 * over: help or version printed, or a bad option reported by getopt.
 */
int tool_getopt(const struct tool_cmdline *cl, struct tool_opts *o,
		int argc, char *argv[]);

/*
 * ---- hostconn.c: the tools' side of the control channel to a running host.
 *
 * One connection per tool run.  Every call returns 0 or a negative errno;
 * where the host explains a failure (the loader's precise reason, such as
 * "hello: Unknown symbol foo_bar"), it is copied to msg.  The wire format
 * is in docs/protocol.md; src/ctl/ is the host side.
 */

struct umod_conn;

/* The socket: path if given, else $UMOD_HOST, else
 * $XDG_RUNTIME_DIR/umod/umodd.sock, else /run/umod/umodd.sock for root. */
const char *umod_conn_default_path(void);
int umod_conn_open(const char *path, struct umod_conn **out);
/* The same, saying why in msg when the peer is refused (-EPERM). */
int umod_conn_open_msg(const char *path, struct umod_conn **out,
		       char *msg, size_t msglen);
/* Whoever serves the socket must be root or the caller: anyone else
 * would receive the caller's modules and parameters.  -EPERM, with the
 * owner named in msg, otherwise. */
int umod_conn_check_peer(int fd, char *msg, size_t msglen);
void umod_conn_close(struct umod_conn *c);
/* Sends and receives fail with -ETIMEDOUT after seconds without progress
 * (a host that stopped reading); none by default. */
int umod_conn_set_timeout(struct umod_conn *c, unsigned int seconds);
/* The socket, to poll(2) on a channel. */
int umod_conn_fd(const struct umod_conn *c);

/*
 * The one exchange every request below is made of: a message of op with
 * flags and attrs' attributes (NULL: none), then the reply, in one or
 * more messages.  Each reply attribute other than ERRNO and MSG goes to
 * cb, in order, unless an earlier call returned non-zero (returned in
 * the end if the host succeeded); the host's reason goes to msg.  0, the
 * host's negative errno, or the transport's.
 */
typedef int umod_conn_attr_fn(const struct umod_attr_val *a, void *arg);
int umod_conn_call(struct umod_conn *c, unsigned int op, uint32_t flags,
		   const struct umod_wbuf *attrs, umod_conn_attr_fn *cb,
		   void *arg, char *msg, size_t msglen);

/*
 * A connection the host writes to unasked (UMOD_OP_KERNELD made it the
 * kerneld channel): umod_conn_send sends whole messages, built with
 * umod_msg_begin and umod_msg_end; umod_conn_next_msg reads without
 * blocking, returning 1 with the next whole message in *h and *payload
 * (valid until the next call), 0 when none has arrived whole yet,
 * -EBADMSG for a message not ours or over max bytes (the same max on
 * every call), -ECONNRESET when the host closed.
 */
int umod_conn_send(struct umod_conn *c, const struct umod_wbuf *msgs);
int umod_conn_next_msg(struct umod_conn *c, size_t max,
		       struct umod_msg_hdr *h, const unsigned char **payload);

/* finit_module: the open module file travels as an fd (SCM_RIGHTS). */
int umod_conn_init_module(struct umod_conn *c, int fd, const char *params,
			  unsigned int flags, char *msg, size_t msglen);
/* The same, told each problem the host found, in order, as it lists
 * them: every unknown symbol ("m: Unknown symbol x (err -2)"), and the
 * failure that ended the load.  A dry run (UMOD_INIT_DRY_RUN) lists
 * every problem it found. */
typedef void umod_conn_problem_fn(const char *msg, void *arg);
int umod_conn_init_module_report(struct umod_conn *c, int fd,
				 const char *params, unsigned int flags,
				 char *msg, size_t msglen,
				 umod_conn_problem_fn *problem, void *arg);
/* delete_module: flags are UMOD_UNLOAD_* from <umod/host.h>. */
int umod_conn_delete_module(struct umod_conn *c, const char *name,
			    unsigned int flags, char *msg, size_t msglen);

/* One line of /proc/modules. */
struct umod_conn_module {
	char name[64];
	uint64_t size;
	int32_t refcnt;
	char users[1024];	/* "a,b," as /proc/modules, or "-" */
	char state[16];		/* "Live", "Loading", "Unloading" */
	uint64_t addr;
	uint32_t flags;		/* UMOD_CONN_MOD_* */
};
#define UMOD_CONN_MOD_AUTOCLEAN	1u

/* The module list, in /proc/modules order (newest first); free(*mods). */
int umod_conn_list(struct umod_conn *c, struct umod_conn_module **mods,
		   size_t *n);

/* The host's release string, what `uname -r` is to Linux. */
int umod_conn_release(struct umod_conn *c, char *buf, size_t len);

/* /sys/module/<m>/parameters/<p>: read into buf, or write value. */
int umod_conn_param_get(struct umod_conn *c, const char *module,
			const char *param, char *buf, size_t len);
int umod_conn_param_set(struct umod_conn *c, const char *module,
			const char *param, const char *value,
			char *msg, size_t msglen);

/* /proc/kallsyms text ("addr type name\t[module]\n" lines), all symbols or
 * exports only; the caller frees *text. */
int umod_conn_symbols(struct umod_conn *c, int exported_only, char **text,
		      size_t *len);

/* The host's log ring as Linux's syslog(2) READ_ALL gives it, one
 * "<level>[seconds.micros] text\n" line per record; the caller frees
 * *text.  With UMOD_CONN_LOG_CLEAR the ring then starts afresh, as
 * dmesg -c. */
#define UMOD_CONN_LOG_CLEAR 1u
int umod_conn_log(struct umod_conn *c, unsigned int flags, char **text,
		  size_t *len);

/* The same, a record at a time: cb gets each as it arrives, with epoch_us
 * the wall-clock time at which usec counted from.  With
 * UMOD_CONN_LOG_FOLLOW (dmesg -w) new records keep coming until the host
 * stops (0) or cb returns non-zero (that, at once). */
#define UMOD_CONN_LOG_FOLLOW 2u
struct umod_conn_record {
	uint64_t usec, epoch_us;
	unsigned int level;
	const char *text;
};
typedef int umod_conn_record_fn(const struct umod_conn_record *rec, void *arg);
int umod_conn_log_each(struct umod_conn *c, unsigned int flags,
		       umod_conn_record_fn *cb, void *arg);

/*
 * ---- modfile.c: a module file read from disk, for modinfo and depmod.
 *
 * .ko, .ko.gz, .ko.xz and .ko.zst are told apart by their first bytes, as
 * kmod does, and decompressed in memory; the ELF image is then checked by
 * shared/elf.c.  The readers below return what kmod's libkmod returns for the
 * same file, in the same order, so the tools' output matches kmod's.
 */

struct modfile {
	const char *path;
	unsigned char *data;	/* the whole (decompressed) file */
	size_t size;
	bool mapped;		/* data is an mmap of an uncompressed file */
	bool is_elf;		/* ELF magic: still valid after a failed open */
	bool elf32, msb;	/* the file's class and byte order */
	unsigned char *image;	/* elf's bytes when the file had to be widened */
	size_t image_size;
	struct umod_elf elf;
};

/*
 * 0, or a negative errno: -ENOENT and friends from open(), -EINVAL for a
 * damaged compressed stream, -ENOEXEC for a file that is not a module
 * (the reason is then in err; mf->is_elf tells a damaged ELF file, which
 * kmod's tools report as -EINVAL, from something else).
 */
int modfile_open(struct modfile *mf, const char *path, char *err, size_t errlen);
void modfile_close(struct modfile *mf);
/* Whether the open file starts with a compressor's magic. */
bool modfile_is_compressed(int fd);

/* One "key=value" string of .modinfo.  A string without '=' is a key
 * with an empty value, as kmod reads it. */
struct modinfo_entry {
	const char *key;
	size_t keylen;
	const char *value;
	size_t valuelen;
};

/* The .modinfo strings in file order; free(*out).  Returns the count. */
int modfile_modinfo(const struct modfile *mf, struct modinfo_entry **out);

/* A symbol the module exports or needs, with its modversions CRC. */
struct modsym {
	const char *name;	/* points into the file */
	uint64_t crc;
	bool weak;		/* a weak reference: missing is no error */
};

/*
 * Exports, as libkmod finds them: the __crc_<name> symbols when the module
 * has modversions, else every string in __ksymtab_strings.  Returns the
 * count; free(*out).
 */
int modfile_exports(const struct modfile *mf, struct modsym **out);

/*
 * Dependency symbols: every named undefined symbol in symbol table order,
 * with its CRC from __versions, then the __versions entries no symbol
 * claimed (module_layout).  Returns the count; free(*out).
 */
int modfile_imports(const struct modfile *mf, struct modsym **out);

/* Module name from a path: the basename up to its first '.', with '-'
 * turned into '_'.  Returns buf, or NULL if the basename is empty. */
char *modfile_name_from_path(const char *path, char *buf, size_t len);

/*
 * modfile_widen.c: a 32-bit or big-endian file (mf->data) as an ELF64
 * little-endian image in mf->image, for modfile_open.  0 or -errno.
 */
int modfile_widen(struct modfile *mf, char *err, size_t errlen);

/* Whether name ends in one of the module extensions umod reads. */
bool modfile_has_module_ext(const char *name);

/*
 * ---- modfile_fd.c: the descriptor finit_module takes, for insmod and
 * modprobe: the file itself, which the host reads and checks, or a
 * memfd holding it decompressed.  A negative errno otherwise: -EISDIR or
 * -EINVAL for what is not a regular file, -ENOEXEC with the reason in
 * why for damaged compressed data or what it holds.
 */
int modfile_fd(const char *path, char *why, size_t whylen);

/*
 * ---- modsig.c: what modinfo shows of a module's appended signature.
 *
 * The signature is a PKCS#7 message (or, in old kernels, raw fields) put
 * after the ELF image by sign-file, followed by a struct module_signature
 * and "~Module signature appended~\n".  The fields and their spelling are
 * kmod's: signer is the issuer's common name, sig_key the certificate's
 * serial number, sig_hashalgo the digest's name.
 */

struct modsig_info {
	const char *id_type;		/* "PKCS#7", "X509" or "PGP" */
	const char *signer;
	size_t signer_len;
	const unsigned char *key_id;
	size_t key_id_len;
	const char *hash_algo;
	const unsigned char *sig;
	size_t sig_len;
	void *pkcs7;			/* private: what the fields point into */
	unsigned char *key_buf;
	char hash_buf[64];
};

/* Whether data (a whole decompressed module) carries a signature kmod
 * would show; fills info, to be released with modsig_free(). */
bool modsig_read(const unsigned char *data, size_t size, struct modsig_info *info);
void modsig_free(struct modsig_info *info);

/* "01:AB:...", twenty bytes a line, lines joined by "\n\t\t", as modinfo
 * prints keys and signatures.  The caller frees the result. */
char *modsig_hex(const unsigned char *p, size_t len);

/*
 * ---- strmap.c: a string-keyed hash map, and kmod's hash order.
 *
 * depmod writes some files in the order kmod's hash tables hand their
 * entries out: by bucket of Paul Hsieh's SuperFastHash (kmod's hash
 * function) over a power-of-two bucket count, then by strcmp within a
 * bucket.  strmap_kmod_order() sorts entries that way, so umod's depmod
 * lists modules and symbols exactly where kmod's does.
 */

struct strmap_entry {
	const char *key;	/* not copied: it must outlive the entry */
	void *value;
	struct strmap_entry *next;
};

struct strmap {
	struct strmap_entry **buckets;
	size_t nbuckets;	/* a power of two */
	size_t count;
};

void strmap_init(struct strmap *m);
/* Frees the entries, and each value with free_value unless NULL. */
void strmap_free(struct strmap *m, void (*free_value)(void *value));
void *strmap_get(const struct strmap *m, const char *key);
/* Adds or replaces; *old (if not NULL) gets the value replaced or NULL.
 * 0 or -ENOMEM. */
int strmap_set(struct strmap *m, const char *key, void *value, void **old);
/* Removes key; returns its value or NULL. */
void *strmap_del(struct strmap *m, const char *key);

/* All entries, in kmod's iteration order for a table of nbuckets (a power
 * of two); the caller frees the array.  NULL only when out of memory. */
struct strmap_entry **strmap_kmod_order(const struct strmap *m, unsigned int nbuckets);

/* kmod's hash of a string (SuperFastHash, with len as the seed). */
unsigned int strmap_kmod_hash(const char *key, unsigned int len);

/*
 * ---- modbin.c: kmod's binary index (modules.*.bin), read in place.
 *
 * depmod writes each index as a prefix trie: a 12-byte header (magic
 * 0xB007F457, version 2.1, the root's offset), then nodes, every number
 * big-endian.  A node's offset carries flags in its top bits: a prefix
 * (a NUL-terminated string), children (first and last byte, then one
 * offset per byte between them, 0 where none), values (a count, then a
 * priority and a NUL-terminated string each).  The file is mmap'd and
 * walked from the root, so a lookup costs the key's length, not the
 * index's size, as in libkmod.
 */

struct modbin {
	bool present;		/* the file exists, even if unusable */
	const unsigned char *map;
	size_t size;
	uint32_t root;
};

/* dirname/file, mapped.  0, or -errno: -ENOENT if there is no such file.
 * A file that is not an index of a version this reader knows (depmod
 * writes empty ones) is present but finds nothing, as in libkmod. */
int modbin_open(struct modbin *idx, const char *dirname, const char *file);
void modbin_close(struct modbin *idx);

/* The first value of key, exactly (no wildcards), pointing into the map;
 * NULL if none. */
const char *modbin_search(const struct modbin *idx, const char *key);

/*
 * The values of every key whose pattern (fnmatch) matches key, as libkmod's
 * index_mm_searchwild gives them: by priority, a value once per matching
 * key.  Calls cb until it returns non-zero, which is returned; else the
 * number of values.
 */
int modbin_search_wild(const struct modbin *idx, const char *key,
		       int (*cb)(const char *value, void *arg), void *arg);

/* "<prefix><key> <value>\n" for every value, keys in byte order, as
 * index_mm_dump. */
void modbin_dump(const struct modbin *idx, const char *prefix, FILE *out);

/*
 * ---- modindex.c: the module directory and the text indexes depmod writes.
 *
 * <basedir>/lib/modules/<release>/ holds the modules and depmod's files:
 * modules.dep ("path: dep dep ..."), modules.alias and modules.symbols
 * ("alias <pattern> <module>"), and the kernel build's modules.builtin and
 * modules.builtin.modinfo.  modinfo and modprobe read them through this
 * interface; lookups give kmod's answers for the same files.  As libkmod,
 * a lookup reads the binary index (modules.dep.bin and the like, through
 * modbin.c) in place; the text file is read whole only where its .bin is
 * missing.
 */

/*
 * <basedir>/lib/modules/<release> into buf, absolute: basedir NULL means "/",
 * release NULL means the running kernel's (uname -r).  0 or -errno.
 */
int modindex_dirname(char *buf, size_t len, const char *basedir,
		     const char *release);

/* A file of the module directory, read whole and NUL-terminated; the
 * caller frees *text.  0 or -errno. */
int modindex_read(const char *dirname, const char *file, char **text,
		  size_t *len);

/* path from the working directory unless absolute, not otherwise
 * normalized (kmod's "filename:" is "/cwd/./x.ko"); malloc'd. */
char *modindex_absolute(const char *path);

/* A path from an index, relative to dirname unless absolute; malloc'd. */
char *modindex_path(const char *dirname, const char *path);

/*
 * Names as kmod compares them.  modname: up to the first '.', '-' as '_'.
 * alias: '-' as '_' outside [...] ranges; -EINVAL if a bracket is
 * unmatched.  Both write at most len bytes, NUL included.
 */
char *modindex_modname(const char *name, char *buf, size_t len);
int modindex_alias(const char *alias, char *buf, size_t len);

/* ---- modules.dep ---- */

struct moddep_entry {
	const char *name;	/* the module's name, normalized */
	const char *path;	/* as written: relative to the module directory */
	const char **deps;	/* the paths of all it needs, load order last first */
	size_t ndeps;
};

struct moddep {
	struct modbin bin;		/* modules.dep.bin, or no map */
	struct strmap found;		/* name: its line looked up so far */
	/* modules.dep, without the .bin: */
	struct moddep_entry *entries;	/* file order */
	size_t n;
	struct moddep_entry **by_name;
	char *text;
	const char **paths;
};

/* 0, or -errno (-ENOENT when the directory has neither modules.dep.bin
 * nor modules.dep). */
int moddep_load(struct moddep *dep, const char *dirname);
/* By module name (normalize it first); the first line wins, as in kmod. */
const struct moddep_entry *moddep_find(struct moddep *dep, const char *name);
void moddep_free(struct moddep *dep);

/* ---- modules.alias, modules.symbols ---- */

struct modalias {
	const char *pattern;	/* normalized for modules.alias */
	const char *module;
};

struct modalias_list {
	struct modbin bin;	/* <file>.bin, or no map */
	/* the text file, without the .bin: */
	struct modalias *v;	/* file order */
	size_t n;
	char *text;
};

/* file is "modules.alias" or "modules.symbols" (its .bin is read if
 * there).  0 or -errno. */
int modalias_load(struct modalias_list *l, const char *dirname, const char *file);
/*
 * The modules whose patterns match name (fnmatch), as kmod lists them: in
 * depmod's module order, a module once for each of its patterns that
 * matches; name is normalized already.  Calls cb until it returns
 * non-zero, which is returned; else the number of modules found.
 */
int modalias_lookup(const struct modalias_list *l, const char *name,
		    int (*cb)(const char *module, void *arg), void *arg);
/* "alias <pattern> <module>" lines, patterns in byte order (modprobe -c). */
void modalias_dump(const struct modalias_list *l, FILE *out);
void modalias_free(struct modalias_list *l);

/* ---- modules.builtin, modules.builtin.modinfo ---- */

struct modbuiltin {
	char *dirname;
	struct modbin bin;	/* modules.builtin.bin, or no map */
	struct modbin alias;	/* modules.builtin.alias.bin, or no map */
	char *list;		/* modules.builtin, without its .bin */
	size_t list_len;
	char *info;		/* modules.builtin.modinfo: "mod.key=value\0"... */
	size_t info_len;
	bool info_read, have_info;	/* read when first asked for */
};

/* Opens what exists of the files; 0 or -errno (not -ENOENT). */
int modbuiltin_load(struct modbuiltin *b, const char *dirname);
bool modbuiltin_has(const struct modbuiltin *b, const char *name);
/*
 * Calls cb(key, keylen, value, arg) for each modinfo entry of a built-in
 * module, in file order, until cb returns non-zero (returned).  Returns
 * -ENOENT without modules.builtin.modinfo, -ENOSYS if name has no entry.
 */
int modbuiltin_modinfo(struct modbuiltin *b, const char *name,
		       int (*cb)(const char *key, size_t keylen,
				 const char *value, void *arg),
		       void *arg);
/* Built-in modules with an alias matching name, from
 * modules.builtin.alias.bin, else the "alias=" entries of
 * modules.builtin.modinfo; as modalias_lookup. */
int modbuiltin_alias_lookup(struct modbuiltin *b, const char *name,
			    int (*cb)(const char *module, void *arg), void *arg);
void modbuiltin_free(struct modbuiltin *b);

/*
 * ---- modconf.c: modprobe.d(5): the configuration modprobe applies.
 *
 * Files are read as kmod reads them: every *.conf in the search
 * directories, one file per name (the first directory holding a name
 * wins), all of them in name order, modules.softdep and modules.weakdep
 * of the module directory among them; then the module options and modprobe.blacklist=
 * on the kernel command line.  Entries keep file order, which decides
 * which of several matches applies.
 */

/* One alias, options, install, remove or blacklist line. */
struct modconf_entry {
	char *name;	/* module name, or the alias's glob pattern */
	char *value;	/* module, options or command; NULL for blacklist */
};

struct modconf_list {
	struct modconf_entry *v;
	size_t n, cap;
};

struct modconf_softdep {
	char *name;	/* module name or glob pattern */
	char **pre, **post;
	size_t npre, npost;
};

/* kmod 34's weakdep: modules the kernel may ask for while name probes,
 * for initramfs builders; modprobe loads none of them. */
struct modconf_weakdep {
	char *name;
	char **weak;
	size_t nweak;
};

typedef void modconf_log_fn(const char *fmt, ...)
	__attribute__((__format__(__printf__, 1, 2)));

struct modconf {
	struct modconf_list blacklist, install, remove, alias, options;
	struct modconf_softdep *softdep;
	size_t nsoftdep, capsoftdep;
	struct modconf_weakdep *weakdep;
	size_t nweakdep, capweakdep;
	modconf_log_fn *error;	/* bad lines and unreadable files; may be NULL */
};

/* kmod's search path, highest priority first. */
extern const char *const modconf_default_paths[];

/*
 * Read the configuration: paths (files or directories; NULL for the
 * defaults), moddir's modules.softdep and modules.weakdep, and cmdline (the kernel command
 * line's text; NULL to read /proc/cmdline, "" for none).  0 or -ENOMEM.
 */
int modconf_load(struct modconf *conf, const char *moddir,
		 const char *const *paths, const char *cmdline);
void modconf_release(struct modconf *conf);

/* One file's lines, reported as name in messages. */
int modconf_parse_file(struct modconf *conf, FILE *f, const char *name);
/* "mod.param=value" and "modprobe.blacklist=a,b" words of a command line. */
int modconf_parse_cmdline(struct modconf *conf, const char *cmdline);

/* The first install or remove command whose pattern matches, or NULL. */
const char *modconf_install(const struct modconf *conf, const char *modname);
const char *modconf_remove(const struct modconf *conf, const char *modname);
/* The first softdep whose pattern matches, or NULL. */
const struct modconf_softdep *modconf_softdep(const struct modconf *conf,
					      const char *modname);
bool modconf_blacklisted(const struct modconf *conf, const char *modname);
/* Every options line for modname or alias, joined by spaces; NULL if none
 * (or out of memory: errno says which).  The caller frees it. */
char *modconf_options(const struct modconf *conf, const char *modname,
		      const char *alias);

/* The configuration as `modprobe -c` prints it. */
void modconf_show(const struct modconf *conf, FILE *out);

/*
 * ---- depmod_*.c: the state depmod's steps share: configuration, modules,
 * symbols.  depmod.c finds and links the modules, depmod_conf.c reads
 * depmod.d, depmod_cycles.c reports cycles, depmod_out.c writes the
 * index files.
 */

/* ---- depmod.d ---- */

enum depmod_search_type { SEARCH_PATH, SEARCH_BUILTIN, SEARCH_EXTERNAL };

/* A "search", "override", "external" or "exclude" line: newest first. */
struct depmod_dir {
	struct depmod_dir *next;
	enum depmod_search_type type;	/* for searches */
	size_t len;
	char path[];
};

struct depmod_cfg {
	const char *kversion;
	char dirname[PATH_MAX];		/* <basedir>/<moduledir>/<kversion> */
	size_t dirnamelen;
	char outdirname[PATH_MAX];	/* the same under -o's root */
	char sym_prefix;		/* -P */
	bool check_symvers;		/* -E */
	bool print_unknown;		/* -e */
	bool warn_dups;			/* -w */
	struct depmod_dir *searches, *overrides, *externals, *excludes;
};

/* Reads the files or directories in paths (NULL: the default depmod.d
 * directories), in kmod's order; adds "updates" when none says search. */
int depmod_conf_load(struct depmod_cfg *cfg, const char *const *paths);
void depmod_conf_free(struct depmod_cfg *cfg);

/* ---- modules and symbols ---- */

struct depmod_mod {
	char *path;		/* absolute */
	const char *relpath;	/* in path, relative to dirname; or NULL */
	char *uncrelpath;	/* relpath ending in .ko: its modules.order key */
	size_t baselen;		/* path up to (not including) the last '/' */
	size_t modnamesz;	/* strlen(modname) + 1 */
	int sort_idx;		/* place in modules.order */
	int dep_sort_idx;	/* place in the topological order */
	unsigned int idx;	/* place in depmod's module array */
	unsigned int users;	/* how many modules depend on this one */
	bool visited;		/* cycle report */
	struct modinfo_entry *info;
	size_t ninfo;
	struct modsym *imports;
	size_t nimports;
	char *strings;		/* the bytes info and imports point into */
	struct depmod_mod **deps;	/* the modules it needs directly */
	size_t ndeps, capdeps;
	char modname[];
};

struct depmod_sym {
	struct depmod_mod *owner;	/* NULL: the kernel's (from -E or -F) */
	uint64_t crc;
	char name[];
};

struct depmod {
	struct depmod_cfg *cfg;
	struct depmod_mod **modules;
	size_t nmodules;
	struct strmap modules_by_name;
	struct strmap modules_by_uncrelpath;
	struct strmap symbols;
};

/* depmod_cycles.c: "Cycle detected: ..." for the modules whose users[]
 * the topological sort could not bring to 0. */
void depmod_report_cycles(struct depmod *d, const unsigned int *users);

/* Writes every index into cfg->outdirname, made if missing, or all to out
 * (-n).  0 or -errno. */
int depmod_output(struct depmod *d, FILE *out);

#endif /* UMOD_TOOLS_H_LIB */
