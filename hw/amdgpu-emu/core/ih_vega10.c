/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the Vega10 interrupt handler (IH, OSS 4.0).
 *
 * Interrupt sources post IV entries; the IH writes them, 32 bytes each
 * (amdgpu_ih_decode_iv_helper), into ring 0 as vega10_ih_enable_ring
 * placed it, advances the write pointer, writes it back to the driver's
 * shadow (vega10_ih_get_wptr reads only that unless its overflow bit is
 * set) and raises the interrupt. The driver acks by ringing the IH's rptr
 * doorbell (vega10_ih_set_rptr; IH_RB_RPTR by MMIO without doorbells);
 * with RPTR_REARM a still-non-empty ring re-signals. A full ring drops the
 * entry and sets the overflow flag the driver recovers from by pulsing
 * WPTR_OVERFLOW_CLEAR.
 *
 * Rings 1 and 2 (page-fault retry and translation logs) are programmed by
 * the driver and keep their registers, write pointer, overflow flag and
 * rptr doorbell, but nothing is delivered to them: the model routes no
 * source there. Retry faults (gmc_v9.c) come on ring 0 like every IV:
 * amdgpu programs no redirection on Vega10 (IH 6.x has IH_RING1_CLIENT_CFG
 * for it, which amdgpu sets there; IH_CLIENT_CFG_DATA is never programmed
 * on bare metal), and gmc_v9_0_process_interrupt hands a retry fault it
 * finds on ring 0 to its software ring (amdgpu_irq_delegate).
 *
 * Where ring 0 lives: IH_RB_CNTL.MC_SPACE. vega10_ih_rb_cntl writes 1 when
 * the ring is in system memory reached by its bus address (use_bus_addr,
 * which vega10_ih_sw_init always asks for) and 4 for an MC address; the
 * bus address is taken as-is (inferred from the field values and
 * use_bus_addr), any other space goes through the memory controller's
 * translation as the MMHUB client at IH_RB_CNTL.MC_VMID.
 *
 * Doorbells: the rptr doorbell of each ring is claimed from its
 * IH_DOORBELL_RPTR (OFFSET is a dword index into the doorbell BAR,
 * adev->irq.ih.doorbell_index = doorbell_index.ih << 1 = 0x1E8) when
 * ENABLE is written, and released when it is cleared or at reset.
 * BIF_IH_DOORBELL_RANGE (nbio_v6_1_ih_doorbell_range: the same offset,
 * SIZE 6, i.e. the three rings' slots) is NBIO's storage and is not
 * consulted: the driver programs both from the same index.
 */
#include "aemu-internal.h"
#include "state.h"
#include "cp_pm4.h"
#include "amdgpu-emu/regs/vega10_regs.h"
#include "amdgpu-emu/regs/vega10_fields.h"
#include "vega10_utcl2_cid.h"

/*
 * The 32-byte IV entry as amdgpu_ih_decode_iv_helper reads it:
 * dw0 [7:0] client_id, [15:8] src_id, [23:16] ring_id, [27:24] vmid,
 * [31] vmid_src; dw1 timestamp [31:0]; dw2 [15:0] timestamp [47:32],
 * [31] timestamp_src; dw3 [15:0] pasid, [23:16] node_id; dw4-7
 * src_data[0..3].
 */
#define IV_ENTRY_SIZE           32u
#define IV_ENTRY_DWORDS         (IV_ENTRY_SIZE / 4u)
#define IV_DW0                  0
#define IV_DW0_CLIENT_ID_SHIFT  0
#define IV_DW0_CLIENT_ID_MASK   0xffu
#define IV_DW0_SRC_ID_SHIFT     8
#define IV_DW0_SRC_ID_MASK      0xffu
#define IV_DW0_RING_ID_SHIFT    16
#define IV_DW0_RING_ID_MASK     0xffu
#define IV_DW0_VMID_SHIFT       24
#define IV_DW0_VMID_MASK        0xfu
#define IV_DW0_VMID_SRC_SHIFT   31
#define IV_DW1_TIMESTAMP_LO     1
#define IV_DW2_TIMESTAMP_HI     2
#define IV_DW2_TIMESTAMP_HI_MASK 0xffffu
#define IV_DW2_TIMESTAMP_SRC_SHIFT 31
#define IV_DW3_PASID_NODE       3
#define IV_DW3_PASID_SHIFT      0
#define IV_DW3_PASID_MASK       0xffffu
#define IV_DW3_NODE_ID_SHIFT    16
#define IV_DW3_NODE_ID_MASK     0xffu
#define IV_DW4_SRC_DATA         4
/* The timestamp field is 48 bits wide (dw1 and dw2 [15:0]). */
#define IV_TIMESTAMP_BITS       48
#define IV_TIMESTAMP_MASK       ((UINT64_C(1) << IV_TIMESTAMP_BITS) - 1)
/* Single-die Vega10: every entry comes from node 0. */
#define IV_NODE_ID              0u
/*
 * timestamp_src: the driver never reads it (amdgpu_iv_entry keeps it
 * only); 0 stands for the IH's own GPU clock (inferred).
 */
#define IV_TIMESTAMP_SRC_GPU    0u

/* IH_RB_BASE holds the ring address [39:8], IH_RB_BASE_HI [47:40]. */
#define IH_RB_BASE_SHIFT        8
#define IH_RB_BASE_HI_SHIFT     40
#define IH_WPTR_ADDR_HI_SHIFT   32
/* IH_RB_CNTL.MC_SPACE as vega10_ih_rb_cntl writes it. */
#define IH_MC_SPACE_GPA         1u  /* use_bus_addr: a bus address */
#define IH_MC_SPACE_MC          4u  /* an MC address (translated) */
/* RB_SIZE is log2 of the ring in dwords; IH_RB_WPTR.OFFSET caps 256 KiB. */
#define IH_RB_SIZE_MAX_ORDER    16u
/* The IH rptr doorbell is written with WDOORBELL32 (vega10_ih_set_rptr). */
#define IH_DOORBELL_BYTES       4u
/* VMIDs the IH_VMID_n_LUT / _LUT_MM registers map to PASIDs. */
#define IH_NUM_VMIDS            16u
#define IH_NUM_RINGS            3u

/* The rings share field layouts; the code uses ring 0's names for all. */
_Static_assert(IH_RB_CNTL__RB_SIZE_MASK == IH_RB_CNTL_RING1__RB_SIZE_MASK &&
               IH_RB_CNTL__RB_SIZE_MASK == IH_RB_CNTL_RING2__RB_SIZE_MASK,
               "IH_RB_CNTL RB_SIZE differs between rings");
_Static_assert(IH_RB_CNTL__RB_ENABLE_MASK ==
               IH_RB_CNTL_RING1__RB_ENABLE_MASK &&
               IH_RB_CNTL__RB_ENABLE_MASK ==
               IH_RB_CNTL_RING2__RB_ENABLE_MASK,
               "IH_RB_CNTL RB_ENABLE differs between rings");
_Static_assert(IH_RB_CNTL__WPTR_OVERFLOW_ENABLE_MASK ==
               IH_RB_CNTL_RING1__WPTR_OVERFLOW_ENABLE_MASK &&
               IH_RB_CNTL__WPTR_OVERFLOW_CLEAR_MASK ==
               IH_RB_CNTL_RING2__WPTR_OVERFLOW_CLEAR_MASK,
               "IH_RB_CNTL overflow bits differ between rings");
_Static_assert(IH_RB_WPTR__OFFSET_MASK == IH_RB_WPTR_RING1__OFFSET_MASK &&
               IH_RB_WPTR__RB_OVERFLOW_MASK ==
               IH_RB_WPTR_RING2__RB_OVERFLOW_MASK &&
               IH_RB_RPTR__OFFSET_MASK == IH_RB_RPTR_RING2__OFFSET_MASK,
               "IH_RB_WPTR/RPTR layout differs between rings");
_Static_assert(IH_DOORBELL_RPTR__OFFSET_MASK ==
               IH_DOORBELL_RPTR_RING1__OFFSET_MASK &&
               IH_DOORBELL_RPTR__ENABLE_MASK ==
               IH_DOORBELL_RPTR_RING2__ENABLE_MASK,
               "IH_DOORBELL_RPTR layout differs between rings");

/* A ring's registers (vega10_ih_init_register_offset). */
typedef struct IhRingRegs {
    uint32_t cntl, base, base_hi, rptr, wptr, doorbell_rptr;
} IhRingRegs;

static const IhRingRegs ring_regs[IH_NUM_RINGS] = {
    { mmIH_RB_CNTL, mmIH_RB_BASE, mmIH_RB_BASE_HI, mmIH_RB_RPTR,
      mmIH_RB_WPTR, mmIH_DOORBELL_RPTR },
    { mmIH_RB_CNTL_RING1, mmIH_RB_BASE_RING1, mmIH_RB_BASE_HI_RING1,
      mmIH_RB_RPTR_RING1, mmIH_RB_WPTR_RING1, mmIH_DOORBELL_RPTR_RING1 },
    { mmIH_RB_CNTL_RING2, mmIH_RB_BASE_RING2, mmIH_RB_BASE_HI_RING2,
      mmIH_RB_RPTR_RING2, mmIH_RB_WPTR_RING2, mmIH_DOORBELL_RPTR_RING2 },
};

typedef struct IhRing {
    uint32_t wptr;          /* bytes, without the overflow flag */
    bool overflow;
    bool pending;           /* rptr != wptr as last seen (ring 0) */
} IhRing;

typedef struct IhState {
    IhRing ring[IH_NUM_RINGS];
    bool submitting;        /* writing an entry (faults cannot nest) */
} IhState;

static IhState *ih(AemuDevice *d)
{
    return aemu_block_priv(d, AEMU_BLOCK_IH);
}

/* The IH is an MMHUB client (gmc_v9_0.c: "IH" on the MM hub). */
static const AemuMemClient ih_client = {
    .name = "IH", .id = 0, .hub = AEMU_HUB_MM,
    .utcl2_cid = { VEGA10_MMHUB_RD_CID_OSS, VEGA10_MMHUB_WR_CID_OSS },
};

/* Which ring a register of the ring_regs table belongs to. */
static unsigned ring_of(uint32_t dw)
{
    for (unsigned i = 0; i < IH_NUM_RINGS; i++) {
        const IhRingRegs *r = &ring_regs[i];

        if (dw == r->cntl || dw == r->rptr || dw == r->wptr ||
            dw == r->doorbell_rptr) {
            return i;
        }
    }
    g_assert_not_reached();
}

static uint32_t ring_bytes(AemuDevice *d, unsigned n)
{
    unsigned order = AEMU_REG_GET(d->regs[ring_regs[n].cntl], IH_RB_CNTL,
                                  RB_SIZE);

    return 4u << MIN(order, IH_RB_SIZE_MAX_ORDER);
}

static uint32_t wptr_value(AemuDevice *d, unsigned n)
{
    const IhRing *r = &ih(d)->ring[n];

    return (r->wptr & IH_RB_WPTR__OFFSET_MASK) |
           (r->overflow ? IH_RB_WPTR__RB_OVERFLOW_MASK : 0);
}

/*
 * Ring 0 takes entries while the ring and its interrupt are on
 * (vega10_ih_toggle_ring_interrupts sets and clears both together).
 */
static bool ring0_enabled(AemuDevice *d)
{
    uint32_t cntl = d->regs[mmIH_RB_CNTL];

    return (cntl & IH_RB_CNTL__RB_ENABLE_MASK) &&
           (cntl & IH_RB_CNTL__ENABLE_INTR_MASK);
}

/* A write of ring 0 or its write-back, in the space MC_SPACE names. */
static AemuMemStatus ih_mem_write(AemuDevice *d, uint64_t addr,
                                  const void *buf, size_t len)
{
    uint32_t cntl = d->regs[mmIH_RB_CNTL];

    if (AEMU_REG_GET(cntl, IH_RB_CNTL, MC_SPACE) == IH_MC_SPACE_GPA) {
        AemuXlate x = { .vram = false, .addr = addr, .len = len };
        AemuMemStatus st = aemu_phys_access(d, &x, (void *)buf, len, true);

        if (st != AEMU_MEM_OK) {
            aemu_mem_bus_error(d, &ih_client, &x, addr);
            AEMU_TRACE(d, bus_error, ih_client.name, "bus", x.addr, addr,
                       true);
        }
        return st;
    }
    if (!d->translate) {
        /* Vega10's GMC block is not in the chip yet. */
        aemu_unimp(d, "IH: ring in MC space 0x%x without a memory "
                   "controller", AEMU_REG_GET(cntl, IH_RB_CNTL, MC_SPACE));
        return AEMU_MEM_FAULT;
    }
    return aemu_gpu_write(d, AEMU_REG_GET(cntl, IH_RB_CNTL, MC_VMID), addr,
                          buf, len, &ih_client);
}

static void write_back_wptr(AemuDevice *d)
{
    uint32_t le;
    uint64_t addr;

    if (!(d->regs[mmIH_RB_CNTL] & IH_RB_CNTL__WPTR_WRITEBACK_ENABLE_MASK)) {
        return;
    }
    addr = (uint64_t)AEMU_REG_GET(d->regs[mmIH_RB_WPTR_ADDR_HI],
                                  IH_RB_WPTR_ADDR_HI, ADDR)
           << IH_WPTR_ADDR_HI_SHIFT |
           (d->regs[mmIH_RB_WPTR_ADDR_LO] & IH_RB_WPTR_ADDR_LO__ADDR_MASK);
    le = GUINT32_TO_LE(wptr_value(d, 0));
    ih_mem_write(d, addr, &le, sizeof(le));
}

/*
 * The entry's PASID, else the one the driver mapped to its VMID:
 * gmc_v9_0_emit_pasid_mapping writes IH_VMID_n_LUT for GFXHUB VMIDs and
 * IH_VMID_n_LUT_MM for MMHUB ones (vmid_src says which hub's VMID it is).
 */
static uint32_t iv_pasid(AemuDevice *d, const AemuIvEntry *iv)
{
    uint32_t lut = iv->vmid_src ? mmIH_VMID_0_LUT_MM : mmIH_VMID_0_LUT;

    if (iv->pasid) {
        return iv->pasid;
    }
    return AEMU_REG_GET(d->regs[lut + iv->vmid % IH_NUM_VMIDS],
                        IH_VMID_0_LUT, PASID);
}

/*
 * The timestamp: the source's, else the GPU clock counter at the
 * reference clock, the one RLC_GPU_CLOCK_COUNT reads (aemu_cp_gpu_clock),
 * while RB_GPU_TS_ENABLE is set (vega10_ih_toggle_ring_interrupts always
 * sets it); 0 otherwise (inferred).
 */
static uint64_t iv_timestamp(AemuDevice *d, const AemuIvEntry *iv)
{
    if (iv->timestamp) {
        return iv->timestamp & IV_TIMESTAMP_MASK;
    }
    if (!(d->regs[mmIH_RB_CNTL] & IH_RB_CNTL__RB_GPU_TS_ENABLE_MASK)) {
        return 0;
    }
    return aemu_cp_gpu_clock(d) & IV_TIMESTAMP_MASK;
}

static void encode_iv(AemuDevice *d, const AemuIvEntry *iv,
                      uint32_t entry[IV_ENTRY_DWORDS])
{
    uint64_t ts = iv_timestamp(d, iv);

    entry[IV_DW0] =
        (uint32_t)(iv->client_id & IV_DW0_CLIENT_ID_MASK)
            << IV_DW0_CLIENT_ID_SHIFT |
        (uint32_t)(iv->src_id & IV_DW0_SRC_ID_MASK) << IV_DW0_SRC_ID_SHIFT |
        (uint32_t)(iv->ring_id & IV_DW0_RING_ID_MASK)
            << IV_DW0_RING_ID_SHIFT |
        (uint32_t)(iv->vmid & IV_DW0_VMID_MASK) << IV_DW0_VMID_SHIFT |
        (uint32_t)iv->vmid_src << IV_DW0_VMID_SRC_SHIFT;
    entry[IV_DW1_TIMESTAMP_LO] = (uint32_t)ts;
    entry[IV_DW2_TIMESTAMP_HI] =
        ((uint32_t)(ts >> 32) & IV_DW2_TIMESTAMP_HI_MASK) |
        IV_TIMESTAMP_SRC_GPU << IV_DW2_TIMESTAMP_SRC_SHIFT;
    entry[IV_DW3_PASID_NODE] =
        (iv_pasid(d, iv) & IV_DW3_PASID_MASK) << IV_DW3_PASID_SHIFT |
        (IV_NODE_ID & IV_DW3_NODE_ID_MASK) << IV_DW3_NODE_ID_SHIFT;
    for (unsigned i = 0; i < AEMU_IV_SRC_DATA_WORDS; i++) {
        entry[IV_DW4_SRC_DATA + i] = iv->src_data[i];
    }
    for (unsigned i = 0; i < IV_ENTRY_DWORDS; i++) {
        entry[i] = GUINT32_TO_LE(entry[i]);
    }
}

static void ih_vega10_submit(AemuDevice *d, const AemuIvEntry *iv)
{
    IhRing *r = &ih(d)->ring[0];
    uint32_t size, next, rptr, entry[IV_ENTRY_DWORDS];
    uint64_t base;

    if (!ring0_enabled(d)) {
        AEMU_TRACE(d, ih_drop, iv->src_id, "IH ring or interrupts disabled");
        return;
    }
    /*
     * A fault of the IH's own ring or write-back access posts an entry
     * through the IH again (the GMC's VM fault interrupt): it is latched
     * in the fault registers but cannot be delivered, or a ring placed at
     * a faulting address would recurse without end.
     */
    if (ih(d)->submitting) {
        aemu_guest_error(d, "IH: interrupt source %u dropped: the IH's own "
                         "ring access faulted", iv->src_id);
        AEMU_TRACE(d, ih_drop, iv->src_id, "the IH's own ring access faulted");
        return;
    }
    ih(d)->submitting = true;
    size = ring_bytes(d, 0);
    /* The driver may have shrunk the ring under a wptr past its new end. */
    r->wptr &= (size - 1) & ~(IV_ENTRY_SIZE - 1);
    rptr = d->regs[mmIH_RB_RPTR] & (size - 1) & ~(IV_ENTRY_SIZE - 1);
    next = (r->wptr + IV_ENTRY_SIZE) & (size - 1);
    if (next == rptr) {
        if (d->regs[mmIH_RB_CNTL] & IH_RB_CNTL__WPTR_OVERFLOW_ENABLE_MASK) {
            r->overflow = true;
        }
        write_back_wptr(d);
        ih(d)->submitting = false;
        AEMU_TRACE(d, ih_drop, iv->src_id, "ring full (overflow)");
        d->host.irq(d->host_opaque, true);
        return;
    }
    encode_iv(d, iv, entry);
    base = (uint64_t)AEMU_REG_GET(d->regs[mmIH_RB_BASE_HI], IH_RB_BASE_HI,
                                  ADDR) << IH_RB_BASE_HI_SHIFT |
           (uint64_t)d->regs[mmIH_RB_BASE] << IH_RB_BASE_SHIFT;
    if (ih_mem_write(d, base + r->wptr, entry, sizeof(entry)) !=
        AEMU_MEM_OK) {
        ih(d)->submitting = false;
        AEMU_TRACE(d, ih_drop, iv->src_id, "ring write faulted");
        return;
    }
    AEMU_TRACE(d, ih_iv, iv->src_id, iv->src_data[0], iv->ring_id, iv->vmid,
               r->wptr);
    r->wptr = next;
    r->pending = true;
    write_back_wptr(d);
    ih(d)->submitting = false;
    d->host.irq(d->host_opaque, true);
}

static uint32_t ih_rb_wptr_read(AemuDevice *d, uint32_t dw)
{
    return wptr_value(d, ring_of(dw));
}

/* vega10_ih_enable_ring and _toggle_ring_interrupts write 0 here. */
static void ih_rb_wptr_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    ih(d)->ring[ring_of(dw)].wptr = value & IH_RB_WPTR__OFFSET_MASK;
}

static const AemuRegHandler ih_rb_wptr = {
    .block = "ih", .read = ih_rb_wptr_read, .write = ih_rb_wptr_write,
};

/*
 * The driver's ack, by MMIO or doorbell: ring 0 drops the line once the
 * driver caught up, else re-signals with RPTR_REARM (set with MSI,
 * vega10_ih_enable_ring). Rings 1 and 2 only keep the value.
 */
static void ring_set_rptr(AemuDevice *d, unsigned n, uint32_t value)
{
    IhRing *r = &ih(d)->ring[n];
    uint32_t mask = ring_bytes(d, n) - 1;

    d->regs[ring_regs[n].rptr] = value & IH_RB_RPTR__OFFSET_MASK;
    if (n != 0) {
        return;
    }
    if ((value & mask) == (r->wptr & mask)) {
        if (r->pending) {
            r->pending = false;
            d->host.irq(d->host_opaque, false);
        }
    } else if ((d->regs[mmIH_RB_CNTL] & IH_RB_CNTL__RPTR_REARM_MASK) &&
               ring0_enabled(d)) {
        d->host.irq(d->host_opaque, true);
    }
}

static void ih_rb_rptr_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    ring_set_rptr(d, ring_of(dw), value);
}

static const AemuRegHandler ih_rb_rptr = {
    .block = "ih", .write = ih_rb_rptr_write,
};

/* vega10_ih_get_wptr pulses WPTR_OVERFLOW_CLEAR: it does not latch. */
static void ih_rb_cntl_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    if (value & IH_RB_CNTL__WPTR_OVERFLOW_CLEAR_MASK) {
        ih(d)->ring[ring_of(dw)].overflow = false;
    }
    d->regs[dw] = value & ~IH_RB_CNTL__WPTR_OVERFLOW_CLEAR_MASK;
}

static const AemuRegHandler ih_rb_cntl = {
    .block = "ih", .write = ih_rb_cntl_write,
};

/* A ring's rptr doorbell (WDOORBELL32; a 64-bit write gives its low half). */
static void ih_doorbell(AemuDevice *d, void *opaque, uint64_t offset,
                        uint64_t value, unsigned size)
{
    const IhRingRegs *regs = opaque;

    ring_set_rptr(d, (unsigned)(regs - ring_regs), (uint32_t)value);
}

/*
 * vega10_ih_doorbell_rptr: OFFSET is the doorbell's dword index, ENABLE
 * says the driver acks through it. The claim follows the register.
 */
static void ih_doorbell_rptr_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    const IhRingRegs *regs = &ring_regs[ring_of(dw)];
    static const char *const owner[IH_NUM_RINGS] = {
        "ih", "ih_ring1", "ih_ring2",
    };

    d->regs[dw] = value;
    if (value & IH_DOORBELL_RPTR__ENABLE_MASK) {
        aemu_doorbell_claim(d, (uint64_t)AEMU_REG_GET(value, IH_DOORBELL_RPTR,
                                                      OFFSET) * 4u,
                            IH_DOORBELL_BYTES, ih_doorbell, (void *)regs,
                            owner[regs - ring_regs]);
    } else {
        aemu_doorbell_release(d, ih_doorbell, (void *)regs);
    }
}

static const AemuRegHandler ih_doorbell_rptr = {
    .block = "ih", .write = ih_doorbell_rptr_write,
};

static void ih_init(AemuDevice *d, void *priv)
{
    d->ih_submit = ih_vega10_submit;
    for (unsigned i = 0; i < IH_NUM_RINGS; i++) {
        aemu_reg_claim(d, ring_regs[i].cntl, &ih_rb_cntl);
        aemu_reg_claim(d, ring_regs[i].wptr, &ih_rb_wptr);
        aemu_reg_claim(d, ring_regs[i].rptr, &ih_rb_rptr);
        aemu_reg_claim(d, ring_regs[i].doorbell_rptr, &ih_doorbell_rptr);
    }
}

/* The registers reset to 0: no doorbell is enabled any more. */
static void ih_reset(AemuDevice *d, void *priv, AemuResetKind kind)
{
    *(IhState *)priv = (IhState) { 0 };
    for (unsigned i = 0; i < IH_NUM_RINGS; i++) {
        aemu_doorbell_release(d, ih_doorbell, (void *)&ring_regs[i]);
    }
}

/*
 * Snapshots (state.h): each ring's write pointer, overflow and line; the
 * rptr doorbells are claimed again from their (loaded) registers.
 */
static void ih_state(AemuDevice *d, void *priv, AemuStateIo *s)
{
    IhState *ih = priv;

    for (unsigned i = 0; i < IH_NUM_RINGS; i++) {
        AEMU_STATE(s, ih->ring[i].wptr);
        AEMU_STATE_BOOL(s, ih->ring[i].overflow);
        AEMU_STATE_BOOL(s, ih->ring[i].pending);
    }
    AEMU_STATE_BOOL(s, ih->submitting);
    if (!aemu_state_loading(s)) {
        return;
    }
    for (unsigned i = 0; i < IH_NUM_RINGS; i++) {
        uint32_t dw = ring_regs[i].doorbell_rptr;

        if (d->regs[dw] & IH_DOORBELL_RPTR__ENABLE_MASK) {
            ih_doorbell_rptr_write(d, dw, d->regs[dw]);
        }
    }
}

const AemuIpBlockFuncs aemu_ih_vega10_funcs = {
    .name = "vega10_ih",
    .type = AEMU_BLOCK_IH,
    .major = 4, .minor = 0,
    .priv_size = sizeof(IhState),
    .init = ih_init,
    .reset = ih_reset,
    .state = ih_state,
    .state_version = 1,
};
