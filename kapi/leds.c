// SPDX-License-Identifier: MIT
/*
 * leds.c - LED triggers (drivers/leds/led-triggers.c) on a machine with
 * no LEDs: led_trigger_register lists a trigger by name (-EEXIST for a
 * name in use), led_trigger_event records the brightness and sets it on
 * the trigger's LEDs, of which there are none until an LED class device
 * exists, which this host does not offer.  led_set_brightness_nosleep
 * sets an LED as Linux does, calling the driver's brightness_set, or its
 * blocking form directly where Linux would queue it.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"

struct led_classdev {
	const char *name;
	unsigned int brightness, max_brightness;
	int flags;
	unsigned long work_flags;
	void (*brightness_set)(struct led_classdev *led, int brightness);
	int (*brightness_set_blocking)(struct led_classdev *led, int brightness);
};
#define LED_SUSPENDED	1

/* Linux 6.1's, 88 bytes. */
struct led_trigger {
	const char *name;
	int (*activate)(struct led_classdev *led);
	void (*deactivate)(struct led_classdev *led);
	int brightness;
	void *trigger_type;
	raw_spinlock_t leddev_list_lock;
	struct list_head led_cdevs;
	struct list_head next_trig;
	const void **groups;
};
KAPI_LAYOUT(offsetof(struct led_trigger, next_trig) == 64 &&
	       sizeof(struct led_trigger) == 88, "Linux 6.1's led_trigger");

static pthread_mutex_t triggers_lock = PTHREAD_MUTEX_INITIALIZER;
static struct list_head triggers = { &triggers, &triggers };

#define trigger_of(e)	((struct led_trigger *)((char *)(e) - offsetof(struct led_trigger, next_trig)))

int led_trigger_register(struct led_trigger *trig)
{
	int err = 0;

	trig->leddev_list_lock.val = 0;
	kapi_list_init(&trig->led_cdevs);
	pthread_mutex_lock(&triggers_lock);
	for (struct list_head *e = triggers.next; e != &triggers; e = e->next) {
		struct led_trigger *t = trigger_of(e);

		if (!strcmp(t->name, trig->name) &&
		    (t->trigger_type == trig->trigger_type || !t->trigger_type ||
		     !trig->trigger_type)) {
			err = -EEXIST;
			break;
		}
	}
	if (!err)
		kapi_list_add_tail(&trig->next_trig, &triggers);
	pthread_mutex_unlock(&triggers_lock);
	return err;
}
EXPORT_SYMBOL(led_trigger_register);

void led_trigger_unregister(struct led_trigger *trig)
{
	pthread_mutex_lock(&triggers_lock);
	/* Never registered, or gone already: Linux's list_empty_careful. */
	if (trig->next_trig.next && !kapi_list_empty(&trig->next_trig))
		kapi_list_del_init(&trig->next_trig);
	pthread_mutex_unlock(&triggers_lock);
}
EXPORT_SYMBOL(led_trigger_unregister);

void led_trigger_register_simple(const char *name, struct led_trigger **tp)
{
	struct led_trigger *trig = calloc(1, sizeof(*trig));
	int err;

	if (trig) {
		trig->name = name;
		err = led_trigger_register(trig);
		if (err < 0) {
			free(trig);
			trig = NULL;
			kapi_printk(KERN_WARNING "LED trigger %s failed to register (%d)\n",
				    name, err);
		}
	} else {
		kapi_printk(KERN_WARNING "LED trigger %s failed to register (no memory)\n",
			    name);
	}
	*tp = trig;
}
EXPORT_SYMBOL(led_trigger_register_simple);

void led_trigger_unregister_simple(struct led_trigger *trig)
{
	if (trig)
		led_trigger_unregister(trig);
	free(trig);
}
EXPORT_SYMBOL(led_trigger_unregister_simple);

/* The trigger's LEDs: none can join it here (no LED class devices). */
void led_trigger_event(struct led_trigger *trig, int brightness)
{
	if (trig)
		trig->brightness = brightness;
}
EXPORT_SYMBOL(led_trigger_event);

void led_set_brightness_nosleep(struct led_classdev *led, unsigned int value)
{
	led->brightness = value < led->max_brightness ? value : led->max_brightness;
	if (led->flags & LED_SUSPENDED)
		return;
	if (led->brightness_set)
		led->brightness_set(led, led->brightness);
	else if (led->brightness_set_blocking)
		led->brightness_set_blocking(led, led->brightness);
}
EXPORT_SYMBOL(led_set_brightness_nosleep);
