/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the shader interpreter's scalar memory instructions,
 * gfx7's SMRD and gfx9's SMEM (shader-execution.md 5.3): loads of 1 to 16
 * dwords into SGPRs from a 64-bit address in an SGPR pair (s_load_*) or
 * through a buffer resource (s_buffer_load_*), gfx9's scalar stores, and
 * the clock and cache instructions.
 *
 * The decoder has turned both formats' offsets into bytes: SMRD's 8-bit
 * immediate and gfx7's literal count dwords, an SGPR offset holds bytes,
 * SMEM's 21-bit immediate is bytes, and gfx9's SOFFSET_EN adds a second
 * SGPR. The address's low two bits are ignored (dword aligned access,
 * inferred). s_buffer_load is range-checked dword by dword against
 * NUM_RECORDS, in bytes when STRIDE is 0 and in records of STRIDE bytes
 * otherwise (Mesa si_make_buffer_descriptor, SMEM rule): out-of-range
 * dwords read 0. s_memtime and s_memrealtime read the GPU clock counter
 * the CP's RLC_GPU_CLOCK_COUNT reads. There are no scalar caches, so the
 * cache instructions do nothing. Memory is read and written as
 * aemu_gpu_read/write do, through the dispatch's translation cache
 * (shader_vmem.c).
 */
#include "shader_interp.h"
#include "cp_pm4.h"

#define SH_DWORD_BYTES      4u
#define SH_ALIGN_MASK       3ull
#define SH_SMEM_MAX_DWORDS  16u
#define SH_VSHARP_DWORDS    4u

#define SH_SMEM_OP(fn) \
    static void fn(AemuDevice *d, AemuWave *w, const AemuShInst *in)

/* Dwords of an s_*_dword{,x2,x4,x8,x16}. */
static unsigned smem_dwords(const char *name)
{
    const char *x = strstr(name, "_dword");

    if (!x) {
        return 0;
    }
    x += strlen("_dword");
    return !*x ? 1 : *x == 'x' ? (unsigned)atoi(x + 1) : 0;
}

static uint32_t smem_offset(const AemuWave *w, const AemuShInst *in)
{
    return sh_ssrc32(w, &in->src[0]) + sh_ssrc32(w, &in->src[1]);
}

/* The limit of an s_buffer_* access, in bytes, and the V#'s base. */
static uint64_t buffer_base(const AemuWave *w, const AemuShInst *in,
                            uint64_t *limit)
{
    const AemuShLayout *L = &aemu_sh_layout[sh_gen(w)];
    uint32_t dw[SH_VSHARP_DWORDS];
    uint32_t stride, records;

    for (unsigned i = 0; i < SH_VSHARP_DWORDS; i++) {
        dw[i] = aemu_sh_sread(w, in->sbase + i);
    }
    stride = aemu_sh_field(dw, L->vsharp_stride);
    records = aemu_sh_field(dw, L->vsharp_num_records);
    *limit = stride ? (uint64_t)records * stride : records;
    return aemu_sh_field(dw, L->vsharp_base_lo) |
           (uint64_t)aemu_sh_field(dw, L->vsharp_base_hi) << 32;
}

/* Dwords of each op (0: not a load or store), from smem_dwords. */
static uint8_t smem_ndw[SH_OP_COUNT];

/*
 * Read n dwords at addr; those that fault, or lie past limit, are 0. The
 * accesses are aemu_gpu_read's (aemu_gpu_read32's for single dwords)
 * through the dispatch's translation cache.
 */
static void smem_read(AemuDevice *d, AemuWave *w, uint64_t addr,
                      uint64_t off, uint64_t limit, unsigned n, uint32_t *v)
{
    if (off + (uint64_t)n * SH_DWORD_BYTES <= limit &&
        aemu_sh_mem_read(d, w, addr, v, n * SH_DWORD_BYTES) == AEMU_MEM_OK) {
        for (unsigned i = 0; i < n; i++) {
            v[i] = GUINT32_FROM_LE(v[i]);
        }
        return;
    }
    for (unsigned i = 0; i < n; i++) {
        uint32_t x = 0;

        v[i] = 0;
        if (off + (uint64_t)(i + 1) * SH_DWORD_BYTES <= limit &&
            aemu_sh_mem_read(d, w, addr + i * SH_DWORD_BYTES, &x,
                             sizeof(x)) == AEMU_MEM_OK) {
            v[i] = GUINT32_FROM_LE(x);
        }
    }
}

static void to_sgprs(AemuWave *w, const AemuShInst *in, const uint32_t *v,
                     unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        aemu_sh_swrite(w, in->sdst + i, v[i]);
    }
}

SH_SMEM_OP(s_load)
{
    unsigned n = smem_ndw[in->op];
    uint32_t v[SH_SMEM_MAX_DWORDS];
    uint64_t addr = (sh_sread64(w, in->sbase) + smem_offset(w, in)) &
                    ~SH_ALIGN_MASK;

    smem_read(d, w, addr, 0, UINT64_MAX, n, v);
    if (!sh_stalled(w)) {
        /* A replay must find the address SGPRs as they were. */
        to_sgprs(w, in, v, n);
    }
}

SH_SMEM_OP(s_buffer_load)
{
    unsigned n = smem_ndw[in->op];
    uint32_t v[SH_SMEM_MAX_DWORDS];
    uint64_t limit, base = buffer_base(w, in, &limit);
    uint64_t off = smem_offset(w, in) & ~SH_ALIGN_MASK;

    smem_read(d, w, base + off, off, limit, n, v);
    if (!sh_stalled(w)) {
        to_sgprs(w, in, v, n);
    }
}

static void smem_write(AemuDevice *d, AemuWave *w, const AemuShInst *in,
                       uint64_t addr, uint64_t off, uint64_t limit)
{
    unsigned n = smem_ndw[in->op];

    for (unsigned i = 0; i < n; i++) {
        if (off + (uint64_t)(i + 1) * SH_DWORD_BYTES <= limit) {
            /* aemu_gpu_write32, through the translation cache. */
            uint32_t le = GUINT32_TO_LE(aemu_sh_sread(w, in->sdst + i));

            aemu_sh_mem_write(d, w, addr + i * SH_DWORD_BYTES, &le,
                              sizeof(le));
        }
    }
}

SH_SMEM_OP(s_store)
{
    uint64_t addr = (sh_sread64(w, in->sbase) + smem_offset(w, in)) &
                    ~SH_ALIGN_MASK;

    smem_write(d, w, in, addr, 0, UINT64_MAX);
}

SH_SMEM_OP(s_buffer_store)
{
    uint64_t limit, base = buffer_base(w, in, &limit);
    uint64_t off = smem_offset(w, in) & ~SH_ALIGN_MASK;

    smem_write(d, w, in, base + off, off, limit);
}

SH_SMEM_OP(s_memtime)
{
    sh_swrite64(w, in->sdst, aemu_cp_gpu_clock(d));
}

SH_SMEM_OP(s_smem_nop) { }

AemuShExecFn *aemu_sh_smem_handler(AemuShOp op)
{
    const AemuShOpInfo *info = &aemu_sh_op_info[op];
    const char *name = info->name;

    if (info->fmt != AEMU_SH_FMT_SMRD && info->fmt != AEMU_SH_FMT_SMEM) {
        return NULL;
    }
    switch (op) {
    case SH_OP_S_MEMTIME:
    case SH_OP_S_MEMREALTIME:
        return s_memtime;
    case SH_OP_S_DCACHE_INV:
    case SH_OP_S_DCACHE_INV_VOL:
    case SH_OP_S_DCACHE_WB:
    case SH_OP_S_DCACHE_WB_VOL:
    case SH_OP_S_DCACHE_DISCARD:
    case SH_OP_S_DCACHE_DISCARD_X2:
        return s_smem_nop;
    default:
        break;
    }
    smem_ndw[op] = (uint8_t)smem_dwords(name);
    if (!smem_ndw[op]) {
        return NULL;
    }
    if (!strncmp(name, "s_load_", strlen("s_load_"))) {
        return s_load;
    }
    if (!strncmp(name, "s_buffer_load_", strlen("s_buffer_load_"))) {
        return s_buffer_load;
    }
    if (!strncmp(name, "s_store_", strlen("s_store_"))) {
        return s_store;
    }
    if (!strncmp(name, "s_buffer_store_", strlen("s_buffer_store_"))) {
        return s_buffer_store;
    }
    return NULL;
}
