// SHA-256 compression with the x86 SHA extensions. The state is kept in the order the
// sha256rnds2 instruction works on: one register holds the words a, b, e, f and the other
// c, d, g, h. Each step of the loop runs four rounds: two per sha256rnds2, the second with the
// upper half of the message-plus-constant words moved down. Message words 16..63 come from
// sha256msg1 (W[t-16] + sigma0(W[t-15])), the words W[t-7] (an alignr of the two previous groups)
// and sha256msg2 (+ sigma1(W[t-2])).
#include "csha256.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

int sluice_sha256_hardware(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    const int ssse3 = (ecx >> 9) & 1, sse41 = (ecx >> 19) & 1;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    const int sha = (ebx >> 29) & 1;
    return ssse3 && sse41 && sha;
}

__attribute__((target("sha,ssse3,sse4.1")))
void sluice_sha256_blocks(uint32_t state[8], const uint8_t *blocks, size_t count, const uint32_t k[64]) {
    // Big-endian words: reverse the bytes of each 32-bit lane.
    const __m128i byteSwap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i dcba = _mm_loadu_si128((const __m128i *)&state[0]);
    __m128i hgfe = _mm_loadu_si128((const __m128i *)&state[4]);
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);

    for (size_t block = 0; block < count; block++) {
        const uint8_t *m = blocks + block * 64;
        const __m128i abefBefore = abef, cdghBefore = cdgh;
        __m128i w[4];
        for (int group = 0; group < 16; group++) {
            __m128i words;
            if (group < 4) {
                words = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(m + 16 * group)), byteSwap);
            } else {
                // w[i % 4] holds the group four back; the three after it are the next ones.
                __m128i t = _mm_sha256msg1_epu32(w[group % 4], w[(group + 1) % 4]);
                t = _mm_add_epi32(t, _mm_alignr_epi8(w[(group + 3) % 4], w[(group + 2) % 4], 4));
                words = _mm_sha256msg2_epu32(t, w[(group + 3) % 4]);
            }
            w[group % 4] = words;
            __m128i input = _mm_add_epi32(words, _mm_loadu_si128((const __m128i *)&k[4 * group]));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, input);
            input = _mm_shuffle_epi32(input, 0x0E);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, input);
        }
        abef = _mm_add_epi32(abef, abefBefore);
        cdgh = _mm_add_epi32(cdgh, cdghBefore);
    }

    __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(dchg, feba, 8));
}

#else

int sluice_sha256_hardware(void) { return 0; }

void sluice_sha256_blocks(uint32_t state[8], const uint8_t *blocks, size_t count, const uint32_t k[64]) {
    (void)state; (void)blocks; (void)count; (void)k;
}

#endif
