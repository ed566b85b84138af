/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the shader interpreter's buffer instructions, MUBUF and
 * MTBUF: the buffer resource (V#) in four SGPRs, the address of each lane,
 * the range check, and the typed (format) loads and stores
 * (shader-execution.md 5.1; ISA "Vector Memory Buffer Instructions").
 *
 * Address: base + SOFFSET + (OFFEN ? VGPR offset : 0) + OFFSET +
 * STRIDE * index, the index being the IDXEN VGPR plus the lane with
 * ADD_TID_ENABLE; gfx7's ADDR64 adds a 64-bit VGPR address to the base
 * instead, unchecked. Range (Mesa si_make_buffer_descriptor): NUM_RECORDS
 * counts records of STRIDE bytes for a structured access (gfx7: STRIDE
 * != 0; gfx9: IDXEN and STRIDE != 0), in which case a lane whose index is
 * not below it is out of range; otherwise NUM_RECORDS counts bytes and
 * the offset is checked, dword by dword for the dword x2/x3/x4 forms, the
 * whole access for the others (formats, narrow, atomics). Out of range,
 * loads read 0 (1 where DST_SEL asks for it) and stores drop.
 *
 * Inferred: the byte check includes SOFFSET on gfx9 (gem5's Vega model)
 * but not on gfx7, where LLVM avoids SGPR offsets with bounds-checked
 * buffers because "SGPR offset on MUBUF prevents addr clamping on SI/CI"
 * (Mesa README-ISA.md).
 *
 * Swizzled buffers (SWIZZLE_ENABLE: the scratch ring, whose V# ACO and
 * LLVM build with ADD_TID_ENABLE, INDEX_STRIDE 64 lanes and, on gfx7,
 * ELEMENT_SIZE 4 bytes; gfx9 has no ELEMENT_SIZE and swizzles dwords)
 * interleave the records of INDEX_STRIDE consecutive indices element by
 * element (the ISA's formula, as gem5 quotes it):
 *   buffer_offset = (index / INDEX_STRIDE * STRIDE
 *                    + offset / ELEMENT_SIZE * ELEMENT_SIZE) * INDEX_STRIDE
 *                   + index % INDEX_STRIDE * ELEMENT_SIZE
 *                   + offset % ELEMENT_SIZE
 *   address = base + SOFFSET + buffer_offset
 * so a lane's access is split where it crosses an element, each piece at
 * its own address (loads, stores; atomics and the format ops move as one).
 * Range (inferred from gem5 and Mesa's NUM_RECORDS notes): with STRIDE 0,
 * a piece is in range when its buffer_offset (plus SOFFSET on gfx9) and
 * its bytes fit below NUM_RECORDS; with a STRIDE, when the index is below
 * NUM_RECORDS and the offset below STRIDE. On gfx8/gfx9, ADD_TID_ENABLE
 * makes DATA_FORMAT the stride's bits 17:14 (LLVM SIInstrInfo
 * getScratchRsrcWords23, gem5). Loads into LDS are not modelled: such an
 * instruction halts the wave.
 */
#include "shader_interp.h"
#include "shader_fp.h"

#define SH_DWORD_BYTES          4u
#define SH_VSHARP_DWORDS        4u
/* BUF_DATA_FORMAT_* (gfx_7_2_enum.h): the 32-bit-per-component formats. */
#define SH_BUF_DATA_FORMAT_32           4u
#define SH_BUF_DATA_FORMAT_32_32        11u
#define SH_BUF_DATA_FORMAT_32_32_32     13u
#define SH_BUF_DATA_FORMAT_32_32_32_32  14u
/* BUF_NUM_FORMAT_* that keep 32-bit components as they are. */
#define SH_BUF_NUM_FORMAT_UINT          4u
#define SH_BUF_NUM_FORMAT_SINT          5u
#define SH_BUF_NUM_FORMAT_FLOAT         7u
/* SQ_SEL_* of DST_SEL_X..W: 0, 1, or component X..W. */
#define SH_SQ_SEL_0                     0u
#define SH_SQ_SEL_1                     1u
#define SH_SQ_SEL_X                     4u
#define SH_COMPONENTS                   4u
/* A missing W component of a format load reads 1 (x, y, z read 0). */
#define SH_COMPONENT_W                  3u
#define SH_F32_ONE                      0x3f800000u

/* Swizzled buffers: ELEMENT_SIZE and INDEX_STRIDE count from 2 and 8. */
#define SH_SWIZZLE_ELEMENT_MIN          2u
#define SH_SWIZZLE_INDEX_STRIDE_MIN     8u
/* gfx9 has no ELEMENT_SIZE: scratch is dword-interleaved (AMDGPUUsage). */
#define SH_SWIZZLE_ELEMENT_GFX9         4u
/* gfx8/gfx9 with ADD_TID_ENABLE: DATA_FORMAT is STRIDE's bits 17:14. */
#define SH_ADD_TID_STRIDE_HI_SHIFT      14

typedef struct ShVsharp {
    uint64_t base;
    uint32_t stride;
    uint32_t num_records;
    bool swizzle;
    bool add_tid;
    unsigned esize, istride;    /* swizzled: element bytes, indices */
    unsigned dst_sel[SH_COMPONENTS];
    unsigned nfmt, dfmt;
} ShVsharp;

#define SH_VMEM_OP(fn) \
    static void fn(AemuDevice *d, AemuWave *w, const AemuShInst *in)

/*
 * The V# in the four SGPRs from code: what every access needs, and the
 * format fields only for the format ops (with_format).
 */
static void read_vsharp_fields(const AemuWave *w, unsigned code, ShVsharp *v,
                               bool with_format)
{
    const AemuShLayout *L = &aemu_sh_layout[sh_gen(w)];
    uint32_t dw[SH_VSHARP_DWORDS];

    for (unsigned i = 0; i < SH_VSHARP_DWORDS; i++) {
        dw[i] = aemu_sh_sread(w, code + i);
    }
    v->base = aemu_sh_field(dw, L->vsharp_base_lo) |
              (uint64_t)aemu_sh_field(dw, L->vsharp_base_hi) << 32;
    v->stride = aemu_sh_field(dw, L->vsharp_stride);
    v->num_records = aemu_sh_field(dw, L->vsharp_num_records);
    v->swizzle = aemu_sh_field(dw, L->vsharp_swizzle_en);
    v->add_tid = aemu_sh_field(dw, L->vsharp_add_tid);
    if (v->add_tid && sh_gen(w) == AEMU_SH_GFX9) {
        v->stride |= aemu_sh_field(dw, L->vsharp_data_format)
                     << SH_ADD_TID_STRIDE_HI_SHIFT;
    }
    if (v->swizzle) {
        v->esize = sh_gen(w) == AEMU_SH_GFX9
                   ? SH_SWIZZLE_ELEMENT_GFX9
                   : SH_SWIZZLE_ELEMENT_MIN
                         << aemu_sh_field(dw, L->vsharp_element_size);
        v->istride = SH_SWIZZLE_INDEX_STRIDE_MIN
                     << aemu_sh_field(dw, L->vsharp_index_stride);
    }
    if (!with_format) {
        return;
    }
    v->dst_sel[0] = aemu_sh_field(dw, L->vsharp_dst_sel_x);
    v->dst_sel[1] = aemu_sh_field(dw, L->vsharp_dst_sel_y);
    v->dst_sel[2] = aemu_sh_field(dw, L->vsharp_dst_sel_z);
    v->dst_sel[3] = aemu_sh_field(dw, L->vsharp_dst_sel_w);
    v->nfmt = aemu_sh_field(dw, L->vsharp_num_format);
    v->dfmt = aemu_sh_field(dw, L->vsharp_data_format);
}

static void read_vsharp(const AemuWave *w, unsigned code, ShVsharp *v)
{
    read_vsharp_fields(w, code, v, false);
}

static void read_vsharp_format(const AemuWave *w, unsigned code, ShVsharp *v)
{
    read_vsharp_fields(w, code, v, true);
}

/* Refuse what the model does not do; true if the access can go on. */
static bool supported(AemuDevice *d, AemuWave *w, const AemuShInst *in,
                      const ShVsharp *v)
{
    if (in->lds) {
        aemu_sh_halt(d, w, in, "unimplemented %s into LDS at pc 0x%" PRIx64,
                     sh_info(in)->name, in->pc);
        return false;
    }
    return true;
}

/*
 * The common shape, in one check: every lane enabled, a raw (unstructured)
 * buffer, the offset from the OFFEN VGPR alone, lanes total bytes apart
 * in order without wrapping, and the last lane (so every lane) wholly in
 * range. Then lane l's access is *run + l * total.
 */
static bool buffer_run(const AemuWave *w, const AemuShInst *in,
                       const ShVsharp *v, bool structured, uint32_t soff,
                       unsigned total, uint64_t *run)
{
    const uint32_t *va = w->vgpr[in->vaddr];
    uint32_t off0, last;

    if (w->exec != SH_ALL_LANES || in->addr64 || structured || in->idxen ||
        !in->offen || v->add_tid) {
        return false;
    }
    off0 = va[0] + in->offset;
    if ((uint64_t)off0 + (uint64_t)total * (AEMU_WAVE_LANES - 1) >
        UINT32_MAX || !aemu_sh_lanes_linear(va, total)) {
        return false;
    }
    last = off0 + total * (AEMU_WAVE_LANES - 1);
    if ((uint64_t)last + (sh_gen(w) == AEMU_SH_GFX9 ? soff : 0) + total >
        v->num_records) {
        return false;
    }
    *run = v->base + soff + off0;
    return true;
}

/*
 * Each enabled lane's address and bytes in range, for an access of elems
 * elements of esize bytes (a power of two), checked per element or as a
 * whole; or true, m untouched, when buffer_run finds the common shape.
 */
static bool buffer_lanes(const AemuWave *w, const AemuShInst *in,
                         const ShVsharp *v, unsigned esize, unsigned elems,
                         bool whole, AemuShLaneMem *m, uint64_t *run)
{
    bool gfx9 = sh_gen(w) == AEMU_SH_GFX9;
    bool structured = v->stride && (gfx9 ? in->idxen : true);
    uint32_t soff = sh_ssrc32(w, &in->soffset);
    const uint32_t *va = w->vgpr[in->vaddr], *vb = w->vgpr[in->vaddr + 1];
    unsigned total = esize * elems, eshift = __builtin_ctz(esize);
    const uint32_t *irow, *orow;
    uint32_t tid = v->add_tid ? UINT32_MAX : 0;
    uint64_t base = v->base + soff, chk_soff = gfx9 ? soff : 0;
    AemuShRow en;

    if (buffer_run(w, in, v, structured, soff, total, run)) {
        return true;
    }
    sh_bits_to_lanes(w->exec, en);
    if (in->addr64) {
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            m->addr[l] = v->base + (va[l] | (uint64_t)vb[l] << 32) + soff +
                         in->offset;
            m->len[l] = en[l] ? total : 0;
        }
        return false;
    }
    irow = in->idxen ? va : aemu_sh_zero_row;
    orow = in->offen ? (in->idxen ? vb : va) : aemu_sh_zero_row;
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        uint32_t index = irow[l] + (l & tid);
        uint32_t off = orow[l] + in->offset;
        uint64_t chk = (uint64_t)off + chk_soff;
        unsigned n;

        m->addr[l] = base + off + (uint64_t)v->stride * index;
        if (structured) {
            n = index < v->num_records ? total : 0;
        } else if (whole) {
            n = chk + total <= v->num_records ? total : 0;
        } else {
            /* The elements wholly below NUM_RECORDS. */
            uint64_t fit = chk < v->num_records
                           ? (v->num_records - chk) >> eshift : 0;

            n = (unsigned)MIN(fit, (uint64_t)elems) * esize;
        }
        m->len[l] = en[l] ? n : 0;
    }
    return false;
}

/* ---- swizzled buffers ---- */

/* Where offset off of record index lies in a swizzled buffer. */
static uint64_t swizzle_offset(const ShVsharp *v, uint32_t index,
                               uint64_t off)
{
    return ((uint64_t)(index / v->istride) * v->stride +
            off / v->esize * v->esize) * v->istride +
           (uint64_t)(index % v->istride) * v->esize + off % v->esize;
}

/* The pieces of one swizzled access: bytes apart in memory. */
typedef struct ShPieces {
    AemuShLaneMem m;                    /* addresses, bytes in range */
    uint8_t at[AEMU_WAVE_LANES];        /* where in the lane's bytes */
    uint8_t n[AEMU_WAVE_LANES];         /* the piece's bytes; 0: none */
} ShPieces;

/*
 * Piece `piece` of each enabled lane's access of total bytes: the part in
 * the lane's piece-th element, or the whole access as one piece (whole).
 * False when no lane has such a piece.
 */
static bool swizzle_piece(const AemuWave *w, const AemuShInst *in,
                          const ShVsharp *v, unsigned total, bool whole,
                          unsigned piece, ShPieces *p)
{
    bool gfx9 = sh_gen(w) == AEMU_SH_GFX9;
    uint32_t soff = sh_ssrc32(w, &in->soffset);
    uint64_t chk_soff = gfx9 ? soff : 0;
    const uint32_t *va = w->vgpr[in->vaddr], *vb = w->vgpr[in->vaddr + 1];
    const uint32_t *irow = in->idxen ? va : aemu_sh_zero_row;
    const uint32_t *orow = in->offen ? (in->idxen ? vb : va)
                                     : aemu_sh_zero_row;
    bool any = false;

    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        uint32_t off0 = orow[l] + in->offset;
        uint32_t index = irow[l] + (v->add_tid ? l : 0);
        uint64_t first = off0 / v->esize, start, end, bo;
        bool ok;

        p->m.len[l] = 0;
        p->n[l] = 0;
        if (!((w->exec >> l) & 1)) {
            continue;
        }
        if (whole) {
            if (piece) {
                continue;
            }
            start = off0;
            end = (uint64_t)off0 + total;
        } else {
            start = piece ? (first + piece) * v->esize : off0;
            end = MIN((uint64_t)off0 + total,
                      (first + piece + 1) * v->esize);
            if (start >= (uint64_t)off0 + total) {
                continue;
            }
        }
        any = true;
        p->at[l] = (uint8_t)(start - off0);
        p->n[l] = (uint8_t)(end - start);
        bo = swizzle_offset(v, index, start);
        p->m.addr[l] = v->base + soff + bo;
        if (v->stride) {
            ok = index < v->num_records && start < v->stride;
        } else {
            ok = bo + chk_soff + p->n[l] <= v->num_records;
        }
        p->m.len[l] = ok ? p->n[l] : 0;
    }
    return any;
}

/* The bytes each piece of a swizzled access can hold. */
static unsigned piece_bytes(const ShVsharp *v, unsigned total, bool whole)
{
    return whole ? total : MIN(total, v->esize);
}

/* A swizzled load: lane l's total bytes at data + l * total. */
static void swizzled_load(AemuDevice *d, AemuWave *w,
                          const AemuShInst *in, const ShVsharp *v,
                          unsigned total, bool whole, uint8_t *data)
{
    uint8_t buf[AEMU_WAVE_LANES * SH_VMEM_MAX_BYTES];
    unsigned size = piece_bytes(v, total, whole);
    ShPieces p;

    memset(data, 0, (size_t)AEMU_WAVE_LANES * total);
    for (unsigned i = 0; swizzle_piece(w, in, v, total, whole, i, &p); i++) {
        const uint8_t *b = aemu_sh_vmem_load(d, w, &p.m, size, buf);

        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            memcpy(data + l * total + p.at[l], b + l * size, p.n[l]);
        }
    }
}

/* A swizzled store of lane l's total bytes at data + l * total. */
static void swizzled_store(AemuDevice *d, AemuWave *w,
                           const AemuShInst *in, const ShVsharp *v,
                           unsigned total, bool whole, const uint8_t *data)
{
    uint8_t buf[AEMU_WAVE_LANES * SH_VMEM_MAX_BYTES];
    unsigned size = piece_bytes(v, total, whole);
    ShPieces p;

    for (unsigned i = 0; swizzle_piece(w, in, v, total, whole, i, &p); i++) {
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            memcpy(buf + l * size, data + l * total + p.at[l], p.n[l]);
        }
        aemu_sh_vmem_store(d, w, &p.m, size, buf);
    }
}

/* ---- the buffer instructions ---- */

/* A load's bytes, of the common shape or lane by lane. */
static const uint8_t *buffer_load_bytes(AemuDevice *d, AemuWave *w,
                                        bool is_run, uint64_t run,
                                        const AemuShLaneMem *lanes,
                                        unsigned size, uint8_t *data)
{
    return is_run ? aemu_sh_vmem_load_run(d, w, run, size, data)
                  : aemu_sh_vmem_load(d, w, lanes, size, data);
}

/* TFE: the VGPR after the data gets the (always clean) fetch status. */
static void tfe_status(AemuWave *w, const AemuShInst *in, unsigned dwords)
{
    if (in->tfe) {
        sh_vwrite32(w, in->vdata + dwords, aemu_sh_zero_row);
    }
}

SH_VMEM_OP(buffer_load)
{
    const AemuShVmemDesc *m = aemu_sh_vmem_desc(in->op);
    uint8_t data[AEMU_WAVE_LANES * SH_VMEM_MAX_BYTES];
    const uint8_t *bytes;
    unsigned size = sh_vmem_bytes(m);
    AemuShLaneMem lanes;
    uint64_t run = 0;
    bool is_run;
    ShVsharp v;

    read_vsharp(w, in->srsrc, &v);
    if (!supported(d, w, in, &v)) {
        return;
    }
    if (v.swizzle && !in->addr64) {
        swizzled_load(d, w, in, &v, size, false, data);
        bytes = data;
    } else {
        is_run = buffer_lanes(w, in, &v, m->bytes, m->count, m->count == 1,
                              &lanes, &run);
        bytes = buffer_load_bytes(d, w, is_run, run, &lanes, size, data);
    }
    if (sh_stalled(w)) {
        return;     /* replayed: VDATA may hold the address */
    }
    aemu_sh_vmem_writeback(w, m, bytes, in->vdata);
    tfe_status(w, in, m->bytes == SH_DWORD_BYTES ? m->count : 1);
}

SH_VMEM_OP(buffer_store)
{
    const AemuShVmemDesc *m = aemu_sh_vmem_desc(in->op);
    uint8_t data[AEMU_WAVE_LANES * SH_VMEM_MAX_BYTES];
    unsigned size = sh_vmem_bytes(m);
    AemuShLaneMem lanes;
    uint64_t run = 0;
    uint8_t *p;
    bool is_run;
    ShVsharp v;

    read_vsharp(w, in->srsrc, &v);
    if (!supported(d, w, in, &v)) {
        return;
    }
    if (v.swizzle && !in->addr64) {
        aemu_sh_vmem_gather(w, m, in->vdata, data);
        swizzled_store(d, w, in, &v, size, false, data);
        return;
    }
    is_run = buffer_lanes(w, in, &v, m->bytes, m->count, m->count == 1,
                          &lanes, &run);
    p = is_run ? aemu_sh_vmem_store_run_ptr(d, w, run, size)
               : aemu_sh_vmem_store_ptr(d, w, &lanes, size);
    if (p) {
        /* Straight into memory the cache maps. */
        aemu_sh_vmem_gather(w, m, in->vdata, p);
        return;
    }
    aemu_sh_vmem_gather(w, m, in->vdata, data);
    if (is_run) {
        aemu_sh_vmem_store_run(d, w, run, size, data);
    } else {
        aemu_sh_vmem_store(d, w, &lanes, size, data);
    }
}

SH_VMEM_OP(buffer_atomic)
{
    const AemuShVmemDesc *m = aemu_sh_vmem_desc(in->op);
    uint8_t data[AEMU_WAVE_LANES * SH_VMEM_MAX_BYTES];
    uint8_t ret[AEMU_WAVE_LANES * SH_VMEM_MAX_BYTES];
    unsigned n = m->bytes / SH_DWORD_BYTES;
    unsigned srcs = m->atomic == SH_ATOMIC_CMPSWAP ||
                    m->atomic == SH_ATOMIC_FCMPSWAP ? 2 * n : n;
    AemuShLaneMem lanes;
    uint64_t run = 0;
    ShVsharp v;

    read_vsharp(w, in->srsrc, &v);
    if (!supported(d, w, in, &v)) {
        return;
    }
    if (v.swizzle && !in->addr64) {
        /* One piece: an atomic is all or nothing. */
        ShPieces p;

        swizzle_piece(w, in, &v, m->bytes, true, 0, &p);
        lanes = p.m;
    } else if (buffer_lanes(w, in, &v, m->bytes, 1, true, &lanes, &run)) {
        /* Atomics go lane by lane: the run's lanes as such. */
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            lanes.addr[l] = run + (uint64_t)l * m->bytes;
            lanes.len[l] = m->bytes;
        }
    }
    aemu_sh_vgprs_to_data(w, in->vdata, srcs, 2 * m->bytes, data);
    aemu_sh_vmem_atomic(d, w, &lanes, m, data, ret);
    if (in->glc && !sh_stalled(w)) {
        /* GLC: the value before the operation comes back. */
        aemu_sh_data_to_vgprs(w, ret, 2 * m->bytes, in->vdata, n);
    }
}

/* ---- typed (format) loads and stores ---- */

/* Components of a data format the model converts (32-bit ones): 0 none. */
static unsigned format_components(unsigned dfmt, unsigned nfmt)
{
    unsigned c;

    switch (dfmt) {
    case SH_BUF_DATA_FORMAT_32: c = 1; break;
    case SH_BUF_DATA_FORMAT_32_32: c = 2; break;
    case SH_BUF_DATA_FORMAT_32_32_32: c = 3; break;
    case SH_BUF_DATA_FORMAT_32_32_32_32: c = 4; break;
    default: return 0;
    }
    switch (nfmt) {
    case SH_BUF_NUM_FORMAT_UINT:
    case SH_BUF_NUM_FORMAT_SINT:
    case SH_BUF_NUM_FORMAT_FLOAT:
        return c;
    default:
        return 0;
    }
}

static bool format_of(AemuDevice *d, AemuWave *w, const AemuShInst *in,
                      ShVsharp *v, unsigned *comps)
{
    if (in->fmt == AEMU_SH_FMT_MTBUF) {
        /* tbuffer_*: the instruction names the format. */
        v->dfmt = in->dfmt;
        v->nfmt = in->nfmt;
    }
    *comps = format_components(v->dfmt, v->nfmt);
    if (!*comps) {
        aemu_sh_halt(d, w, in, "unimplemented buffer format (data %u, num "
                     "%u) for %s at pc 0x%" PRIx64, v->dfmt, v->nfmt,
                     sh_info(in)->name, in->pc);
        return false;
    }
    return true;
}

SH_VMEM_OP(buffer_load_format)
{
    const AemuShVmemDesc *m = aemu_sh_vmem_desc(in->op);
    uint8_t data[AEMU_WAVE_LANES * SH_VMEM_MAX_BYTES];
    const uint8_t *bytes;
    uint32_t one;
    AemuShLaneMem lanes;
    uint64_t run = 0;
    bool is_run;
    unsigned f;
    ShVsharp v;

    read_vsharp_format(w, in->srsrc, &v);
    if (!supported(d, w, in, &v) || !format_of(d, w, in, &v, &f)) {
        return;
    }
    one = v.nfmt == SH_BUF_NUM_FORMAT_FLOAT ? SH_F32_ONE : 1;
    if (v.swizzle && !in->addr64) {
        swizzled_load(d, w, in, &v, f * SH_DWORD_BYTES, true, data);
        bytes = data;
    } else {
        is_run = buffer_lanes(w, in, &v, SH_DWORD_BYTES, f, true, &lanes,
                              &run);
        bytes = buffer_load_bytes(d, w, is_run, run, &lanes,
                                  f * SH_DWORD_BYTES, data);
    }
    if (sh_stalled(w)) {
        return;
    }
    for (unsigned i = 0; i < m->count; i++) {
        AemuShRow row;
        unsigned sel = v.dst_sel[i];

        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            const uint8_t *p = bytes + l * f * SH_DWORD_BYTES;
            unsigned c = sel - SH_SQ_SEL_X;
            uint32_t x;

            if (sel == SH_SQ_SEL_1) {
                x = one;
            } else if (sel < SH_SQ_SEL_X) {
                x = 0;
            } else if (c < f) {
                memcpy(&x, p + c * SH_DWORD_BYTES, sizeof(x));
                x = GUINT32_FROM_LE(x);
            } else {
                x = c == SH_COMPONENT_W ? one : 0;
            }
            row[l] = x;
        }
        sh_vwrite32(w, in->vdata + i, row);
    }
    tfe_status(w, in, m->count);
}

SH_VMEM_OP(buffer_store_format)
{
    const AemuShVmemDesc *m = aemu_sh_vmem_desc(in->op);
    uint8_t data[AEMU_WAVE_LANES * SH_VMEM_MAX_BYTES];
    AemuShLaneMem lanes;
    uint64_t run = 0;
    unsigned f, n;
    ShVsharp v;

    read_vsharp_format(w, in->srsrc, &v);
    if (!supported(d, w, in, &v) || !format_of(d, w, in, &v, &f)) {
        return;
    }
    n = MIN(f, (unsigned)m->count);
    if (v.swizzle && !in->addr64) {
        aemu_sh_vgprs_to_data(w, in->vdata, n, n * SH_DWORD_BYTES, data);
        swizzled_store(d, w, in, &v, n * SH_DWORD_BYTES, true, data);
        return;
    }
    if (buffer_lanes(w, in, &v, SH_DWORD_BYTES, n, true, &lanes, &run)) {
        aemu_sh_vgprs_to_data(w, in->vdata, n, n * SH_DWORD_BYTES, data);
        aemu_sh_vmem_store_run(d, w, run, n * SH_DWORD_BYTES, data);
        return;
    }
    aemu_sh_vgprs_to_data(w, in->vdata, n, n * SH_DWORD_BYTES, data);
    aemu_sh_vmem_store(d, w, &lanes, n * SH_DWORD_BYTES, data);
}

static void buffer_nop(AemuDevice *d, AemuWave *w, const AemuShInst *in)
{
    /* buffer_wbinvl1(_vol): no caches in the model. */
}

AemuShExecFn *aemu_sh_mubuf_handler(AemuShOp op)
{
    const AemuShOpInfo *info = &aemu_sh_op_info[op];
    const AemuShVmemDesc *m;

    if (info->fmt != AEMU_SH_FMT_MUBUF && info->fmt != AEMU_SH_FMT_MTBUF) {
        return NULL;
    }
    m = aemu_sh_vmem_desc(op);
    switch (m->kind) {
    case SH_VMEM_LOAD:
        return buffer_load;
    case SH_VMEM_STORE:
        return buffer_store;
    case SH_VMEM_LOAD_FORMAT:
        return buffer_load_format;
    case SH_VMEM_STORE_FORMAT:
        return buffer_store_format;
    case SH_VMEM_ATOMIC:
        return buffer_atomic;
    case SH_VMEM_NOP:
        return buffer_nop;
    default:
        return NULL;
    }
}
