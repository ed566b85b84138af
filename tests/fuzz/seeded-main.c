/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A driver for LLVMFuzzerTestOneInput without libFuzzer: runs the given
 * files (e.g. a crash reproducer), or N pseudo-random inputs from a fixed
 * seed, so the same hostile programs run in every CI build, under
 * AddressSanitizer and UBSan when the build has them.
 *
 *   fuzz-device-seeded [-n N] [-s SEED] [FILE...]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t next(uint64_t *s)
{
    /* xorshift64*: cheap and the same everywhere. */
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545f4914f6cdd1dull;
}

int main(int argc, char **argv)
{
    unsigned long n = 200;
    uint64_t seed = 1;
    int files = 0;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc) {
            n = strtoul(argv[++i], NULL, 0);
        } else if (!strcmp(argv[i], "-s") && i + 1 < argc) {
            seed = strtoull(argv[++i], NULL, 0);
        } else {
            gchar *buf;
            gsize len;

            if (!g_file_get_contents(argv[i], &buf, &len, NULL)) {
                fprintf(stderr, "cannot read %s\n", argv[i]);
                return 2;
            }
            LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
            g_free(buf);
            files++;
        }
    }
    if (files) {
        printf("ran %d file(s)\n", files);
        return 0;
    }
    for (unsigned long i = 0; i < n; i++) {
        uint64_t s = seed * 0x9e3779b97f4a7c15ull + i + 1;
        size_t len = 64 + next(&s) % 8192;
        uint8_t *buf = g_malloc(len);

        for (size_t j = 0; j < len; j++) {
            uint64_t r = next(&s);
            /*
             * Half the bytes are small numbers: opcodes, counts and
             * register offsets near the ones that matter are small.
             */
            buf[j] = (r >> 8) & 1 ? (uint8_t)r : (uint8_t)(r % 16);
        }
        LLVMFuzzerTestOneInput(buf, len);
        g_free(buf);
    }
    printf("1..1\nok 1 - %lu hostile programs (seed %llu) ran to completion\n",
           n, (unsigned long long)seed);
    return 0;
}
