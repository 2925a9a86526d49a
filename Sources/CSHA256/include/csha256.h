#ifndef SLUICE_CSHA256_H
#define SLUICE_CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// Whether this processor has the SHA extensions (x86-64 SHA-NI with SSSE3 and SSE4.1), which
/// `sluice_sha256_blocks` needs. Always 0 on other architectures.
int sluice_sha256_hardware(void);

/// Runs the SHA-256 compression function over `count` 64-byte blocks at `blocks`, updating the
/// eight state words `state` (a to h), with the 64 round constants `k`. Call only when
/// `sluice_sha256_hardware()` returned 1.
void sluice_sha256_blocks(uint32_t state[8], const uint8_t *blocks, size_t count, const uint32_t k[64]);

#endif
