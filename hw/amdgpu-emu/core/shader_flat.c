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
 *
 * Scratch on gfx9 ("absolute flat scratch", AMDGPUUsage): the SCRATCH
 * segment's address is a private offset, an SGPR (SADDR) or else a VGPR
 * plus the signed 13-bit offset, and a FLAT address in the private
 * aperture is one too (its offset from the aperture base). The wave's
 * FLAT_SCRATCH holds its slot's address in the scratch ring (the shader's
 * prologue sets it from the ring address in its user SGPRs plus the wave
 * offset SGPR: ACO p_init_scratch; bits 63:48, which ACO fills with ones,
 * are not address). The slot is dword-interleaved: dword i of lane l is at
 * FLAT_SCRATCH + i * 64 * 4 + l * 4 ("wavefront-scratch-base +
 * (private-address * wavefront-size * 4) + (wavefront-lane-id * 4)",
 * AMDGPUUsage "Memory Spaces"), so a lane's access is split at dwords. The
 * hardware bounds are the slot's (COMPUTE_TMPRING_SIZE.WAVESIZE / 64 bytes
 * a lane): beyond them, or without a scratch ring at all, an access reads
 * 0 and writes nothing, reported once per dispatch (inferred: on the
 * hardware it would land in another wave's slot). Atomics to scratch
 * (FLAT only: SCRATCH has none) and gfx7's FLAT scratch ("offset flat
 * scratch" from SH_HIDDEN_PRIVATE_BASE_VMID, which neither ACO nor
 * LLVM's Mesa targets use: gfx7 scratch is MUBUF) halt the wave.
 */
#include "shader_interp.h"

#define SH_DWORD_BYTES          4u
/* gfx9 scratch is interleaved a dword at a time. */
#define SH_SCRATCH_ELEMENT      4u
/* FLAT_SCRATCH holds a 48-bit address. */
#define SH_FLAT_SCRATCH_MASK    ((1ull << 48) - 1)

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

/* ---- scratch (gfx9) ---- */

/* Say once per dispatch why scratch accesses read 0 and write nothing. */
static void scratch_refused(AemuDevice *d, const AemuWave *w,
                            const AemuShInst *in)
{
    const AemuShContext *ctx = w->ctx;
    bool none = !ctx->scratch_wave_bytes;
    uint32_t flag = none ? AEMU_SH_ONCE_NO_SCRATCH
                         : AEMU_SH_ONCE_SCRATCH_RANGE;

    if (ctx->reported) {
        if (*ctx->reported & flag) {
            return;
        }
        *ctx->reported |= flag;
    }
    if (none) {
        aemu_guest_error(d, "%s at pc 0x%" PRIx64 " without a scratch ring "
                         "(SCRATCH_EN, COMPUTE_TMPRING_SIZE): reads 0, "
                         "writes nothing", sh_info(in)->name, in->pc);
    } else {
        aemu_guest_error(d, "%s at pc 0x%" PRIx64 " beyond the wave's %u "
                         "scratch bytes a lane: reads 0, writes nothing",
                         sh_info(in)->name, in->pc,
                         ctx->scratch_wave_bytes / AEMU_WAVE_LANES);
    }
}

/*
 * The private lanes (on[l]) of an access of size bytes at private offsets
 * priv[l]: a load fills their bytes of data (lane l at l * size; the
 * caller has zeroed them), a store writes them from there. One pass per
 * dword of the access, each lane's piece at its interleaved address.
 */
static void scratch_access(AemuDevice *d, AemuWave *w,
                           const AemuShInst *in, const uint32_t *priv,
                           const bool *on, unsigned size, uint8_t *data,
                           bool store)
{
    uint64_t base = w->flat_scratch & SH_FLAT_SCRATCH_MASK;
    uint64_t limit = w->ctx->scratch_wave_bytes / AEMU_WAVE_LANES;
    uint8_t buf[AEMU_WAVE_LANES * SH_SCRATCH_ELEMENT];
    uint8_t at[AEMU_WAVE_LANES], n[AEMU_WAVE_LANES];
    bool refused = false;
    AemuShLaneMem m;

    for (unsigned piece = 0;; piece++) {
        bool any = false;

        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            uint64_t off0 = priv[l], first = off0 / SH_SCRATCH_ELEMENT;
            uint64_t start, end;

            m.len[l] = 0;
            n[l] = 0;
            if (!on[l]) {
                continue;
            }
            start = piece ? (first + piece) * SH_SCRATCH_ELEMENT : off0;
            end = MIN(off0 + size, (first + piece + 1) * SH_SCRATCH_ELEMENT);
            if (start >= off0 + size) {
                continue;
            }
            any = true;
            at[l] = (uint8_t)(start - off0);
            n[l] = (uint8_t)(end - start);
            m.addr[l] = base +
                start / SH_SCRATCH_ELEMENT * SH_SCRATCH_ELEMENT *
                    AEMU_WAVE_LANES +
                l * SH_SCRATCH_ELEMENT + start % SH_SCRATCH_ELEMENT;
            if (end <= limit) {
                m.len[l] = n[l];
            } else {
                refused = true;
            }
        }
        if (!any) {
            break;
        }
        if (store) {
            for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
                memcpy(buf + l * SH_SCRATCH_ELEMENT, data + l * size + at[l],
                       n[l]);
            }
            aemu_sh_vmem_store(d, w, &m, SH_SCRATCH_ELEMENT, buf);
        } else {
            const uint8_t *b = aemu_sh_vmem_load(d, w, &m, SH_SCRATCH_ELEMENT,
                                                 buf);

            for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
                memcpy(data + l * size + at[l], b + l * SH_SCRATCH_ELEMENT,
                       n[l]);
            }
        }
    }
    if (refused) {
        scratch_refused(d, w, in);
    }
}

/*
 * A SCRATCH instruction's private offsets: the SADDR SGPR or, without
 * one, the VADDR VGPR, plus the signed offset (gfx9 takes one or the
 * other, never both).
 */
static void scratch_lanes(const AemuWave *w, const AemuShInst *in,
                          uint32_t *priv, bool *on)
{
    const uint32_t *v = w->vgpr[in->vaddr];
    bool sgpr = in->saddr != SH_SADDR_OFF_GFX9;
    uint32_t s = sgpr ? aemu_sh_sread(w, in->saddr) : 0;

    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        priv[l] = (sgpr ? s : v[l]) + (uint32_t)in->soffset_imm;
        on[l] = (w->exec >> l) & 1;
    }
}

SH_FLAT_OP(scratch_load)
{
    const AemuShVmemDesc *m = aemu_sh_vmem_desc(in->op);
    unsigned size = sh_vmem_bytes(m);
    uint8_t data[AEMU_WAVE_LANES * SH_VMEM_MAX_BYTES];
    uint32_t priv[AEMU_WAVE_LANES];
    bool on[AEMU_WAVE_LANES];

    scratch_lanes(w, in, priv, on);
    memset(data, 0, (size_t)AEMU_WAVE_LANES * size);
    scratch_access(d, w, in, priv, on, size, data, false);
    if (sh_stalled(w)) {
        return;
    }
    aemu_sh_vmem_writeback(w, m, data, in->dst);
}

SH_FLAT_OP(scratch_store)
{
    const AemuShVmemDesc *m = aemu_sh_vmem_desc(in->op);
    unsigned size = sh_vmem_bytes(m);
    uint8_t data[AEMU_WAVE_LANES * SH_VMEM_MAX_BYTES];
    uint32_t priv[AEMU_WAVE_LANES];
    bool on[AEMU_WAVE_LANES];

    scratch_lanes(w, in, priv, on);
    aemu_sh_vmem_gather(w, m, in->vdata, data);
    scratch_access(d, w, in, priv, on, size, data, true);
}

/* ---- FLAT and GLOBAL ---- */

/*
 * Split the enabled lanes: global ones into g (len = size), LDS ones into
 * lds_off/lds_on, private ones into priv/priv_on (gfx9; NULL: the op
 * takes none). False (the wave halted) if a lane addresses scratch the op
 * cannot reach.
 */
static bool split(AemuDevice *d, AemuWave *w, const AemuShInst *in,
                  unsigned size, AemuShLaneMem *g, uint32_t *lds_off,
                  bool *lds_on, uint32_t *priv, bool *priv_on)
{
    uint64_t addr[AEMU_WAVE_LANES];

    lane_addrs(w, in, addr);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        ShSpace s = SH_SPACE_GLOBAL;

        g->len[l] = 0;
        g->addr[l] = addr[l];
        lds_on[l] = false;
        if (priv_on) {
            priv_on[l] = false;
        }
        if (!((w->exec >> l) & 1)) {
            continue;
        }
        if (in->fmt == AEMU_SH_FMT_FLAT) {
            s = flat_space(w, addr[l], &lds_off[l]);
        }
        if (s == SH_SPACE_SCRATCH) {
            if (!priv_on || sh_gen(w) == AEMU_SH_GFX7) {
                aemu_sh_halt(d, w, in, "unimplemented %s to scratch (0x%"
                             PRIx64 ") at pc 0x%" PRIx64, sh_info(in)->name,
                             addr[l], in->pc);
                return false;
            }
            priv_on[l] = true;
            priv[l] = lds_off[l];
        } else if (s == SH_SPACE_LDS) {
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
    uint32_t lds_off[AEMU_WAVE_LANES], priv[AEMU_WAVE_LANES];
    bool lds_on[AEMU_WAVE_LANES], priv_on[AEMU_WAVE_LANES];
    const uint8_t *bytes;
    AemuShLaneMem g;
    uint64_t run;

    if (flat_run(w, in, size, &run)) {
        bytes = aemu_sh_vmem_load_run(d, w, run, size, data);
        if (!sh_stalled(w)) {
            aemu_sh_vmem_writeback(w, m, bytes, in->dst);
        }
        return;
    }
    if (!split(d, w, in, size, &g, lds_off, lds_on, priv, priv_on)) {
        return;
    }
    /*
     * Not data only when every lane is global: no LDS or private lane to
     * add (their zeros are in data otherwise).
     */
    bytes = aemu_sh_vmem_load(d, w, &g, size, data);
    if (bytes == data) {
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            if (lds_on[l] && aemu_sh_lds_in_range(w, lds_off[l], size)) {
                memcpy(data + l * size, w->lds + lds_off[l], size);
            }
        }
        scratch_access(d, w, in, priv, priv_on, size, data, false);
    }
    if (sh_stalled(w)) {
        return;     /* replayed: the destination may hold the address */
    }
    aemu_sh_vmem_writeback(w, m, bytes, in->dst);
}

SH_FLAT_OP(flat_store)
{
    const AemuShVmemDesc *m = aemu_sh_vmem_desc(in->op);
    unsigned size = sh_vmem_bytes(m);
    uint8_t data[AEMU_WAVE_LANES * SH_VMEM_MAX_BYTES];
    uint32_t lds_off[AEMU_WAVE_LANES], priv[AEMU_WAVE_LANES];
    bool lds_on[AEMU_WAVE_LANES], priv_on[AEMU_WAVE_LANES];
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
    if (!split(d, w, in, size, &g, lds_off, lds_on, priv, priv_on)) {
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
    if (sh_stalled(w)) {
        return;     /* the replay writes the LDS and private lanes */
    }
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        if (lds_on[l] && aemu_sh_lds_in_range(w, lds_off[l], size)) {
            memcpy(w->lds + lds_off[l], data + l * size, size);
        }
    }
    scratch_access(d, w, in, priv, priv_on, size, data, true);
}

SH_FLAT_OP(flat_atomic)
{
    const AemuShVmemDesc *m = aemu_sh_vmem_desc(in->op);
    unsigned n = m->bytes / SH_DWORD_BYTES, lane = 2 * m->bytes;
    unsigned srcs = m->atomic == SH_ATOMIC_CMPSWAP ||
                    m->atomic == SH_ATOMIC_FCMPSWAP ? 2 * n : n;
    uint8_t data[AEMU_WAVE_LANES * SH_VMEM_MAX_BYTES];
    uint8_t ret[AEMU_WAVE_LANES * SH_VMEM_MAX_BYTES];
    uint32_t lds_off[AEMU_WAVE_LANES];
    bool lds_on[AEMU_WAVE_LANES];
    AemuShLaneMem g;

    if (!split(d, w, in, m->bytes, &g, lds_off, lds_on, NULL, NULL)) {
        return;
    }
    aemu_sh_vgprs_to_data(w, in->vdata, srcs, lane, data);
    aemu_sh_vmem_atomic(d, w, &g, m, data, ret);
    if (sh_stalled(w)) {
        return;     /* no lane applied: the replay applies them all */
    }
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

    if (fmt != AEMU_SH_FMT_FLAT && fmt != AEMU_SH_FMT_GLOBAL &&
        fmt != AEMU_SH_FMT_SCRATCH) {
        return NULL;
    }
    m = aemu_sh_vmem_desc(op);
    if (fmt == AEMU_SH_FMT_SCRATCH) {
        return m->kind == SH_VMEM_LOAD ? scratch_load
             : m->kind == SH_VMEM_STORE ? scratch_store : NULL;
    }
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
