// SPDX-License-Identifier: GPL-2.0
/*
 * std::thread, std::mutex and std::condition_variable among 4 threads.
 *
 * 1. Turn-taking: ROUNDS rounds; in each, threads 0, 1, 2, 3 run in that
 *    order, each waiting on a condition variable until the shared turn is
 *    its own, appending its id to a running checksum and passing the turn
 *    on (notify_all). The order is checked at every step.
 * 2. Ping-pong: threads 0 and 1 bounce a ball PINGS times each way
 *    through two condition variables (one per direction).
 * 3. Contention: every thread adds 1 to a shared counter under a
 *    std::mutex INCREMENTS times.
 *
 * Prints, each on its own line:
 *	threads=4
 *	turns=4*ROUNDS order_errors=0 checksum=C
 *	pings=2*PINGS
 *	counter=4*INCREMENTS
 *	OK
 * The checksum is the one the sequence 0 1 2 3 0 1 2 3 ... must give.
 * Exit status 0 only if everything is exact, 1 otherwise.
 */
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

namespace {

constexpr int NTHREADS = 4;
constexpr int ROUNDS = 500;
constexpr int PINGS = 1000;
constexpr long INCREMENTS = 100000;

std::mutex turn_mutex;
std::condition_variable turn_cv;
int turn = 0;
long turns = 0;
long order_errors = 0;
uint64_t checksum = 0;

uint64_t mix(uint64_t sum, int id)
{
	return sum * 31 + static_cast<uint64_t>(id) + 1;
}

void take_turns(int id)
{
	for (int r = 0; r < ROUNDS; r++) {
		std::unique_lock<std::mutex> lock(turn_mutex);
		turn_cv.wait(lock, [id] { return turn == id; });
		if (turns % NTHREADS != id)
			order_errors++;
		checksum = mix(checksum, id);
		turns++;
		turn = (id + 1) % NTHREADS;
		turn_cv.notify_all();
	}
}

std::mutex ball_mutex;
std::condition_variable to_pong, to_ping;
int ball = 0; // 0: at ping's side, 1: at pong's side
long pings = 0;

void pinger()
{
	for (int i = 0; i < PINGS; i++) {
		std::unique_lock<std::mutex> lock(ball_mutex);
		to_ping.wait(lock, [] { return ball == 0; });
		ball = 1;
		pings++;
		to_pong.notify_one();
	}
}

void ponger()
{
	for (int i = 0; i < PINGS; i++) {
		std::unique_lock<std::mutex> lock(ball_mutex);
		to_pong.wait(lock, [] { return ball == 1; });
		ball = 0;
		pings++;
		to_ping.notify_one();
	}
}

std::mutex counter_mutex;
long counter = 0;

void add(long n)
{
	for (long i = 0; i < n; i++) {
		std::lock_guard<std::mutex> lock(counter_mutex);
		counter++;
	}
}

} // namespace

int main()
{
	std::vector<std::thread> threads;
	uint64_t want_checksum = 0;
	bool ok = true;

	for (int id = 0; id < NTHREADS; id++)
		threads.emplace_back(take_turns, id);
	for (auto &t : threads)
		t.join();
	threads.clear();
	for (long i = 0; i < static_cast<long>(NTHREADS) * ROUNDS; i++)
		want_checksum = mix(want_checksum, static_cast<int>(i % NTHREADS));

	threads.emplace_back(pinger);
	threads.emplace_back(ponger);
	for (auto &t : threads)
		t.join();
	threads.clear();

	for (int id = 0; id < NTHREADS; id++)
		threads.emplace_back(add, INCREMENTS);
	for (auto &t : threads)
		t.join();

	std::printf("threads=%d\n", NTHREADS);
	std::printf("turns=%ld order_errors=%ld checksum=%llu\n", turns,
		    order_errors, static_cast<unsigned long long>(checksum));
	std::printf("pings=%ld\n", pings);
	std::printf("counter=%ld\n", counter);
	if (turns != static_cast<long>(NTHREADS) * ROUNDS || order_errors ||
	    checksum != want_checksum) {
		std::printf("FAILED: expected turns=%ld order_errors=0 checksum=%llu\n",
			    static_cast<long>(NTHREADS) * ROUNDS,
			    static_cast<unsigned long long>(want_checksum));
		ok = false;
	}
	if (pings != 2L * PINGS) {
		std::printf("FAILED: expected pings=%ld\n", 2L * PINGS);
		ok = false;
	}
	if (counter != NTHREADS * INCREMENTS) {
		std::printf("FAILED: expected counter=%ld\n",
			    NTHREADS * INCREMENTS);
		ok = false;
	}
	if (!ok)
		return 1;
	std::printf("OK\n");
	return 0;
}
