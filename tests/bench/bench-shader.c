/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Benchmark of the shader interpreter (shader_*.c) on the standalone
 * host: wave64 instructions per second of host time for a loop of 32-bit
 * integer VALU ops, of f32 VALU ops, of SALU ops, and for a buffer copy
 * (a coalesced 16-byte load and store per lane, with its bandwidth next
 * to host memcpy), on one wave of each generation. Prints figures, never fails (shader-execution.md
 * 8.2 asks for these before any optimisation).
 */
#include <stdio.h>
#include <time.h>
#include "../unit/shader-test.h"

/* Seconds each measurement runs, and the budget of one call. */
#define BENCH_SECONDS       0.5
#define BENCH_BUDGET        (1u << 16)
#define BENCH_BODY          32u
#define BENCH_ITERATIONS    100000000u

typedef enum BenchKind {
    BENCH_VALU_INT, BENCH_VALU_F32, BENCH_SALU, BENCH_COPY,
} BenchKind;

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/*
 * A coalesced copy, 16 bytes a lane (1 KiB a wave) from the V# in s[0:3]
 * to the one in s[4:7], assembled with llvm-mc -mcpu=hawaii / gfx900; the
 * benchmark branches back to its start.
 */
static const uint32_t copy_gfx7[] = {
    0x34020084u,                /* v_lshlrev_b32 v1, 4, v0 */
    0xe0381000u, 0x80000201u,   /* buffer_load_dwordx4 v[2:5], v1, s[0:3], 0 offen */
    0xbf8c0f70u,                /* s_waitcnt vmcnt(0) */
    0xe0781000u, 0x80010201u,   /* buffer_store_dwordx4 v[2:5], v1, s[4:7], 0 offen */
};

static const uint32_t copy_gfx9[] = {
    0x24020084u,                /* v_lshlrev_b32 v1, 4, v0 */
    0xe05c1000u, 0x80000201u,   /* buffer_load_dwordx4 v[2:5], v1, s[0:3], 0 offen */
    0xbf8c0f70u,                /* s_waitcnt vmcnt(0) */
    0xe07c1000u, 0x80010201u,   /* buffer_store_dwordx4 v[2:5], v1, s[4:7], 0 offen */
};

/* Instructions of one copy round (with the branch) and the bytes it moves. */
#define COPY_ROUND_INSTS        5u
#define COPY_ROUND_BYTES        (AEMU_WAVE_LANES * 16u)
/*
 * A raw buffer's V# word 3: DST_SEL X/Y/Z/W, NUM_FORMAT float, DATA_FORMAT
 * 32 (as Mesa's ac_build_buffer_descriptor builds storage buffers).
 */
#define RAW_VSHARP_WORD3        0x00027facu

static void program(ShTest *t, BenchKind kind)
{
    if (kind == BENCH_COPY) {
        const uint32_t *k = t->gen == AEMU_SH_GFX7 ? copy_gfx7 : copy_gfx9;
        size_t n = t->gen == AEMU_SH_GFX7 ? G_N_ELEMENTS(copy_gfx7)
                                          : G_N_ELEMENTS(copy_gfx9);

        for (size_t i = 0; i < n; i++) {
            st_emit(t, k[i]);
        }
        sopp(t, SH_OP_S_BRANCH, (uint16_t)-(int)(n + 1));
        return;
    }
    sop1(t, SH_OP_S_MOV_B32, 0, LIT);
    st_lit(t, BENCH_ITERATIONS);
    for (unsigned i = 0; i < BENCH_BODY; i++) {
        switch (kind) {
        case BENCH_VALU_INT:
            vop2(t, SH_OP_V_XOR_B32, 1 + i % 8, V(10), 11);
            break;
        case BENCH_VALU_F32:
            vop2(t, SH_OP_V_MUL_F32, 1 + i % 8, V(10), 11);
            break;
        default:
            sop2(t, SH_OP_S_ADD_U32, 1 + i % 8, 2, INT(3));
            break;
        }
    }
    sop2(t, SH_OP_S_SUB_U32, 0, 0, INT(1));
    sopc(t, SH_OP_S_CMP_LG_U32, 0, INT(0));
    sopp(t, SH_OP_S_CBRANCH_SCC1, (uint16_t)-(int)(BENCH_BODY + 3));
    endpgm(t);
}

/* Host memcpy of a wave's 1 KiB, cache-hot as the copy's buffers are. */
static double memcpy_gbs(void)
{
    static uint8_t src[COPY_ROUND_BYTES], dst[COPY_ROUND_BYTES];
    uint64_t rounds = 0;
    double t0 = now(), dt;

    do {
        for (unsigned i = 0; i < 1024; i++) {
            memcpy(dst, src, sizeof(dst));
            src[i % sizeof(src)] ^= dst[(i + 1) % sizeof(dst)];
        }
        rounds += 1024;
    } while (now() - t0 < BENCH_SECONDS);
    dt = now() - t0;
    return rounds * sizeof(dst) / dt / 1e9;
}

static void bench(AemuShGen gen, BenchKind kind, const char *what)
{
    ShTest t;
    uint64_t n = 0;
    double t0, dt;

    st_init(&t, gen);
    program(&t, kind);
    st_load(&t);
    /* The copy: s[0:3] source V#, s[4:7] destination, 16 bytes a lane. */
    t.w.sgpr[0] = (uint32_t)ST_DATA;
    t.w.sgpr[1] = (uint32_t)(ST_DATA >> 32);
    t.w.sgpr[2] = COPY_ROUND_BYTES;
    t.w.sgpr[3] = RAW_VSHARP_WORD3;
    t.w.sgpr[4] = (uint32_t)ST_DATA2;
    t.w.sgpr[5] = (uint32_t)(ST_DATA2 >> 32);
    t.w.sgpr[6] = COPY_ROUND_BYTES;
    t.w.sgpr[7] = RAW_VSHARP_WORD3;
    ST_SET_LANES(&t, 0, l);
    t0 = now();
    do {
        unsigned budget = BENCH_BUDGET;

        aemu_wave_run(t.d, &t.w, &budget);
        n += BENCH_BUDGET - budget;
    } while (now() - t0 < BENCH_SECONDS);
    dt = now() - t0;
    printf("shader gfx%d %-28s %8.1f M wave64 instructions/s",
           gen == AEMU_SH_GFX7 ? 7 : 9, what, n / dt / 1e6);
    if (kind == BENCH_COPY) {
        printf(", %.2f GB/s (host memcpy of the same 1 KiB: %.2f GB/s)",
               n / COPY_ROUND_INSTS * COPY_ROUND_BYTES / dt / 1e9,
               memcpy_gbs());
    }
    printf("\n");
    st_fini(&t);
}

int main(void)
{
    for (unsigned g = 0; g < AEMU_SH_NUM_GENS; g++) {
        bench(g, BENCH_VALU_INT, "VALU v_xor_b32 loop");
        bench(g, BENCH_VALU_F32, "VALU v_mul_f32 loop");
        bench(g, BENCH_SALU, "SALU s_add_u32 loop");
        bench(g, BENCH_COPY, "buffer copy x4 (VMEM)");
    }
    return 0;
}
