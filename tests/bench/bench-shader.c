/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Benchmark of the shader interpreter (shader_*.c) on the standalone
 * host: wave64 instructions per second of host time for a loop of 32-bit
 * integer VALU ops, of f32 VALU ops, of SALU ops, and for a buffer copy
 * (a coalesced 16-byte load and store per lane, with its bandwidth next
 * to host memcpy), on one wave of each generation; then variants (scalar
 * operands, VOP3 fma, half EXEC, f32 denormals kept, compares, narrower
 * and FLAT/GLOBAL copies, a copy through 4 KiB page translations). Prints
 * figures, never fails (shader-execution.md 8.2 asks for these before any
 * optimisation).
 *
 * Usage: bench-shader [-n INSTRUCTIONS] [SUBSTRING]: -n runs a fixed
 * number of wave instructions per case instead of a fixed time (for
 * callgrind and perf); SUBSTRING runs only the cases whose name has it.
 * Each line ends with the rates per second of the thread's CPU time, the
 * speed of one host core whatever else the host is running.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "../unit/shader-test.h"

/* Seconds each measurement runs, and the budget of one call. */
#define BENCH_SECONDS       0.5
#define BENCH_BUDGET        (1u << 16)
#define BENCH_BODY          32u
#define BENCH_ITERATIONS    100000000u

typedef enum BenchKind {
    BENCH_VALU_INT, BENCH_VALU_F32, BENCH_SALU, BENCH_COPY,
    BENCH_VALU_SGPR, BENCH_VALU_FMA, BENCH_VALU_HALF_EXEC,
    BENCH_VALU_F32_DENORM, BENCH_VCMP, BENCH_COPY_X1, BENCH_COPY_FLAT,
    BENCH_COPY_PAGED,
} BenchKind;

/* -n: wave instructions per case (0: BENCH_SECONDS of each). */
static uint64_t fixed_insts;
static const char *only;

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/*
 * The thread's CPU time: on a loaded host the wall-clock rate is that of
 * whatever share of a core the scheduler gave, the CPU-time rate that of
 * one core.
 */
static double cpu_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
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
/* The FLAT/GLOBAL copy: load, waitcnt, store, branch. */
#define FLAT_ROUND_INSTS        4u
/*
 * A raw buffer's V# word 3: DST_SEL X/Y/Z/W, NUM_FORMAT float, DATA_FORMAT
 * 32 (as Mesa's ac_build_buffer_descriptor builds storage buffers).
 */
#define RAW_VSHARP_WORD3        0x00027facu
/* s_waitcnt vmcnt(0) (the same on both generations). */
#define WAITCNT_VMCNT0          0x0f70u
/* MODE with f32 denormals kept too (the drivers' default keeps f64/f16). */
#define MODE_F32_DENORMS        0xf0u
#define GPU_PAGE_BYTES          4096u

/* Instructions of one round and the bytes it copies (0: not a copy). */
static unsigned round_insts(BenchKind kind)
{
    return kind == BENCH_COPY_FLAT ? FLAT_ROUND_INSTS : COPY_ROUND_INSTS;
}

static unsigned round_bytes(BenchKind kind)
{
    switch (kind) {
    case BENCH_COPY:
    case BENCH_COPY_FLAT:
    case BENCH_COPY_PAGED:
        return COPY_ROUND_BYTES;
    case BENCH_COPY_X1:
        return AEMU_WAVE_LANES * 4u;
    default:
        return 0;
    }
}

/* The GMC's translations end at 4 KiB pages: so does this one. */
static AemuMemStatus paged_translate(AemuDevice *d, unsigned vmid,
                                     uint64_t addr, bool write,
                                     const AemuMemClient *client,
                                     AemuXlate *out)
{
    if (addr < d->vram_size) {
        *out = (AemuXlate) {
            .vram = true, .addr = addr,
            .len = GPU_PAGE_BYTES - (addr & (GPU_PAGE_BYTES - 1)),
        };
        return AEMU_MEM_OK;
    }
    return AEMU_MEM_FAULT;
}

static void copy_program(ShTest *t, BenchKind kind)
{
    if (kind == BENCH_COPY_FLAT) {
        /*
         * gfx7: flat_load_dwordx4 v[2:5], v[6:7] and flat_store to
         * v[8:9]; gfx9: global_load_dwordx4 v[2:5], v1, s[8:9] and
         * global_store to s[10:11] (v1 = 16 * lane).
         */
        bool g9 = t->gen == AEMU_SH_GFX9;
        unsigned fmt = g9 ? AEMU_SH_FMT_GLOBAL : AEMU_SH_FMT_FLAT;

        flat(t, fmt, g9 ? SH_OP_GLOBAL_LOAD_DWORDX4 : SH_OP_FLAT_LOAD_DWORDX4,
             2, g9 ? 1 : 6, 0, g9 ? 8 : 0, 0, false);
        sopp(t, SH_OP_S_WAITCNT, WAITCNT_VMCNT0);
        flat(t, fmt, g9 ? SH_OP_GLOBAL_STORE_DWORDX4
                        : SH_OP_FLAT_STORE_DWORDX4,
             0, g9 ? 1 : 8, 2, g9 ? 10 : 0, 0, false);
        sopp(t, SH_OP_S_BRANCH, (uint16_t)-(int)(t->n + 1));
        return;
    }
    if (kind == BENCH_COPY_X1) {
        /* v1 = 4 * lane; buffer_load_dword v2, v1 / buffer_store_dword. */
        vop2(t, SH_OP_V_LSHLREV_B32, 1, INT(2), 0);
        mubuf(t, SH_OP_BUFFER_LOAD_DWORD, 2, 1, 0, (StBuf) { .offen = true,
                                                            .soffset = INT(0) });
        sopp(t, SH_OP_S_WAITCNT, WAITCNT_VMCNT0);
        mubuf(t, SH_OP_BUFFER_STORE_DWORD, 2, 1, 4, (StBuf) { .offen = true,
                                                             .soffset = INT(0) });
        sopp(t, SH_OP_S_BRANCH, (uint16_t)-(int)(t->n + 1));
        return;
    }
    {
        const uint32_t *k = t->gen == AEMU_SH_GFX7 ? copy_gfx7 : copy_gfx9;
        size_t n = t->gen == AEMU_SH_GFX7 ? G_N_ELEMENTS(copy_gfx7)
                                          : G_N_ELEMENTS(copy_gfx9);

        for (size_t i = 0; i < n; i++) {
            st_emit(t, k[i]);
        }
        sopp(t, SH_OP_S_BRANCH, (uint16_t)-(int)(n + 1));
    }
}

static void program(ShTest *t, BenchKind kind)
{
    if (round_bytes(kind)) {
        copy_program(t, kind);
        return;
    }
    sop1(t, SH_OP_S_MOV_B32, 0, LIT);
    st_lit(t, BENCH_ITERATIONS);
    for (unsigned i = 0; i < BENCH_BODY; i++) {
        switch (kind) {
        case BENCH_VALU_INT:
        case BENCH_VALU_HALF_EXEC:
            vop2(t, SH_OP_V_XOR_B32, 1 + i % 8, V(10), 11);
            break;
        case BENCH_VALU_F32:
        case BENCH_VALU_F32_DENORM:
            vop2(t, SH_OP_V_MUL_F32, 1 + i % 8, V(10), 11);
            break;
        case BENCH_VALU_SGPR:
            vop2(t, SH_OP_V_AND_B32, 1 + i % 8, S(20), 11);
            break;
        case BENCH_VALU_FMA:
            vop3(t, SH_OP_V_FMA_F32, 1 + i % 8, V(10), V(11), V(12));
            break;
        case BENCH_VCMP:
            /* A compare into VCC, and a select by it. */
            if (i % 2) {
                vop2(t, SH_OP_V_CNDMASK_B32, 1 + i % 8, V(10), 11);
            } else {
                vopc(t, SH_OP_V_CMP_LT_F32, V(10), 11);
            }
            break;
        default:
            sop2(t, SH_OP_S_ADD_U32, 1 + i % 8, 2, INT(3));
            break;
        }
    }
    sop2(t, SH_OP_S_SUB_U32, 0, 0, INT(1));
    sopc(t, SH_OP_S_CMP_LG_U32, 0, INT(0));
    sopp(t, SH_OP_S_CBRANCH_SCC1, (uint16_t)-(int)(t->n - 1));
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
    char name[64];
    ShTest t;
    uint64_t n = 0;
    unsigned bytes = round_bytes(kind);
    double t0, c0, dt, dc;

    snprintf(name, sizeof(name), "gfx%d %s", gen == AEMU_SH_GFX7 ? 7 : 9,
             what);
    if (only && !strstr(name, only)) {
        return;
    }
    st_init(&t, gen);
    if (kind == BENCH_COPY_PAGED) {
        t.d->translate = paged_translate;
    }
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
    /* GLOBAL's address pairs, and FLAT's per-lane addresses. */
    t.w.sgpr[8] = (uint32_t)ST_DATA;
    t.w.sgpr[9] = (uint32_t)(ST_DATA >> 32);
    t.w.sgpr[10] = (uint32_t)ST_DATA2;
    t.w.sgpr[11] = (uint32_t)(ST_DATA2 >> 32);
    t.w.sgpr[20] = 0x0ff00ff0u;
    ST_SET_LANES(&t, 0, l);
    ST_SET_LANES(&t, 1, l * 16);
    ST_SET_LANES(&t, 6, (uint32_t)ST_DATA + l * 16);
    ST_SET_LANES(&t, 7, (uint32_t)(ST_DATA >> 32));
    ST_SET_LANES(&t, 8, (uint32_t)ST_DATA2 + l * 16);
    ST_SET_LANES(&t, 9, (uint32_t)(ST_DATA2 >> 32));
    if (!bytes) {
        ST_SET_LANES(&t, 10, fbits(1.0f + l));
        ST_SET_LANES(&t, 11, fbits(0.75f + l * 0.5f));
        ST_SET_LANES(&t, 12, fbits(-2.0f * l));
    }
    if (kind == BENCH_VALU_HALF_EXEC) {
        t.w.exec = 0x5555555555555555ull;
    }
    if (kind == BENCH_VALU_F32_DENORM) {
        t.w.mode = MODE_F32_DENORMS;
    }
    t0 = now();
    c0 = cpu_now();
    do {
        unsigned want = BENCH_BUDGET, budget;

        if (fixed_insts && fixed_insts - n < want) {
            want = (unsigned)(fixed_insts - n);
        }
        budget = want;
        aemu_wave_run(t.d, &t.w, &budget);
        n += want - budget;
        if (t.w.state != AEMU_WAVE_READY) {
            printf("%s: the wave stopped (%s)\n", name,
                   t.w.halt_reason ? t.w.halt_reason : "ended");
            break;
        }
    } while (fixed_insts ? n < fixed_insts : now() - t0 < BENCH_SECONDS);
    dt = now() - t0;
    dc = cpu_now() - c0;
    printf("shader %-33s %8.1f M wave64 instructions/s", name, n / dt / 1e6);
    if (bytes) {
        printf(", %.2f GB/s", n / round_insts(kind) * bytes / dt / 1e9);
        if (kind == BENCH_COPY) {
            printf(" (host memcpy of the same 1 KiB: %.2f GB/s)",
                   fixed_insts ? 0.0 : memcpy_gbs());
        }
    }
    printf(" [per CPU-second: %.1f M", n / dc / 1e6);
    if (bytes) {
        printf(", %.2f GB/s", n / round_insts(kind) * bytes / dc / 1e9);
    }
    printf("]\n");
    st_fini(&t);
}

int main(int argc, char **argv)
{
    static const struct {
        BenchKind kind;
        const char *what;
    } cases[] = {
        { BENCH_VALU_INT, "VALU v_xor_b32 loop" },
        { BENCH_VALU_F32, "VALU v_mul_f32 loop" },
        { BENCH_SALU, "SALU s_add_u32 loop" },
        { BENCH_COPY, "buffer copy x4 (VMEM)" },
        { BENCH_VALU_SGPR, "VALU v_and_b32 s, v loop" },
        { BENCH_VALU_FMA, "VALU v_fma_f32 (VOP3) loop" },
        { BENCH_VALU_HALF_EXEC, "VALU v_xor_b32 half EXEC" },
        { BENCH_VALU_F32_DENORM, "VALU v_mul_f32 f32 denormals" },
        { BENCH_VCMP, "VALU v_cmp_lt_f32+v_cndmask" },
        { BENCH_COPY_X1, "buffer copy x1 (VMEM)" },
        { BENCH_COPY_FLAT, "flat/global copy x4 (VMEM)" },
        { BENCH_COPY_PAGED, "buffer copy x4, 4 KiB pages" },
    };

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc) {
            fixed_insts = strtoull(argv[++i], NULL, 0);
        } else {
            only = argv[i];
        }
    }
    for (unsigned g = 0; g < AEMU_SH_NUM_GENS; g++) {
        for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++) {
            bench(g, cases[i].kind, cases[i].what);
        }
    }
    return 0;
}
