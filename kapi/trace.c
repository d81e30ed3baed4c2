// SPDX-License-Identifier: MIT
/*
 * trace.c - trace events as a kernel with tracing built in and no tracer
 * attached sees them.  A module's TRACE_EVENTs come with a class whose
 * raw_init (trace_event_raw_init) gives each event its type number, and
 * whose reg (trace_event_reg) puts the event's probe on its tracepoint's
 * list; no tracefs is here to enable one, so each site's jump label stays
 * a no-op and none of the event code runs.  If it did: no ring buffer
 * takes the record (trace_event_buffer_reserve finds none, as when
 * tracing is off), no perf buffer, no BPF program.  The trace_seq
 * printers, which output formatting calls, are Linux's.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include "kernel.h"

struct tracepoint_func {
	void *func;
	void *data;
	int prio;
};

struct tracepoint {
	const char *name;
	char key[16];
	void *static_call_key, *static_call_tramp, *iterator;
	int (*regfunc)(void);
	void (*unregfunc)(void);
	struct tracepoint_func *funcs;
};
KAPI_LAYOUT(sizeof(struct tracepoint) == 0x48, "Linux 6.1's struct tracepoint");

struct trace_event {
	struct list_head node, list;
	int type;
	void *funcs;
};

struct trace_event_class {
	const char *system;
	void *probe, *perf_probe;
	void *reg, *fields_array, *get_fields;
	struct list_head fields;
	void *raw_init;
};

struct trace_event_call {
	struct list_head list;
	struct trace_event_class *class;
	union {
		const char *name;
		struct tracepoint *tp;
	};
	struct trace_event event;
	char *print_fmt;
	void *filter, *mod, *data;
	int flags;
};
KAPI_LAYOUT(offsetof(struct trace_event_call, event) == 0x20, "trace_event_call.event");
KAPI_LAYOUT(offsetof(struct trace_event_call, flags) == 0x70, "trace_event_call.flags");

enum trace_reg {
	TRACE_REG_REGISTER, TRACE_REG_UNREGISTER,
};

/* ---- Registration ---- */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int next_type = 32;	/* __TRACE_LAST_TYPE: types below are ftrace's own */

int trace_event_raw_init(struct trace_event_call *call)
{
	pthread_mutex_lock(&lock);
	call->event.type = next_type++;
	pthread_mutex_unlock(&lock);
	return 0;
}
EXPORT_SYMBOL(trace_event_raw_init);

static int count_funcs(const struct tracepoint_func *f)
{
	int n = 0;

	while (f && f[n].func)
		n++;
	return n;
}

/* The tracepoint's probe list, a NULL-terminated array as Linux's. */
int tracepoint_probe_register(struct tracepoint *tp, void *probe, void *data)
{
	struct tracepoint_func *old, *new;
	int n;

	pthread_mutex_lock(&lock);
	old = tp->funcs;
	n = count_funcs(old);
	for (int i = 0; i < n; i++)
		if (old[i].func == probe && old[i].data == data) {
			pthread_mutex_unlock(&lock);
			return -EEXIST;
		}
	new = __kmalloc((n + 2) * sizeof(*new), GFP_KERNEL | __GFP_ZERO);
	if (!new) {
		pthread_mutex_unlock(&lock);
		return -ENOMEM;
	}
	if (n)
		memcpy(new, old, n * sizeof(*new));
	new[n] = (struct tracepoint_func){ probe, data, 10 };
	tp->funcs = new;
	pthread_mutex_unlock(&lock);
	kfree(old);
	return 0;
}
EXPORT_SYMBOL(tracepoint_probe_register);

int tracepoint_probe_unregister(struct tracepoint *tp, void *probe, void *data)
{
	struct tracepoint_func *f;
	int n, i;

	pthread_mutex_lock(&lock);
	f = tp->funcs;
	n = count_funcs(f);
	for (i = 0; i < n && !(f[i].func == probe && f[i].data == data); i++)
		;
	if (i == n) {
		pthread_mutex_unlock(&lock);
		return -ENOENT;
	}
	memmove(f + i, f + i + 1, (n - i) * sizeof(*f));	/* with the terminator */
	if (n == 1) {
		tp->funcs = NULL;
		kfree(f);
	}
	pthread_mutex_unlock(&lock);
	return 0;
}
EXPORT_SYMBOL(tracepoint_probe_unregister);

/* Perf's registrations want perf, which is not here. */
int trace_event_reg(struct trace_event_call *call, enum trace_reg type, void *data)
{
	switch (type) {
	case TRACE_REG_REGISTER:
		return tracepoint_probe_register(call->tp, call->class->probe, data);
	case TRACE_REG_UNREGISTER:
		return tracepoint_probe_unregister(call->tp, call->class->probe, data);
	default:
		return -ENODEV;
	}
}
EXPORT_SYMBOL(trace_event_reg);

/* ---- Recording: nowhere to record to ---- */

bool __trace_trigger_soft_disabled(void *file)
{
	return false;		/* no triggers attached */
}
EXPORT_SYMBOL(__trace_trigger_soft_disabled);

void *trace_event_buffer_reserve(void *fbuffer, void *trace_file, unsigned long len)
{
	return NULL;
}
EXPORT_SYMBOL(trace_event_buffer_reserve);

void trace_event_buffer_commit(void *fbuffer)
{
}
EXPORT_SYMBOL(trace_event_buffer_commit);

void *perf_trace_buf_alloc(int size, void **regs, int *rctxp)
{
	return NULL;
}
EXPORT_SYMBOL(perf_trace_buf_alloc);

void perf_trace_run_bpf_submit(void *raw_data, int size, int rctx, void *call,
			       u64 count, void *regs, void *head, void *task)
{
}
EXPORT_SYMBOL(perf_trace_run_bpf_submit);

/* A BPF program attached to a tracepoint runs here; none can be. */
#define BPF_TRACE_RUN(n) \
void bpf_trace_run##n(void *prog, ...) {} \
EXPORT_SYMBOL(bpf_trace_run##n)
BPF_TRACE_RUN(1); BPF_TRACE_RUN(2); BPF_TRACE_RUN(3); BPF_TRACE_RUN(4);
BPF_TRACE_RUN(5); BPF_TRACE_RUN(6); BPF_TRACE_RUN(7); BPF_TRACE_RUN(8);
BPF_TRACE_RUN(9); BPF_TRACE_RUN(10); BPF_TRACE_RUN(11); BPF_TRACE_RUN(12);

/* ---- Output: trace_seq, as kernel/trace/trace_seq.c ---- */

struct trace_seq {
	char buffer[4096];
	struct {
		char *buffer;
		size_t size, len;
		long long readpos;
	} seq;
	int full;
};
KAPI_LAYOUT(sizeof(struct trace_seq) == 0x1028, "Linux 6.1's struct trace_seq");

static void seq_init(struct trace_seq *s)
{
	if (!s->seq.size) {
		s->seq.buffer = s->buffer;
		s->seq.size = sizeof(s->buffer);
	}
}

/* All or nothing, and full once something did not fit. */
static void seq_vprintf(struct trace_seq *s, const char *fmt, va_list ap)
{
	size_t room;
	int n;

	seq_init(s);
	if (s->full)
		return;
	room = s->seq.size - s->seq.len;
	n = umod_vsnprintf(s->seq.buffer + s->seq.len, room, fmt, ap);
	if (n < 0 || (size_t)n >= room) {
		s->full = 1;
		return;
	}
	s->seq.len += n;
}

void trace_seq_printf(struct trace_seq *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	seq_vprintf(s, fmt, ap);
	va_end(ap);
}
EXPORT_SYMBOL(trace_seq_printf);

void trace_seq_puts(struct trace_seq *s, const char *str)
{
	trace_seq_printf(s, "%s", str);
}
EXPORT_SYMBOL(trace_seq_puts);

void trace_seq_putc(struct trace_seq *s, unsigned char c)
{
	trace_seq_printf(s, "%c", c);
}
EXPORT_SYMBOL(trace_seq_putc);

/* TRACE_TYPE_PARTIAL_LINE (0) if the line did not fit, else HANDLED. */
int trace_handle_return(struct trace_seq *s)
{
	return s->full ? 0 : 1;
}
EXPORT_SYMBOL(trace_handle_return);

/* The output calls take the iterator tracefs reads through. */
#define ITER_TMP_SEQ	0x80
#define ITER_SEQ	0x10b8
#define ITER_ENT	0x20e0
#define TRACE_EVENT_FL_TRACEPOINT	16
#define iter_field(iter, off, type)	((type)((char *)(iter) + (off)))

static const char *event_name(struct trace_event_call *call)
{
	return call->flags & TRACE_EVENT_FL_TRACEPOINT ? call->tp->name : call->name;
}

int trace_raw_output_prep(void *iter, struct trace_event *event)
{
	struct trace_event_call *call = (struct trace_event_call *)
		((char *)event - offsetof(struct trace_event_call, event));
	struct trace_seq *s = iter_field(iter, ITER_SEQ, struct trace_seq *);
	u16 type = **iter_field(iter, ITER_ENT, u16 **);

	if (type != event->type) {
		kapi_warn("trace_raw_output_prep: entry of type %u for event %d\n",
			  type, event->type);
		return 2;	/* TRACE_TYPE_UNHANDLED */
	}
	memset(iter_field(iter, ITER_TMP_SEQ, struct trace_seq *), 0, sizeof(*s));
	trace_seq_printf(s, "%s: ", event_name(call));
	return trace_handle_return(s);
}
EXPORT_SYMBOL(trace_raw_output_prep);

void trace_event_printf(void *iter, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	seq_vprintf(iter_field(iter, ITER_SEQ, struct trace_seq *), fmt, ap);
	va_end(ap);
}
EXPORT_SYMBOL(trace_event_printf);
