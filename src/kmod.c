// SPDX-License-Identifier: MIT
/*
 * kmod.c - request_module, after Linux's kernel/module/kmod.c.
 *
 * A request names a module or an alias.  Identical requests in flight are
 * merged: the first caller does the work and the others wait for its
 * result.  Distinct requests take one of max_requests slots, as Linux's
 * kmod_concurrent_max bounds modprobe helpers at 50; without a free slot
 * a request waits busy_timeout_ms and then fails.  The work goes to
 * kerneld when one is connected (kerneld.c), else the calling thread runs
 * modprobe itself, as the usermode helper does, and waits for it with a
 * timeout.  No lock is held while the work runs, so a module loaded on
 * behalf of a request may itself request another from its init.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kmod.h"

#define KMOD_MAX_REQUESTS	50	/* Linux's MAX_KMOD_CONCURRENT */
#define KMOD_BUSY_TIMEOUT_MS	5000	/* Linux's MAX_KMOD_ALL_BUSY_TIMEOUT */
#define KMOD_TIMEOUT_MS		60000

extern char **environ;

/* One request in flight; merged callers share it. */
struct kmod_req {
	struct list_head list;		/* on km->inflight */
	enum kmod_kind kind;
	char name[MODULE_NAME_LEN];
	unsigned int refs;		/* the owner and each waiter */
	bool done;
	int result;
	char msg[KMOD_MSG_LEN];
	pthread_cond_t done_cond;
};

/* What the owner of a request works with, copied under the lock. */
struct kmod_plan {
	enum umod_request_mode mode;
	char *modprobe;
	char **args;
	char socket[108];		/* sun_path's size */
	int64_t deadline;
};

/* Every context with demand loading, oldest first: request_module from
 * host code asks the first. */
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct list_head registry = LIST_HEAD_INIT(registry);

/* ---- The per-context state ---- */

static void free_args(char **args)
{
	for (char **a = args; a && *a; a++)
		free(*a);
	free(args);
}

static char **dup_args(const char *const *args)
{
	size_t n = 0;
	char **v;

	while (args && args[n])
		n++;
	v = umod_calloc(n + 1, sizeof(*v));
	for (size_t i = 0; v && i < n; i++) {
		if (!(v[i] = umod_strdup(args[i]))) {
			free_args(v);
			return NULL;
		}
	}
	return v;
}

static void config_defaults(struct umod_kmod *km)
{
	km->mode = UMOD_REQUEST_AUTO;
	km->timeout_ms = KMOD_TIMEOUT_MS;
	km->max_requests = KMOD_MAX_REQUESTS;
	km->busy_timeout_ms = KMOD_BUSY_TIMEOUT_MS;
}

static int kmod_request_any(const void *caller, bool wait, const char *name);
static void kmod_ctx_free(struct umod_ctx *ctx);

static const struct umod_demand_ops kmod_ops = {
	.request = kmod_request_any,
};

struct umod_kmod *kmod_get(struct umod_ctx *ctx)
{
	struct umod_kmod *km;

	umod_demand_register(&kmod_ops);
	pthread_mutex_lock(&registry_lock);
	km = ctx->kmod;
	if (!km && (km = umod_calloc(1, sizeof(*km)))) {
		km->ctx = ctx;
		pthread_mutex_init(&km->sweep_lock, NULL);
		pthread_mutex_init(&km->lock, NULL);
		umod_cond_init(&km->slot_freed);
		umod_cond_init(&km->detached_done);
		INIT_LIST_HEAD(&km->inflight);
		config_defaults(km);
		list_add_tail(&km->node, &registry);
		ctx->kmod = km;
		ctx->kmod_free = kmod_ctx_free;
	}
	pthread_mutex_unlock(&registry_lock);
	return km;
}

/* The state if there is any: asking must not register a context. */
static struct umod_kmod *kmod_peek(struct umod_ctx *ctx)
{
	struct umod_kmod *km;

	pthread_mutex_lock(&registry_lock);
	km = ctx->kmod;
	pthread_mutex_unlock(&registry_lock);
	return km;
}

/* ctx->kmod_free: the context goes. */
static void kmod_ctx_free(struct umod_ctx *ctx)
{
	struct umod_kmod *km;

	pthread_mutex_lock(&registry_lock);
	km = ctx->kmod;
	if (km)
		list_del(&km->node);
	ctx->kmod = NULL;
	pthread_mutex_unlock(&registry_lock);
	if (!km)
		return;
	pthread_mutex_lock(&km->lock);
	while (km->detached)
		pthread_cond_wait(&km->detached_done, &km->lock);
	pthread_mutex_unlock(&km->lock);
	kerneld_shutdown(km);
	free(km->modprobe);
	free_args(km->modprobe_args);
	free(km->socket);
	free(km->ctl_path);
	pthread_cond_destroy(&km->slot_freed);
	pthread_cond_destroy(&km->detached_done);
	pthread_mutex_destroy(&km->lock);
	pthread_mutex_destroy(&km->sweep_lock);
	free(km);
}

int kmod_ctl_started(struct umod_ctx *ctx, const char *path)
{
	struct umod_kmod *km = kmod_get(ctx);
	char *p = umod_strdup(path);

	if (!km || !p) {
		free(p);
		return -ENOMEM;
	}
	pthread_mutex_lock(&km->lock);
	free(km->ctl_path);
	km->ctl_path = p;
	pthread_mutex_unlock(&km->lock);
	return 0;
}

int kmod_kerneld_attach(struct umod_ctx *ctx, int fd, uid_t uid, pid_t pid)
{
	struct umod_kmod *km = kmod_get(ctx);

	if (!km) {
		umod_set_errmsg("kerneld: out of memory");
		return -ENOMEM;
	}
	return kerneld_attach(km, fd, uid, pid);
}

/* kerneld came in through the channel: it goes with it. */
void kmod_ctl_stopped(struct umod_ctx *ctx)
{
	struct umod_kmod *km = kmod_peek(ctx);

	if (!km)
		return;
	pthread_mutex_lock(&km->lock);
	free(km->ctl_path);
	km->ctl_path = NULL;
	pthread_mutex_unlock(&km->lock);
	kerneld_shutdown(km);
}

int umod_set_request_config(struct umod_ctx *ctx,
			    const struct umod_request_config *cfg)
{
	struct umod_request_config copy = { 0 };
	struct umod_kmod *km;
	char *modprobe = NULL, *socket = NULL, **args;
	int ret;

	umod_clear_errmsg();
	if (cfg && (ret = umod_config_copy(&copy, sizeof(copy), sizeof(copy),
					   cfg, "umod_request_config")))
		return ret;
	cfg = &copy;
	if (cfg->mode > UMOD_REQUEST_MODPROBE)
		return umod_fail(NULL, "umod_request_config", -EINVAL,
				 "no request mode %u", (unsigned int)cfg->mode);
	if (!(km = kmod_get(ctx))) {
		umod_set_errmsg("request_module: out of memory");
		return -ENOMEM;
	}
	args = dup_args(cfg->modprobe_args);
	if (!args || (cfg->modprobe && !(modprobe = umod_strdup(cfg->modprobe))) ||
	    (cfg->socket && !(socket = umod_strdup(cfg->socket)))) {
		free_args(args);
		free(modprobe);
		umod_set_errmsg("request_module: out of memory");
		return -ENOMEM;
	}
	pthread_mutex_lock(&km->lock);
	free(km->modprobe);
	free_args(km->modprobe_args);
	free(km->socket);
	config_defaults(km);
	km->mode = cfg->mode;
	km->modprobe = modprobe;
	km->modprobe_args = args;
	km->socket = socket;
	if (cfg->timeout_ms)
		km->timeout_ms = cfg->timeout_ms;
	if (cfg->max_requests)
		km->max_requests = cfg->max_requests;
	if (cfg->busy_timeout_ms)
		km->busy_timeout_ms = cfg->busy_timeout_ms;
	/* More slots, or a shorter wait: let the waiters look again. */
	pthread_cond_broadcast(&km->slot_freed);
	pthread_mutex_unlock(&km->lock);
	return 0;
}

int umod_kerneld_pid(struct umod_ctx *ctx)
{
	struct umod_kmod *km = kmod_peek(ctx);

	return km ? kerneld_pid(km) : 0;
}

/* ---- Running modprobe, as the usermode helper does ---- */

static void plan_free(struct kmod_plan *p)
{
	free(p->modprobe);
	free_args(p->args);
}

/* Lock held. */
static int plan_take(struct umod_kmod *km, struct kmod_plan *p)
{
	const char *sock = km->socket ? km->socket : km->ctl_path;

	p->mode = km->mode;
	p->modprobe = umod_strdup(km->modprobe ? km->modprobe : UMOD_MODPROBE_DEFAULT);
	p->args = dup_args((const char *const *)km->modprobe_args);
	snprintf(p->socket, sizeof(p->socket), "%s", sock ? sock : "");
	p->deadline = umod_now_ms() + km->timeout_ms;
	if (!p->modprobe || !p->args) {
		plan_free(p);
		return -ENOMEM;
	}
	return 0;
}

static char **modprobe_argv(const struct kmod_plan *p, const struct kmod_req *req)
{
	size_t n = 0, i = 0;
	char **argv;

	while (p->args[n])
		n++;
	argv = umod_calloc(n + 9, sizeof(*argv));
	if (!argv)
		return NULL;
	argv[i++] = p->modprobe;
	for (size_t j = 0; j < n; j++)
		argv[i++] = p->args[j];
	argv[i++] = "-q";
	argv[i++] = req->kind == KMOD_LOAD ? "-k" : "-r";
	argv[i++] = "--host";
	argv[i++] = (char *)p->socket;
	argv[i++] = "--";
	argv[i++] = (char *)req->name;
	return argv;
}

/* modprobe starts with default signals and stdin, stdout on /dev/null:
 * we may be a thread that blocks every signal (the control channel's). */
static int spawn(const struct kmod_plan *p, const struct kmod_req *req,
		 int err_fd, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, all;
	char **argv = modprobe_argv(p, req);
	int ret;

	if (!argv)
		return ENOMEM;
	sigemptyset(&none);
	sigfillset(&all);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK |
					POSIX_SPAWN_SETSIGDEF);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &all);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
	ret = posix_spawn(pid, p->modprobe, &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	free(argv);
	return ret;
}

/* Gather modprobe's stderr until it closes it or the deadline passes;
 * false on the deadline. */
static bool collect_stderr(int fd, int64_t deadline, char *buf, size_t len)
{
	size_t got = 0;

	for (;;) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		int64_t left = deadline - umod_now_ms();
		char scratch[256];
		ssize_t n;

		if (left <= 0)
			return false;
		if (poll(&pfd, 1, (int)left) < 0 && errno != EINTR)
			return false;
		if (!pfd.revents)
			continue;
		n = umod_read(fd, got + 1 < len ? buf + got : scratch,
			      got + 1 < len ? len - 1 - got : sizeof(scratch));
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			break;
		if (got + 1 < len)
			got += n;
	}
	buf[got] = '\0';
	return true;
}

/* Whether pid exits by the deadline; without pidfds, wait as long as
 * it takes (it has closed stderr: it is all but done). */
static bool exits_by(pid_t pid, int64_t deadline)
{
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	struct pollfd pfd = { pidfd, POLLIN, 0 };
	int64_t left;

	if (pidfd < 0)
		return true;
	while ((left = deadline - umod_now_ms()) > 0) {
		int n = poll(&pfd, 1, (int)left);

		if (n > 0 || (n < 0 && errno != EINTR))
			break;
	}
	close(pidfd);
	return pfd.revents != 0;
}

/* Reap modprobe, killed first if it is late; false if it was.  *status
 * is -1 if someone else reaped it. */
static bool reap(pid_t pid, int64_t deadline, int *status)
{
	bool in_time = exits_by(pid, deadline);

	if (!in_time)
		kill(pid, SIGKILL);
	*status = -1;
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
	return in_time;
}

/* The first line modprobe wrote, for the message. */
static const char *first_line(char *s)
{
	s[strcspn(s, "\n")] = '\0';
	return s;
}

static int run_modprobe(const struct kmod_plan *p, struct kmod_req *req)
{
	char out[KMOD_MSG_LEN / 2];	/* leaves room for the words around it */
	int pipefd[2], status = 0, ret;
	pid_t pid;
	bool in_time;

	if (!p->modprobe[0])
		return snprintf(req->msg, sizeof(req->msg),
				"no modprobe configured"), -ENOENT;
	if (!p->socket[0])
		return snprintf(req->msg, sizeof(req->msg),
				"the host has no control channel for modprobe"),
		       -ENOTCONN;
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return snprintf(req->msg, sizeof(req->msg), "pipe: %s",
				strerror(errno)), -errno;
	ret = spawn(p, req, pipefd[1], &pid);
	close(pipefd[1]);
	if (ret) {
		close(pipefd[0]);
		snprintf(req->msg, sizeof(req->msg), "cannot run %s: %s",
			 p->modprobe, strerror(ret));
		return -ret;
	}
	in_time = collect_stderr(pipefd[0], p->deadline, out, sizeof(out));
	close(pipefd[0]);
	in_time = reap(pid, in_time ? p->deadline : 0, &status) && in_time;
	if (!in_time)
		return snprintf(req->msg, sizeof(req->msg),
				"%s did not finish in time: killed",
				p->modprobe), -ETIMEDOUT;
	if (status == -1)
		return snprintf(req->msg, sizeof(req->msg),
				"lost modprobe's exit status (is SIGCHLD ignored?)"),
		       -ECHILD;
	if (WIFSIGNALED(status))
		return snprintf(req->msg, sizeof(req->msg),
				"modprobe killed by signal %d", WTERMSIG(status)),
		       -EINTR;
	if (WEXITSTATUS(status))
		snprintf(req->msg, sizeof(req->msg), "modprobe exited with status %d%s%s",
			 WEXITSTATUS(status), out[0] ? ": " : "", first_line(out));
	return WEXITSTATUS(status);
}

/* ---- Requests ---- */

static struct kmod_req *find_req(struct umod_kmod *km, enum kmod_kind kind,
				 const char *name)
{
	struct kmod_req *req;

	list_for_each_entry(req, &km->inflight, list)
		if (req->kind == kind && !strcmp(req->name, name))
			return req;
	return NULL;
}

/* Join an identical request in flight, or take a slot for a new one:
 * 1 joined, 0 owner, -ETIME all slots stayed busy.  Lock held. */
static int get_req(struct umod_kmod *km, enum kmod_kind kind,
		   const char *name, struct kmod_req **out)
{
	int64_t deadline = umod_now_ms() + km->busy_timeout_ms;
	struct kmod_req *req;
	bool expired = false;

	for (;;) {
		if ((req = find_req(km, kind, name))) {
			req->refs++;
			*out = req;
			return 1;
		}
		if (km->running < km->max_requests)
			break;
		if (expired)
			return -ETIME;
		expired = umod_cond_wait_until(&km->slot_freed, &km->lock,
					 deadline) == ETIMEDOUT;
	}
	req = umod_calloc(1, sizeof(*req));
	if (!req)
		return -ENOMEM;
	req->kind = kind;
	snprintf(req->name, sizeof(req->name), "%s", name);
	req->refs = 1;
	umod_cond_init(&req->done_cond);
	list_add_tail(&req->list, &km->inflight);
	km->running++;
	*out = req;
	return 0;
}

/* Lock held; the last one out frees it. */
static void put_req(struct kmod_req *req)
{
	if (--req->refs)
		return;
	pthread_cond_destroy(&req->done_cond);
	free(req);
}

static int do_work(struct umod_kmod *km, const struct kmod_plan *p,
		   struct kmod_req *req)
{
	int ret;

	if (p->mode != UMOD_REQUEST_MODPROBE) {
		ret = kerneld_call(km, req->kind, req->name, p->deadline,
				   req->msg, sizeof(req->msg));
		if (ret != -ENODEV || p->mode == UMOD_REQUEST_KERNELD)
			return ret;
		req->msg[0] = '\0';
	}
	return run_modprobe(p, req);
}

/* The owner does the work, unlocked; then everyone has the result. */
static void own_req(struct umod_kmod *km, struct kmod_req *req)
{
	struct kmod_plan plan = { 0 };
	int ret = plan_take(km, &plan);

	pthread_mutex_unlock(&km->lock);
	if (!ret)
		ret = do_work(km, &plan, req);
	else
		snprintf(req->msg, sizeof(req->msg), "out of memory");
	if (ret == -ETIMEDOUT || ret == -ECONNRESET)
		umod_log(km->ctx, UMOD_LOG_WARNING, "request_module: %s: %s",
			 req->name, req->msg);
	plan_free(&plan);
	pthread_mutex_lock(&km->lock);
	req->result = ret;
	req->done = true;
	list_del(&req->list);
	km->running--;
	pthread_cond_signal(&km->slot_freed);
	pthread_cond_broadcast(&req->done_cond);
}

static int kmod_request(struct umod_ctx *ctx, enum kmod_kind kind,
			const char *name)
{
	struct umod_kmod *km = kmod_get(ctx);
	struct kmod_req *req;
	int ret;

	if (!km) {
		umod_set_errmsg("%s: out of memory", name);
		return -ENOMEM;
	}
	pthread_mutex_lock(&km->lock);
	ret = get_req(km, kind, name, &req);
	if (ret < 0) {
		unsigned int max = km->max_requests, secs = km->busy_timeout_ms / 1000;

		pthread_mutex_unlock(&km->lock);
		if (ret == -ENOMEM)
			return umod_fail(NULL, name, ret, "out of memory");
		/* Linux's words, which admins grep for. */
		return umod_fail(ctx, "request_module", ret,
				 "modprobe %s cannot be processed, kmod busy "
				 "with %u threads for more than %u seconds now",
				 name, max, secs);
	}
	if (ret == 0)
		own_req(km, req);
	while (!req->done)
		pthread_cond_wait(&req->done_cond, &km->lock);
	ret = req->result;
	if (ret && req->msg[0])
		umod_set_errmsg("%s: %s", name, req->msg);
	else if (ret > 0)
		umod_set_errmsg("%s: modprobe exited with status %d", name, ret);
	else if (ret)
		umod_set_errmsg("%s: %s", name, strerror(-ret));
	else
		umod_clear_errmsg();
	put_req(req);
	pthread_mutex_unlock(&km->lock);
	return ret;
}

int umod_request_module(struct umod_ctx *ctx, const char *fmt, ...)
{
	char name[MODULE_NAME_LEN];
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = umod_request_name(name, fmt, ap);
	va_end(ap);
	return ret ? ret : kmod_request(ctx, KMOD_LOAD, name);
}

/* A module's own host if a module calls, else the first registered. */
static struct umod_ctx *caller_ctx(const void *caller)
{
	struct umod_ctx *ctx = NULL;
	struct umod_kmod *km;

	pthread_mutex_lock(&registry_lock);
	list_for_each_entry(km, &registry, node) {
		if (umod_module_address(km->ctx, caller)) {
			ctx = km->ctx;
			break;
		}
	}
	if (!ctx && !list_empty(&registry))
		ctx = list_entry(registry.next, struct umod_kmod, node)->ctx;
	pthread_mutex_unlock(&registry_lock);
	return ctx;
}

struct detached {
	struct umod_ctx *ctx;
	char name[MODULE_NAME_LEN];
};

static void *detached_main(void *arg)
{
	struct detached *d = arg;
	struct umod_kmod *km = kmod_get(d->ctx);

	umod_thread_prepare();
	kmod_request(d->ctx, KMOD_LOAD, d->name);
	free(d);
	pthread_mutex_lock(&km->lock);
	if (!--km->detached)
		pthread_cond_broadcast(&km->detached_done);
	pthread_mutex_unlock(&km->lock);
	return NULL;
}

/* request_module_nowait: the request runs on a thread of its own, which
 * the context waits for before it is freed. */
static int request_detached(struct umod_ctx *ctx, const char *name)
{
	struct umod_kmod *km = kmod_get(ctx);
	struct detached *d = umod_malloc(sizeof(*d));
	pthread_attr_t attr;
	sigset_t all, old;
	pthread_t t;
	int err;

	if (!km || !d) {
		free(d);
		return umod_fail(NULL, name, -ENOMEM, "out of memory");
	}
	d->ctx = ctx;
	snprintf(d->name, sizeof(d->name), "%s", name);
	pthread_mutex_lock(&km->lock);
	km->detached++;
	pthread_mutex_unlock(&km->lock);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&t, &attr, detached_main, d);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	if (!err)
		return 0;
	free(d);
	pthread_mutex_lock(&km->lock);
	if (!--km->detached)
		pthread_cond_broadcast(&km->detached_done);
	pthread_mutex_unlock(&km->lock);
	return umod_fail(NULL, name, -err, "cannot start a thread for it");
}

/* request_module from anywhere (request.c): the caller's host.  The
 * name is formatted and checked. */
static int kmod_request_any(const void *caller, bool wait, const char *name)
{
	struct umod_ctx *ctx = caller_ctx(caller);

	if (!ctx)
		return umod_fail(NULL, name, -ENOENT, "request_module: no host "
				 "context takes requests (no control channel "
				 "or request configuration)");
	return wait ? kmod_request(ctx, KMOD_LOAD, name)
		    : request_detached(ctx, name);
}

int umod_release_module(struct umod_ctx *ctx, const char *name)
{
	if (!name[0] || strlen(name) >= MODULE_NAME_LEN)
		return umod_fail(NULL, "release_module", -EINVAL,
				 "bad module name '%s'", name);
	return kmod_request(ctx, KMOD_RELEASE, name);
}
