// SPDX-License-Identifier: MIT
/*
 * umodd.c - the reference host: a process that is a small kernel for
 * modules.  It exports the kernel API of libumod-kapi.a (kapi/; printk
 * and the sprintf family come with libumod), listens on the control
 * socket for insmod, rmmod, lsmod and the rest, and keeps a log ring for
 * dmesg.  SIGTERM or SIGINT
 * stops it cleanly: requests in flight finish, modules are unloaded
 * dependents first, the socket is removed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <umod/linux.h>
#include <umod/kapi.h>
#include <umod/sysfs.h>
#if ENABLE_OPENSSL
#include <umod/sig.h>
#endif

#include "clock.h"
#include "umodd.h"

#define CONSOLE_LOGLEVEL 7	/* levels below it reach the console */

struct options {
	const char *socket;
	const char *release;
	unsigned int *allow;
	size_t num_allow;
	bool daemon;
	int console;		/* 0: by mode, 1: stderr, 2: syslog */
	unsigned int socket_mode;
	unsigned int timeout_ms;
	const char *modprobe;	/* request_module's helper; NULL: ours */
	const char *basedir;	/* its module tree's root, modprobe -d */
	const char *pidfile;
	unsigned int stop_timeout;	/* s; 0: the default */
	const char *keyring;	/* a directory of X.509 certificates */
	const char *vermagic;
	bool sig_enforce;
	const char *fs;		/* --fs: where /proc, /sys go */
	const char *btf;	/* the modules' kernel's BTF: task layout */
};

#define STOP_TIMEOUT_S	10

/* ---- The log: the ring while the control channel runs, and the console ---- */

static pthread_rwlock_t log_lock = PTHREAD_RWLOCK_INITIALIZER;
static struct umod_ctl *log_ctl;
static bool console_syslog;
static uint64_t boot_ns;

static void console(int level, const char *msg, void *arg)
{
	long long ns;

	if (console_syslog) {
		syslog(level, "%s", msg);
		return;
	}
	if (level >= CONSOLE_LOGLEVEL)
		return;
	ns = umod_now_ns() - boot_ns;
	fprintf(stderr, "[%5lld.%06lld] %s\n", ns / 1000000000,
		ns / 1000 % 1000000, msg);
}

void umodd_log(int level, const char *msg)
{
	pthread_rwlock_rdlock(&log_lock);
	if (log_ctl)
		umod_ctl_log(log_ctl, level, msg);	/* and the console */
	else
		console(level, msg, NULL);
	pthread_rwlock_unlock(&log_lock);
}

static void set_log_ctl(struct umod_ctl *ctl)
{
	pthread_rwlock_wrlock(&log_lock);
	log_ctl = ctl;
	pthread_rwlock_unlock(&log_lock);
}

/* Module printk: libumod formats it as Linux does, the log keeps it. */
static void printk_to_log(int level, const char *msg, void *arg)
{
	umodd_log(level, msg);
}

/* Modules' uevents, where udev's netlink socket gets them on Linux: a
 * line each, "uevent: ACTION@DEVPATH" and the keys. */
static void uevent_to_log(const char *action, const char *devpath,
			  char *const *envp, int n, void *arg)
{
	char line[2560];
	size_t len;

	(void)arg;
	len = snprintf(line, sizeof(line), "uevent: %s@%s", action, devpath);
	for (int i = 0; i < n && len < sizeof(line); i++)
		len += snprintf(line + len, sizeof(line) - len, " %s", envp[i]);
	umodd_log(LOG_INFO, line);
}

static void info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void info(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	umodd_log(LOG_INFO, buf);
}

/* ---- Demand loading ---- */

/*
 * request_module runs umod's modprobe, which knows --host, not the
 * system's.  Run from its build directory, umodd runs the build's, beside
 * it; installed, the one in umod's own directory: UMODD_MODPROBE, compiled
 * in from PREFIX as Linux's CONFIG_MODPROBE_PATH.
 */
#ifndef UMODD_MODPROBE
#define UMODD_MODPROBE	"/usr/local/lib/umod/bin/modprobe"
#define UMODD_BUILD_DIR	""
#endif

static const char *default_modprobe(void)
{
	static char path[PATH_MAX];
	char build[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 16);
	char *slash;

	if (n <= 0 || !*UMODD_BUILD_DIR || !realpath(UMODD_BUILD_DIR, build))
		return UMODD_MODPROBE;
	path[n] = '\0';
	slash = strrchr(path, '/');
	if (!slash || slash - path != (ptrdiff_t)strlen(build) ||
	    strncmp(path, build, slash - path))
		return UMODD_MODPROBE;
	strcpy(slash + 1, "modprobe");
	return path;
}

/* Set before the socket exists: its first client may request a module. */
static const char *set_modprobe(struct umod_ctx *ctx, const char *path,
				const char *basedir)
{
	const char *args[] = { "-d", basedir, NULL };
	struct umod_request_config cfg = { .size = sizeof(cfg),
					   .mode = UMOD_REQUEST_AUTO,
					   .modprobe_args = basedir ? args : NULL };

	cfg.modprobe = path ? path : default_modprobe();
	if (umod_set_request_config(ctx, &cfg)) {
		fprintf(stderr, "umodd: cannot set the modprobe helper: %s\n", umod_errmsg());
		return NULL;
	}
	return cfg.modprobe;
}

/* Said once the log has its ring, not only when a module's request fails. */
static void report_modprobe(const char *modprobe)
{
	char msg[PATH_MAX + 64];

	info("umodd: request_module runs %s", modprobe);
	if (*modprobe && access(modprobe, X_OK) < 0) {
		snprintf(msg, sizeof(msg), "umodd: %s: %s: request_module will fail",
			 modprobe, strerror(errno));
		umodd_log(LOG_WARNING, msg);
	}
}

/* ---- Options ---- */

static void help(void)
{
	printf("Usage:\n"
	       "\tumodd [options]\n"
	       "Options:\n"
	       "\t-S, --socket=PATH       listen on PATH (default: $UMOD_HOST, else\n"
	       "\t                        $XDG_RUNTIME_DIR/umod/umodd.sock, or\n"
	       "\t                        /run/umod/umodd.sock for root)\n"
	       "\t-r, --release=STRING    the release modules are installed under\n"
	       "\t                        (default: %s)\n"
	       "\t-f, --foreground        stay in the foreground (the default)\n"
	       "\t-d, --daemon            detach once the socket is ready\n"
	       "\t-u, --allow-uid=USER    admit USER (a name or uid) besides root\n"
	       "\t                        and our own uid; may be repeated\n"
	       "\t    --log-stderr        log to stderr (default in the foreground)\n"
	       "\t    --syslog            log to syslog (default with --daemon)\n"
	       "\t    --socket-mode=MODE  socket permissions (default: 0600)\n"
	       "\t    --client-timeout=MS drop a client whose message stalls\n"
	       "\t                        this long (default: 10000)\n"
	       "\t-m, --modprobe=PATH     what request_module runs without kerneld\n"
	       "\t                        (default: %s)\n"
	       "\t-b, --basedir=DIR       modules for it are in DIR/lib/modules\n"
	       "\t    --pidfile=FILE      write our pid to FILE once the socket is ready\n"
	       "\t    --fs=DIR            serve /proc and /sys of the host at DIR (FUSE)\n"
	       "\t    --firmware=DIR      request_firmware looks in DIR first, then\n"
	       "\t                        /lib/firmware/updates and /lib/firmware\n"
	       "\t    --keyring=DIR       verify module signatures against the\n"
	       "\t                        X.509 certificates in DIR (DER or PEM)\n"
	       "\t    --sig-enforce       refuse modules without a valid signature\n"
	       "\t    --vermagic=STRING   the vermagic modules must carry\n"
	       "\t                        (default: %s)\n"
	       "\t    --btf=FILE          lay out current's task_struct as the BTF\n"
	       "\t                        in FILE says (a vmlinux, or raw BTF;\n"
	       "\t                        default: /sys/kernel/btf/vmlinux when\n"
	       "\t                        the release is the running kernel's)\n"
	       "\t    --stop-timeout=S    on SIGTERM, give requests in flight S\n"
	       "\t                        seconds, then exit regardless (default: %d)\n"
	       "\t-V, --version           show version\n"
	       "\t-h, --help              show this help\n",
	       UMOD_RELEASE_DEFAULT, default_modprobe(), UMOD_VERMAGIC,
	       STOP_TIMEOUT_S);
}

static int parse_uid(const char *s, unsigned int *uid)
{
	struct passwd *pw;
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (*s && !*end && !errno && v < UINT_MAX) {
		*uid = v;
		return 0;
	}
	pw = getpwnam(s);
	if (!pw)
		return -ENOENT;
	*uid = pw->pw_uid;
	return 0;
}

static int parse_uint(const char *s, int base, unsigned int max,
		      unsigned int *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, base);
	if (!*s || *end || errno || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

/* What the build may lack (umodd/umodd.mk's WITH_FUSE, WITH_OPENSSL):
 * the option that needs it is refused before anything starts. */
static int check_built_in(const struct options *o)
{
	if (o->fs && !ENABLE_FUSE) {
		fprintf(stderr, "umodd: --fs: not built with FUSE support\n");
		return -1;
	}
	if (o->keyring && !ENABLE_OPENSSL) {
		fprintf(stderr, "umodd: --keyring: not built with OpenSSL support\n");
		return -1;
	}
	return 0;
}

enum { OPT_LOG_STDERR = 0x100, OPT_SYSLOG, OPT_SOCKET_MODE, OPT_TIMEOUT,
       OPT_PIDFILE, OPT_STOP_TIMEOUT, OPT_KEYRING, OPT_SIG_ENFORCE,
       OPT_VERMAGIC, OPT_FS, OPT_BTF, OPT_FIRMWARE };

/* 0 to run, 1 to exit successfully (--help), -1 on a bad option. */
static int parse_options(int argc, char *argv[], struct options *o)
{
	static const struct option opts[] = {
		{ "socket", required_argument, 0, 'S' },
		{ "release", required_argument, 0, 'r' },
		{ "foreground", no_argument, 0, 'f' },
		{ "daemon", no_argument, 0, 'd' },
		{ "allow-uid", required_argument, 0, 'u' },
		{ "log-stderr", no_argument, 0, OPT_LOG_STDERR },
		{ "syslog", no_argument, 0, OPT_SYSLOG },
		{ "socket-mode", required_argument, 0, OPT_SOCKET_MODE },
		{ "client-timeout", required_argument, 0, OPT_TIMEOUT },
		{ "stop-timeout", required_argument, 0, OPT_STOP_TIMEOUT },
		{ "keyring", required_argument, 0, OPT_KEYRING },
		{ "sig-enforce", no_argument, 0, OPT_SIG_ENFORCE },
		{ "vermagic", required_argument, 0, OPT_VERMAGIC },
		{ "btf", required_argument, 0, OPT_BTF },
		{ "modprobe", required_argument, 0, 'm' },
		{ "basedir", required_argument, 0, 'b' },
		{ "pidfile", required_argument, 0, OPT_PIDFILE },
		{ "fs", required_argument, 0, OPT_FS },
		{ "firmware", required_argument, 0, OPT_FIRMWARE },
		{ "version", no_argument, 0, 'V' },
		{ "help", no_argument, 0, 'h' },
		{ NULL, 0, 0, 0 },
	};
	unsigned int *allow;
	int c;

	while ((c = getopt_long(argc, argv, "S:r:fdu:m:b:Vh", opts, NULL)) != -1) {
		switch (c) {
		case 'S':
			o->socket = optarg;
			break;
		case 'r':
			o->release = optarg;
			break;
		case 'm':
			o->modprobe = optarg;
			break;
		case 'b':
			o->basedir = optarg;
			break;
		case OPT_PIDFILE:
			o->pidfile = optarg;
			break;
		case OPT_FS:
			o->fs = optarg;
			break;
		case OPT_FIRMWARE:
			umod_kapi_firmware_path(optarg);
			break;
		case 'f':
			o->daemon = false;
			break;
		case 'd':
			o->daemon = true;
			break;
		case 'u':
			allow = realloc(o->allow, (o->num_allow + 1) * sizeof(*allow));
			if (!allow)
				return -1;
			o->allow = allow;
			if (parse_uid(optarg, &o->allow[o->num_allow]) < 0) {
				fprintf(stderr, "umodd: no such user: %s\n", optarg);
				return -1;
			}
			o->num_allow++;
			break;
		case OPT_LOG_STDERR:
			o->console = 1;
			break;
		case OPT_SYSLOG:
			o->console = 2;
			break;
		case OPT_SOCKET_MODE:
			if (parse_uint(optarg, 8, 0777, &o->socket_mode) < 0 ||
			    !o->socket_mode) {
				fprintf(stderr, "umodd: bad socket mode: %s\n", optarg);
				return -1;
			}
			break;
		case OPT_TIMEOUT:
			if (parse_uint(optarg, 10, INT_MAX, &o->timeout_ms) < 0 ||
			    !o->timeout_ms) {
				fprintf(stderr, "umodd: bad timeout: %s\n", optarg);
				return -1;
			}
			break;
		case OPT_STOP_TIMEOUT:
			if (parse_uint(optarg, 10, 86400, &o->stop_timeout) < 0 ||
			    !o->stop_timeout) {
				fprintf(stderr, "umodd: bad stop timeout: %s\n", optarg);
				return -1;
			}
			break;
		case OPT_KEYRING:
			o->keyring = optarg;
			break;
		case OPT_SIG_ENFORCE:
			o->sig_enforce = true;
			break;
		case OPT_VERMAGIC:
			o->vermagic = optarg;
			break;
		case OPT_BTF:
			o->btf = optarg;
			break;
		case 'V':
			/* The libraries built in, as kmod's second line. */
			printf("umodd version %s\n%cFUSE %cLIBCRYPTO\n",
			       UMOD_VERSION, ENABLE_FUSE ? '+' : '-',
			       ENABLE_OPENSSL ? '+' : '-');
			return 1;
		case 'h':
			help();
			return 1;
		default:
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "umodd: unexpected argument: %s\n", argv[optind]);
		return -1;
	}
	if (!o->socket && getenv("UMOD_HOST") && *getenv("UMOD_HOST"))
		o->socket = getenv("UMOD_HOST");
	return check_built_in(o);
}

/* A daemon leaves its working directory: the socket's and pid file's
 * paths must not depend on it.  Returns a path to free, or NULL for none. */
static char *absolute_path(const char *path)
{
	char cwd[PATH_MAX];
	char *abs;

	if (!path)
		return NULL;
	if (path[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		return strdup(path);
	if (asprintf(&abs, "%s/%s", cwd, path) < 0)
		return NULL;
	return abs;
}

/* ---- Daemon ---- */

/* The parent waits until the child is ready, so `umodd -d && insmod`
 * works; it exits with the child's startup status.  Returns the fd the
 * child reports readiness on. */
static int daemonize(int keep_fd)
{
	int p[2];
	pid_t pid;
	char ok;

	/* Whatever our starter left open (its pipes, say) is not ours to
	 * hold for the daemon's life; a socket passed us (3) is. */
	close_range(keep_fd > 0 ? keep_fd + 1 : 3, ~0u, 0);
	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid > 0) {
		close(p[1]);
		exit(read(p[0], &ok, 1) == 1 ? EXIT_SUCCESS : EXIT_FAILURE);
	}
	close(p[0]);
	setsid();
	return p[1];
}

static void detach(int ready_fd)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (chdir("/") < 0) {
		/* "/" is always there; nothing depends on the cwd anyway */
	}
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		if (console_syslog)	/* else --log-stderr keeps it */
			dup2(null, STDERR_FILENO);
		close(null);
	}
	if (write(ready_fd, "", 1) < 0) {
		/* the parent went away: nobody to tell */
	}
	close(ready_fd);
}

/* ---- Main ---- */

/* Written once the socket listens, so whoever waits for it (systemd's
 * PIDFile=, a script) finds the host serving. */
static int write_pidfile(const char *path)
{
	FILE *f = fopen(path, "we");

	if (f) {
		fprintf(f, "%d\n", (int)getpid());
		if (fclose(f) == 0)
			return 0;
		unlink(path);
	}
	fprintf(stderr, "umodd: cannot write %s: %s\n", path, strerror(errno));
	return -1;
}

static int wait_for_stop(void)
{
	sigset_t set;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	for (;;) {
		sig = sigwaitinfo(&set, NULL);
		if (sig == SIGTERM || sig == SIGINT)
			return sig;
		/* SIGHUP: nothing to reload */
	}
}

/* ---- Stopping ---- */

struct stopper {
	struct umod_ctx *ctx;
	struct umod_ctl *ctl;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool done;
};

static void *stopper_main(void *arg)
{
	struct stopper *st = arg;

	umod_ctl_stop(st->ctl);	/* requests in flight finish */
	umod_ctx_free(st->ctx);	/* modules go, users before what they use */
	pthread_mutex_lock(&st->lock);
	st->done = true;
	pthread_cond_signal(&st->cond);
	pthread_mutex_unlock(&st->lock);
	return NULL;
}

static int name_stuck(struct module *mod, void *arg)
{
	struct umod_module_info mi;
	char buf[128];

	umod_module_info(mod, &mi);
	if (mi.state != MODULE_STATE_COMING)
		return 0;
	snprintf(buf, sizeof(buf), "umodd: %s is still in its init", mi.name);
	umodd_log(LOG_ERR, buf);
	return 0;
}

/*
 * Stop in a thread and wait for it at most timeout seconds: an init that
 * never returns would hold the request, and so the stop, forever.  Past
 * the timeout the process exits as it stands (the socket is already
 * gone): the stuck init's thread dies with it, and no module's exit
 * runs, as no module can be removed while one is still coming (Linux's
 * delete_module refuses such a module with EBUSY, too).
 */
static int stop_host(struct umod_ctx *ctx, struct umod_ctl *ctl,
		     unsigned int timeout)
{
	struct stopper st = { .ctx = ctx, .ctl = ctl,
			      .lock = PTHREAD_MUTEX_INITIALIZER };
	int64_t until;
	pthread_t t;
	int err = 0;

	umod_cond_init(&st.cond);
	if (pthread_create(&t, NULL, stopper_main, &st)) {
		stopper_main(&st);	/* unbounded, but still orderly */
		return EXIT_SUCCESS;
	}
	until = umod_now_ms() + timeout * 1000LL;
	pthread_mutex_lock(&st.lock);
	while (!st.done && err != ETIMEDOUT)
		err = umod_cond_wait_until(&st.cond, &st.lock, until);
	pthread_mutex_unlock(&st.lock);
	if (st.done) {
		pthread_join(t, NULL);
		return EXIT_SUCCESS;
	}
	umodd_log(LOG_ERR, "umodd: requests still running after the stop "
		  "timeout; exiting without unloading modules");
	umod_for_each_module(ctx, name_stuck, NULL);
	if (console_syslog)
		closelog();
	_exit(EXIT_FAILURE);
}

#if ENABLE_OPENSSL
/* The keyring lives as long as the process: modules are verified until
 * the last request. */
static int use_keyring(struct umod_ctx *ctx, const char *dir)
{
	static struct umod_keyring *kr;
	char msg[512] = "";
	int err;

	err = umod_keyring_new(&kr);
	if (!err)
		err = umod_keyring_add_dir(kr, dir, msg, sizeof(msg));
	if (err) {
		fprintf(stderr, "umodd: cannot read the keyring: %s\n",
			*msg ? msg : strerror(-err));
		umod_keyring_free(kr);
		return -1;
	}
	umod_sig_use_keyring(ctx, kr);
	info("umodd: %zu certificates in the keyring %s",
	     umod_keyring_count(kr), dir);
	return 0;
}
#else
/*
 * Without OpenSSL no PKCS#7 can be checked: every signature is of
 * unsupported crypto, as in a kernel that lacks the signature's hash or
 * key algorithm (pkcs7_digest's ENOPKG).  Enforcing, a signed module is
 * then refused as an unsigned one is, never taken unchecked; without
 * enforcement it loads and taints, as without --keyring.
 */
static int unsupported_crypto(const void *data, size_t len, const void *sig,
			      size_t sig_len, void *arg)
{
	return -ENOPKG;
}

static int use_no_crypto(struct umod_ctx *ctx)
{
	umod_set_sig_verifier(ctx, unsupported_crypto, NULL);
	umodd_log(LOG_WARNING, "umodd: --sig-enforce: not built with OpenSSL "
		  "support: no signature can be verified, every module is "
		  "refused");
	return 0;
}
#endif

static int set_trust(struct umod_ctx *ctx, const struct options *o)
{
	if (o->vermagic && umod_set_vermagic(ctx, o->vermagic) < 0) {
		fprintf(stderr, "umodd: %s\n", umod_errmsg());
		return -1;
	}
	umod_set_sig_enforce(ctx, o->sig_enforce);
#if ENABLE_OPENSSL
	return o->keyring ? use_keyring(ctx, o->keyring) : 0;
#else
	return o->sig_enforce ? use_no_crypto(ctx) : 0;
#endif
}

#define RUNNING_BTF	"/sys/kernel/btf/vmlinux"

/* Modules built for the running kernel read current's fields where its
 * BTF says; for another kernel's, only --btf can say. */
static int task_layout(const struct options *o)
{
	const char *release = o->release ? o->release : UMOD_RELEASE_DEFAULT;
	struct utsname u;
	int err;

	if (!o->btf && (uname(&u) || strcmp(u.release, release) ||
			access(RUNNING_BTF, R_OK)))
		return 0;
	err = umod_kapi_task_layout(o->btf ? o->btf : RUNNING_BTF);
	if (err)
		fprintf(stderr, "umodd: %s: cannot lay out tasks: %s\n",
			o->btf ? o->btf : RUNNING_BTF, strerror(-err));
	return o->btf ? err : 0;	/* the default's failure: fields read 0 */
}

/*
 * What the served tree's kernel has in a module is not built in: a
 * host export of a name some module of the tree exports (its
 * modules.symbols, depmod's) is withdrawn, so that module can load.
 * kapi stands in for one kernel's built-ins; another kernel of the
 * same release may build some of them as modules.
 */
static void withdraw_tree_exports(struct umod_ctx *ctx, const struct options *o)
{
	char path[PATH_MAX], line[512], name[256];
	unsigned int n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/lib/modules/%s/modules.symbols",
		 o->basedir ? o->basedir : "",
		 o->release ? o->release : UMOD_RELEASE_DEFAULT);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "alias symbol:%255s", name) == 1 &&
		    umod_find_symbol(ctx, name) && !umod_unexport(ctx, name)) {
			info("umodd: %s is a module's in the tree, not built in",
			     name);
			n++;
		}
	fclose(f);
	if (n)
		info("umodd: %u exports withdrawn for the tree's modules", n);
}

static struct umod_ctx *make_host(const struct options *o)
{
	struct umod_ctx *ctx;

	if (task_layout(o))
		return NULL;
	/* Before kapi's set-up, which may print: the console's level holds. */
	umod_set_printk(printk_to_log, NULL);
	ctx = umod_ctx_new();

	if (!ctx) {
		fprintf(stderr, "umodd: cannot create the host: %s\n",
			umod_errmsg()[0] ? umod_errmsg() : strerror(ENOMEM));
		return NULL;
	}
	if (umod_kapi_attach(ctx) < 0) {
		fprintf(stderr, "umodd: %s\n", umod_errmsg());
		umod_ctx_free(ctx);
		return NULL;
	}
	umod_set_log(ctx, console, NULL);
	/* After every export is in: the CRCs apply to those present. */
	umod_export_crcs(ctx, umod_host_crcs, umod_host_num_crcs);
	withdraw_tree_exports(ctx, o);
	umod_uevent_listen(uevent_to_log, NULL);
	return ctx;
}

int main(int argc, char *argv[])
{
	struct options o = { 0 };
	struct umod_ctl_config cfg;
	struct umod_ctl *ctl;
	struct umod_ctx *ctx;
	char *socket = NULL, *pidfile = NULL, *fs_dir = NULL;
	struct umodd_fs *fs = NULL;
	const char *modprobe;
	int ready_fd = -1, listen_fd, sig, err, r;
	sigset_t stop;

	boot_ns = umod_now_ns();
	r = parse_options(argc, argv, &o);
	if (r) {
		free(o.allow);
		return r > 0 ? EXIT_SUCCESS : EXIT_FAILURE;
	}
	console_syslog = o.console ? o.console == 2 : o.daemon;
	if (console_syslog)
		openlog("umodd", LOG_PID, LOG_DAEMON);
	socket = absolute_path(o.socket);
	pidfile = absolute_path(o.pidfile);
	fs_dir = absolute_path(o.fs);

	/* Every thread, modules' included, leaves these to sigwaitinfo. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	r = EXIT_FAILURE;
	listen_fd = umodd_listen_fd();
	if (listen_fd < 0)
		goto out;
	if (o.daemon && (ready_fd = daemonize(listen_fd)) < 0) {
		perror("umodd: cannot daemonize");
		goto out;
	}
	ctx = make_host(&o);
	if (!ctx)
		goto out;
	if (set_trust(ctx, &o) < 0) {
		umod_ctx_free(ctx);
		goto out;
	}
	modprobe = set_modprobe(ctx, o.modprobe, o.basedir);

	cfg = (struct umod_ctl_config){
		.size = sizeof(cfg),
		.path = socket,
		.release = o.release,
		.allow_uids = o.allow,
		.num_allow_uids = o.num_allow,
		.socket_mode = o.socket_mode,
		.timeout_ms = o.timeout_ms,
		.log = console,
		.listen_fd = listen_fd,
	};
	err = umod_ctl_start(ctx, &cfg, &ctl);
	if (err) {
		fprintf(stderr, "umodd: cannot start the control channel: %s\n",
			umod_errmsg()[0] ? umod_errmsg() : strerror(-err));
		umod_ctx_free(ctx);
		goto out;
	}
	set_log_ctl(ctl);
	if (modprobe)
		report_modprobe(modprobe);
	info("umodd %s: release %s, listening on %s", UMOD_VERSION,
	     o.release ? o.release : UMOD_RELEASE_DEFAULT, umod_ctl_path(ctl));
	if (fs_dir && (err = umodd_fs_mount(ctx, fs_dir, &fs)) < 0) {
		fprintf(stderr, "umodd: cannot mount %s: %s\n", fs_dir,
			strerror(-err));
		goto stop;
	}
	if (pidfile && write_pidfile(pidfile) < 0) {
		free(pidfile);
		pidfile = NULL;
		goto stop;
	}
	if (ready_fd >= 0)
		detach(ready_fd);

	sig = wait_for_stop();
	info("umodd: %s, shutting down", strsignal(sig));
	r = EXIT_SUCCESS;
stop:
	umodd_fs_unmount(fs);
	set_log_ctl(NULL);
	if (pidfile)
		unlink(pidfile);
	if (stop_host(ctx, ctl, o.stop_timeout ? o.stop_timeout
					  : STOP_TIMEOUT_S) != EXIT_SUCCESS)
		r = EXIT_FAILURE;
out:
	free(fs_dir);
	free(pidfile);
	free(socket);
	free(o.allow);
	if (console_syslog)
		closelog();
	return r;
}
