/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the shader interpreter's DS instructions on the
 * workgroup's LDS (shader-execution.md 5.6; ISA "Data Share Operations").
 *
 * Address: the ADDR VGPR plus the instruction's offset, a 16-bit
 * {OFFSET1, OFFSET0} for the one-address forms, or two 8-bit offsets
 * counted in elements (times 64 for *st64) for ds_read2/ds_write2. The
 * LDS is the group's allocation (AemuWave.lds, lds_size); on gfx7 M0 also
 * limits it (the compiler sets M0 to -1 or the size), on gfx9 M0 plays no
 * part (Mesa README-ISA.md erratum). An access (or element of a 2-address
 * access) that does not fit below the limit reads 0 and writes nothing
 * (inferred; shader-execution.md asks to verify against "Data Share
 * Operations").
 *
 * ds_swizzle_b32, ds_permute_b32 and ds_bpermute_b32 exchange lanes
 * without the LDS. The float atomics (add, min, max, cmpst on f32/f64)
 * follow shader_vmem.c's rules. ds_append/ds_consume count in the LDS at
 * M0. Not modelled (the wave halts): GDS, GWS, the _src2 forms,
 * ds_ordered_count, ds_wrap_rtn_b32, ds_condxchg32.
 */
#include "shader_interp.h"

#define SH_DWORD_BYTES      4u
#define SH_BYTE_BITS        8u
/* The *st64 forms count offsets in 64 elements. */
#define SH_ST64             64u
#define SH_DS_OFFSET1_SHIFT 8

typedef enum ShDsKind {
    SH_DS_NONE = 0,
    SH_DS_READ, SH_DS_WRITE, SH_DS_READ2, SH_DS_WRITE2, SH_DS_ATOMIC,
    SH_DS_MSKOR, SH_DS_NOP, SH_DS_XCHG2,
} ShDsKind;

typedef struct ShDsDesc {
    uint8_t kind;
    uint8_t bytes;          /* per element */
    uint8_t scale;          /* 2-address forms: element count per offset */
    bool sign;              /* ds_read_i8/i16 */
    bool rtn;               /* atomics: returns the old value */
    uint8_t atomic;         /* AemuShAtomic */
} ShDsDesc;

static ShDsDesc ds_descs[SH_OP_COUNT];
static bool ds_descs_ready;

bool aemu_sh_lds_in_range(const AemuWave *w, uint32_t addr, unsigned bytes)
{
    uint64_t limit = w->lds ? w->lds_size : 0;

    if (sh_gen(w) == AEMU_SH_GFX7 && w->m0 < limit) {
        limit = w->m0;
    }
    return (uint64_t)addr + bytes <= limit;
}

/* Element sizes by type suffix ("b32", "u8", ...), 0 if unknown. */
static unsigned type_bytes(const char *t, bool *sign)
{
    static const struct {
        const char *t;
        uint8_t bytes;
        bool sign;
    } types[] = {
        { "b8", 1, false }, { "u8", 1, false }, { "i8", 1, true },
        { "b16", 2, false }, { "u16", 2, false }, { "i16", 2, true },
        { "b32", 4, false }, { "u32", 4, false }, { "i32", 4, true },
        { "b64", 8, false }, { "u64", 8, false }, { "i64", 8, true },
        { "b96", 12, false }, { "b128", 16, false },
        { "f32", 4, true }, { "f64", 8, true },
    };

    for (unsigned i = 0; i < G_N_ELEMENTS(types); i++) {
        if (!strcmp(types[i].t, t)) {
            *sign = types[i].sign;
            return types[i].bytes;
        }
    }
    return 0;
}

static void parse_ds(const char *name, ShDsDesc *m)
{
    const char *s = name + strlen("ds_");
    const char *t = strrchr(name, '_');
    char verb[16];
    size_t n;
    bool sign = false;
    unsigned bytes;

    memset(m, 0, sizeof(*m));
    if (!strcmp(name, "ds_nop")) {
        m->kind = SH_DS_NOP;
        return;
    }
    if (strncmp(name, "ds_", 3) || !t || strstr(name, "_src2") ||
        strstr(name, "_d16") || strstr(name, "addtid")) {
        return;
    }
    bytes = type_bytes(t + 1, &sign);
    if (!bytes) {
        return;
    }
    n = strcspn(s, "_");
    if (n >= sizeof(verb)) {
        return;
    }
    memcpy(verb, s, n);
    verb[n] = 0;
    m->bytes = bytes;
    m->sign = sign;
    m->scale = 1;
    if (!strcmp(verb, "read") || !strcmp(verb, "write")) {
        m->kind = verb[0] == 'r' ? SH_DS_READ : SH_DS_WRITE;
        return;
    }
    if (!strcmp(verb, "read2") || !strcmp(verb, "write2") ||
        !strcmp(verb, "read2st64") || !strcmp(verb, "write2st64")) {
        if (bytes != SH_DWORD_BYTES && bytes != 2 * SH_DWORD_BYTES) {
            return;
        }
        m->kind = verb[0] == 'r' ? SH_DS_READ2 : SH_DS_WRITE2;
        m->scale = strstr(verb, "st64") ? SH_ST64 : 1;
        return;
    }
    /* Atomics on 32/64-bit integers: <verb>[_rtn]_<type>. */
    if (bytes != SH_DWORD_BYTES && bytes != 2 * SH_DWORD_BYTES) {
        return;
    }
    m->rtn = !strncmp(s + n, "_rtn_", strlen("_rtn_"));
    if (!m->rtn && s + n != t) {
        return;
    }
    if (!strcmp(verb, "mskor")) {
        m->kind = SH_DS_MSKOR;
        return;
    }
    if ((!strcmp(verb, "wrxchg2") || !strcmp(verb, "wrxchg2st64")) &&
        m->rtn) {
        m->kind = SH_DS_XCHG2;
        m->scale = strstr(verb, "st64") ? SH_ST64 : 1;
        return;
    }
    if (t[1] == 'f') {
        /* Float atomics: add, min, max, cmpst on f32/f64. */
        m->atomic = !strcmp(verb, "add") ? SH_ATOMIC_FADD
                  : !strcmp(verb, "min") ? SH_ATOMIC_FMIN
                  : !strcmp(verb, "max") ? SH_ATOMIC_FMAX
                  : !strcmp(verb, "cmpst") ? SH_ATOMIC_FCMPSWAP
                  : SH_ATOMIC_NONE;
    } else if (!strcmp(verb, "min") || !strcmp(verb, "max")) {
        bool u = t[1] == 'u';

        m->atomic = verb[1] == 'i' ? (u ? SH_ATOMIC_UMIN : SH_ATOMIC_SMIN)
                                   : (u ? SH_ATOMIC_UMAX : SH_ATOMIC_SMAX);
    } else if (!strcmp(verb, "wrxchg")) {
        m->atomic = SH_ATOMIC_SWAP;
    } else if (!strcmp(verb, "cmpst")) {
        m->atomic = SH_ATOMIC_CMPSWAP;
    } else {
        m->atomic = aemu_sh_atomic_kind(verb);
    }
    if (m->atomic != SH_ATOMIC_NONE) {
        m->kind = SH_DS_ATOMIC;
    }
}

static const ShDsDesc *ds_desc(AemuShOp op)
{
    if (!ds_descs_ready) {
        for (unsigned i = 0; i < SH_OP_COUNT; i++) {
            if (aemu_sh_op_info[i].fmt == AEMU_SH_FMT_DS) {
                parse_ds(aemu_sh_op_info[i].name, &ds_descs[i]);
            }
        }
        ds_descs_ready = true;
    }
    return &ds_descs[op];
}

#define SH_DS_OP(fn) \
    static void fn(AemuDevice *d, AemuWave *w, const AemuShInst *in)

static bool no_gds(AemuDevice *d, AemuWave *w, const AemuShInst *in)
{
    if (in->gds) {
        aemu_sh_halt(d, w, in, "unimplemented GDS %s at pc 0x%" PRIx64,
                     sh_info(in)->name, in->pc);
        return false;
    }
    return true;
}

/* The 16-bit offset of the one-address forms. */
static uint32_t offset16(const AemuShInst *in)
{
    return in->offset | (uint32_t)in->offset1 << SH_DS_OFFSET1_SHIFT;
}

/* The end of the LDS an access must fit below (aemu_sh_lds_in_range). */
static uint64_t lds_limit(const AemuWave *w)
{
    uint64_t limit = w->lds ? w->lds_size : 0;

    if (sh_gen(w) == AEMU_SH_GFX7 && w->m0 < limit) {
        limit = w->m0;
    }
    return limit;
}

/*
 * Each enabled lane's `bytes` of LDS at its address (ADDR + off, 32-bit)
 * into data at lane * stride (zeros out of range), or out of data into
 * the LDS (nothing out of range), in lane order. Inline with a constant
 * size, so that the copies are moves, not calls.
 */
static inline SH_ALWAYS_INLINE void
lds_lanes(AemuWave *w, const uint32_t *addr, uint32_t off, unsigned bytes,
          uint8_t *data, unsigned stride, bool write)
{
    uint64_t limit = lds_limit(w);

    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        uint32_t at = addr[l] + off;
        uint8_t *p = data + l * stride;

        if (!((w->exec >> l) & 1)) {
            continue;
        }
        if ((uint64_t)at + bytes <= limit) {
            if (write) {
                memcpy(w->lds + at, p, bytes);
            } else {
                memcpy(p, w->lds + at, bytes);
            }
        } else if (!write) {
            memset(p, 0, bytes);
        }
    }
}

static void lds_access(AemuWave *w, const uint32_t *addr, uint32_t off,
                       unsigned bytes, uint8_t *data, unsigned stride,
                       bool write)
{
    switch (bytes) {
    case 1: lds_lanes(w, addr, off, 1, data, stride, write); break;
    case 2: lds_lanes(w, addr, off, 2, data, stride, write); break;
    case 4: lds_lanes(w, addr, off, 4, data, stride, write); break;
    case 8: lds_lanes(w, addr, off, 8, data, stride, write); break;
    case 12: lds_lanes(w, addr, off, 12, data, stride, write); break;
    case 16: lds_lanes(w, addr, off, 16, data, stride, write); break;
    default: lds_lanes(w, addr, off, bytes, data, stride, write); break;
    }
}

/* Narrow loads extend to 32 bits; wide ones fill dwords. */
static void to_vgprs(AemuWave *w, const uint8_t *data, unsigned size,
                     unsigned bytes, bool sign, unsigned reg)
{
    if (bytes >= SH_DWORD_BYTES) {
        aemu_sh_data_to_vgprs(w, data, size, reg, size / SH_DWORD_BYTES);
    } else {
        AemuShRow row;
        unsigned sh = 32 - bytes * SH_BYTE_BITS;

        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            uint32_t v = (uint32_t)sh_le_load(data + l * size, bytes) << sh;

            row[l] = sign ? (uint32_t)((int32_t)v >> sh) : v >> sh;
        }
        sh_vwrite32(w, reg, row);
    }
}

SH_DS_OP(ds_read)
{
    const ShDsDesc *m = ds_desc(in->op);
    uint8_t data[AEMU_WAVE_LANES * SH_VMEM_MAX_BYTES];
    const uint32_t *addr = w->vgpr[in->vaddr];
    uint32_t off = offset16(in);

    if (!no_gds(d, w, in)) {
        return;
    }
    lds_access(w, addr, off, m->bytes, data, m->bytes, false);
    to_vgprs(w, data, m->bytes, m->bytes, m->sign, in->dst);
}

SH_DS_OP(ds_write)
{
    const ShDsDesc *m = ds_desc(in->op);
    uint8_t data[AEMU_WAVE_LANES * SH_VMEM_MAX_BYTES];
    const uint32_t *addr = w->vgpr[in->vaddr];
    uint32_t off = offset16(in);

    if (!no_gds(d, w, in)) {
        return;
    }
    if (m->bytes >= SH_DWORD_BYTES) {
        aemu_sh_vgprs_to_data(w, in->vdata, m->bytes / SH_DWORD_BYTES,
                              m->bytes, data);
    } else {
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            sh_le_store(data + l * m->bytes, w->vgpr[in->vdata][l], m->bytes);
        }
    }
    lds_access(w, addr, off, m->bytes, data, m->bytes, true);
}

/*
 * ds_write2's elements, lane by lane and in each lane the first then the
 * second (they may overlap another's): bytes is 4 or 8.
 */
static inline SH_ALWAYS_INLINE void
lds_write2(AemuWave *w, const uint32_t *addr, uint32_t o0, uint32_t o1,
           unsigned bytes, const uint8_t *d0, const uint8_t *d1)
{
    uint64_t limit = lds_limit(w);

    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        uint32_t at0 = addr[l] + o0, at1 = addr[l] + o1;

        if (!((w->exec >> l) & 1)) {
            continue;
        }
        if ((uint64_t)at0 + bytes <= limit) {
            memcpy(w->lds + at0, d0 + l * bytes, bytes);
        }
        if ((uint64_t)at1 + bytes <= limit) {
            memcpy(w->lds + at1, d1 + l * bytes, bytes);
        }
    }
}

/* ds_read2/ds_write2: two elements at offset0 and offset1 (scaled). */
SH_DS_OP(ds_read2)
{
    const ShDsDesc *m = ds_desc(in->op);
    uint8_t data[AEMU_WAVE_LANES * SH_VMEM_MAX_BYTES];
    const uint32_t *addr = w->vgpr[in->vaddr];
    uint32_t o0 = in->offset * m->bytes * m->scale;
    uint32_t o1 = in->offset1 * m->bytes * m->scale;
    unsigned size = 2 * m->bytes;

    if (!no_gds(d, w, in)) {
        return;
    }
    /* Each lane's two elements: no write between, so pass by pass. */
    lds_access(w, addr, o0, m->bytes, data, size, false);
    lds_access(w, addr, o1, m->bytes, data + m->bytes, size, false);
    aemu_sh_data_to_vgprs(w, data, size, in->dst, size / SH_DWORD_BYTES);
}

SH_DS_OP(ds_write2)
{
    const ShDsDesc *m = ds_desc(in->op);
    uint8_t d0[AEMU_WAVE_LANES * SH_VMEM_MAX_BYTES];
    uint8_t d1[AEMU_WAVE_LANES * SH_VMEM_MAX_BYTES];
    const uint32_t *addr = w->vgpr[in->vaddr];
    uint32_t o0 = in->offset * m->bytes * m->scale;
    uint32_t o1 = in->offset1 * m->bytes * m->scale;
    unsigned n = m->bytes / SH_DWORD_BYTES;

    if (!no_gds(d, w, in)) {
        return;
    }
    aemu_sh_vgprs_to_data(w, in->vdata, n, m->bytes, d0);
    aemu_sh_vgprs_to_data(w, in->data1, n, m->bytes, d1);
    if (m->bytes == SH_DWORD_BYTES) {
        lds_write2(w, addr, o0, o1, SH_DWORD_BYTES, d0, d1);
    } else {
        lds_write2(w, addr, o0, o1, 2 * SH_DWORD_BYTES, d0, d1);
    }
}

/*
 * Atomics: DATA0 is the operand (the compare value of ds_cmpst, the
 * and-mask of ds_mskor), DATA1 the second one (ds_cmpst's new value,
 * ds_mskor's or-bits); _rtn forms return the old value to VDST.
 */
SH_DS_OP(ds_atomic)
{
    const ShDsDesc *m = ds_desc(in->op);
    uint8_t d0[AEMU_WAVE_LANES * SH_VMEM_MAX_BYTES];
    uint8_t d1[AEMU_WAVE_LANES * SH_VMEM_MAX_BYTES];
    uint8_t ret[AEMU_WAVE_LANES * SH_VMEM_MAX_BYTES];
    const uint32_t *addr = w->vgpr[in->vaddr];
    uint32_t off = offset16(in);
    unsigned n = m->bytes / SH_DWORD_BYTES, bits = m->bytes * SH_BYTE_BITS;

    if (!no_gds(d, w, in)) {
        return;
    }
    aemu_sh_vgprs_to_data(w, in->vdata, n, m->bytes, d0);
    aemu_sh_vgprs_to_data(w, in->data1, n, m->bytes, d1);
    memset(ret, 0, sizeof(ret));
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        /* LDS addresses are 32-bit: they wrap before the range check. */
        uint32_t at = addr[l] + off;
        uint64_t old, a, b, now;
        uint8_t *p;

        if (!((w->exec >> l) & 1) || !aemu_sh_lds_in_range(w, at, m->bytes)) {
            continue;
        }
        p = w->lds + at;
        old = sh_le_load(p, m->bytes);
        a = sh_le_load(d0 + l * m->bytes, m->bytes);
        b = sh_le_load(d1 + l * m->bytes, m->bytes);
        if (m->kind == SH_DS_MSKOR) {
            now = (old & ~a) | b;
        } else if (m->atomic == SH_ATOMIC_CMPSWAP ||
                   m->atomic == SH_ATOMIC_FCMPSWAP) {
            now = aemu_sh_atomic_apply(m->atomic, old, b, a, bits);
        } else {
            now = aemu_sh_atomic_apply(m->atomic, old, a, 0, bits);
        }
        sh_le_store(p, now, m->bytes);
        sh_le_store(ret + l * m->bytes, old, m->bytes);
    }
    if (m->rtn) {
        aemu_sh_data_to_vgprs(w, ret, m->bytes, in->dst, n);
    }
}

/*
 * ds_swizzle_b32: lanes exchange the ADDR VGPR's values without touching
 * the LDS (ISA "Data Share Operations"; LLVM's swizzle() offset forms).
 * OFFSET bit 15 set: quad permute, each lane of a quad takes the quad's
 * lane named by its 2-bit field of OFFSET[7:0]. Clear: bit masks within
 * each 32 lanes, source = ((lane & AND) | OR) ^ XOR, the masks in
 * OFFSET[4:0], [9:5], [14:10]. A lane whose source lane is off reads 0
 * (inferred; compilers run reductions with EXEC full).
 */
#define SH_SWIZZLE_QUAD_MODE    (1u << 15)
#define SH_SWIZZLE_QUAD_LANES   4u
#define SH_SWIZZLE_QUAD_SEL_BITS 2u
#define SH_SWIZZLE_QUAD_SEL_MASK 0x3u
#define SH_SWIZZLE_HALF_LANES   32u
#define SH_SWIZZLE_MASK_BITS    5u
#define SH_SWIZZLE_MASK         0x1fu

SH_DS_OP(ds_swizzle)
{
    const uint32_t *src = w->vgpr[in->vaddr];
    uint32_t off = offset16(in);
    AemuShRow row;

    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        unsigned from;

        if (off & SH_SWIZZLE_QUAD_MODE) {
            unsigned q = l % SH_SWIZZLE_QUAD_LANES;

            from = l - q + ((off >> (SH_SWIZZLE_QUAD_SEL_BITS * q)) &
                            SH_SWIZZLE_QUAD_SEL_MASK);
        } else {
            unsigned and_mask = off & SH_SWIZZLE_MASK;
            unsigned or_mask = (off >> SH_SWIZZLE_MASK_BITS) & SH_SWIZZLE_MASK;
            unsigned xor_mask = (off >> (2 * SH_SWIZZLE_MASK_BITS)) &
                                SH_SWIZZLE_MASK;
            unsigned j = l % SH_SWIZZLE_HALF_LANES;

            from = l - j + (((j & and_mask) | or_mask) ^ xor_mask);
        }
        row[l] = ((w->exec >> from) & 1) ? src[from] : 0;
    }
    sh_vwrite32(w, in->dst, row);
}

/*
 * ds_wrxchg2_rtn/ds_wrxchg2st64_rtn: two exchanges at offset0 and offset1
 * (scaled as ds_write2's), DATA0 and DATA1 in, the two old values to
 * VDST in the same order; lane by lane, the first then the second.
 */
SH_DS_OP(ds_xchg2)
{
    const ShDsDesc *m = ds_desc(in->op);
    uint8_t d0[AEMU_WAVE_LANES * SH_VMEM_MAX_BYTES];
    uint8_t d1[AEMU_WAVE_LANES * SH_VMEM_MAX_BYTES];
    uint8_t ret[AEMU_WAVE_LANES * SH_VMEM_MAX_BYTES];
    const uint32_t *addr = w->vgpr[in->vaddr];
    uint32_t o[2] = { in->offset * m->bytes * m->scale,
                      in->offset1 * m->bytes * m->scale };
    const uint8_t *src[2] = { d0, d1 };
    unsigned n = m->bytes / SH_DWORD_BYTES, size = 2 * m->bytes;

    if (!no_gds(d, w, in)) {
        return;
    }
    aemu_sh_vgprs_to_data(w, in->vdata, n, m->bytes, d0);
    aemu_sh_vgprs_to_data(w, in->data1, n, m->bytes, d1);
    memset(ret, 0, sizeof(ret));
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        if (!((w->exec >> l) & 1)) {
            continue;
        }
        for (unsigned i = 0; i < 2; i++) {
            uint32_t at = addr[l] + o[i];

            if (aemu_sh_lds_in_range(w, at, m->bytes)) {
                memcpy(ret + l * size + i * m->bytes, w->lds + at, m->bytes);
                memcpy(w->lds + at, src[i] + l * m->bytes, m->bytes);
            }
        }
    }
    aemu_sh_data_to_vgprs(w, ret, size, in->dst, 2 * n);
}

/*
 * ds_permute_b32/ds_bpermute_b32 (gfx8+): lanes exchange DATA0 through
 * the LDS crossbar without touching the LDS. The lane a lane names is
 * (ADDR + offset) / 4 modulo 64. bpermute pulls: each enabled lane reads
 * the named lane's DATA0, 0 if that lane is disabled. permute pushes:
 * each enabled lane sends its DATA0 to the named lane (the higher lane
 * wins a collision); an enabled lane nothing was sent to gets 0.
 */
#define SH_LANE_INDEX_MASK      (AEMU_WAVE_LANES - 1)

static inline unsigned permute_lane(uint32_t addr, uint32_t off)
{
    return ((addr + off) / SH_DWORD_BYTES) & SH_LANE_INDEX_MASK;
}

SH_DS_OP(ds_bpermute)
{
    const uint32_t *addr = w->vgpr[in->vaddr];
    const uint32_t *src = w->vgpr[in->vdata];
    uint32_t off = offset16(in);
    AemuShRow row;

    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        unsigned from = permute_lane(addr[l], off);

        row[l] = ((w->exec >> from) & 1) ? src[from] : 0;
    }
    sh_vwrite32(w, in->dst, row);
}

SH_DS_OP(ds_permute)
{
    const uint32_t *addr = w->vgpr[in->vaddr];
    const uint32_t *src = w->vgpr[in->vdata];
    uint32_t off = offset16(in);
    AemuShRow row;

    memset(row, 0, sizeof(row));
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        if ((w->exec >> l) & 1) {
            row[permute_lane(addr[l], off)] = src[l];
        }
    }
    sh_vwrite32(w, in->dst, row);
}

/*
 * ds_append/ds_consume: a counter in the LDS at M0[15:0] + offset is
 * raised (lowered) by the number of enabled lanes; every enabled lane
 * gets the value before. The GDS form (the usual one for append buffers)
 * halts.
 */
#define SH_M0_LDS_ADDR_MASK     0xffffu

SH_DS_OP(ds_append)
{
    uint32_t at = (w->m0 & SH_M0_LDS_ADDR_MASK) + offset16(in);
    uint32_t old = 0, count = (uint32_t)__builtin_popcountll(w->exec);
    AemuShRow row;

    if (!no_gds(d, w, in)) {
        return;
    }
    if (w->exec && aemu_sh_lds_in_range(w, at, SH_DWORD_BYTES)) {
        old = (uint32_t)sh_le_load(w->lds + at, SH_DWORD_BYTES);
        sh_le_store(w->lds + at, in->op == SH_OP_DS_CONSUME ? old - count
                                                            : old + count,
                    SH_DWORD_BYTES);
    }
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        row[l] = old;
    }
    sh_vwrite32(w, in->dst, row);
}

/*
 * gfx9's d16 forms: a byte or short read into one half of VDST (the
 * other half kept), zero- or sign-extended to 16 bits; the _hi writes
 * store bits [23:16] or [31:16] of DATA0.
 */
#define SH_HALF_BITS            16u
#define SH_HALF_MASK            0xffffu

static void d16_of(AemuShOp op, unsigned *bytes, bool *sign, bool *hi)
{
    *bytes = 1;
    *sign = false;
    *hi = false;
    switch (op) {
    case SH_OP_DS_READ_U8_D16_HI: *hi = true; break;
    case SH_OP_DS_READ_I8_D16: *sign = true; break;
    case SH_OP_DS_READ_I8_D16_HI: *sign = *hi = true; break;
    case SH_OP_DS_READ_U16_D16: *bytes = 2; break;
    case SH_OP_DS_READ_U16_D16_HI: *bytes = 2; *hi = true; break;
    case SH_OP_DS_WRITE_B8_D16_HI: *hi = true; break;
    case SH_OP_DS_WRITE_B16_D16_HI: *bytes = 2; *hi = true; break;
    default: break;
    }
}

SH_DS_OP(ds_read_d16)
{
    uint8_t data[AEMU_WAVE_LANES * sizeof(uint16_t)];
    unsigned bytes, sh;
    bool sign, hi;
    AemuShRow row;

    if (!no_gds(d, w, in)) {
        return;
    }
    d16_of(in->op, &bytes, &sign, &hi);
    sh = 32 - bytes * SH_BYTE_BITS;
    lds_access(w, w->vgpr[in->vaddr], offset16(in), bytes, data, bytes,
               false);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        uint32_t v = (uint32_t)sh_le_load(data + l * bytes, bytes) << sh;
        uint32_t old = w->vgpr[in->dst][l];

        v = (sign ? (uint32_t)((int32_t)v >> sh) : v >> sh) & SH_HALF_MASK;
        row[l] = hi ? (old & SH_HALF_MASK) | v << SH_HALF_BITS
                    : (old & ~SH_HALF_MASK) | v;
    }
    sh_vwrite32(w, in->dst, row);
}

SH_DS_OP(ds_write_d16_hi)
{
    uint8_t data[AEMU_WAVE_LANES * sizeof(uint16_t)];
    unsigned bytes;
    bool sign, hi;

    if (!no_gds(d, w, in)) {
        return;
    }
    d16_of(in->op, &bytes, &sign, &hi);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        sh_le_store(data + l * bytes, w->vgpr[in->vdata][l] >> SH_HALF_BITS,
                    bytes);
    }
    lds_access(w, w->vgpr[in->vaddr], offset16(in), bytes, data, bytes,
               true);
}

/*
 * ds_read/write_addtid_b32 (gfx9): no ADDR VGPR; lane l accesses
 * M0[15:0] + offset + 4 * l.
 */
SH_DS_OP(ds_addtid)
{
    uint8_t data[AEMU_WAVE_LANES * SH_DWORD_BYTES];
    AemuShRow addr;
    bool write = in->op == SH_OP_DS_WRITE_ADDTID_B32;

    if (!no_gds(d, w, in)) {
        return;
    }
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        addr[l] = (w->m0 & SH_M0_LDS_ADDR_MASK) + l * SH_DWORD_BYTES;
    }
    if (write) {
        aemu_sh_vgprs_to_data(w, in->vdata, 1, SH_DWORD_BYTES, data);
    }
    lds_access(w, addr, offset16(in), SH_DWORD_BYTES, data, SH_DWORD_BYTES,
               write);
    if (!write) {
        aemu_sh_data_to_vgprs(w, data, SH_DWORD_BYTES, in->dst, 1);
    }
}

SH_DS_OP(ds_nop) { }

AemuShExecFn *aemu_sh_lds_handler(AemuShOp op)
{
    if (aemu_sh_op_info[op].fmt != AEMU_SH_FMT_DS) {
        return NULL;
    }
    switch (op) {
    case SH_OP_DS_SWIZZLE_B32: return ds_swizzle;
    case SH_OP_DS_PERMUTE_B32: return ds_permute;
    case SH_OP_DS_BPERMUTE_B32: return ds_bpermute;
    case SH_OP_DS_APPEND: case SH_OP_DS_CONSUME: return ds_append;
    case SH_OP_DS_READ_U8_D16: case SH_OP_DS_READ_U8_D16_HI:
    case SH_OP_DS_READ_I8_D16: case SH_OP_DS_READ_I8_D16_HI:
    case SH_OP_DS_READ_U16_D16: case SH_OP_DS_READ_U16_D16_HI:
        return ds_read_d16;
    case SH_OP_DS_WRITE_B8_D16_HI: case SH_OP_DS_WRITE_B16_D16_HI:
        return ds_write_d16_hi;
    case SH_OP_DS_READ_ADDTID_B32: case SH_OP_DS_WRITE_ADDTID_B32:
        return ds_addtid;
    default:
        break;
    }
    switch (ds_desc(op)->kind) {
    case SH_DS_READ: return ds_read;
    case SH_DS_WRITE: return ds_write;
    case SH_DS_READ2: return ds_read2;
    case SH_DS_WRITE2: return ds_write2;
    case SH_DS_XCHG2: return ds_xchg2;
    case SH_DS_ATOMIC:
    case SH_DS_MSKOR:
        return ds_atomic;
    case SH_DS_NOP: return ds_nop;
    default: return NULL;
    }
}
