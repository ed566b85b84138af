/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the PSP of Vega10 (MP0 9.0, driven by psp_v3_1.c).
 *
 * The Platform Security Processor loads the other engines' firmware on
 * SOC15, so amdgpu's default firmware load type goes through it. What the
 * driver sees, modelled here:
 *
 *  - the bootloader: at power-on C2PMSG_35 bit 31 says it is ready; the
 *    driver places the system driver, then the secure OS (sOS), in its
 *    1 MiB buffer, writes the buffer's MC address >> 20 to C2PMSG_36 and
 *    LOAD_SYSDRV / LOAD_SOSDRV to C2PMSG_35, and waits for bit 31 again.
 *    Once the sOS has booted (see PSP_SOS_BOOT_NS for when that shows),
 *    C2PMSG_81 ("sign of life") reads non-zero, and the
 *    driver skips the bootloader while it does (psp_v3_1_bootloader_*;
 *    soc15_need_reset_on_init also resets a GPU whose sOS still runs).
 *  - the control mailbox of the sOS (struct psp_gfx_ctrl): a command in
 *    C2PMSG_64 bits 16-19 is answered by bit 31 with a status in bits 0-15:
 *    INIT_GPCOM_RING (the ring at C2PMSG_69/70, C2PMSG_71 bytes),
 *    DESTROY_RINGS, GBR_IH_SET (the sOS programs IH_CLIENT_CFG for a client
 *    the driver names; psp_v3_1_reroute_ih), MODE1_RST.
 *  - the GPCOM ("KM") ring: the driver writes a 64-byte frame and advances
 *    C2PMSG_67 (the write pointer, in dwords); the PSP reads the frame's
 *    1 KiB command buffer, executes it, writes the response into the same
 *    buffer and then the frame's fence value to its fence address, which
 *    the driver polls (psp_cmd_submit_buf). C2PMSG_68 is the read pointer.
 *    Commands: SETUP_TMR (the trusted memory region firmware is copied
 *    into), LOAD_IP_FW (one firmware image: copied into the TMR, its TMR
 *    address answered, the engine's firmware recorded as loaded),
 *    DESTROY_TMR, LOAD_ASD / LOAD_TA (a trusted application: a session
 *    id), UNLOAD_TA, INVOKE_CMD (no TA command is modelled).
 *  - the MODE1 reset: the whole ASIC except the PSP's boot ROM resets
 *    (every block, as after the driver's config-space reset: not posted),
 *    the sOS is gone (C2PMSG_81 = 0, the bootloader is ready again), VRAM
 *    is kept, and C2PMSG_33 bit 31 reports completion
 *    (psp_v3_1_mode1_reset, amdgpu_device_mode1_reset).
 *
 * The PSP reaches memory as the MMHUB client MP0, through VMID 0 (the
 * frames' addresses are "GPU virtual addresses of VMID 0", psp_gfx_if.h).
 * Its ring is an engine on the scheduler: a command costs the sOS's
 * overhead plus the bytes it moves, and its fence lands at that time.
 *
 * Anything the sOS would refuse gets a non-zero status (the driver warns)
 * or, for a mailbox command it cannot take, no answer (the driver times
 * out), and a guest error naming why; nothing a guest writes reaches
 * outside the memory the GMC translates.
 */
#include "aemu-internal.h"
#include "state.h"
#include "ring.h"
#include "psp_gfx_if.h"
#include "vega10_utcl2_cid.h"
#include "amdgpu-emu/regs/vega10_regs.h"
#include "amdgpu-emu/regs/vega10_fields.h"

/*
 * C2PMSG_81 once the sOS runs: any non-zero value is a sign of life; the
 * model reports this "sOS version" (the stub firmware carries no code to
 * take a version from).
 */
#define PSP_SOS_SIGN_OF_LIFE        0x00090000u
/*
 * How the sOS's boot looks to the driver: after LOAD_SOSDRV it waits
 * 20 ms, samples C2PMSG_81 once and then waits for the value to change
 * (psp_v3_1_bootloader_load_sos), so the sign of life must come after
 * that sample. On TCG the guest's sample can land any time after its
 * 20 ms (a busy host stalls the vCPU while the virtual clock runs on), so
 * a boot time alone would race it. The sOS therefore comes alive at the
 * first read of C2PMSG_81 that follows both PSP_SOS_BOOT_NS of virtual
 * time and an earlier read that found it still booting: the driver's
 * sample sees 0, its wait sees the change at its first poll (inferred;
 * what the driver relies on is the order, and a long boot time would only
 * cost a few hundred polls of the register per load).
 */
#define PSP_SOS_BOOT_NS             1000000ull
/*
 * C2PMSG_33 bit 31: the PSP's boot is complete, at power-on and after a
 * MODE1 reset (psp_v3_1_mode1_reset waits for it; newer parts call it
 * "IFWI init done").
 */
#define PSP_BOOT_DONE               0x80000000u
/*
 * Control mailbox status (bits 0-15) when the sOS refuses a ring: its
 * codes are not in the driver, which only tests for 0 (inferred).
 */
#define PSP_CTRL_STATUS_INVALID     0x0001u

/*
 * The GPCOM ring the sOS accepts: whole frames, at most 64 KiB (the
 * driver's is 4 KiB; the bound is the model's, inferred).
 */
#define PSP_RING_MAX_BYTES          (64u * 1024u)
/* LOAD_TA / LOAD_ASD images come from the driver's 1 MiB buffer. */
#define PSP_TA_MAX_BYTES            (1024u * 1024u)
/* TMR and firmware addresses are 4 KiB aligned (psp_gfx_if.h). */
#define PSP_PAGE_MASK               0xfffull
/* Trusted applications the sOS keeps at once (ASD plus a few). */
#define PSP_MAX_SESSIONS            8u
/*
 * What a command costs the sOS beyond the bytes it moves: 10 us
 * (inferred: a firmware round trip on a slow embedded core), charged as
 * the engine's latency (aemu_engine_latency), not as host budget.
 */
#define PSP_CMD_OVERHEAD_NS         10000u

/* One firmware image the PSP has loaded into the TMR. */
typedef struct PspFw {
    bool loaded;
    uint32_t size;
    uint64_t tmr_offset;
} PspFw;

typedef struct PspState {
    /* Boot: the sOS runs (C2PMSG_81 != 0 reads back from here). */
    bool sysdrv_loaded;
    bool sos_booting;           /* alive from sos_alive_ns on ... */
    bool sos_sampled;           /* ... once a read has seen it booting */
    uint64_t sos_alive_ns;
    uint32_t sign_of_life;
    /* The GPCOM ring. */
    bool ring_live;
    uint64_t ring_mc;
    uint32_t ring_dw;           /* size in dwords */
    uint32_t rptr;              /* dwords */
    AemuEngine engine;
    /* The TMR and what it holds. */
    bool tmr_live;
    uint64_t tmr_mc, tmr_size, tmr_used;
    PspFw fw[GFX_FW_TYPE_COUNT_V3];
    /* Trusted application sessions (0: free); the ASD's is one of them. */
    uint32_t session[PSP_MAX_SESSIONS];
    uint32_t next_session;
    uint32_t asd_session;
    uint64_t commands;          /* executed since reset */
    uint8_t cmd[PSP_CMD_BUF_BYTES];
    uint8_t bounce[AEMU_COPY_MAX_BYTES];
} PspState;

/* The PSP is the MMHUB's client 0 both ways (mmhub_client_ids_vega10). */
static const AemuMemClient psp_client = {
    .name = "MP0", .id = 0, .hub = AEMU_HUB_MM,
    .utcl2_cid = { VEGA10_MMHUB_RD_CID_MP0, VEGA10_MMHUB_WR_CID_MP0 },
};

static const char *const fw_type_names[GFX_FW_TYPE_COUNT_V3] = {
    [GFX_FW_TYPE_CP_ME] = "CP_ME",
    [GFX_FW_TYPE_CP_PFP] = "CP_PFP",
    [GFX_FW_TYPE_CP_CE] = "CP_CE",
    [GFX_FW_TYPE_CP_MEC] = "CP_MEC",
    [GFX_FW_TYPE_CP_MEC_ME1] = "CP_MEC_ME1",
    [GFX_FW_TYPE_CP_MEC_ME2] = "CP_MEC_ME2",
    [GFX_FW_TYPE_RLC_V] = "RLC_V",
    [GFX_FW_TYPE_RLC_G] = "RLC_G",
    [GFX_FW_TYPE_SDMA0] = "SDMA0",
    [GFX_FW_TYPE_SDMA1] = "SDMA1",
    [GFX_FW_TYPE_DMCU_ERAM] = "DMCU_ERAM",
    [GFX_FW_TYPE_DMCU_ISR] = "DMCU_ISR",
    [GFX_FW_TYPE_VCN] = "VCN",
    [GFX_FW_TYPE_UVD] = "UVD",
    [GFX_FW_TYPE_VCE] = "VCE",
    [GFX_FW_TYPE_ISP] = "ISP",
    [GFX_FW_TYPE_ACP] = "ACP",
    [GFX_FW_TYPE_SMU] = "SMU",
    [GFX_FW_TYPE_MMSCH] = "MMSCH",
    [GFX_FW_TYPE_RLC_RESTORE_LIST_GPM_MEM] = "RLC_RESTORE_LIST_GPM_MEM",
    [GFX_FW_TYPE_RLC_RESTORE_LIST_SRM_MEM] = "RLC_RESTORE_LIST_SRM_MEM",
    [GFX_FW_TYPE_RLC_RESTORE_LIST_SRM_CNTL] = "RLC_RESTORE_LIST_SRM_CNTL",
    [GFX_FW_TYPE_UVD1] = "UVD1",
};

static const char *cmd_name(uint32_t id)
{
    switch (id) {
    case GFX_CMD_ID_LOAD_TA: return "LOAD_TA";
    case GFX_CMD_ID_UNLOAD_TA: return "UNLOAD_TA";
    case GFX_CMD_ID_INVOKE_CMD: return "INVOKE_CMD";
    case GFX_CMD_ID_LOAD_ASD: return "LOAD_ASD";
    case GFX_CMD_ID_SETUP_TMR: return "SETUP_TMR";
    case GFX_CMD_ID_LOAD_IP_FW: return "LOAD_IP_FW";
    case GFX_CMD_ID_DESTROY_TMR: return "DESTROY_TMR";
    case GFX_CMD_ID_SAVE_RESTORE: return "SAVE_RESTORE";
    case GFX_CMD_ID_SETUP_VMR: return "SETUP_VMR";
    case GFX_CMD_ID_DESTROY_VMR: return "DESTROY_VMR";
    case GFX_CMD_ID_PROG_REG: return "PROG_REG";
    case GFX_CMD_ID_GET_FW_ATTESTATION: return "GET_FW_ATTESTATION";
    case GFX_CMD_ID_LOAD_TOC: return "LOAD_TOC";
    case GFX_CMD_ID_AUTOLOAD_RLC: return "AUTOLOAD_RLC";
    case GFX_CMD_ID_BOOT_CFG: return "BOOT_CFG";
    default: return "UNKNOWN";
    }
}

static PspState *psp(AemuDevice *d)
{
    return aemu_block_priv(d, AEMU_BLOCK_PSP);
}

static uint32_t get32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, 4);
    return GUINT32_FROM_LE(v);
}

static void put32(uint8_t *p, uint32_t v)
{
    v = GUINT32_TO_LE(v);
    memcpy(p, &v, 4);
}

/* The sOS forgets everything: rings, TMR, firmware, sessions. */
static void sos_forget(PspState *s)
{
    s->ring_live = false;
    s->rptr = 0;
    s->engine.runnable = false;
    s->tmr_live = false;
    s->tmr_used = 0;
    memset(s->fw, 0, sizeof(s->fw));
    memset(s->session, 0, sizeof(s->session));
    s->asd_session = 0;
}

/* Whether the sOS runs (without booting it further). */
static bool sos_running(PspState *s)
{
    return s->sign_of_life != 0;
}

/* A read of C2PMSG_81 while the sOS boots: see PSP_SOS_BOOT_NS. */
static void sos_sample(AemuDevice *d, PspState *s)
{
    if (!s->sos_booting) {
        return;
    }
    if (s->sos_sampled &&
        d->host.clock_ns(d->host_opaque) >= s->sos_alive_ns) {
        s->sos_booting = false;
        s->sign_of_life = PSP_SOS_SIGN_OF_LIFE;
    } else {
        s->sos_sampled = true;
    }
}

/* ---- the bootloader (C2PMSG_35 / C2PMSG_36) ---- */

/*
 * The image must be where the driver said: the bootloader reads it from
 * its MC address. The image is opaque to the model (its size is in its
 * own signed header); the first page must be readable.
 */
static bool bl_image_readable(AemuDevice *d, uint64_t mc)
{
    PspState *s = psp(d);

    return aemu_gpu_read(d, 0, mc, s->bounce, PSP_PAGE_MASK + 1,
                         &psp_client) == AEMU_MEM_OK;
}

static void bl_cmd_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    PspState *s = psp(d);
    uint64_t mc = (uint64_t)d->regs[mmMP0_SMN_C2PMSG_36] << PSP_BL_ADDR_SHIFT;
    const char *what;

    /* Bit 31 drops while the bootloader works on the command. */
    d->regs[dw] = value & ~PSP_BL_READY;
    if (sos_running(s) || s->sos_booting) {
        aemu_guest_error(d, "PSP bootloader command 0x%x while the sOS "
                         "runs: ignored", value);
        return;
    }
    switch (value) {
    case PSP_BL__LOAD_SYSDRV:
        what = "sysdrv";
        break;
    case PSP_BL__LOAD_SOSDRV:
        what = "sos";
        if (!s->sysdrv_loaded) {
            aemu_guest_error(d, "PSP bootloader: LOAD_SOSDRV before "
                             "LOAD_SYSDRV");
            return;
        }
        break;
    default:
        aemu_guest_error(d, "PSP bootloader: unknown command 0x%x", value);
        d->regs[dw] |= PSP_BL_READY;
        return;
    }
    if (!bl_image_readable(d, mc)) {
        aemu_guest_error(d, "PSP bootloader: %s image at MC 0x%" PRIx64
                         " not readable", what, mc);
        return;
    }
    if (value == PSP_BL__LOAD_SYSDRV) {
        s->sysdrv_loaded = true;
    } else {
        s->sos_booting = true;
        s->sos_sampled = false;
        s->sos_alive_ns = d->host.clock_ns(d->host_opaque) + PSP_SOS_BOOT_NS;
    }
    AEMU_TRACE(d, psp_bootloader, what, mc);
    d->regs[dw] |= PSP_BL_READY;
}

static const AemuRegHandler bl_cmd = {
    .block = "psp", .write = bl_cmd_write,
};

/* ---- the control mailbox (C2PMSG_64) ---- */

static void ring_create(AemuDevice *d, PspState *s, uint32_t *status)
{
    uint64_t mc = aemu_addr64(d->regs[mmMP0_SMN_C2PMSG_69],
                              d->regs[mmMP0_SMN_C2PMSG_70]);
    uint32_t bytes = d->regs[mmMP0_SMN_C2PMSG_71];

    if (s->ring_live) {
        aemu_guest_error(d, "PSP: INIT_GPCOM_RING while a ring is live");
        *status = PSP_CTRL_STATUS_INVALID;
        return;
    }
    if (bytes == 0 || bytes % PSP_FRAME_BYTES || bytes > PSP_RING_MAX_BYTES ||
        (mc & PSP_PAGE_MASK)) {
        aemu_guest_error(d, "PSP: INIT_GPCOM_RING at MC 0x%" PRIx64 " size "
                         "0x%x refused (4 KiB aligned, whole frames, at "
                         "most 0x%x bytes)", mc, bytes, PSP_RING_MAX_BYTES);
        *status = PSP_CTRL_STATUS_INVALID;
        return;
    }
    s->ring_live = true;
    s->ring_mc = mc;
    s->ring_dw = bytes / 4;
    s->rptr = 0;
    d->regs[mmMP0_SMN_C2PMSG_67] = 0;
    d->regs[mmMP0_SMN_C2PMSG_68] = 0;
    AEMU_TRACE(d, psp_ring, "create", mc, bytes);
}

/*
 * GBR_IH_SET: the sOS writes the IH's client configuration the driver
 * passes (C2PMSG_69 the client index, C2PMSG_70 the IH_CLIENT_CFG_DATA
 * value), as it would over its own register path.
 */
static void ih_set(AemuDevice *d)
{
    aemu_reg_write(d, mmIH_CLIENT_CFG_INDEX,
                   AEMU_REG_SET(0, IH_CLIENT_CFG_INDEX, INDEX,
                                d->regs[mmMP0_SMN_C2PMSG_69]));
    aemu_reg_write(d, mmIH_CLIENT_CFG_DATA, d->regs[mmMP0_SMN_C2PMSG_70]);
}

static void ctrl_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    PspState *s = psp(d);
    uint32_t cmd = value & GFX_CMD_ID_MASK;
    uint32_t status = 0;

    /* The response flag drops until the sOS answers. */
    d->regs[dw] = value & ~GFX_FLAG_RESPONSE;
    if (!sos_running(s)) {
        aemu_guest_error(d, "PSP control command 0x%x before the sOS was "
                         "loaded: no answer", value);
        return;
    }
    switch (cmd) {
    case GFX_CTRL_CMD_ID_INIT_GPCOM_RING:
        ring_create(d, s, &status);
        break;
    case GFX_CTRL_CMD_ID_DESTROY_RINGS:
    case GFX_CTRL_CMD_ID_DESTROY_GPCOM_RING:
        if (s->ring_live) {
            AEMU_TRACE(d, psp_ring, "destroy", s->ring_mc, s->ring_dw * 4);
        }
        s->ring_live = false;
        s->engine.runnable = false;
        break;
    case GFX_CTRL_CMD_ID_GBR_IH_SET:
        ih_set(d);
        break;
    case GFX_CTRL_CMD_ID_MODE1_RST:
        AEMU_TRACE(d, psp_mode1_reset, s->commands);
        /*
         * Now, or at the end of the slice when an engine's packet asked;
         * d->regs may have been reset: the answer goes into the fresh
         * register, as psp_reset leaves it.
         */
        aemu_device_reset_internal(d, AEMU_RESET_MODE1);
        break;
    default:
        aemu_guest_error(d, "PSP: control command 0x%x not supported", value);
        status = PSP_ERR_UNKNOWN_COMMAND;
        break;
    }
    d->regs[dw] = GFX_FLAG_RESPONSE | cmd | status;
}

static const AemuRegHandler ctrl = {
    .block = "psp", .write = ctrl_write,
};

/* C2PMSG_67: the driver advances the GPCOM write pointer. */
static void wptr_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    PspState *s = psp(d);

    d->regs[dw] = value;
    if (!s->ring_live) {
        aemu_guest_error(d, "PSP: GPCOM write pointer 0x%x with no ring",
                         value);
        return;
    }
    if (value >= s->ring_dw || value % PSP_FRAME_DWORDS) {
        aemu_guest_error(d, "PSP: GPCOM write pointer 0x%x is not a frame "
                         "of the 0x%x-dword ring: ignored", value, s->ring_dw);
        return;
    }
    aemu_engine_kick(d, &s->engine);
}

static const AemuRegHandler wptr = {
    .block = "psp", .write = wptr_write,
};

/* Registers only the PSP writes. */
static const AemuRegHandler psp_owned = {
    .block = "psp", .write = aemu_reg_ignore_write,
};

/* ---- GPCOM ring commands ---- */

static uint32_t session_new(PspState *s)
{
    for (unsigned i = 0; i < PSP_MAX_SESSIONS; i++) {
        if (!s->session[i]) {
            /* Ids count up from 1 and skip 0 when they wrap. */
            s->session[i] = ++s->next_session ? s->next_session
                                              : ++s->next_session;
            return s->session[i];
        }
    }
    return 0;
}

static bool session_drop(PspState *s, uint32_t id)
{
    for (unsigned i = 0; id && i < PSP_MAX_SESSIONS; i++) {
        if (s->session[i] == id) {
            s->session[i] = 0;
            if (s->asd_session == id) {
                s->asd_session = 0;
            }
            return true;
        }
    }
    return false;
}

static bool session_known(const PspState *s, uint32_t id)
{
    for (unsigned i = 0; id && i < PSP_MAX_SESSIONS; i++) {
        if (s->session[i] == id) {
            return true;
        }
    }
    return false;
}

/* Read len bytes at mc (checking they translate), in copy-sized pieces. */
static bool read_through(AemuDevice *d, PspState *s, uint64_t mc,
                         uint64_t len)
{
    for (uint64_t done = 0; done < len;) {
        size_t n = MIN(len - done, sizeof(s->bounce));

        if (aemu_gpu_read(d, 0, mc + done, s->bounce, n, &psp_client) !=
            AEMU_MEM_OK) {
            return false;
        }
        done += n;
    }
    return true;
}

static uint32_t cmd_load_ta(AemuDevice *d, PspState *s, bool asd,
                            uint8_t *resp)
{
    const uint8_t *p = s->cmd + PSP_CMD_PAYLOAD;
    uint64_t app = aemu_addr64(get32(p + PSP_LOAD_TA_APP_ADDR_LO),
                               get32(p + PSP_LOAD_TA_APP_ADDR_HI));
    uint32_t len = get32(p + PSP_LOAD_TA_APP_LEN);
    uint32_t id;

    if (asd && s->asd_session) {
        return TEE_ERROR_BAD_STATE;
    }
    if (len == 0 || len > PSP_TA_MAX_BYTES || (app & PSP_PAGE_MASK)) {
        return TEE_ERROR_BAD_PARAMETERS;
    }
    if (!read_through(d, s, app, len)) {
        return TEE_ERROR_BAD_PARAMETERS;
    }
    id = session_new(s);
    if (!id) {
        return TEE_ERROR_OUT_OF_MEMORY;
    }
    if (asd) {
        s->asd_session = id;
    }
    put32(resp + PSP_RESP_SESSION_ID - PSP_CMD_RESP, id);
    return TEE_SUCCESS;
}

static uint32_t cmd_setup_tmr(AemuDevice *d, PspState *s)
{
    const uint8_t *p = s->cmd + PSP_CMD_PAYLOAD;
    uint64_t mc = aemu_addr64(get32(p + PSP_TMR_ADDR_LO),
                              get32(p + PSP_TMR_ADDR_HI));
    uint32_t size = get32(p + PSP_TMR_SIZE);

    if (size == 0 || (size & PSP_PAGE_MASK) || (mc & PSP_PAGE_MASK)) {
        return TEE_ERROR_BAD_PARAMETERS;
    }
    /* A new TMR (resume sets it up again): its firmware is loaded anew. */
    s->tmr_live = true;
    s->tmr_mc = mc;
    s->tmr_size = size;
    s->tmr_used = 0;
    memset(s->fw, 0, sizeof(s->fw));
    return TEE_SUCCESS;
}

/*
 * LOAD_IP_FW: the image is copied into the TMR (4 KiB aligned), where the
 * engine's firmware runs from; the response gives its TMR address.
 */
static uint32_t cmd_load_ip_fw(AemuDevice *d, PspState *s, unsigned *budget,
                               uint8_t *resp)
{
    const uint8_t *p = s->cmd + PSP_CMD_PAYLOAD;
    uint64_t src = aemu_addr64(get32(p + PSP_IP_FW_ADDR_LO),
                               get32(p + PSP_IP_FW_ADDR_HI));
    uint32_t size = get32(p + PSP_IP_FW_SIZE);
    uint32_t type = get32(p + PSP_IP_FW_TYPE);
    uint64_t dst, slot;

    if (!s->tmr_live) {
        return TEE_ERROR_BAD_STATE;
    }
    if (type >= GFX_FW_TYPE_COUNT_V3 || !fw_type_names[type] || size == 0 ||
        (src & PSP_PAGE_MASK)) {
        return TEE_ERROR_BAD_PARAMETERS;
    }
    slot = (size + PSP_PAGE_MASK) & ~PSP_PAGE_MASK;
    if (slot > s->tmr_size - s->tmr_used) {
        return TEE_ERROR_OUT_OF_MEMORY;
    }
    dst = s->tmr_mc + s->tmr_used;
    for (uint64_t done = 0; done < size;) {
        size_t n = MIN(size - done, (uint64_t)AEMU_COPY_MAX_BYTES);

        if (aemu_gpu_copy(d, 0, dst + done, src + done, n, s->bounce,
                          &psp_client) != AEMU_COPY_OK) {
            return TEE_ERROR_BAD_PARAMETERS;
        }
        done += n;
        aemu_ring_charge(d, budget, 1);
    }
    s->fw[type] = (PspFw) {
        .loaded = true, .size = size, .tmr_offset = s->tmr_used,
    };
    s->tmr_used += slot;
    put32(resp + PSP_RESP_FW_ADDR_LO - PSP_CMD_RESP, (uint32_t)dst);
    put32(resp + PSP_RESP_FW_ADDR_HI - PSP_CMD_RESP, (uint32_t)(dst >> 32));
    AEMU_TRACE(d, psp_fw_load, fw_type_names[type], size, dst);
    return TEE_SUCCESS;
}

static uint32_t execute(AemuDevice *d, PspState *s, unsigned *budget,
                        uint8_t *resp)
{
    uint32_t id = get32(s->cmd + PSP_CMD_ID);
    uint32_t session = get32(s->cmd + PSP_CMD_PAYLOAD + PSP_TA_SESSION_ID);

    switch (id) {
    case GFX_CMD_ID_LOAD_TA:
    case GFX_CMD_ID_LOAD_ASD:
        return cmd_load_ta(d, s, id == GFX_CMD_ID_LOAD_ASD, resp);
    case GFX_CMD_ID_UNLOAD_TA:
        return session_drop(s, session) ? TEE_SUCCESS
                                        : TEE_ERROR_ITEM_NOT_FOUND;
    case GFX_CMD_ID_INVOKE_CMD:
        /* No trusted application command is modelled. */
        return session_known(s, session) ? TEE_ERROR_NOT_SUPPORTED
                                         : TEE_ERROR_ITEM_NOT_FOUND;
    case GFX_CMD_ID_SETUP_TMR:
        return cmd_setup_tmr(d, s);
    case GFX_CMD_ID_LOAD_IP_FW:
        return cmd_load_ip_fw(d, s, budget, resp);
    case GFX_CMD_ID_DESTROY_TMR:
        if (!s->tmr_live) {
            return TEE_ERROR_BAD_STATE;
        }
        s->tmr_live = false;
        s->tmr_used = 0;
        memset(s->fw, 0, sizeof(s->fw));
        return TEE_SUCCESS;
    case GFX_CMD_ID_SAVE_RESTORE:
    case GFX_CMD_ID_SETUP_VMR:
    case GFX_CMD_ID_DESTROY_VMR:
    case GFX_CMD_ID_PROG_REG:
    case GFX_CMD_ID_GET_FW_ATTESTATION:
        aemu_unimp(d, "PSP command %s (0x%x)", cmd_name(id), id);
        return TEE_ERROR_NOT_SUPPORTED;
    default:
        /* 0x20 and up belong to later sOS versions (psp_gfx_if.h). */
        aemu_guest_error(d, "PSP: command 0x%x unknown to the v3.1 sOS", id);
        return PSP_ERR_UNKNOWN_COMMAND;
    }
}

/*
 * One frame: read it and its command buffer, execute, write the response
 * and then the fence. False if the ring cannot go on (a frame that does
 * not translate: the sOS stops the ring, inferred).
 */
static bool run_frame(AemuDevice *d, PspState *s, unsigned *budget)
{
    uint8_t frame[PSP_FRAME_BYTES];
    uint8_t resp[PSP_RESP_BYTES];
    uint64_t frame_mc = s->ring_mc + (uint64_t)s->rptr * 4;
    uint64_t cmd_mc, fence_mc;
    uint32_t fence, status;

    if (aemu_gpu_read(d, 0, frame_mc, frame, sizeof(frame), &psp_client) !=
        AEMU_MEM_OK) {
        aemu_guest_error(d, "PSP: GPCOM frame at MC 0x%" PRIx64 " not "
                         "readable: ring stopped", frame_mc);
        s->ring_live = false;
        return false;
    }
    s->rptr = (s->rptr + PSP_FRAME_DWORDS) % s->ring_dw;
    d->regs[mmMP0_SMN_C2PMSG_68] = s->rptr;
    cmd_mc = aemu_addr64(get32(frame + PSP_FRAME_CMD_BUF_ADDR_LO),
                         get32(frame + PSP_FRAME_CMD_BUF_ADDR_HI));
    fence_mc = aemu_addr64(get32(frame + PSP_FRAME_FENCE_ADDR_LO),
                           get32(frame + PSP_FRAME_FENCE_ADDR_HI));
    fence = get32(frame + PSP_FRAME_FENCE_VALUE);
    memset(resp, 0, sizeof(resp));
    if (aemu_gpu_read(d, 0, cmd_mc, s->cmd, sizeof(s->cmd), &psp_client) !=
        AEMU_MEM_OK) {
        aemu_guest_error(d, "PSP: command buffer at MC 0x%" PRIx64 " not "
                         "readable: no fence", cmd_mc);
        return true;
    }
    status = execute(d, s, budget, resp);
    s->commands++;
    put32(resp, status);
    AEMU_TRACE(d, psp_cmd, cmd_name(get32(s->cmd + PSP_CMD_ID)), status,
               fence_mc, fence);
    /* The sOS's own time: modelled, not host work. */
    aemu_engine_latency(d, PSP_CMD_OVERHEAD_NS);
    if (aemu_gpu_write(d, 0, cmd_mc + PSP_CMD_RESP, resp, sizeof(resp),
                       &psp_client) != AEMU_MEM_OK) {
        return true;
    }
    aemu_gpu_write32(d, 0, fence_mc, fence, &psp_client);
    return true;
}

static bool psp_run(AemuDevice *d, AemuEngine *e, unsigned *budget)
{
    PspState *s = e->opaque;
    uint32_t wptr = d->regs[mmMP0_SMN_C2PMSG_67];

    while (s->ring_live && s->rptr != wptr && wptr < s->ring_dw &&
           wptr % PSP_FRAME_DWORDS == 0) {
        if (!aemu_ring_take(budget)) {
            return true;
        }
        if (!run_frame(d, s, budget)) {
            return false;
        }
        /*
         * A command's latency is modelled time: end the scheduler's step
         * (its few units spent) so the engine's timeline meets the horizon
         * before the next command; with timing off there is no latency.
         */
        if (d->sched.latency_ns) {
            *budget = 0;
            return s->rptr != d->regs[mmMP0_SMN_C2PMSG_67];
        }
    }
    return false;
}

/* ---- the block ---- */

static uint32_t sol_read(AemuDevice *d, uint32_t dw)
{
    PspState *s = psp(d);

    sos_sample(d, s);
    return s->sign_of_life;
}

static uint32_t sol_latch(AemuDevice *d, uint32_t dw)
{
    return psp(d)->sign_of_life;
}

static const AemuRegHandler sol = {
    .block = "psp", .read = sol_read, .write = aemu_reg_ignore_write,
    .latch = sol_latch,
};

static void psp_init(AemuDevice *d, void *priv)
{
    PspState *s = priv;

    s->engine = (AemuEngine) { .name = "psp", .run = psp_run, .opaque = s };
    aemu_engine_register(d, &s->engine);
    aemu_reg_claim(d, mmMP0_SMN_C2PMSG_35, &bl_cmd);
    aemu_reg_claim(d, mmMP0_SMN_C2PMSG_64, &ctrl);
    aemu_reg_claim(d, mmMP0_SMN_C2PMSG_67, &wptr);
    aemu_reg_claim(d, mmMP0_SMN_C2PMSG_68, &psp_owned);
    aemu_reg_claim(d, mmMP0_SMN_C2PMSG_33, &psp_owned);
    aemu_reg_claim(d, mmMP0_SMN_C2PMSG_81, &sol);
}

/*
 * Power-on and the driver's config-space reset restart the PSP from its
 * boot ROM; so does a MODE1 reset, which also reports its completion.
 */
static void psp_reset(AemuDevice *d, void *priv, AemuResetKind kind)
{
    PspState *s = priv;

    sos_forget(s);
    s->sysdrv_loaded = false;
    s->sos_booting = false;
    s->sign_of_life = 0;
    s->commands = 0;
    d->regs[mmMP0_SMN_C2PMSG_35] = PSP_BL_READY;
    d->regs[mmMP0_SMN_C2PMSG_33] = PSP_BOOT_DONE;
    /*
     * The MODE1 command is answered: psp_v3_1_mode1_reset's precondition
     * for the next one holds until the driver's next command.
     */
    if (kind == AEMU_RESET_MODE1) {
        d->regs[mmMP0_SMN_C2PMSG_64] = GFX_FLAG_RESPONSE |
                                       GFX_CTRL_CMD_ID_MODE1_RST;
    }
}

/*
 * Snapshots (state.h): the boot stage, the GPCOM ring, the TMR and the
 * firmware in it, the sessions. The command buffer is kept too (a command
 * is read and run in one step, so it is only the last one); the bounce
 * buffer is scratch.
 */
static void psp_state(AemuDevice *d, void *priv, AemuStateIo *io)
{
    PspState *s = priv;

    AEMU_STATE_BOOL(io, s->sysdrv_loaded);
    AEMU_STATE_BOOL(io, s->sos_booting);
    AEMU_STATE_BOOL(io, s->sos_sampled);
    AEMU_STATE(io, s->sos_alive_ns);
    AEMU_STATE(io, s->sign_of_life);
    AEMU_STATE_BOOL(io, s->ring_live);
    AEMU_STATE(io, s->ring_mc);
    AEMU_STATE(io, s->ring_dw);
    AEMU_STATE(io, s->rptr);
    AEMU_STATE_BOOL(io, s->tmr_live);
    AEMU_STATE(io, s->tmr_mc);
    AEMU_STATE(io, s->tmr_size);
    AEMU_STATE(io, s->tmr_used);
    for (unsigned i = 0; i < GFX_FW_TYPE_COUNT_V3; i++) {
        AEMU_STATE_BOOL(io, s->fw[i].loaded);
        AEMU_STATE(io, s->fw[i].size);
        AEMU_STATE(io, s->fw[i].tmr_offset);
    }
    AEMU_STATE(io, s->session);
    AEMU_STATE(io, s->next_session);
    AEMU_STATE(io, s->asd_session);
    AEMU_STATE(io, s->commands);
    AEMU_STATE(io, s->cmd);
}

const AemuIpBlockFuncs aemu_psp_v3_1_funcs = {
    .name = "psp",
    .type = AEMU_BLOCK_PSP,
    .major = 3, .minor = 1,
    .priv_size = sizeof(PspState),
    .init = psp_init,
    .reset = psp_reset,
    .state = psp_state,
    .state_version = 1,
};
