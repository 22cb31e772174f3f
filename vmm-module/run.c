// SPDX-License-Identifier: GPL-2.0
/*
 * `v3ctl run`: the host side of the run channel (uapi/v3vee_guest.h,
 * Documentation/run.md). A VM started without a program registers its
 * channel with V3_HC_RUN_CHANNEL; a /dev/v3vmm file that calls RUN_START
 * becomes the proxy of one program run: it polls the channel for the
 * guest's requests (RUN_WAIT), answers them (RUN_REPLY, which rings the
 * guest's doorbell) and forwards signals (RUN_SIGNAL). Closing the file
 * before the program ended kills the program.
 *
 * The channel lives in guest RAM and the guest may change it at any
 * time: every field is read once, checked, and used from the copy. The
 * only guest memory touched is the channel (its place was checked when
 * registered), and the only IPIs sent go to the VM's own cores.
 */
#include <linux/cred.h>
#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "vmm.h"
#include "run.h"
#include "uapi/v3vee_guest.h"

/* Polling: fast right after activity, slow when the guest is quiet. */
#define POLL_FAST_US 20
#define POLL_SLOW_US 1000
#define POLL_FAST_FOR_NS (5 * NSEC_PER_MSEC)

static struct v3_chan *chan_of(struct vm *vm)
{
	return smp_load_acquire(&vm->run_chan);
}

static u8 *chan_data(struct v3_chan *c)
{
	return (u8 *)c + V3_CHAN_DATA_OFF;
}

/* A fixed IPI to the vCPU with this APIC ID, if the VM has one. */
static void doorbell(struct vm *vm, u32 apic_id)
{
	if (READ_ONCE(vm->state) != V3_VM_RUNNING)
		return;
	for (unsigned int i = 0; i < vm->nvcpus; i++) {
		struct vcpu *v = vm->vcpus[i];

		if (v->apic_id == apic_id && v->cpu >= 0) {
			arch_send_guest_irq(v->cpu, V3_DOORBELL_VECTOR);
			return;
		}
	}
}

static u32 boot_apic(struct vm *vm)
{
	return vm->vcpus[0]->apic_id;
}

long run_start(struct run_session *s, void __user *arg)
{
	struct v3_run_start req;
	struct v3_chan *c;
	struct vm *vm;
	void *job;
	long err = 0;

	if (s->vm)
		return -EBUSY; /* one run per open file */
	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.reserved || req.flags & ~V3_RUN_FORWARD ||
	    req.job_len > V3_RUN_DATA_MAX || req.job_len < 8)
		return -EINVAL;
	req.name[V3_NAME_MAX - 1] = '\0';
	job = kvmalloc(req.job_len, GFP_KERNEL);
	if (!job)
		return -ENOMEM;
	if (copy_from_user(job, u64_to_user_ptr(req.job), req.job_len)) {
		kvfree(job);
		return -EFAULT;
	}
	vms_lock();
	vm = vm_get_by_name(req.name);
	if (!vm || !vm_published(vm))
		err = -ENOENT;
	/*
	 * The guest acts as the caller through v3ctl run's proxy (files,
	 * as its uid): only the VM's creator may let it, or any member of
	 * /dev/v3vmm's group could lend a guest of theirs another user's
	 * identity, root's included.
	 */
	else if (!uid_eq(current_euid(), vm->owner))
		err = -EPERM;
	else if (READ_ONCE(vm->state) != V3_VM_RUNNING)
		err = -ESRCH; /* ended or failed */
	else if (!vm->run_capable)
		err = -ENOEXEC; /* created with its program */
	else if (vm->run_owner)
		err = -EBUSY;
	else if (!chan_of(vm))
		err = -EAGAIN; /* still booting */
	else if (READ_ONCE(chan_of(vm)->end_seq) != vm->run_job_seq)
		err = -EAGAIN; /* the last program is still ending */
	if (!err) {
		c = chan_of(vm);
		vm->run_owner = s;
		s->vm = vm;
		s->job_seq = ++vm->run_job_seq;
		s->last_req = READ_ONCE(c->req_seq);
		s->answerable = 0;
		s->ended = false;
		s->prog_size = req.prog_size;
		s->last_activity = ktime_get_ns();
		/* The last program has ended: the data area and the
		 * signals are this job's. */
		WRITE_ONCE(c->sig_pending, 0);
		memcpy(chan_data(c), job, req.job_len);
		WRITE_ONCE(c->job_len, req.job_len);
		WRITE_ONCE(c->job_flags, req.flags);
		WRITE_ONCE(c->prog_size, req.prog_size);
		smp_wmb(); /* the job before its number */
		WRITE_ONCE(c->job_seq, s->job_seq);
		doorbell(vm, boot_apic(vm));
		req.ncores = vm->nvcpus;
	}
	vms_unlock();
	kvfree(job);
	if (err)
		return err;
	/* The run is on; a lost answer does not undo it. */
	return copy_to_user(arg, &req, sizeof(req)) ? -EFAULT : 0;
}

/* The first event of the run, if any. */
static bool run_event(struct run_session *s, struct v3_chan *c,
		      struct v3_run_wait *w, u8 **data)
{
	u64 seq;

	w->vm_state = READ_ONCE(s->vm->state);
	if (READ_ONCE(c->end_seq) == s->job_seq) {
		smp_rmb();
		w->event = V3_RUN_EV_END;
		w->status = READ_ONCE(c->end_status) & 0xff;
		s->ended = true;
		return true;
	}
	if (w->vm_state != V3_VM_RUNNING) {
		w->event = V3_RUN_EV_VM_DOWN;
		return true;
	}
	seq = READ_ONCE(c->req_seq);
	if (seq == s->last_req)
		return false;
	smp_rmb(); /* the request after its number */
	w->event = V3_RUN_EV_REQUEST;
	w->seq = seq;
	w->op = READ_ONCE(c->req_op);
	for (int i = 0; i < 6; i++)
		w->arg[i] = READ_ONCE(c->req_arg[i]);
	w->len = min_t(u32, READ_ONCE(c->req_len), V3_CHAN_DATA_MAX);
	s->req_apic = READ_ONCE(c->req_apic);
	s->last_req = seq;
	s->answerable = seq;
	*data = chan_data(c);
	return true;
}

long run_wait(struct run_session *s, void __user *arg)
{
	struct v3_run_wait w;
	struct v3_chan *c;
	u8 *data = NULL;
	u64 deadline, last_req, answerable;

	if (!s->vm)
		return -ENOENT;
	if (copy_from_user(&w, arg, sizeof(w)))
		return -EFAULT;
	if (w.reserved || w.timeout_ms > 60000)
		return -EINVAL;
	if (s->ended)
		return -ESRCH; /* the run is over */
	c = chan_of(s->vm);
	/* An event the caller cannot be told about is told again. */
	last_req = s->last_req;
	answerable = s->answerable;
	deadline = ktime_get_ns() + (u64)w.timeout_ms * NSEC_PER_MSEC;
	w.event = V3_RUN_EV_NONE;
	w.len = 0;
	for (;;) {
		u64 now;

		if (run_event(s, c, &w, &data))
			break;
		if (signal_pending(current))
			return -EINTR;
		now = ktime_get_ns();
		if (now >= deadline)
			break;
		if (now - s->last_activity < POLL_FAST_FOR_NS)
			usleep_range(POLL_FAST_US, 2 * POLL_FAST_US);
		else
			usleep_range(POLL_SLOW_US, POLL_SLOW_US + POLL_SLOW_US / 4);
	}
	if (w.event == V3_RUN_EV_REQUEST) {
		s->last_activity = ktime_get_ns();
		/* Copied straight from guest RAM: what the guest changes
		 * meanwhile is its own business. */
		if (copy_to_user(u64_to_user_ptr(w.buf), data,
				 min(w.len, w.buf_len)))
			goto untold;
	}
	if (!copy_to_user(arg, &w, sizeof(w)))
		return 0;
untold:
	s->last_req = last_req;
	s->answerable = answerable;
	s->ended = false;
	return -EFAULT;
}

long run_reply(struct run_session *s, void __user *arg)
{
	struct v3_run_reply r;
	struct v3_chan *c;

	if (!s->vm)
		return -ENOENT;
	if (copy_from_user(&r, arg, sizeof(r)))
		return -EFAULT;
	if (r.reserved || r.len > V3_CHAN_DATA_MAX)
		return -EINVAL;
	if (s->ended || !r.seq || r.seq != s->answerable)
		return -ESRCH; /* not the request the guest waits for */
	c = chan_of(s->vm);
	if (READ_ONCE(c->req_seq) != r.seq || READ_ONCE(c->end_seq) == s->job_seq)
		return -ESRCH;
	if (r.len && copy_from_user(chan_data(c), u64_to_user_ptr(r.buf), r.len))
		return -EFAULT;
	s->answerable = 0;
	WRITE_ONCE(c->resp_ret, r.ret);
	WRITE_ONCE(c->resp_len, r.len);
	smp_wmb(); /* the answer before its number */
	WRITE_ONCE(c->resp_seq, r.seq);
	doorbell(s->vm, s->req_apic);
	s->last_activity = ktime_get_ns();
	return 0;
}

static void send_signal(struct run_session *s, unsigned int sig)
{
	struct v3_chan *c = chan_of(s->vm);

	set_bit(sig - 1, (unsigned long *)&c->sig_pending);
	doorbell(s->vm, boot_apic(s->vm));
}

long run_signal(struct run_session *s, void __user *arg)
{
	struct v3_run_signal r;

	if (!s->vm)
		return -ENOENT;
	if (copy_from_user(&r, arg, sizeof(r)))
		return -EFAULT;
	if (r.reserved || r.sig < 1 || r.sig > 64)
		return -EINVAL;
	if (s->ended)
		return -ESRCH;
	send_signal(s, r.sig);
	return 0;
}

/* The file goes: a program still running (or not yet started) is killed:
 * kill_seq names its job, which the guest ends as by SIGKILL. */
void run_release(struct run_session *s)
{
	struct v3_chan *c;

	if (!s->vm)
		return;
	c = chan_of(s->vm);
	if (!s->ended && READ_ONCE(c->end_seq) != s->job_seq) {
		WRITE_ONCE(c->kill_seq, s->job_seq);
		doorbell(s->vm, boot_apic(s->vm));
	}
	vms_lock();
	s->vm->run_owner = NULL;
	vms_unlock();
	s->vm = NULL;
}
