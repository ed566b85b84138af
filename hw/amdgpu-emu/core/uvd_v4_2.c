/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: UVD 4.2, the video decoder of CIK parts, without a codec.
 *
 * What the drivers (amdgpu's uvd_v4_2.c, radeon's uvd_v1_0.c/uvd_v4_2.c)
 * need of it, and all the model does:
 *  - the VCPU "boot": the firmware runs once its clock is on
 *    (UVD_VCPU_CNTL.CLK_EN) and UVD_SOFT_RESET.VCPU_SOFT_RESET is clear,
 *    and reports so in UVD_STATUS.VCPU_REPORT (value 1, bit 1), which the
 *    start sequences poll. A VCPU in reset or unclocked reports 0. The
 *    firmware image the drivers copy into the VCPU cache windows
 *    (UVD_VCPU_CACHE_OFFSETn/SIZEn) is never executed: the windows are
 *    storage;
 *  - UVD_LMI_STATUS reads "clean and idle" (the stop sequences poll its
 *    0xf and 0x240 bits); UVD_CTX_INDEX/UVD_CTX_DATA reach a small indirect
 *    space of storage (UVD_LMI_CACHE_CTRL, UVD_CGC_MEM_CTRL, ...);
 *  - the ring (UVD_RBC_RB_*): fetched while the VCPU runs and
 *    UVD_RBC_RB_CNTL.RB_NO_FETCH is clear, from UVD_RBC_RB_BASE in the
 *    4 GiB segment UVD_LMI_EXT40_ADDR.ADDR names, 2^RB_BUFSZ bytes, read
 *    and write pointers in dwords. It holds PACKET0 register writes;
 *    UVD_RBC_IB_BASE + UVD_RBC_IB_SIZE run an IB of the same format (one
 *    level). The writes that act are those to UVD_GPCOM_VCPU_CMD, the
 *    firmware's mailbox (with UVD_GPCOM_VCPU_DATA0/1):
 *      on the ring: command 0 writes a 32-bit fence, command 1 (the value
 *      2: the command sits above UVD_GPCOM_VCPU_CMD.CMD_SEND) raises the
 *      trap, IV source 124, when UVD_MASTINT_EN.VCPU_EN is set;
 *      in an IB: command 0 hands the firmware a message at DATA1:DATA0,
 *      the other buffer commands (DPB, target, feedback...) name buffers
 *      for the next decode.
 *    The two drivers write the fence differently: amdgpu writes the
 *    sequence number to UVD_CONTEXT_ID first and the address's bits
 *    39:32 to DATA1; radeon writes the sequence number to DATA1 and no
 *    UVD_CONTEXT_ID, its fence lying in the VCPU buffer's segment. The
 *    model serves both (inferred; the firmware's behaviour is not
 *    public): a fence command whose mailbox writes directly follow a
 *    ring write of UVD_CONTEXT_ID fences that value at DATA1[7:0]:DATA0;
 *    otherwise it fences DATA1 at DATA0 in the UVD_LMI_EXT40_ADDR
 *    segment.
 *  - messages: create (type 0) and destroy (type 2) open and close a
 *    session handle (codec_sessions.c); the kernel reads nothing back.
 *    A decode message (type 1), or any other, is refused: there is no
 *    decoder, so it completes without output (no picture, no feedback
 *    written) and its job's fence still signals; the refusal is reported
 *    (aemu_unimp) and counted. docs/uvd-vce.md says why this and not a
 *    hang.
 * Malformed streams (a packet not of type 0, a write outside UVD's
 * registers, an IB inside an IB, a fence address that faults) hang the
 * ring visibly until the driver restarts it; the host never waits on the
 * guest.
 */
#include "ring.h"
#include "state.h"
#include "codec_sessions.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

/* IV source of the trap (uvd_v4_2_sw_init; radeon's cik_irq_process). */
#define UVD_IV_SRCID_TRAP 124

/*
 * The register window the ring's PACKET0 writes reach: UVD's registers
 * (amdgpu_uvd.c's UVD_BASE_SI is where it starts; uvd_4_2_d.h's names
 * all lie inside).
 */
#define UVD_REG_FIRST 0x3800u
#define UVD_REG_LAST 0x3fffu
G_STATIC_ASSERT(mmUVD_GPCOM_VCPU_CMD >= UVD_REG_FIRST &&
                mmUVD_CONTEXT_ID <= UVD_REG_LAST);

/* PACKET0 (cikd.h): type [31:30] = 0, count [29:16] (values - 1), reg. */
#define UVD_PKT_TYPE_SHIFT 30
#define UVD_PKT_TYPE0 0u
#define UVD_PKT_TYPE2 2u            /* a one-dword filler */
#define UVD_PKT_COUNT_SHIFT 16
#define UVD_PKT_COUNT_MASK 0x3fffu
#define UVD_PKT_REG_MASK 0xffffu

/* UVD_GPCOM_VCPU_CMD.CMD values (the kernel writes them shifted by one). */
#define UVD_VCPU_CMD_FENCE 0u       /* on the ring: fence; in an IB: message */
#define UVD_VCPU_CMD_TRAP 1u        /* on the ring */

/* The VCPU's report in UVD_STATUS.VCPU_REPORT once its firmware runs. */
#define UVD_VCPU_REPORT_RUNNING 1u

/* Message header (amdgpu_uvd_get_create_msg): size, type, handle. */
#define UVD_MSG_HEADER_DW 3u
#define UVD_MSG_TYPE 1u
#define UVD_MSG_HANDLE 2u
#define UVD_MSG_CREATE 0u
#define UVD_MSG_DECODE 1u
#define UVD_MSG_DESTROY 2u

/* Session handles: AMDGPU_MAX_UVD_HANDLES (new firmware). */
#define UVD_SESSIONS 40u

/* The ring's size field: at least two dwords, at most the pointer field. */
#define UVD_RB_BUFSZ_MIN 3u
#define UVD_RB_BUFSZ_MAX 23u

/* GPU addresses of UVD 4.2 are 40 bits (a segment register + 32 bits). */
#define UVD_ADDR_MASK ((1ull << 40) - 1)

/* The UVD_CTX_INDEX space (largest index the drivers use: 0x114). */
#define UVD_CTX_SPACE 0x200u

/* UVD_LMI_STATUS with the memory interface clean, idle and stalled. */
#define UVD_LMI_IDLE (UVD_LMI_STATUS__READ_CLEAN_MASK | \
                      UVD_LMI_STATUS__WRITE_CLEAN_MASK | \
                      UVD_LMI_STATUS__WRITE_CLEAN_RAW_MASK | \
                      UVD_LMI_STATUS__VCPU_LMI_WRITE_CLEAN_MASK | \
                      UVD_LMI_STATUS__UMC_READ_CLEAN_MASK | \
                      UVD_LMI_STATUS__UMC_WRITE_CLEAN_MASK | \
                      UVD_LMI_STATUS__UMC_WRITE_CLEAN_RAW_MASK | \
                      UVD_LMI_STATUS__READ_CLEAN_RAW_MASK | \
                      UVD_LMI_STATUS__UMC_READ_CLEAN_RAW_MASK | \
                      UVD_LMI_STATUS__UMC_UVD_IDLE_MASK | \
                      UVD_LMI_STATUS__UMC_AVP_IDLE_MASK | \
                      UVD_LMI_STATUS__ADP_MC_READ_CLEAN_MASK | \
                      UVD_LMI_STATUS__ADP_UMC_READ_CLEAN_MASK)

/* Power-on: LMI, UMC and VCPU in reset; the ring idle, not fetching. */
#define UVD_SOFT_RESET_POWER_ON (UVD_SOFT_RESET__LMI_SOFT_RESET_MASK | \
                                 UVD_SOFT_RESET__VCPU_SOFT_RESET_MASK | \
                                 UVD_SOFT_RESET__LMI_UMC_SOFT_RESET_MASK)
#define UVD_RB_CNTL_POWER_ON UVD_RBC_RB_CNTL__RB_NO_FETCH_MASK

typedef struct UvdState {
    AemuRing ring;
    /*
     * The ring wrote UVD_CONTEXT_ID, then nothing but the mailbox's data
     * registers: the next fence command fences that value (amdgpu).
     */
    bool context_written;
    uint32_t ctx[UVD_CTX_SPACE];
    AemuCodecSessions sessions;
    uint64_t messages;          /* messages the firmware took */
} UvdState;

static UvdState *uvd(AemuDevice *d)
{
    return aemu_block_priv(d, AEMU_BLOCK_UVD);
}

static const AemuMemClient uvd_client = {
    .name = "UVD", .id = 0, .hub = AEMU_HUB_MM,
};

/* The VCPU runs its firmware: clocked and out of reset. */
static bool vcpu_running(AemuDevice *d)
{
    return (aemu_reg_get(d, mmUVD_VCPU_CNTL) & UVD_VCPU_CNTL__CLK_EN_MASK) &&
           !(aemu_reg_get(d, mmUVD_SOFT_RESET) &
             UVD_SOFT_RESET__VCPU_SOFT_RESET_MASK);
}

/* Bits 39:32 of every ring, IB and buffer address. */
static uint64_t segment(AemuDevice *d)
{
    return (uint64_t)AEMU_REG_GET(aemu_reg_get(d, mmUVD_LMI_EXT40_ADDR),
                                  UVD_LMI_EXT40_ADDR, ADDR) << 32;
}

static unsigned rb_bufsz(AemuDevice *d)
{
    return AEMU_REG_GET(aemu_reg_get(d, mmUVD_RBC_RB_CNTL), UVD_RBC_RB_CNTL,
                        RB_BUFSZ);
}

static bool rb_bufsz_valid(unsigned bufsz)
{
    return bufsz >= UVD_RB_BUFSZ_MIN && bufsz <= UVD_RB_BUFSZ_MAX;
}

/* Every hang is the one ring's. */
#define uvd_hang(d, ...) aemu_codec_ring_hang((d), &uvd(d)->ring, __VA_ARGS__)

/* --- The ring -------------------------------------------------------- */

static bool uvd_prepare(AemuDevice *d, AemuRing *r)
{
    unsigned bufsz = rb_bufsz(d);

    if (!vcpu_running(d) || !rb_bufsz_valid(bufsz) ||
        (aemu_reg_get(d, mmUVD_RBC_RB_CNTL) &
         UVD_RBC_RB_CNTL__RB_NO_FETCH_MASK)) {
        return false;
    }
    r->size_dw = (1u << bufsz) / 4;
    r->base = segment(d) | (aemu_reg_get(d, mmUVD_RBC_RB_BASE) &
                            UVD_RBC_RB_BASE__RB_BASE_MASK);
    r->vmid = 0;
    r->wptr = aemu_reg_get(d, mmUVD_RBC_RB_WPTR) & (r->size_dw - 1);
    return true;
}

/* The driver reads the read pointer from UVD_RBC_RB_RPTR: no write-back. */
static bool uvd_report_rptr(AemuDevice *d, AemuRing *r)
{
    return true;
}

/* A message the firmware takes from an IB (command 0 there). */
static void uvd_message(AemuDevice *d, UvdState *s, uint64_t addr)
{
    uint32_t hdr[UVD_MSG_HEADER_DW];
    uint32_t type, handle;

    s->messages++;
    if (aemu_gpu_read(d, 0, addr, hdr, sizeof(hdr), &uvd_client) !=
        AEMU_MEM_OK) {
        /* The memory controller has reported the fault. */
        aemu_codec_refuse(&s->sessions);
        return;
    }
    type = GUINT32_FROM_LE(hdr[UVD_MSG_TYPE]);
    handle = GUINT32_FROM_LE(hdr[UVD_MSG_HANDLE]);
    switch (type) {
    case UVD_MSG_CREATE:
        if (!aemu_codec_session_create(&s->sessions, handle)) {
            aemu_guest_error(d, "uvd: create message for handle 0x%x "
                             "refused (zero, open already, or %u open)",
                             handle, s->sessions.limit);
        }
        return;
    case UVD_MSG_DESTROY:
        /*
         * A destroy of a handle that is not open is counted, not
         * reported: radeon's IB test after its GPU reset sends one
         * (seen in the radeon plan), so drivers do it in normal use.
         */
        aemu_codec_session_destroy(&s->sessions, handle);
        return;
    case UVD_MSG_DECODE:
        aemu_codec_refuse(&s->sessions);
        aemu_unimp(d, "uvd: decode message for handle 0x%x refused: the "
                   "model has no decoder (completes without output)",
                   handle);
        return;
    default:
        aemu_codec_refuse(&s->sessions);
        aemu_guest_error(d, "uvd: message of unknown type %u refused",
                         type);
        return;
    }
}

/* A command to the VCPU's mailbox from the ring. */
static AemuStep uvd_ring_command(AemuDevice *d, UvdState *s, uint32_t cmd)
{
    uint32_t data0 = aemu_reg_get(d, mmUVD_GPCOM_VCPU_DATA0);
    uint32_t data1 = aemu_reg_get(d, mmUVD_GPCOM_VCPU_DATA1);

    switch (cmd) {
    case UVD_VCPU_CMD_FENCE: {
        uint64_t addr;
        uint32_t value;

        if (aemu_engine_fence(d, false)) {
            return AEMU_STEP_RETRY;
        }
        if (s->context_written) {
            /* amdgpu: the sequence number went to UVD_CONTEXT_ID. */
            addr = (uint64_t)(data1 & UVD_LMI_EXT40_ADDR__ADDR_MASK) << 32 |
                   data0;
            value = aemu_reg_get(d, mmUVD_CONTEXT_ID);
        } else {
            /* radeon: the sequence number is DATA1. */
            addr = segment(d) | data0;
            value = data1;
        }
        s->context_written = false;
        if (aemu_gpu_write32(d, 0, addr & ~3ull, value, &uvd_client) !=
            AEMU_MEM_OK) {
            return uvd_hang(d, "fence to 0x%" G_GINT64_MODIFIER "x faulted",
                            addr);
        }
        return AEMU_STEP_DONE;
    }
    case UVD_VCPU_CMD_TRAP: {
        bool enabled = aemu_reg_get(d, mmUVD_MASTINT_EN) &
                       UVD_MASTINT_EN__VCPU_EN_MASK;
        AemuIvEntry iv = { .src_id = UVD_IV_SRCID_TRAP };

        if (aemu_engine_fence(d, enabled)) {
            return AEMU_STEP_RETRY;
        }
        s->context_written = false;
        if (enabled) {
            aemu_irq_post(d, &iv);
        }
        return AEMU_STEP_DONE;
    }
    default:
        s->context_written = false;
        aemu_guest_error(d, "uvd: ring command %u ignored", cmd);
        return AEMU_STEP_DONE;
    }
}

/* A command to the VCPU's mailbox from an IB: a message or a buffer. */
static AemuStep uvd_ib_command(AemuDevice *d, UvdState *s, uint32_t cmd)
{
    uint64_t addr = ((uint64_t)aemu_reg_get(d, mmUVD_GPCOM_VCPU_DATA1) << 32 |
                     aemu_reg_get(d, mmUVD_GPCOM_VCPU_DATA0)) & UVD_ADDR_MASK;

    s->context_written = false;
    if (cmd == UVD_VCPU_CMD_FENCE) {
        uvd_message(d, s, addr);
    }
    /*
     * The other commands name the buffers of the decode the next message
     * asks for (amdgpu_uvd_cs_reg's list); with no decoder they are only
     * noted by the firmware, and so not at all here.
     */
    return AEMU_STEP_DONE;
}

/* The registers whose ring writes act (not plain storage). */
static bool uvd_reg_acts(uint32_t reg)
{
    return reg == mmUVD_GPCOM_VCPU_CMD || reg == mmUVD_RBC_IB_SIZE ||
           reg == mmUVD_CONTEXT_ID;
}

/* UVD_RBC_IB_SIZE written from the ring: run the IB at UVD_RBC_IB_BASE. */
static AemuStep uvd_start_ib(AemuDevice *d, UvdState *s, uint32_t value)
{
    AemuRingIb ib = {
        .base = segment(d) | (aemu_reg_get(d, mmUVD_RBC_IB_BASE) &
                              UVD_RBC_IB_BASE__IB_BASE_MASK),
        .size = value & UVD_RBC_IB_SIZE__IB_SIZE_MASK,
    };

    aemu_reg_set(d, mmUVD_RBC_IB_SIZE, value);
    if (aemu_ring_ib(&s->ring)) {
        return uvd_hang(d, "an IB started from inside an IB");
    }
    aemu_engine_ib(d);
    aemu_ring_push_ib(&s->ring, &ib);
    return AEMU_STEP_DONE;
}

/* One register write of a PACKET0, as the ring's fetcher performs it. */
static AemuStep uvd_packet_write(AemuDevice *d, UvdState *s, uint32_t reg,
                                 uint32_t value)
{
    AemuRing *r = &s->ring;

    /*
     * amdgpu's UVD_CONTEXT_ID write belongs to the fence whose mailbox
     * writes follow it at once; anything else in between (radeon's ring
     * test pads its UVD_CONTEXT_ID write with NO_OPs) ends that.
     */
    if (reg != mmUVD_CONTEXT_ID && reg != mmUVD_GPCOM_VCPU_DATA0 &&
        reg != mmUVD_GPCOM_VCPU_DATA1 && reg != mmUVD_GPCOM_VCPU_CMD) {
        s->context_written = false;
    }
    switch (reg) {
    case mmUVD_NO_OP:
        return AEMU_STEP_DONE;
    case mmUVD_CONTEXT_ID:
        aemu_reg_set(d, reg, value);
        s->context_written = true;
        return AEMU_STEP_DONE;
    case mmUVD_GPCOM_VCPU_CMD: {
        uint32_t cmd = AEMU_REG_GET(value, UVD_GPCOM_VCPU_CMD, CMD);

        aemu_reg_set(d, reg, value);
        return aemu_ring_ib(r) ? uvd_ib_command(d, s, cmd)
                               : uvd_ring_command(d, s, cmd);
    }
    default:
        if (reg < UVD_REG_FIRST || reg > UVD_REG_LAST) {
            return uvd_hang(d, "write to register 0x%x, outside UVD", reg);
        }
        if (reg < d->mmio_dwords && d->handlers[reg]) {
            /* The engine's own controls are the CPU's, not the ring's. */
            aemu_guest_error(d, "uvd: ring write to control register 0x%x "
                             "ignored", reg);
            return AEMU_STEP_DONE;
        }
        aemu_reg_set(d, reg, value);
        return AEMU_STEP_DONE;
    }
}

static AemuStep uvd_step(AemuDevice *d, AemuRing *r, unsigned *budget)
{
    UvdState *s = aemu_container_of(r, UvdState, ring);
    uint32_t hdr, count, reg;
    uint32_t generation = r->generation;

    if (aemu_ring_pop_ib(r)) {
        return AEMU_STEP_DONE;
    }
    if (aemu_ring_fit(r, 1) != AEMU_RING_FITS) {
        return aemu_ring_fit(r, 1) == AEMU_RING_PARTIAL
               ? AEMU_STEP_STALL : uvd_hang(d, "empty IB stream");
    }
    if (!aemu_ring_read(d, r, 0, &hdr, 1)) {
        return uvd_hang(d, "fetch faulted");
    }
    switch (hdr >> UVD_PKT_TYPE_SHIFT) {
    case UVD_PKT_TYPE2:
        aemu_ring_charge(d, budget, 1);
        aemu_ring_advance(r, 1);
        return AEMU_STEP_DONE;
    case UVD_PKT_TYPE0:
        break;
    default:
        return uvd_hang(d, "packet header 0x%08x is not a PACKET0", hdr);
    }
    count = ((hdr >> UVD_PKT_COUNT_SHIFT) & UVD_PKT_COUNT_MASK) + 1;
    reg = hdr & UVD_PKT_REG_MASK;
    switch (aemu_ring_fit(r, 1 + count)) {
    case AEMU_RING_FITS:
        break;
    case AEMU_RING_PARTIAL:
        return AEMU_STEP_STALL;
    case AEMU_RING_PAST_IB:
        return uvd_hang(d, "PACKET0 of %u values runs past its IB", count);
    case AEMU_RING_TOO_LONG:
        return uvd_hang(d, "PACKET0 of %u values is longer than the ring",
                        count);
    }
    for (uint32_t i = 0; count > 1 && i < count; i++) {
        if (uvd_reg_acts(reg + i)) {
            /* Only the drivers' one-value writes to these are modelled. */
            return uvd_hang(d, "PACKET0 of %u values over register 0x%x",
                            count, reg + i);
        }
    }
    for (uint32_t i = 0; i < count; i++) {
        uint32_t value;
        AemuStep st;

        if (!aemu_ring_read(d, r, 1 + i, &value, 1)) {
            return uvd_hang(d, "fetch faulted");
        }
        if (reg == mmUVD_RBC_IB_SIZE) {
            /* The IB runs after this packet: consume it first. */
            aemu_ring_charge(d, budget, 1);
            aemu_ring_advance(r, 2);
            return uvd_start_ib(d, s, value);
        }
        st = uvd_packet_write(d, s, reg + i, value);
        if (st != AEMU_STEP_DONE) {
            /* Only a one-value packet can wait or stop (checked above). */
            return st;
        }
    }
    aemu_ring_charge(d, budget, count);
    if (r->generation == generation && !r->hung) {
        aemu_ring_advance(r, 1 + count);
    }
    return AEMU_STEP_DONE;
}

static const AemuRingOps uvd_ring_ops = {
    .prepare = uvd_prepare,
    .step = uvd_step,
    .report_rptr = uvd_report_rptr,
};

/* --- Registers ------------------------------------------------------- */

static uint32_t uvd_status_read(AemuDevice *d, uint32_t dw)
{
    uint32_t v = aemu_reg_get(d, dw) & ~UVD_STATUS__VCPU_REPORT_MASK;

    if (vcpu_running(d)) {
        v = AEMU_REG_SET(v, UVD_STATUS, VCPU_REPORT, UVD_VCPU_REPORT_RUNNING);
    }
    return v;
}

static uint32_t uvd_lmi_status_read(AemuDevice *d, uint32_t dw)
{
    return UVD_LMI_IDLE;
}

/* A write that can start or stop fetching. */
static void uvd_control_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    bool was_running = vcpu_running(d);

    aemu_reg_set(d, dw, value);
    if (was_running && !vcpu_running(d)) {
        /* A VCPU reset drops what it was doing, IB and waits included. */
        aemu_ring_set_rptr(&uvd(d)->ring, uvd(d)->ring.rptr);
        uvd(d)->context_written = false;
    }
    if (dw == mmUVD_RBC_RB_CNTL && !rb_bufsz_valid(rb_bufsz(d)) &&
        !(value & UVD_RBC_RB_CNTL__RB_NO_FETCH_MASK)) {
        aemu_guest_error(d, "uvd: UVD_RBC_RB_CNTL.RB_BUFSZ %u out of range "
                         "[%u, %u]: the ring does not fetch", rb_bufsz(d),
                         UVD_RB_BUFSZ_MIN, UVD_RB_BUFSZ_MAX);
    }
    aemu_engine_kick(d, &uvd(d)->ring.engine);
}

static uint32_t uvd_rptr_read(AemuDevice *d, uint32_t dw)
{
    return uvd(d)->ring.rptr;
}

static void uvd_rptr_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    UvdState *s = uvd(d);
    unsigned bufsz = rb_bufsz(d);
    uint32_t mask = rb_bufsz_valid(bufsz) ? (1u << bufsz) / 4 - 1
                                          : s->ring.size_dw - 1;

    aemu_reg_set(d, dw, value);
    s->ring.size_dw = mask + 1;
    /* The start sequences set it: a restarted ring is no longer hung. */
    aemu_ring_set_rptr(&s->ring, value & mask);
    s->ring.reported_rptr = s->ring.rptr;
    s->ring.hung = false;
    s->context_written = false;
}

static void uvd_wptr_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    aemu_reg_set(d, dw, value);
    aemu_engine_kick(d, &uvd(d)->ring.engine);
}

static uint32_t uvd_ctx_data_read(AemuDevice *d, uint32_t dw)
{
    uint32_t ix = aemu_reg_get(d, mmUVD_CTX_INDEX);

    return ix < UVD_CTX_SPACE ? uvd(d)->ctx[ix] : 0;
}

static void uvd_ctx_data_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    uint32_t ix = aemu_reg_get(d, mmUVD_CTX_INDEX);

    if (ix >= UVD_CTX_SPACE) {
        aemu_guest_error(d, "uvd: UVD_CTX_DATA write to index 0x%x dropped",
                         ix);
        return;
    }
    uvd(d)->ctx[ix] = value;
}

static uint32_t uvd_ctx_data_latch(AemuDevice *d, uint32_t dw)
{
    return uvd_ctx_data_read(d, dw);
}

static const AemuRegHandler uvd_status = {
    .block = "uvd", .read = uvd_status_read,
};
static const AemuRegHandler uvd_lmi_status = {
    .block = "uvd", .read = uvd_lmi_status_read,
    .write = aemu_reg_ignore_write,
};
static const AemuRegHandler uvd_control = {
    .block = "uvd", .write = uvd_control_write,
};
static const AemuRegHandler uvd_rptr = {
    .block = "uvd", .read = uvd_rptr_read, .write = uvd_rptr_write,
};
static const AemuRegHandler uvd_wptr = {
    .block = "uvd", .write = uvd_wptr_write,
};
static const AemuRegHandler uvd_ctx_data = {
    .block = "uvd", .read = uvd_ctx_data_read, .write = uvd_ctx_data_write,
    .latch = uvd_ctx_data_latch,
};

static void uvd_init(AemuDevice *d, void *priv)
{
    UvdState *s = priv;

    aemu_ring_init(d, &s->ring, &uvd_ring_ops, "uvd", &uvd_client, 1);
    aemu_reg_claim(d, mmUVD_STATUS, &uvd_status);
    aemu_reg_claim(d, mmUVD_LMI_STATUS, &uvd_lmi_status);
    aemu_reg_claim(d, mmUVD_VCPU_CNTL, &uvd_control);
    aemu_reg_claim(d, mmUVD_SOFT_RESET, &uvd_control);
    aemu_reg_claim(d, mmUVD_RBC_RB_CNTL, &uvd_control);
    aemu_reg_claim(d, mmUVD_LMI_EXT40_ADDR, &uvd_control);
    aemu_reg_claim(d, mmUVD_RBC_RB_BASE, &uvd_control);
    aemu_reg_claim(d, mmUVD_RBC_RB_RPTR, &uvd_rptr);
    aemu_reg_claim(d, mmUVD_RBC_RB_WPTR, &uvd_wptr);
    aemu_reg_claim(d, mmUVD_CTX_DATA, &uvd_ctx_data);
}

static void uvd_reset(AemuDevice *d, void *priv, AemuResetKind kind)
{
    UvdState *s = priv;

    aemu_ring_reset(&s->ring);
    s->ring.size_dw = 2;
    s->context_written = false;
    memset(s->ctx, 0, sizeof(s->ctx));
    aemu_codec_sessions_reset(&s->sessions, UVD_SESSIONS);
    s->messages = 0;
    aemu_reg_set(d, mmUVD_SOFT_RESET, UVD_SOFT_RESET_POWER_ON);
    aemu_reg_set(d, mmUVD_RBC_RB_CNTL, UVD_RB_CNTL_POWER_ON);
}

/* Snapshots (state.h): the stream, the mailbox state, the sessions. */
static void uvd_state(AemuDevice *d, void *priv, AemuStateIo *s)
{
    UvdState *u = priv;

    aemu_ring_state(s, &u->ring);
    AEMU_STATE_BOOL(s, u->context_written);
    aemu_state_bytes(s, u->ctx, sizeof(u->ctx));
    AEMU_STATE(s, u->sessions);
    AEMU_STATE(s, u->messages);
    if (aemu_state_loading(s) &&
        u->sessions.limit > AEMU_CODEC_SESSIONS_MAX) {
        aemu_state_fail(s, "corrupt state: %u UVD sessions",
                        u->sessions.limit);
    }
}

const AemuIpBlockFuncs aemu_uvd_v4_2_funcs = {
    .name = "uvd_v4_2",
    .type = AEMU_BLOCK_UVD,
    .major = 4, .minor = 2,
    .priv_size = sizeof(UvdState),
    .init = uvd_init,
    .reset = uvd_reset,
    .state = uvd_state,
    .state_version = 1,
};

/* For tests: sessions open, messages taken, jobs refused. */
void aemu_uvd_v4_2_counts(AemuDevice *d, unsigned *open, uint64_t *messages,
                          uint64_t *refused)
{
    UvdState *s = uvd(d);
    *open = aemu_codec_sessions_count(&s->sessions);
    *messages = s->messages;
    *refused = s->sessions.refused;
}
