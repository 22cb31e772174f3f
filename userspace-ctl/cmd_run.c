// SPDX-License-Identifier: GPL-2.0
/*
 * v3ctl run NAME [options] [--] PROGRAM [ARGS...]: runs PROGRAM in a VM
 * started without one, as if it were local (Documentation/run.md).
 *
 * This process is the program's proxy, as McKernel's mcexec: it hands
 * the VM the job, then serves the guest's requests (the program's bytes,
 * its stdio, and unless --no-forward its file system calls) with its own
 * system calls, so the caller's identity and permissions apply and
 * errno values come back as they are. SIGINT, SIGTERM and SIGHUP go to
 * the program; the third one kills it (SIGKILL). v3ctl run exits with
 * the program's status (128+N when signal N ended it), or
 * RUN_EXIT_VM_DOWN when the VM stopped under it.
 *
 * Everything the guest sends is checked here before use: handles name
 * only files this run opened (or its stdio), lengths fit the buffers,
 * paths end inside the data they came in.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"
#include "libv3vee.h"
#include "program_check.h"
#include "v3ctl.h"
#include "v3vee_guest.h"

#define PROCFS_MAGIC 0x9fa0 /* PROC_SUPER_MAGIC, linux/magic.h */

/*
 * A file on procfs is this proxy's own state as much as the caller's
 * (/proc/self/mem, /proc/self/fd/N): a guest opening it could act beyond
 * file system calls (write the proxy's memory, then run any system call
 * as the caller). The LWK keeps /proc to itself; a path that reaches the
 * host's anyway (//proc, ../../proc, a hostile guest kernel) is refused
 * here, with EACCES.
 */
static int on_procfs(int fd)
{
	struct statfs sfs;

	return fstatfs(fd, &sfs) != 0 || sfs.f_type == PROCFS_MAGIC;
}

#define RUN_EXIT_VM_DOWN 255  /* the VM failed or ended during the run */
#define RUN_EXIT_REFUSED 1    /* nothing ran */
#define MAX_HANDLES 1024
#define MAX_ENV 4096
#define BOOT_WAIT_S 120       /* a VM just created may still boot */
#define KERNEL_TERMIOS_SIZE 36 /* TCGETS fills the kernel's struct termios */

extern char **environ;

struct run_args {
	const char *name;
	const char *cwd;
	int env_host;
	int forward;
	const char *env[MAX_ENV];
	int nenv;
	const char *program;
	char **args; /* PROGRAM and its arguments */
	int nargs;
};

static volatile sig_atomic_t sig_pending[65];
static int handles[MAX_HANDLES]; /* handle -> this process's fd, -1 free */

static void on_signal(int sig)
{
	sig_pending[sig] = 1;
}

static int parse(const struct command *cmd, int argc, char **argv,
		 struct run_args *a)
{
	int i;

	a->forward = 1;
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *value;
		int r;

		if (arg_is_help(arg))
			return ctl_help(cmd);
		if (!strcmp(arg, "--")) {
			i++;
			break;
		}
		if (!strcmp(arg, "--env-host")) {
			a->env_host = 1;
			continue;
		}
		if (!strcmp(arg, "--no-forward")) {
			a->forward = 0;
			continue;
		}
		r = arg_option(argc, argv, &i, "--env", &value);
		if (r < 0)
			return ctl_usage(cmd, "--env needs K=V");
		if (r > 0) {
			if (!strchr(value, '=') || value[0] == '=')
				return ctl_usage(cmd, "--env %s: not K=V", value);
			if (a->nenv == MAX_ENV)
				return ctl_usage(cmd, "too many --env");
			a->env[a->nenv++] = value;
			continue;
		}
		r = arg_option(argc, argv, &i, "--cwd", &value);
		if (r < 0)
			return ctl_usage(cmd, "--cwd needs a directory");
		if (r > 0) {
			a->cwd = value;
			continue;
		}
		if (arg[0] == '-')
			return ctl_usage(cmd, "unknown option %s", arg);
		if (!a->name) {
			a->name = arg;
			continue;
		}
		break; /* PROGRAM */
	}
	if (!a->name)
		return ctl_usage(cmd, "no NAME given");
	if (i >= argc)
		return ctl_usage(cmd, "no PROGRAM given");
	a->program = argv[i];
	a->args = argv + i;
	a->nargs = argc - i;
	return ARG_GO_ON;
}

/* --- the job ---------------------------------------------------------- */

struct blob {
	char *p;
	size_t len, cap;
};

static int blob_add(struct blob *b, const void *s, size_t n)
{
	if (b->len + n > V3_RUN_DATA_MAX)
		return -E2BIG;
	if (b->len + n > b->cap) {
		size_t cap = (b->len + n) * 2;
		char *p = realloc(b->p, cap);

		if (!p)
			return -ENOMEM;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	return 0;
}

static int env_has(const char **env, int n, const char *kv)
{
	size_t k = strchr(kv, '=') - kv;

	for (int i = 0; i < n; i++) {
		if (!strncmp(env[i], kv, k + 1))
			return 1;
	}
	return 0;
}

/*
 * The environment: --env-host's (the caller's), then the minimal set
 * where not given, then --env (a later K= replaces an earlier one).
 */
static int build_env(const struct run_args *a, uint32_t ncores,
		     const char *cwd, const char **out, char *own[3])
{
	const char *tmp[MAX_ENV];
	int n = 0, m = 0;

	for (int i = a->nenv - 1; i >= 0; i--) {
		if (!env_has(tmp, n, a->env[i]))
			tmp[n++] = a->env[i];
	}
	if (asprintf(&own[0], "OMP_NUM_THREADS=%u", ncores) < 0 ||
	    asprintf(&own[1], "PWD=%s", cwd) < 0)
		return -ENOMEM;
	own[2] = NULL;
	if (a->env_host) {
		for (char **e = environ; *e && n < MAX_ENV; e++) {
			if (strchr(*e, '=') && !env_has(tmp, n, *e))
				tmp[n++] = *e;
		}
	}
	const char *minimal[] = { "PATH=/usr/local/bin:/usr/bin:/bin", own[0],
				  own[1] };

	for (unsigned int i = 0; i < 3 && n < MAX_ENV; i++) {
		if (!env_has(tmp, n, minimal[i]))
			tmp[n++] = minimal[i];
	}
	for (int i = 0; i < n; i++)
		out[m++] = tmp[i];
	return m;
}

static int build_job(const struct run_args *a, const char **env, int nenv,
		     struct blob *b)
{
	uint32_t n[2] = { a->nargs, nenv };
	int ret = blob_add(b, n, sizeof(n));

	for (int i = 0; !ret && i < a->nargs; i++)
		ret = blob_add(b, a->args[i], strlen(a->args[i]) + 1);
	for (int i = 0; !ret && i < nenv; i++)
		ret = blob_add(b, env[i], strlen(env[i]) + 1);
	return ret;
}

/* --- serving requests -------------------------------------------------- */

struct run_state {
	int fd;                 /* /dev/v3vmm */
	int forward;
	struct file_data prog;
	uint8_t *req;           /* the request's data */
	uint8_t *ans;           /* the answer's data */
};

static int host_fd(int64_t h)
{
	if (h < 0 || h >= MAX_HANDLES)
		return -1;
	return handles[h];
}

/* A handle, or AT_FDCWD, as a directory to resolve paths against. */
static int dir_fd(int64_t h, int *fd)
{
	if (h == AT_FDCWD) {
		*fd = AT_FDCWD;
		return 0;
	}
	*fd = host_fd(h);
	return *fd < 0 ? -EBADF : 0;
}

static int new_handle(int fd)
{
	for (int h = 0; h < MAX_HANDLES; h++) {
		if (handles[h] < 0) {
			handles[h] = fd;
			return h;
		}
	}
	close(fd);
	return -EMFILE;
}

/* The path at off in the request (len bytes), NUL-terminated inside. */
static const char *req_path(const uint8_t *req, uint32_t len, size_t off)
{
	if (off >= len || !memchr(req + off, '\0', len - off))
		return NULL;
	return (const char *)req + off;
}

#define SYS(expr) ((expr) < 0 ? -(int64_t)errno : 0)

/*
 * One request: the result (or -errno), with *out_len bytes of answer in
 * s->ans. op and arg are as the guest wrote them.
 */
static int64_t serve(struct run_state *s, const struct v3_run_wait *w,
		     size_t *out_len)
{
	const __s64 *a = w->arg;
	uint32_t len = w->len;
	const char *path = NULL;
	int fd = -1, dfd = -1, r;
	ssize_t n;

	*out_len = 0;
	if (w->op == V3_OP_PROGRAM_READ) {
		uint64_t off = a[0], cnt = a[1];

		if (a[0] < 0 || a[1] < 0 || off > s->prog.len)
			return -EINVAL;
		cnt = cnt > V3_CHAN_DATA_MAX ? V3_CHAN_DATA_MAX : cnt;
		cnt = cnt > s->prog.len - off ? s->prog.len - off : cnt;
		memcpy(s->ans, (uint8_t *)s->prog.data + off, cnt);
		*out_len = cnt;
		return cnt;
	}
	switch (w->op) {
	/* Calls on a handle. */
	case SYS_close:
	case SYS_read:
	case SYS_pread64:
	case SYS_write:
	case SYS_pwrite64:
	case SYS_lseek:
	case SYS_fstat:
	case SYS_getdents64:
	case SYS_ftruncate:
	case SYS_fsync:
	case SYS_fdatasync:
	case SYS_ioctl:
	case SYS_fchdir:
		fd = host_fd(a[0]);
		if (fd < 0)
			return -EBADF;
		if (!s->forward && w->op != SYS_close && w->op != SYS_read &&
		    w->op != SYS_write && w->op != SYS_fstat &&
		    w->op != SYS_ioctl && w->op != SYS_lseek)
			return -EPERM; /* only stdio without forwarding */
		break;
	case SYS_getcwd:
	case SYS_openat:
	case SYS_newfstatat:
	case SYS_statx:
	case SYS_faccessat2:
	case SYS_unlinkat:
	case SYS_mkdirat:
	case SYS_readlinkat:
	case SYS_truncate:
	case SYS_chdir:
	case SYS_renameat2:
		if (!s->forward)
			return -EPERM; /* --no-forward: the guest has no say */
		if (w->op == SYS_getcwd)
			break;
		path = req_path(s->req, len, 0);
		if (!path)
			return -EINVAL;
		if (w->op != SYS_truncate && w->op != SYS_chdir) {
			r = dir_fd(a[0], &dfd);
			if (r)
				return r;
		}
		break;
	default:
		return -ENOSYS;
	}

	switch (w->op) {
	case SYS_close:
		handles[a[0]] = -1;
		return SYS(close(fd));
	case SYS_read:
	case SYS_pread64:
		if (a[1] < 0 || a[1] > V3_CHAN_DATA_MAX)
			return -EINVAL;
		n = w->op == SYS_read ? read(fd, s->ans, a[1]) :
					pread(fd, s->ans, a[1], a[2]);
		if (n < 0)
			return -errno;
		*out_len = n;
		return n;
	case SYS_write:
	case SYS_pwrite64:
		if (a[1] < 0 || a[1] > len)
			return -EINVAL;
		n = w->op == SYS_write ? write(fd, s->req, a[1]) :
					 pwrite(fd, s->req, a[1], a[2]);
		return n < 0 ? -errno : n;
	case SYS_lseek: {
		off_t o = lseek(fd, a[1], (int)a[2]);

		return o < 0 ? -errno : o;
	}
	case SYS_fstat:
		if (syscall(SYS_fstat, fd, s->ans) < 0)
			return -errno;
		*out_len = 144;
		return 0;
	case SYS_getdents64:
		if (a[1] < 0 || a[1] > V3_CHAN_DATA_MAX)
			return -EINVAL;
		n = syscall(SYS_getdents64, fd, s->ans, (size_t)a[1]);
		if (n < 0)
			return -errno;
		*out_len = n;
		return n;
	case SYS_ftruncate:
		return SYS(ftruncate(fd, a[1]));
	case SYS_fsync:
		return SYS(fsync(fd));
	case SYS_fdatasync:
		return SYS(fdatasync(fd));
	case SYS_fchdir:
		return SYS(fchdir(fd));
	case SYS_ioctl:
		if (a[1] == TCGETS) {
			if (ioctl(fd, TCGETS, s->ans) < 0)
				return -errno;
			*out_len = KERNEL_TERMIOS_SIZE;
			return 0;
		}
		if (a[1] == TIOCGWINSZ) {
			if (ioctl(fd, TIOCGWINSZ, s->ans) < 0)
				return -errno;
			*out_len = sizeof(struct winsize);
			return 0;
		}
		return -ENOTTY;
	case SYS_getcwd:
		if (a[0] < 0 || a[0] > V3_CHAN_DATA_MAX)
			return -EINVAL;
		n = syscall(SYS_getcwd, s->ans, (size_t)a[0]);
		if (n < 0)
			return -errno;
		*out_len = n;
		return n;
	case SYS_openat:
		r = openat(dfd, path, (int)a[1] | O_CLOEXEC | O_NOCTTY,
			   (mode_t)a[2]);
		if (r < 0)
			return -errno;
		if (on_procfs(r)) {
			close(r);
			return -EACCES;
		}
		return new_handle(r);
	case SYS_newfstatat:
		if (syscall(SYS_newfstatat, dfd, path, s->ans, (int)a[1]) < 0)
			return -errno;
		*out_len = 144;
		return 0;
	case SYS_statx:
		if (syscall(SYS_statx, dfd, path, (int)a[1], (unsigned)a[2],
			    s->ans) < 0)
			return -errno;
		*out_len = 256;
		return 0;
	case SYS_faccessat2:
		r = syscall(SYS_faccessat2, dfd, path, (int)a[1], (int)a[2]);
		if (r < 0 && errno == ENOSYS && !a[2])
			r = faccessat(dfd, path, (int)a[1], 0);
		return r < 0 ? -errno : 0;
	case SYS_unlinkat:
		return SYS(unlinkat(dfd, path, (int)a[1]));
	case SYS_mkdirat:
		return SYS(mkdirat(dfd, path, (mode_t)a[1]));
	case SYS_readlinkat:
		if (a[1] < 0 || a[1] > V3_CHAN_DATA_MAX)
			return -EINVAL;
		n = readlinkat(dfd, path, (char *)s->ans, a[1]);
		if (n < 0)
			return -errno;
		*out_len = n;
		return n;
	case SYS_truncate:
		return SYS(truncate(path, a[1]));
	case SYS_chdir:
		return SYS(chdir(path));
	case SYS_renameat2: {
		const char *newp = req_path(s->req, len, strlen(path) + 1);
		int ndfd;

		if (!newp)
			return -EINVAL;
		r = dir_fd(a[1], &ndfd);
		if (r)
			return r;
		if (!a[2])
			return SYS(renameat(dfd, path, ndfd, newp));
		return SYS(syscall(SYS_renameat2, dfd, path, ndfd, newp,
				   (unsigned)a[2]));
	}
	}
	return -ENOSYS;
}

/* --- the run ------------------------------------------------------------ */

static int find_program(const char *prog, char *out, size_t size)
{
	const char *path = getenv("PATH");

	if (strchr(prog, '/')) {
		snprintf(out, size, "%s", prog);
		return 0;
	}
	/* As execvp: a bare name is looked up in PATH. */
	while (path && *path) {
		const char *end = strchrnul(path, ':');

		snprintf(out, size, "%.*s/%s", (int)(end - path), path, prog);
		if (!access(out, F_OK))
			return 0;
		path = *end ? end + 1 : end;
	}
	return -ENOENT;
}

static int check_program(const char *prog, char *file, size_t size,
			 struct file_data *data)
{
	struct stat st;
	char why[512];
	int ret;

	if (find_program(prog, file, size) || stat(file, &st)) {
		ctl_error("%s: no such program", prog);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		ctl_error("%s is not a regular file", prog);
		return -1;
	}
	if (access(file, X_OK)) {
		ctl_error("%s is not executable (%s)", prog, strerror(errno));
		return -1;
	}
	ret = file_read_all(file, data);
	if (ret) {
		ctl_error("%s: %s", prog, strerror(-ret));
		return -1;
	}
	if (program_check(data->data, data->len, why, sizeof(why))) {
		ctl_error("%s is not a program the LWK can run: %s", prog, why);
		return -1;
	}
	return 0;
}

/* Is the VM there and able to take a job? Its vCPU count, or -1. */
static int check_vm(int fd, const char *name)
{
	struct v3_vm_stats *st = calloc(1, sizeof(*st));
	int ret, n;

	if (!st)
		return -1;
	ret = v3_vm_stats(fd, name, st);
	if (ret) {
		free(st);
		ctl_vm_error(name, ret, "look at");
		return -1;
	}
	if (st->state == V3_VM_FAILED) {
		ctl_error("VM %s has failed (%s): destroy it", name,
			  st->fail_reason);
		free(st);
		return -1;
	}
	if (st->state == V3_VM_EXITED) {
		ctl_error("VM %s has ended (status %d): destroy it", name,
			  st->exit_status);
		free(st);
		return -1;
	}
	n = st->ncores;
	free(st);
	return n;
}

static int start(int fd, const struct run_args *a, const struct blob *job,
		 uint64_t prog_size)
{
	time_t give_up = time(NULL) + BOOT_WAIT_S;
	int ret;

	for (;;) {
		ret = v3_run_start(fd, a->name, job->p, job->len,
				   a->forward ? V3_RUN_FORWARD : 0, prog_size,
				   NULL);
		if (ret != -EAGAIN || time(NULL) >= give_up)
			break;
		usleep(100000); /* booting, or the last program ending */
	}
	if (!ret)
		return 0;
	if (ret == -EBUSY)
		ctl_error("VM %s is busy with another v3ctl run (runs are refused, not queued)",
			  a->name);
	else if (ret == -ENOEXEC)
		ctl_error("VM %s was created with its own program: create it without one to use v3ctl run",
			  a->name);
	else if (ret == -EAGAIN)
		ctl_error("VM %s did not get ready for a program in %d s: still booting, or its last program does not end (see v3ctl console %s)",
			  a->name, BOOT_WAIT_S, a->name);
	else if (ret == -ESRCH)
		ctl_error("VM %s is no longer running", a->name);
	else if (ret == -EPERM)
		ctl_error("VM %s was created by another user: v3ctl run hands programs only to your own VMs (their guest acts as you)",
			  a->name);
	else
		return ctl_vm_error(a->name, ret, "run a program in"), -1;
	return -1;
}

static void forward_signals(int fd, int *count)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };

	for (unsigned int i = 0; i < 3; i++) {
		int sig = sigs[i];

		if (!sig_pending[sig])
			continue;
		sig_pending[sig] = 0;
		if (++*count >= 3) {
			ctl_note("third signal: killing the program (SIGKILL)");
			v3_run_signal(fd, SIGKILL);
		} else {
			v3_run_signal(fd, sig);
		}
	}
}

static int proxy(struct run_state *s, const char *name)
{
	struct v3_run_wait w;
	int nsig = 0;

	for (;;) {
		size_t out = 0;
		int64_t r;
		int ret;

		/* Also a signal that ended a blocking call in serve(). */
		forward_signals(s->fd, &nsig);
		ret = v3_run_wait(s->fd, 1000, s->req, V3_CHAN_DATA_MAX, &w);
		forward_signals(s->fd, &nsig);
		if (ret == -EINTR)
			continue;
		if (ret) {
			ctl_error("lost the run in VM %s: %s", name,
				  strerror(-ret));
			return RUN_EXIT_VM_DOWN;
		}
		switch (w.event) {
		case V3_RUN_EV_END:
			return w.status;
		case V3_RUN_EV_VM_DOWN:
			ctl_error("VM %s %s during the run (see v3ctl stats %s)",
				  name, w.vm_state == V3_VM_FAILED ? "failed" :
				  "ended", name);
			return RUN_EXIT_VM_DOWN;
		case V3_RUN_EV_REQUEST:
			if (w.len > V3_CHAN_DATA_MAX)
				w.len = V3_CHAN_DATA_MAX;
			r = serve(s, &w, &out);
			ret = v3_run_reply(s->fd, w.seq, r, s->ans, out);
			if (ret && ret != -ESRCH) {
				ctl_error("cannot answer VM %s: %s", name,
					  strerror(-ret));
				return RUN_EXIT_VM_DOWN;
			}
			break;
		default:
			break;
		}
	}
}

static int run_run(const struct command *cmd, int argc, char **argv)
{
	static struct run_args a;
	struct run_state s = { .fd = -1 };
	struct blob job = { 0 };
	const char *env[MAX_ENV + 3];
	char file[PATH_MAX], cwd[PATH_MAX], *own[3] = { 0 };
	struct sigaction sa;
	int ret, ncores, nenv, status = RUN_EXIT_REFUSED;

	ret = parse(cmd, argc, argv, &a);
	if (ret != ARG_GO_ON)
		return ret;
	s.forward = a.forward;
	if (check_program(a.program, file, sizeof(file), &s.prog))
		return RUN_EXIT_REFUSED;
	if (a.cwd && chdir(a.cwd)) {
		ctl_error("--cwd %s: %s", a.cwd, strerror(errno));
		goto out;
	}
	if (!getcwd(cwd, sizeof(cwd)))
		snprintf(cwd, sizeof(cwd), "/");
	s.fd = ctl_open_device();
	if (s.fd < 0)
		goto out;
	ncores = check_vm(s.fd, a.name);
	if (ncores < 0)
		goto out;
	nenv = build_env(&a, ncores, cwd, env, own);
	if (nenv < 0 || build_job(&a, env, nenv, &job)) {
		ctl_error("the arguments and environment do not fit in %d bytes",
			  V3_RUN_DATA_MAX);
		goto out;
	}
	s.req = malloc(V3_CHAN_DATA_MAX);
	s.ans = malloc(V3_CHAN_DATA_MAX);
	if (!s.req || !s.ans) {
		ctl_error("out of memory");
		goto out;
	}
	/*
	 * The program's stdio: copies, so that it may close them; one that
	 * was closed when v3ctl started stays closed for the program.
	 */
	for (int h = 0; h < MAX_HANDLES; h++)
		handles[h] = h < 3 && !(ctl_stdio_closed & (1u << h)) ?
				     fcntl(h, F_DUPFD_CLOEXEC, 3) :
				     -1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal; /* no SA_RESTART: waits end with EINTR */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN); /* EPIPE goes to the program */
	if (start(s.fd, &a, &job, s.prog.len))
		goto out;
	status = proxy(&s, a.name);
out:
	if (s.fd >= 0)
		v3_close(s.fd); /* a program still running is killed */
	free(job.p);
	free(own[0]);
	free(own[1]);
	free(s.req);
	free(s.ans);
	file_data_free(&s.prog);
	return status;
}

const struct command cmd_run = {
	.name = "run",
	.summary = "run a program in a VM created without one",
	.help = "usage: v3ctl run NAME [--env K=V]... [--env-host] [--cwd DIR]\n"
		"                [--no-forward] [--] PROGRAM [ARGS...]\n"
		"\n"
		"Runs PROGRAM (a static x86-64 Linux executable on this host)\n"
		"in VM NAME, created without a program, as if it were local:\n"
		"its stdin, stdout and stderr are this command's; its file\n"
		"system calls are made by this command, as you, relative to\n"
		"DIR; Ctrl-C (SIGINT), SIGTERM and SIGHUP go to it (a third\n"
		"signal kills it). Exits with its status (128+N if signal N\n"
		"ended it), 255 if the VM failed or ended during the run, 1\n"
		"if nothing ran. One run at a time per VM: another is refused.\n"
		"\n"
		"  --env K=V     set K in its environment (repeatable)\n"
		"  --env-host    pass this command's environment too\n"
		"  --cwd DIR     its working directory (default: the current one)\n"
		"  --no-forward  files stay in the LWK's memory (stdio still\n"
		"                comes here)\n"
		"\n"
		"Its environment: --env, --env-host's, then PATH, PWD and\n"
		"OMP_NUM_THREADS (the VM's core count) where not given.\n",
	.run = run_run,
};
