/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the shader interpreter's FLAT instructions (gfx7 and
 * gfx9) and gfx9's GLOBAL segment of them (shader-execution.md 5.5).
 *
 * A FLAT address is a 64-bit VGPR pair per lane (plus gfx9's 12-bit
 * offset). The VMID's apertures decide what it means: inside the shared
 * (LDS) aperture it is an offset into the workgroup's LDS, inside the
 * private (scratch) aperture a scratch address, anything else a GPU
 * virtual address. The apertures are 4 GiB each at the 16 address bits
 * SH_MEM_BASES gives (AemuShContext.shared_base/private_base; 0: none).
 * On gfx7 both fields hold the same top bits and the private aperture is
 * the second 4 GiB (kfd_device_queue_manager_cik.c: "LDS:
 * X0000000'00000000 - X0000001'00000000 (4GB); Scratch:
 * X0000001'00000000 - X0000002'00000000"); on gfx9 each aperture starts
 * at its own base (kfd_flat_memory.c). A GLOBAL address is always a GPU
 * virtual address: an SGPR pair plus a 32-bit VGPR offset, or a VGPR pair
 * (SADDR off), plus a signed 13-bit offset.
 *
 * Scratch through FLAT and the SCRATCH segment are not modelled yet: such
 * an access halts the wave.
 */
#include "shader_interp.h"

#define SH_DWORD_BYTES          4u

typedef enum ShSpace {
    SH_SPACE_GLOBAL,
    SH_SPACE_LDS,
    SH_SPACE_SCRATCH,
} ShSpace;

#define SH_FLAT_OP(fn) \
    static void fn(AemuDevice *d, AemuWave *w, const AemuShInst *in)

/* The aperture an address falls in, and its offset there. */
static ShSpace flat_space(const AemuWave *w, uint64_t addr, uint32_t *off)
{
    const AemuShContext *ctx = w->ctx;

    if (ctx->shared_base) {
        uint64_t base = (uint64_t)ctx->shared_base << SH_APERTURE_SHIFT;

        if (addr - base < SH_APERTURE_BYTES) {
            *off = (uint32_t)(addr - base);
            return SH_SPACE_LDS;
        }
    }
    if (ctx->private_base) {
        uint64_t base = (uint64_t)ctx->private_base << SH_APERTURE_SHIFT;

        if (sh_gen(w) == AEMU_SH_GFX7) {
            base += SH_APERTURE_BYTES;
        }
        if (addr - base < SH_APERTURE_BYTES) {
            *off = (uint32_t)(addr - base);
            return SH_SPACE_SCRATCH;
        }
    }
    return SH_SPACE_GLOBAL;
}

/* Each enabled lane's address. */
static void lane_addrs(const AemuWave *w, const AemuShInst *in,
                       uint64_t *addr)
{
    const uint32_t *lo = w->vgpr[in->vaddr], *hi = w->vgpr[in->vaddr + 1];

    if (in->fmt == AEMU_SH_FMT_GLOBAL && in->saddr != SH_SADDR_OFF_GFX9) {
        uint64_t base = sh_sread64(w, in->saddr);

        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            addr[l] = base + lo[l] + (int64_t)in->soffset_imm;
        }
        return;
    }
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        addr[l] = (lo[l] | (uint64_t)hi[l] << 32) + (int64_t)in->soffset_imm;
    }
}

/*
 * Split the enabled lanes: global ones into g (len = size), LDS ones into
 * lds_off/lds_on. False (the wave halted) if a lane addresses scratch.
 */
static bool split(AemuDevice *d, AemuWave *w, const AemuShInst *in,
                  unsigned size, AemuShLaneMem *g, uint32_t *lds_off,
                  bool *lds_on)
{
    uint64_t addr[AEMU_WAVE_LANES];

    lane_addrs(w, in, addr);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        ShSpace s = SH_SPACE_GLOBAL;

        g->len[l] = 0;
        g->addr[l] = addr[l];
        lds_on[l] = false;
        if (!((w->exec >> l) & 1)) {
            continue;
        }
        if (in->fmt == AEMU_SH_FMT_FLAT) {
            s = flat_space(w, addr[l], &lds_off[l]);
        }
        if (s == SH_SPACE_SCRATCH) {
            aemu_sh_halt(d, w, in, "unimplemented %s to scratch (0x%" PRIx64
                         ") at pc 0x%" PRIx64, sh_info(in)->name, addr[l],
                         in->pc);
            return false;
        }
        if (s == SH_SPACE_LDS) {
            lds_on[l] = true;
        } else {
            g->len[l] = size;
        }
    }
    return true;
}

/*
 * The common shape, in one check: every lane enabled, global memory (for
 * FLAT, the first and last lanes' addresses outside the apertures, so
 * every lane's is: an aperture is bigger than the wave's span), lanes
 * size bytes apart in order. Then lane l's access is *run + l * size.
 */
static bool flat_run(const AemuWave *w, const AemuShInst *in, unsigned size,
                     uint64_t *run)
{
    const uint32_t *lo = w->vgpr[in->vaddr], *hi = w->vgpr[in->vaddr + 1];
    uint32_t off, differ = 0;

    if (w->exec != SH_ALL_LANES || !aemu_sh_lanes_linear(lo, size)) {
        return false;
    }
    if (in->fmt == AEMU_SH_FMT_GLOBAL && in->saddr != SH_SADDR_OFF_GFX9) {
        *run = sh_sread64(w, in->saddr) + lo[0] + (int64_t)in->soffset_imm;
        return true;
    }
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        differ |= hi[l] ^ hi[0];
    }
    if (differ) {
        return false;
    }
    *run = (lo[0] | (uint64_t)hi[0] << 32) + (int64_t)in->soffset_imm;
    return in->fmt != AEMU_SH_FMT_FLAT ||
           (flat_space(w, *run, &off) == SH_SPACE_GLOBAL &&
            flat_space(w, *run + (uint64_t)size * (AEMU_WAVE_LANES - 1),
                       &off) == SH_SPACE_GLOBAL);
}

SH_FLAT_OP(flat_load)
{
    const AemuShVmemDesc *m = aemu_sh_vmem_desc(in->op);
    unsigned size = sh_vmem_bytes(m);
    uint8_t data[AEMU_WAVE_LANES * SH_VMEM_MAX_BYTES];
    uint32_t lds_off[AEMU_WAVE_LANES];
    bool lds_on[AEMU_WAVE_LANES];
    const uint8_t *bytes;
    AemuShLaneMem g;
    uint64_t run;

    if (flat_run(w, in, size, &run)) {
        aemu_sh_vmem_writeback(w, m, aemu_sh_vmem_load_run(d, w, run, size,
                                                           data), in->dst);
        return;
    }
    if (!split(d, w, in, size, &g, lds_off, lds_on)) {
        return;
    }
    /* Not data only when every lane is global: no LDS lane to add. */
    bytes = aemu_sh_vmem_load(d, w, &g, size, data);
    for (unsigned l = 0; l < AEMU_WAVE_LANES && bytes == data; l++) {
        if (lds_on[l] && aemu_sh_lds_in_range(w, lds_off[l], size)) {
            memcpy(data + l * size, w->lds + lds_off[l], size);
        }
    }
    aemu_sh_vmem_writeback(w, m, bytes, in->dst);
}

SH_FLAT_OP(flat_store)
{
    const AemuShVmemDesc *m = aemu_sh_vmem_desc(in->op);
    unsigned size = sh_vmem_bytes(m);
    uint8_t data[AEMU_WAVE_LANES * SH_VMEM_MAX_BYTES];
    uint32_t lds_off[AEMU_WAVE_LANES];
    bool lds_on[AEMU_WAVE_LANES];
    AemuShLaneMem g;
    uint64_t run;
    uint8_t *p;

    if (flat_run(w, in, size, &run)) {
        p = aemu_sh_vmem_store_run_ptr(d, w, run, size);
        if (p) {
            aemu_sh_vmem_gather(w, m, in->vdata, p);
        } else {
            aemu_sh_vmem_gather(w, m, in->vdata, data);
            aemu_sh_vmem_store_run(d, w, run, size, data);
        }
        return;
    }
    if (!split(d, w, in, size, &g, lds_off, lds_on)) {
        return;
    }
    /* A pointer only when every lane is global: no LDS lane to write. */
    p = aemu_sh_vmem_store_ptr(d, w, &g, size);
    if (p) {
        aemu_sh_vmem_gather(w, m, in->vdata, p);
        return;
    }
    aemu_sh_vmem_gather(w, m, in->vdata, data);
    aemu_sh_vmem_store(d, w, &g, size, data);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        if (lds_on[l] && aemu_sh_lds_in_range(w, lds_off[l], size)) {
            memcpy(w->lds + lds_off[l], data + l * size, size);
        }
    }
}

SH_FLAT_OP(flat_atomic)
{
    const AemuShVmemDesc *m = aemu_sh_vmem_desc(in->op);
    unsigned n = m->bytes / SH_DWORD_BYTES, lane = 2 * m->bytes;
    unsigned srcs = m->atomic == SH_ATOMIC_CMPSWAP ? 2 * n : n;
    uint8_t data[AEMU_WAVE_LANES * SH_VMEM_MAX_BYTES];
    uint8_t ret[AEMU_WAVE_LANES * SH_VMEM_MAX_BYTES];
    uint32_t lds_off[AEMU_WAVE_LANES];
    bool lds_on[AEMU_WAVE_LANES];
    AemuShLaneMem g;

    if (!split(d, w, in, m->bytes, &g, lds_off, lds_on)) {
        return;
    }
    aemu_sh_vgprs_to_data(w, in->vdata, srcs, lane, data);
    aemu_sh_vmem_atomic(d, w, &g, m, data, ret);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        uint64_t old, src, cmp;
        uint8_t *p;

        if (!lds_on[l] || !aemu_sh_lds_in_range(w, lds_off[l], m->bytes)) {
            continue;
        }
        p = w->lds + lds_off[l];
        old = sh_le_load(p, m->bytes);
        src = sh_le_load(data + l * lane, m->bytes);
        cmp = sh_le_load(data + l * lane + m->bytes, m->bytes);
        sh_le_store(p, aemu_sh_atomic_apply(m->atomic, old, src, cmp,
                                            m->bytes * 8), m->bytes);
        sh_le_store(ret + l * lane, old, m->bytes);
    }
    if (in->glc) {
        aemu_sh_data_to_vgprs(w, ret, lane, in->dst, n);
    }
}

AemuShExecFn *aemu_sh_flat_handler(AemuShOp op)
{
    unsigned fmt = aemu_sh_op_info[op].fmt;
    const AemuShVmemDesc *m;

    if (fmt != AEMU_SH_FMT_FLAT && fmt != AEMU_SH_FMT_GLOBAL) {
        return NULL;
    }
    m = aemu_sh_vmem_desc(op);
    switch (m->kind) {
    case SH_VMEM_LOAD:
        return flat_load;
    case SH_VMEM_STORE:
        return flat_store;
    case SH_VMEM_ATOMIC:
        return flat_atomic;
    default:
        return NULL;
    }
}
