/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The hostile-guest qtests' driver (docs/hostile-inputs.md): what every
 * entry of the catalogue must show in a real QEMU, whatever the chip.
 * An entry is an input the test performs and checks (what the guest sees:
 * a register, an IV, a ring left busy); the driver repeats it and checks,
 * around every repetition, that QEMU's monitor answers query-status within
 * a second of wall time, that no virtual-time step took longer than that
 * (the device's timer work runs in QEMU's main loop, where the monitor
 * does), and that QEMU's resident memory did not grow with the
 * repetitions.
 */
#ifndef AEMU_HOSTILE_RUN_H
#define AEMU_HOSTILE_RUN_H

#include "aemu-qtest.h"

/* The monitor must answer, and a time step return, within this wall time. */
#define HOSTILE_ANSWER_MS 1000u
/*
 * Resident growth allowed across an entry's repetitions (after one
 * warm-up run, which may touch pages for good): glib's allocator and
 * QEMU's own logging move RSS by a few pages; a per-input leak of a page
 * or more times the repetitions exceeds it. Some inputs make QEMU itself
 * grow once by more (moving a BAR rebuilds QEMU's memory maps, whose old
 * copies RCU frees in batches): an entry over the slack runs a second
 * batch, and fails only if that one grows past the slack too, as a leak
 * would.
 */
#define HOSTILE_RSS_SLACK_KIB 1024u
/* How many times an entry runs after its warm-up (AEMU_HOSTILE_REPEAT). */
#define HOSTILE_REPEAT 24u
/* Virtual time moves in steps of this (each one a main-loop turn). */
#define HOSTILE_STEP_NS 1000000ll

/* Assert QEMU's monitor answers query-status within HOSTILE_ANSWER_MS. */
void hostile_assert_responsive(AemuQTest *qt);

/*
 * Let ns of virtual time pass in HOSTILE_STEP_NS steps, each of which must
 * return within HOSTILE_ANSWER_MS of wall time.
 */
void hostile_step(AemuQTest *qt, int64_t ns);

/*
 * Run input(opaque) once, then HOSTILE_REPEAT times, checking the monitor
 * after each run and QEMU's RSS across the repetitions (and across a
 * second batch when the first grew past the slack).
 */
void hostile_repeat(AemuQTest *qt, const char *name,
                    void (*input)(void *opaque), void *opaque);

/* The longest step and monitor answer seen so far, in microseconds. */
int64_t hostile_worst_step_us(void);
int64_t hostile_worst_answer_us(void);

#endif
