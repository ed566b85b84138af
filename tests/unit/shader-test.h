/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the shader interpreter's unit tests share (test-shader-decode.c,
 * test-shader-alu.c, test-shader-mem.c): a wave built by hand on the
 * standalone host, code and data in VRAM through a flat translation (MC
 * [0, VRAM) is VRAM in every VMID, everything else faults), and a small
 * encoder that assembles instructions from the generated tables
 * (shader_isa_tables.c), so a test writes the same instruction for gfx7
 * and gfx9 by its semantic op. The decoder goldens do not use the encoder:
 * their dwords come from llvm-mc.
 */
#ifndef SHADER_TEST_H
#define SHADER_TEST_H

#include <math.h>
#include <string.h>
#include "aemu-host.h"
#include "aemu-internal.h"
#include "shader_interp.h"

#define ST_MiB              (1024ull * 1024ull)
#define ST_RAM_SIZE         (1 * ST_MiB)
/* VRAM layout: code, then data the tests read and write. */
#define ST_CODE             0x100000ull
#define ST_DATA             0x200000ull
#define ST_DATA2            0x300000ull
#define ST_LDS_BYTES        (64u * 1024u)
#define ST_BUDGET           100000u
#define ST_MAX_CODE         512u

/* Operand codes (shader-execution.md 3.2). */
#define S(n)                (n)
#define V(n)                (SH_SRC_VGPR0 + (n))
#define VCC                 SH_VCC_LO
#define EXEC                SH_EXEC_LO
#define M0                  SH_M0
#define INT(n)              (SH_SRC_INT_ZERO + (n))         /* 0..64 */
#define NEG(n)              (SH_SRC_INT_POS_MAX + (n))      /* -1..-16 */
#define F_HALF              SH_SRC_FLOAT_FIRST
#define F_ONE               (SH_SRC_FLOAT_FIRST + 2)
#define F_TWO               (SH_SRC_FLOAT_FIRST + 4)
#define LIT                 SH_SRC_LITERAL
#define SCC_SRC             SH_SRC_SCC
#define ST_ALL              (~0ull)

typedef struct ShTest {
    AemuTestHost *h;
    AemuDevice *d;
    AemuShGen gen;
    AemuShContext ctx;
    AemuWave w;
    uint32_t code[ST_MAX_CODE];
    unsigned n;             /* dwords assembled */
    uint8_t *lds;
} ShTest;

static AemuMemStatus st_translate(AemuDevice *d, unsigned vmid, uint64_t addr,
                                  bool write, const AemuMemClient *client,
                                  AemuXlate *out)
{
    if (addr < d->vram_size) {
        *out = (AemuXlate) { .vram = true, .addr = addr,
                             .len = d->vram_size - addr };
        return AEMU_MEM_OK;
    }
    return AEMU_MEM_FAULT;
}

static const AemuMemClient st_client = { .name = "SQC" };

static inline void st_init(ShTest *t, AemuShGen gen)
{
    memset(t, 0, sizeof(*t));
    t->gen = gen;
    t->h = aemu_test_host_new_asic(gen == AEMU_SH_GFX7 ? &aemu_asic_hawaii
                                                       : &aemu_asic_vega10,
                                   0, ST_RAM_SIZE);
    t->d = t->h->dev;
    t->d->translate = st_translate;
    t->ctx.gen = gen;
    t->ctx.vmid = 0;
    t->ctx.client = st_client;
    t->ctx.decode_cache = aemu_sh_decode_cache_new();
    aemu_wave_init(&t->w, &t->ctx);
    t->w.pc = ST_CODE;
    t->w.exec = ST_ALL;
    /* The drivers' compute MODE: f32 denormals flushed, f64/f16 kept. */
    t->w.mode = 0xc0;
    t->w.m0 = UINT32_MAX;
    t->lds = g_malloc0(ST_LDS_BYTES);
    t->w.lds = t->lds;
    t->w.lds_size = ST_LDS_BYTES;
    t->w.waves_in_group = 1;
    t->w.state = AEMU_WAVE_READY;
}

static inline void st_fini(ShTest *t)
{
    aemu_wave_fini(&t->w);
    aemu_sh_decode_cache_free(t->ctx.decode_cache);
    g_free(t->lds);
    aemu_test_host_free(t->h);
}

static inline void st_emit(ShTest *t, uint32_t dw)
{
    g_assert_cmpuint(t->n, <, ST_MAX_CODE);
    t->code[t->n++] = dw;
}

/* Copy the code to VRAM at ST_CODE. */
static inline void st_load(ShTest *t)
{
    for (unsigned i = 0; i < t->n; i++) {
        aemu_test_put32(t->h->vram + ST_CODE + 4 * i, t->code[i]);
    }
}

/* Load the code and run the wave until it stops (or the budget ends). */
static inline AemuWaveState st_run(ShTest *t)
{
    unsigned budget = ST_BUDGET;

    st_load(t);
    return aemu_wave_run(t->d, &t->w, &budget);
}

/*
 * Run until the wave stops, through the turns it yields (s_sleep, a
 * VGPR index region), as the dispatch would give it more.
 */
static inline AemuWaveState st_run_to_stop(ShTest *t)
{
    AemuWaveState st = st_run(t);

    for (unsigned turn = 0; st == AEMU_WAVE_READY && turn < ST_BUDGET;
         turn++) {
        unsigned budget = ST_BUDGET;

        st = aemu_wave_run(t->d, &t->w, &budget);
    }
    return st;
}

/* ---- the encoder ---- */

/* The opcode op has in fmt on this generation (the test fails if none). */
static inline uint32_t st_opcode(AemuShGen gen, unsigned fmt, AemuShOp op)
{
    const AemuShOpTable *tab = &aemu_sh_optab[gen][fmt];

    for (uint32_t i = 0; i < tab->size; i++) {
        if (tab->op[i] == op) {
            return i;
        }
    }
    g_error("%s has no %s form on gfx%d", aemu_sh_op_info[op].name,
            aemu_sh_fmt_name(fmt), gen == AEMU_SH_GFX7 ? 7 : 9);
    return 0;
}

static inline bool st_has(AemuShGen gen, unsigned fmt, AemuShOp op)
{
    const AemuShOpTable *tab = &aemu_sh_optab[gen][fmt];

    for (uint32_t i = 0; i < tab->size; i++) {
        if (tab->op[i] == op) {
            return true;
        }
    }
    return false;
}

static inline uint32_t st_enc(unsigned gen, unsigned fmt)
{
    for (const AemuShEncoding *e = aemu_sh_encodings[gen];
         e->fmt != AEMU_SH_FMT_INVALID; e++) {
        if (e->fmt == fmt) {
            return e->bits;
        }
    }
    g_error("no encoding for %s", aemu_sh_fmt_name(fmt));
    return 0;
}

static inline uint32_t st_f(uint32_t v, AemuShField f)
{
    return (v << f.shift) & f.mask;
}

#define L(t) (&aemu_sh_layout[(t)->gen])

static inline void st_lit(ShTest *t, uint32_t lit)
{
    st_emit(t, lit);
}

static inline void sop2(ShTest *t, AemuShOp op, unsigned sdst, unsigned s0,
                 unsigned s1)
{
    st_emit(t, st_enc(t->gen, AEMU_SH_FMT_SOP2) |
               st_f(st_opcode(t->gen, AEMU_SH_FMT_SOP2, op), L(t)->sop2_op) |
               st_f(sdst, L(t)->sop2_sdst) | st_f(s0, L(t)->sop2_ssrc0) |
               st_f(s1, L(t)->sop2_ssrc1));
}

static inline void sopk(ShTest *t, AemuShOp op, unsigned sdst, uint16_t simm)
{
    st_emit(t, st_enc(t->gen, AEMU_SH_FMT_SOPK) |
               st_f(st_opcode(t->gen, AEMU_SH_FMT_SOPK, op), L(t)->sopk_op) |
               st_f(sdst, L(t)->sopk_sdst) | st_f(simm, L(t)->sopk_simm16));
}

static inline void sop1(ShTest *t, AemuShOp op, unsigned sdst, unsigned s0)
{
    st_emit(t, st_enc(t->gen, AEMU_SH_FMT_SOP1) |
               st_f(st_opcode(t->gen, AEMU_SH_FMT_SOP1, op), L(t)->sop1_op) |
               st_f(sdst, L(t)->sop1_sdst) | st_f(s0, L(t)->sop1_ssrc0));
}

static inline void sopc(ShTest *t, AemuShOp op, unsigned s0, unsigned s1)
{
    st_emit(t, st_enc(t->gen, AEMU_SH_FMT_SOPC) |
               st_f(st_opcode(t->gen, AEMU_SH_FMT_SOPC, op), L(t)->sopc_op) |
               st_f(s0, L(t)->sopc_ssrc0) | st_f(s1, L(t)->sopc_ssrc1));
}

static inline void sopp(ShTest *t, AemuShOp op, uint16_t simm)
{
    st_emit(t, st_enc(t->gen, AEMU_SH_FMT_SOPP) |
               st_f(st_opcode(t->gen, AEMU_SH_FMT_SOPP, op), L(t)->sopp_op) |
               st_f(simm, L(t)->sopp_simm16));
}

static inline void endpgm(ShTest *t)
{
    sopp(t, SH_OP_S_ENDPGM, 0);
}

static inline void vop2(ShTest *t, AemuShOp op, unsigned vdst, unsigned s0,
                 unsigned vsrc1)
{
    st_emit(t, st_enc(t->gen, AEMU_SH_FMT_VOP2) |
               st_f(st_opcode(t->gen, AEMU_SH_FMT_VOP2, op), L(t)->vop2_op) |
               st_f(vdst, L(t)->vop2_vdst) | st_f(s0, L(t)->vop2_src0) |
               st_f(vsrc1, L(t)->vop2_vsrc1));
}

static inline void vop1(ShTest *t, AemuShOp op, unsigned vdst, unsigned s0)
{
    st_emit(t, st_enc(t->gen, AEMU_SH_FMT_VOP1) |
               st_f(st_opcode(t->gen, AEMU_SH_FMT_VOP1, op), L(t)->vop1_op) |
               st_f(vdst, L(t)->vop1_vdst) | st_f(s0, L(t)->vop1_src0));
}

static inline void vopc(ShTest *t, AemuShOp op, unsigned s0, unsigned vsrc1)
{
    st_emit(t, st_enc(t->gen, AEMU_SH_FMT_VOPC) |
               st_f(st_opcode(t->gen, AEMU_SH_FMT_VOPC, op), L(t)->vopc_op) |
               st_f(s0, L(t)->vopc_src0) | st_f(vsrc1, L(t)->vopc_vsrc1));
}

/* VOP3 modifiers. */
typedef struct St3 {
    unsigned abs, neg, omod;
    bool clamp;
} St3;

/* VOP3a (sdst: VOP3b's scalar destination, for ops that have one). */
static inline void vop3m(ShTest *t, AemuShOp op, unsigned vdst, unsigned sdst,
                  unsigned s0, unsigned s1, unsigned s2, St3 m)
{
    bool b = aemu_sh_op_info[op].flags & AEMU_SH_F_VOP3B;

    st_emit(t, st_enc(t->gen, AEMU_SH_FMT_VOP3) |
               st_f(st_opcode(t->gen, AEMU_SH_FMT_VOP3, op), L(t)->vop3_op) |
               st_f(vdst, L(t)->vop3_vdst) |
               (b ? st_f(sdst, L(t)->vop3b_sdst) |
                    st_f(m.clamp, L(t)->vop3b_clamp)
                  : st_f(m.abs, L(t)->vop3_abs) |
                    st_f(m.clamp, L(t)->vop3_clamp)));
    st_emit(t, st_f(s0, L(t)->vop3_src0) | st_f(s1, L(t)->vop3_src1) |
               st_f(s2, L(t)->vop3_src2) | st_f(m.omod, L(t)->vop3_omod) |
               st_f(m.neg, L(t)->vop3_neg));
}

static inline void vop3(ShTest *t, AemuShOp op, unsigned vdst, unsigned s0,
                 unsigned s1, unsigned s2)
{
    vop3m(t, op, vdst, 0, s0, s1, s2, (St3) { 0 });
}

static inline void vop3b(ShTest *t, AemuShOp op, unsigned vdst, unsigned sdst,
                  unsigned s0, unsigned s1, unsigned s2)
{
    vop3m(t, op, vdst, sdst, s0, s1, s2, (St3) { 0 });
}

/* s_load/s_buffer_load: offset in bytes (a multiple of 4 on gfx7). */
static inline void smem(ShTest *t, AemuShOp op, unsigned sdst, unsigned sbase,
                 uint32_t offset)
{
    if (t->gen == AEMU_SH_GFX7) {
        st_emit(t, st_enc(t->gen, AEMU_SH_FMT_SMRD) |
                   st_f(st_opcode(t->gen, AEMU_SH_FMT_SMRD, op),
                        L(t)->smrd_op) |
                   st_f(sdst, L(t)->smrd_sdst) |
                   st_f(sbase / 2, L(t)->smrd_sbase) |
                   st_f(1, L(t)->smrd_imm) |
                   st_f(offset / 4, L(t)->smrd_offset));
    } else {
        st_emit(t, st_enc(t->gen, AEMU_SH_FMT_SMEM) |
                   st_f(st_opcode(t->gen, AEMU_SH_FMT_SMEM, op),
                        L(t)->smem_op) |
                   st_f(sdst, L(t)->smem_sdata) |
                   st_f(sbase / 2, L(t)->smem_sbase) |
                   st_f(1, L(t)->smem_imm));
        st_emit(t, st_f(offset, L(t)->smem_offset));
    }
}

/* MUBUF fields. */
typedef struct StBuf {
    unsigned offset;
    bool offen, idxen, glc, addr64;
    unsigned soffset;       /* operand code */
} StBuf;

static inline void mubuf(ShTest *t, AemuShOp op, unsigned vdata, unsigned vaddr,
                  unsigned srsrc, StBuf b)
{
    st_emit(t, st_enc(t->gen, AEMU_SH_FMT_MUBUF) |
               st_f(st_opcode(t->gen, AEMU_SH_FMT_MUBUF, op),
                    L(t)->mubuf_op) |
               st_f(b.offset, L(t)->mubuf_offset) |
               st_f(b.offen, L(t)->mubuf_offen) |
               st_f(b.idxen, L(t)->mubuf_idxen) |
               st_f(b.glc, L(t)->mubuf_glc) |
               st_f(b.addr64, L(t)->mubuf_addr64));
    st_emit(t, st_f(vaddr, L(t)->mubuf_vaddr) |
               st_f(vdata, L(t)->mubuf_vdata) |
               st_f(srsrc / 4, L(t)->mubuf_srsrc) |
               st_f(b.soffset, L(t)->mubuf_soffset));
}

/* FLAT (seg 0) or, on gfx9, GLOBAL or SCRATCH (fmt says which). */
static inline void flat(ShTest *t, unsigned fmt, AemuShOp op, unsigned vdst,
                 unsigned vaddr, unsigned vdata, unsigned saddr, int offset,
                 bool glc)
{
    static const unsigned seg_of[AEMU_SH_FMT_COUNT] = {
        [AEMU_SH_FMT_GLOBAL] = 2, [AEMU_SH_FMT_SCRATCH] = 1,
    };

    st_emit(t, st_enc(t->gen, AEMU_SH_FMT_FLAT) |
               st_f(st_opcode(t->gen, fmt, op), L(t)->flat_op) |
               st_f(glc, L(t)->flat_glc) |
               st_f(seg_of[fmt], L(t)->flat_seg) |
               st_f((uint32_t)offset, fmt == AEMU_SH_FMT_GLOBAL
                                          ? L(t)->global_offset
                                      : fmt == AEMU_SH_FMT_SCRATCH
                                          ? L(t)->scratch_offset
                                          : L(t)->flat_offset));
    st_emit(t, st_f(vaddr, L(t)->flat_addr) | st_f(vdata, L(t)->flat_data) |
               st_f(vdst, L(t)->flat_vdst) | st_f(saddr, L(t)->flat_saddr));
}

static inline void ds(ShTest *t, AemuShOp op, unsigned vdst, unsigned addr,
               unsigned data0, unsigned data1, unsigned off0, unsigned off1)
{
    st_emit(t, st_enc(t->gen, AEMU_SH_FMT_DS) |
               st_f(st_opcode(t->gen, AEMU_SH_FMT_DS, op), L(t)->ds_op) |
               st_f(off0, L(t)->ds_offset0) | st_f(off1, L(t)->ds_offset1));
    st_emit(t, st_f(addr, L(t)->ds_addr) | st_f(data0, L(t)->ds_data0) |
               st_f(data1, L(t)->ds_data1) | st_f(vdst, L(t)->ds_vdst));
}

/* ---- values ---- */

static inline uint32_t fbits(float f)
{
    uint32_t v;

    memcpy(&v, &f, sizeof(v));
    return v;
}

static inline float bitsf(uint32_t v)
{
    float f;

    memcpy(&f, &v, sizeof(f));
    return f;
}

/* Set every lane of VGPR v from a function of the lane. */
#define ST_SET_LANES(t, v, expr) \
    do { \
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) { \
            (t)->w.vgpr[v][l] = (expr); \
        } \
    } while (0)

/* Run the two generations of a test body taking (ShTest *). */
#define ST_BOTH(fn) \
    static void fn##_gfx7(void) \
    { \
        ShTest t; \
        st_init(&t, AEMU_SH_GFX7); \
        fn(&t); \
        st_fini(&t); \
    } \
    static void fn##_gfx9(void) \
    { \
        ShTest t; \
        st_init(&t, AEMU_SH_GFX9); \
        fn(&t); \
        st_fini(&t); \
    }

#define ST_ADD_BOTH(path, fn) \
    do { \
        g_test_add_func(path "/gfx7", fn##_gfx7); \
        g_test_add_func(path "/gfx9", fn##_gfx9); \
    } while (0)

#endif
