// SPDX-License-Identifier: GPL-2.0
/*
 * percpu.c - a module of per-CPU data, built by Kbuild against Debian's
 * 6.1 headers (tests/linux-percpu.t): its own DEFINE_PER_CPU variable,
 * with an initial value each CPU's copy starts from, and a counter from
 * alloc_percpu; four kthreads each add to both with this_cpu_inc (%gs
 * relative, as Linux's x86-64 code does), then init sums every possible
 * CPU's copies with per_cpu_ptr and prints what it found.
 */
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/percpu.h>

#define THREADS	4
#define BUMPS	1000
#define START	7

static DEFINE_PER_CPU(unsigned long, hits) = START;
static unsigned long __percpu *counts;
static atomic_t bumped = ATOMIC_INIT(0);

static int bump(void *unused)
{
	int cpu = smp_processor_id();

	for (int i = 0; i < BUMPS; i++) {
		this_cpu_inc(*counts);
		this_cpu_inc(hits);
	}
	atomic_inc(&bumped);
	while (!kthread_should_stop())
		msleep(1);
	return cpu;
}

static int __init percpu_test_init(void)
{
	struct task_struct *t[THREADS];
	unsigned long dynamic = 0, statics = 0;
	int cpu, i, ran[THREADS], cpus = 0;

	counts = alloc_percpu(unsigned long);
	if (!counts)
		return -ENOMEM;
	for (i = 0; i < THREADS; i++) {
		t[i] = kthread_run(bump, NULL, "percpu_test/%d", i);
		if (IS_ERR(t[i]))
			break;
	}
	/* Each is its own CPU, all alive until stopped: a kthread
	 * stopped before it ran would not run at all. */
	while (atomic_read(&bumped) < i)
		msleep(1);
	while (i--) {
		ran[i] = kthread_stop(t[i]);
		cpus++;
		for (int j = i + 1; j < THREADS; j++)
			if (ran[j] == ran[i])	/* counted already */
				cpus--;
	}
	for_each_possible_cpu(cpu) {
		dynamic += *per_cpu_ptr(counts, cpu);
		statics += per_cpu(hits, cpu) - START;
	}
	pr_info("percpu_test: %u possible CPUs; %d kthreads ran on %d CPUs; "
		"alloc_percpu counted %lu, DEFINE_PER_CPU %lu; this CPU's copy %lu\n",
		num_possible_cpus(), THREADS, cpus, dynamic,
		statics, this_cpu_read(hits));
	return 0;
}

static void __exit percpu_test_exit(void)
{
	free_percpu(counts);
}

module_init(percpu_test_init);
module_exit(percpu_test_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("per-CPU data: a module's own and alloc_percpu's");
