/* Random numbers for the kernel: AT_RANDOM's bytes and address-space randomization. */
#ifndef KERNEL_RANDOM_H
#define KERNEL_RANDOM_H

#include <stdint.h>

/* 64 random bits: from the CPU's rdrand when it has one, else from the time-stamp counter
 * mixed into a xorshift state (not cryptographic: enough to make layouts differ). */
uint64_t get_random_u64(void);

#endif
