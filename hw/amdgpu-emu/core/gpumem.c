/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the one way engines reach GPU memory.
 *
 * An access is split where the translation says its contiguous piece ends
 * (a page, the end of VRAM or of an aperture); each piece goes to VRAM or,
 * through the host, to bus memory. Translation belongs to the memory
 * controller block of the ASIC (gmc_v7.c on CIK, gmc_v9.c on Vega10), which
 * also reports faults. A faulting or failing access stops at the first bad
 * piece: for writes the pieces before it have landed, as on hardware.
 */
#include "aemu-internal.h"

AemuMemStatus aemu_phys_access(AemuDevice *d, const AemuXlate *x, void *buf,
                               size_t len, bool write)
{
    /* What the engine running now moved, for its timeline (sched.c). */
    d->sched.bytes.n[aemu_path(x->vram, write)] += len;
    if (x->vram) {
        if (x->addr > d->vram_size || len > d->vram_size - x->addr) {
            return AEMU_MEM_BUS_ERROR;
        }
        if (write) {
            memcpy(d->vram + x->addr, buf, len);
            aemu_vram_dirty(d, x->addr, len);
        } else {
            aemu_vram_read(d, x->addr, buf, len);
        }
        return AEMU_MEM_OK;
    }
    if (write) {
        return d->host.dma_write(d->host_opaque, x->addr, buf, len) ?
               AEMU_MEM_OK : AEMU_MEM_BUS_ERROR;
    }
    return d->host.dma_read(d->host_opaque, x->addr, buf, len) ?
           AEMU_MEM_OK : AEMU_MEM_BUS_ERROR;
}

void aemu_mem_bus_error(AemuDevice *d, const AemuMemClient *client,
                        const AemuXlate *x, uint64_t gpu_addr)
{
    aemu_guest_error(d, "%s: bus error at %s 0x%" G_GINT64_MODIFIER
                     "x (GPU address 0x%" G_GINT64_MODIFIER "x)",
                     client->name, x->vram ? "VRAM" : "bus", x->addr,
                     gpu_addr);
}

static AemuMemStatus gpu_access(AemuDevice *d, unsigned vmid, uint64_t addr,
                                uint8_t *buf, size_t len, bool write,
                                const AemuMemClient *client)
{
    while (len) {
        AemuXlate x = { 0 };
        AemuMemStatus st = d->translate(d, vmid, addr, write, client, &x);
        size_t n;

        if (st != AEMU_MEM_OK) {
            return st;
        }
        n = MIN((uint64_t)len, x.len);
        st = aemu_phys_access(d, &x, buf, n, write);
        if (st != AEMU_MEM_OK) {
            aemu_mem_bus_error(d, client, &x, addr);
            AEMU_TRACE(d, bus_error, client->name, x.vram ? "VRAM" : "bus",
                       x.addr, addr, write);
            return st;
        }
        addr += n;
        buf += n;
        len -= n;
    }
    return AEMU_MEM_OK;
}

AemuMemStatus aemu_gpu_read(AemuDevice *d, unsigned vmid, uint64_t addr,
                            void *buf, size_t len,
                            const AemuMemClient *client)
{
    return gpu_access(d, vmid, addr, buf, len, false, client);
}

AemuMemStatus aemu_gpu_write(AemuDevice *d, unsigned vmid, uint64_t addr,
                             const void *buf, size_t len,
                             const AemuMemClient *client)
{
    /* The buffer is only read on this path. */
    return gpu_access(d, vmid, addr, (uint8_t *)buf, len, true, client);
}

uint32_t aemu_gpu_read32(AemuDevice *d, unsigned vmid, uint64_t addr,
                         const AemuMemClient *client, AemuMemStatus *st)
{
    uint32_t v = 0;
    AemuMemStatus s = aemu_gpu_read(d, vmid, addr, &v, 4, client);

    if (st) {
        *st = s;
    }
    return s == AEMU_MEM_OK ? GUINT32_FROM_LE(v) : 0;
}

AemuMemStatus aemu_gpu_write32(AemuDevice *d, unsigned vmid, uint64_t addr,
                               uint32_t value, const AemuMemClient *client)
{
    uint32_t le = GUINT32_TO_LE(value);

    return aemu_gpu_write(d, vmid, addr, &le, 4, client);
}

AemuSemResult aemu_mem_semaphore(AemuDevice *d, unsigned vmid, uint64_t addr,
                                 bool signal, bool set_one,
                                 const AemuMemClient *client)
{
    uint64_t v;

    if (aemu_gpu_read(d, vmid, addr, &v, sizeof(v), client) != AEMU_MEM_OK) {
        return AEMU_SEM_FAULT;
    }
    v = GUINT64_FROM_LE(v);
    if (signal) {
        v = set_one ? 1 : v + 1;
    } else if (v == 0) {
        return AEMU_SEM_RETRY;
    } else {
        v--;
    }
    v = GUINT64_TO_LE(v);
    return aemu_gpu_write(d, vmid, addr, &v, sizeof(v), client) == AEMU_MEM_OK
           ? AEMU_SEM_DONE : AEMU_SEM_FAULT;
}
