// SPDX-License-Identifier: GPL-2.0
/*
 * hpccg - conjugate gradient on a 27-point stencil, after Sandia's HPCCG
 * mini-application (Mantevo).
 *
 * The problem: an nx x ny x nz grid, one unknown per point, one matrix row
 * per point whose non-zeros couple the point to itself (27.0) and to each
 * of its up to 26 neighbours (-1.0). The right-hand side is the row sum,
 * so the exact solution is a vector of ones; the initial guess is zero.
 * The matrix is kept in CSR form.
 *
 * The solver is unpreconditioned CG built from three kernels, each timed
 * separately and parallelised with OpenMP: DDOT (a reduction), WAXPBY
 * (w = alpha x + beta y) and SPARSEMV (y = A x). Like the reference it
 * runs iterations k = 1 .. max_iter - 1 while the residual norm is above
 * the tolerance, which defaults to 0.0, so a normal run does 149
 * iterations. Floating-point work is counted as the reference counts it:
 * per iteration 4n for DDOT, 6n for WAXPBY and 2 nnz for SPARSEMV.
 *
 * Built with -DHPCCG_SINGLE the same code runs in single precision
 * ("phpccg" in the paper's evaluation).
 *
 * At the end a YAML report is written to the current directory, and the
 * run is checked: the final residual must be below a fraction of the
 * initial one and the solution close to all ones, else exit status 1.
 */
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <memory>
#include <string>

#include <getopt.h>
#include <omp.h>

#ifdef HPCCG_SINGLE
typedef float real;
static const char *const precision_name = "single";
/* What a correct single-precision run reaches with the default options. */
static const double check_rel_residual = 1e-4;
static const double check_solution_error = 1e-3;
#else
typedef double real;
static const char *const precision_name = "double";
static const double check_rel_residual = 1e-6;
static const double check_solution_error = 1e-6;
#endif

namespace {

const int default_max_iter = 150;

double now()
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/*
 * Uninitialised storage: vectors are first written by the OpenMP threads
 * that later use them, so pages land near those threads.
 */
template <typename T> std::unique_ptr<T[]> raw_array(std::int64_t n)
{
	return std::unique_ptr<T[]>(new T[n]);
}

struct csr_matrix {
	std::int64_t nrow = 0;
	std::int64_t nnz = 0;
	std::unique_ptr<std::int64_t[]> row_start; /* nrow + 1 entries */
	std::unique_ptr<std::int32_t[]> col;
	std::unique_ptr<real[]> val;
};

/* How many of the offsets -1, 0, +1 stay inside [0, n) from i. */
inline int neighbours_1d(int i, int n)
{
	return 1 + (i > 0) + (i < n - 1);
}

/*
 * Build A, b, x = 0 and the exact solution (all ones). Rows are numbered
 * x fastest, then y, then z; each row's columns come out sorted.
 */
void generate_problem(int nx, int ny, int nz, csr_matrix &a,
		      std::unique_ptr<real[]> &b, std::unique_ptr<real[]> &x,
		      std::unique_ptr<real[]> &xexact)
{
	const std::int64_t plane = (std::int64_t)nx * ny;
	const std::int64_t nrow = plane * nz;

	a.nrow = nrow;
	a.row_start = raw_array<std::int64_t>(nrow + 1);
	b = raw_array<real>(nrow);
	x = raw_array<real>(nrow);
	xexact = raw_array<real>(nrow);

	/* Pass 1: row lengths, then their prefix sum. */
#pragma omp parallel for schedule(static)
	for (std::int64_t row = 0; row < nrow; row++) {
		int ix = (int)(row % nx);
		int iy = (int)(row / nx % ny);
		int iz = (int)(row / plane);

		a.row_start[row + 1] = neighbours_1d(ix, nx) *
				       neighbours_1d(iy, ny) *
				       neighbours_1d(iz, nz);
	}
	a.row_start[0] = 0;
	for (std::int64_t row = 0; row < nrow; row++)
		a.row_start[row + 1] += a.row_start[row];
	a.nnz = a.row_start[nrow];
	a.col = raw_array<std::int32_t>(a.nnz);
	a.val = raw_array<real>(a.nnz);

	/* Pass 2: the entries, with the same static schedule as the solver. */
#pragma omp parallel for schedule(static)
	for (std::int64_t row = 0; row < nrow; row++) {
		int ix = (int)(row % nx);
		int iy = (int)(row / nx % ny);
		int iz = (int)(row / plane);
		std::int64_t k = a.row_start[row];

		for (int dz = -1; dz <= 1; dz++) {
			if (iz + dz < 0 || iz + dz >= nz)
				continue;
			for (int dy = -1; dy <= 1; dy++) {
				if (iy + dy < 0 || iy + dy >= ny)
					continue;
				for (int dx = -1; dx <= 1; dx++) {
					if (ix + dx < 0 || ix + dx >= nx)
						continue;
					std::int64_t c =
						row + dz * plane + dy * nx + dx;
					a.col[k] = (std::int32_t)c;
					a.val[k] = c == row ? 27.0 : -1.0;
					k++;
				}
			}
		}
		/* Row sum: 27 on the diagonal, -1 for each neighbour. */
		std::int64_t len = k - a.row_start[row];
		b[row] = (real)(27.0 - (double)(len - 1));
		x[row] = 0.0;
		xexact[row] = 1.0;
	}
}

/* w = alpha x + beta y, with the unit-coefficient cases spelled out. */
void waxpby(std::int64_t n, real alpha, const real *x, real beta, const real *y,
	    real *w)
{
	if (alpha == 1.0) {
#pragma omp parallel for schedule(static)
		for (std::int64_t i = 0; i < n; i++)
			w[i] = x[i] + beta * y[i];
	} else if (beta == 1.0) {
#pragma omp parallel for schedule(static)
		for (std::int64_t i = 0; i < n; i++)
			w[i] = alpha * x[i] + y[i];
	} else {
#pragma omp parallel for schedule(static)
		for (std::int64_t i = 0; i < n; i++)
			w[i] = alpha * x[i] + beta * y[i];
	}
}

/* Accumulates in the working precision, as the reference does. */
real ddot(std::int64_t n, const real *x, const real *y)
{
	real sum = 0.0;

#pragma omp parallel for schedule(static) reduction(+ : sum)
	for (std::int64_t i = 0; i < n; i++)
		sum += x[i] * y[i];
	return sum;
}

void sparsemv(const csr_matrix &a, const real *x, real *y)
{
	const std::int64_t *start = a.row_start.get();
	const std::int32_t *col = a.col.get();
	const real *val = a.val.get();

#pragma omp parallel for schedule(static)
	for (std::int64_t row = 0; row < a.nrow; row++) {
		real sum = 0.0;

		for (std::int64_t k = start[row]; k < start[row + 1]; k++)
			sum += val[k] * x[col[k]];
		y[row] = sum;
	}
}

enum kernel { K_TOTAL, K_DDOT, K_WAXPBY, K_SPARSEMV, K_COUNT };
const char *const kernel_label[K_COUNT] = { "Total   ", "DDOT    ", "WAXPBY  ",
					    "SPARSEMV" };
const char *const kernel_key[K_COUNT] = { "Total", "DDOT", "WAXPBY",
					  "SPARSEMV" };

struct cg_result {
	int niters = 0;
	double initial_residual = 0.0;
	double final_residual = 0.0;
	double time[K_COUNT] = {};
};

/*
 * Unpreconditioned CG, following HPCCG's loop: k runs from 1 while
 * k < max_iter and the residual norm is above tol, and the count reported
 * is the last k executed.
 */
cg_result conjugate_gradient(const csr_matrix &a, const real *b, real *x,
			     int max_iter, double tol)
{
	const std::int64_t n = a.nrow;
	auto r = raw_array<real>(n);
	auto p = raw_array<real>(n);
	auto ap = raw_array<real>(n);
	cg_result res;
	double t0, t;
	real rtrans, old_rtrans, alpha, beta;
	double normr;
	int print_freq = max_iter / 10;

	if (print_freq > 50)
		print_freq = 50;
	if (print_freq < 1)
		print_freq = 1;

	t0 = now();

	t = now();
	waxpby(n, 1.0, x, 0.0, x, p.get());
	res.time[K_WAXPBY] += now() - t;

	t = now();
	sparsemv(a, p.get(), ap.get());
	res.time[K_SPARSEMV] += now() - t;

	t = now();
	waxpby(n, 1.0, b, -1.0, ap.get(), r.get());
	res.time[K_WAXPBY] += now() - t;

	t = now();
	rtrans = ddot(n, r.get(), r.get());
	res.time[K_DDOT] += now() - t;

	normr = std::sqrt((double)rtrans);
	res.initial_residual = normr;
	std::printf("Initial Residual = %e\n", normr);

	for (int k = 1; k < max_iter && normr > tol; k++) {
		if (k == 1) {
			t = now();
			waxpby(n, 1.0, r.get(), 0.0, r.get(), p.get());
			res.time[K_WAXPBY] += now() - t;
		} else {
			old_rtrans = rtrans;
			t = now();
			rtrans = ddot(n, r.get(), r.get());
			res.time[K_DDOT] += now() - t;
			beta = rtrans / old_rtrans;
			t = now();
			waxpby(n, 1.0, r.get(), beta, p.get(), p.get());
			res.time[K_WAXPBY] += now() - t;
		}
		normr = std::sqrt((double)rtrans);
		res.niters = k;
		if (k % print_freq == 0 || k + 1 == max_iter)
			std::printf("Iteration = %d   Residual = %e\n", k,
				    normr);
		/*
		 * An exactly zero residual would make the next step 0/0;
		 * the reference does not guard against it, we stop here.
		 */
		if (rtrans == 0.0)
			break;

		t = now();
		sparsemv(a, p.get(), ap.get());
		res.time[K_SPARSEMV] += now() - t;

		t = now();
		alpha = rtrans / ddot(n, p.get(), ap.get());
		res.time[K_DDOT] += now() - t;

		t = now();
		waxpby(n, 1.0, x, alpha, p.get(), x);
		waxpby(n, 1.0, r.get(), -alpha, ap.get(), r.get());
		res.time[K_WAXPBY] += now() - t;
	}

	res.time[K_TOTAL] = now() - t0;
	res.final_residual = normr;
	return res;
}

/* max |x - xexact| */
double solution_error(std::int64_t n, const real *x, const real *xexact)
{
	double err = 0.0;

#pragma omp parallel for schedule(static) reduction(max : err)
	for (std::int64_t i = 0; i < n; i++) {
		double d = std::fabs((double)x[i] - (double)xexact[i]);

		if (d > err)
			err = d;
	}
	return err;
}

int count_threads()
{
	int n = 0;

#pragma omp parallel
	{
#pragma omp atomic
		n++;
	}
	return n;
}

std::string default_yaml_name()
{
	char buf[64];
	struct timespec ts;
	struct tm tm;

	/* UTC: no time-zone file needs to be read, here or in the LWK. */
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	std::strftime(buf, sizeof(buf), "hpccg%Y_%m_%d_%H_%M_%S.yaml", &tm);
	return buf;
}

struct report {
	int nx, ny, nz, threads, max_iter;
	double tol;
	std::int64_t nrow, nnz;
	cg_result cg;
	double error;
	double flops[K_COUNT];
	bool checked, passed;
};

double mflops(double flops, double seconds)
{
	return seconds > 0.0 ? flops / seconds * 1e-6 : 0.0;
}

void print_summary(const report &r)
{
	std::printf("Number of iterations: %d\n", r.cg.niters);
	std::printf("Final residual: %e\n", r.cg.final_residual);
	std::printf("Difference between computed and exact = %e\n", r.error);
	std::printf("Time Summary:\n");
	for (int i = 0; i < K_COUNT; i++)
		std::printf(" %s: %e s\n", kernel_label[i], r.cg.time[i]);
	std::printf("FLOPS Summary:\n");
	for (int i = 0; i < K_COUNT; i++)
		std::printf(" %s: %e\n", kernel_label[i], r.flops[i]);
	std::printf("MFLOPS Summary:\n");
	for (int i = 0; i < K_COUNT; i++)
		std::printf(" %s: %f\n", kernel_label[i],
			    mflops(r.flops[i], r.cg.time[i]));
}

bool write_yaml(const std::string &path, const report &r)
{
	std::ofstream out(path);

	if (!out)
		return false;
	out.precision(6);
	out << std::scientific;
	out << "Mini-Application Name: hpccg\n"
	    << "Mini-Application Version: 1.0\n"
	    << "Implementation: v3vee\n"
	    << "Precision: " << precision_name << "\n"
	    << "Parallelism:\n"
	    << "  Number of MPI ranks: 1\n"
	    << "  OpenMP Threads: " << r.threads << "\n"
	    << "Dimensions:\n"
	    << "  nx: " << r.nx << "\n"
	    << "  ny: " << r.ny << "\n"
	    << "  nz: " << r.nz << "\n"
	    << "Number of rows: " << r.nrow << "\n"
	    << "Number of nonzeros: " << r.nnz << "\n"
	    << "Maximum iterations: " << r.max_iter << "\n"
	    << "Tolerance: " << r.tol << "\n"
	    << "Number of iterations: " << r.cg.niters << "\n"
	    << "Initial residual: " << r.cg.initial_residual << "\n"
	    << "Final residual: " << r.cg.final_residual << "\n"
	    << "Difference between computed and exact: " << r.error << "\n"
	    << "Check: "
	    << (!r.checked ? "skipped"
		: r.passed ? "passed"
			   : "failed")
	    << "\n";
	out << "Time Summary:\n";
	for (int i = 0; i < K_COUNT; i++)
		out << "  " << kernel_key[i] << ": " << r.cg.time[i] << "\n";
	out << "FLOPS Summary:\n";
	for (int i = 0; i < K_COUNT; i++)
		out << "  " << kernel_key[i] << ": " << r.flops[i] << "\n";
	out << "MFLOPS Summary:\n";
	for (int i = 0; i < K_COUNT; i++)
		out << "  " << kernel_key[i] << ": "
		    << mflops(r.flops[i], r.cg.time[i]) << "\n";
	out.close();
	return !out.fail();
}

void usage(FILE *out, const char *prog)
{
	std::fprintf(
		out,
		"usage: %s [options] nx ny nz\n"
		"\n"
		"Solve A x = b by conjugate gradient, A the 27-point\n"
		"stencil on an nx x ny x nz grid (%s precision,\n"
		"OpenMP: set OMP_NUM_THREADS).\n"
		"\n"
		"  --max-iter N   iteration limit as HPCCG counts it: at most\n"
		"                 N - 1 iterations are run (default %d)\n"
		"  --tol T        stop once the residual norm is <= T\n"
		"                 (default 0.0: run to the limit)\n"
		"  --yaml FILE    report file (default, in the cwd:\n"
		"                 hpccgYYYY_MM_DD_HH_MM_SS.yaml, UTC)\n"
		"  --no-check     do not fail on a poor result\n"
		"  -h, --help     show this help\n"
		"\n"
		"Exit status 1 if final/initial residual >= %g or\n"
		"max |x - 1| >= %g, unless --tol T > 0 was given and the\n"
		"final residual is <= T with max |x - 1| <= 2 T; skipped with\n"
		"--no-check. Exit status 2 on bad usage.\n",
		prog, precision_name, default_max_iter, check_rel_residual,
		check_solution_error);
}

bool parse_int(const char *s, long min, long max, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = std::strtol(s, &end, 10);
	if (errno || end == s || *end != '\0' || v < min || v > max)
		return false;
	*out = (int)v;
	return true;
}

bool parse_double(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = std::strtod(s, &end);
	if (errno || end == s || *end != '\0' || !(v >= 0.0) || std::isinf(v))
		return false;
	*out = v;
	return true;
}

} // namespace

int main(int argc, char **argv)
{
	enum { OPT_MAX_ITER = 256, OPT_TOL, OPT_YAML, OPT_NO_CHECK };
	static const struct option longopts[] = {
		{ "max-iter", required_argument, nullptr, OPT_MAX_ITER },
		{ "tol", required_argument, nullptr, OPT_TOL },
		{ "yaml", required_argument, nullptr, OPT_YAML },
		{ "no-check", no_argument, nullptr, OPT_NO_CHECK },
		{ "help", no_argument, nullptr, 'h' },
		{ nullptr, 0, nullptr, 0 },
	};
	report r = {};
	std::string yaml;
	bool check = true;
	int opt;

	r.max_iter = default_max_iter;
	r.tol = 0.0;
	while ((opt = getopt_long(argc, argv, "h", longopts, nullptr)) != -1) {
		switch (opt) {
		case OPT_MAX_ITER:
			if (!parse_int(optarg, 1, 1000000000, &r.max_iter)) {
				std::fprintf(stderr,
					     "hpccg: bad --max-iter '%s' (want "
					     "an integer >= 1)\n",
					     optarg);
				return 2;
			}
			break;
		case OPT_TOL:
			if (!parse_double(optarg, &r.tol)) {
				std::fprintf(stderr,
					     "hpccg: bad --tol '%s' (want a "
					     "number >= 0)\n",
					     optarg);
				return 2;
			}
			break;
		case OPT_YAML:
			yaml = optarg;
			if (yaml.empty()) {
				std::fprintf(
					stderr,
					"hpccg: --yaml needs a file name\n");
				return 2;
			}
			break;
		case OPT_NO_CHECK:
			check = false;
			break;
		case 'h':
			usage(stdout, argv[0]);
			return 0;
		default:
			usage(stderr, argv[0]);
			return 2;
		}
	}
	if (argc - optind != 3) {
		std::fprintf(stderr,
			     "hpccg: expected three grid dimensions nx ny nz, "
			     "got %d argument(s)\n",
			     argc - optind);
		usage(stderr, argv[0]);
		return 2;
	}
	int *dims[3] = { &r.nx, &r.ny, &r.nz };
	for (int i = 0; i < 3; i++) {
		if (!parse_int(argv[optind + i], 1, 1 << 20, dims[i])) {
			std::fprintf(stderr,
				     "hpccg: bad dimension '%s' (want an "
				     "integer 1..%d)\n",
				     argv[optind + i], 1 << 20);
			return 2;
		}
	}
	/* Column indices are 32-bit. */
	if ((double)r.nx * r.ny * r.nz > 2147483647.0) {
		std::fprintf(stderr,
			     "hpccg: grid %d x %d x %d has more than 2^31 - 1 "
			     "points\n",
			     r.nx, r.ny, r.nz);
		return 2;
	}
	if (yaml.empty())
		yaml = default_yaml_name();
	r.threads = count_threads();

	csr_matrix a;
	std::unique_ptr<real[]> b, x, xexact;
	double t = now();
	generate_problem(r.nx, r.ny, r.nz, a, b, x, xexact);
	t = now() - t;
	r.nrow = a.nrow;
	r.nnz = a.nnz;

	std::printf("HPCCG (v3vee implementation), %s precision\n",
		    precision_name);
	std::printf("Dimensions: nx = %d, ny = %d, nz = %d (%lld rows, %lld "
		    "nonzeros)\n",
		    r.nx, r.ny, r.nz, (long long)r.nrow, (long long)r.nnz);
	std::printf("OpenMP Threads: %d\n", r.threads);
	std::printf("Max iterations: %d, tolerance: %g\n", r.max_iter, r.tol);
	std::printf("Problem generation time: %e s\n", t);

	r.cg = conjugate_gradient(a, b.get(), x.get(), r.max_iter, r.tol);
	r.error = solution_error(r.nrow, x.get(), xexact.get());

	double it = r.cg.niters;
	r.flops[K_DDOT] = it * 4.0 * (double)r.nrow;
	r.flops[K_WAXPBY] = it * 6.0 * (double)r.nrow;
	r.flops[K_SPARSEMV] = it * 2.0 * (double)r.nnz;
	r.flops[K_TOTAL] =
		r.flops[K_DDOT] + r.flops[K_WAXPBY] + r.flops[K_SPARSEMV];

	print_summary(r);

	double rel = r.cg.initial_residual > 0.0
			     ? r.cg.final_residual / r.cg.initial_residual
			     : 0.0;
	/*
	 * With a tolerance of its own the run also passes when it met it:
	 * A's smallest eigenvalue is at least 27 - 26 = 1, so
	 * max |x - 1| <= |r|; the factor 2 covers the drift between the
	 * updated and the true residual.
	 */
	bool residual_ok = rel < check_rel_residual ||
			   (r.tol > 0.0 && r.cg.final_residual <= r.tol);
	bool error_ok = r.error < check_solution_error ||
			(r.tol > 0.0 && r.error <= 2.0 * r.tol);
	r.checked = check;
	r.passed = residual_ok && error_ok;
	std::printf("Relative residual (final/initial): %e\n", rel);

	if (!write_yaml(yaml, r)) {
		std::fprintf(stderr, "hpccg: cannot write %s\n", yaml.c_str());
		return 2;
	}
	std::printf("YAML report: %s\n", yaml.c_str());

	if (!check) {
		std::printf("Check: skipped (--no-check)\n");
		return 0;
	}
	if (r.tol > 0.0)
		std::printf("Check: %s (wanted final/initial residual < %g or "
			    "final residual <= tol %g: got %e and %e; max |x - "
			    "1| < %g or <= 2 tol: got %e)\n",
			    r.passed ? "PASSED" : "FAILED", check_rel_residual,
			    r.tol, rel, r.cg.final_residual,
			    check_solution_error, r.error);
	else
		std::printf("Check: %s (final/initial residual %e %s %g, max "
			    "|x - 1| %e %s %g)\n",
			    r.passed ? "PASSED" : "FAILED", rel,
			    residual_ok ? "<" : ">=", check_rel_residual,
			    r.error,
			    error_ok ? "<" : ">=", check_solution_error);
	return r.passed ? 0 : 1;
}
