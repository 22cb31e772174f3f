/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Serving `v3ctl run` (lwk/kernel/run.c, Documentation/run.md): a VM
 * booted without a program registers a channel with the VMM and runs the
 * programs the host hands it, one after another, each from a clean
 * process state. The program's stdio and (unless --no-forward) its file
 * system calls go to the caller's `v3ctl run` over the channel
 * (lwk/fs/forward.c).
 */
#ifndef LWK_RUN_H
#define LWK_RUN_H

#include <lwk/types.h>

/* True once the channel is up: programs come from `v3ctl run`. */
extern bool run_serving;
/* A program of the current job runs, and forwards its file calls. */
extern bool run_forwarding;
/* A program is running (between its exec and its end). */
extern bool run_active;

/* At boot, without a program: registers the channel; false if the VMM
 * offers none. */
bool run_init(void);
/* CPU 0's idle loop, kernel lock held: starts a job the host handed
 * over, if there is one and no program runs. */
void run_poll_job(void);
/* The program ended (kernel lock held, any CPU, any stack): stops the
 * other CPUs, frees everything the program had, reports the status to
 * the host and goes back to waiting for the next job. */
__noreturn void run_program_ended(int status);
/* VECTOR_STOP while serving (no kernel lock): park until the CPU that
 * ends the program has cleaned up. Returns at once if no end is under
 * way. */
void run_park(void);
/* True while a CPU ends the program (the others must park). */
bool run_reset_pending(void);
/* The doorbell interrupt: a signal may be pending (kernel lock held). */
void run_doorbell(void);
/* At the way back to user mode (kernel lock held): acts on a signal the
 * host sent. */
void run_check_signals(void);

/*
 * One request to the proxy (kernel lock held; it is dropped while the
 * host works). run_chan_begin() waits for the channel and returns its
 * data area (V3_CHAN_DATA_MAX bytes); fill it, call run_chan_call()
 * (resp_len gets the bytes the answer left in the data area), read the
 * answer, then run_chan_end().
 */
void *run_chan_begin(void);
long run_chan_call(unsigned int op, const int64_t arg[6], size_t len,
		   size_t *resp_len);
void run_chan_end(void);

#endif
