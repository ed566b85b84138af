/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A driver for LLVMFuzzerTestOneInput without libFuzzer: runs the given
 * files (e.g. a crash reproducer) and every file of the given directories
 * (a corpus a fuzzing run left, tests/fuzz/corpus/), or N pseudo-random
 * inputs from a fixed seed, so the same hostile programs run in every CI
 * build, under AddressSanitizer and UBSan when the build has them.
 *
 *   fuzz-device-seeded [-n N] [-s SEED] [FILE|DIR...]
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

/* Runs one input file; -1 if it cannot be read. */
static int run_file(const char *path)
{
    gchar *buf;
    gsize len;

    if (!g_file_get_contents(path, &buf, &len, NULL)) {
        fprintf(stderr, "cannot read %s\n", path);
        return -1;
    }
    LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
    g_free(buf);
    return 0;
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Runs every file of a corpus directory in name order; the count, or -1. */
static int run_dir(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    int ran = 0;

    if (!d) {
        fprintf(stderr, "cannot open %s\n", dir);
        g_ptr_array_free(names, TRUE);
        return -1;
    }
    while ((name = g_dir_read_name(d))) {
        if (name[0] != '.') {
            g_ptr_array_add(names, g_build_filename(dir, name, NULL));
        }
    }
    g_dir_close(d);
    g_ptr_array_sort(names, compare_names);
    for (guint i = 0; i < names->len && ran >= 0; i++) {
        ran = run_file(names->pdata[i]) < 0 ? -1 : ran + 1;
    }
    g_ptr_array_free(names, TRUE);
    if (ran == 0) {
        /* An empty corpus would make the test pass while running nothing. */
        fprintf(stderr, "no inputs in %s\n", dir);
        return -1;
    }
    return ran;
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
        } else if (g_file_test(argv[i], G_FILE_TEST_IS_DIR)) {
            int ran = run_dir(argv[i]);

            if (ran < 0) {
                return 2;
            }
            files += ran;
        } else if (run_file(argv[i]) < 0) {
            return 2;
        } else {
            files++;
        }
    }
    if (files) {
        printf("1..1\nok 1 - %d recorded hostile program(s) ran to "
               "completion\n", files);
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
