#include "kernel/random.h"
#include "kernel/arch/x86/cpu.h"

#include <stdbool.h>

#define CPUID_1_RDRAND (1u << 30)       /* leaf 1, ECX */

static int has_rdrand = -1;             /* not asked yet */
static uint64_t state;

/* rdrand's 64 bits, or false when the CPU's source is empty for now (it may be, briefly). */
static bool rdrand(uint64_t *v)
{
	uint8_t ok;
	__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
	return ok;
}

/* xorshift64*, with the time-stamp counter stirred in at every call: a caller that runs at
 * a different instant gets a different sequence. */
static uint64_t tsc_mixed(void)
{
	state ^= rdtsc() * 0x9e3779b97f4a7c15ULL;
	if (!state)
		state = 1;
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return state * 2685821657736338717ULL;
}

uint64_t get_random_u64(void)
{
	if (has_rdrand < 0) {
		uint32_t a, b, c, d;
		cpuid(1, 0, &a, &b, &c, &d);
		has_rdrand = (c & CPUID_1_RDRAND) != 0;
	}
	uint64_t v;
	for (int tries = 0; has_rdrand && tries < 10; tries++)   /* Intel's advice: 10 */
		if (rdrand(&v))
			return v;
	return tsc_mixed();
}
