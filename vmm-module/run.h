/* SPDX-License-Identifier: GPL-2.0 */
/* `v3ctl run`: the host side of the run channel (run.c). */
#ifndef V3VMM_RUN_H
#define V3VMM_RUN_H

#include <linux/types.h>

struct vm;

/* What an open /dev/v3vmm holds while it is a run's proxy. */
struct run_session {
	struct vm *vm;      /* NULL: no run */
	u64 job_seq;        /* the job this run handed the VM */
	u64 last_req;       /* last request seen */
	u64 answerable;     /* request waiting for RUN_REPLY, 0: none */
	u32 req_apic;       /* where its doorbell goes */
	bool ended;         /* the program's end was reported */
	u64 prog_size;
	u64 last_activity;  /* ns, for the polling rate */
};

/* The ioctls; s is the file's session, under the file's lock. */
long run_start(struct run_session *s, void __user *arg);
long run_wait(struct run_session *s, void __user *arg);
long run_reply(struct run_session *s, void __user *arg);
long run_signal(struct run_session *s, void __user *arg);
void run_release(struct run_session *s);

#endif
