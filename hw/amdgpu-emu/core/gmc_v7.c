/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: GMC 7.x memory controller (Hawaii).
 *
 * What the probe path reads of the memory controller: the framebuffer
 * location and size it derives VRAM from (MC_VM_FB_LOCATION, read by
 * gmc_v7_0_vram_gtt_location; radeon writes it), the sequencer RUN bit that
 * says the MC firmware is already running (no upload), the RAM configuration
 * the driver derives tiling and bus width from, and TLB invalidation
 * acknowledgements; and the translation every engine access goes through
 * (gmc_v7_translate): the framebuffer and AGP apertures, VM context 0 (the
 * GART: one flat table) and contexts 1..15 (per-process page directory and
 * tables, as gmc_v7_0_vm_init programs them), with protection faults
 * reported in VM_CONTEXT1_PROTECTION_FAULT_* and on the IH ring. In
 * contexts 1..15 a fault of a kind whose *_PROTECTION_FAULT_ENABLE_DEFAULT
 * bit is set goes to the default page and the access carries on.
 */
#include "aemu-internal.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

/* MC_SEQ_MISC0 [31:28] memory type as gmc_v7_0_sw_init decodes it. */
#define MC_SEQ_MISC0__MT_GDDR5 0x5u
#define MC_SEQ_MISC0__MT__SHIFT 28

#define GPU_PAGE_SHIFT 12
#define GPU_PAGE_SIZE (1ull << GPU_PAGE_SHIFT)
/* AGP aperture registers count 4 MiB units; FB location 16 MiB units. */
#define AGP_SHIFT 22
#define FB_SHIFT 24

/* PTE/PDE bits (amdgpu_vm.h AMDGPU_PTE_*; the same on radeon). */
#define PTE_VALID       (1ull << 0)
#define PTE_SYSTEM      (1ull << 1)
#define PTE_READABLE    (1ull << 5)
#define PTE_WRITEABLE   (1ull << 6)
#define PTE_ADDR_MASK   0x000000fffffff000ull

/* VM_CONTEXT1_PROTECTION_FAULT_STATUS.PROTECTIONS bits (inferred). */
#define PROT_RANGE      0x01u
#define PROT_PDE0       0x02u
#define PROT_VALID      0x04u
#define PROT_READ       0x08u
#define PROT_WRITE      0x10u

/* IH source ids of VM faults (ivsrcid_vislands30.h). */
#define IV_SRCID_GFX_PAGE_INV_FAULT 146
#define IV_SRCID_GFX_MEM_PROT_FAULT 147

/* VM_CONTEXT1_CNTL2 bit 0: clear the latched fault address and status. */
#define VM_CONTEXT1_CNTL2__CLEAR_PROTECTION_FAULT_STATUS 0x1u

/* VRAM sits at MC address 0; FB_BASE/FB_TOP are in 16 MiB units. */
static uint32_t fb_location(uint64_t vram_size)
{
    uint32_t top = (uint32_t)((vram_size - 1) >> 24);

    return (top << MC_VM_FB_LOCATION__FB_TOP__SHIFT) &
           MC_VM_FB_LOCATION__FB_TOP_MASK;
}

/*
 * Invalidations complete at once: the response mirrors the request. The
 * flush the drivers write after changing PTEs is also what drops the
 * engines' cached translations (xlate_cache.c).
 */
static void vm_invalidate_request_write(AemuDevice *d, uint32_t dw,
                                        uint32_t value)
{
    d->regs[mmVM_INVALIDATE_REQUEST] = value;
    d->regs[mmVM_INVALIDATE_RESPONSE] = value;
    aemu_xlate_invalidate(d);
}

/*
 * The registers translations depend on: the VM block (L2 and context
 * control, page-table bases and ranges, fault defaults) and the MC's
 * apertures (framebuffer location, AGP, system aperture). A write to any
 * of them drops the engines' cached translations, whatever it changed.
 */
static const struct {
    uint32_t first, last;
} vm_reg_ranges[] = {
    { mmVM_L2_CNTL, mmVM_L2_CONTEXT_IDENTITY_PHYSICAL_OFFSET },
    { mmMC_VM_FB_LOCATION, mmMC_VM_STEERING },
};

static void vm_reg_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    aemu_reg_set(d, dw, value);
    aemu_xlate_invalidate(d);
}

static const AemuRegHandler vm_reg = {
    .block = "gmc", .write = vm_reg_write,
};

static const AemuRegHandler vm_invalidate_request = {
    .block = "gmc", .write = vm_invalidate_request_write,
};

static void mc_seq_sup_cntl_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    /*
     * The driver only uploads MC microcode when RUN reads 0; if it does so
     * anyway, training "completes" immediately so its polls succeed.
     */
    d->regs[dw] = value;
    if (value & MC_SEQ_SUP_CNTL__RUN_MASK) {
        d->regs[mmMC_SEQ_TRAIN_WAKEUP_CNTL] |=
            MC_SEQ_TRAIN_WAKEUP_CNTL__TRAIN_DONE_D0_MASK |
            MC_SEQ_TRAIN_WAKEUP_CNTL__TRAIN_DONE_D1_MASK;
    }
}

static const AemuRegHandler mc_seq_sup_cntl = {
    .block = "gmc", .write = mc_seq_sup_cntl_write,
};

static uint64_t fb_base(AemuDevice *d)
{
    return (uint64_t)(d->regs[mmMC_VM_FB_LOCATION] &
                      MC_VM_FB_LOCATION__FB_BASE_MASK) << FB_SHIFT;
}

static uint64_t fb_end(AemuDevice *d)
{
    return ((uint64_t)(d->regs[mmMC_VM_FB_LOCATION] >>
                       MC_VM_FB_LOCATION__FB_TOP__SHIFT) << FB_SHIFT) |
           ((1ull << FB_SHIFT) - 1);
}

/* An MC address the hardware uses untranslated (page table bases). */
static void mc_phys(AemuDevice *d, uint64_t mc, AemuXlate *x)
{
    if (mc >= fb_base(d) && mc <= fb_end(d)) {
        x->vram = true;
        x->addr = mc - fb_base(d);
    } else {
        x->vram = false;
        x->addr = mc;
    }
    x->len = GPU_PAGE_SIZE - (mc & (GPU_PAGE_SIZE - 1));
}

static bool read_entry(AemuDevice *d, bool vram, uint64_t addr, uint64_t *e)
{
    AemuXlate x = { .vram = vram, .addr = addr, .len = 8 };
    uint64_t le;

    if (aemu_phys_access(d, &x, &le, 8, false) != AEMU_MEM_OK) {
        return false;
    }
    *e = GUINT64_FROM_LE(le);
    return true;
}

static uint32_t mcclient_code(const char *name)
{
    uint32_t v = 0;

    for (unsigned i = 0; i < 4; i++) {
        v = v << 8 | (uint8_t)(name && name[0] && i < strlen(name) ?
                               name[i] : ' ');
    }
    return v;
}

/*
 * Latch the fault for the driver (gmc_v7_0_process_interrupt reads the
 * CONTEXT1 registers for every VMID) and raise the interrupt the context's
 * control register enables for this kind of fault.
 *
 * Contexts 1..15 (a process's VM): where the control register enables the
 * default page for this kind of fault, the access is redirected to the page
 * in VM_CONTEXT1_PROTECTION_FAULT_DEFAULT_ADDR (same offset in the page)
 * and succeeds: gmc_v7_0_set_fault_enable_default sets these bits unless
 * amdgpu.vm_fault_stop asks otherwise, so a process's stray access is
 * reported and its work completes, as on hardware. Without them, and always in context 0
 * (the kernel's GART, where a fault is a driver bug worth stopping on),
 * the access fails and the engine stops.
 */
static AemuMemStatus vm_fault(AemuDevice *d, unsigned vmid, uint64_t addr,
                              bool write, const AemuMemClient *client,
                              uint32_t prot, AemuXlate *out)
{
    uint32_t cntl = d->regs[vmid ? mmVM_CONTEXT1_CNTL : mmVM_CONTEXT0_CNTL];
    uint32_t enable, redirect;
    bool invalid = prot & (PROT_RANGE | PROT_PDE0 | PROT_VALID);

    aemu_guest_error(d, "VM fault: vmid %u %s 0x%" G_GINT64_MODIFIER "x by %s"
                     " (protections 0x%x)", vmid, write ? "write" : "read",
                     addr, client->name, prot);
    AEMU_TRACE(d, vm_fault, vmid, addr, client->name, prot, write);
    if (!d->regs[mmVM_CONTEXT1_PROTECTION_FAULT_STATUS]) {
        d->regs[mmVM_CONTEXT1_PROTECTION_FAULT_ADDR] =
            (uint32_t)(addr >> GPU_PAGE_SHIFT);
        d->regs[mmVM_CONTEXT1_PROTECTION_FAULT_STATUS] =
            (prot << VM_CONTEXT1_PROTECTION_FAULT_STATUS__PROTECTIONS__SHIFT) |
            ((client->id << VM_CONTEXT1_PROTECTION_FAULT_STATUS__MEMORY_CLIENT_ID__SHIFT) &
             VM_CONTEXT1_PROTECTION_FAULT_STATUS__MEMORY_CLIENT_ID_MASK) |
            (write ? VM_CONTEXT1_PROTECTION_FAULT_STATUS__MEMORY_CLIENT_RW_MASK : 0) |
            ((vmid << VM_CONTEXT1_PROTECTION_FAULT_STATUS__VMID__SHIFT) &
             VM_CONTEXT1_PROTECTION_FAULT_STATUS__VMID_MASK);
        d->regs[mmVM_CONTEXT1_PROTECTION_FAULT_MCCLIENT] =
            mcclient_code(client->name);
    }
    if (prot & PROT_RANGE) {
        enable = VM_CONTEXT1_CNTL__RANGE_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK;
        redirect = VM_CONTEXT1_CNTL__RANGE_PROTECTION_FAULT_ENABLE_DEFAULT_MASK;
    } else if (prot & PROT_PDE0) {
        enable = VM_CONTEXT1_CNTL__PDE0_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK;
        redirect = VM_CONTEXT1_CNTL__PDE0_PROTECTION_FAULT_ENABLE_DEFAULT_MASK;
    } else if (prot & PROT_VALID) {
        enable = VM_CONTEXT1_CNTL__VALID_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK;
        redirect = VM_CONTEXT1_CNTL__VALID_PROTECTION_FAULT_ENABLE_DEFAULT_MASK;
    } else if (prot & PROT_WRITE) {
        enable = VM_CONTEXT1_CNTL__WRITE_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK;
        redirect = VM_CONTEXT1_CNTL__WRITE_PROTECTION_FAULT_ENABLE_DEFAULT_MASK;
    } else {
        enable = VM_CONTEXT1_CNTL__READ_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK;
        redirect = VM_CONTEXT1_CNTL__READ_PROTECTION_FAULT_ENABLE_DEFAULT_MASK;
    }
    if (cntl & enable) {
        AemuIvEntry iv = {
            .src_id = invalid ? IV_SRCID_GFX_PAGE_INV_FAULT
                              : IV_SRCID_GFX_MEM_PROT_FAULT,
            .src_data = { (uint32_t)(addr >> GPU_PAGE_SHIFT) },
            .vmid = vmid,
        };
        aemu_irq_post(d, &iv);
    }
    if (vmid != 0 && out && (cntl & redirect)) {
        uint64_t page = d->regs[mmVM_CONTEXT1_PROTECTION_FAULT_DEFAULT_ADDR];
        uint64_t in_page = addr & (GPU_PAGE_SIZE - 1);

        /* A system page: both drivers put the dummy page's bus address. */
        out->vram = false;
        out->addr = page << GPU_PAGE_SHIFT | in_page;
        out->len = GPU_PAGE_SIZE - in_page;
        /* Every access to the page reports again: never cached. */
        out->uncacheable = true;
        return AEMU_MEM_OK;
    }
    return AEMU_MEM_FAULT;
}

static AemuMemStatus walk_fault(AemuDevice *d, unsigned vmid, uint64_t addr,
                                bool write, const AemuMemClient *client,
                                uint32_t prot, AemuXlate *out,
                                bool *redirected)
{
    AemuMemStatus st = vm_fault(d, vmid, addr, write, client, prot, out);

    *redirected = st == AEMU_MEM_OK;
    return st;
}

static uint32_t page_table_base_reg(unsigned vmid)
{
    if (vmid < 8) {
        return mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR + vmid;
    }
    return mmVM_CONTEXT8_PAGE_TABLE_BASE_ADDR + (vmid - 8);
}

/*
 * Walk a VM context's tables down to the PTE of addr. A fault the context
 * redirects to the default page fills *out instead and returns
 * AEMU_MEM_OK with *redirected set.
 */
static AemuMemStatus vm_walk(AemuDevice *d, unsigned vmid, uint64_t addr,
                             bool write, const AemuMemClient *client,
                             uint64_t *pte, AemuXlate *out, bool *redirected)
{
    uint32_t cntl = d->regs[vmid ? mmVM_CONTEXT1_CNTL : mmVM_CONTEXT0_CNTL];
    uint64_t start = (uint64_t)d->regs[vmid ? mmVM_CONTEXT1_PAGE_TABLE_START_ADDR
                                            : mmVM_CONTEXT0_PAGE_TABLE_START_ADDR];
    uint64_t end = (uint64_t)d->regs[vmid ? mmVM_CONTEXT1_PAGE_TABLE_END_ADDR
                                          : mmVM_CONTEXT0_PAGE_TABLE_END_ADDR];
    uint64_t base = (uint64_t)d->regs[page_table_base_reg(vmid)] <<
                    GPU_PAGE_SHIFT;
    unsigned depth = (cntl & VM_CONTEXT1_CNTL__PAGE_TABLE_DEPTH_MASK) >>
                     VM_CONTEXT1_CNTL__PAGE_TABLE_DEPTH__SHIFT;
    unsigned block = 9 + ((cntl & VM_CONTEXT1_CNTL__PAGE_TABLE_BLOCK_SIZE_MASK) >>
                          VM_CONTEXT1_CNTL__PAGE_TABLE_BLOCK_SIZE__SHIFT);
    uint64_t pfn = addr >> GPU_PAGE_SHIFT;
    AemuXlate x;
    uint64_t idx, pde;

    if (!(cntl & VM_CONTEXT1_CNTL__ENABLE_CONTEXT_MASK)) {
        aemu_guest_error(d, "%s: access through disabled VM context %u",
                         client->name, vmid);
        return walk_fault(d, vmid, addr, write, client, PROT_RANGE, out,
                          redirected);
    }
    if (pfn < start || pfn > end) {
        return walk_fault(d, vmid, addr, write, client, PROT_RANGE, out,
                          redirected);
    }
    idx = pfn - start;
    mc_phys(d, base, &x);
    if (depth == 0) {
        /* One flat table (the GART). */
        if (!read_entry(d, x.vram, x.addr + idx * 8, pte)) {
            return walk_fault(d, vmid, addr, write, client, PROT_PDE0, out,
                              redirected);
        }
        return AEMU_MEM_OK;
    }
    if (depth != 1) {
        aemu_guest_error(d, "VM context %u: page table depth %u", vmid,
                         depth);
        return walk_fault(d, vmid, addr, write, client, PROT_PDE0, out,
                          redirected);
    }
    /* Page directory, then a page table of 2^block entries. */
    if (!read_entry(d, x.vram, x.addr + (idx >> block) * 8, &pde) ||
        !(pde & PTE_VALID)) {
        return walk_fault(d, vmid, addr, write, client, PROT_PDE0, out,
                          redirected);
    }
    if (!read_entry(d, !(pde & PTE_SYSTEM),
                    (pde & PTE_ADDR_MASK) +
                    (idx & ((1ull << block) - 1)) * 8, pte)) {
        return walk_fault(d, vmid, addr, write, client, PROT_PDE0, out,
                          redirected);
    }
    return AEMU_MEM_OK;
}

static AemuMemStatus gmc_v7_translate(AemuDevice *d, unsigned vmid,
                                      uint64_t addr, bool write,
                                      const AemuMemClient *client,
                                      AemuXlate *out)
{
    uint64_t in_page = addr & (GPU_PAGE_SIZE - 1);
    uint64_t pte = 0;
    bool redirected = false;
    AemuMemStatus st;

    out->uncacheable = false;
    if (vmid >= 16) {
        return vm_fault(d, vmid & 15, addr, write, client, PROT_RANGE, NULL);
    }
    if (vmid == 0) {
        uint64_t agp_bot = (uint64_t)d->regs[mmMC_VM_AGP_BOT] << AGP_SHIFT;
        uint64_t agp_top = ((uint64_t)d->regs[mmMC_VM_AGP_TOP] << AGP_SHIFT) |
                           ((1ull << AGP_SHIFT) - 1);

        /* The framebuffer aperture: VRAM itself. */
        if (addr >= fb_base(d) && addr <= fb_end(d)) {
            out->vram = true;
            out->addr = addr - fb_base(d);
            out->len = fb_end(d) - addr + 1;
            return AEMU_MEM_OK;
        }
        /* The AGP aperture (amdgpu leaves it empty: bottom above top). */
        if (agp_bot <= agp_top && addr >= agp_bot && addr <= agp_top) {
            out->vram = false;
            out->addr = addr - agp_bot +
                        ((uint64_t)d->regs[mmMC_VM_AGP_BASE] << AGP_SHIFT);
            out->len = agp_top - addr + 1;
            return AEMU_MEM_OK;
        }
    }
    st = vm_walk(d, vmid, addr, write, client, &pte, out, &redirected);
    if (st != AEMU_MEM_OK || redirected) {
        return st;
    }
    if (!(pte & PTE_VALID)) {
        return vm_fault(d, vmid, addr, write, client, PROT_VALID, out);
    }
    if (write ? !(pte & PTE_WRITEABLE) : !(pte & PTE_READABLE)) {
        return vm_fault(d, vmid, addr, write, client,
                        write ? PROT_WRITE : PROT_READ, out);
    }
    /* SYSTEM: a bus address; else a VRAM offset (vram_base_offset 0). */
    out->vram = !(pte & PTE_SYSTEM);
    out->addr = (pte & PTE_ADDR_MASK) + in_page;
    out->len = GPU_PAGE_SIZE - in_page;
    return AEMU_MEM_OK;
}

static void vm_context1_cntl2_write(AemuDevice *d, uint32_t dw,
                                    uint32_t value)
{
    if (value & VM_CONTEXT1_CNTL2__CLEAR_PROTECTION_FAULT_STATUS) {
        d->regs[mmVM_CONTEXT1_PROTECTION_FAULT_ADDR] = 0;
        d->regs[mmVM_CONTEXT1_PROTECTION_FAULT_STATUS] = 0;
        d->regs[mmVM_CONTEXT1_PROTECTION_FAULT_MCCLIENT] = 0;
    }
    d->regs[dw] = value & ~VM_CONTEXT1_CNTL2__CLEAR_PROTECTION_FAULT_STATUS;
    aemu_xlate_invalidate(d);
}

static const AemuRegHandler vm_context1_cntl2 = {
    .block = "gmc", .write = vm_context1_cntl2_write,
};

/*
 * The ATC's VMID-to-PASID map (ATC_VMIDn_PASID_MAPPING, one per VMID).
 * KFD's kgd_set_pasid_vmid_mapping (gfx7, every user queue's VMID under
 * its software scheduler) writes one, then spins without a timeout until
 * ATC_VMID_PASID_MAPPING_UPDATE_STATUS bit n is set, and clears it by
 * writing it. The model updates at once: the write sets the bit. The map
 * itself is storage: the model has no ATS; KFD reads it back on Hawaii to
 * find a faulting VMID's PASID (cik_event_interrupt_isr), and the IV's
 * PASID comes from the IH's own map (IH_VMID_0_LUT), written alongside.
 */
#define ATC_NUM_VMIDS 16u
G_STATIC_ASSERT(mmATC_VMID15_PASID_MAPPING - mmATC_VMID0_PASID_MAPPING ==
                ATC_NUM_VMIDS - 1);

static void atc_mapping_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    d->regs[dw] = value;
    d->regs[mmATC_VMID_PASID_MAPPING_UPDATE_STATUS] |=
        1u << (dw - mmATC_VMID0_PASID_MAPPING);
}

/* The update-finished bits are cleared by writing 1 to them. */
static void atc_update_status_write(AemuDevice *d, uint32_t dw,
                                    uint32_t value)
{
    d->regs[dw] &= ~value;
}

static const AemuRegHandler atc_mapping = {
    .block = "gmc", .write = atc_mapping_write,
};

static const AemuRegHandler atc_update_status = {
    .block = "gmc", .write = atc_update_status_write,
};

static void gmc_init(AemuDevice *d, void *priv)
{
    d->translate = gmc_v7_translate;
    aemu_reg_claim_range(d, mmATC_VMID0_PASID_MAPPING,
                         mmATC_VMID0_PASID_MAPPING + ATC_NUM_VMIDS - 1,
                         &atc_mapping);
    aemu_reg_claim(d, mmATC_VMID_PASID_MAPPING_UPDATE_STATUS,
                   &atc_update_status);
    aemu_reg_claim(d, mmVM_CONTEXT1_CNTL2, &vm_context1_cntl2);
    aemu_reg_claim(d, mmVM_INVALIDATE_REQUEST, &vm_invalidate_request);
    aemu_reg_claim(d, mmMC_SEQ_SUP_CNTL, &mc_seq_sup_cntl);
    for (size_t i = 0; i < G_N_ELEMENTS(vm_reg_ranges); i++) {
        for (uint32_t dw = vm_reg_ranges[i].first;
             dw <= vm_reg_ranges[i].last; dw++) {
            if (!d->handlers[dw]) {
                aemu_reg_claim(d, dw, &vm_reg);
            }
        }
    }
}

static void gmc_reset(AemuDevice *d, void *priv, AemuResetKind kind)
{
    d->regs[mmMC_VM_FB_LOCATION] = fb_location(d->vram_size);
    d->regs[mmMC_SEQ_SUP_CNTL] = MC_SEQ_SUP_CNTL__RUN_MASK;
    d->regs[mmMC_SEQ_MISC0] = MC_SEQ_MISC0__MT_GDDR5 <<
                              MC_SEQ_MISC0__MT__SHIFT;
    /* The FB location and the VM registers are back at reset values. */
    aemu_xlate_invalidate(d);
}

const AemuIpBlockFuncs aemu_gmc_v7_funcs = {
    .name = "gmc_v7_0",
    .type = AEMU_BLOCK_GMC,
    .major = 7, .minor = 0,
    .init = gmc_init,
    .reset = gmc_reset,
};
