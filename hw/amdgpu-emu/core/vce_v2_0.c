/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: VCE 2.0, the video encoder of CIK parts, without a codec.
 *
 * What the drivers (amdgpu's vce_v2_0.c / amdgpu_vce.c, radeon's
 * vce_v1_0.c / vce_v2_0.c / radeon_vce.c) need of it, and all the model
 * does:
 *  - the ECPU "firmware load": the firmware runs once the VCPU clock is on
 *    (VCE_VCPU_CNTL.CLK_EN) and VCE_SOFT_RESET.ECPU_SOFT_RESET is clear,
 *    and reports VCE_STATUS.VCPU_REPORT = 1 ("firmware loaded", the bit
 *    the start sequences poll). The image in the VCPU cache windows is
 *    never executed; VCE_LMI_STATUS reads clean and idle (the stop
 *    sequences poll it);
 *  - two rings (VCE_RB_*, VCE_RB_*2): base, size in dwords, read and write
 *    pointers in dwords, fetched while the firmware runs. Their commands
 *    (cikd.h VCE_CMD_*): NO_OP and END (one dword; END closes a
 *    submission, which the model does not need), IB (address, length in
 *    dwords), FENCE (address, 32-bit sequence number), TRAP (IV source
 *    167 with the ring's index in src_data, when
 *    VCE_SYS_INT_EN.VCE_SYS_INT_TRAP_INTERRUPT_EN is set), IB_AUTO (as
 *    IB), SEMAPHORE (a memory semaphore signal or wait). An unknown
 *    command hangs the ring visibly.
 *  - IBs are not commands but the firmware's input: a list of records
 *    (length in bytes, id, payload; amdgpu_vce_get_create_msg). The model
 *    walks them: "session" names the handle, "create" and "destroy" open
 *    and close it (codec_sessions.c). An "encode" task is refused: there
 *    is no encoder, so it completes without output (nothing is written
 *    to the bitstream or feedback buffers) and its fence still signals;
 *    the refusal is reported (aemu_unimp) and counted. A malformed record
 *    list (a length under 8 bytes, unaligned or past the IB) is refused
 *    the same way, as a firmware error, and the rest of that IB skipped;
 *    the ring goes on. Records of other ids (task info, configuration,
 *    buffers, feedback) are taken and ignored.
 */
#include "ring.h"
#include "state.h"
#include "codec_sessions.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

/* IV source of the trap (vce_v2_0_sw_init; radeon's cik_irq_process). */
#define VCE_IV_SRCID_TRAP 167

#define VCE_RINGS 2

/* Ring commands (cikd.h) and their lengths in dwords. */
#define VCE_CMD_NO_OP 0u
#define VCE_CMD_END 1u
#define VCE_CMD_IB 2u
#define VCE_CMD_FENCE 3u
#define VCE_CMD_TRAP 4u
#define VCE_CMD_IB_AUTO 5u
#define VCE_CMD_SEMAPHORE 6u
#define VCE_CMD_SHORT_DW 1u
#define VCE_CMD_LONG_DW 4u

/*
 * SEMAPHORE (radeon_vce_semaphore_emit): address bits 22:3 and 42:23 in
 * dwords 1 and 2, flags in dword 3 with bit 0 set for a wait.
 */
#define VCE_SEM_ADDR_FIELD 0xfffffu
#define VCE_SEM_LO_SHIFT 3
#define VCE_SEM_HI_SHIFT 23
#define VCE_SEM_WAIT 1u

/* IB records (amdgpu_vce.c): byte length, id, payload. */
#define VCE_REC_HEADER_DW 2u
#define VCE_REC_SESSION 0x00000001u     /* payload: the handle */
#define VCE_REC_CREATE 0x01000001u
#define VCE_REC_DESTROY 0x02000001u
#define VCE_REC_ENCODE 0x03000001u

/* Session handles: AMDGPU_MAX_VCE_HANDLES / RADEON_MAX_VCE_HANDLES. */
#define VCE_SESSIONS 16u

/* The firmware's report in VCE_STATUS.VCPU_REPORT: loaded and running. */
#define VCE_VCPU_REPORT_FW_LOADED 1u

/*
 * VCE_LMI_STATUS, clean and idle: the bits vce_v2_0_lmi_clean polls
 * (0x337f) and those the stop sequence waits for (0x240). The register
 * header has no field names for it.
 */
#define VCE_LMI_STATUS_CLEAN 0x337fu
#define VCE_LMI_STATUS_STALLED 0x240u

/* GPU addresses are 40 bits on CIK. */
#define VCE_ADDR_MASK ((1ull << 40) - 1)

/* Ring sizes the model fetches: a power of two of dwords in the field. */
#define VCE_RB_SIZE_MIN 16u

typedef struct VceRingRegs {
    uint32_t base_lo, base_hi, size, rptr, wptr;
} VceRingRegs;

static const VceRingRegs vce_ring_regs[VCE_RINGS] = {
    { mmVCE_RB_BASE_LO, mmVCE_RB_BASE_HI, mmVCE_RB_SIZE, mmVCE_RB_RPTR,
      mmVCE_RB_WPTR },
    { mmVCE_RB_BASE_LO2, mmVCE_RB_BASE_HI2, mmVCE_RB_SIZE2, mmVCE_RB_RPTR2,
      mmVCE_RB_WPTR2 },
};

typedef struct VceRing {
    AemuRing ring;
    unsigned index;
    uint32_t handle;            /* the IB's session, 0 before one */
} VceRing;

typedef struct VceState {
    VceRing rings[VCE_RINGS];
    AemuCodecSessions sessions;
    uint64_t ibs;               /* IBs the firmware took */
} VceState;

static VceState *vce(AemuDevice *d)
{
    return aemu_block_priv(d, AEMU_BLOCK_VCE);
}

static const AemuMemClient vce_client = {
    .name = "VCE", .id = 0, .hub = AEMU_HUB_MM,
};

static bool fw_running(AemuDevice *d)
{
    return (aemu_reg_get(d, mmVCE_VCPU_CNTL) & VCE_VCPU_CNTL__CLK_EN_MASK) &&
           !(aemu_reg_get(d, mmVCE_SOFT_RESET) &
             VCE_SOFT_RESET__ECPU_SOFT_RESET_MASK);
}

static bool rb_size_valid(uint32_t size_dw)
{
    return size_dw >= VCE_RB_SIZE_MIN &&
           size_dw <= (VCE_RB_SIZE__RB_SIZE_MASK & ~(VCE_RB_SIZE_MIN - 1)) &&
           !(size_dw & (size_dw - 1));
}

static VceRing *vce_ring(AemuRing *r)
{
    return aemu_container_of(r, VceRing, ring);
}

/* --- The rings ------------------------------------------------------- */

static bool vce_prepare(AemuDevice *d, AemuRing *r)
{
    const VceRingRegs *regs = &vce_ring_regs[vce_ring(r)->index];
    uint32_t size = aemu_reg_get(d, regs->size) & VCE_RB_SIZE__RB_SIZE_MASK;

    if (!fw_running(d) || !rb_size_valid(size)) {
        return false;
    }
    r->size_dw = size;
    r->base = aemu_addr64(aemu_reg_get(d, regs->base_lo) &
                          VCE_RB_BASE_LO__RB_BASE_LO_MASK,
                          aemu_reg_get(d, regs->base_hi)) & VCE_ADDR_MASK;
    r->vmid = 0;
    r->wptr = aemu_reg_get(d, regs->wptr) & (size - 1);
    return true;
}

/* The drivers read the read pointers from VCE_RB_RPTR/2: no write-back. */
static bool vce_report_rptr(AemuDevice *d, AemuRing *r)
{
    return true;
}

/* A record list the firmware refuses: skip the rest of the IB. */
static AemuStep vce_refuse_ib(AemuDevice *d, AemuRing *r, const char *why)
{
    AemuRingIb *ib = aemu_ring_ib(r);

    aemu_codec_refuse(&vce(d)->sessions);
    aemu_guest_error(d, "%s: IB at 0x%" G_GINT64_MODIFIER "x refused: %s",
                     r->name, ib->base, why);
    ib->pos = ib->size;
    return AEMU_STEP_DONE;
}

/* One record of the IB the ring is in. */
static AemuStep vce_record(AemuDevice *d, AemuRing *r, unsigned *budget)
{
    VceRing *vr = vce_ring(r);
    VceState *s = vce(d);
    AemuRingIb *ib = aemu_ring_ib(r);
    uint32_t hdr[VCE_REC_HEADER_DW + 1];
    uint32_t len_dw, payload;

    if (aemu_ring_avail(r) < VCE_REC_HEADER_DW) {
        /* Padding after the last record. */
        ib->pos = ib->size;
        return AEMU_STEP_DONE;
    }
    payload = aemu_ring_avail(r) > VCE_REC_HEADER_DW ? 1 : 0;
    if (!aemu_ring_read(d, r, 0, hdr, VCE_REC_HEADER_DW + payload)) {
        return vce_refuse_ib(d, r, "its fetch faulted");
    }
    aemu_ring_charge(d, budget, 1);
    if (hdr[0] == 0) {
        /* A zero length ends the list (the drivers pad with zeros). */
        ib->pos = ib->size;
        return AEMU_STEP_DONE;
    }
    if (hdr[0] % 4 || hdr[0] / 4 < VCE_REC_HEADER_DW ||
        hdr[0] / 4 > aemu_ring_avail(r)) {
        return vce_refuse_ib(d, r, "a record length out of range");
    }
    len_dw = hdr[0] / 4;
    switch (hdr[1]) {
    case VCE_REC_SESSION:
        if (len_dw <= VCE_REC_HEADER_DW) {
            return vce_refuse_ib(d, r, "a session record without handle");
        }
        vr->handle = hdr[VCE_REC_HEADER_DW];
        break;
    case VCE_REC_CREATE:
        if (!aemu_codec_session_create(&s->sessions, vr->handle)) {
            aemu_guest_error(d, "%s: create for handle 0x%x refused (zero, "
                             "open already, or %u open)", r->name,
                             vr->handle, s->sessions.limit);
        }
        break;
    case VCE_REC_DESTROY:
        /* Counted, not reported, as UVD's (uvd_v4_2.c, uvd_message). */
        aemu_codec_session_destroy(&s->sessions, vr->handle);
        break;
    case VCE_REC_ENCODE:
        aemu_codec_refuse(&s->sessions);
        aemu_unimp(d, "%s: encode task for handle 0x%x refused: the model "
                   "has no encoder (completes without output)", r->name,
                   vr->handle);
        break;
    default:
        /* Configuration, buffers, feedback: nothing to do without a codec. */
        break;
    }
    aemu_ring_advance(r, len_dw);
    return AEMU_STEP_DONE;
}

static AemuStep vce_fence(AemuDevice *d, AemuRing *r, const uint32_t *p)
{
    uint64_t addr = aemu_addr64(p[1], p[2]) & VCE_ADDR_MASK & ~3ull;

    if (aemu_engine_fence(d, false)) {
        return AEMU_STEP_RETRY;
    }
    if (aemu_gpu_write32(d, 0, addr, p[3], &vce_client) != AEMU_MEM_OK) {
        return aemu_codec_ring_hang(d, r, "fence to 0x%" G_GINT64_MODIFIER
                                    "x faulted", addr);
    }
    return AEMU_STEP_DONE;
}

static AemuStep vce_trap(AemuDevice *d, AemuRing *r)
{
    bool enabled = aemu_reg_get(d, mmVCE_SYS_INT_EN) &
                   VCE_SYS_INT_EN__VCE_SYS_INT_TRAP_INTERRUPT_EN_MASK;
    AemuIvEntry iv = {
        .src_id = VCE_IV_SRCID_TRAP,
        .src_data = { vce_ring(r)->index },
    };

    if (aemu_engine_fence(d, enabled)) {
        return AEMU_STEP_RETRY;
    }
    if (enabled) {
        aemu_irq_post(d, &iv);
    }
    return AEMU_STEP_DONE;
}

static AemuStep vce_semaphore(AemuDevice *d, AemuRing *r, const uint32_t *p)
{
    uint64_t addr = (uint64_t)(p[1] & VCE_SEM_ADDR_FIELD) << VCE_SEM_LO_SHIFT |
                    (uint64_t)(p[2] & VCE_SEM_ADDR_FIELD) << VCE_SEM_HI_SHIFT;

    switch (aemu_mem_semaphore(d, 0, addr & VCE_ADDR_MASK,
                               !(p[3] & VCE_SEM_WAIT), false, &vce_client)) {
    case AEMU_SEM_DONE:
        r->waiting = false;
        return AEMU_STEP_DONE;
    case AEMU_SEM_RETRY:
        r->waiting = true;
        return AEMU_STEP_RETRY;
    default:
        return aemu_codec_ring_hang(d, r, "semaphore at 0x%"
                                    G_GINT64_MODIFIER "x faulted", addr);
    }
}

static AemuStep vce_step(AemuDevice *d, AemuRing *r, unsigned *budget)
{
    uint32_t p[VCE_CMD_LONG_DW];
    uint32_t len;
    AemuStep st;

    if (aemu_ring_pop_ib(r)) {
        return AEMU_STEP_DONE;
    }
    if (aemu_ring_ib(r)) {
        return vce_record(d, r, budget);
    }
    if (aemu_ring_fit(r, 1) != AEMU_RING_FITS) {
        return AEMU_STEP_STALL;
    }
    if (!aemu_ring_read(d, r, 0, p, 1)) {
        return aemu_codec_ring_hang(d, r, "fetch faulted");
    }
    switch (p[0]) {
    case VCE_CMD_NO_OP:
    case VCE_CMD_END:
    case VCE_CMD_TRAP:
        len = VCE_CMD_SHORT_DW;
        break;
    case VCE_CMD_IB:
    case VCE_CMD_IB_AUTO:
    case VCE_CMD_FENCE:
    case VCE_CMD_SEMAPHORE:
        len = VCE_CMD_LONG_DW;
        break;
    default:
        return aemu_codec_ring_hang(d, r, "unknown command 0x%x", p[0]);
    }
    switch (aemu_ring_fit(r, len)) {
    case AEMU_RING_FITS:
        break;
    case AEMU_RING_PARTIAL:
        return AEMU_STEP_STALL;
    default:
        return aemu_codec_ring_hang(d, r, "command 0x%x longer than the "
                                    "ring", p[0]);
    }
    if (len > 1 && !aemu_ring_read(d, r, 1, p + 1, len - 1)) {
        return aemu_codec_ring_hang(d, r, "fetch faulted");
    }
    switch (p[0]) {
    case VCE_CMD_FENCE:
        st = vce_fence(d, r, p);
        break;
    case VCE_CMD_TRAP:
        st = vce_trap(d, r);
        break;
    case VCE_CMD_SEMAPHORE:
        st = vce_semaphore(d, r, p);
        break;
    default:
        st = AEMU_STEP_DONE;
        break;
    }
    if (st != AEMU_STEP_DONE) {
        return st;
    }
    aemu_ring_charge(d, budget, 1);
    aemu_ring_advance(r, len);
    if (p[0] == VCE_CMD_IB || p[0] == VCE_CMD_IB_AUTO) {
        AemuRingIb ib = {
            .base = aemu_addr64(p[1], p[2]) & VCE_ADDR_MASK & ~3ull,
            .size = p[3],
        };

        vce(d)->ibs++;
        vce_ring(r)->handle = 0;
        aemu_engine_ib(d);
        aemu_ring_push_ib(r, &ib);
    }
    return AEMU_STEP_DONE;
}

static const AemuRingOps vce_ring_ops = {
    .prepare = vce_prepare,
    .step = vce_step,
    .report_rptr = vce_report_rptr,
};

/* --- Registers ------------------------------------------------------- */

static void kick_all(AemuDevice *d)
{
    for (unsigned i = 0; i < VCE_RINGS; i++) {
        aemu_engine_kick(d, &vce(d)->rings[i].ring.engine);
    }
}

/* The ring whose register dw is (field picks which of its registers). */
static int ring_of_reg(uint32_t dw)
{
    for (unsigned i = 0; i < VCE_RINGS; i++) {
        const VceRingRegs *g = &vce_ring_regs[i];

        if (dw == g->base_lo || dw == g->base_hi || dw == g->size ||
            dw == g->rptr || dw == g->wptr) {
            return (int)i;
        }
    }
    return -1;
}

static uint32_t vce_status_read(AemuDevice *d, uint32_t dw)
{
    uint32_t v = aemu_reg_get(d, dw) & ~VCE_STATUS__VCPU_REPORT_MASK;

    if (fw_running(d)) {
        v = AEMU_REG_SET(v, VCE_STATUS, VCPU_REPORT,
                         VCE_VCPU_REPORT_FW_LOADED);
    }
    return v;
}

static uint32_t vce_lmi_status_read(AemuDevice *d, uint32_t dw)
{
    return VCE_LMI_STATUS_CLEAN | VCE_LMI_STATUS_STALLED;
}

/* Clock and ECPU reset: the firmware starts or stops. */
static void vce_control_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    bool was_running = fw_running(d);

    aemu_reg_set(d, dw, value);
    if (was_running && !fw_running(d)) {
        for (unsigned i = 0; i < VCE_RINGS; i++) {
            AemuRing *r = &vce(d)->rings[i].ring;

            aemu_ring_set_rptr(r, r->rptr);
        }
    }
    kick_all(d);
}

static uint32_t vce_rptr_read(AemuDevice *d, uint32_t dw)
{
    return vce(d)->rings[ring_of_reg(dw)].ring.rptr;
}

static void vce_ring_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    int i = ring_of_reg(dw);
    AemuRing *r = &vce(d)->rings[i].ring;

    aemu_reg_set(d, dw, value);
    if (dw == vce_ring_regs[i].rptr) {
        uint32_t size = aemu_reg_get(d, vce_ring_regs[i].size) &
                        VCE_RB_SIZE__RB_SIZE_MASK;

        if (rb_size_valid(size)) {
            r->size_dw = size;
        }
        /* The start sequences set it: a restarted ring is not hung. */
        aemu_ring_set_rptr(r, value);
        r->reported_rptr = r->rptr;
        r->hung = false;
    } else if (dw == vce_ring_regs[i].size &&
               !rb_size_valid(value & VCE_RB_SIZE__RB_SIZE_MASK)) {
        aemu_guest_error(d, "%s: ring size %u dwords is not a power of two "
                         "in [%u, %u]: the ring does not fetch", r->name,
                         value, VCE_RB_SIZE_MIN, VCE_RB_SIZE__RB_SIZE_MASK);
    } else if (dw == vce_ring_regs[i].size &&
               (value & VCE_RB_SIZE__RB_SIZE_MASK) != r->size_dw) {
        /*
         * vce_v2_0_start writes RPTR and WPTR before RB_SIZE. After a
         * reset (size back to 0) the read pointer could not be placed in
         * a ring of unknown size: place it now. A restart after an
         * in-driver GPU reset continues at the old write pointer, not at
         * 0; taking 0 replayed the previous IB commands on freed IBs.
         */
        r->size_dw = value & VCE_RB_SIZE__RB_SIZE_MASK;
        aemu_ring_set_rptr(r, aemu_reg_get(d, vce_ring_regs[i].rptr));
        r->reported_rptr = r->rptr;
    }
    aemu_engine_kick(d, &r->engine);
}

static const AemuRegHandler vce_status = {
    .block = "vce", .read = vce_status_read,
};
static const AemuRegHandler vce_lmi_status = {
    .block = "vce", .read = vce_lmi_status_read,
    .write = aemu_reg_ignore_write,
};
static const AemuRegHandler vce_control = {
    .block = "vce", .write = vce_control_write,
};
static const AemuRegHandler vce_ring_reg = {
    .block = "vce", .write = vce_ring_write,
};
static const AemuRegHandler vce_rptr = {
    .block = "vce", .read = vce_rptr_read, .write = vce_ring_write,
};

static void vce_init(AemuDevice *d, void *priv)
{
    VceState *s = priv;
    static const char *const names[VCE_RINGS] = { "vce0", "vce1" };

    for (unsigned i = 0; i < VCE_RINGS; i++) {
        const VceRingRegs *g = &vce_ring_regs[i];

        s->rings[i].index = i;
        aemu_ring_init(d, &s->rings[i].ring, &vce_ring_ops, names[i],
                       &vce_client, 1);
        aemu_reg_claim(d, g->base_lo, &vce_ring_reg);
        aemu_reg_claim(d, g->base_hi, &vce_ring_reg);
        aemu_reg_claim(d, g->size, &vce_ring_reg);
        aemu_reg_claim(d, g->wptr, &vce_ring_reg);
        aemu_reg_claim(d, g->rptr, &vce_rptr);
    }
    aemu_reg_claim(d, mmVCE_STATUS, &vce_status);
    aemu_reg_claim(d, mmVCE_LMI_STATUS, &vce_lmi_status);
    aemu_reg_claim(d, mmVCE_VCPU_CNTL, &vce_control);
    aemu_reg_claim(d, mmVCE_SOFT_RESET, &vce_control);
}

static void vce_reset(AemuDevice *d, void *priv, AemuResetKind kind)
{
    VceState *s = priv;

    for (unsigned i = 0; i < VCE_RINGS; i++) {
        aemu_ring_reset(&s->rings[i].ring);
        s->rings[i].ring.size_dw = VCE_RB_SIZE_MIN;
        s->rings[i].handle = 0;
    }
    aemu_codec_sessions_reset(&s->sessions, VCE_SESSIONS);
    s->ibs = 0;
    /* Power-on: the ECPU held in reset. */
    aemu_reg_set(d, mmVCE_SOFT_RESET, VCE_SOFT_RESET__ECPU_SOFT_RESET_MASK);
}

/* Snapshots (state.h): both streams, their sessions, the counters. */
static void vce_state(AemuDevice *d, void *priv, AemuStateIo *s)
{
    VceState *v = priv;

    for (unsigned i = 0; i < VCE_RINGS; i++) {
        aemu_ring_state(s, &v->rings[i].ring);
        AEMU_STATE(s, v->rings[i].handle);
    }
    AEMU_STATE(s, v->sessions);
    AEMU_STATE(s, v->ibs);
    if (aemu_state_loading(s) &&
        v->sessions.limit > AEMU_CODEC_SESSIONS_MAX) {
        aemu_state_fail(s, "corrupt state: %u VCE sessions",
                        v->sessions.limit);
    }
}

const AemuIpBlockFuncs aemu_vce_v2_0_funcs = {
    .name = "vce_v2_0",
    .type = AEMU_BLOCK_VCE,
    .major = 2, .minor = 0,
    .priv_size = sizeof(VceState),
    .init = vce_init,
    .reset = vce_reset,
    .state = vce_state,
    .state_version = 1,
};

void aemu_vce_v2_0_counts(AemuDevice *d, unsigned *open, uint64_t *ibs,
                          uint64_t *refused)
{
    VceState *s = vce(d);
    *open = aemu_codec_sessions_count(&s->sessions);
    *ibs = s->ibs;
    *refused = s->sessions.refused;
}
