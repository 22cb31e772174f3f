// SPDX-License-Identifier: GPL-2.0
/*
 * cxx_hello: exercises the parts of a static libstdc++ program that need
 * the kernel to get things right: iostream (stdio, locale init), heap
 * (std::string, std::vector), and exception unwinding (.eh_frame, TLS for
 * the exception globals). The final checksum line depends on all of it;
 * the test compares it with the same binary run on the Linux host.
 */
#include <iostream>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

static unsigned long fnv1a(const std::string &s, unsigned long h)
{
	for (unsigned char c : s)
		h = (h ^ c) * 1099511628211UL;
	return h;
}

static int checked_div(int a, int b)
{
	if (b == 0)
		throw std::runtime_error("division by zero: " +
					 std::to_string(a) + "/0");
	return a / b;
}

int main()
{
	unsigned long sum = 14695981039346656037UL;
	std::vector<std::string> words;
	std::string joined;

	std::cout << "cxx_hello: start" << std::endl;

	for (int i = 0; i < 1000; i++)
		words.push_back("w" + std::to_string(i * i));
	for (const auto &w : words)
		joined += w + ",";
	std::cout << "words=" << words.size() << " joined.size=" << joined.size()
		  << std::endl;
	sum = fnv1a(joined, sum);

	std::vector<long> squares(1000);
	std::iota(squares.begin(), squares.end(), 1);
	for (auto &v : squares)
		v *= v;
	long total = std::accumulate(squares.begin(), squares.end(), 0L);
	std::cout << "sum of squares 1..1000=" << total << std::endl;
	sum = fnv1a(std::to_string(total), sum);

	std::string caught = "(none)";
	try {
		int q = checked_div(10, 2);

		std::cout << "10/2=" << q << std::endl;
		q = checked_div(7, 0);
		std::cout << "7/0=" << q << " (no exception?)" << std::endl;
	} catch (const std::runtime_error &e) {
		caught = e.what();
		std::cout << "caught exception: " << caught << std::endl;
	}
	sum = fnv1a(caught, sum);

	std::cout << "checksum " << std::hex << sum << std::endl;
	return 0;
}
