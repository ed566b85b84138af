/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: translation caches and direct access to memory, the
 * fast paths of the GPU memory service (gpumem.c has the exact one).
 *
 * An engine stream (the CP's ring, an IB, an SDMA ring) keeps the last
 * range it translated in an AemuXlateCache, with a host pointer to it when
 * the memory is directly addressable (VRAM; bus memory the host maps), so
 * it translates a page once, not every dword, and reads it like memory.
 *
 * Why caching translations is faithful: page tables live in memory the
 * CPU may rewrite without telling the GPU, and the GPU does not notice
 * either: its VM L1/L2 TLBs keep translations until the driver flushes
 * them. Both drivers write VM_INVALIDATE_REQUEST after every PTE change
 * (amdgpu's gmc_v7_0_flush_gpu_tlb, radeon's cik_pcie_gart_tlb_flush;
 * VM_INVALIDATE_ENG*_REQ on gfx9, gmc_v9_0_flush_gpu_tlb), and reprogram
 * the VM through registers. A cache is valid while d->xlate_gen has not
 * moved, and the memory controller (gmc_v7.c, gmc_v9.c) moves
 * it on a TLB flush and on every write to the VM context, aperture and
 * page-table registers; a device reset moves it too. A translation that
 * reported a fault is never cached: the next access reports again.
 *
 * Bus memory: the host's dma_map gives a pointer. A cache holds such a
 * mapping until the end of the scheduler slice (aemu_xlate_release), never
 * across a return to the host, so the guest can remap its memory between
 * slices; copies (aemu_gpu_copy) map and unmap around each chunk.
 *
 * While recording or replaying (aemu_mem_exact) the caches stay empty and
 * every access takes the exact path: page-table and VRAM reads are inputs
 * of the trace and must happen as they were recorded.
 */
#include "aemu-internal.h"

/* The most bus memory one cache entry maps at once. */
#define BUS_MAP_MAX_BYTES (64u * 1024u)
/* Pieces of one copy's source: a piece per GPU page, plus the ends. */
#define COPY_PAGE_BYTES 4096u
#define COPY_MAX_PIECES (AEMU_COPY_MAX_BYTES / COPY_PAGE_BYTES + 2u)

void aemu_xlate_drop_caches(AemuDevice *d)
{
    d->xlate_gen++;
}

void aemu_xlate_invalidate(AemuDevice *d)
{
    d->xlate_gen++;
    d->vm_gen++;
}

void aemu_xlate_release(AemuDevice *d)
{
    if (!d->num_bus_maps) {
        return;
    }
    for (unsigned i = 0; i < d->num_bus_maps; i++) {
        const AemuBusMap *m = &d->bus_maps[i];

        d->host.dma_unmap(d->host_opaque, m->host, m->len, false, 0);
    }
    d->num_bus_maps = 0;
    /* Caches may point into what was just unmapped; the VM is the same. */
    aemu_xlate_drop_caches(d);
}

static bool cache_hit(const AemuDevice *d, const AemuXlateCache *c,
                      unsigned vmid, uint64_t addr)
{
    return c->gen == d->xlate_gen && c->vmid == vmid &&
           addr - c->gpu < c->len;
}

/*
 * A held read mapping of bus memory at bus, up to *len bytes (shortened to
 * what is mapped), or NULL. Hosts without dma_unmap map for good; the
 * others' mappings go into d->bus_maps, and only inside a slice, which
 * releases them when it ends.
 */
static uint8_t *bus_map_held(AemuDevice *d, uint64_t bus, uint64_t *len)
{
    uint64_t want = MIN(*len, (uint64_t)BUS_MAP_MAX_BYTES);
    AemuBusMap *m;
    uint8_t *p;

    if (!d->host.dma_map) {
        return NULL;
    }
    if (!d->host.dma_unmap) {
        p = d->host.dma_map(d->host_opaque, bus, &want, false);
        *len = want;
        return p;
    }
    if (!d->sched.running) {
        return NULL;
    }
    for (unsigned i = 0; i < d->num_bus_maps; i++) {
        m = &d->bus_maps[i];
        if (bus - m->bus < m->len) {
            *len = MIN(want, m->len - (bus - m->bus));
            return m->host + (bus - m->bus);
        }
    }
    if (d->num_bus_maps == AEMU_BUS_MAPS_MAX) {
        return NULL;
    }
    p = d->host.dma_map(d->host_opaque, bus, &want, false);
    if (!p) {
        return NULL;
    }
    m = &d->bus_maps[d->num_bus_maps++];
    *m = (AemuBusMap) { .bus = bus, .len = want, .host = p };
    *len = want;
    return p;
}

/*
 * Translate a read of addr into c (reports faults); only a good
 * translation stays cached.
 */
static AemuMemStatus xlate_fill(AemuDevice *d, AemuXlateCache *c,
                                unsigned vmid, uint64_t addr,
                                const AemuMemClient *client)
{
    AemuXlate x = { 0 };
    AemuMemStatus st = d->translate(d, vmid, addr, false, client, &x);

    c->gen = 0;
    if (st != AEMU_MEM_OK) {
        return st;
    }
    c->x = x;
    c->gpu = addr;
    c->len = x.len;
    c->vmid = vmid;
    c->host = NULL;
    c->host_len = 0;
    if (x.uncacheable) {
        /*
         * Valid for the access that made it (gen set, no host pointer:
         * aemu_gpu_read_cached uses it once and drops it).
         */
        c->gen = d->xlate_gen;
        return AEMU_MEM_OK;
    }
    /* Past the end of VRAM: the exact path reports the bus error. */
    if (x.vram && x.addr < d->vram_size) {
        c->host = d->vram + x.addr;
        c->host_len = MIN(x.len, d->vram_size - x.addr);
    } else if (!x.vram) {
        uint64_t n = x.len;

        c->host = bus_map_held(d, x.addr, &n);
        c->host_len = c->host ? n : 0;
    }
    c->gen = d->xlate_gen;
    return AEMU_MEM_OK;
}

const uint8_t *aemu_xlate_fill_direct(AemuDevice *d, AemuXlateCache *c,
                                      unsigned vmid, uint64_t addr,
                                      uint64_t *avail,
                                      const AemuMemClient *client,
                                      AemuMemStatus *st)
{
    *st = AEMU_MEM_OK;
    if (aemu_mem_exact(d)) {
        return NULL;
    }
    if (!cache_hit(d, c, vmid, addr)) {
        *st = xlate_fill(d, c, vmid, addr, client);
        if (*st != AEMU_MEM_OK) {
            return NULL;
        }
    }
    if (addr - c->gpu >= c->host_len) {
        return NULL;
    }
    *avail = c->host_len - (addr - c->gpu);
    return c->host + (addr - c->gpu);
}

AemuMemStatus aemu_gpu_read_cached(AemuDevice *d, AemuXlateCache *c,
                                   unsigned vmid, uint64_t addr, void *buf,
                                   size_t len, const AemuMemClient *client)
{
    uint8_t *out = buf;

    if (aemu_mem_exact(d)) {
        return aemu_gpu_read(d, vmid, addr, buf, len, client);
    }
    while (len) {
        uint64_t off;
        size_t n;

        if (!cache_hit(d, c, vmid, addr)) {
            AemuMemStatus st = xlate_fill(d, c, vmid, addr, client);

            if (st != AEMU_MEM_OK) {
                return st;
            }
        }
        off = addr - c->gpu;
        if (off < c->host_len) {
            n = MIN((uint64_t)len, c->host_len - off);
            memcpy(out, c->host + off, n);
            aemu_xlate_count(d, c, n);
        } else {
            AemuXlate x = c->x;

            n = MIN((uint64_t)len, c->len - off);
            x.addr += off;
            x.len -= off;
            if (x.uncacheable) {
                c->gen = 0;
            }
            if (aemu_phys_access(d, &x, out, n, false) != AEMU_MEM_OK) {
                aemu_mem_bus_error(d, client, &x, addr);
                return AEMU_MEM_BUS_ERROR;
            }
        }
        addr += n;
        out += n;
        len -= n;
    }
    return AEMU_MEM_OK;
}

/* A source piece of a copy, read through a pointer. */
typedef struct CopyPiece {
    uint8_t *host;
    uint64_t len;
    bool mapped;            /* a transient bus mapping to release */
} CopyPiece;

/*
 * A transient pointer to the *len bytes x starts at, shortened to what the
 * host maps, or NULL when they are not directly addressable.
 */
static uint8_t *piece_ptr(AemuDevice *d, const AemuXlate *x, uint64_t *len,
                          bool write, bool *mapped)
{
    *mapped = false;
    if (x->vram) {
        if (x->addr > d->vram_size || *len > d->vram_size - x->addr) {
            return NULL;
        }
        return d->vram + x->addr;
    }
    if (!d->host.dma_map) {
        return NULL;
    }
    {
        uint8_t *p = d->host.dma_map(d->host_opaque, x->addr, len, write);

        *mapped = p && d->host.dma_unmap;
        return p;
    }
}

static void unmap_pieces(AemuDevice *d, CopyPiece *pieces, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        if (pieces[i].mapped) {
            d->host.dma_unmap(d->host_opaque, pieces[i].host, pieces[i].len,
                              false, 0);
        }
    }
}

/* What the pieces hold, into buf (the bounce path from here on). */
static void gather(uint8_t *buf, const CopyPiece *pieces, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        memcpy(buf, pieces[i].host, pieces[i].len);
        buf += pieces[i].len;
    }
}

static bool overlaps(const uint8_t *dst, uint64_t len,
                     const CopyPiece *pieces, unsigned n)
{
    uintptr_t d0 = (uintptr_t)dst, d1 = d0 + len;

    for (unsigned i = 0; i < n; i++) {
        uintptr_t s0 = (uintptr_t)pieces[i].host, s1 = s0 + pieces[i].len;

        if (d0 < s1 && s0 < d1) {
            return true;
        }
    }
    return false;
}

AemuCopyResult aemu_gpu_copy(AemuDevice *d, unsigned vmid, uint64_t dst,
                             uint64_t src, size_t len, void *bounce,
                             const AemuMemClient *client)
{
    CopyPiece pieces[COPY_MAX_PIECES];
    unsigned np = 0;
    bool direct = !aemu_mem_exact(d);
    uint8_t *b = bounce;
    AemuXlate x;
    AemuMemStatus st;
    uint64_t off;

    g_assert(len <= AEMU_COPY_MAX_BYTES);
    if (len == 0) {
        return AEMU_COPY_OK;
    }
    if (!direct) {
        if (aemu_gpu_read(d, vmid, src, bounce, len, client) != AEMU_MEM_OK) {
            return AEMU_COPY_SRC_FAILED;
        }
        return aemu_gpu_write(d, vmid, dst, bounce, len, client) ==
               AEMU_MEM_OK ? AEMU_COPY_OK : AEMU_COPY_DST_FAILED;
    }
    /*
     * The source, all of it translated (and any fault reported) before a
     * byte is written, as a read into the bounce buffer would. Pieces stay
     * pointers while every one is directly readable; else what they hold
     * goes into bounce and the rest is read there.
     */
    for (off = 0; off < len;) {
        uint64_t n;
        uint8_t *p = NULL;
        bool mapped = false;

        x = (AemuXlate) { 0 };
        st = d->translate(d, vmid, src + off, false, client, &x);
        if (st != AEMU_MEM_OK) {
            unmap_pieces(d, pieces, np);
            return AEMU_COPY_SRC_FAILED;
        }
        n = MIN(len - off, x.len);
        if (direct && np < COPY_MAX_PIECES) {
            p = piece_ptr(d, &x, &n, false, &mapped);
        }
        if (p) {
            pieces[np++] = (CopyPiece) {
                .host = p, .len = n, .mapped = mapped,
            };
            d->sched.bytes.n[aemu_path(x.vram, false)] += n;
        } else {
            if (direct) {
                gather(b, pieces, np);
                unmap_pieces(d, pieces, np);
                np = 0;
                direct = false;
            }
            if (aemu_phys_access(d, &x, b + off, n, false) != AEMU_MEM_OK) {
                aemu_mem_bus_error(d, client, &x, src + off);
                return AEMU_COPY_SRC_FAILED;
            }
        }
        off += n;
    }

    /* The destination's first piece. */
    x = (AemuXlate) { 0 };
    st = d->translate(d, vmid, dst, true, client, &x);
    if (st != AEMU_MEM_OK) {
        unmap_pieces(d, pieces, np);
        return AEMU_COPY_DST_FAILED;
    }
    if (direct) {
        uint64_t dlen = len;
        bool dmapped = false;
        uint8_t *p = x.len >= len ?
                     piece_ptr(d, &x, &dlen, true, &dmapped) : NULL;

        /* One piece, all of it addressable, apart from the source. */
        if (p && dlen == len && !overlaps(p, len, pieces, np)) {
            uint8_t *to = p;

            for (unsigned i = 0; i < np; i++) {
                memcpy(to, pieces[i].host, pieces[i].len);
                to += pieces[i].len;
            }
            d->sched.bytes.n[aemu_path(x.vram, true)] += len;
            if (x.vram) {
                aemu_vram_dirty(d, x.addr, len);
            }
            if (dmapped) {
                d->host.dma_unmap(d->host_opaque, p, dlen, true, len);
            }
            unmap_pieces(d, pieces, np);
            return AEMU_COPY_OK;
        }
        if (dmapped) {
            d->host.dma_unmap(d->host_opaque, p, dlen, true, 0);
        }
        /* Overlap: the source as it was before any byte is written. */
        gather(b, pieces, np);
        unmap_pieces(d, pieces, np);
    }
    /* From bounce, piece by piece, as aemu_gpu_write does. */
    for (off = 0;;) {
        uint64_t n = MIN(len - off, x.len);

        if (aemu_phys_access(d, &x, b + off, n, true) != AEMU_MEM_OK) {
            aemu_mem_bus_error(d, client, &x, dst + off);
            return AEMU_COPY_DST_FAILED;
        }
        off += n;
        if (off == len) {
            return AEMU_COPY_OK;
        }
        x = (AemuXlate) { 0 };
        if (d->translate(d, vmid, dst + off, true, client, &x) !=
            AEMU_MEM_OK) {
            return AEMU_COPY_DST_FAILED;
        }
    }
}
