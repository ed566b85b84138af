/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: what the shader interpreter's vector memory
 * instructions share, whatever computes their addresses (MUBUF, FLAT,
 * GLOBAL): moving each lane's bytes through the GPU VM, loads into VGPRs
 * and stores out of them, atomics, and what each load/store op moves.
 *
 * Every enabled lane's access has the effects of aemu_gpu_read/write in
 * the dispatch's VMID, as every engine's memory does, so faults are
 * reported by the memory controller (shader-execution.md 5.7): a faulting
 * read gives zeros and a faulting write lands nowhere, and the wave goes
 * on. A retry fault (XNACK: gfx9 with SH_MEM_CONFIG.RETRY_DISABLE clear,
 * in a VM context that retries) instead stalls the wave (sh_stall) and
 * its instruction is replayed later: the lanes' other accesses still go
 * (every faulting page is posted at once, and a store's lanes that landed
 * land again with the same bytes), the handler writes no register, and
 * an atomic translates every lane before it changes any (replaying it
 * must not apply a lane twice). Lanes whose accesses follow each other in
 * memory (the common coalesced case) move as one access. Atomics run lane
 * by lane in lane order; with one host thread running waves they are
 * atomic against every other wave (4.6).
 *
 * Speed (shader-execution.md 8.1): the accesses go through the
 * dispatch's translation cache (AemuShTlb), which the exact path replaces
 * in recording and replay; a translation is cached only once it reported
 * nothing, and used only while d->xlate_gen has not moved, so the
 * translations made (and faults reported) are those of the exact path but
 * for repeats of good ones. A whole wave moving one run the cache maps
 * to VRAM is copied between memory and the VGPRs directly.
 */
#include <math.h>
#include "shader_interp.h"
#include "shader_fp.h"

#define SH_DWORD_BYTES      4u
#define SH_HALF_BITS        16u
#define SH_LO16             0x0000ffffu
#define SH_HI16             0xffff0000u
#define SH_BYTE_BITS        8u

/* ---- the dispatch's translation cache ---- */

/* The entry of set s that translates addr, or NULL. */
static inline AemuShTlbEntry *tlb_hit(const AemuDevice *d, AemuShTlbSet *s,
                                      unsigned vmid, uint64_t addr)
{
    AemuShTlbEntry *e = &s->e[s->last];

    if (G_LIKELY(e->gen == d->xlate_gen && e->vmid == vmid &&
                 addr - e->gpu < e->len)) {
        return e;
    }
    for (unsigned i = 0; i < SH_TLB_WAYS; i++) {
        e = &s->e[i];
        if (e->gen == d->xlate_gen && e->vmid == vmid &&
            addr - e->gpu < e->len) {
            s->last = i;
            return e;
        }
    }
    return NULL;
}

/* Keep the translation x of addr (it reported nothing) in set s. */
static AemuShTlbEntry *tlb_fill(const AemuDevice *d, AemuShTlbSet *s,
                                unsigned vmid, uint64_t addr,
                                const AemuXlate *x)
{
    AemuShTlbEntry *e = &s->e[s->next];

    s->last = s->next;
    s->next = (s->next + 1) % SH_TLB_WAYS;
    e->gen = d->xlate_gen;
    e->vmid = vmid;
    e->gpu = addr;
    e->len = x->len;
    e->x = *x;
    /* Past the end of VRAM: the exact path reports the bus error. */
    if (x->vram && x->addr < d->vram_size) {
        e->host = d->vram + x->addr;
        e->host_len = MIN(x->len, d->vram_size - x->addr);
    } else {
        e->host = NULL;
        e->host_len = 0;
    }
    return e;
}

/* One translated piece the host does not reach directly, as gpu_access. */
static AemuMemStatus phys_piece(AemuDevice *d, const AemuShContext *ctx,
                                AemuXlate *x, uint8_t *buf, size_t n,
                                bool write, uint64_t addr)
{
    AemuMemStatus st = aemu_phys_access(d, x, buf, n, write);

    if (st != AEMU_MEM_OK) {
        aemu_mem_bus_error(d, &ctx->client, x, addr);
        AEMU_TRACE(d, bus_error, ctx->client.name, x->vram ? "VRAM" : "bus",
                   x->addr, addr, write);
    }
    return st;
}

/*
 * aemu_gpu_read/write through the cache: piece by piece where the
 * translations end, each piece translated (and any fault reported) as the
 * exact path does unless the cache has it, VRAM pieces copied through
 * the host pointer, the others through aemu_phys_access.
 */
static AemuMemStatus mem_access_once(AemuDevice *d, const AemuWave *w,
                                     uint64_t addr, uint8_t *buf,
                                     size_t len, bool write)
{
    const AemuShContext *ctx = w->ctx;
    AemuShTlbSet *s;

    if (aemu_mem_exact(d)) {
        return write ? aemu_gpu_write(d, ctx->vmid, addr, buf, len,
                                      &ctx->client)
                     : aemu_gpu_read(d, ctx->vmid, addr, buf, len,
                                     &ctx->client);
    }
    s = &aemu_sh_tlb(ctx)->set[write];
    while (len) {
        AemuShTlbEntry *e = tlb_hit(d, s, ctx->vmid, addr);
        AemuMemStatus st;
        AemuXlate x;
        uint64_t off;
        size_t n;

        if (!e) {
            x = (AemuXlate) { 0 };
            st = d->translate(d, ctx->vmid, addr, write, &ctx->client, &x);
            if (st != AEMU_MEM_OK) {
                return st;
            }
            if (x.uncacheable) {
                /* Good for this piece only (a fault's default page). */
                n = MIN((uint64_t)len, x.len);
                st = phys_piece(d, ctx, &x, buf, n, write, addr);
                if (st != AEMU_MEM_OK) {
                    return st;
                }
                addr += n;
                buf += n;
                len -= n;
                continue;
            }
            e = tlb_fill(d, s, ctx->vmid, addr, &x);
        }
        off = addr - e->gpu;
        n = MIN((uint64_t)len, e->len - off);
        if (off + n <= e->host_len) {
            if (write) {
                memcpy(e->host + off, buf, n);
                aemu_vram_dirty(d, e->x.addr + off, n);
            } else {
                memcpy(buf, e->host + off, n);
            }
            d->sched.bytes.n[aemu_path(e->x.vram, write)] += n;
        } else {
            x = e->x;
            x.addr += off;
            x.len -= off;
            st = phys_piece(d, ctx, &x, buf, n, write, addr);
            if (st != AEMU_MEM_OK) {
                return st;
            }
        }
        addr += n;
        buf += n;
        len -= n;
    }
    return AEMU_MEM_OK;
}

/* The access; a retry fault stalls the wave (only then: not hot). */
static AemuMemStatus mem_access(AemuDevice *d, AemuWave *w, uint64_t addr,
                                uint8_t *buf, size_t len, bool write)
{
    AemuMemStatus st = mem_access_once(d, w, addr, buf, len, write);

    if (G_UNLIKELY(st == AEMU_MEM_RETRY)) {
        sh_stall(w);
    }
    return st;
}

AemuMemStatus aemu_sh_mem_read(AemuDevice *d, AemuWave *w,
                               uint64_t addr, void *buf, size_t len)
{
    return mem_access(d, w, addr, buf, len, false);
}

AemuMemStatus aemu_sh_mem_write(AemuDevice *d, AemuWave *w,
                                uint64_t addr, const void *buf, size_t len)
{
    /* The buffer is only read on this path. */
    return mem_access(d, w, addr, (uint8_t *)buf, len, true);
}

/*
 * Translate the len bytes at addr for an access as mem_access would (the
 * same faults reported, good translations cached), moving nothing. OK
 * only when every piece translated without a fault: one that went to the
 * default page counts as a fault (reported; the caller skips the access).
 */
static AemuMemStatus mem_probe(AemuDevice *d, AemuWave *w, uint64_t addr,
                               size_t len, bool write)
{
    const AemuShContext *ctx = w->ctx;
    AemuShTlbSet *s = aemu_mem_exact(d) ? NULL
                                        : &aemu_sh_tlb(ctx)->set[write];

    while (len) {
        AemuShTlbEntry *e = s ? tlb_hit(d, s, ctx->vmid, addr) : NULL;
        AemuXlate x = { 0 };
        AemuMemStatus st;
        uint64_t n;

        if (e) {
            n = e->len - (addr - e->gpu);
        } else {
            st = d->translate(d, ctx->vmid, addr, write, &ctx->client, &x);
            if (st == AEMU_MEM_RETRY) {
                sh_stall(w);
            }
            if (st != AEMU_MEM_OK) {
                return st;
            }
            if (x.uncacheable) {
                return AEMU_MEM_FAULT;
            }
            if (s) {
                tlb_fill(d, s, ctx->vmid, addr, &x);
            }
            n = x.len;
        }
        n = MIN((uint64_t)len, n);
        addr += n;
        len -= n;
    }
    return AEMU_MEM_OK;
}

/*
 * A host pointer to the len bytes at addr when one cached translation
 * maps all of them (counted, as the access through it will be), else
 * NULL and nothing done. Never in exact mode.
 */
static uint8_t *span(AemuDevice *d, const AemuWave *w, uint64_t addr,
                     size_t len, bool write)
{
    const AemuShContext *ctx = w->ctx;
    AemuShTlbEntry *e;
    uint64_t off;

    if (aemu_mem_exact(d)) {
        return NULL;
    }
    e = tlb_hit(d, &aemu_sh_tlb(ctx)->set[write], ctx->vmid, addr);
    if (!e) {
        return NULL;
    }
    off = addr - e->gpu;
    if (off > e->host_len || len > e->host_len - off) {
        return NULL;
    }
    d->sched.bytes.n[aemu_path(e->x.vram, write)] += len;
    /* Only VRAM has a host pointer here (tlb_fill); a store follows. */
    if (write) {
        aemu_vram_dirty(d, e->x.addr + off, len);
    }
    return e->host + off;
}

/* ---- loads and stores of the lanes ---- */

/* Read one lane's bytes; zeros where the access fails. */
static void lane_read(AemuDevice *d, AemuWave *w, uint64_t addr,
                      uint8_t *dst, unsigned len)
{
    if (aemu_sh_mem_read(d, w, addr, dst, len) != AEMU_MEM_OK) {
        memset(dst, 0, len);
    }
}

/* The end of the run of lanes from l that move `size` bytes back to back. */
static unsigned run_end(const AemuShLaneMem *m, unsigned l, unsigned size)
{
    unsigned e = l + 1;

    while (e < AEMU_WAVE_LANES && m->len[e] == size &&
           m->addr[e] == m->addr[e - 1] + size) {
        e++;
    }
    return e;
}

/* Do all 64 lanes move `size` bytes, each lane's after the one before? */
static bool whole_run(const AemuShLaneMem *m, unsigned size)
{
    uint64_t bad = 0, want = m->addr[0];

    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        bad |= (m->len[l] ^ size) | (m->addr[l] ^ want);
        want += size;
    }
    return !bad;
}

bool aemu_sh_lanes_linear(const uint32_t *v, uint32_t step)
{
    uint32_t want = v[0], bad = 0;

    if ((uint64_t)want + (uint64_t)step * (AEMU_WAVE_LANES - 1) >
        UINT32_MAX) {
        return false;
    }
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        bad |= v[l] ^ want;
        want += step;
    }
    return !bad;
}

const uint8_t *aemu_sh_vmem_load_run(AemuDevice *d, AemuWave *w,
                                     uint64_t addr, unsigned size,
                                     uint8_t *data)
{
    size_t len = (size_t)AEMU_WAVE_LANES * size;
    const uint8_t *p = span(d, w, addr, len, false);

    if (p) {
        return p;
    }
    if (aemu_sh_mem_read(d, w, addr, data, len) != AEMU_MEM_OK) {
        /* Lane by lane, so only the lanes that fault read zeros. */
        for (unsigned k = 0; k < AEMU_WAVE_LANES; k++) {
            lane_read(d, w, addr + (uint64_t)k * size, data + k * size, size);
        }
    }
    return data;
}

const uint8_t *aemu_sh_vmem_load(AemuDevice *d, AemuWave *w,
                                 const AemuShLaneMem *m, unsigned size,
                                 uint8_t *data)
{
    if (whole_run(m, size)) {
        return aemu_sh_vmem_load_run(d, w, m->addr[0], size, data);
    }
    memset(data, 0, (size_t)AEMU_WAVE_LANES * size);
    for (unsigned l = 0; l < AEMU_WAVE_LANES;) {
        unsigned e;

        if (!m->len[l]) {
            l++;
            continue;
        }
        if (m->len[l] != size) {
            lane_read(d, w, m->addr[l], data + l * size, m->len[l]);
            l++;
            continue;
        }
        e = run_end(m, l, size);
        if (e - l == 1 ||
            aemu_sh_mem_read(d, w, m->addr[l], data + l * size,
                             (size_t)(e - l) * size) != AEMU_MEM_OK) {
            /* Lane by lane, so only the lanes that fault read zeros. */
            for (unsigned k = l; k < e; k++) {
                lane_read(d, w, m->addr[k], data + k * size, size);
            }
        }
        l = e;
    }
    return data;
}

uint8_t *aemu_sh_vmem_store_run_ptr(AemuDevice *d, const AemuWave *w,
                                    uint64_t addr, unsigned size)
{
    return span(d, w, addr, (size_t)AEMU_WAVE_LANES * size, true);
}

void aemu_sh_vmem_store_run(AemuDevice *d, AemuWave *w, uint64_t addr,
                            unsigned size, const uint8_t *data)
{
    if (aemu_sh_mem_write(d, w, addr, data, (size_t)AEMU_WAVE_LANES * size) !=
        AEMU_MEM_OK) {
        for (unsigned k = 0; k < AEMU_WAVE_LANES; k++) {
            aemu_sh_mem_write(d, w, addr + (uint64_t)k * size,
                              data + k * size, size);
        }
    }
}

uint8_t *aemu_sh_vmem_store_ptr(AemuDevice *d, const AemuWave *w,
                                const AemuShLaneMem *m, unsigned size)
{
    return whole_run(m, size) ? aemu_sh_vmem_store_run_ptr(d, w, m->addr[0],
                                                           size)
                              : NULL;
}

void aemu_sh_vmem_store(AemuDevice *d, AemuWave *w,
                        const AemuShLaneMem *m, unsigned size,
                        const uint8_t *data)
{
    if (whole_run(m, size)) {
        aemu_sh_vmem_store_run(d, w, m->addr[0], size, data);
        return;
    }
    for (unsigned l = 0; l < AEMU_WAVE_LANES;) {
        unsigned e;

        if (!m->len[l]) {
            l++;
            continue;
        }
        e = m->len[l] == size ? run_end(m, l, size) : l + 1;
        if (e - l == 1 ||
            aemu_sh_mem_write(d, w, m->addr[l], data + l * size,
                              (size_t)(e - l) * size) != AEMU_MEM_OK) {
            for (unsigned k = l; k < e; k++) {
                aemu_sh_mem_write(d, w, m->addr[k], data + k * size,
                                  m->len[k]);
            }
        }
        l = e;
    }
}

static inline uint32_t le32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, sizeof(v));
    return GUINT32_FROM_LE(v);
}

static inline void put_le32(uint8_t *p, uint32_t v)
{
    v = GUINT32_TO_LE(v);
    memcpy(p, &v, sizeof(v));
}

/*
 * Dword i of each lane's `size` bytes at data into row (no EXEC). The
 * rows are the wave's, data a buffer or memory: never the same bytes.
 */
static inline void dword_to_row(uint32_t *row, const uint8_t *data,
                                unsigned size, unsigned i)
{
    SH_IVDEP
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        row[l] = le32(data + l * size + i * SH_DWORD_BYTES);
    }
}

static inline SH_ALWAYS_INLINE void
data_to_vgprs(AemuWave *w, const uint8_t *data, unsigned size, unsigned reg,
              unsigned n)
{
    if (w->exec != SH_ALL_LANES) {
        for (unsigned i = 0; i < n; i++) {
            AemuShRow row;

            dword_to_row(row, data, size, i);
            sh_vwrite32(w, reg + i, row);
        }
        return;
    }
    /* The shapes of the dword loads, whole lanes at a time. */
    if (size == n * SH_DWORD_BYTES && n == 4) {
        uint32_t *r0 = w->vgpr[reg], *r1 = w->vgpr[reg + 1];
        uint32_t *r2 = w->vgpr[reg + 2], *r3 = w->vgpr[reg + 3];

        SH_IVDEP
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            r0[l] = le32(data + l * 16);
            r1[l] = le32(data + l * 16 + 4);
            r2[l] = le32(data + l * 16 + 8);
            r3[l] = le32(data + l * 16 + 12);
        }
        return;
    }
    if (size == n * SH_DWORD_BYTES && n == 2) {
        uint32_t *r0 = w->vgpr[reg], *r1 = w->vgpr[reg + 1];

        SH_IVDEP
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            r0[l] = le32(data + l * 8);
            r1[l] = le32(data + l * 8 + 4);
        }
        return;
    }
    if (size == SH_DWORD_BYTES && n == 1) {
        dword_to_row(w->vgpr[reg], data, SH_DWORD_BYTES, 0);
        return;
    }
    for (unsigned i = 0; i < n; i++) {
        dword_to_row(w->vgpr[reg + i], data, size, i);
    }
}

static inline SH_ALWAYS_INLINE void
vgprs_to_data(const AemuWave *w, unsigned reg, unsigned n, unsigned size,
              uint8_t *data)
{
    if (size == n * SH_DWORD_BYTES && n == 4) {
        const uint32_t *r0 = w->vgpr[reg], *r1 = w->vgpr[reg + 1];
        const uint32_t *r2 = w->vgpr[reg + 2], *r3 = w->vgpr[reg + 3];

        SH_IVDEP
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            put_le32(data + l * 16, r0[l]);
            put_le32(data + l * 16 + 4, r1[l]);
            put_le32(data + l * 16 + 8, r2[l]);
            put_le32(data + l * 16 + 12, r3[l]);
        }
        return;
    }
    if (size == n * SH_DWORD_BYTES && n == 2) {
        const uint32_t *r0 = w->vgpr[reg], *r1 = w->vgpr[reg + 1];

        SH_IVDEP
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            put_le32(data + l * 8, r0[l]);
            put_le32(data + l * 8 + 4, r1[l]);
        }
        return;
    }
    for (unsigned i = 0; i < n; i++) {
        const uint32_t *row = w->vgpr[reg + i];

        SH_IVDEP
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            put_le32(data + l * size + i * SH_DWORD_BYTES, row[l]);
        }
    }
}

/* Both with AVX2 when the host has it (shader_interp.h SH_CLONES). */
#ifdef SH_CLONES
static void SH_CLONE_AVX2 data_to_vgprs_avx2(AemuWave *w, const uint8_t *data,
                                             unsigned size, unsigned reg,
                                             unsigned n)
{
    data_to_vgprs(w, data, size, reg, n);
}

static void SH_CLONE_AVX2 vgprs_to_data_avx2(const AemuWave *w, unsigned reg,
                                             unsigned n, unsigned size,
                                             uint8_t *data)
{
    vgprs_to_data(w, reg, n, size, data);
}
#endif

void aemu_sh_data_to_vgprs(AemuWave *w, const uint8_t *data, unsigned size,
                           unsigned reg, unsigned n)
{
#ifdef SH_CLONES
    if (aemu_sh_host_avx2()) {
        data_to_vgprs_avx2(w, data, size, reg, n);
        return;
    }
#endif
    data_to_vgprs(w, data, size, reg, n);
}

void aemu_sh_vgprs_to_data(const AemuWave *w, unsigned reg, unsigned n,
                           unsigned size, uint8_t *data)
{
#ifdef SH_CLONES
    if (aemu_sh_host_avx2()) {
        vgprs_to_data_avx2(w, reg, n, size, data);
        return;
    }
#endif
    vgprs_to_data(w, reg, n, size, data);
}

void aemu_sh_vmem_writeback(AemuWave *w, const AemuShVmemDesc *m,
                            const uint8_t *data, unsigned reg)
{
    unsigned size = sh_vmem_bytes(m);
    AemuShRow row;

    if (m->bytes == SH_DWORD_BYTES) {
        aemu_sh_data_to_vgprs(w, data, size, reg, m->count);
        return;
    }
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        const uint8_t *p = data + l * size;
        uint32_t v = m->bytes == 1 ? p[0] : (uint32_t)(p[0] | p[1] << 8);
        unsigned bits = m->bytes * SH_BYTE_BITS;

        if (m->sign) {
            v = (uint32_t)((int32_t)(v << (32 - bits)) >> (32 - bits));
        }
        if (m->d16) {
            uint32_t old = w->vgpr[reg][l];

            v = m->hi ? (old & SH_LO16) | v << SH_HALF_BITS
                      : (old & SH_HI16) | (v & SH_LO16);
        }
        row[l] = v;
    }
    sh_vwrite32(w, reg, row);
}

void aemu_sh_vmem_gather(const AemuWave *w, const AemuShVmemDesc *m,
                         unsigned reg, uint8_t *data)
{
    unsigned size = sh_vmem_bytes(m);

    if (m->bytes >= SH_DWORD_BYTES) {
        aemu_sh_vgprs_to_data(w, reg, size / SH_DWORD_BYTES, size, data);
        return;
    }
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        /* The _d16_hi stores take the VGPR's high half. */
        uint32_t v = w->vgpr[reg][l] >> (m->hi ? SH_HALF_BITS : 0);

        for (unsigned b = 0; b < m->bytes; b++) {
            data[l * size + b] = (uint8_t)(v >> (b * SH_BYTE_BITS));
        }
    }
}

/* ---- atomics ---- */

AemuShAtomic aemu_sh_atomic_kind(const char *verb)
{
    static const struct {
        const char *verb;
        AemuShAtomic kind;
    } verbs[] = {
        { "swap", SH_ATOMIC_SWAP }, { "cmpswap", SH_ATOMIC_CMPSWAP },
        { "add", SH_ATOMIC_ADD }, { "sub", SH_ATOMIC_SUB },
        { "rsub", SH_ATOMIC_RSUB }, { "smin", SH_ATOMIC_SMIN },
        { "umin", SH_ATOMIC_UMIN }, { "smax", SH_ATOMIC_SMAX },
        { "umax", SH_ATOMIC_UMAX }, { "and", SH_ATOMIC_AND },
        { "or", SH_ATOMIC_OR }, { "xor", SH_ATOMIC_XOR },
        { "inc", SH_ATOMIC_INC }, { "dec", SH_ATOMIC_DEC },
        { "fcmpswap", SH_ATOMIC_FCMPSWAP }, { "fmin", SH_ATOMIC_FMIN },
        { "fmax", SH_ATOMIC_FMAX },
    };

    for (unsigned i = 0; i < G_N_ELEMENTS(verbs); i++) {
        if (!strcmp(verbs[i].verb, verb)) {
            return verbs[i].kind;
        }
    }
    return SH_ATOMIC_NONE;
}

/*
 * The float atomics (inferred from the ISA's one-line descriptions and
 * the f32 ALU's rules): min/max as v_min/v_max with MODE.IEEE off, a NaN
 * operand gives the other one, two NaNs a quiet NaN, -0 below +0;
 * compare-swap compares as floats (+0 equals -0, a NaN equals nothing);
 * add rounds to nearest even. Denormals are kept: the memory side has no
 * MODE to flush them by.
 */
static uint64_t atomic_float(AemuShAtomic k, uint64_t old, uint64_t src,
                             uint64_t cmp, bool f64)
{
    double a = f64 ? sh_f64(old) : sh_f32((uint32_t)old);
    double b = f64 ? sh_f64(src) : sh_f32((uint32_t)src);
    uint64_t quiet = f64 ? SH_F64_QUIET : SH_F32_QUIET;
    uint64_t sign = f64 ? SH_F64_SIGN : SH_F32_SIGN;
    bool max = k == SH_ATOMIC_FMAX;

    switch (k) {
    case SH_ATOMIC_FCMPSWAP:
        return a == (f64 ? sh_f64(cmp) : sh_f32((uint32_t)cmp)) ? src : old;
    case SH_ATOMIC_FADD:
        /* A double sum of two floats rounds to float exactly once. */
        return f64 ? sh_bits64(a + b) : sh_bits32((float)(a + b));
    case SH_ATOMIC_FMIN:
    case SH_ATOMIC_FMAX:
        if (isnan(a)) {
            return isnan(b) ? src | quiet : src;
        }
        if (isnan(b)) {
            return old;
        }
        if (a == b) {
            /* Equal, or -0 and +0: pick by sign. */
            return ((old & sign) != 0) != max ? old : src;
        }
        return (a < b) != max ? old : src;
    default:
        return old;
    }
}

uint64_t aemu_sh_atomic_apply(AemuShAtomic k, uint64_t old, uint64_t src,
                              uint64_t cmp, unsigned bits)
{
    uint64_t mask = bits >= 64 ? UINT64_MAX : (1ull << bits) - 1;
    unsigned sh = 64 - bits;
    int64_t so = (int64_t)(old << sh) >> sh, ss = (int64_t)(src << sh) >> sh;
    uint64_t r;

    old &= mask;
    src &= mask;
    switch (k) {
    case SH_ATOMIC_SWAP: r = src; break;
    case SH_ATOMIC_CMPSWAP: r = old == (cmp & mask) ? src : old; break;
    case SH_ATOMIC_ADD: r = old + src; break;
    case SH_ATOMIC_SUB: r = old - src; break;
    case SH_ATOMIC_RSUB: r = src - old; break;
    case SH_ATOMIC_SMIN: r = so < ss ? old : src; break;
    case SH_ATOMIC_UMIN: r = old < src ? old : src; break;
    case SH_ATOMIC_SMAX: r = so > ss ? old : src; break;
    case SH_ATOMIC_UMAX: r = old > src ? old : src; break;
    case SH_ATOMIC_AND: r = old & src; break;
    case SH_ATOMIC_OR: r = old | src; break;
    case SH_ATOMIC_XOR: r = old ^ src; break;
    /* inc/dec wrap at the source value (ISA BUFFER_ATOMIC_INC/DEC). */
    case SH_ATOMIC_INC: r = old >= src ? 0 : old + 1; break;
    case SH_ATOMIC_DEC: r = old == 0 || old > src ? src : old - 1; break;
    case SH_ATOMIC_FCMPSWAP: case SH_ATOMIC_FMIN: case SH_ATOMIC_FMAX:
    case SH_ATOMIC_FADD:
        r = atomic_float(k, old, src, cmp & mask, bits == 64);
        break;
    default: r = old; break;
    }
    return r & mask;
}

/*
 * Before an atomic of a wave that can take retry faults: translate every
 * lane's n bytes into live (the lanes of m), leaving out the
 * lanes that faulted without retry (reported here, once). False if any
 * lane got a retry fault: the wave is stalled and nothing may change.
 * Every lane is translated even then, so that each faulting page is
 * posted at once.
 */
static bool atomic_probe(AemuDevice *d, AemuWave *w, const AemuShLaneMem *m,
                         unsigned n, AemuShLaneMem *live)
{
    bool retry = false;

    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        AemuMemStatus st = AEMU_MEM_OK;

        live->addr[l] = m->addr[l];
        live->len[l] = m->len[l];
        if (m->len[l]) {
            /* Both ways: the atomic reads, then writes. */
            st = mem_probe(d, w, m->addr[l], n, false);
            if (st == AEMU_MEM_OK) {
                st = mem_probe(d, w, m->addr[l], n, true);
            }
        }
        if (st == AEMU_MEM_RETRY) {
            retry = true;
        } else if (st != AEMU_MEM_OK) {
            live->len[l] = 0;
        }
    }
    return !retry;
}

void aemu_sh_vmem_atomic(AemuDevice *d, AemuWave *w,
                         const AemuShLaneMem *m, const AemuShVmemDesc *a,
                         const uint8_t *data, uint8_t *ret)
{
    unsigned n = a->bytes, size = 2 * n;
    AemuShLaneMem live;

    memset(ret, 0, (size_t)AEMU_WAVE_LANES * size);
    if (w->ctx->client.retry) {
        if (!atomic_probe(d, w, m, n, &live)) {
            return;
        }
        m = &live;
    }
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        uint8_t buf[sizeof(uint64_t)];
        uint64_t old, src, cmp, now;

        if (!m->len[l]) {
            continue;
        }
        if (aemu_sh_mem_read(d, w, m->addr[l], buf, n) != AEMU_MEM_OK) {
            continue;       /* reported; returns 0, writes nothing */
        }
        old = sh_le_load(buf, n);
        src = sh_le_load(data + l * size, n);
        cmp = sh_le_load(data + l * size + n, n);
        now = aemu_sh_atomic_apply(a->atomic, old, src, cmp, n * SH_BYTE_BITS);
        sh_le_store(buf, now, n);
        aemu_sh_mem_write(d, w, m->addr[l], buf, n);
        sh_le_store(ret + l * size, old, n);
    }
}

/* ---- what each buffer/flat/global op moves ---- */

static AemuShVmemDesc vmem_descs[SH_OP_COUNT];
static bool vmem_descs_ready;

static bool eat(const char **s, const char *prefix)
{
    size_t n = strlen(prefix);

    if (strncmp(*s, prefix, n)) {
        return false;
    }
    *s += n;
    return true;
}

/* "x", "xy", "xyz", "xyzw" (format ops) -> components. */
static unsigned components(const char *s)
{
    static const char *const comps[] = { "x", "xy", "xyz", "xyzw" };

    for (unsigned i = 0; i < G_N_ELEMENTS(comps); i++) {
        if (!strcmp(s, comps[i])) {
            return i + 1;
        }
    }
    return 0;
}

/* Narrow loads/stores: name (after load_/store_) -> bytes, sign, d16, hi. */
static bool narrow(const char *s, AemuShVmemDesc *m, bool load)
{
    static const struct {
        const char *name;
        uint8_t bytes;
        bool sign, d16, hi, load;
    } forms[] = {
        { "ubyte", 1, false, false, false, true },
        { "sbyte", 1, true, false, false, true },
        { "ushort", 2, false, false, false, true },
        { "sshort", 2, true, false, false, true },
        { "ubyte_d16", 1, false, true, false, true },
        { "ubyte_d16_hi", 1, false, true, true, true },
        { "sbyte_d16", 1, true, true, false, true },
        { "sbyte_d16_hi", 1, true, true, true, true },
        { "short_d16", 2, false, true, false, true },
        { "short_d16_hi", 2, false, true, true, true },
        { "byte", 1, false, false, false, false },
        { "short", 2, false, false, false, false },
        { "byte_d16_hi", 1, false, false, true, false },
        { "short_d16_hi", 2, false, false, true, false },
    };

    for (unsigned i = 0; i < G_N_ELEMENTS(forms); i++) {
        if (forms[i].load == load && !strcmp(s, forms[i].name)) {
            m->bytes = forms[i].bytes;
            m->count = 1;
            m->sign = forms[i].sign;
            m->d16 = forms[i].d16;
            m->hi = forms[i].hi;
            return true;
        }
    }
    return false;
}

static void parse_vmem(const char *name, AemuShVmemDesc *m)
{
    const char *s = strchr(name, '_');
    bool load;

    memset(m, 0, sizeof(*m));
    if (!s) {
        return;
    }
    s++;
    if (!strcmp(s, "wbinvl1") || !strcmp(s, "wbinvl1_vol")) {
        m->kind = SH_VMEM_NOP;
        return;
    }
    if (eat(&s, "atomic_")) {
        char verb[16];
        size_t n = strcspn(s, "_");

        if (n >= sizeof(verb)) {
            return;
        }
        memcpy(verb, s, n);
        verb[n] = 0;
        m->atomic = aemu_sh_atomic_kind(verb);
        if (m->atomic == SH_ATOMIC_NONE ||
            (s[n] && strcmp(s + n, "_x2"))) {
            m->atomic = SH_ATOMIC_NONE;
            return;
        }
        m->kind = SH_VMEM_ATOMIC;
        m->bytes = s[n] ? sizeof(uint64_t) : sizeof(uint32_t);
        m->count = 1;
        return;
    }
    if (eat(&s, "load_")) {
        load = true;
    } else if (eat(&s, "store_")) {
        load = false;
    } else {
        return;
    }
    if (eat(&s, "format_")) {
        unsigned c = components(s);

        if (c) {
            m->kind = load ? SH_VMEM_LOAD_FORMAT : SH_VMEM_STORE_FORMAT;
            m->bytes = SH_DWORD_BYTES;
            m->count = c;
        }
        return;
    }
    if (eat(&s, "dword")) {
        unsigned n = !*s ? 1 : !strcmp(s, "x2") ? 2 : !strcmp(s, "x3") ? 3
                   : !strcmp(s, "x4") ? 4 : 0;

        if (n) {
            m->kind = load ? SH_VMEM_LOAD : SH_VMEM_STORE;
            m->bytes = SH_DWORD_BYTES;
            m->count = n;
        }
        return;
    }
    if (narrow(s, m, load)) {
        m->kind = load ? SH_VMEM_LOAD : SH_VMEM_STORE;
    }
}

const AemuShVmemDesc *aemu_sh_vmem_desc(AemuShOp op)
{
    if (!vmem_descs_ready) {
        for (unsigned i = 0; i < SH_OP_COUNT; i++) {
            unsigned fmt = aemu_sh_op_info[i].fmt;

            if (fmt == AEMU_SH_FMT_MUBUF || fmt == AEMU_SH_FMT_MTBUF ||
                fmt == AEMU_SH_FMT_FLAT || fmt == AEMU_SH_FMT_GLOBAL ||
                fmt == AEMU_SH_FMT_SCRATCH) {
                parse_vmem(aemu_sh_op_info[i].name, &vmem_descs[i]);
            }
        }
        vmem_descs_ready = true;
    }
    return &vmem_descs[op];
}
