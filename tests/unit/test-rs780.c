/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the RS780 (asic_rs780.c, mc_rs780.c, cp_r600.c,
 * pm4_r600.c, and the R600 parts of vbios_atom.c) on the standalone host,
 * programmed as radeon's r600.c does:
 *  - the identity radeon matches and maps (1002:9610, registers in BAR2,
 *    no doorbells), CONFIG_MEMSIZE and the IGP's FB location;
 *  - the northbridge MC's indirect space (rs780_mc_rreg/wreg);
 *  - the PCIE GART (r600_pcie_gart_enable, rs600_gart_set_page) and its
 *    TLB flush (r600_pcie_gart_tlb_flush), faults to the default page;
 *  - the CP: no fetch before the microcode upload, then r600_ring_test
 *    (SET_CONFIG_REG to a scratch register), r600_ib_test (an IB and an
 *    EVENT_WRITE_EOP fence with its interrupt through the IH), the rptr
 *    and scratch write-backs, CP_DMA, and an unknown packet hanging the
 *    ring in GRBM_STATUS;
 *  - the VBIOS: IntegratedSystemInfo v1.2 (its PowerPlayInfo and clock
 *    tables: test-rs780-pm.c).
 */
#include <string.h>
#include "aemu-host.h"
#include "aemu-internal.h"
#include "vbios_atom.h"
#include "amdgpu-emu/regs/r600_regs.h"

#define MiB (1024ull * 1024ull)
#define RAM_SIZE (4 * MiB)
#define VRAM_SIZE (64 * MiB)
#define PAGE 4096ull
/* The FB base the model reports: MC_VM_FB_LOCATION 0xc3 << 16 | 0xc0. */
#define FB_BASE_MC 0xc0000000ull
/* GTT at MC 0 (as radeon_gtt_location puts it below the FB), RAM_SIZE. */
#define GTT_START 0ull
#define GTT_PAGES (RAM_SIZE / PAGE)
#define GART_TABLE_VRAM (1 * MiB)
/* GPU addresses in the GTT (identity-mapped onto bus RAM). */
#define RING_GPU (64 * 1024ull)
#define IB_GPU (128 * 1024ull)
#define WB_GPU (192 * 1024ull)
#define IH_GPU (256 * 1024ull)
#define SRC_GPU (512 * 1024ull)
#define WB_RPTR 0u
#define WB_FENCE 64u
#define WB_IH_WPTR 128u
#define WB_SCRATCH 256u
/* R600 packets (r600d.h). */
#define PACKET0(reg, n) ((((reg) >> 2) & 0xffffu) | (((n) & 0x3fffu) << 16))
#define PACKET3(op, n) ((3u << 30) | (((n) & 0x3fffu) << 16) | ((op) << 8))
#define OP_INDIRECT_BUFFER 0x32u
#define OP_CP_DMA 0x41u
#define OP_ME_INITIALIZE 0x44u
#define OP_EVENT_WRITE_EOP 0x47u
#define OP_SET_CONFIG_REG 0x68u
#define OP_MEM_WRITE 0x3du
#define OP_COPY_DW 0x3bu
#define OP_WAIT_REG_MEM 0x3cu
#define WAIT_REG_MEM_FUNCTION_EQ 3u
#define WAIT_REG_MEM_MEM_SPACE (1u << 4)
#define CP_ME_CNTL_ME_HALT (1u << 28)
#define SET_CONFIG_REG_OFFSET 0x8000u
#define EOP_DATA_SEL_32 (1u << 29)
#define EOP_INT_SEL_WRITE_CONFIRM (2u << 24)
#define EVENT_CACHE_FLUSH_AND_INV_TS 0x14u
#define EVENT_INDEX_5 (5u << 8)
/* Register fields radeon writes (r600d.h). */
#define RB_RPTR_WR_ENA (1u << 31)
#define CP_ME_HALT (1u << 28)
#define CP_PFP_HALT (1u << 26)
#define TIME_STAMP_INT_ENABLE (1u << 26)
#define RB_INT_ENABLE (1u << 31)
#define RB_INT_STAT (1u << 31)
#define IH_RB_ENABLE 1u
#define IH_WPTR_WRITEBACK_ENABLE (1u << 8)
#define IH_ENABLE_INTR 1u
#define VM_ENABLE_CONTEXT 1u
#define VM_RANGE_FAULT_DEFAULT (1u << 4)
#define MC_IND_WR_EN (1u << 9)
#define GRBM_GUI_ACTIVE (1u << 31)
#define PTE_GART 0x67ull        /* VALID | SYSTEM | SNOOPED | READ | WRITE */
#define SRC_CP_RB_INT 176u
#define SRC_CP_EOP 181u
#define RING_ORDER_4K 9u        /* 2 << 9 dwords */
#define IH_ORDER_4K 10u         /* 4 << 10 bytes */
#define PFP_DWORDS 576u
#define ME_DWORDS (1792u * 3u)

static AemuTestHost *rs780(void)
{
    return aemu_test_host_new("rs780", VRAM_SIZE, RAM_SIZE);
}

/*
 * r600_mc_program's apertures (no AGP), then r600_pcie_gart_enable with
 * every GTT page onto the same bus page.
 */
static void gart_enable(AemuTestHost *h)
{
    aemu_test_wreg(h, mmMC_VM_AGP_BASE, 0);
    aemu_test_wreg(h, mmMC_VM_AGP_TOP, 0x0fffffff);
    aemu_test_wreg(h, mmMC_VM_AGP_BOT, 0x0fffffff);
    for (uint64_t i = 0; i < GTT_PAGES; i++) {
        aemu_test_put64(h->vram + GART_TABLE_VRAM + 8 * i,
                        (i * PAGE) | PTE_GART);
    }
    aemu_test_wreg(h, mmVM_CONTEXT0_PAGE_TABLE_START_ADDR, GTT_START >> 12);
    aemu_test_wreg(h, mmVM_CONTEXT0_PAGE_TABLE_END_ADDR,
                   (GTT_START + RAM_SIZE - 1) >> 12);
    aemu_test_wreg(h, mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR,
                   (FB_BASE_MC + GART_TABLE_VRAM) >> 12);
    aemu_test_wreg(h, mmVM_CONTEXT0_CNTL,
                   VM_ENABLE_CONTEXT | VM_RANGE_FAULT_DEFAULT);
    aemu_test_wreg(h, mmVM_CONTEXT0_PROTECTION_FAULT_DEFAULT_ADDR,
                   (RAM_SIZE - PAGE) >> 12);
    aemu_test_wreg(h, mmVM_CONTEXT0_REQUEST_RESPONSE, 1);
}

static void ih_enable(AemuTestHost *h)
{
    aemu_test_wreg(h, mmIH_RB_BASE, IH_GPU >> 8);
    aemu_test_wreg(h, mmIH_RB_WPTR_ADDR_LO, WB_GPU + WB_IH_WPTR);
    aemu_test_wreg(h, mmIH_RB_WPTR_ADDR_HI, 0);
    aemu_test_wreg(h, mmIH_RB_CNTL, IH_RB_ENABLE | IH_ORDER_4K << 1 |
                                    IH_WPTR_WRITEBACK_ENABLE);
    aemu_test_wreg(h, mmIH_CNTL, IH_ENABLE_INTR);
}

/* r600_cp_load_microcode: the whole PFP and ME images. */
static void load_microcode(AemuTestHost *h, unsigned pfp, unsigned me)
{
    aemu_test_wreg(h, mmR_0086D8_CP_ME_CNTL, CP_ME_HALT | CP_PFP_HALT);
    aemu_test_wreg(h, mmCP_PFP_UCODE_ADDR, 0);
    for (unsigned i = 0; i < pfp; i++) {
        aemu_test_wreg(h, mmCP_PFP_UCODE_DATA, i);
    }
    aemu_test_wreg(h, mmCP_PFP_UCODE_ADDR, 0);
    aemu_test_wreg(h, mmCP_ME_RAM_WADDR, 0);
    for (unsigned i = 0; i < me; i++) {
        aemu_test_wreg(h, mmCP_ME_RAM_DATA, i);
    }
    aemu_test_wreg(h, mmCP_ME_RAM_WADDR, 0);
}

/* r600_cp_resume, then r600_cp_start's un-halt. */
static void cp_resume(AemuTestHost *h)
{
    aemu_test_wreg(h, mmCP_RB_CNTL, RING_ORDER_4K | RB_RPTR_WR_ENA);
    aemu_test_wreg(h, mmCP_RB_RPTR_WR, 0);
    aemu_test_wreg(h, mmCP_RB_WPTR, 0);
    aemu_test_wreg(h, mmCP_RB_RPTR_ADDR, WB_GPU + WB_RPTR);
    aemu_test_wreg(h, mmCP_RB_RPTR_ADDR_HI, 0);
    aemu_test_wreg(h, mmSCRATCH_ADDR, (WB_GPU + WB_SCRATCH) >> 8);
    aemu_test_wreg(h, mmCP_RB_CNTL, RING_ORDER_4K);
    aemu_test_wreg(h, mmCP_RB_BASE, RING_GPU >> 8);
    aemu_test_wreg(h, mmCP_INT_CNTL, TIME_STAMP_INT_ENABLE | RB_INT_ENABLE);
    aemu_test_wreg(h, mmR_0086D8_CP_ME_CNTL, 0xff);
}

/* Writes dwords at the ring's current end and moves the write pointer. */
static uint32_t ring_wptr;

static void ring_submit(AemuTestHost *h, const uint32_t *dw, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        aemu_test_put32(h->ram + RING_GPU + 4 * ring_wptr, dw[i]);
        ring_wptr++;
    }
    aemu_test_wreg(h, mmCP_RB_WPTR, ring_wptr);
    aemu_test_host_advance(h, 1000000);
}

static AemuTestHost *started(void)
{
    AemuTestHost *h = rs780();

    ring_wptr = 0;
    gart_enable(h);
    ih_enable(h);
    load_microcode(h, PFP_DWORDS, ME_DWORDS);
    cp_resume(h);
    return h;
}

static void test_identity(void)
{
    AemuTestHost *h = rs780();
    const AemuPciInfo *p = aemu_device_pci_info(h->dev);

    g_assert_cmphex(p->vendor_id, ==, 0x1002);
    g_assert_cmphex(p->device_id, ==, 0x9610);
    g_assert_cmpuint(p->mmio_bar, ==, 2);
    g_assert_cmpuint(p->doorbell_size, ==, 0);
    g_assert_cmpuint(p->vram_size, ==, VRAM_SIZE);
    g_assert_cmphex(aemu_test_rreg(h, mmCONFIG_MEMSIZE), ==, VRAM_SIZE);
    aemu_test_wreg(h, mmCONFIG_MEMSIZE, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmCONFIG_MEMSIZE), ==, VRAM_SIZE);
    /* r600_vram_gtt_location: base (16 MiB units) and top of the FB. */
    g_assert_cmphex(aemu_test_rreg(h, mmMC_VM_FB_LOCATION), ==,
                    ((FB_BASE_MC + VRAM_SIZE - 1) >> 24) << 16 |
                    FB_BASE_MC >> 24);
    /* The hawaii default is unchanged: BAR5 and doorbells. */
    aemu_test_host_free(h);
    h = aemu_test_host_new(NULL, 0, RAM_SIZE);
    g_assert_cmpuint(aemu_device_pci_info(h->dev)->mmio_bar, ==, 5);
    g_assert_cmpuint(aemu_device_pci_info(h->dev)->doorbell_size, !=, 0);
    aemu_test_host_free(h);
}

static uint32_t mc_rreg(AemuTestHost *h, uint32_t reg)
{
    aemu_test_wreg(h, mmR_0028F8_MC_INDEX, reg);
    return aemu_test_rreg(h, mmR_0028FC_MC_DATA);
}

static void test_mc_indirect(void)
{
    AemuTestHost *h = rs780();

    g_assert_cmphex(mc_rreg(h, ixR_000011_K8_FB_LOCATION), ==, 0);
    aemu_test_wreg(h, mmR_0028F8_MC_INDEX, 0x40 | MC_IND_WR_EN);
    aemu_test_wreg(h, mmR_0028FC_MC_DATA, 0x12345678);
    g_assert_cmphex(mc_rreg(h, 0x40), ==, 0x12345678);
    /* Without MC_IND_WR_EN the write is dropped and reported. */
    aemu_test_wreg(h, mmR_0028FC_MC_DATA, 0xdead);
    g_assert_cmphex(mc_rreg(h, 0x40), ==, 0x12345678);
    g_assert_cmpuint(h->guest_errors->len, ==, 1);
    /* Indices wrap at the 9-bit field. */
    g_assert_cmphex(mc_rreg(h, 0x240), ==, 0x12345678);
    aemu_device_reset(h->dev, AEMU_RESET_COLD);
    g_assert_cmphex(mc_rreg(h, 0x40), ==, 0);
    aemu_test_host_free(h);
}

static void test_gart(void)
{
    AemuTestHost *h = rs780();
    const AemuMemClient c = { .name = "test" };
    uint32_t v;

    /* The TLB flush answers at once (RESPONSE_TYPE 1). */
    gart_enable(h);
    g_assert_cmphex(aemu_test_rreg(h, mmVM_CONTEXT0_REQUEST_RESPONSE) >> 4 &
                    0xf, ==, 1);
    /* A GTT page: through its PTE to the bus page. */
    aemu_test_put32(h->ram + 3 * PAGE + 8, 0xabcd0123);
    g_assert_cmpint(aemu_gpu_read(h->dev, 0, GTT_START + 3 * PAGE + 8, &v, 4,
                                  &c), ==, AEMU_MEM_OK);
    g_assert_cmphex(GUINT32_FROM_LE(v), ==, 0xabcd0123);
    /* The FB aperture: VRAM at FB_BASE_MC. */
    aemu_test_put32(h->vram + 0x5000, 0x600dcafe);
    g_assert_cmpint(aemu_gpu_read(h->dev, 0, FB_BASE_MC + 0x5000, &v, 4, &c),
                    ==, AEMU_MEM_OK);
    g_assert_cmphex(GUINT32_FROM_LE(v), ==, 0x600dcafe);
    /* A changed PTE is seen after the flush radeon writes. */
    aemu_test_put64(h->vram + GART_TABLE_VRAM + 8 * 3, (5 * PAGE) | PTE_GART);
    aemu_test_put32(h->ram + 5 * PAGE + 8, 0x55555555);
    aemu_test_wreg(h, mmVM_CONTEXT0_REQUEST_RESPONSE, 1);
    g_assert_cmpint(aemu_gpu_read(h->dev, 0, GTT_START + 3 * PAGE + 8, &v, 4,
                                  &c), ==, AEMU_MEM_OK);
    g_assert_cmphex(GUINT32_FROM_LE(v), ==, 0x55555555);
    /* An invalid PTE goes to the default page, reported. */
    aemu_test_put64(h->vram + GART_TABLE_VRAM + 8 * 4, 0);
    aemu_test_wreg(h, mmVM_CONTEXT0_REQUEST_RESPONSE, 1);
    aemu_test_put32(h->ram + RAM_SIZE - PAGE + 16, 0xdefa0017);
    g_assert_cmpint(aemu_gpu_read(h->dev, 0, GTT_START + 4 * PAGE + 16, &v, 4,
                                  &c), ==, AEMU_MEM_OK);
    g_assert_cmphex(GUINT32_FROM_LE(v), ==, 0xdefa0017);
    g_assert_cmpuint(h->guest_errors->len, ==, 1);
    /* Past the carve-out and without the default page: a fault. */
    aemu_test_wreg(h, mmVM_CONTEXT0_CNTL, VM_ENABLE_CONTEXT);
    g_assert_cmpint(aemu_gpu_read(h->dev, 0, FB_BASE_MC + VRAM_SIZE + 16, &v,
                                  4, &c), ==, AEMU_MEM_FAULT);
    g_assert_cmpint(aemu_gpu_read(h->dev, 0, 0x80000000ull, &v, 4, &c), ==,
                    AEMU_MEM_FAULT);
    aemu_test_host_free(h);
}

/* One IV in the IH ring at byte offset off: src_id and src_data. */
static void assert_iv(AemuTestHost *h, uint32_t off, uint32_t src_id)
{
    g_assert_cmpuint(aemu_test_get32(h->ram + IH_GPU + off) & 0xff, ==,
                     src_id);
}

static void test_ring_and_ib(void)
{
    AemuTestHost *h = rs780();
    uint32_t scratch0 = (mmSCRATCH_REG0 * 4 - SET_CONFIG_REG_OFFSET) >> 2;
    uint32_t ring_test[] = {
        PACKET3(OP_SET_CONFIG_REG, 1), scratch0, 0xdeadbeef,
    };
    uint32_t ib[] = {
        PACKET3(OP_SET_CONFIG_REG, 1), scratch0 + 1, 0xdeadbeef,
    };
    uint32_t exec_ib[] = {
        PACKET3(OP_INDIRECT_BUFFER, 2), IB_GPU, 0, G_N_ELEMENTS(ib),
        PACKET3(OP_EVENT_WRITE_EOP, 4),
        EVENT_CACHE_FLUSH_AND_INV_TS | EVENT_INDEX_5,
        WB_GPU + WB_FENCE, EOP_DATA_SEL_32 | EOP_INT_SEL_WRITE_CONFIRM, 42, 0,
    };
    uint32_t me_init[] = { PACKET3(OP_ME_INITIALIZE, 5), 1, 0, 7, 0, 0, 0 };

    ring_wptr = 0;
    gart_enable(h);
    ih_enable(h);
    /* No microcode: the CP does not fetch, however un-halted. */
    load_microcode(h, PFP_DWORDS, ME_DWORDS - 1);
    cp_resume(h);
    ring_submit(h, me_init, G_N_ELEMENTS(me_init));
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_RB_RPTR), ==, 0);
    /* With both images the ring runs: r600_cp_start's ME_INITIALIZE. */
    load_microcode(h, PFP_DWORDS, ME_DWORDS);
    aemu_test_wreg(h, mmR_0086D8_CP_ME_CNTL, 0xff);
    aemu_test_host_advance(h, 1000000);
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_RB_RPTR), ==, ring_wptr);
    g_assert_cmpuint(aemu_test_get32(h->ram + WB_GPU + WB_RPTR), ==,
                     ring_wptr);

    /* r600_ring_test. */
    aemu_test_wreg(h, mmSCRATCH_REG0, 0xcafedead);
    ring_submit(h, ring_test, G_N_ELEMENTS(ring_test));
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0xdeadbeef);

    /* r600_ib_test: the IB's write, the fence and its interrupt. */
    for (unsigned i = 0; i < G_N_ELEMENTS(ib); i++) {
        aemu_test_put32(h->ram + IB_GPU + 4 * i, ib[i]);
    }
    h->irq_edges = 0;
    ring_submit(h, exec_ib, G_N_ELEMENTS(exec_ib));
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG1), ==, 0xdeadbeef);
    g_assert_cmpuint(aemu_test_get32(h->ram + WB_GPU + WB_FENCE), ==, 42);
    g_assert_cmpuint(h->irq_edges, >=, 1);
    assert_iv(h, 0, SRC_CP_EOP);
    g_assert_cmpuint(aemu_test_get32(h->ram + WB_GPU + WB_IH_WPTR), ==, 16);
    g_assert_cmpuint(aemu_test_rreg(h, mmGRBM_STATUS) & GRBM_GUI_ACTIVE, ==,
                     0);

    /* Without TIME_STAMP_INT_ENABLE the fence lands, no interrupt. */
    aemu_test_wreg(h, mmCP_INT_CNTL, RB_INT_ENABLE);
    exec_ib[8] = 43;
    ring_submit(h, exec_ib, G_N_ELEMENTS(exec_ib));
    g_assert_cmpuint(aemu_test_get32(h->ram + WB_GPU + WB_FENCE), ==, 43);
    g_assert_cmpuint(aemu_test_get32(h->ram + WB_GPU + WB_IH_WPTR), ==, 16);

    /* The scratch-register fence path: PACKET0(CP_INT_STATUS, RB_INT_STAT). */
    {
        uint32_t cp_int[] = { PACKET0(mmCP_INT_STATUS * 4, 0), RB_INT_STAT };

        ring_submit(h, cp_int, G_N_ELEMENTS(cp_int));
        assert_iv(h, 16, SRC_CP_RB_INT);
    }
    aemu_test_host_free(h);
}

static void test_scratch_writeback(void)
{
    AemuTestHost *h = started();

    aemu_test_wreg(h, mmSCRATCH_UMSK, 1u << 3);
    aemu_test_wreg(h, mmSCRATCH_REG3, 0x13572468);
    aemu_test_wreg(h, mmSCRATCH_REG2, 0x11111111);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_GPU + WB_SCRATCH + 12), ==,
                    0x13572468);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_GPU + WB_SCRATCH + 8), ==, 0);
    aemu_test_host_free(h);
}

static void test_cp_dma(void)
{
    AemuTestHost *h = started();
    uint32_t dma[] = {
        PACKET3(OP_CP_DMA, 4), SRC_GPU, 1u << 31 /* CP_SYNC */,
        (uint32_t)(FB_BASE_MC + 0x10000), 0, 4096,
    };

    for (unsigned i = 0; i < 1024; i++) {
        aemu_test_put32(h->ram + SRC_GPU + 4 * i, 0x1000 + i);
    }
    ring_submit(h, dma, G_N_ELEMENTS(dma));
    g_assert_cmpint(memcmp(h->vram + 0x10000, h->ram + SRC_GPU, 4096), ==, 0);
    aemu_test_host_free(h);
}

/* MEM_WRITE: one dword with DATA32 (radeon's next_rptr), else two. */
static void test_mem_write(void)
{
    AemuTestHost *h = started();
    uint32_t mw[] = {
        PACKET3(OP_MEM_WRITE, 3), WB_GPU + 512, 1u << 18, 0x11223344, 0x55,
        PACKET3(OP_MEM_WRITE, 3), WB_GPU + 520, 0, 0xaabbccdd, 0x01020304,
    };

    aemu_test_put32(h->ram + WB_GPU + 516, 0xffffffff);
    ring_submit(h, mw, G_N_ELEMENTS(mw));
    g_assert_cmphex(aemu_test_get32(h->ram + WB_GPU + 512), ==, 0x11223344);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_GPU + 516), ==, 0xffffffff);
    g_assert_cmphex(aemu_test_get64(h->ram + WB_GPU + 520), ==,
                    0x01020304aabbccddull);
    aemu_test_host_free(h);
}

/* A packet the model does not run stops the ring, busy in GRBM_STATUS. */
static void test_unimplemented_hangs(void)
{
    AemuTestHost *h = started();
    uint32_t copy_dw[] = { PACKET3(OP_COPY_DW, 4), 0, 0, 0, 0, 0 };

    ring_submit(h, copy_dw, G_N_ELEMENTS(copy_dw));
    g_assert_cmpuint(aemu_test_rreg(h, mmGRBM_STATUS) & GRBM_GUI_ACTIVE, !=,
                     0);
    g_assert_cmpuint(h->unimps->len, >=, 1);
    /* radeon's soft reset of the CP (r600_gpu_soft_reset) clears it. */
    aemu_test_wreg(h, mmGRBM_SOFT_RESET, 1);
    aemu_test_wreg(h, mmGRBM_SOFT_RESET, 0);
    g_assert_cmpuint(aemu_test_rreg(h, mmGRBM_STATUS) & GRBM_GUI_ACTIVE, ==,
                     0);
    aemu_test_host_free(h);
}

/*
 * A CP stuck in a packet (a wait on memory nobody releases) stays busy when
 * radeon halts it: radeon_gpu_reset halts the CP (r600_cp_stop) before
 * r600_asic_reset asks r600_gpu_check_soft_reset what is busy, and a hang
 * must still show there for the CP's soft reset to happen. The soft reset
 * drops the packet; the CP is idle after it.
 */
static void test_halted_wait_stays_busy(void)
{
    AemuTestHost *h = started();
    uint32_t wait[] = {
        PACKET3(OP_WAIT_REG_MEM, 5),
        WAIT_REG_MEM_FUNCTION_EQ | WAIT_REG_MEM_MEM_SPACE,
        (uint32_t)SRC_GPU, 0, 1, 0xffffffffu, 10,
    };

    aemu_test_put32(h->ram + SRC_GPU, 0);
    ring_submit(h, wait, G_N_ELEMENTS(wait));
    g_assert_cmpuint(aemu_test_rreg(h, mmGRBM_STATUS) & GRBM_GUI_ACTIVE, !=,
                     0);
    aemu_test_wreg(h, mmR_0086D8_CP_ME_CNTL, CP_ME_CNTL_ME_HALT);
    aemu_test_host_advance(h, 1000000);
    g_assert_cmpuint(aemu_test_rreg(h, mmGRBM_STATUS) & GRBM_GUI_ACTIVE, !=,
                     0);
    aemu_test_wreg(h, mmGRBM_SOFT_RESET, 1);
    aemu_test_wreg(h, mmGRBM_SOFT_RESET, 0);
    g_assert_cmpuint(aemu_test_rreg(h, mmGRBM_STATUS) & GRBM_GUI_ACTIVE, ==,
                     0);
    aemu_test_host_free(h);
}

/*
 * The R6xx DMA engine radeon never starts reads idle, as r600_asic_reset's
 * r600_gpu_check_soft_reset needs to call a reset done, whatever the CP
 * does and whatever is written there.
 */
#define DMA_STATUS_DMA_IDLE (1u << 0)

static void test_dma_status_idle(void)
{
    AemuTestHost *h = started();
    uint32_t copy_dw[] = { PACKET3(OP_COPY_DW, 4), 0, 0, 0, 0, 0 };

    g_assert_cmphex(aemu_test_rreg(h, mmDMA_STATUS_REG) & DMA_STATUS_DMA_IDLE,
                    ==, DMA_STATUS_DMA_IDLE);
    ring_submit(h, copy_dw, G_N_ELEMENTS(copy_dw));
    g_assert_cmpuint(aemu_test_rreg(h, mmGRBM_STATUS) & GRBM_GUI_ACTIVE, !=,
                     0);
    aemu_test_wreg(h, mmDMA_STATUS_REG, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmDMA_STATUS_REG) & DMA_STATUS_DMA_IDLE,
                    ==, DMA_STATUS_DMA_IDLE);
    aemu_test_host_free(h);
}

/* A snapshot keeps the microcode count, the ring and the MC's space. */
static void test_snapshot(void)
{
    AemuTestHost *h = started(), *h2;
    uint32_t scratch0 = (mmSCRATCH_REG0 * 4 - SET_CONFIG_REG_OFFSET) >> 2;
    uint32_t ring_test[] = {
        PACKET3(OP_SET_CONFIG_REG, 1), scratch0, 0x5a5a0001,
    };
    uint8_t *blob;
    size_t len;
    char *err = NULL;

    aemu_test_wreg(h, mmR_0028F8_MC_INDEX, 0x33 | MC_IND_WR_EN);
    aemu_test_wreg(h, mmR_0028FC_MC_DATA, 0x77);
    ring_submit(h, ring_test, G_N_ELEMENTS(ring_test));
    g_assert_true(aemu_state_save(h->dev, &blob, &len, &err));
    h2 = rs780();
    memcpy(h2->ram, h->ram, RAM_SIZE);
    memcpy(h2->vram, h->vram, VRAM_SIZE);
    g_assert_true(aemu_state_load(h2->dev, blob, len, &err));
    aemu_state_free(blob);
    g_assert_cmphex(mc_rreg(h2, 0x33), ==, 0x77);
    g_assert_cmpuint(aemu_test_rreg(h2, mmCP_RB_RPTR), ==, ring_wptr);
    /* The restored CP runs without a new microcode upload. */
    ring_test[2] = 0x5a5a0002;
    ring_submit(h2, ring_test, G_N_ELEMENTS(ring_test));
    g_assert_cmphex(aemu_test_rreg(h2, mmSCRATCH_REG0), ==, 0x5a5a0002);
    aemu_test_host_free(h);
    aemu_test_host_free(h2);
}

/* ATOM data table slots (atombios.h) the R600 image fills or leaves out. */
#define ROM_ATOM_HEADER_PTR 0x48
#define ATOM_ROM_DATA_OFF 0x20
#define DATA_SLOT_POWERPLAY 15
#define DATA_SLOT_IGP_INFO 30

static uint16_t rom16(const uint8_t *b, size_t off)
{
    return b[off] | b[off + 1] << 8;
}

static void test_vbios(void)
{
    AemuTestHost *h = rs780();
    const AemuPciInfo *p = aemu_device_pci_info(h->dev);
    const uint8_t *b = p->rom;
    uint16_t data = rom16(b, rom16(b, ROM_ATOM_HEADER_PTR) + ATOM_ROM_DATA_OFF);
    uint16_t igp = rom16(b, data + 4 + 2 * DATA_SLOT_IGP_INFO);

    /* Its PowerPlayInfo: test-rs780-pm.c. */
    g_assert_cmpuint(rom16(b, data + 4 + 2 * DATA_SLOT_POWERPLAY), !=, 0);
    g_assert_cmpuint(igp, !=, 0);
    /* rs690_pm_info's v1.2 (crev 2): UMA clock, no sideport, HT link. */
    g_assert_cmpuint(b[igp + 2], ==, 1);
    g_assert_cmpuint(b[igp + 3], ==, 2);
    g_assert_cmpuint(rom16(b, igp + 0x10), ==, 40000);
    g_assert_cmpuint(rom16(b, igp + 0x14), ==, 0);
    g_assert_cmpuint(rom16(b, igp + 0x60), ==, 16);
    aemu_test_host_free(h);
    /* Hawaii keeps PowerPlay and has no IGP table. */
    h = aemu_test_host_new(NULL, 0, RAM_SIZE);
    b = aemu_device_pci_info(h->dev)->rom;
    data = rom16(b, rom16(b, ROM_ATOM_HEADER_PTR) + ATOM_ROM_DATA_OFF);
    g_assert_cmpuint(rom16(b, data + 4 + 2 * DATA_SLOT_POWERPLAY), !=, 0);
    g_assert_cmpuint(rom16(b, data + 4 + 2 * DATA_SLOT_IGP_INFO), ==, 0);
    aemu_test_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/rs780/identity", test_identity);
    g_test_add_func("/rs780/mc-indirect", test_mc_indirect);
    g_test_add_func("/rs780/gart", test_gart);
    g_test_add_func("/rs780/ring-and-ib", test_ring_and_ib);
    g_test_add_func("/rs780/scratch-writeback", test_scratch_writeback);
    g_test_add_func("/rs780/cp-dma", test_cp_dma);
    g_test_add_func("/rs780/mem-write", test_mem_write);
    g_test_add_func("/rs780/unimplemented-hangs", test_unimplemented_hangs);
    g_test_add_func("/rs780/halted-wait-stays-busy",
                    test_halted_wait_stays_busy);
    g_test_add_func("/rs780/dma-status-idle", test_dma_status_idle);
    g_test_add_func("/rs780/snapshot", test_snapshot);
    g_test_add_func("/rs780/vbios", test_vbios);
    return g_test_run();
}
