/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the RS780's memory controller (an R600-family IGP).
 *
 * The RS780 has no memory of its own: its "VRAM" is a carve-out of system
 * memory (UMA) that the northbridge's MC maps at MC_VM_FB_LOCATION. The
 * model keeps that carve-out as the device's VRAM (BAR0), and reports what
 * an IGP reports: CONFIG_MEMSIZE, an FB location that does not start at 0
 * (r600_vram_gtt_location reads the base on an IGP), a single 64-bit UMA
 * channel in RAMCFG/CHMAP, and the northbridge MC's indirect space
 * (R_0028F8_MC_INDEX / R_0028FC_MC_DATA, rs780_mc_rreg/wreg) with the K8
 * FB location radeon's fast-FB path would read (0: no direct mapping, the
 * carve-out is not guest RAM here; radeon_fastfb is off by default).
 *
 * GPU addresses (gmc translate): the framebuffer aperture is VRAM, the AGP
 * aperture (empty on PCIe) a bus window, and VM context 0 the PCIE GART:
 * one flat table of 64-bit PTEs at VM_CONTEXT0_PAGE_TABLE_BASE_ADDR (an MC
 * address) over [START_ADDR, END_ADDR] pages, as r600_pcie_gart_enable
 * programs it and rs600_gart_set_page fills it. A TLB flush
 * (VM_CONTEXT0_REQUEST_RESPONSE) completes at once and drops the engines'
 * cached translations. An access outside every aperture is a fault: with
 * RANGE_PROTECTION_FAULT_ENABLE_DEFAULT it goes to the default page
 * (radeon's dummy page), else the engine stops. R600 has no VM fault
 * interrupt: radeon's r600_irq_process has no source for one.
 */
#include "aemu-internal.h"
#include "state.h"
#include "amdgpu-emu/regs/r600_regs.h"

#define GPU_PAGE_SHIFT  12
#define GPU_PAGE_SIZE   (1ull << GPU_PAGE_SHIFT)
/* MC_VM_FB_LOCATION: base [15:0] and top [31:16] in 16 MiB units. */
#define FB_SHIFT        24
#define FB_BASE_MASK    0xffffu
#define FB_TOP_SHIFT    16
/* MC_VM_AGP_*: 4 MiB units (r600_mc_program writes address >> 22). */
#define AGP_SHIFT       22
/* The largest AGP_BOT (r600_mc_program's "no AGP" value). */
#define MC_VM_AGP_EMPTY_BOT 0x0fffffffu

/*
 * Where the carve-out sits in the MC's space: at 3 GiB, below the 4 GiB
 * the R600 MC addresses (mc_mask 32 bits), as a BIOS places a UMA buffer
 * at the top of low memory.
 */
#define RS780_FB_BASE_MC    0xc0000000ull

/* VM_CONTEXT0_CNTL (r600d.h). */
#define VM_CONTEXT_ENABLE_CONTEXT                   (1u << 0)
#define VM_CONTEXT_PAGE_TABLE_DEPTH_MASK            (3u << 1)
#define VM_CONTEXT_RANGE_PROTECTION_FAULT_DEFAULT   (1u << 4)
/* VM_CONTEXT0_REQUEST_RESPONSE: REQUEST_TYPE [3:0], RESPONSE_TYPE [7:4]. */
#define VM_REQUEST_TYPE_MASK        0xfu
#define VM_RESPONSE_TYPE_SHIFT      4
#define VM_RESPONSE_DONE            1u

/* PTE bits (radeon.h R600_PTE_*) and the page address. */
#define R600_PTE_VALID      (1ull << 0)
#define R600_PTE_SYSTEM     (1ull << 1)
#define R600_PTE_READABLE   (1ull << 5)
#define R600_PTE_WRITEABLE  (1ull << 6)
#define R600_PTE_ADDR_MASK  0xfffffffffffff000ull

/* R_0028F8_MC_INDEX: MC_IND_ADDR [8:0], MC_IND_WR_EN bit 9. */
#define MC_IND_ADDR_MASK    0x1ffu
#define MC_IND_WR_EN        (1u << 9)
#define MC_IND_REGS         (MC_IND_ADDR_MASK + 1)

/*
 * RAMCFG: CHANSIZE_MASK (bit 7) set = 64-bit channels; CHMAP NOOFCHAN
 * [13:12] 0 = one channel: r600_mc_init reports a 64-bit UMA interface.
 */
#define RAMCFG_CHANSIZE_64  (1u << 7)

typedef struct McRs780 {
    uint32_t mc_ind[MC_IND_REGS];   /* the northbridge MC's indirect space */
} McRs780;

static McRs780 *mc(AemuDevice *d)
{
    return aemu_block_priv(d, AEMU_BLOCK_GMC);
}

static uint64_t fb_base(AemuDevice *d)
{
    return (uint64_t)(d->regs[mmMC_VM_FB_LOCATION] & FB_BASE_MASK) << FB_SHIFT;
}

static uint64_t fb_end(AemuDevice *d)
{
    return ((uint64_t)(d->regs[mmMC_VM_FB_LOCATION] >> FB_TOP_SHIFT) <<
            FB_SHIFT) | ((1ull << FB_SHIFT) - 1);
}

static uint32_t fb_location(uint64_t vram_size)
{
    uint32_t base = (uint32_t)(RS780_FB_BASE_MC >> FB_SHIFT);
    uint32_t top = (uint32_t)((RS780_FB_BASE_MC + vram_size - 1) >> FB_SHIFT);

    return top << FB_TOP_SHIFT | base;
}

/* An MC address used untranslated (the page table base). */
static bool mc_phys(AemuDevice *d, uint64_t mc_addr, AemuXlate *x)
{
    if (mc_addr < fb_base(d) || mc_addr > fb_end(d) ||
        mc_addr - fb_base(d) >= d->vram_size) {
        return false;
    }
    x->vram = true;
    x->addr = mc_addr - fb_base(d);
    x->len = GPU_PAGE_SIZE - (mc_addr & (GPU_PAGE_SIZE - 1));
    return true;
}

static AemuMemStatus fault(AemuDevice *d, uint64_t addr, bool write,
                           const AemuMemClient *client, const char *why,
                           AemuXlate *out)
{
    uint32_t cntl = d->regs[mmVM_CONTEXT0_CNTL];

    aemu_guest_error(d, "%s: %s of GPU address 0x%" G_GINT64_MODIFIER
                     "x faults: %s", client->name, write ? "write" : "read",
                     addr, why);
    if (out && (cntl & VM_CONTEXT_RANGE_PROTECTION_FAULT_DEFAULT)) {
        out->vram = false;
        out->addr = ((uint64_t)d->regs[mmVM_CONTEXT0_PROTECTION_FAULT_DEFAULT_ADDR]
                     << GPU_PAGE_SHIFT) + (addr & (GPU_PAGE_SIZE - 1));
        out->len = GPU_PAGE_SIZE - (addr & (GPU_PAGE_SIZE - 1));
        out->uncacheable = true;
        return AEMU_MEM_OK;
    }
    return AEMU_MEM_FAULT;
}

static AemuMemStatus gart_translate(AemuDevice *d, uint64_t addr, bool write,
                                    const AemuMemClient *client,
                                    AemuXlate *out)
{
    uint32_t cntl = d->regs[mmVM_CONTEXT0_CNTL];
    uint64_t pfn = addr >> GPU_PAGE_SHIFT;
    uint64_t start = d->regs[mmVM_CONTEXT0_PAGE_TABLE_START_ADDR];
    uint64_t end = d->regs[mmVM_CONTEXT0_PAGE_TABLE_END_ADDR];
    uint64_t in_page = addr & (GPU_PAGE_SIZE - 1);
    AemuXlate table;
    uint64_t pte;

    if (!(cntl & VM_CONTEXT_ENABLE_CONTEXT) || pfn < start || pfn > end) {
        return fault(d, addr, write, client, "outside every aperture", out);
    }
    if (cntl & VM_CONTEXT_PAGE_TABLE_DEPTH_MASK) {
        return fault(d, addr, write, client, "multi-level table", out);
    }
    if (!mc_phys(d, (uint64_t)d->regs[mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR] <<
                 GPU_PAGE_SHIFT, &table)) {
        return fault(d, addr, write, client, "page table outside VRAM", out);
    }
    table.addr += (pfn - start) * sizeof(pte);
    table.len = sizeof(pte);
    if (table.addr + sizeof(pte) > d->vram_size ||
        aemu_phys_access(d, &table, &pte, sizeof(pte), false) != AEMU_MEM_OK) {
        return fault(d, addr, write, client, "page table read", out);
    }
    pte = GUINT64_FROM_LE(pte);
    if (!(pte & R600_PTE_VALID)) {
        return fault(d, addr, write, client, "invalid PTE", out);
    }
    if (write ? !(pte & R600_PTE_WRITEABLE) : !(pte & R600_PTE_READABLE)) {
        return fault(d, addr, write, client, "PTE protection", out);
    }
    if (pte & R600_PTE_SYSTEM) {
        out->vram = false;
        out->addr = (pte & R600_PTE_ADDR_MASK) + in_page;
        out->len = GPU_PAGE_SIZE - in_page;
        return AEMU_MEM_OK;
    }
    /* A local page: an MC address in the framebuffer. */
    if (!mc_phys(d, (pte & R600_PTE_ADDR_MASK) + in_page, out)) {
        return fault(d, addr, write, client, "local PTE outside VRAM", out);
    }
    return AEMU_MEM_OK;
}

/* R600 has one GART context (VMID 0) and no per-process VM. */
static AemuMemStatus rs780_translate(AemuDevice *d, unsigned vmid,
                                     uint64_t addr, bool write,
                                     const AemuMemClient *client,
                                     AemuXlate *out)
{
    uint64_t agp_bot = (uint64_t)d->regs[mmMC_VM_AGP_BOT] << AGP_SHIFT;
    uint64_t agp_top = ((uint64_t)d->regs[mmMC_VM_AGP_TOP] << AGP_SHIFT) |
                       ((1ull << AGP_SHIFT) - 1);

    out->uncacheable = false;
    if (vmid != 0) {
        return fault(d, addr, write, client, "VMID other than 0", NULL);
    }
    if (addr >= fb_base(d) && addr <= fb_end(d)) {
        if (addr - fb_base(d) >= d->vram_size) {
            return fault(d, addr, write, client, "past the carve-out", out);
        }
        out->vram = true;
        out->addr = addr - fb_base(d);
        out->len = MIN(fb_end(d) - addr + 1, d->vram_size - out->addr);
        return AEMU_MEM_OK;
    }
    /* radeon leaves the AGP aperture empty on PCIe: bottom above top. */
    if (agp_bot <= agp_top && addr >= agp_bot && addr <= agp_top) {
        out->vram = false;
        out->addr = addr - agp_bot +
                    ((uint64_t)d->regs[mmMC_VM_AGP_BASE] << AGP_SHIFT);
        out->len = agp_top - addr + 1;
        return AEMU_MEM_OK;
    }
    return gart_translate(d, addr, write, client, out);
}

/* A TLB flush completes at once (r600_pcie_gart_tlb_flush polls for it). */
static void vm_request_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    uint32_t req = value & VM_REQUEST_TYPE_MASK;

    d->regs[dw] = req | (req ? VM_RESPONSE_DONE << VM_RESPONSE_TYPE_SHIFT : 0);
    aemu_xlate_invalidate(d);
}

static const AemuRegHandler vm_request = {
    .block = "mc", .write = vm_request_write,
};

/* Any write to the VM or aperture registers drops cached translations. */
static void vm_reg_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    d->regs[dw] = value;
    aemu_xlate_invalidate(d);
}

static const AemuRegHandler vm_reg = {
    .block = "mc", .write = vm_reg_write,
};

static const uint32_t vm_regs[] = {
    mmVM_CONTEXT0_CNTL, mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR,
    mmVM_CONTEXT0_PAGE_TABLE_START_ADDR, mmVM_CONTEXT0_PAGE_TABLE_END_ADDR,
    mmVM_CONTEXT0_PROTECTION_FAULT_DEFAULT_ADDR, mmMC_VM_FB_LOCATION,
    mmMC_VM_AGP_TOP, mmMC_VM_AGP_BOT, mmMC_VM_AGP_BASE,
};

/* The northbridge MC's indirect space: MC_INDEX selects, MC_DATA reads. */
static uint32_t mc_data_read(AemuDevice *d, uint32_t dw)
{
    return mc(d)->mc_ind[d->regs[mmR_0028F8_MC_INDEX] & MC_IND_ADDR_MASK];
}

static void mc_data_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    uint32_t index = d->regs[mmR_0028F8_MC_INDEX];

    if (!(index & MC_IND_WR_EN)) {
        aemu_guest_error(d, "MC_DATA write 0x%x without MC_IND_WR_EN "
                         "(index 0x%x) dropped", value, index);
        return;
    }
    mc(d)->mc_ind[index & MC_IND_ADDR_MASK] = value;
}

/* Set by the MC from the carve-out's size; the driver only reads it. */
static const AemuRegHandler read_only = {
    .block = "mc", .write = aemu_reg_ignore_write,
};

static const AemuRegHandler mc_data = {
    .block = "mc", .read = mc_data_read, .write = mc_data_write,
};

static void mc_init(AemuDevice *d, void *priv)
{
    d->translate = rs780_translate;
    aemu_reg_claim(d, mmVM_CONTEXT0_REQUEST_RESPONSE, &vm_request);
    aemu_reg_claim(d, mmR_0028FC_MC_DATA, &mc_data);
    aemu_reg_claim(d, mmCONFIG_MEMSIZE, &read_only);
    for (size_t i = 0; i < G_N_ELEMENTS(vm_regs); i++) {
        aemu_reg_claim(d, vm_regs[i], &vm_reg);
    }
}

static void mc_reset(AemuDevice *d, void *priv, AemuResetKind kind)
{
    McRs780 *m = priv;

    memset(m->mc_ind, 0, sizeof(m->mc_ind));
    /* No K8 direct mapping: the carve-out is not guest RAM in the model. */
    m->mc_ind[ixR_000011_K8_FB_LOCATION] = 0;
    m->mc_ind[ixR_000012_MC_MISC_UMA_CNTL] = 0;
    d->regs[mmCONFIG_MEMSIZE] = (uint32_t)d->vram_size;
    d->regs[mmMC_VM_FB_LOCATION] = fb_location(d->vram_size);
    /*
     * The AGP aperture empty (bottom above top), as radeon leaves it on
     * PCIe: zeros would open a 4 MiB window at MC 0 before the driver
     * programs it (inferred reset state).
     */
    d->regs[mmMC_VM_AGP_TOP] = 0;
    d->regs[mmMC_VM_AGP_BOT] = MC_VM_AGP_EMPTY_BOT;
    d->regs[mmRAMCFG] = RAMCFG_CHANSIZE_64;
    d->regs[mmCHMAP] = 0;
    aemu_xlate_invalidate(d);
}

/* Snapshots (state.h): the indirect space; the rest is registers. */
static void mc_state(AemuDevice *d, void *priv, AemuStateIo *s)
{
    McRs780 *m = priv;

    AEMU_STATE(s, m->mc_ind);
}

const AemuIpBlockFuncs aemu_mc_rs780_funcs = {
    .name = "rs780_mc",
    .type = AEMU_BLOCK_GMC,
    .major = 6, .minor = 0,
    .priv_size = sizeof(McRs780),
    .init = mc_init,
    .reset = mc_reset,
    .state = mc_state,
    .state_version = 1,
};
