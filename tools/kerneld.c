// SPDX-License-Identifier: MIT
/*
 * kerneld.c - the daemon that loads modules when the host asks, after
 * Linux 2.0's kerneld.
 *
 * kerneld connects to the host's control socket and asks to be its
 * kerneld (UMOD_OP_KERNELD); the connection then carries the host's
 * requests, "load NAME" from request_module and "release NAME".  Each is
 * served by a modprobe run into the same host (-k marks what it loads for
 * autoclean), and answered with modprobe's status.  Requests run side by
 * side, so a module whose init requests another does not wait on itself.
 * Every --delay seconds kerneld asks the host for an autoclean sweep on a
 * connection of its own, unless --keep.  If the host goes away, kerneld
 * waits for it and connects again.  SIGTERM or SIGINT: the modprobes
 * running finish, are answered, and kerneld exits.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "proto.h"
#include "tools.h"

#define DEFAULT_DELAY	180		/* seconds between sweeps */
#define RETRY_MS	1000		/* waiting for the host */
#define IO_TIMEOUT_S	5		/* a host that stops reading */
#define STOP_GRACE_MS	5000		/* modprobes left at shutdown */
#define MAX_CHILDREN	64		/* the host bounds itself at 50 */
#define MAX_REQUEST	4096		/* a request's payload */
#define NAME_MAX_LEN	256

extern char **environ;

struct child {
	pid_t pid;
	int err_fd;			/* modprobe's stderr; -1 once closed */
	bool exited;
	int status;
	uint64_t seq;
	unsigned int kind;		/* UMOD_KERNELD_* */
	char name[NAME_MAX_LEN];
	char out[256];			/* the start of its stderr */
	size_t out_len;
};

struct kerneld {
	const char *host;
	const char *modprobe;		/* NULL: ourselves, run as modprobe */
	const char *dirname;
	unsigned int delay;
	bool keep, welcomed;		/* welcomed: served the host once */
	char self[PATH_MAX];
	struct umod_conn *chan;		/* the channel, or NULL */
	int sig;			/* signalfd: TERM, INT, CHLD */
	struct child child[MAX_CHILDREN];
	unsigned int nchild;
	int64_t next_sweep, next_try, stop_by;
	bool stopping, waiting_logged;
};

/* ---- Talking to the host ---- */

/* A connection whose every send and receive IO_TIMEOUT_S bounds. */
static int host_connect(const char *path, struct umod_conn **out)
{
	int err = umod_conn_open(path, out);

	if (!err && (err = umod_conn_set_timeout(*out, IO_TIMEOUT_S))) {
		umod_conn_close(*out);
		*out = NULL;
	}
	return err;
}

/* ---- The channel ---- */

static void drop_channel(struct kerneld *kd, const char *why)
{
	if (!kd->chan)
		return;
	tool_warn("lost the host at %s: %s\n", kd->host, why);
	umod_conn_close(kd->chan);
	kd->chan = NULL;
	kd->next_try = umod_now_ms() + RETRY_MS;
	kd->waiting_logged = false;
}

/* Connect and register; false to give up for good (refused). */
static bool open_channel(struct kerneld *kd)
{
	char msg[256] = "";
	struct umod_conn *c;
	int err;

	kd->next_try = umod_now_ms() + RETRY_MS;
	err = host_connect(kd->host, &c);
	if (err) {
		if (!kd->waiting_logged)
			tool_info("waiting for the host at %s: %s\n", kd->host,
				  strerror(-err));
		kd->waiting_logged = true;
		return true;
	}
	err = umod_conn_call(c, UMOD_OP_KERNELD, 0, NULL, NULL, NULL, msg,
			     sizeof(msg));
	if (err) {
		umod_conn_close(c);
		tool_err("the host at %s refused kerneld: %s\n", kd->host,
			 msg[0] ? msg : strerror(-err));
		/* Another kerneld serves it, or we may not: at start, give
		 * up; after a restart of the host, wait for our turn. */
		return kd->welcomed || (err != -EBUSY && err != -EPERM);
	}
	kd->chan = c;
	kd->welcomed = true;
	kd->next_sweep = umod_now_ms() + kd->delay * 1000LL;
	tool_info("serving the host at %s%s\n", kd->host,
		  kd->keep ? " (--keep: no autoclean)" : "");
	return true;
}

static void answer(struct kerneld *kd, const struct child *c, uint32_t err,
		   const char *msg)
{
	struct umod_wbuf b = { 0 };
	size_t m = umod_msg_begin(&b, UMOD_OP_KERNELD, c->kind);
	int ret;

	if (!kd->chan)
		return;		/* the host that asked is gone */
	umod_put_u64(&b, UMOD_A_SEQ, c->seq);
	umod_put_u32(&b, UMOD_A_ERRNO, err);
	if (!err)
		umod_put_u32(&b, UMOD_A_STATUS, WEXITSTATUS(c->status));
	if (msg && *msg)
		umod_put_str(&b, UMOD_A_MSG, msg);
	umod_msg_end(&b, m, 0);
	ret = umod_conn_send(kd->chan, &b);	/* IO_TIMEOUT_S bounds it */
	umod_wbuf_free(&b);
	if (ret)
		drop_channel(kd, strerror(-ret));
}

/* ---- modprobe ---- */

static const char *kind_name(unsigned int kind)
{
	return kind == UMOD_KERNELD_RELEASE ? "release" : "load";
}

static int spawn_modprobe(struct kerneld *kd, struct child *c, int err_fd)
{
	const char *path = kd->modprobe ? kd->modprobe : kd->self;
	const char *argv[12];
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none;
	int i = 0, ret;

	argv[i++] = kd->modprobe ? kd->modprobe : "modprobe";
	argv[i++] = "-q";
	argv[i++] = c->kind == UMOD_KERNELD_RELEASE ? "-r" : "-k";
	argv[i++] = "--host";
	argv[i++] = kd->host;
	if (kd->dirname) {
		argv[i++] = "-d";
		argv[i++] = kd->dirname;
	}
	argv[i++] = "--";
	argv[i++] = c->name;
	argv[i] = NULL;
	sigemptyset(&none);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
	ret = posix_spawn(&c->pid, path, &fa, &attr, (char **)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	return ret;
}

/* A request from the host: start its modprobe, or answer at once. */
static void serve(struct kerneld *kd, unsigned int kind, uint64_t seq,
		  const char *name)
{
	struct child c = { .seq = seq, .kind = kind, .err_fd = -1 };
	char msg[300];
	int pipefd[2], err;

	snprintf(c.name, sizeof(c.name), "%s", name);
	tool_dbg("%s %s (request %llu)\n", kind_name(kind), name,
		 (unsigned long long)seq);
	if (kd->nchild == MAX_CHILDREN) {
		answer(kd, &c, EAGAIN, "kerneld: too many requests at once");
		return;
	}
	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		answer(kd, &c, errno, "kerneld: pipe failed");
		return;
	}
	err = spawn_modprobe(kd, &c, pipefd[1]);
	close(pipefd[1]);
	if (err) {
		close(pipefd[0]);
		snprintf(msg, sizeof(msg), "kerneld: cannot run %.200s: %s",
			 kd->modprobe ? kd->modprobe : kd->self, strerror(err));
		tool_err("%s\n", msg);
		answer(kd, &c, err, msg);
		return;
	}
	c.err_fd = pipefd[0];
	fcntl(c.err_fd, F_SETFL, O_NONBLOCK);
	kd->child[kd->nchild++] = c;
}

static void child_read(struct child *c)
{
	char scratch[256];
	ssize_t n;

	for (;;) {
		size_t room = sizeof(c->out) - 1 - c->out_len;

		n = read(c->err_fd, room ? c->out + c->out_len : scratch,
			 room ? room : sizeof(scratch));
		if (n > 0 && room)
			c->out_len += n;
		if (n > 0 || (n < 0 && errno == EINTR))
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		close(c->err_fd);
		c->err_fd = -1;
		return;
	}
}

/* Exited and stderr closed: answer, log, forget. */
static void child_finish(struct kerneld *kd, unsigned int i)
{
	struct child *c = &kd->child[i];
	char msg[300] = "";

	c->out[c->out_len] = '\0';
	c->out[strcspn(c->out, "\n")] = '\0';
	if (WIFSIGNALED(c->status)) {
		snprintf(msg, sizeof(msg), "modprobe killed by signal %d",
			 WTERMSIG(c->status));
		tool_warn("%s %s: %s\n", kind_name(c->kind), c->name, msg);
		answer(kd, c, EINTR, msg);
	} else if (WEXITSTATUS(c->status)) {
		snprintf(msg, sizeof(msg), "modprobe exited with status %d%s%s",
			 WEXITSTATUS(c->status), c->out[0] ? ": " : "", c->out);
		tool_info("%s %s: %s\n", kind_name(c->kind), c->name, msg);
		answer(kd, c, 0, msg);
	} else {
		tool_info("%s %s: done\n", kind_name(c->kind), c->name);
		answer(kd, c, 0, NULL);
	}
	kd->child[i] = kd->child[--kd->nchild];
}

static void reap_children(struct kerneld *kd)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (unsigned int i = 0; i < kd->nchild; i++) {
			if (kd->child[i].pid == pid) {
				kd->child[i].exited = true;
				kd->child[i].status = status;
			}
		}
	}
}

static void finish_children(struct kerneld *kd)
{
	unsigned int i = 0;

	while (i < kd->nchild) {
		if (kd->child[i].exited && kd->child[i].err_fd < 0)
			child_finish(kd, i);
		else
			i++;
	}
}

/* ---- Requests in from the channel ---- */

static int take_request(struct kerneld *kd, const struct umod_msg_hdr *h,
			const unsigned char *payload)
{
	struct umod_attr_iter it;
	struct umod_attr_val a;
	const char *name = NULL;
	uint64_t seq = 0;
	bool has_seq = false;
	int ret;

	if (h->op != UMOD_OP_KERNELD || (h->flags != UMOD_KERNELD_LOAD &&
					 h->flags != UMOD_KERNELD_RELEASE))
		return -EPROTO;
	umod_attr_iter_init(&it, payload, h->len);
	while ((ret = umod_attr_next(&it, &a)) > 0) {
		if (a.type == UMOD_A_SEQ)
			has_seq = !umod_attr_u64(&a, &seq);
		else if (a.type == UMOD_A_NAME)
			name = umod_attr_str(&a);
	}
	if (ret < 0 || !has_seq || !name || !*name)
		return -EBADMSG;
	serve(kd, h->flags, seq, name);
	return 0;
}

/* Serve every whole request that arrived.  A non-empty return says why
 * the channel must go. */
static const char *channel_read(struct kerneld *kd)
{
	const unsigned char *payload;
	struct umod_msg_hdr h;
	int ret, err;

	while ((ret = umod_conn_next_msg(kd->chan, MAX_REQUEST, &h, &payload)) > 0)
		if ((err = take_request(kd, &h, payload)))
			return strerror(-err);
	if (ret == -EBADMSG)
		return "bad message from the host";
	if (ret == -ECONNRESET)
		return "connection closed";
	return ret ? strerror(-ret) : NULL;
}

/* ---- The idle timer ---- */

static int log_removed(const struct umod_attr_val *a, void *arg)
{
	const char *name = a->type == UMOD_A_NAME ? umod_attr_str(a) : NULL;
	char *list = arg;
	size_t n = strlen(list);

	if (name && n + strlen(name) + 2 < 512)
		sprintf(list + n, "%s%s", n ? " " : "", name);
	return 0;
}

static void sweep(struct kerneld *kd)
{
	char removed[512] = "", msg[256] = "";
	struct umod_conn *c;
	int err;

	kd->next_sweep = umod_now_ms() + kd->delay * 1000LL;
	if (host_connect(kd->host, &c))
		return;		/* the channel will notice */
	err = umod_conn_call(c, UMOD_OP_AUTOCLEAN, 0, NULL, log_removed,
			     removed, msg, sizeof(msg));
	umod_conn_close(c);
	if (err)
		tool_warn("autoclean failed: %s\n", msg[0] ? msg : strerror(-err));
	else if (removed[0])
		tool_info("autoclean: removed %s\n", removed);
	else
		tool_dbg("autoclean: nothing to remove\n");
}

/* ---- The loop ---- */

static void take_signals(struct kerneld *kd)
{
	struct signalfd_siginfo si;

	while (read(kd->sig, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGCHLD)
			continue;
		if (!kd->stopping)
			tool_info("%s: shutting down\n", strsignal(si.ssi_signo));
		kd->stopping = true;
		kd->stop_by = umod_now_ms() + STOP_GRACE_MS;
	}
	reap_children(kd);
}

static int poll_timeout(const struct kerneld *kd)
{
	int64_t now = umod_now_ms(), next = INT64_MAX;

	if (kd->stopping)
		next = kd->stop_by;
	else if (!kd->chan)
		next = kd->next_try;
	else if (!kd->keep)
		next = kd->next_sweep;
	if (next == INT64_MAX)
		return -1;
	return next <= now ? 0 : (int)(next - now);
}

static void run_once(struct kerneld *kd)
{
	struct pollfd pfd[2 + MAX_CHILDREN];
	unsigned int i, n = 2;

	pfd[0] = (struct pollfd){ kd->sig, POLLIN, 0 };
	pfd[1] = (struct pollfd){ kd->stopping || !kd->chan ? -1 :
				  umod_conn_fd(kd->chan), POLLIN, 0 };
	for (i = 0; i < kd->nchild; i++)
		pfd[n++] = (struct pollfd){ kd->child[i].err_fd, POLLIN, 0 };
	if (poll(pfd, n, poll_timeout(kd)) < 0 && errno != EINTR)
		return;
	if (pfd[0].revents)
		take_signals(kd);
	for (i = 0; i < kd->nchild; i++)
		if (pfd[2 + i].revents && kd->child[i].err_fd >= 0)
			child_read(&kd->child[i]);
	finish_children(kd);
	if (pfd[1].revents && kd->chan) {
		const char *why = channel_read(kd);

		if (why)
			drop_channel(kd, why);
	}
}

static int serve_host(struct kerneld *kd)
{
	while (!kd->stopping || kd->nchild) {
		if (kd->stopping && umod_now_ms() >= kd->stop_by) {
			for (unsigned int i = 0; i < kd->nchild; i++)
				kill(kd->child[i].pid, SIGKILL);
			kd->stop_by = INT64_MAX;
		}
		if (!kd->stopping && !kd->chan && umod_now_ms() >= kd->next_try &&
		    !open_channel(kd))
			return EXIT_FAILURE;
		if (!kd->stopping && kd->chan && !kd->keep &&
		    umod_now_ms() >= kd->next_sweep)
			sweep(kd);
		run_once(kd);
	}
	umod_conn_close(kd->chan);
	tool_info("stopped\n");
	return EXIT_SUCCESS;
}

/* ---- Setup ---- */

static int setup_signals(struct kerneld *kd)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	kd->sig = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	return kd->sig < 0 ? -errno : 0;
}

/* A relative path, made absolute before the daemon leaves for /. */
static const char *absolute(const char *path)
{
	static char cwd[PATH_MAX];
	char *abs;

	if (!path || path[0] == '/')
		return path;
	if (!cwd[0] && !getcwd(cwd, sizeof(cwd)))
		return path;
	if (asprintf(&abs, "%s/%s", cwd, path) < 0)
		return path;
	return abs;		/* kept for the daemon's life */
}

/* The classic daemon: its own session, no terminal, logs to syslog. */
static int daemonize(void)
{
	pid_t pid = fork();
	int fd;

	if (pid < 0)
		return -errno;
	if (pid > 0)
		_exit(EXIT_SUCCESS);
	setsid();
	if (chdir("/") < 0)
		return -errno;
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	return 0;
}

static void help(void)
{
	printf("Usage:\n"
	       "\tkerneld [options]\n"
	       "Load modules a umod host asks for, and autoclean it.\n"
	       "Options:\n"
	       TOOL_HOST_HELP
	       "\t    --delay=SECONDS  ask for an autoclean sweep this often\n"
	       "\t                     (default %d)\n"
	       "\t    --keep           never ask for autoclean\n"
	       "\t    --modprobe=PATH  run PATH (default: umod's own modprobe)\n"
	       "\t    --dirname=DIR    modprobe's root for /lib/modules\n"
	       "\t-f, --foreground     stay in the foreground (the default)\n"
	       "\t-d, --daemon         detach, and log to syslog\n"
	       "\t    --log-stderr     log to stderr (default in the foreground)\n"
	       "\t    --syslog         log to syslog (default with --daemon)\n"
	       "\t-v, --verbose        log each request and sweep\n"
	       "\t-V, --version        show version\n"
	       "\t-h, --help           show this help\n", DEFAULT_DELAY);
}

enum {
	OPT_DELAY = TOOL_OPT_HOST + 1, OPT_KEEP, OPT_MODPROBE, OPT_DIRNAME,
	OPT_SYSLOG, OPT_LOG_STDERR,
};

static const struct option long_opts[] = {
	TOOL_HOST_OPTION,
	{ "delay", required_argument, 0, OPT_DELAY },
	{ "keep", no_argument, 0, OPT_KEEP },
	{ "modprobe", required_argument, 0, OPT_MODPROBE },
	{ "dirname", required_argument, 0, OPT_DIRNAME },
	{ "foreground", no_argument, 0, 'f' },
	{ "daemon", no_argument, 0, 'd' },
	{ "syslog", no_argument, 0, OPT_SYSLOG },
	{ "log-stderr", no_argument, 0, OPT_LOG_STDERR },
	{ "verbose", no_argument, 0, 'v' },
	{ "version", no_argument, 0, 'V' },
	{ "help", no_argument, 0, 'h' },
	{ 0 }
};

static int parse_delay(const char *s, unsigned int *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || v == 0 || v > 86400 * 7)
		return -EINVAL;
	*out = v;
	return 0;
}

int do_kerneld(int argc, char *argv[])
{
	struct kerneld kd = { .sig = -1, .delay = DEFAULT_DELAY };
	bool daemon = false;
	int use_syslog = -1;		/* -1: as the mode goes */
	ssize_t n;
	int c, err;

	/* A daemon says what it does: INFO by default, -v for DEBUG. */
	for (int i = LOG_ERR; i < LOG_INFO; i++)
		tool_verbose();

	while ((c = getopt_long(argc, argv, "fdvVh", long_opts, NULL)) != -1) {
		switch (c) {
		case TOOL_OPT_HOST: kd.host = optarg; break;
		case OPT_KEEP: kd.keep = true; break;
		case OPT_MODPROBE: kd.modprobe = optarg; break;
		case OPT_DIRNAME: kd.dirname = optarg; break;
		case 'f': daemon = false; break;
		case 'd': daemon = true; break;
		case OPT_SYSLOG: use_syslog = 1; break;
		case OPT_LOG_STDERR: use_syslog = 0; break;
		case 'v': tool_verbose(); break;
		case 'V': tool_version(); return EXIT_SUCCESS;
		case 'h': help(); return EXIT_SUCCESS;
		case OPT_DELAY:
			if (parse_delay(optarg, &kd.delay) == 0)
				break;
			tool_err("invalid --delay '%s': seconds, at least 1\n", optarg);
			return EXIT_FAILURE;
		default:
			return EXIT_FAILURE;
		}
	}
	if (optind < argc) {
		tool_err("unexpected argument '%s'\n", argv[optind]);
		return EXIT_FAILURE;
	}
	if (!kd.host)
		kd.host = umod_conn_default_path();
	n = readlink("/proc/self/exe", kd.self, sizeof(kd.self) - 1);
	if (n < 0 && !kd.modprobe) {
		tool_err("cannot find umod's own executable: %s\n", strerror(errno));
		return EXIT_FAILURE;
	}
	kd.self[n > 0 ? n : 0] = '\0';
	if (daemon) {
		kd.host = absolute(kd.host);
		kd.dirname = absolute(kd.dirname);
		kd.modprobe = absolute(kd.modprobe);
	}
	if (daemon && (err = daemonize()) < 0) {
		tool_err("cannot become a daemon: %s\n", strerror(-err));
		return EXIT_FAILURE;
	}
	tool_log_open(use_syslog < 0 ? daemon : use_syslog);
	if ((err = setup_signals(&kd)) < 0) {
		tool_err("signalfd: %s\n", strerror(-err));
		return EXIT_FAILURE;
	}
	err = serve_host(&kd);
	close(kd.sig);
	tool_log_close();
	return err;
}
