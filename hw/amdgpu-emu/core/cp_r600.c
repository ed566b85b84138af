/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the R600 family's command processor (RS780), as
 * registers.
 *
 * One gfx ring (CP_RB_*), as r600_cp_resume programs it: its base, size
 * and read-pointer write-back, the write pointer written over MMIO, and
 * CP_ME_CNTL's halt bits. The PFP and ME microcode (r600_cp_load_microcode:
 * 576 PFP dwords through CP_PFP_UCODE_ADDR/DATA, 1792 x 3 ME dwords through
 * CP_ME_RAM_WADDR/DATA) is counted, not run: the ring fetches only once a
 * whole image of each was written since the device reset, as a CP without
 * firmware would not. The packets run in cp_pm4.c with the R600 set
 * (pm4_r600.c).
 *
 * Also the CP's scratch registers (SCRATCH_REG0-7, radeon's ring test) with
 * their write-back: a write to a register whose SCRATCH_UMSK bit is set is
 * copied to SCRATCH_ADDR << 8 + 4 * n in GPU memory. And its interrupts,
 * enabled in CP_INT_CNTL: EVENT_WRITE_EOP's (TIME_STAMP_INT_ENABLE, IH
 * source 181, radeon's fences), and a ring's write of RB_INT_STAT to
 * CP_INT_STATUS (RB_INT_ENABLE, source 176: radeon's fence path without
 * write-back events).
 */
#include "cp_pm4.h"
#include "cp_pm4_ops.h"
#include "state.h"
#include "amdgpu-emu/regs/r600_regs.h"

/* IH source ids (r600_irq_process). */
#define IV_SRCID_CP_RB_INT          176
#define IV_SRCID_CP_END_OF_PIPE     181

/* CP_RB_CNTL (r600d.h): RB_BUFSZ [5:0], RB_NO_UPDATE, RB_RPTR_WR_ENA. */
#define CP_RB_CNTL_RB_BUFSZ_MASK    0x3fu
#define CP_RB_CNTL_RB_NO_UPDATE     (1u << 27)
#define CP_RB_CNTL_RB_RPTR_WR_ENA   (1u << 31)
/* Ring sizes are 2^(RB_BUFSZ + 1) dwords; radeon's 1 MiB ring is 17. */
#define CP_RING_ORDER_MAX           22
/* CP_RB_BASE and SCRATCH_ADDR hold the address >> 8. */
#define CP_ADDR_SHIFT               8
/* CP_RB_RPTR_ADDR: dword-aligned low part; _HI: address [39:32]. */
#define CP_RB_RPTR_ADDR_MASK        0xfffffffcu
#define CP_RB_RPTR_ADDR_HI_MASK     0xffu
/* CP_ME_CNTL (R_0086D8): S_0086D8_CP_PFP_HALT, S_0086D8_CP_ME_HALT. */
#define CP_ME_CNTL_PFP_HALT         (1u << 26)
#define CP_ME_CNTL_ME_HALT          (1u << 28)
/* CP_INT_CNTL / CP_INT_STATUS. */
#define CP_INT_TIME_STAMP_INT_ENABLE    (1u << 26)
#define CP_INT_RB_INT_ENABLE        (1u << 31)
#define CP_INT_STATUS_RB_INT_STAT   (1u << 31)
/* Microcode image sizes in dwords (radeon_ucode.h). */
#define R600_PFP_UCODE_SIZE         576u
#define R600_PM4_UCODE_SIZE         1792u
#define R600_ME_UCODE_DWORDS        (R600_PM4_UCODE_SIZE * 3u)
/* CP_STAT (r600d.h R_008680_CP_STAT): CP_BUSY bit 31. */
#define CP_STAT_CP_BUSY             (1u << 31)
#define NUM_SCRATCH_REGS            8u

typedef struct CpR600 {
    AemuCpShared shared;
    AemuCpQueue gfx;
    /* Microcode dwords written since reset, by engine. */
    uint32_t pfp_words, me_words;
} CpR600;

static CpR600 *cp_state(AemuDevice *d)
{
    return aemu_block_priv(d, AEMU_BLOCK_CP);
}

static const AemuMemClient scratch_client = { .name = "CP scratch" };

static void post_iv(AemuDevice *d, uint8_t src_id)
{
    AemuIvEntry iv = { .src_id = src_id };

    aemu_irq_post(d, &iv);
}

static bool firmware_loaded(CpR600 *cp)
{
    return cp->pfp_words >= R600_PFP_UCODE_SIZE &&
           cp->me_words >= R600_ME_UCODE_DWORDS;
}

static bool gfx_running(AemuDevice *d)
{
    return !(d->regs[mmR_0086D8_CP_ME_CNTL] &
             (CP_ME_CNTL_ME_HALT | CP_ME_CNTL_PFP_HALT)) &&
           firmware_loaded(cp_state(d));
}

static uint32_t ring_dwords(AemuDevice *d)
{
    uint32_t order = d->regs[mmCP_RB_CNTL] & CP_RB_CNTL_RB_BUFSZ_MASK;

    return 2u << MIN(order, (uint32_t)CP_RING_ORDER_MAX);
}

static bool gfx_prepare(AemuDevice *d, AemuCpQueue *q)
{
    q->ring.base = (uint64_t)d->regs[mmCP_RB_BASE] << CP_ADDR_SHIFT;
    q->ring.size_dw = ring_dwords(d);
    q->ring.vmid = 0;
    return gfx_running(d) &&
           !aemu_units_held(d, AEMU_UNIT_MASK(AEMU_UNIT_CP_GFX));
}

static void gfx_report_rptr(AemuDevice *d, AemuCpQueue *q)
{
    uint64_t addr;

    if (d->regs[mmCP_RB_CNTL] & CP_RB_CNTL_RB_NO_UPDATE) {
        return;
    }
    addr = (uint64_t)(d->regs[mmCP_RB_RPTR_ADDR_HI] &
                      CP_RB_RPTR_ADDR_HI_MASK) << 32 |
           (d->regs[mmCP_RB_RPTR_ADDR] & CP_RB_RPTR_ADDR_MASK);
    aemu_gpu_write32(d, 0, addr, q->ring.rptr, &q->ring.client);
}

static void gfx_eop_irq(AemuDevice *d, AemuCpQueue *q, uint32_t ctxid)
{
    if (d->regs[mmCP_INT_CNTL] & CP_INT_TIME_STAMP_INT_ENABLE) {
        post_iv(d, IV_SRCID_CP_END_OF_PIPE);
    }
}

/*
 * R600 reports no CP error interrupt radeon handles: a bad packet leaves
 * the ring hung (GRBM_STATUS busy), which radeon's lockup check finds.
 */
static void gfx_error(AemuDevice *d, AemuCpQueue *q, AemuCpError e,
                      uint32_t header)
{
}

static const AemuCpQueueOps gfx_ops = {
    .prepare = gfx_prepare,
    .report_rptr = gfx_report_rptr,
    .eop_irq = gfx_eop_irq,
    .error = gfx_error,
};

static void kick(AemuDevice *d)
{
    aemu_ring_kick(d, &cp_state(d)->gfx.ring);
}

static void rb_cntl_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    uint32_t order = value & CP_RB_CNTL_RB_BUFSZ_MASK;

    if (order > CP_RING_ORDER_MAX) {
        aemu_unimp(d, "CP_RB_CNTL: ring of 2^%u dwords capped at 2^%u",
                   order + 1, CP_RING_ORDER_MAX + 1);
    }
    d->regs[dw] = value;
}

static void rb_wptr_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    AemuCpQueue *q = &cp_state(d)->gfx;

    d->regs[dw] = value;
    gfx_prepare(d, q);
    q->ring.wptr = value & (q->ring.size_dw - 1);
    kick(d);
}

/* r600_cp_resume zeroes the read pointer through CP_RB_RPTR_WR. */
static void rb_rptr_wr_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    AemuCpQueue *q = &cp_state(d)->gfx;

    d->regs[dw] = value;
    if (d->regs[mmCP_RB_CNTL] & CP_RB_CNTL_RB_RPTR_WR_ENA) {
        gfx_prepare(d, q);
        aemu_cp_queue_set_rptr(q, value & (q->ring.size_dw - 1));
        kick(d);
    }
}

static uint32_t rb_rptr_read(AemuDevice *d, uint32_t dw)
{
    return cp_state(d)->gfx.ring.rptr;
}

static void me_cntl_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    d->regs[dw] = value;
    kick(d);
}

/*
 * Microcode: each DATA write lands at its address register, which then
 * advances; an engine counts as loaded once its whole image went in.
 */
static void pfp_ucode_data_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    CpR600 *cp = cp_state(d);

    if (d->regs[mmCP_PFP_UCODE_ADDR] < R600_PFP_UCODE_SIZE) {
        d->regs[mmCP_PFP_UCODE_ADDR]++;
        cp->pfp_words = MAX(cp->pfp_words, d->regs[mmCP_PFP_UCODE_ADDR]);
    } else {
        aemu_guest_error(d, "CP_PFP_UCODE_DATA past the %u-dword image",
                         R600_PFP_UCODE_SIZE);
    }
    kick(d);
}

static void me_ram_data_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    CpR600 *cp = cp_state(d);

    if (d->regs[mmCP_ME_RAM_WADDR] < R600_ME_UCODE_DWORDS) {
        d->regs[mmCP_ME_RAM_WADDR]++;
        cp->me_words = MAX(cp->me_words, d->regs[mmCP_ME_RAM_WADDR]);
    } else {
        aemu_guest_error(d, "CP_ME_RAM_DATA past the %u-dword image",
                         R600_ME_UCODE_DWORDS);
    }
    kick(d);
}

/* SCRATCH_REGn, by MMIO or from the ring, and its write-back copy. */
static void scratch_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    uint32_t n = dw - mmSCRATCH_REG0;
    uint64_t addr;

    d->regs[dw] = value;
    if (!(d->regs[mmSCRATCH_UMSK] & (1u << n))) {
        return;
    }
    addr = ((uint64_t)d->regs[mmSCRATCH_ADDR] << CP_ADDR_SHIFT) + 4ull * n;
    aemu_gpu_write32(d, 0, addr, value, &scratch_client);
}

/* A ring's PACKET0(CP_INT_STATUS, RB_INT_STAT): the CP_INT interrupt. */
static void cp_int_status_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    if ((value & CP_INT_STATUS_RB_INT_STAT) &&
        (d->regs[mmCP_INT_CNTL] & CP_INT_RB_INT_ENABLE)) {
        post_iv(d, IV_SRCID_CP_RB_INT);
    }
}

/*
 * Busy while work is queued and the CP runs, and also, halted or not, while
 * it is stuck (hung) or inside a packet that waits: radeon halts the CP
 * before r600_asic_reset asks GRBM_STATUS what to reset, and a job stuck
 * at a wait is what the CP's soft reset is for.
 */
static bool gfx_busy(AemuDevice *d)
{
    AemuCpQueue *q = &cp_state(d)->gfx;

    return q->ring.hung || q->ring.waiting ||
           (gfx_running(d) && aemu_ring_pending(&q->ring));
}

static uint32_t cp_busy(AemuDevice *d, void *priv)
{
    return gfx_busy(d) ? AEMU_UNIT_MASK(AEMU_UNIT_CP_GFX) : 0;
}

static uint32_t cp_stat_read(AemuDevice *d, uint32_t dw)
{
    return gfx_busy(d) ? CP_STAT_CP_BUSY : 0;
}

#define HANDLER(n, r, w) \
    static const AemuRegHandler n = { .block = "cp", .read = r, .write = w }

HANDLER(rb_cntl, NULL, rb_cntl_write);
HANDLER(rb_wptr, NULL, rb_wptr_write);
HANDLER(rb_rptr_wr, NULL, rb_rptr_wr_write);
HANDLER(rb_rptr, rb_rptr_read, aemu_reg_ignore_write);
HANDLER(me_cntl, NULL, me_cntl_write);
HANDLER(pfp_ucode_data, NULL, pfp_ucode_data_write);
HANDLER(me_ram_data, NULL, me_ram_data_write);
HANDLER(scratch, NULL, scratch_write);
HANDLER(cp_int_status, NULL, cp_int_status_write);
HANDLER(cp_stat, cp_stat_read, aemu_reg_ignore_write);

static void cp_init(AemuDevice *d, void *priv)
{
    CpR600 *cp = priv;

    aemu_cp_queue_init(d, &cp->gfx, &cp->shared, &aemu_pm4_r600, &gfx_ops,
                       AEMU_PM4_Q_GFX, 0, 0, 0);
    aemu_reg_claim(d, mmCP_RB_CNTL, &rb_cntl);
    aemu_reg_claim(d, mmCP_RB_WPTR, &rb_wptr);
    aemu_reg_claim(d, mmCP_RB_RPTR_WR, &rb_rptr_wr);
    aemu_reg_claim(d, mmCP_RB_RPTR, &rb_rptr);
    aemu_reg_claim(d, mmR_0086D8_CP_ME_CNTL, &me_cntl);
    aemu_reg_claim(d, mmCP_PFP_UCODE_DATA, &pfp_ucode_data);
    aemu_reg_claim(d, mmCP_ME_RAM_DATA, &me_ram_data);
    aemu_reg_claim_range(d, mmSCRATCH_REG0,
                         mmSCRATCH_REG0 + NUM_SCRATCH_REGS - 1, &scratch);
    aemu_reg_claim(d, mmCP_INT_STATUS, &cp_int_status);
    aemu_reg_claim(d, mmCP_STAT, &cp_stat);
}

static void reset_gfx(AemuDevice *d, CpR600 *cp)
{
    aemu_cp_queue_reset(&cp->gfx);
    d->regs[mmCP_RB_WPTR] = 0;
}

/* A GRBM soft reset of the CP drops the ring state, not the microcode. */
static void cp_soft_reset(AemuDevice *d, void *priv, uint32_t units)
{
    if (units & AEMU_UNIT_MASK(AEMU_UNIT_CP_GFX)) {
        reset_gfx(d, priv);
    }
}

/* Out of reset the engines are halted and hold no microcode. */
static void cp_reset(AemuDevice *d, void *priv, AemuResetKind kind)
{
    CpR600 *cp = priv;

    reset_gfx(d, cp);
    cp->pfp_words = 0;
    cp->me_words = 0;
    d->regs[mmR_0086D8_CP_ME_CNTL] = CP_ME_CNTL_ME_HALT | CP_ME_CNTL_PFP_HALT;
}

static void cp_fini(AemuDevice *d, void *priv)
{
    reset_gfx(d, priv);
}

/* Snapshots (state.h): the ring and how much microcode went in. */
static void cp_state_io(AemuDevice *d, void *priv, AemuStateIo *s)
{
    CpR600 *cp = priv;

    aemu_cp_queue_state(s, &cp->gfx);
    AEMU_STATE(s, cp->pfp_words);
    AEMU_STATE(s, cp->me_words);
}

const AemuIpBlockFuncs aemu_cp_r600_funcs = {
    .name = "r600_cp",
    .type = AEMU_BLOCK_CP,
    .major = 6, .minor = 0,
    .priv_size = sizeof(CpR600),
    .init = cp_init,
    .reset = cp_reset,
    .soft_reset = cp_soft_reset,
    .busy = cp_busy,
    .fini = cp_fini,
    .state = cp_state_io,
    .state_version = 1,
};
