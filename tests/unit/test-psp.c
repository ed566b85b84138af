/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the PSP of Vega10 (psp_v3_1.c, MP0 9.0) on the standalone
 * host, driven only as Linux amdgpu drives it (psp_v3_1.c, amdgpu_psp.c,
 * Linux 6.12): MMIO reads and writes of the MP0_SMN_C2PMSG_* mailboxes,
 * memory in VRAM through VMID 0's FB aperture (VRAM at MC 0x80_0000_0000
 * after reset, the GMC's reset state) or in GTT through the MMHUB's GART,
 * and the scheduler run by firing the host timer.
 *
 * Covered: the power-on state; the bootloader (sysdrv then sOS, refusals,
 * images that do not translate, the driver's own wait for the sign of
 * life); GBR_IH_SET; the GPCOM ring's creation, its bad geometries and
 * DESTROY_RINGS; commands laid out as psp_ring_cmd_submit and
 * psp_cmd_submit_buf lay them out (SETUP_TMR, LOAD_IP_FW with the image
 * copied into the TMR, LOAD_ASD / LOAD_TA / UNLOAD_TA sessions,
 * DESTROY_TMR, unknown commands), ring wrap-around and C2PMSG_68; hostile
 * write pointers, command buffers and rings; the MODE1 reset from MMIO and
 * from an SDMA packet; and when fences land with timing on and off.
 *
 * The interface constants below are the driver's (psp_gfx_if.h,
 * amdgpu_psp.h), written out here rather than taken from the model's
 * header, so that a wrong constant in the model shows up as a failure.
 */
#include <string.h>
#include "aemu-host.h"
#include "aemu-internal.h"
#include "sdma_v4_0_pkt.h"
#include "amdgpu-emu/regs/vega10_regs.h"
#include "amdgpu-emu/regs/vega10_fields.h"

#define KiB 1024ull
#define MiB (1024ull * 1024ull)
#define MS 1000000ull
#define US 1000ull
#define RAM_SIZE (4 * MiB)

/* VRAM's MC address at reset (MC_VM_FB_LOCATION_BASE 0x8000 << 24). */
#define FB_MC_BASE 0x8000000000ull
/* The chip's default VRAM. */
#define VRAM_BYTES (256 * MiB)
/* Past VRAM's end, and no GART is enabled: nothing translates it. */
#define BAD_MC (FB_MC_BASE + 1024 * MiB)

/* amdgpu_psp.h, psp_gfx_if.h (Linux 6.12). */
#define PSP_BL__LOAD_SYSDRV 0x10000u
#define PSP_BL__LOAD_SOSDRV 0x20000u
#define GFX_CTRL_CMD_ID_INIT_GPCOM_RING 0x00020000u
#define GFX_CTRL_CMD_ID_DESTROY_RINGS 0x00030000u
#define GFX_CTRL_CMD_ID_MODE1_RST 0x00070000u
#define GFX_CTRL_CMD_ID_GBR_IH_SET 0x00080000u
#define GFX_CMD_ID_LOAD_TA 0x01u
#define GFX_CMD_ID_UNLOAD_TA 0x02u
#define GFX_CMD_ID_LOAD_ASD 0x04u
#define GFX_CMD_ID_SETUP_TMR 0x05u
#define GFX_CMD_ID_LOAD_IP_FW 0x06u
#define GFX_CMD_ID_DESTROY_TMR 0x07u
#define GFX_FW_TYPE_CP_MEC 4u
#define GFX_FW_TYPE_RLC_G 8u
#define GFX_FW_TYPE_SDMA0 9u
#define GFX_FW_TYPE_SMU 18u
#define PSP_ERR_UNKNOWN_COMMAND 0x100u
#define PSP_CMD_BUFFER_SIZE 0x1000u
/* struct psp_gfx_rb_frame */
#define FRAME_BYTES 64u
#define FRAME_DW (FRAME_BYTES / 4u)
#define FRAME_CMD_LO 0u
#define FRAME_CMD_HI 4u
#define FRAME_FENCE_LO 12u
#define FRAME_FENCE_HI 16u
#define FRAME_FENCE_VALUE 20u
/* struct psp_gfx_cmd_resp */
#define CMD_ID 8u
#define CMD_PAYLOAD 28u
#define CMD_RESP 864u
#define RESP_STATUS (CMD_RESP + 0u)
#define RESP_SESSION_ID (CMD_RESP + 4u)
#define RESP_FW_ADDR_LO (CMD_RESP + 8u)
#define RESP_FW_ADDR_HI (CMD_RESP + 12u)
/* amdgpu's KM ring (psp_ring_init) */
#define RING_BYTES 0x1000u
/* adev->usec_timeout (AMDGPU_MAX_USEC_TIMEOUT) */
#define USEC_TIMEOUT 100000u

/*
 * VRAM layout (offsets; the MC address is FB_MC_BASE + offset), each as
 * amdgpu allocates it: the 1 MiB fw_pri buffer 1 MiB aligned, the ring,
 * fence and command buffers a page each, the TMR 4 MiB 1 MiB aligned.
 */
#define FW_PRI_VRAM (16 * MiB)
#define RING_VRAM (18 * MiB)
#define FENCE_VRAM (18 * MiB + 0x1000)
#define CMD_VRAM (18 * MiB + 0x2000)
#define FENCES_VRAM (18 * MiB + 0x3000)         /* a slot per burst frame */
#define CMDS_VRAM(i) (19 * MiB + (i) * 0x1000ull)
#define TA_VRAM (20 * MiB)
#define FW_VRAM(i) (24 * MiB + (i) * MiB)
#define TMR_VRAM (32 * MiB)
#define TMR_BYTES (4 * MiB)
#define SDMA_RING_VRAM (40 * MiB)
#define GART_TABLE_VRAM (8 * MiB)

/* amdgpu_vm.h, for the GART's PTEs. */
#define PTE_SYSTEM_RW 0x67ull   /* VALID SYSTEM SNOOPED READABLE WRITEABLE */

/* What the driver keeps of the PSP (struct psp_context, in part). */
typedef struct Drv {
    AemuTestHost *h;
    uint32_t fence_value;       /* psp->fence_value */
    uint64_t ring_vram;
    uint32_t ring_bytes;
    uint64_t cmd_mc, fence_mc;  /* psp->cmd_buf_mc_addr, fence_buf_mc_addr */
    uint8_t *cmd, *fence;       /* their CPU mappings */
} Drv;

/* A command's response (struct psp_gfx_resp, in part). */
typedef struct Resp {
    uint32_t status, session_id;
    uint64_t fw_addr;
} Resp;

static uint64_t mc(uint64_t vram)
{
    return FB_MC_BASE + vram;
}

static uint32_t rreg(AemuTestHost *h, uint32_t dw)
{
    return (uint32_t)aemu_mmio_read(h->dev, (uint64_t)dw * 4, 4);
}

static void wreg(AemuTestHost *h, uint32_t dw, uint32_t v)
{
    aemu_mmio_write(h->dev, (uint64_t)dw * 4, v, 4);
}

/* Fire the device timer until nothing is left to run. */
static void run(AemuTestHost *h)
{
    for (unsigned i = 0; i < 100000 && h->timer_deadline != UINT64_MAX; i++) {
        aemu_test_host_advance(h, h->timer_deadline > h->now_ns ?
                                  h->timer_deadline - h->now_ns : 0);
    }
    g_assert_cmphex(h->timer_deadline, ==, UINT64_MAX);
}

/* psp_wait_for(psp, reg, val, mask, false), udelay(1) per read. */
static bool wait_for(AemuTestHost *h, uint32_t dw, uint32_t val,
                     uint32_t mask)
{
    for (unsigned i = 0; i < USEC_TIMEOUT; i++) {
        if ((rreg(h, dw) & mask) == val) {
            return true;
        }
        aemu_test_host_advance(h, US);
    }
    return false;
}

static Drv drv_new(AemuTimingMode timing)
{
    AemuConfig cfg = { .asic = "vega10", .timing = timing };
    Drv d = { .h = aemu_test_host_new_config(&cfg, RAM_SIZE) };

    g_assert_cmpuint(d.h->vram_size, ==, VRAM_BYTES);
    d.ring_vram = RING_VRAM;
    d.ring_bytes = RING_BYTES;
    d.cmd_mc = mc(CMD_VRAM);
    d.cmd = d.h->vram + CMD_VRAM;
    d.fence_mc = mc(FENCE_VRAM);
    d.fence = d.h->vram + FENCE_VRAM;
    return d;
}

/* A byte pattern of its own per seed. */
static void fill(uint8_t *p, size_t len, unsigned seed)
{
    for (size_t i = 0; i < len; i++) {
        p[i] = (uint8_t)(seed * 37u + i * 7u + (i >> 8));
    }
}

/* Errors the model reported, for "no crash, but it said why". */
static unsigned errors(Drv *d)
{
    return d->h->guest_errors->len;
}

/* ---- the bootloader ---- */

/*
 * The first half of psp_v3_1_bootloader_load_{sysdrv,sos}: wait for the
 * bootloader, place the image, give its address and the command.
 */
static void bl_send(AemuTestHost *h, uint64_t image_mc, uint8_t *image,
                    uint32_t cmd)
{
    g_assert_true(wait_for(h, mmMP0_SMN_C2PMSG_35, 0x80000000u,
                           0x80000000u));
    if (image) {
        fill(image, 4096, cmd >> 16);
    }
    wreg(h, mmMP0_SMN_C2PMSG_36, (uint32_t)(image_mc >> 20));
    wreg(h, mmMP0_SMN_C2PMSG_35, cmd);
}

/* psp_v3_1_bootloader_load_sysdrv: true once bit 31 is back. */
static bool bl_sysdrv(AemuTestHost *h, uint64_t image_mc, uint8_t *image)
{
    bl_send(h, image_mc, image, PSP_BL__LOAD_SYSDRV);
    aemu_test_host_advance(h, 20 * MS);     /* mdelay(20) */
    return wait_for(h, mmMP0_SMN_C2PMSG_35, 0x80000000u, 0x80000000u);
}

/*
 * The sOS, without the driver's exact wait (see test_bootloader_sos_wait):
 * true once C2PMSG_81 reads non-zero, within a second.
 */
static bool bl_sos(AemuTestHost *h, uint64_t image_mc, uint8_t *image)
{
    bl_send(h, image_mc, image, PSP_BL__LOAD_SOSDRV);
    for (unsigned i = 0; i < 1000; i++) {
        if (rreg(h, mmMP0_SMN_C2PMSG_81)) {
            return true;
        }
        aemu_test_host_advance(h, MS);
    }
    return false;
}

static void boot(Drv *d)
{
    g_assert_true(bl_sysdrv(d->h, mc(FW_PRI_VRAM),
                            d->h->vram + FW_PRI_VRAM));
    g_assert_true(bl_sos(d->h, mc(FW_PRI_VRAM), d->h->vram + FW_PRI_VRAM));
}

/* ---- the control mailbox ---- */

/* Write a command to C2PMSG_64, mdelay(20), wait for the response flag. */
static uint32_t ctrl(AemuTestHost *h, uint32_t cmd)
{
    wreg(h, mmMP0_SMN_C2PMSG_64, cmd);
    aemu_test_host_advance(h, 20 * MS);
    wait_for(h, mmMP0_SMN_C2PMSG_64, 0x80000000u, 0x80000000u);
    return rreg(h, mmMP0_SMN_C2PMSG_64);
}

/* What psp_v3_1_ring_create waits for: the flag, and status 0. */
static bool ctrl_ok(uint32_t v)
{
    return (v & 0x8000FFFFu) == 0x80000000u;
}

/* psp_v3_1_ring_create (without its reroute_ih): the C2PMSG_64 answer. */
static uint32_t ring_create_at(AemuTestHost *h, uint64_t ring_mc,
                               uint32_t bytes)
{
    wreg(h, mmMP0_SMN_C2PMSG_69, (uint32_t)ring_mc);
    wreg(h, mmMP0_SMN_C2PMSG_70, (uint32_t)(ring_mc >> 32));
    wreg(h, mmMP0_SMN_C2PMSG_71, bytes);
    return ctrl(h, GFX_CTRL_CMD_ID_INIT_GPCOM_RING);
}

static void ring_create(Drv *d)
{
    memset(d->h->vram + d->ring_vram, 0, d->ring_bytes);
    g_assert_true(ctrl_ok(ring_create_at(d->h, mc(d->ring_vram),
                                         d->ring_bytes)));
}

/* ---- the GPCOM ring ---- */

static void put_frame(Drv *d, uint32_t slot, uint64_t cmd_mc,
                      uint64_t fence_mc, uint32_t value)
{
    uint8_t *f = d->h->vram + d->ring_vram + (uint64_t)slot * FRAME_BYTES;

    memset(f, 0, FRAME_BYTES);
    aemu_test_put32(f + FRAME_CMD_HI, (uint32_t)(cmd_mc >> 32));
    aemu_test_put32(f + FRAME_CMD_LO, (uint32_t)cmd_mc);
    aemu_test_put32(f + FRAME_FENCE_HI, (uint32_t)(fence_mc >> 32));
    aemu_test_put32(f + FRAME_FENCE_LO, (uint32_t)fence_mc);
    aemu_test_put32(f + FRAME_FENCE_VALUE, value);
}

/* psp_ring_cmd_submit, line for line. */
static void ring_cmd_submit(Drv *d, uint64_t cmd_mc, uint64_t fence_mc,
                            uint32_t index)
{
    uint32_t ring_size_dw = d->ring_bytes / 4;
    uint32_t wptr = rreg(d->h, mmMP0_SMN_C2PMSG_67);
    uint32_t slot = (wptr % ring_size_dw) == 0 ? 0 : wptr / FRAME_DW;

    g_assert_cmpuint(slot, <, d->ring_bytes / FRAME_BYTES);
    put_frame(d, slot, cmd_mc, fence_mc, index);
    wptr = (wptr + FRAME_DW) % ring_size_dw;
    wreg(d->h, mmMP0_SMN_C2PMSG_67, wptr);
}

/* A command in a buffer, as psp_cmd_submit_buf copies it there. */
static void cmd_write(uint8_t *buf, uint32_t id, const uint32_t *payload,
                      unsigned n)
{
    memset(buf, 0, PSP_CMD_BUFFER_SIZE);
    aemu_test_put32(buf + CMD_ID, id);
    for (unsigned i = 0; i < n; i++) {
        aemu_test_put32(buf + CMD_PAYLOAD + 4 * i, payload[i]);
    }
}

static Resp resp_read(const uint8_t *buf)
{
    return (Resp) {
        .status = aemu_test_get32(buf + RESP_STATUS),
        .session_id = aemu_test_get32(buf + RESP_SESSION_ID),
        .fw_addr = aemu_addr64(aemu_test_get32(buf + RESP_FW_ADDR_LO),
                               aemu_test_get32(buf + RESP_FW_ADDR_HI)),
    };
}

/*
 * psp_cmd_submit_buf: the command into the buffer, a frame with the next
 * fence value, then the wait (the scheduler runs until idle). True when
 * the fence came back with that value.
 */
static bool submit(Drv *d, uint32_t id, const uint32_t *payload, unsigned n,
                   Resp *r)
{
    uint32_t index;

    cmd_write(d->cmd, id, payload, n);
    index = ++d->fence_value;
    ring_cmd_submit(d, d->cmd_mc, d->fence_mc, index);
    run(d->h);
    *r = resp_read(d->cmd);
    return aemu_test_get32(d->fence) == index;
}

/* A command that must complete: its response status. */
static uint32_t submit_ok(Drv *d, uint32_t id, const uint32_t *payload,
                          unsigned n, Resp *r)
{
    Resp local;

    g_assert_true(submit(d, id, payload, n, r ? r : &local));
    return r ? r->status : local.status;
}

/* psp_prep_tmr_cmd_buf (virt_phy_addr set, the physical address given). */
static uint32_t setup_tmr(Drv *d, uint64_t tmr_vram, uint32_t bytes)
{
    uint64_t tmr_mc = mc(tmr_vram);
    const uint32_t p[] = {
        (uint32_t)tmr_mc, (uint32_t)(tmr_mc >> 32), bytes, 1u << 1,
        (uint32_t)tmr_vram, (uint32_t)(tmr_vram >> 32),
    };

    return submit_ok(d, GFX_CMD_ID_SETUP_TMR, p, G_N_ELEMENTS(p), NULL);
}

/* psp_prep_load_ip_fw_cmd_buf. */
static uint32_t load_ip_fw(Drv *d, uint64_t src_mc, uint32_t size,
                           uint32_t type, Resp *r)
{
    const uint32_t p[] = {
        (uint32_t)src_mc, (uint32_t)(src_mc >> 32), size, type,
    };

    return submit_ok(d, GFX_CMD_ID_LOAD_IP_FW, p, G_N_ELEMENTS(p), r);
}

/* psp_prep_ta_load_cmd_buf (LOAD_ASD: no shared memory). */
static uint32_t load_ta(Drv *d, uint32_t id, uint64_t app_mc, uint32_t len,
                        Resp *r)
{
    const uint32_t p[] = {
        (uint32_t)app_mc, (uint32_t)(app_mc >> 32), len, 0, 0, 0,
    };

    return submit_ok(d, id, p, G_N_ELEMENTS(p), r);
}

/* psp_prep_ta_unload_cmd_buf. */
static uint32_t unload_ta(Drv *d, uint32_t session)
{
    return submit_ok(d, GFX_CMD_ID_UNLOAD_TA, &session, 1, NULL);
}

/* Booted, with amdgpu's 4 KiB ring. */
static Drv drv_ready(AemuTimingMode timing)
{
    Drv d = drv_new(timing);

    boot(&d);
    ring_create(&d);
    return d;
}

/* ==== tests ==== */

/*
 * Power-on: the bootloader is ready (C2PMSG_35 bit 31), no sOS runs
 * (C2PMSG_81 0, so the driver loads it), the boot is complete (C2PMSG_33
 * bit 31). The block is PSP 3.1 and owns the mailboxes.
 */
static void test_power_on(void)
{
    Drv d = drv_new(AEMU_TIMING_OFF);
    const AemuBlock *b = d.h->dev->block_of[AEMU_BLOCK_PSP];

    g_assert_nonnull(b);
    g_assert_cmpuint(b->funcs->major, ==, 3);
    g_assert_cmpuint(b->funcs->minor, ==, 1);
    g_assert_cmpstr(d.h->dev->handlers[mmMP0_SMN_C2PMSG_64]->block, ==,
                    "psp");
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_35) & 0x80000000u, ==,
                    0x80000000u);
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_81), ==, 0);
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_33) & 0x80000000u, ==,
                    0x80000000u);
    /* Nothing runs until the driver asks. */
    g_assert_cmphex(d.h->timer_deadline, ==, UINT64_MAX);
    g_assert_cmpuint(errors(&d), ==, 0);
    aemu_test_host_free(d.h);
}

/*
 * psp_hw_start's bootloader path: the system driver, then the sOS from
 * the same 1 MiB buffer; the sign of life appears after the sOS only. A
 * bootloader command while the sOS runs changes nothing.
 */
static void test_bootloader(void)
{
    Drv d = drv_new(AEMU_TIMING_OFF);

    aemu_test_host_trace(d.h, "amdgpu_emu_psp_bootloader");
    g_assert_true(bl_sysdrv(d.h, mc(FW_PRI_VRAM), d.h->vram + FW_PRI_VRAM));
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_81), ==, 0);
    g_assert_true(bl_sos(d.h, mc(FW_PRI_VRAM), d.h->vram + FW_PRI_VRAM));
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_81), !=, 0);
    g_assert_cmpuint(errors(&d), ==, 0);
    g_assert_cmpuint(d.h->events->len, ==, 2);
    g_assert_cmpstr(((AemuTestEvent *)g_ptr_array_index(d.h->events, 0))
                    ->str[0], ==, "sysdrv");
    g_assert_cmpstr(((AemuTestEvent *)g_ptr_array_index(d.h->events, 1))
                    ->str[0], ==, "sos");
    g_assert_cmphex(((AemuTestEvent *)g_ptr_array_index(d.h->events, 1))
                    ->args[1], ==, mc(FW_PRI_VRAM));

    /* Ignored while the sOS runs: still alive, nothing reloaded. */
    wreg(d.h, mmMP0_SMN_C2PMSG_36, (uint32_t)(mc(TA_VRAM) >> 20));
    wreg(d.h, mmMP0_SMN_C2PMSG_35, PSP_BL__LOAD_SYSDRV);
    aemu_test_host_advance(d.h, 20 * MS);
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_81), !=, 0);
    g_assert_cmpuint(errors(&d), ==, 1);
    g_assert_cmpuint(d.h->events->len, ==, 2);
    /* The sOS still answers its mailbox. */
    ring_create(&d);
    aemu_test_host_free(d.h);
}

/*
 * psp_v3_1_bootloader_load_sos exactly: after mdelay(20) it reads
 * C2PMSG_81 and waits up to usec_timeout for it to differ from that
 * value (psp_wait_for with check_changed), and fails the PSP's hw_init
 * ("PSP load sos failed!") if it does not.
 */
static void test_bootloader_sos_wait(void)
{
    Drv d = drv_new(AEMU_TIMING_OFF);
    uint32_t reg_val;
    bool changed = false;

    g_assert_true(bl_sysdrv(d.h, mc(FW_PRI_VRAM), d.h->vram + FW_PRI_VRAM));
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_81), ==, 0);
    bl_send(d.h, mc(FW_PRI_VRAM), d.h->vram + FW_PRI_VRAM,
            PSP_BL__LOAD_SOSDRV);
    aemu_test_host_advance(d.h, 20 * MS);
    reg_val = rreg(d.h, mmMP0_SMN_C2PMSG_81);
    for (unsigned i = 0; i < USEC_TIMEOUT && !changed; i++) {
        changed = rreg(d.h, mmMP0_SMN_C2PMSG_81) != reg_val;
        aemu_test_host_advance(d.h, US);
    }
    g_assert_true(changed);
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_81), !=, 0);
    aemu_test_host_free(d.h);
}

/* LOAD_SOSDRV before LOAD_SYSDRV is refused: bit 31 stays clear. */
static void test_bootloader_sos_first(void)
{
    Drv d = drv_new(AEMU_TIMING_OFF);

    g_assert_false(bl_sos(d.h, mc(FW_PRI_VRAM), d.h->vram + FW_PRI_VRAM));
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_35) & 0x80000000u, ==, 0);
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_81), ==, 0);
    g_assert_cmpuint(errors(&d), >=, 1);
    /* No sOS: the control mailbox does not answer. */
    g_assert_cmphex(ring_create_at(d.h, mc(RING_VRAM), RING_BYTES) &
                    0x80000000u, ==, 0);
    aemu_test_host_free(d.h);
}

/*
 * An image the bootloader cannot read (past VRAM, no GART): no answer,
 * and the read is the MMHUB's fault at VMID 0 (the PSP is its client).
 */
static void test_bootloader_bad_address(void)
{
    Drv d = drv_new(AEMU_TIMING_OFF);
    uint32_t status;

    g_assert_false(bl_sysdrv(d.h, BAD_MC, NULL));
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_35) & 0x80000000u, ==, 0);
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_81), ==, 0);
    g_assert_cmpuint(errors(&d), >=, 1);
    status = rreg(d.h, MMHUB_mmVM_L2_PROTECTION_FAULT_STATUS);
    g_assert_cmphex(status, !=, 0);
    g_assert_cmpuint(AEMU_REG_GET(status, VM_L2_PROTECTION_FAULT_STATUS,
                                  VMID), ==, 0);
    g_assert_cmpuint(AEMU_REG_GET(status, VM_L2_PROTECTION_FAULT_STATUS,
                                  RW), ==, 0);
    g_assert_cmphex(rreg(d.h, MMHUB_mmVM_L2_PROTECTION_FAULT_ADDR_LO32), ==,
                    (uint32_t)(BAD_MC >> 12));
    aemu_test_host_free(d.h);

    /* The same for the sOS after a good system driver. */
    d = drv_new(AEMU_TIMING_OFF);
    g_assert_true(bl_sysdrv(d.h, mc(FW_PRI_VRAM), d.h->vram + FW_PRI_VRAM));
    g_assert_false(bl_sos(d.h, BAD_MC, NULL));
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_35) & 0x80000000u, ==, 0);
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_81), ==, 0);
    aemu_test_host_free(d.h);
}

/*
 * psp_v3_1_reroute_ih: the sOS programs the IH client configuration the
 * driver passes (VMC then UMC); before the sOS, no answer.
 */
static void test_gbr_ih_set(void)
{
    Drv d = drv_new(AEMU_TIMING_OFF);
    uint32_t vmc = AEMU_REG_SET(0, IH_CLIENT_CFG_DATA, CREDIT_RETURN_ADDR,
                                0x1244b);
    uint32_t umc = AEMU_REG_SET(0, IH_CLIENT_CFG_DATA, CREDIT_RETURN_ADDR,
                                0x1216b);

    vmc = AEMU_REG_SET(vmc, IH_CLIENT_CFG_DATA, CLIENT_TYPE, 1);
    vmc = AEMU_REG_SET(vmc, IH_CLIENT_CFG_DATA, RING_ID, 1);
    umc = AEMU_REG_SET(umc, IH_CLIENT_CFG_DATA, RING_ID, 1);

    wreg(d.h, mmMP0_SMN_C2PMSG_69, 3);
    wreg(d.h, mmMP0_SMN_C2PMSG_70, vmc);
    g_assert_cmphex(ctrl(d.h, GFX_CTRL_CMD_ID_GBR_IH_SET) & 0x80000000u, ==,
                    0);
    g_assert_cmphex(rreg(d.h, mmIH_CLIENT_CFG_DATA), ==, 0);

    boot(&d);
    wreg(d.h, mmMP0_SMN_C2PMSG_69, 3);
    wreg(d.h, mmMP0_SMN_C2PMSG_70, vmc);
    g_assert_true(ctrl_ok(ctrl(d.h, GFX_CTRL_CMD_ID_GBR_IH_SET)));
    g_assert_cmphex(rreg(d.h, mmIH_CLIENT_CFG_INDEX), ==, 3);
    g_assert_cmphex(rreg(d.h, mmIH_CLIENT_CFG_DATA), ==, vmc);
    wreg(d.h, mmMP0_SMN_C2PMSG_69, 4);
    wreg(d.h, mmMP0_SMN_C2PMSG_70, umc);
    g_assert_true(ctrl_ok(ctrl(d.h, GFX_CTRL_CMD_ID_GBR_IH_SET)));
    g_assert_cmphex(rreg(d.h, mmIH_CLIENT_CFG_INDEX), ==, 4);
    g_assert_cmphex(rreg(d.h, mmIH_CLIENT_CFG_DATA), ==, umc);
    aemu_test_host_free(d.h);
}

/*
 * INIT_GPCOM_RING: amdgpu's ring is accepted with status 0 and both
 * pointers at 0; bad geometries are answered with a non-zero status;
 * DESTROY_RINGS lets a ring be created again.
 */
static void test_ring_create(void)
{
    Drv d = drv_new(AEMU_TIMING_OFF);
    static const struct { uint64_t vram; uint32_t bytes; } bad[] = {
        { RING_VRAM, 0 },
        { RING_VRAM, 100 },                 /* not whole frames */
        { RING_VRAM, 0x1000 + 32 },
        { RING_VRAM, 128 * 1024 },          /* more than 64 KiB */
        { RING_VRAM + 0x800, 0x1000 },      /* not 4 KiB aligned */
        { RING_VRAM + 4, 0x1000 },
    };
    uint32_t v;

    /* Before the sOS (none, then the system driver only): no answer. */
    g_assert_cmphex(ring_create_at(d.h, mc(RING_VRAM), RING_BYTES) &
                    0x80000000u, ==, 0);
    g_assert_true(bl_sysdrv(d.h, mc(FW_PRI_VRAM), d.h->vram + FW_PRI_VRAM));
    g_assert_cmphex(ring_create_at(d.h, mc(RING_VRAM), RING_BYTES) &
                    0x80000000u, ==, 0);
    g_assert_true(bl_sos(d.h, mc(FW_PRI_VRAM), d.h->vram + FW_PRI_VRAM));

    for (unsigned i = 0; i < G_N_ELEMENTS(bad); i++) {
        v = ring_create_at(d.h, mc(bad[i].vram), bad[i].bytes);
        g_assert_cmphex(v & 0x80000000u, ==, 0x80000000u);
        g_assert_cmphex(v & 0xFFFFu, !=, 0);
    }
    v = ring_create_at(d.h, mc(RING_VRAM), RING_BYTES);
    g_assert_cmphex(v & 0x8000FFFFu, ==, 0x80000000u);
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_67), ==, 0);
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_68), ==, 0);
    /* psp_v3_1_ring_stop, then a new ring (resume). */
    g_assert_cmphex(ctrl(d.h, GFX_CTRL_CMD_ID_DESTROY_RINGS) & 0x80000000u,
                    ==, 0x80000000u);
    v = ring_create_at(d.h, mc(RING_VRAM), RING_BYTES);
    g_assert_cmphex(v & 0x8000FFFFu, ==, 0x80000000u);
    /* The largest ring the model takes, 64 KiB, is fine too. */
    ctrl(d.h, GFX_CTRL_CMD_ID_DESTROY_RINGS);
    v = ring_create_at(d.h, mc(RING_VRAM), 64 * 1024);
    g_assert_cmphex(v & 0x8000FFFFu, ==, 0x80000000u);
    aemu_test_host_free(d.h);
}

/*
 * psp_tmr_load then psp_np_fw_load: SETUP_TMR, then LOAD_IP_FW of a few
 * engines' images (one over 64 KiB, one not a page multiple): each fence
 * comes back with its value, status 0, the response's fw_addr inside the
 * TMR, page aligned, and the TMR there holds the image. The PSP writes
 * only the response into the command buffer.
 */
static void test_load_ip_fw(void)
{
    Drv d = drv_ready(AEMU_TIMING_OFF);
    static const struct { uint32_t type, size; const char *name; } fw[] = {
        { GFX_FW_TYPE_SDMA0, 0x1234, "SDMA0" },
        { GFX_FW_TYPE_CP_MEC, 0x22000, "CP_MEC" },
        { GFX_FW_TYPE_RLC_G, 0x800, "RLC_G" },
        { GFX_FW_TYPE_SMU, 0x3000, "SMU" },
    };
    uint64_t addr[G_N_ELEMENTS(fw)];
    uint8_t before[PSP_CMD_BUFFER_SIZE];
    Resp r;

    aemu_test_host_trace(d.h, "amdgpu_emu_psp_fw_load");
    g_assert_cmphex(setup_tmr(&d, TMR_VRAM, TMR_BYTES), ==, 0);
    for (unsigned i = 0; i < G_N_ELEMENTS(fw); i++) {
        fill(d.h->vram + FW_VRAM(i), fw[i].size, 100 + i);
        g_assert_cmphex(load_ip_fw(&d, mc(FW_VRAM(i)), fw[i].size,
                                   fw[i].type, &r), ==, 0);
        addr[i] = r.fw_addr;
        g_assert_cmphex(addr[i], >=, mc(TMR_VRAM));
        g_assert_cmphex(addr[i] + fw[i].size, <=, mc(TMR_VRAM) + TMR_BYTES);
        g_assert_cmphex(addr[i] & 0xfff, ==, 0);
        g_assert_cmpmem(d.h->vram + (addr[i] - FB_MC_BASE), fw[i].size,
                        d.h->vram + FW_VRAM(i), fw[i].size);
        g_assert_cmpuint(d.h->events->len, ==, i + 1);
        g_assert_cmpstr(((AemuTestEvent *)g_ptr_array_index(d.h->events, i))
                        ->str[0], ==, fw[i].name);
    }
    /* Each image has its own place: the earlier ones are intact. */
    for (unsigned i = 0; i < G_N_ELEMENTS(fw); i++) {
        g_assert_cmpmem(d.h->vram + (addr[i] - FB_MC_BASE), fw[i].size,
                        d.h->vram + FW_VRAM(i), fw[i].size);
    }
    /* The command half of the buffer is the driver's. */
    memcpy(before, d.cmd, CMD_RESP);
    load_ip_fw(&d, mc(FW_VRAM(0)), fw[0].size, fw[0].type, &r);
    cmd_write(before, GFX_CMD_ID_LOAD_IP_FW, (const uint32_t[]) {
        (uint32_t)mc(FW_VRAM(0)), (uint32_t)(mc(FW_VRAM(0)) >> 32),
        fw[0].size, fw[0].type }, 4);
    g_assert_cmpmem(d.cmd, CMD_RESP, before, CMD_RESP);
    g_assert_cmpuint(d.fence_value, ==, 1 + G_N_ELEMENTS(fw) + 1);
    g_assert_cmpuint(errors(&d), ==, 0);
    aemu_test_host_free(d.h);
}

/*
 * Refusals with a fence all the same (the driver only warns on a
 * non-zero status): LOAD_IP_FW with no TMR, of a type the driver does
 * not send, of nothing, unaligned, or larger than the TMR's room; a
 * command id the v3.1 sOS does not know answers PSP_ERR_UNKNOWN_COMMAND.
 */
static void test_cmd_errors(void)
{
    Drv d = drv_ready(AEMU_TIMING_OFF);
    Resp r;

    fill(d.h->vram + FW_VRAM(0), 0x2000, 7);
    g_assert_cmphex(load_ip_fw(&d, mc(FW_VRAM(0)), 0x2000,
                               GFX_FW_TYPE_SDMA0, &r), !=, 0);
    g_assert_cmphex(aemu_test_get32(d.fence), ==, d.fence_value);

    g_assert_cmphex(setup_tmr(&d, TMR_VRAM, TMR_BYTES), ==, 0);
    g_assert_cmphex(load_ip_fw(&d, mc(FW_VRAM(0)), 0x2000, 0, &r), !=, 0);
    g_assert_cmphex(load_ip_fw(&d, mc(FW_VRAM(0)), 0x2000, 24, &r), !=, 0);
    g_assert_cmphex(load_ip_fw(&d, mc(FW_VRAM(0)), 0x2000, 0x1000, &r), !=,
                    0);
    g_assert_cmphex(load_ip_fw(&d, mc(FW_VRAM(0)), 0, GFX_FW_TYPE_SDMA0,
                               &r), !=, 0);
    g_assert_cmphex(load_ip_fw(&d, mc(FW_VRAM(0)) + 0x100, 0x2000,
                               GFX_FW_TYPE_SDMA0, &r), !=, 0);
    g_assert_cmphex(load_ip_fw(&d, mc(FW_VRAM(0)), TMR_BYTES + 0x1000,
                               GFX_FW_TYPE_SDMA0, &r), !=, 0);
    /* A source that does not translate. */
    g_assert_cmphex(load_ip_fw(&d, BAD_MC, 0x2000, GFX_FW_TYPE_SDMA0, &r),
                    !=, 0);
    /* Still working after all that. */
    g_assert_cmphex(load_ip_fw(&d, mc(FW_VRAM(0)), 0x2000,
                               GFX_FW_TYPE_SDMA0, &r), ==, 0);

    g_assert_cmphex(submit_ok(&d, 0x30, NULL, 0, &r), ==,
                    PSP_ERR_UNKNOWN_COMMAND);
    g_assert_cmphex(submit_ok(&d, 0x0c, NULL, 0, &r), ==,
                    PSP_ERR_UNKNOWN_COMMAND);
    aemu_test_host_free(d.h);
}

/*
 * psp_asd_initialize / psp_ta_unload: LOAD_ASD answers a session id; a
 * second LOAD_ASD while it is loaded is refused; UNLOAD_TA of that id
 * succeeds, of an unknown one not; then ASD loads again. LOAD_TA gets a
 * session of its own.
 */
static void test_ta_sessions(void)
{
    Drv d = drv_ready(AEMU_TIMING_OFF);
    uint32_t asd, ta;
    Resp r;

    fill(d.h->vram + TA_VRAM, 256, 3);
    g_assert_cmphex(load_ta(&d, GFX_CMD_ID_LOAD_ASD, mc(TA_VRAM), 256, &r),
                    ==, 0);
    asd = r.session_id;
    g_assert_cmphex(asd, !=, 0);
    g_assert_cmphex(load_ta(&d, GFX_CMD_ID_LOAD_ASD, mc(TA_VRAM), 256, &r),
                    !=, 0);
    g_assert_cmphex(load_ta(&d, GFX_CMD_ID_LOAD_TA, mc(TA_VRAM), 256, &r),
                    ==, 0);
    ta = r.session_id;
    g_assert_cmphex(ta, !=, 0);
    g_assert_cmphex(ta, !=, asd);
    g_assert_cmphex(unload_ta(&d, asd), ==, 0);
    g_assert_cmphex(unload_ta(&d, asd), !=, 0);
    g_assert_cmphex(unload_ta(&d, asd + ta + 1000), !=, 0);
    g_assert_cmphex(unload_ta(&d, 0), !=, 0);
    g_assert_cmphex(load_ta(&d, GFX_CMD_ID_LOAD_ASD, mc(TA_VRAM), 256, &r),
                    ==, 0);
    g_assert_cmphex(r.session_id, !=, 0);
    g_assert_cmphex(r.session_id, !=, ta);
    g_assert_cmphex(unload_ta(&d, ta), ==, 0);
    /* An application that cannot be read gets no session. */
    g_assert_cmphex(load_ta(&d, GFX_CMD_ID_LOAD_TA, BAD_MC, 256, &r), !=, 0);
    aemu_test_host_free(d.h);
}

/* DESTROY_TMR (psp_tmr_unload): 0; firmware loads need a new TMR. */
static void test_destroy_tmr(void)
{
    Drv d = drv_ready(AEMU_TIMING_OFF);
    Resp r;

    fill(d.h->vram + FW_VRAM(0), 0x1000, 9);
    g_assert_cmphex(setup_tmr(&d, TMR_VRAM, TMR_BYTES), ==, 0);
    g_assert_cmphex(load_ip_fw(&d, mc(FW_VRAM(0)), 0x1000,
                               GFX_FW_TYPE_RLC_G, &r), ==, 0);
    g_assert_cmphex(submit_ok(&d, GFX_CMD_ID_DESTROY_TMR, NULL, 0, &r), ==,
                    0);
    g_assert_cmphex(load_ip_fw(&d, mc(FW_VRAM(0)), 0x1000,
                               GFX_FW_TYPE_RLC_G, &r), !=, 0);
    g_assert_cmphex(setup_tmr(&d, TMR_VRAM, TMR_BYTES), ==, 0);
    g_assert_cmphex(load_ip_fw(&d, mc(FW_VRAM(0)), 0x1000,
                               GFX_FW_TYPE_RLC_G, &r), ==, 0);
    g_assert_cmphex(r.fw_addr, ==, mc(TMR_VRAM));
    aemu_test_host_free(d.h);
}

/*
 * More commands than the ring holds (64 frames of 64 bytes), one at a
 * time as psp_cmd_submit_buf waits for each: the write pointer wraps to
 * frame 0, every fence lands, C2PMSG_68 follows to the write pointer.
 */
static void test_ring_wrap(void)
{
    Drv d = drv_ready(AEMU_TIMING_OFF);
    unsigned wraps = 0;
    Resp r;

    g_assert_cmphex(setup_tmr(&d, TMR_VRAM, TMR_BYTES), ==, 0);
    /* 1 + 183 commands: the write pointer ends at frame 56. */
    for (unsigned i = 0; i < 183; i++) {
        g_assert_cmphex(submit_ok(&d, 0x30, NULL, 0, &r), ==,
                        PSP_ERR_UNKNOWN_COMMAND);
        g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_68), ==,
                        rreg(d.h, mmMP0_SMN_C2PMSG_67));
        g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_67), ==,
                        ((i + 2) * FRAME_DW) % (RING_BYTES / 4));
        wraps += rreg(d.h, mmMP0_SMN_C2PMSG_67) == 0;
    }
    g_assert_cmpuint(wraps, ==, 2);
    g_assert_cmpuint(d.fence_value, ==, 184);

    /*
     * A burst across the end of the ring (frames 56..63 and 0..7), each
     * frame with its own command buffer and fence slot.
     */
    for (unsigned i = 0; i < 16; i++) {
        uint32_t slot = (rreg(d.h, mmMP0_SMN_C2PMSG_67) / FRAME_DW + i) % 64;

        cmd_write(d.h->vram + CMDS_VRAM(i), 0x30, NULL, 0);
        put_frame(&d, slot, mc(CMDS_VRAM(i)), mc(FENCES_VRAM + 4 * i),
                  0xf000 + i);
    }
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_67), ==, 56 * FRAME_DW);
    wreg(d.h, mmMP0_SMN_C2PMSG_67, 8 * FRAME_DW);
    run(d.h);
    for (unsigned i = 0; i < 16; i++) {
        g_assert_cmphex(aemu_test_get32(d.h->vram + FENCES_VRAM + 4 * i), ==,
                        0xf000 + i);
        g_assert_cmphex(resp_read(d.h->vram + CMDS_VRAM(i)).status, ==,
                        PSP_ERR_UNKNOWN_COMMAND);
    }
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_68), ==, 8 * FRAME_DW);
    aemu_test_host_free(d.h);
}

/*
 * Write pointers the driver never writes (not a frame boundary, past the
 * ring): ignored, no fence, no crash; a good one afterwards runs the
 * frame.
 */
static void test_hostile_wptr(void)
{
    Drv d = drv_ready(AEMU_TIMING_OFF);
    static const uint32_t bad[] = { 5, 8, 15, RING_BYTES / 4,
                                    RING_BYTES / 4 + FRAME_DW, 0xffffffffu,
                                    0x80000000u };

    cmd_write(d.cmd, 0x30, NULL, 0);
    put_frame(&d, 0, d.cmd_mc, d.fence_mc, 0x1234);
    for (unsigned i = 0; i < G_N_ELEMENTS(bad); i++) {
        unsigned before = errors(&d);

        wreg(d.h, mmMP0_SMN_C2PMSG_67, bad[i]);
        run(d.h);
        g_assert_cmphex(aemu_test_get32(d.fence), ==, 0);
        g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_68), ==, 0);
        g_assert_cmpuint(errors(&d), >, before);
    }
    wreg(d.h, mmMP0_SMN_C2PMSG_67, FRAME_DW);
    run(d.h);
    g_assert_cmphex(aemu_test_get32(d.fence), ==, 0x1234);
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_68), ==, FRAME_DW);
    aemu_test_host_free(d.h);
}

/*
 * A frame whose command buffer does not translate: no response, no
 * fence; the next frame runs.
 */
static void test_hostile_cmd_buf(void)
{
    Drv d = drv_ready(AEMU_TIMING_OFF);
    uint8_t *fence0 = d.h->vram + FENCES_VRAM, *fence1 = fence0 + 4;

    cmd_write(d.h->vram + CMDS_VRAM(1), 0x30, NULL, 0);
    put_frame(&d, 0, BAD_MC, mc(FENCES_VRAM), 0xaaaa);
    put_frame(&d, 1, mc(CMDS_VRAM(1)), mc(FENCES_VRAM + 4), 0xbbbb);
    wreg(d.h, mmMP0_SMN_C2PMSG_67, 2 * FRAME_DW);
    run(d.h);
    g_assert_cmphex(aemu_test_get32(fence0), ==, 0);
    g_assert_cmphex(aemu_test_get32(fence1), ==, 0xbbbb);
    g_assert_cmphex(resp_read(d.h->vram + CMDS_VRAM(1)).status, ==,
                    PSP_ERR_UNKNOWN_COMMAND);
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_68), ==, 2 * FRAME_DW);
    g_assert_cmpuint(errors(&d), >=, 1);
    aemu_test_host_free(d.h);
}

/*
 * A ring whose own memory does not translate: the frame cannot be read,
 * the ring stops, nothing is written; a new good ring works.
 */
static void test_hostile_ring(void)
{
    Drv d = drv_new(AEMU_TIMING_OFF);

    boot(&d);
    ring_create_at(d.h, BAD_MC, RING_BYTES);
    wreg(d.h, mmMP0_SMN_C2PMSG_67, FRAME_DW);
    /* One expiry: the ring stops there, it does not retry forever. */
    aemu_test_host_advance(d.h, 0);
    g_assert_cmphex(d.h->timer_deadline, ==, UINT64_MAX);
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_68), ==, 0);
    g_assert_cmpuint(errors(&d), >=, 1);
    g_assert_cmpuint(errors(&d), <=, 4);
    wreg(d.h, mmMP0_SMN_C2PMSG_67, 2 * FRAME_DW);
    run(d.h);
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_68), ==, 0);

    ctrl(d.h, GFX_CTRL_CMD_ID_DESTROY_RINGS);
    ring_create(&d);
    g_assert_cmphex(setup_tmr(&d, TMR_VRAM, TMR_BYTES), ==, 0);
    aemu_test_host_free(d.h);
}

/*
 * psp_v3_1_mode1_reset after a working session: the whole ASIC resets
 * but VRAM; the sOS is gone (C2PMSG_81 0, the bootloader ready), C2PMSG_33
 * bit 31 reports the reset done, C2PMSG_64 answers with status 0. The
 * ring is gone; the bootloader path and a fresh sOS work again.
 */
static void test_mode1_reset(void)
{
    Drv d = drv_ready(AEMU_TIMING_OFF);
    uint32_t aperture_reset = rreg(d.h,
                                   GC_mmMC_VM_SYSTEM_APERTURE_DEFAULT_ADDR_LSB);
    Resp r;

    aemu_test_host_trace(d.h, "amdgpu_emu_psp_mode1_reset");
    fill(d.h->vram + FW_VRAM(0), 0x5000, 11);
    g_assert_cmphex(setup_tmr(&d, TMR_VRAM, TMR_BYTES), ==, 0);
    g_assert_cmphex(load_ip_fw(&d, mc(FW_VRAM(0)), 0x5000,
                               GFX_FW_TYPE_SDMA0, &r), ==, 0);
    /* Registers of other blocks, away from their reset values. */
    wreg(d.h, GC_mmMC_VM_SYSTEM_APERTURE_DEFAULT_ADDR_LSB, 0x1234);
    g_assert_cmphex(rreg(d.h, GC_mmMC_VM_SYSTEM_APERTURE_DEFAULT_ADDR_LSB),
                    ==, 0x1234);
    g_assert_cmphex(rreg(d.h, mmSDMA0_F32_CNTL) & SDMA0_F32_CNTL__HALT_MASK,
                    ==, SDMA0_F32_CNTL__HALT_MASK);
    wreg(d.h, mmSDMA0_F32_CNTL, 0);
    g_assert_cmphex(rreg(d.h, mmSDMA0_F32_CNTL), ==, 0);

    /* psp_v3_1_mode1_reset, line for line. */
    g_assert_true(wait_for(d.h, mmMP0_SMN_C2PMSG_64, 0x80000000u,
                           0x8000FFFFu));
    wreg(d.h, mmMP0_SMN_C2PMSG_64, GFX_CTRL_CMD_ID_MODE1_RST);
    aemu_test_host_advance(d.h, 500 * MS);
    g_assert_true(wait_for(d.h, mmMP0_SMN_C2PMSG_33, 0x80000000u,
                           0x80000000u));

    g_assert_cmpuint(d.h->events->len, ==, 1);
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_81), ==, 0);
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_35) & 0x80000000u, ==,
                    0x80000000u);
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_64) & 0x8000FFFFu, ==,
                    0x80000000u);
    g_assert_cmphex(rreg(d.h, GC_mmMC_VM_SYSTEM_APERTURE_DEFAULT_ADDR_LSB),
                    ==, aperture_reset);
    g_assert_cmphex(rreg(d.h, mmSDMA0_F32_CNTL) & SDMA0_F32_CNTL__HALT_MASK,
                    ==, SDMA0_F32_CNTL__HALT_MASK);
    /* VRAM is kept: the TMR copy and the source image. */
    g_assert_cmpmem(d.h->vram + (r.fw_addr - FB_MC_BASE), 0x5000,
                    d.h->vram + FW_VRAM(0), 0x5000);
    g_assert_cmphex(aemu_test_get32(d.h->vram + FW_VRAM(0)), !=, 0);

    /* No ring: a write pointer does nothing. */
    cmd_write(d.cmd, 0x30, NULL, 0);
    put_frame(&d, 0, d.cmd_mc, d.fence_mc, 0x5555);
    wreg(d.h, mmMP0_SMN_C2PMSG_67, FRAME_DW);
    run(d.h);
    g_assert_cmphex(aemu_test_get32(d.fence), !=, 0x5555);
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_68), ==, 0);

    /* The driver's resume: bootloader, ring, a TMR of its own again. */
    boot(&d);
    ring_create(&d);
    g_assert_cmphex(load_ip_fw(&d, mc(FW_VRAM(0)), 0x5000,
                               GFX_FW_TYPE_SDMA0, &r), !=, 0);
    g_assert_cmphex(setup_tmr(&d, TMR_VRAM, TMR_BYTES), ==, 0);
    g_assert_cmphex(load_ip_fw(&d, mc(FW_VRAM(0)), 0x5000,
                               GFX_FW_TYPE_SDMA0, &r), ==, 0);
    aemu_test_host_free(d.h);
}

/*
 * The MODE1 command written by an engine inside a slice (an SDMA
 * SRBM_WRITE of C2PMSG_64 from a ring in VRAM, VMID 0): the reset
 * happens, at the slice's end, to every block the SDMA included.
 */
static void test_mode1_reset_from_sdma(void)
{
    Drv d = drv_ready(AEMU_TIMING_OFF);
    uint32_t rb_cntl_reset = rreg(d.h, mmSDMA0_GFX_RB_CNTL);
    uint32_t rb_cntl = AEMU_REG_SET(0, SDMA0_GFX_RB_CNTL, RB_SIZE, 10);
    uint8_t *ring = d.h->vram + SDMA_RING_VRAM;
    uint64_t ring_mc = mc(SDMA_RING_VRAM);

    /* sdma_v4_0_ring_emit_wreg(C2PMSG_64, MODE1_RST). */
    aemu_test_put32(ring, SDMA_PKT_HEADER_OP(SDMA_OP_SRBM_WRITE) |
                    SDMA_PKT_SRBM_WRITE_HEADER_BYTE_EN(0xf));
    aemu_test_put32(ring + 4, mmMP0_SMN_C2PMSG_64);
    aemu_test_put32(ring + 8, GFX_CTRL_CMD_ID_MODE1_RST);
    wreg(d.h, mmSDMA0_GFX_RB_CNTL, rb_cntl);
    wreg(d.h, mmSDMA0_GFX_RB_BASE, (uint32_t)(ring_mc >> 8));
    wreg(d.h, mmSDMA0_GFX_RB_BASE_HI, (uint32_t)(ring_mc >> 40));
    wreg(d.h, mmSDMA0_F32_CNTL, 0);
    wreg(d.h, mmSDMA0_GFX_RB_CNTL, rb_cntl | SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
    wreg(d.h, mmSDMA0_GFX_RB_WPTR_HI, 0);
    wreg(d.h, mmSDMA0_GFX_RB_WPTR, 3 * 4);
    /* Nothing before the scheduler runs. */
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_81), !=, 0);
    run(d.h);
    g_assert_false(d.h->dev->reset_pending);
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_81), ==, 0);
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_35) & 0x80000000u, ==,
                    0x80000000u);
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_33) & 0x80000000u, ==,
                    0x80000000u);
    g_assert_cmphex(rreg(d.h, mmMP0_SMN_C2PMSG_64) & 0x8000FFFFu, ==,
                    0x80000000u);
    g_assert_cmphex(rreg(d.h, mmSDMA0_GFX_RB_CNTL), ==, rb_cntl_reset);
    g_assert_cmphex(rreg(d.h, mmSDMA0_F32_CNTL) & SDMA0_F32_CNTL__HALT_MASK,
                    ==, SDMA0_F32_CNTL__HALT_MASK);
    g_assert_cmphex(aemu_test_get32(ring + 8), ==, GFX_CTRL_CMD_ID_MODE1_RST);
    /* And the PSP boots again. */
    boot(&d);
    aemu_test_host_free(d.h);
}

/*
 * The driver's own placement on bare metal: fw_pri, the command and fence
 * buffers and the images in GTT (system memory through the MMHUB's GART,
 * context 0 of VMID 0), the ring and TMR in VRAM.
 */
static void test_gart(void)
{
    Drv d = drv_new(AEMU_TIMING_OFF);
    uint8_t *table = d.h->vram + GART_TABLE_VRAM;
    const uint64_t gtt_fw_pri = 1 * MiB, gtt_cmd = 2 * MiB;
    const uint64_t gtt_fence = 2 * MiB + 0x1000, gtt_image = 3 * MiB;
    Resp r;

    /* mmhub_v1_0_init_gart_aperture_regs + enable_system_domain. */
    wreg(d.h, MMHUB_mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR_LO32,
         (uint32_t)GART_TABLE_VRAM | 1);
    wreg(d.h, MMHUB_mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR_LO32 + 1, 0);
    wreg(d.h, MMHUB_mmVM_CONTEXT0_PAGE_TABLE_START_ADDR_LO32, 0);
    wreg(d.h, MMHUB_mmVM_CONTEXT0_PAGE_TABLE_START_ADDR_LO32 + 1, 0);
    wreg(d.h, MMHUB_mmVM_CONTEXT0_PAGE_TABLE_END_ADDR_LO32,
         (uint32_t)((512 * MiB - 1) >> 12));
    wreg(d.h, MMHUB_mmVM_CONTEXT0_PAGE_TABLE_END_ADDR_LO32 + 1, 0);
    wreg(d.h, MMHUB_mmVM_CONTEXT0_CNTL, VM_CONTEXT0_CNTL__ENABLE_CONTEXT_MASK);
    /* GTT pages 1 MiB .. 4 MiB onto the same bus addresses. */
    for (uint64_t a = 1 * MiB; a < RAM_SIZE; a += 4096) {
        aemu_test_put64(table + (a >> 12) * 8, a | PTE_SYSTEM_RW);
    }
    d.cmd_mc = gtt_cmd;
    d.cmd = d.h->ram + gtt_cmd;
    d.fence_mc = gtt_fence;
    d.fence = d.h->ram + gtt_fence;

    g_assert_true(bl_sysdrv(d.h, gtt_fw_pri, d.h->ram + gtt_fw_pri));
    g_assert_true(bl_sos(d.h, gtt_fw_pri, d.h->ram + gtt_fw_pri));
    ring_create(&d);
    g_assert_cmphex(setup_tmr(&d, TMR_VRAM, TMR_BYTES), ==, 0);
    fill(d.h->ram + gtt_image, 0x2345, 21);
    g_assert_cmphex(load_ip_fw(&d, gtt_image, 0x2345, GFX_FW_TYPE_CP_MEC,
                               &r), ==, 0);
    g_assert_cmpmem(d.h->vram + (r.fw_addr - FB_MC_BASE), 0x2345,
                    d.h->ram + gtt_image, 0x2345);
    g_assert_cmpuint(errors(&d), ==, 0);
    aemu_test_host_free(d.h);
}

/* A burst of n commands, each with its own buffer and fence slot. */
static void burst(Drv *d, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        cmd_write(d->h->vram + CMDS_VRAM(i), 0x30, NULL, 0);
        put_frame(d, i, mc(CMDS_VRAM(i)), mc(FENCES_VRAM + 4 * i), 0x100 + i);
    }
    wreg(d->h, mmMP0_SMN_C2PMSG_67, n * FRAME_DW);
}

static unsigned fences_landed(Drv *d, unsigned n)
{
    unsigned landed = 0;

    for (unsigned i = 0; i < n; i++) {
        landed += aemu_test_get32(d->h->vram + FENCES_VRAM + 4 * i) ==
                  0x100 + i;
    }
    return landed;
}

/*
 * With timing on: no fence before the timer fires; a command costs the
 * sOS's time, so a burst of 8 lands over tens of microseconds, not at
 * once, and all of it by a bound.
 */
static void test_timing(void)
{
    Drv d = drv_ready(AEMU_TIMING_ON);
    uint64_t t0;
    unsigned landed;

    cmd_write(d.cmd, 0x30, NULL, 0);
    ring_cmd_submit(&d, d.cmd_mc, d.fence_mc, 77);
    g_assert_cmphex(d.h->timer_deadline, !=, UINT64_MAX);
    g_assert_cmphex(aemu_test_get32(d.fence), ==, 0);
    aemu_test_host_advance(d.h, d.h->timer_deadline - d.h->now_ns);
    g_assert_cmphex(aemu_test_get32(d.fence), ==, 77);
    run(d.h);
    aemu_test_host_advance(d.h, MS);

    /* Frames from 0 again: a new ring. */
    ctrl(d.h, GFX_CTRL_CMD_ID_DESTROY_RINGS);
    ring_create(&d);
    burst(&d, 8);
    t0 = d.h->now_ns;
    g_assert_cmpuint(fences_landed(&d, 8), ==, 0);
    aemu_test_host_advance(d.h, 0);
    landed = fences_landed(&d, 8);
    g_assert_cmpuint(landed, >=, 1);
    g_assert_cmpuint(landed, <, 8);
    while (fences_landed(&d, 8) < 8 && d.h->now_ns - t0 < 10 * MS) {
        aemu_test_host_advance(d.h, US);
    }
    g_assert_cmpuint(fences_landed(&d, 8), ==, 8);
    g_assert_cmpuint(d.h->now_ns - t0, >=, 40 * US);
    g_assert_cmpuint(d.h->now_ns - t0, <=, 200 * US);
    aemu_test_host_free(d.h);
}

/*
 * With timing off every cost is zero (sched.c): the whole burst is done
 * when the timer first fires.
 */
static void test_timing_off(void)
{
    Drv d = drv_ready(AEMU_TIMING_OFF);

    burst(&d, 8);
    g_assert_cmpuint(fences_landed(&d, 8), ==, 0);
    aemu_test_host_advance(d.h, 0);
    g_assert_cmpuint(fences_landed(&d, 8), ==, 8);
    aemu_test_host_free(d.h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/psp/power-on", test_power_on);
    g_test_add_func("/psp/bootloader", test_bootloader);
    g_test_add_func("/psp/bootloader-sos-wait", test_bootloader_sos_wait);
    g_test_add_func("/psp/bootloader-sos-first", test_bootloader_sos_first);
    g_test_add_func("/psp/bootloader-bad-address",
                    test_bootloader_bad_address);
    g_test_add_func("/psp/gbr-ih-set", test_gbr_ih_set);
    g_test_add_func("/psp/ring-create", test_ring_create);
    g_test_add_func("/psp/load-ip-fw", test_load_ip_fw);
    g_test_add_func("/psp/cmd-errors", test_cmd_errors);
    g_test_add_func("/psp/ta-sessions", test_ta_sessions);
    g_test_add_func("/psp/destroy-tmr", test_destroy_tmr);
    g_test_add_func("/psp/ring-wrap", test_ring_wrap);
    g_test_add_func("/psp/hostile-wptr", test_hostile_wptr);
    g_test_add_func("/psp/hostile-cmd-buf", test_hostile_cmd_buf);
    g_test_add_func("/psp/hostile-ring", test_hostile_ring);
    g_test_add_func("/psp/mode1-reset", test_mode1_reset);
    g_test_add_func("/psp/mode1-reset-from-sdma", test_mode1_reset_from_sdma);
    g_test_add_func("/psp/gart", test_gart);
    g_test_add_func("/psp/timing", test_timing);
    g_test_add_func("/psp/timing-off", test_timing_off);
    return g_test_run();
}
