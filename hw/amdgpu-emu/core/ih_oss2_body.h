/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the OSS 2.x interrupt handler (IH) of CIK and of
 * Iceland/Topaz, the body both chips' block files compile.
 *
 * Interrupt sources post IV entries; the IH writes them, 16 bytes each, into
 * the ring the driver placed in GPU memory (IH_RB_BASE, translated through
 * IH_CNTL.MC_VMID), advances the write pointer, writes it back to the
 * driver's write-back slot (cik_ih_get_wptr and iceland_ih_get_wptr read
 * only that) and raises the interrupt. The driver acks by writing
 * IH_RB_RPTR; with RPTR_REARM a still-non-empty ring re-signals. A full
 * ring drops the entry and sets the overflow flag the driver recovers from.
 *
 * The hardware is the same on both (the IV entry, the fields of IH_RB_CNTL,
 * IH_CNTL and IH_RB_WPTR), but OSS 2.4 moved the IH's registers (IH_RB_CNTL
 * 0xF80 on CIK, 0xE30 on Topaz). So this file is included by ih_cik.c and
 * ih_iceland.c, each right after its chip's generated register headers:
 * the same code, each chip's offsets. Each file then names its block.
 */
#ifndef AMDGPU_EMU_IH_OSS2_BODY_H
#define AMDGPU_EMU_IH_OSS2_BODY_H

#include "aemu-internal.h"
#include "state.h"

/*
 * The 16-byte IV entry as cik_ih_decode_iv reads it: dw0 [7:0] src_id,
 * dw1 [27:0] src_data, dw2 [7:0] ring_id, [15:8] vmid, [31:16] pasid,
 * dw3 reserved.
 */
#define IV_ENTRY_SIZE 16u
#define IV_ENTRY_DWORDS (IV_ENTRY_SIZE / 4u)
#define IV_SRC_DATA_MASK 0x0fffffffu
#define IV_VMID_SHIFT 8
#define IV_PASID_SHIFT 16
#define IV_PASID_MASK 0xffffu
/* IH_RB_BASE holds the ring address >> 8; the write-back HI its [39:32]. */
#define IH_RB_BASE_SHIFT 8
#define IH_WPTR_ADDR_HI_MASK 0xffu
/* VMIDs the IH_VMID_n_LUT registers map to PASIDs. */
#define IH_NUM_VMIDS 16u

typedef struct IhState {
    uint32_t wptr;          /* bytes, without the overflow flag */
    bool overflow;
    bool pending;           /* rptr != wptr as last seen */
    bool submitting;        /* writing an entry (faults cannot nest) */
} IhState;

static IhState *ih(AemuDevice *d)
{
    return aemu_block_priv(d, AEMU_BLOCK_IH);
}

static const AemuMemClient ih_client = {
    .name = "IH", .id = 0, .hub = AEMU_HUB_MM,
};

static uint32_t ring_bytes(AemuDevice *d)
{
    unsigned order = (d->regs[mmIH_RB_CNTL] & IH_RB_CNTL__RB_SIZE_MASK) >>
                     IH_RB_CNTL__RB_SIZE__SHIFT;

    /* RB_SIZE is log2 of the size in dwords; the field allows 2^31. */
    return order >= 16 ? 1u << 18 : 4u << order;
}

static unsigned ih_vmid(AemuDevice *d)
{
    return (d->regs[mmIH_CNTL] & IH_CNTL__MC_VMID_MASK) >>
           IH_CNTL__MC_VMID__SHIFT;
}

static uint32_t wptr_value(AemuDevice *d)
{
    return (ih(d)->wptr & IH_RB_WPTR__OFFSET_MASK) |
           (ih(d)->overflow ? IH_RB_WPTR__RB_OVERFLOW_MASK : 0);
}

static bool enabled(AemuDevice *d)
{
    return (d->regs[mmIH_RB_CNTL] & IH_RB_CNTL__RB_ENABLE_MASK) &&
           (d->regs[mmIH_CNTL] & IH_CNTL__ENABLE_INTR_MASK);
}

static void write_back_wptr(AemuDevice *d)
{
    uint64_t addr;

    if (!(d->regs[mmIH_RB_CNTL] & IH_RB_CNTL__WPTR_WRITEBACK_ENABLE_MASK)) {
        return;
    }
    addr = (uint64_t)(d->regs[mmIH_RB_WPTR_ADDR_HI] & IH_WPTR_ADDR_HI_MASK) <<
           32 | (d->regs[mmIH_RB_WPTR_ADDR_LO] & ~3u);
    aemu_gpu_write32(d, ih_vmid(d), addr, wptr_value(d), &ih_client);
}

static void ih_oss2_submit(AemuDevice *d, const AemuIvEntry *iv)
{
    uint32_t size, next, rptr, entry[IV_ENTRY_DWORDS];
    uint32_t pasid;
    uint64_t base;

    if (!enabled(d)) {
        AEMU_TRACE(d, ih_drop, iv->src_id, "IH ring or interrupts disabled");
        return;
    }
    /*
     * A fault of the IH's own ring or write-back access posts an entry
     * through the IH again: it is latched in the fault registers but cannot
     * be delivered, or a ring placed at a faulting address would recurse
     * without end.
     */
    if (ih(d)->submitting) {
        aemu_guest_error(d, "IH: interrupt source %u dropped: the IH's own "
                         "ring access faulted", iv->src_id);
        AEMU_TRACE(d, ih_drop, iv->src_id, "the IH's own ring access faulted");
        return;
    }
    ih(d)->submitting = true;
    size = ring_bytes(d);
    /* The driver may have shrunk the ring under a wptr past its new end. */
    ih(d)->wptr &= (size - 1) & ~(IV_ENTRY_SIZE - 1);
    rptr = d->regs[mmIH_RB_RPTR] & (size - 1) & ~(IV_ENTRY_SIZE - 1);
    next = (ih(d)->wptr + IV_ENTRY_SIZE) & (size - 1);
    if (next == rptr) {
        if (d->regs[mmIH_RB_CNTL] & IH_RB_CNTL__WPTR_OVERFLOW_ENABLE_MASK) {
            ih(d)->overflow = true;
        }
        write_back_wptr(d);
        ih(d)->submitting = false;
        AEMU_TRACE(d, ih_drop, iv->src_id, "ring full (overflow)");
        d->host.irq(d->host_opaque, true);
        return;
    }
    pasid = d->regs[mmIH_VMID_0_LUT + iv->vmid % IH_NUM_VMIDS] &
            IV_PASID_MASK;
    entry[0] = GUINT32_TO_LE(iv->src_id);
    entry[1] = GUINT32_TO_LE(iv->src_data[0] & IV_SRC_DATA_MASK);
    entry[2] = GUINT32_TO_LE(iv->ring_id | (uint32_t)iv->vmid << IV_VMID_SHIFT |
                             pasid << IV_PASID_SHIFT);
    entry[3] = 0;
    base = (uint64_t)d->regs[mmIH_RB_BASE] << IH_RB_BASE_SHIFT;
    if (aemu_gpu_write(d, ih_vmid(d), base + ih(d)->wptr, entry,
                       sizeof(entry), &ih_client) != AEMU_MEM_OK) {
        ih(d)->submitting = false;
        AEMU_TRACE(d, ih_drop, iv->src_id, "ring write faulted");
        return;
    }
    AEMU_TRACE(d, ih_iv, iv->src_id, iv->src_data[0], iv->ring_id, iv->vmid,
               ih(d)->wptr);
    ih(d)->wptr = next;
    ih(d)->pending = true;
    write_back_wptr(d);
    ih(d)->submitting = false;
    d->host.irq(d->host_opaque, true);
}

static uint32_t ih_rb_wptr_read(AemuDevice *d, uint32_t dw)
{
    return wptr_value(d);
}

static void ih_rb_wptr_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    ih(d)->wptr = value & IH_RB_WPTR__OFFSET_MASK;
}

static const AemuRegHandler ih_rb_wptr = {
    .block = "ih", .read = ih_rb_wptr_read, .write = ih_rb_wptr_write,
};

/* The driver's ack: drop the line once it caught up, else re-signal. */
static void ih_rb_rptr_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    uint32_t rptr = value & (ring_bytes(d) - 1);

    d->regs[dw] = value;
    if (rptr == (ih(d)->wptr & (ring_bytes(d) - 1))) {
        if (ih(d)->pending) {
            ih(d)->pending = false;
            d->host.irq(d->host_opaque, false);
        }
    } else if ((d->regs[mmIH_CNTL] & IH_CNTL__RPTR_REARM_MASK) &&
               enabled(d)) {
        d->host.irq(d->host_opaque, true);
    }
}

static const AemuRegHandler ih_rb_rptr = {
    .block = "ih", .write = ih_rb_rptr_write,
};

static void ih_rb_cntl_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    if (value & IH_RB_CNTL__WPTR_OVERFLOW_CLEAR_MASK) {
        ih(d)->overflow = false;
    }
    d->regs[dw] = value & ~IH_RB_CNTL__WPTR_OVERFLOW_CLEAR_MASK;
}

static const AemuRegHandler ih_rb_cntl = {
    .block = "ih", .write = ih_rb_cntl_write,
};

static void ih_init(AemuDevice *d, void *priv)
{
    d->ih_submit = ih_oss2_submit;
    aemu_reg_claim(d, mmIH_RB_WPTR, &ih_rb_wptr);
    aemu_reg_claim(d, mmIH_RB_RPTR, &ih_rb_rptr);
    aemu_reg_claim(d, mmIH_RB_CNTL, &ih_rb_cntl);
}

static void ih_reset(AemuDevice *d, void *priv, AemuResetKind kind)
{
    *(IhState *)priv = (IhState) { 0 };
}

/*
 * Snapshots (state.h): the write pointer and overflow, and whether the
 * line is raised (the host's interrupt state travels with the host's).
 */
static void ih_state(AemuDevice *d, void *priv, AemuStateIo *s)
{
    IhState *ih = priv;

    AEMU_STATE(s, ih->wptr);
    AEMU_STATE_BOOL(s, ih->overflow);
    AEMU_STATE_BOOL(s, ih->pending);
    AEMU_STATE_BOOL(s, ih->submitting);
}

#endif
