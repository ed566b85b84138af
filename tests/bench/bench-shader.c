/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Benchmark of the shader interpreter (shader_*.c) on the standalone
 * host: wave64 instructions per second of host time for a loop of 32-bit
 * integer VALU ops, of f32 VALU ops, of SALU ops, and for libdrm's gfx9
 * buffer copy (a coalesced 16-byte load and store per lane), on one wave
 * of each generation. Prints figures, never fails (shader-execution.md
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

/* libdrm 2.4.114 buffercopy_cs_shader_gfx9, then a branch back to it. */
static const uint32_t copy_gfx9[] = {
    0x260000ff, 0x000003ff, 0xd1fd0000, 0x04010c08,
    0x7e020280, 0xe00c2000, 0x80000200, 0xbf8c0f70,
    0xe01c2000, 0x80010200,
};

static void program(ShTest *t, BenchKind kind)
{
    if (kind == BENCH_COPY) {
        for (size_t i = 0; i < G_N_ELEMENTS(copy_gfx9); i++) {
            st_emit(t, copy_gfx9[i]);
        }
        sopp(t, SH_OP_S_BRANCH,
             (uint16_t)-(int)(G_N_ELEMENTS(copy_gfx9) + 1));
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

static void bench(AemuShGen gen, BenchKind kind, const char *what)
{
    ShTest t;
    uint64_t n = 0;
    double t0, dt;

    if (kind == BENCH_COPY && gen != AEMU_SH_GFX9) {
        return;
    }
    st_init(&t, gen);
    program(&t, kind);
    st_load(&t);
    /* The copy: s[0:3] source V#, s[4:7] destination, 16 bytes a lane. */
    t.w.sgpr[0] = (uint32_t)ST_DATA;
    t.w.sgpr[1] = 0x100000;
    t.w.sgpr[2] = 64;
    t.w.sgpr[3] = 0x74fac;
    t.w.sgpr[4] = (uint32_t)ST_DATA2;
    t.w.sgpr[5] = 0x100000;
    t.w.sgpr[6] = 64;
    t.w.sgpr[7] = 0x74fac;
    ST_SET_LANES(&t, 0, l);
    t0 = now();
    do {
        unsigned budget = BENCH_BUDGET;

        aemu_wave_run(t.d, &t.w, &budget);
        n += BENCH_BUDGET - budget;
    } while (now() - t0 < BENCH_SECONDS);
    dt = now() - t0;
    printf("shader gfx%d %-28s %8.1f M wave64 instructions/s\n",
           gen == AEMU_SH_GFX7 ? 7 : 9, what, n / dt / 1e6);
    st_fini(&t);
}

int main(void)
{
    for (unsigned g = 0; g < AEMU_SH_NUM_GENS; g++) {
        bench(g, BENCH_VALU_INT, "VALU v_xor_b32 loop");
        bench(g, BENCH_VALU_F32, "VALU v_mul_f32 loop");
        bench(g, BENCH_SALU, "SALU s_add_u32 loop");
        bench(g, BENCH_COPY, "libdrm buffercopy (VMEM)");
    }
    return 0;
}
