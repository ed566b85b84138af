/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the Topaz (Iceland, VI) ASIC on the standalone host, block
 * by block, as vi.c's Topaz blocks drive them: the ASIC description, the
 * Iceland IH at OSS 2.4's offsets (iceland_ih_irq_init), the SMC's VI port
 * and firmware-loading handshake (iceland_smumgr, smu7_request_smu_load_fw)
 * and SDMA 2.4's gfx queue, whose TRAP carries INT_CONTEXT
 * (sdma_v2_4_ring_emit_fence). The gfx8 blocks have test-gfx-v8-cp.c.
 */
#include <string.h>
#include "aemu-host.h"
#include "aemu-internal.h"
#include "regdb.h"
#include "sdma_cik_pkt.h"
#include "amdgpu-emu/regs/topaz_regs.h"
#include "amdgpu-emu/regs/topaz_fields.h"

#define MiB (1024ull * 1024ull)
#define PAGE 4096ull
#define RAM_SIZE (32 * MiB)
#define GART_START 0xff00000000ull
#define GART_PAGES (RAM_SIZE / PAGE)
#define GART_TABLE_VRAM (16 * MiB)
#define PTE_GTT ((1ull << 0) | (1ull << 1) | (1ull << 2) | (1ull << 5) | \
                 (1ull << 6))

#define RING_RAM 0x10000ull
#define RING_ORDER 11u
#define WB_RPTR_RAM 0x60000ull
#define FENCE_RAM 0x61000ull
#define IH_RING_RAM 0x70000ull
#define IH_RING_ORDER 10u
#define IH_WB_RAM 0x80000ull
#define RUN_NS 1000000ull
/* A TRAP context whose low byte is no SDMA opcode (0xbc). */
#define TEST_TRAP_CONTEXT 0xabcu

/* ivsrcid_vislands30.h. */
#define IV_SRC_SDMA_TRAP 224
/* smu7_ppsmc.h, smu71.h (see smc_iceland.c). */
#define PPSMC_MSG_LOAD_UCODES 0x254
#define PPSMC_RESULT_OK 1
#define SMU71_HDR_LOCATION 0x20000u
#define SMU71_HDR_SOFT_REGISTERS 0x30u
#define SMU71_UCODE_LOAD_STATUS 0x68u
/* A soft-register block placed by the test's firmware image. */
#define TEST_SOFT_REGS 0x20100u
/* smu7_request_smu_load_fw's mask on Topaz: RLC_G, SDMA0/1, CE, ME, PFP, MEC, JT1, JT2. */
#define TOPAZ_FW_TO_LOAD 0x000007fcu

static uint64_t gtt(uint64_t bus)
{
    return GART_START + bus;
}

static AemuTestHost *setup(void)
{
    AemuTestHost *h = aemu_test_host_new_asic(&aemu_asic_topaz, 0, RAM_SIZE);

    for (uint64_t i = 0; i < GART_PAGES; i++) {
        aemu_test_put64(h->vram + GART_TABLE_VRAM + i * 8, i * PAGE | PTE_GTT);
    }
    aemu_test_gart_enable(h, GART_START, GART_PAGES, GART_TABLE_VRAM,
        VM_CONTEXT0_CNTL__RANGE_PROTECTION_FAULT_ENABLE_DEFAULT_MASK);
    aemu_test_wreg(h, mmMC_VM_AGP_BOT, 1);
    aemu_test_wreg(h, mmMC_VM_AGP_TOP, 0);
    return h;
}

/* As iceland_ih_irq_init, at OSS 2.4's offsets. */
static void ih_enable(AemuTestHost *h)
{
    aemu_test_wreg(h, mmIH_RB_BASE, (uint32_t)(gtt(IH_RING_RAM) >> 8));
    aemu_test_wreg(h, mmIH_RB_WPTR_ADDR_LO, (uint32_t)gtt(IH_WB_RAM));
    aemu_test_wreg(h, mmIH_RB_WPTR_ADDR_HI, (uint32_t)(gtt(IH_WB_RAM) >> 32));
    aemu_test_wreg(h, mmIH_RB_CNTL,
                   (IH_RING_ORDER << IH_RB_CNTL__RB_SIZE__SHIFT) |
                   IH_RB_CNTL__WPTR_WRITEBACK_ENABLE_MASK |
                   IH_RB_CNTL__RB_ENABLE_MASK);
    aemu_test_wreg(h, mmIH_RB_RPTR, 0);
    aemu_test_wreg(h, mmIH_RB_WPTR, 0);
    aemu_test_wreg(h, mmIH_CNTL, IH_CNTL__ENABLE_INTR_MASK);
}

static uint32_t ih_wptr(AemuTestHost *h)
{
    return aemu_test_get32(h->ram + IH_WB_RAM) & IH_RB_WPTR__OFFSET_MASK;
}

static void test_asic(void)
{
    AemuTestHost *h = setup();
    /* vi_set_ip_blocks' Topaz blocks the model has, by kind and version. */
    static const struct {
        AemuBlockType type;
        const char *name;
        unsigned major, minor;
    } blocks[] = {
        { AEMU_BLOCK_BIF, "bif_v4_1", 4, 1 },
        { AEMU_BLOCK_SMC, "smc_iceland", 7, 1 },
        { AEMU_BLOCK_GMC, "gmc_v7_0", 7, 0 },
        { AEMU_BLOCK_IH, "iceland_ih", 2, 4 },
        { AEMU_BLOCK_GFX, "gfx_v8_0", 8, 0 },
        { AEMU_BLOCK_CP, "gfx_v8_0_cp", 8, 0 },
        { AEMU_BLOCK_SDMA, "sdma_v2_4", 2, 4 },
    };

    g_assert_cmphex(h->dev->asic->device_id, ==, 0x6900);
    g_assert_true(h->dev->asic->regdb == &aemu_regdb_topaz);
    for (size_t i = 0; i < G_N_ELEMENTS(blocks); i++) {
        const AemuBlock *b = h->dev->block_of[blocks[i].type];

        g_assert_nonnull(b);
        g_assert_cmpstr(b->funcs->name, ==, blocks[i].name);
        g_assert_cmpuint(b->funcs->major, ==, blocks[i].major);
        g_assert_cmpuint(b->funcs->minor, ==, blocks[i].minor);
    }
    /* The reset values at Topaz's offsets: RLC_GPM_STAT moved to 0xEC40. */
    g_assert_cmphex(aemu_test_rreg(h, mmRLC_GPM_STAT) &
                    RLC_GPM_STAT__GFX_POWER_STATUS_MASK, !=, 0);
    g_assert_cmpuint(aemu_test_rreg(h, mmCONFIG_MEMSIZE), ==,
                     aemu_asic_topaz.vram_default >> 20);
    /* Idle as gfx_v8_0_is_idle wants it: exactly 0x8 (8 free FIFO entries). */
    g_assert_cmphex(aemu_test_rreg(h, mmGRBM_STATUS2), ==, 0x8);
    aemu_test_host_free(h);
}

/* An IV posted by a source lands in the ring the driver placed at 0xE31. */
static void test_ih(void)
{
    AemuTestHost *h = setup();
    AemuIvEntry iv = { .src_id = IV_SRC_SDMA_TRAP, .ring_id = 1, .vmid = 3 };
    const uint8_t *e = h->ram + IH_RING_RAM;

    ih_enable(h);
    iv.src_data[0] = 0x1234567;
    aemu_irq_post(h->dev, &iv);
    g_assert_cmpuint(ih_wptr(h), ==, 16);
    g_assert_cmpuint(aemu_test_get32(e) & 0xff, ==, IV_SRC_SDMA_TRAP);
    g_assert_cmphex(aemu_test_get32(e + 4), ==, 0x1234567);
    g_assert_cmphex(aemu_test_get32(e + 8) & 0xffff, ==, 1 | 3 << 8);
    g_assert_true(h->irq_level);
    /* The ack at Topaz's IH_RB_RPTR drops the line. */
    aemu_test_wreg(h, mmIH_RB_RPTR, 16);
    g_assert_false(h->irq_level);
    /* CIK's IH_RB_CNTL offset is no IH register here. */
    g_assert_cmpstr(aemu_reg_name(&aemu_regdb_topaz, mmIH_RB_CNTL), ==,
                    "IH_RB_CNTL");
    aemu_test_host_free(h);
}

static uint32_t smc_read11(AemuTestHost *h, uint32_t ix)
{
    aemu_test_wreg(h, mmSMC_IND_INDEX_11, ix);
    return aemu_test_rreg(h, mmSMC_IND_DATA_11);
}

static void smc_write11(AemuTestHost *h, uint32_t ix, uint32_t v)
{
    aemu_test_wreg(h, mmSMC_IND_INDEX_11, ix);
    aemu_test_wreg(h, mmSMC_IND_DATA_11, v);
}

static uint32_t smc_message(AemuTestHost *h, uint32_t msg, uint32_t arg)
{
    aemu_test_wreg(h, mmSMC_RESP_0, 0);
    aemu_test_wreg(h, mmSMC_MSG_ARG_0, arg);
    aemu_test_wreg(h, mmSMC_MESSAGE_0, msg);
    return aemu_test_rreg(h, mmSMC_RESP_0);
}

/*
 * iceland_start_smu: the image through port 0 with auto-increment, the
 * jump at SRAM 0, clock on, reset off; FIRMWARE_FLAGS (0x33000 on SMU
 * 7.1.1) then reads the interrupts enabled through port 11; LoadUcodes
 * sets every requested bit in UcodeLoadStatus.
 */
static void test_smc(void)
{
    AemuTestHost *h = setup();
    uint32_t status = TEST_SOFT_REGS + SMU71_UCODE_LOAD_STATUS;

    /* At power-on: held in reset, no firmware, no answer to messages. */
    g_assert_cmphex(smc_read11(h, ixSMC_SYSCON_RESET_CNTL) &
                    SMC_SYSCON_RESET_CNTL__rst_reg_MASK, !=, 0);
    g_assert_cmpuint(smc_message(h, PPSMC_MSG_LOAD_UCODES, 1), ==, 0);

    /* The header's SoftRegisters field, streamed through port 0. */
    aemu_test_wreg(h, mmSMC_IND_INDEX_0,
                   SMU71_HDR_LOCATION + SMU71_HDR_SOFT_REGISTERS);
    aemu_test_wreg(h, mmSMC_IND_ACCESS_CNTL,
                   SMC_IND_ACCESS_CNTL__AUTO_INCREMENT_IND_0_MASK);
    aemu_test_wreg(h, mmSMC_IND_DATA_0, TEST_SOFT_REGS);
    aemu_test_wreg(h, mmSMC_IND_DATA_0, 0x5a5a5a5a);
    aemu_test_wreg(h, mmSMC_IND_ACCESS_CNTL, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmSMC_IND_INDEX_0), ==,
                    SMU71_HDR_LOCATION + SMU71_HDR_SOFT_REGISTERS + 8);
    g_assert_cmphex(smc_read11(h, SMU71_HDR_LOCATION +
                                  SMU71_HDR_SOFT_REGISTERS + 4), ==,
                    0x5a5a5a5a);

    /* smu7_program_jump_on_start, start the clock, release the reset. */
    smc_write11(h, 0, 0xe0000000u | SMU71_HDR_LOCATION);
    smc_write11(h, ixSMC_SYSCON_CLOCK_CNTL_0, 0);
    smc_write11(h, ixSMC_SYSCON_RESET_CNTL, 0);
    g_assert_cmphex(smc_read11(h, ixFIRMWARE_FLAGS) &
                    FIRMWARE_FLAGS__INTERRUPTS_ENABLED_MASK, !=, 0);
    g_assert_cmpuint(smc_read11(h, ixSMC_PC_C), >=, 0x20100);

    /* smu7_request_smu_load_fw, then smu7_check_fw_load_finish's poll. */
    smc_write11(h, status, 0);
    g_assert_cmpuint(smc_message(h, PPSMC_MSG_LOAD_UCODES, TOPAZ_FW_TO_LOAD),
                     ==, PPSMC_RESULT_OK);
    g_assert_cmphex(smc_read11(h, status), ==, TOPAZ_FW_TO_LOAD);
    aemu_test_host_free(h);
}

/* A header of SDMA 2.4 (iceland_sdma_pkt_open.h): CIK's encoding. */
static void emit(AemuTestHost *h, uint32_t *wptr, uint32_t v)
{
    aemu_test_put32(h->ram + RING_RAM + 4 * *wptr, v);
    (*wptr)++;
}

static void emit_fence(AemuTestHost *h, uint32_t *wptr, uint64_t addr,
                       uint32_t seq)
{
    emit(h, wptr, SDMA_PACKET(SDMA_OPCODE_FENCE, 0, 0));
    emit(h, wptr, (uint32_t)addr);
    emit(h, wptr, addr >> 32);
    emit(h, wptr, seq);
}

/* sdma_v2_4_gfx_resume for SDMA0, then two fences around a TRAP. */
static void test_sdma_trap(void)
{
    AemuTestHost *h = setup();
    uint32_t rb_cntl = (RING_ORDER << SDMA0_GFX_RB_CNTL__RB_SIZE__SHIFT) |
                       SDMA0_GFX_RB_CNTL__RPTR_WRITEBACK_ENABLE_MASK;
    uint32_t wptr = 0;

    ih_enable(h);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_CNTL, rb_cntl);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_RPTR, 0);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_WPTR, 0);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_RPTR_ADDR_HI, gtt(WB_RPTR_RAM) >> 32);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_RPTR_ADDR_LO, (uint32_t)gtt(WB_RPTR_RAM));
    aemu_test_wreg(h, mmSDMA0_GFX_RB_BASE, (uint32_t)(gtt(RING_RAM) >> 8));
    aemu_test_wreg(h, mmSDMA0_GFX_RB_BASE_HI, (uint32_t)(gtt(RING_RAM) >> 40));
    aemu_test_wreg(h, mmSDMA0_GFX_RB_CNTL,
                   rb_cntl | SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
    aemu_test_wreg(h, mmSDMA0_GFX_IB_CNTL, SDMA0_GFX_IB_CNTL__IB_ENABLE_MASK);
    /* sdma_v2_4_enable: no microcode upload, the SMU loaded it. */
    aemu_test_wreg(h, mmSDMA0_F32_CNTL, 0);
    aemu_test_wreg(h, mmSDMA0_CNTL, SDMA0_CNTL__TRAP_ENABLE_MASK);

    /* As sdma_v2_4_ring_emit_fence, then the next job's fence. */
    emit_fence(h, &wptr, gtt(FENCE_RAM), 1);
    emit(h, &wptr, SDMA_PACKET(SDMA_OPCODE_TRAP, 0, 0));
    /*
     * INT_CONTEXT: the kernel writes 0, which a one-dword TRAP would run as
     * a NOP; a context that is no packet header tells the two apart.
     */
    emit(h, &wptr, TEST_TRAP_CONTEXT);
    emit_fence(h, &wptr, gtt(FENCE_RAM + 4), 2);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_WPTR, wptr << 2);
    aemu_test_host_advance(h, RUN_NS);

    g_assert_cmpuint(aemu_test_get32(h->ram + FENCE_RAM), ==, 1);
    /* The INT_CONTEXT dword was the TRAP's, not a packet of its own. */
    g_assert_cmpuint(aemu_test_get32(h->ram + FENCE_RAM + 4), ==, 2);
    g_assert_cmpuint(aemu_test_get32(h->ram + WB_RPTR_RAM), ==, wptr << 2);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    /* One trap IV from SDMA0's gfx queue (ring_id 0). */
    g_assert_cmpuint(ih_wptr(h), ==, 16);
    g_assert_cmpuint(aemu_test_get32(h->ram + IH_RING_RAM) & 0xff, ==,
                     IV_SRC_SDMA_TRAP);
    g_assert_cmpuint(aemu_test_get32(h->ram + IH_RING_RAM + 8) & 0xff, ==, 0);
    g_assert_cmphex(aemu_test_get32(h->ram + IH_RING_RAM + 4), ==,
                    TEST_TRAP_CONTEXT);
    aemu_test_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/topaz/asic", test_asic);
    g_test_add_func("/topaz/ih", test_ih);
    g_test_add_func("/topaz/smc", test_smc);
    g_test_add_func("/topaz/sdma-trap", test_sdma_trap);
    return g_test_run();
}
