/* SPDX-License-Identifier: MIT */
/*
 * hostconn.h - the tools' side of the control channel to a running host.
 *
 * One connection per tool run.  Every call returns 0 or a negative errno;
 * where the host explains a failure (the loader's precise reason, such as
 * "hello: Unknown symbol foo_bar"), it is copied to msg.  The wire format
 * is in docs/protocol.md; src/ctl/ is the host side.
 */
#ifndef UMOD_HOSTCONN_H
#define UMOD_HOSTCONN_H

#include <stddef.h>
#include <stdint.h>

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

#endif /* UMOD_HOSTCONN_H */
