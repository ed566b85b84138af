/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: GMC 9.0, the memory controller of Vega10 (SOC15).
 *
 * Vega10 has two VM hubs with the same register layout at different
 * offsets: the GFXHUB (GC_mm*: the CP, the RLC) and the MMHUB (MMHUB_mm*:
 * SDMA, the IH). Each hub has its own apertures, 16 VM contexts, L2
 * fault registers and 18 invalidation engines, and amdgpu programs both
 * (gfxhub_v1_0_gart_enable, mmhub_v1_0_gart_enable). One walk serves
 * both, parameterized by a table of the hub's register offsets; the hub is
 * the one AemuMemClient.hub names.
 *
 * Modelled:
 *  - the reset values the driver reads: MC_VM_FB_LOCATION_BASE/TOP
 *    (mmhub_v1_0_get_fb_location: VRAM at MC 0x80_0000_0000, as gem5
 *    puts it), MC_VM_FB_OFFSET 0 (gfxhub_v1_0_get_mc_fb_offset: physical
 *    address = VRAM offset), an empty AGP and system aperture;
 *  - VMID 0: the FB aperture, the AGP aperture, the system aperture with
 *    its default page for unmapped addresses, then the GART (context 0,
 *    a flat table below a PDE in PAGE_TABLE_BASE_ADDR, as
 *    gfxhub_v1_0_init_gart_aperture_regs programs it);
 *  - VMIDs 1..15: the multi-level walk of amdgpu_vm_pt.c (PAGE_TABLE_DEPTH
 *    directory levels of 512 entries above a table of 2^(9 +
 *    PAGE_TABLE_BLOCK_SIZE) PTEs, the root taking every remaining bit),
 *    PDE-as-PTE huge pages (AMDGPU_PDE_PTE), fragments as contiguity
 *    hints, VALID / SYSTEM / READABLE / WRITEABLE;
 *  - protection faults: VM_L2_PROTECTION_FAULT_STATUS / ADDR latched as
 *    gmc_v9_0_process_interrupt reads them, the default page
 *    (VM_L2_PROTECTION_FAULT_DEFAULT_ADDR) when both the context and the
 *    L2 enable it, an IV (UTCL2 for the GFXHUB, VMC for the MMHUB) when
 *    the context enables the interrupt;
 *  - retry faults (XNACK, amdgpu.noretry=0): in a context that retries
 *    the fault's kind, a client that can replay (AemuMemClient.retry: the
 *    shaders) gets AEMU_MEM_RETRY and the driver a retry IV, once per
 *    page until the VM changes (retry_fault); the access is replayed
 *    later and re-walks the tables, so whatever the driver wrote by then
 *    (a PTE, or the no-retry marker of amdgpu_vm_handle_fault) decides;
 *  - invalidation engines: REQ completes at once (ACK mirrors the VMIDs),
 *    SEM is a semaphore acquired by reading it;
 *  - ATHUB's VMID-to-PASID map and its update handshake (KFD's NO_HWS
 *    path waits on it), as storage.
 * Every write to a register a translation depends on, every REQ and a
 * reset call aemu_xlate_invalidate so the engines' cached translations
 * drop (xlate_cache.c) and the VM counts as changed (d->vm_gen).
 *
 * Not modelled: retry faults of the clients that cannot stall here (the
 * CP, SDMA, the IH: reported as no-retry, with aemu_unimp), the per-client
 * interrupt masks of VM_L2_PROTECTION_FAULT_CNTL/CNTL2 (set at reset on
 * the hardware, never cleared by amdgpu), PRT pages other than as
 * no-retry, translate-further and block fragment sizes (Vega10 runs with
 * translate_further false), the identity aperture, EXECUTABLE checks (the
 * model cannot tell a fetch), MTYPE and caching, VM_CONTEXTS_DISABLE,
 * ranged invalidation (every request drops every cached translation).
 */
#include "aemu-internal.h"
#include "state.h"
#include "soc15_ih_clientid.h"
#include "amdgpu-emu/regs/vega10_regs.h"
#include "amdgpu-emu/regs/vega10_fields.h"

#define GPU_PAGE_SHIFT 12
#define GPU_PAGE_SIZE (1ull << GPU_PAGE_SHIFT)
/* FB location, AGP and FB offset count 16 MiB units (gmc_v9_0_mc_init). */
#define FB_SHIFT 24
#define AGP_SHIFT 24
/* The system aperture counts 256 KiB units (gfxhub_v1_0.c). */
#define SYS_APERTURE_SHIFT 18
/* Fault and page-table page numbers: LO32 then 4 bits of HI32 (<< 44). */
#define PAGE_HI_SHIFT 44

/*
 * VRAM's MC base as gem5 and the bring-up map place it: BASE = 0x8000,
 * i.e. 0x80_0000_0000, well above the 512 MiB GART amdgpu places at 0
 * (amdgpu_gmc_gart_location, AMDGPU_GART_PLACEMENT_BEST_FIT).
 */
#define VEGA10_FB_BASE 0x8000u

/* PTE/PDE bits (amdgpu_vm.h AMDGPU_PTE_*, AMDGPU_PDE_PTE). */
#define AMDGPU_PTE_VALID        (1ull << 0)
#define AMDGPU_PTE_SYSTEM       (1ull << 1)
#define AMDGPU_PTE_READABLE     (1ull << 5)
#define AMDGPU_PTE_WRITEABLE    (1ull << 6)
#define AMDGPU_PTE_FRAG_SHIFT   7
#define AMDGPU_PTE_FRAG_MASK    (0x1full << AMDGPU_PTE_FRAG_SHIFT)
/*
 * A partially-resident-texture page. amdgpu_vm_handle_fault marks a page
 * a compute process faulted on with AMDGPU_VM_NORETRY_FLAGS, which
 * amdgpu_vm_pte_update_flags turns into VALID | SYSTEM | PRT in a PTB on
 * every gfx9 part (AMDGPU_VM_NORETRY_FLAGS_TF, gmc_v9_0's noretry_flags):
 * "an invalid PTE flag combination to force a no-retry fault". A fault on
 * a PRT page is therefore never retried.
 */
#define AMDGPU_PTE_PRT          (1ull << 51)
#define AMDGPU_PDE_PTE          (1ull << 54)
/*
 * Translate further (gmc_v9_0_get_vm_pde with adev->gmc.translate_further):
 * a PDB1 entry carries the block fragment size (AMDGPU_PDE_BFS, bits 63:59)
 * of the PDB0 below it, and in that PDB0 an entry with AMDGPU_PTE_TF points
 * to a PTB while one without it is a 2 MiB leaf (the driver clears
 * AMDGPU_PDE_PTE there). The driver sets translate_further for GC 9.1/9.2.2
 * after rev 1, 9.4.1-9.4.4, not for Vega10 (GC 9.0.1): there PDB0 leaves
 * keep AMDGPU_PDE_PTE and no PDB1 entry has a BFS.
 */
#define AMDGPU_PTE_TF           (1ull << 56)
#define AMDGPU_PDE_BFS_MASK     (0x1full << 59)
/* PTE page address 47:12; PDE table address 47:6 (gmc_v9_0_get_vm_pde). */
#define PTE_ADDR_MASK           0x0000fffffffff000ull
#define PDE_ADDR_MASK           0x0000ffffffffffc0ull

/*
 * Virtual addresses are 48 bits wide. The driver gives user space the top
 * of that range sign-extended, above the hole (AMDGPU_GMC_HOLE_END, the
 * "high" range of libdrm's AMDGPU_VA_RANGE_HIGH, where radeonsi keeps its
 * 32-bit-address buffers: 0xffff8000_xxxxxxxx), and maps it in the page
 * tables by bits 47:0 (amdgpu_gem_va_ioctl masks with AMDGPU_GMC_HOLE_MASK);
 * the hardware ignores the bits above. RADV's buffers up there reach the
 * CP in DMA_DATA as 64-bit addresses too.
 */
#define VA_BITS                 48
#define VA_MASK                 ((1ull << VA_BITS) - 1)
/* ATHUB maps 16 VMIDs per hub: ATC_VMID0..15 (gfx), ATC_VMID16..31 (MM). */
#define ATC_HUB_VMIDS           16

/* Entries of a page directory below the root (amdgpu_vm_pt_num_entries). */
#define PD_BITS 9
/* A table has 2^(9 + PAGE_TABLE_BLOCK_SIZE) PTEs (setup_vmid_config). */
#define PTB_MIN_BITS 9

/* IH source ids (gmc_v9_0_sw_init); the clients are soc15_ih_clientid.h's. */
#define VMC_1_0__SRCID__VM_FAULT    0
#define UTCL2_1_0__SRCID__FAULT     0
/* src_data[1] as gmc_v9_0_process_interrupt decodes it. */
#define IV_SRC_DATA1_ADDR_HI_MASK   0xfu
#define IV_SRC_DATA1_WRITE_FAULT    0x20u
#define IV_SRC_DATA1_RETRY_FAULT    0x80u
/*
 * ring_id of a fault IV: the PERMISSION_FAULTS bits from bit 3, as KFD's
 * event_interrupt_wq_v9 decodes them (prot_valid 0x08, prot_read 0x10,
 * prot_write 0x20) into the memory exception's NotPresent and ReadOnly;
 * the "ring:24" of a no-retry fault with PERMISSION_FAULTS 0x3 in
 * amdgpu's log on hardware is the same encoding (inferred).
 */
#define IV_RING_ID_PERM_SHIFT       3

/*
 * VM_L2_PROTECTION_FAULT_STATUS.PERMISSION_FAULTS bits and WALKER_ERROR
 * codes: the driver prints them without decoding (inferred meanings).
 */
#define PERM_VALID      0x1u
#define PERM_READ       0x2u
#define PERM_WRITE      0x4u
#define WALKER_ERR_READ 0x1u

#define NUM_VMIDS 16
#define NUM_INV_ENGS 18
#define NUM_HUBS 2

/* The registers of one hub; contexts and engines follow at a stride. */
typedef struct Gmc9Hub {
    const char *name;
    uint8_t ih_client;
    uint8_t ih_src_id;
    uint32_t vm_first, vm_last;     /* VM_L2_CNTL .. last context reg */
    uint32_t mc_first, mc_last;     /* MC_VM_FB_OFFSET .. MX_L1_TLB_CNTL */
    uint32_t l2_cntl;
    uint32_t fault_cntl, fault_status, fault_addr_lo, fault_addr_hi;
    uint32_t fault_default_lo, fault_default_hi;
    uint32_t ctx0_cntl;             /* stride 1 */
    uint32_t ctx0_base_lo;          /* stride 2, HI32 at +1 */
    uint32_t ctx0_start_lo;         /* stride 2, HI32 at +1 */
    uint32_t ctx0_end_lo;           /* stride 2, HI32 at +1 */
    uint32_t eng0_sem, eng0_req, eng0_ack;  /* stride 1 */
    uint32_t fb_base, fb_top, fb_offset;
    uint32_t agp_top, agp_bot, agp_base;
    uint32_t sys_low, sys_high, sys_default_lsb, sys_default_msb;
} Gmc9Hub;

#define CTX_ADDR_DISTANCE 2

/* The layouts are the same: check the strides the table relies on. */
#define HUB_LAYOUT_CHECKS(P) \
    _Static_assert(P##mmVM_CONTEXT15_CNTL - P##mmVM_CONTEXT0_CNTL == 15, \
                   #P " context stride"); \
    _Static_assert(P##mmVM_CONTEXT15_PAGE_TABLE_BASE_ADDR_LO32 - \
                   P##mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR_LO32 == \
                   15 * CTX_ADDR_DISTANCE, #P " base stride"); \
    _Static_assert(P##mmVM_CONTEXT15_PAGE_TABLE_START_ADDR_LO32 - \
                   P##mmVM_CONTEXT0_PAGE_TABLE_START_ADDR_LO32 == \
                   15 * CTX_ADDR_DISTANCE, #P " start stride"); \
    _Static_assert(P##mmVM_CONTEXT15_PAGE_TABLE_END_ADDR_LO32 - \
                   P##mmVM_CONTEXT0_PAGE_TABLE_END_ADDR_LO32 == \
                   15 * CTX_ADDR_DISTANCE, #P " end stride"); \
    _Static_assert(P##mmVM_INVALIDATE_ENG17_SEM - \
                   P##mmVM_INVALIDATE_ENG0_SEM == 17, #P " sem stride"); \
    _Static_assert(P##mmVM_INVALIDATE_ENG17_REQ - \
                   P##mmVM_INVALIDATE_ENG0_REQ == 17, #P " req stride"); \
    _Static_assert(P##mmVM_INVALIDATE_ENG17_ACK - \
                   P##mmVM_INVALIDATE_ENG0_ACK == 17, #P " ack stride")

HUB_LAYOUT_CHECKS(GC_);
HUB_LAYOUT_CHECKS(MMHUB_);

#define HUB_REGS(P) \
    .vm_first = P##mmVM_L2_CNTL, \
    .vm_last = P##mmVM_CONTEXT15_PAGE_TABLE_END_ADDR_HI32, \
    .mc_first = P##mmMC_VM_FB_OFFSET, \
    .mc_last = P##mmMC_VM_MX_L1_TLB_CNTL, \
    .l2_cntl = P##mmVM_L2_CNTL, \
    .fault_cntl = P##mmVM_L2_PROTECTION_FAULT_CNTL, \
    .fault_status = P##mmVM_L2_PROTECTION_FAULT_STATUS, \
    .fault_addr_lo = P##mmVM_L2_PROTECTION_FAULT_ADDR_LO32, \
    .fault_addr_hi = P##mmVM_L2_PROTECTION_FAULT_ADDR_HI32, \
    .fault_default_lo = P##mmVM_L2_PROTECTION_FAULT_DEFAULT_ADDR_LO32, \
    .fault_default_hi = P##mmVM_L2_PROTECTION_FAULT_DEFAULT_ADDR_HI32, \
    .ctx0_cntl = P##mmVM_CONTEXT0_CNTL, \
    .ctx0_base_lo = P##mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR_LO32, \
    .ctx0_start_lo = P##mmVM_CONTEXT0_PAGE_TABLE_START_ADDR_LO32, \
    .ctx0_end_lo = P##mmVM_CONTEXT0_PAGE_TABLE_END_ADDR_LO32, \
    .eng0_sem = P##mmVM_INVALIDATE_ENG0_SEM, \
    .eng0_req = P##mmVM_INVALIDATE_ENG0_REQ, \
    .eng0_ack = P##mmVM_INVALIDATE_ENG0_ACK, \
    .fb_base = P##mmMC_VM_FB_LOCATION_BASE, \
    .fb_top = P##mmMC_VM_FB_LOCATION_TOP, \
    .fb_offset = P##mmMC_VM_FB_OFFSET, \
    .agp_top = P##mmMC_VM_AGP_TOP, \
    .agp_bot = P##mmMC_VM_AGP_BOT, \
    .agp_base = P##mmMC_VM_AGP_BASE, \
    .sys_low = P##mmMC_VM_SYSTEM_APERTURE_LOW_ADDR, \
    .sys_high = P##mmMC_VM_SYSTEM_APERTURE_HIGH_ADDR, \
    .sys_default_lsb = P##mmMC_VM_SYSTEM_APERTURE_DEFAULT_ADDR_LSB, \
    .sys_default_msb = P##mmMC_VM_SYSTEM_APERTURE_DEFAULT_ADDR_MSB

/* Indexed by AemuHub. */
static const Gmc9Hub hubs[NUM_HUBS] = {
    [AEMU_HUB_GFX] = {
        .name = "gfxhub",
        .ih_client = SOC15_IH_CLIENTID_UTCL2,
        .ih_src_id = UTCL2_1_0__SRCID__FAULT,
        HUB_REGS(GC_),
    },
    [AEMU_HUB_MM] = {
        .name = "mmhub",
        .ih_client = SOC15_IH_CLIENTID_VMC,
        .ih_src_id = VMC_1_0__SRCID__VM_FAULT,
        HUB_REGS(MMHUB_),
    },
};

/*
 * The retry faults posted since the VM last changed, one slot per page by
 * hash: a wave's 64 lanes on as many pages, four waves over. An entry
 * evicted by another page only means that page's retry is posted again.
 */
#define RETRY_POSTS 256u
/* Fibonacci hashing: the top bits of the key times 2^64 / phi. */
#define RETRY_HASH_MUL 0x9e3779b97f4a7c15ull
#define RETRY_HASH_BITS 8
_Static_assert(RETRY_POSTS == 1u << RETRY_HASH_BITS, "retry table size");

typedef struct RetryPost {
    uint64_t vm_gen;        /* d->vm_gen when posted; 0: empty */
    uint64_t page;          /* GPU page number */
    uint8_t hub, vmid;
} RetryPost;

typedef struct Gmc9State {
    /* VM_INVALIDATE_ENGn_SEM: held since a read returned 1. */
    bool sem_held[NUM_HUBS][NUM_INV_ENGS];
    RetryPost retry[RETRY_POSTS];
} Gmc9State;

static Gmc9State *gmc(AemuDevice *d)
{
    return aemu_block_priv(d, AEMU_BLOCK_GMC);
}

static const Gmc9Hub *hub_of(const AemuMemClient *client)
{
    return &hubs[client->hub == AEMU_HUB_MM ? AEMU_HUB_MM : AEMU_HUB_GFX];
}

static uint64_t reg64(AemuDevice *d, uint32_t lo)
{
    return (uint64_t)d->regs[lo + 1] << 32 | d->regs[lo];
}

/* A page number kept as LO32 and 4 bits of HI32, as a byte address. */
static uint64_t page_addr(AemuDevice *d, uint32_t lo, uint32_t hi)
{
    return ((uint64_t)(d->regs[hi] & 0xfu) << PAGE_HI_SHIFT) |
           (uint64_t)d->regs[lo] << GPU_PAGE_SHIFT;
}

static uint64_t fb_start(AemuDevice *d, const Gmc9Hub *h)
{
    return (uint64_t)AEMU_REG_GET(d->regs[h->fb_base], MC_VM_FB_LOCATION_BASE,
                                  FB_BASE) << FB_SHIFT;
}

/* FB_TOP names the last 16 MiB unit (mmhub_v1_0_get_fb_location). */
static uint64_t fb_end(AemuDevice *d, const Gmc9Hub *h)
{
    return ((uint64_t)AEMU_REG_GET(d->regs[h->fb_top], MC_VM_FB_LOCATION_TOP,
                                   FB_TOP) << FB_SHIFT) |
           ((1ull << FB_SHIFT) - 1);
}

/*
 * A "physical" VRAM address (what page-table bases, PDEs and PTEs with
 * SYSTEM = 0 hold: amdgpu_gmc_vram_mc2pa) as a VRAM offset. False when it
 * lies below VRAM byte 0.
 */
static bool vram_phys(AemuDevice *d, const Gmc9Hub *h, uint64_t pa,
                      uint64_t *offset)
{
    uint64_t base = (uint64_t)AEMU_REG_GET(d->regs[h->fb_offset],
                                           MC_VM_FB_OFFSET, FB_OFFSET)
                    << FB_SHIFT;

    if (pa < base) {
        return false;
    }
    *offset = pa - base;
    return true;
}

/* Where an entry's address points: system (bus) or VRAM physical. */
static bool entry_target(AemuDevice *d, const Gmc9Hub *h, uint64_t addr,
                         bool system, AemuXlate *x)
{
    x->vram = !system;
    if (system) {
        x->addr = addr;
        return true;
    }
    return vram_phys(d, h, addr, &x->addr);
}

static bool read_entry(AemuDevice *d, const AemuXlate *table, uint64_t index,
                       uint64_t *e)
{
    AemuXlate x = { .vram = table->vram, .addr = table->addr + index * 8,
                    .len = 8 };
    uint64_t le;

    if (aemu_phys_access(d, &x, &le, 8, false) != AEMU_MEM_OK) {
        return false;
    }
    *e = GUINT64_FROM_LE(le);
    return true;
}

/* What went wrong, as the STATUS fields and the context enables say. */
typedef enum FaultKind {
    FAULT_RANGE,        /* outside the context's range, disabled context */
    FAULT_PDE,          /* an invalid directory entry */
    FAULT_WALK,         /* a page-table read the bus refused */
    FAULT_VALID,        /* an invalid PTE */
    FAULT_READ,
    FAULT_WRITE,
} FaultKind;

/*
 * Per kind: the context's interrupt and default-page enables
 * (VM_CONTEXT1_CNTL, the same bits in every context, VM_CONTEXT0_CNTL
 * included) and the L2's default-page enable (VM_L2_PROTECTION_FAULT_CNTL,
 * gfxhub_v1_0_set_fault_enable_default).
 */
static const struct {
    uint32_t ctx_interrupt, ctx_default, l2_default;
} fault_enables[] = {
    [FAULT_RANGE] = {
        VM_CONTEXT1_CNTL__RANGE_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK,
        VM_CONTEXT1_CNTL__RANGE_PROTECTION_FAULT_ENABLE_DEFAULT_MASK,
        VM_L2_PROTECTION_FAULT_CNTL__RANGE_PROTECTION_FAULT_ENABLE_DEFAULT_MASK,
    },
    [FAULT_PDE] = {
        VM_CONTEXT1_CNTL__PDE0_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK,
        VM_CONTEXT1_CNTL__PDE0_PROTECTION_FAULT_ENABLE_DEFAULT_MASK,
        VM_L2_PROTECTION_FAULT_CNTL__PDE0_PROTECTION_FAULT_ENABLE_DEFAULT_MASK,
    },
    [FAULT_WALK] = {
        VM_CONTEXT1_CNTL__PDE0_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK,
        VM_CONTEXT1_CNTL__PDE0_PROTECTION_FAULT_ENABLE_DEFAULT_MASK,
        VM_L2_PROTECTION_FAULT_CNTL__PDE0_PROTECTION_FAULT_ENABLE_DEFAULT_MASK,
    },
    [FAULT_VALID] = {
        VM_CONTEXT1_CNTL__VALID_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK,
        VM_CONTEXT1_CNTL__VALID_PROTECTION_FAULT_ENABLE_DEFAULT_MASK,
        VM_L2_PROTECTION_FAULT_CNTL__VALID_PROTECTION_FAULT_ENABLE_DEFAULT_MASK,
    },
    [FAULT_READ] = {
        VM_CONTEXT1_CNTL__READ_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK,
        VM_CONTEXT1_CNTL__READ_PROTECTION_FAULT_ENABLE_DEFAULT_MASK,
        VM_L2_PROTECTION_FAULT_CNTL__READ_PROTECTION_FAULT_ENABLE_DEFAULT_MASK,
    },
    [FAULT_WRITE] = {
        VM_CONTEXT1_CNTL__WRITE_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK,
        VM_CONTEXT1_CNTL__WRITE_PROTECTION_FAULT_ENABLE_DEFAULT_MASK,
        VM_L2_PROTECTION_FAULT_CNTL__WRITE_PROTECTION_FAULT_ENABLE_DEFAULT_MASK,
    },
};

static uint32_t fault_status(FaultKind kind, bool write, unsigned vmid,
                             const AemuMemClient *client)
{
    uint32_t s = 0;

    switch (kind) {
    case FAULT_RANGE:
    case FAULT_PDE:
        s = AEMU_REG_SET(s, VM_L2_PROTECTION_FAULT_STATUS, MAPPING_ERROR, 1);
        break;
    case FAULT_WALK:
        s = AEMU_REG_SET(s, VM_L2_PROTECTION_FAULT_STATUS, WALKER_ERROR,
                         WALKER_ERR_READ);
        break;
    case FAULT_VALID:
        s = AEMU_REG_SET(s, VM_L2_PROTECTION_FAULT_STATUS, PERMISSION_FAULTS,
                         PERM_VALID);
        break;
    case FAULT_READ:
        s = AEMU_REG_SET(s, VM_L2_PROTECTION_FAULT_STATUS, PERMISSION_FAULTS,
                         PERM_READ);
        break;
    case FAULT_WRITE:
        s = AEMU_REG_SET(s, VM_L2_PROTECTION_FAULT_STATUS, PERMISSION_FAULTS,
                         PERM_WRITE);
        break;
    }
    s = AEMU_REG_SET(s, VM_L2_PROTECTION_FAULT_STATUS, CID,
                     client->utcl2_cid[write]);
    s = AEMU_REG_SET(s, VM_L2_PROTECTION_FAULT_STATUS, RW, write);
    return AEMU_REG_SET(s, VM_L2_PROTECTION_FAULT_STATUS, VMID, vmid);
}

/*
 * Latch a fault for the driver (gmc_v9_0_process_interrupt reads STATUS,
 * then clears it through VM_L2_PROTECTION_FAULT_CNTL); while a fault is
 * latched a later one only sets MORE_FAULTS unless ALLOW_SUBSEQUENT_
 * PROTECTION_FAULT_STATUS_ADDR_UPDATES is set.
 */
static void fault_latch(AemuDevice *d, const Gmc9Hub *h, uint32_t status,
                        uint64_t addr)
{
    uint32_t l2 = d->regs[h->fault_cntl];
    uint32_t old = d->regs[h->fault_status];

    if (old && !AEMU_REG_GET(l2, VM_L2_PROTECTION_FAULT_CNTL,
                             ALLOW_SUBSEQUENT_PROTECTION_FAULT_STATUS_ADDR_UPDATES)) {
        d->regs[h->fault_status] =
            AEMU_REG_SET(old, VM_L2_PROTECTION_FAULT_STATUS, MORE_FAULTS, 1);
        return;
    }
    d->regs[h->fault_status] = status |
        (old & VM_L2_PROTECTION_FAULT_STATUS__MORE_FAULTS_MASK);
    d->regs[h->fault_addr_lo] = (uint32_t)(addr >> GPU_PAGE_SHIFT);
    d->regs[h->fault_addr_hi] =
        AEMU_REG_SET(0, VM_L2_PROTECTION_FAULT_ADDR_HI32,
                     LOGICAL_PAGE_ADDR_HI4, addr >> PAGE_HI_SHIFT);
}

/*
 * The fault's IV as gmc_v9_0_process_interrupt decodes it: address bits
 * 43:12 in src_data[0], 47:44, the write flag and the retry flag in
 * src_data[1]; the permission bits in ring_id for KFD. The IH adds the
 * VMID's PASID from its lookup table.
 */
static void fault_iv(AemuDevice *d, const Gmc9Hub *h, unsigned vmid,
                     uint64_t addr, bool write, uint32_t status, bool retry)
{
    AemuIvEntry iv = {
        .client_id = h->ih_client,
        .src_id = h->ih_src_id,
        .src_data = {
            (uint32_t)(addr >> GPU_PAGE_SHIFT),
            ((uint32_t)(addr >> PAGE_HI_SHIFT) & IV_SRC_DATA1_ADDR_HI_MASK) |
            (write ? IV_SRC_DATA1_WRITE_FAULT : 0) |
            (retry ? IV_SRC_DATA1_RETRY_FAULT : 0),
        },
        .ring_id = (uint8_t)(AEMU_REG_GET(status, VM_L2_PROTECTION_FAULT_STATUS,
                                          PERMISSION_FAULTS)
                             << IV_RING_ID_PERM_SHIFT),
        .vmid = vmid,
        .vmid_src = h == &hubs[AEMU_HUB_MM],
    };

    aemu_irq_post(d, &iv);
}

/*
 * Which faults a context retries (VM_CONTEXT1_CNTL, the same bits in every
 * context): RETRY_PERMISSION_OR_INVALID_PAGE_FAULT the permission faults
 * and invalid pages (an invalid PTE, or a directory entry amdgpu cleared
 * as an invalid leaf, amdgpu_vm_pt_clear), RETRY_OTHER_FAULT the others
 * (the range, an invalid directory, a walk the bus refused; inferred from
 * the names). amdgpu sets the first in contexts 1..15 of both hubs when
 * amdgpu.noretry=0 (gfxhub_v1_0_setup_vmid_config and mmhub's), clears it
 * in context 0 and never sets the second. A PRT page never retries.
 */
static bool fault_retries(uint32_t cntl, FaultKind kind, bool prt)
{
    if (prt) {
        return false;
    }
    switch (kind) {
    case FAULT_VALID:
    case FAULT_READ:
    case FAULT_WRITE:
        return AEMU_REG_GET(cntl, VM_CONTEXT1_CNTL,
                            RETRY_PERMISSION_OR_INVALID_PAGE_FAULT);
    default:
        return AEMU_REG_GET(cntl, VM_CONTEXT1_CNTL, RETRY_OTHER_FAULT);
    }
}

/* The slot of a page in the retry table (hub, VMID and page number). */
static unsigned retry_slot(unsigned hub, unsigned vmid, uint64_t page)
{
    uint64_t key = (page * NUM_VMIDS + vmid) * NUM_HUBS + hub;

    return (unsigned)((key * RETRY_HASH_MUL) >> (64 - RETRY_HASH_BITS));
}

/*
 * A retry fault (the retry_fault of gmc_v9_0_process_interrupt, src_data[1]
 * bit 7): the UTCL2 tells the driver, latching status and address as for
 * any fault, and the client replays the access later, until it translates
 * or faults without retry. The hardware's replays fault again until the
 * tables change and the driver drops the repeats (amdgpu_gmc_filter_faults);
 * the model posts one IV per page until d->vm_gen moves (a TLB flush, a VM
 * register, a reset), so a wave stalled on a page nobody fixes costs the
 * IH nothing. The IV goes out whatever the context's interrupt enables
 * (those are the no-retry faults'; the hardware's gate for retry IVs,
 * VM_L2_PROTECTION_FAULT_CNTL2.ENABLE_RETRY_FAULT_INTERRUPT, is set at
 * reset and amdgpu leaves it), and no default page applies: nothing moves
 * until the replay.
 */
static AemuMemStatus retry_fault(AemuDevice *d, const Gmc9Hub *h,
                                 unsigned vmid, uint64_t addr, bool write,
                                 const AemuMemClient *client, FaultKind kind)
{
    unsigned hub = (unsigned)(h - hubs);
    uint64_t page = addr >> GPU_PAGE_SHIFT;
    RetryPost *p = &gmc(d)->retry[retry_slot(hub, vmid, page)];
    uint32_t status;

    if (p->vm_gen == d->vm_gen && p->page == page && p->vmid == vmid &&
        p->hub == hub) {
        /* Told already: the client waits for the tables to change. */
        d->mem_retry = client;
        return AEMU_MEM_RETRY;
    }
    *p = (RetryPost) {
        .vm_gen = d->vm_gen, .page = page, .hub = (uint8_t)hub,
        .vmid = (uint8_t)vmid,
    };
    status = fault_status(kind, write, vmid, client);
    /* Not a guest error: with SVM it is how pages get mapped. */
    AEMU_TRACE(d, vm_retry_fault, vmid, addr, client->name, status, write);
    fault_latch(d, h, status, addr);
    fault_iv(d, h, vmid, addr, write, status, true);
    d->mem_retry = client;
    return AEMU_MEM_RETRY;
}

/*
 * A protection fault on hub h: a retry fault when the context retries its
 * kind and the client can replay (above); otherwise the status and
 * address latch and the context's interrupt enable for the kind posts the
 * IV, without the retry bit.
 *
 * Where the context's and the L2's *_ENABLE_DEFAULT both allow it, the
 * access goes to the default page (VM_L2_PROTECTION_FAULT_DEFAULT_ADDR,
 * the dummy page amdgpu programs, in system memory when
 * VM_L2_CNTL.ENABLE_DEFAULT_PAGE_OUT_TO_SYSTEM_MEMORY says so) and
 * succeeds: amdgpu sets both for contexts 1..15 unless
 * amdgpu.vm_fault_stop clears the L2 ones (gmc_v9_0_hw_init). Context 0
 * has no default enables (gfxhub_v1_0_enable_system_domain): a GART fault
 * stops the engine.
 */
static AemuMemStatus vm_fault(AemuDevice *d, const Gmc9Hub *h, unsigned vmid,
                              uint64_t addr, bool write,
                              const AemuMemClient *client, FaultKind kind,
                              bool prt, AemuXlate *out)
{
    uint32_t cntl = d->regs[h->ctx0_cntl + vmid];
    uint32_t l2 = d->regs[h->fault_cntl];
    uint32_t status;

    if (fault_retries(cntl, kind, prt)) {
        if (client->retry) {
            return retry_fault(d, h, vmid, addr, write, client, kind);
        }
        /* The IH's UTCL1 would stall and replay too; here it stops. */
        aemu_unimp(d, "VM fault (%s): %s does not replay retry faults; "
                   "reported as no-retry", h->name, client->name);
    }
    status = fault_status(kind, write, vmid, client);
    aemu_guest_error(d, "VM fault (%s): vmid %u %s 0x%" G_GINT64_MODIFIER
                     "x by %s (status 0x%08x)", h->name, vmid,
                     write ? "write" : "read", addr, client->name, status);
    AEMU_TRACE(d, vm_fault, vmid, addr, client->name, status, write);
    fault_latch(d, h, status, addr);
    if (cntl & fault_enables[kind].ctx_interrupt) {
        fault_iv(d, h, vmid, addr, write, status, false);
    }
    if ((cntl & fault_enables[kind].ctx_default) &&
        (l2 & fault_enables[kind].l2_default)) {
        uint64_t page = page_addr(d, h->fault_default_lo,
                                  h->fault_default_hi);
        uint64_t in_page = addr & (GPU_PAGE_SIZE - 1);
        bool system = AEMU_REG_GET(d->regs[h->l2_cntl], VM_L2_CNTL,
                                   ENABLE_DEFAULT_PAGE_OUT_TO_SYSTEM_MEMORY);

        if (entry_target(d, h, page, system, out)) {
            out->addr += in_page;
            out->len = GPU_PAGE_SIZE - in_page;
            /* Every access to the page reports again: never cached. */
            out->uncacheable = true;
            return AEMU_MEM_OK;
        }
    }
    return AEMU_MEM_FAULT;
}

/*
 * Walk context vmid of hub h down to the leaf of addr (a PTE, or a PDE
 * with AMDGPU_PDE_PTE), returning it and in *leaf_pages how many pages it
 * maps (a power of two, aligned). *kind says what failed when false.
 */
static bool vm_walk(AemuDevice *d, const Gmc9Hub *h, unsigned vmid,
                    uint64_t addr, uint64_t *leaf, uint64_t *leaf_pages,
                    FaultKind *kind)
{
    uint32_t cntl = d->regs[h->ctx0_cntl + vmid];
    uint32_t ctx_addr = vmid * CTX_ADDR_DISTANCE;
    uint64_t start = reg64(d, h->ctx0_start_lo + ctx_addr);
    uint64_t end = reg64(d, h->ctx0_end_lo + ctx_addr);
    uint64_t pde = reg64(d, h->ctx0_base_lo + ctx_addr);
    unsigned depth = AEMU_REG_GET(cntl, VM_CONTEXT1_CNTL, PAGE_TABLE_DEPTH);
    unsigned block = PTB_MIN_BITS +
                     AEMU_REG_GET(cntl, VM_CONTEXT1_CNTL,
                                  PAGE_TABLE_BLOCK_SIZE);
    uint64_t pfn = addr >> GPU_PAGE_SHIFT;
    uint64_t idx;

    if (!AEMU_REG_GET(cntl, VM_CONTEXT1_CNTL, ENABLE_CONTEXT) ||
        pfn < start || pfn > end) {
        *kind = FAULT_RANGE;
        return false;
    }
    idx = pfn - start;
    /*
     * PAGE_TABLE_BASE_ADDR is itself a PDE (amdgpu_gmc_pd_addr: the root's
     * physical address | VALID). Each directory level splits off 9 bits
     * above the table's `block` (amdgpu_vm_pt_level_shift); the root
     * takes whatever is left (amdgpu_vm_pt_entries_mask).
     */
    uint64_t parent = 0;

    for (int level = (int)depth; level >= 0; level--) {
        unsigned shift = level ? block + PD_BITS * (unsigned)(level - 1) : 0;
        uint64_t mask = level == (int)depth ? UINT64_MAX :
                        level ? (1ull << PD_BITS) - 1 : (1ull << block) - 1;
        /* pde is a PDB0 entry under a PDB1 entry that set a BFS. */
        bool pdb0_leaf = level == 0 && level < (int)depth &&
                         (parent & AMDGPU_PDE_BFS_MASK) &&
                         !(pde & AMDGPU_PTE_TF);
        AemuXlate table;

        if (!(pde & AMDGPU_PTE_VALID)) {
            /* Cleared directories: invalid leaves (amdgpu_vm_pt_clear). */
            *kind = (pde & AMDGPU_PDE_PTE) || pdb0_leaf ? FAULT_VALID
                                                         : FAULT_PDE;
            *leaf = pde;
            return false;
        }
        if (level < (int)depth && ((pde & AMDGPU_PDE_PTE) || pdb0_leaf)) {
            /*
             * A directory entry that is a leaf (amdgpu_vm_pte_update_flags
             * for huge pages): it maps what its table would have.
             */
            *leaf = pde;
            *leaf_pages = 1ull << (block + PD_BITS * (unsigned)level);
            return true;
        }
        parent = pde;
        if (!entry_target(d, h, pde & PDE_ADDR_MASK,
                          pde & AMDGPU_PTE_SYSTEM, &table) ||
            !read_entry(d, &table, (idx >> shift) & mask, &pde)) {
            *kind = FAULT_WALK;
            return false;
        }
    }
    *leaf = pde;
    *leaf_pages = 1;
    return true;
}

/*
 * VMID 0's apertures (gfxhub_v1_0_init_system_aperture_regs): VRAM at
 * MC_VM_FB_LOCATION, the AGP aperture (empty unless amdgpu.agp, bottom
 * above top), and inside the system aperture anything else goes to its
 * default page (SYSTEM_APERTURE_UNMAPPED_ACCESS 0, the VRAM scratch page).
 * The FB aperture answers even before the system aperture is programmed
 * (inferred: firmware and the VBIOS use it from power-on).
 */
static bool aperture(AemuDevice *d, const Gmc9Hub *h, uint64_t addr,
                     AemuXlate *out)
{
    uint64_t fb_lo = fb_start(d, h), fb_hi = fb_end(d, h);
    uint64_t agp_bot = (uint64_t)AEMU_REG_GET(d->regs[h->agp_bot],
                                              MC_VM_AGP_BOT, AGP_BOT)
                       << AGP_SHIFT;
    uint64_t agp_top = ((uint64_t)AEMU_REG_GET(d->regs[h->agp_top],
                                               MC_VM_AGP_TOP, AGP_TOP)
                        << AGP_SHIFT) | ((1ull << AGP_SHIFT) - 1);
    uint64_t sys_lo = (uint64_t)AEMU_REG_GET(d->regs[h->sys_low],
                                             MC_VM_SYSTEM_APERTURE_LOW_ADDR,
                                             LOGICAL_ADDR)
                      << SYS_APERTURE_SHIFT;
    uint64_t sys_hi = ((uint64_t)AEMU_REG_GET(d->regs[h->sys_high],
                                              MC_VM_SYSTEM_APERTURE_HIGH_ADDR,
                                              LOGICAL_ADDR)
                       << SYS_APERTURE_SHIFT) |
                      ((1ull << SYS_APERTURE_SHIFT) - 1);

    if (fb_lo <= fb_hi && addr >= fb_lo && addr <= fb_hi) {
        out->vram = true;
        out->addr = addr - fb_lo;
        out->len = fb_hi - addr + 1;
        return true;
    }
    if (agp_bot <= agp_top && addr >= agp_bot && addr <= agp_top) {
        out->vram = false;
        out->addr = addr - agp_bot +
                    ((uint64_t)AEMU_REG_GET(d->regs[h->agp_base],
                                            MC_VM_AGP_BASE, AGP_BASE)
                     << AGP_SHIFT);
        out->len = agp_top - addr + 1;
        return true;
    }
    if (sys_lo <= sys_hi && addr >= sys_lo && addr <= sys_hi) {
        uint64_t page = page_addr(d, h->sys_default_lsb, h->sys_default_msb);
        uint64_t in_page = addr & (GPU_PAGE_SIZE - 1);

        if (vram_phys(d, h, page, &out->addr)) {
            out->vram = true;
            out->addr += in_page;
            out->len = GPU_PAGE_SIZE - in_page;
            return true;
        }
    }
    return false;
}

static AemuMemStatus gmc_v9_translate(AemuDevice *d, unsigned vmid,
                                      uint64_t addr, bool write,
                                      const AemuMemClient *client,
                                      AemuXlate *out)
{
    const Gmc9Hub *h = hub_of(client);
    uint64_t leaf = 0, pages = 1, huge, span, off;
    FaultKind kind = FAULT_RANGE;

    /* The sign extension of a high address is not part of it. */
    addr &= VA_MASK;
    out->uncacheable = false;
    if (vmid >= NUM_VMIDS) {
        return vm_fault(d, h, vmid & (NUM_VMIDS - 1), addr, write, client,
                        FAULT_RANGE, false, out);
    }
    if (vmid == 0 && aperture(d, h, addr, out)) {
        return AEMU_MEM_OK;
    }
    if (!vm_walk(d, h, vmid, addr, &leaf, &pages, &kind)) {
        return vm_fault(d, h, vmid, addr, write, client, kind,
                        leaf & AMDGPU_PTE_PRT, out);
    }
    if (!(leaf & AMDGPU_PTE_VALID)) {
        return vm_fault(d, h, vmid, addr, write, client, FAULT_VALID,
                        leaf & AMDGPU_PTE_PRT, out);
    }
    if (write ? !(leaf & AMDGPU_PTE_WRITEABLE)
              : !(leaf & AMDGPU_PTE_READABLE)) {
        return vm_fault(d, h, vmid, addr, write, client,
                        write ? FAULT_WRITE : FAULT_READ,
                        leaf & AMDGPU_PTE_PRT, out);
    }
    /*
     * A huge leaf maps its whole span from its address, which need not be
     * aligned to the span: amdgpu_vm_ptes_update picks the level from the
     * VA's alignment alone, so a 2 MiB-aligned VA of a contiguous VRAM
     * buffer gets a PDE-as-PTE whatever the physical alignment (the driver
     * checks only 64-byte alignment, gmc_v9_0_get_vm_pde). A PTE maps its
     * page. A FRAGMENT says the aligned 2^(12 + frag) bytes around the
     * page are contiguous and mapped alike (amdgpu_vm_pte_fragment): the
     * TLB keeps one entry for them, and so may an engine's cache.
     */
    huge = pages << GPU_PAGE_SHIFT;
    span = MAX(huge, 1ull << (GPU_PAGE_SHIFT +
                              ((leaf & AMDGPU_PTE_FRAG_MASK) >>
                               AMDGPU_PTE_FRAG_SHIFT)));
    off = addr & (span - 1);
    if (!entry_target(d, h, (leaf & PTE_ADDR_MASK) + (addr & (huge - 1)),
                      leaf & AMDGPU_PTE_SYSTEM, out)) {
        return vm_fault(d, h, vmid, addr, write, client, FAULT_WALK, false,
                        out);
    }
    out->len = span - off;
    return AEMU_MEM_OK;
}

/* Which of a hub's per-engine registers. */
typedef enum EngReg {
    ENG_SEM,
    ENG_REQ,
} EngReg;

/* The hub and engine a VM_INVALIDATE_ENGn_SEM or _REQ belongs to. */
static const Gmc9Hub *eng_of(uint32_t dw, EngReg reg, unsigned *eng,
                             unsigned *hub)
{
    for (unsigned i = 0; i < NUM_HUBS; i++) {
        uint32_t base = reg == ENG_SEM ? hubs[i].eng0_sem : hubs[i].eng0_req;

        if (dw >= base && dw < base + NUM_INV_ENGS) {
            *eng = dw - base;
            *hub = i;
            return &hubs[i];
        }
    }
    g_assert_not_reached();
}

/*
 * There is no TLB to flush: the request completes at once, ACK showing
 * the VMIDs it named (gmc_v9_0_flush_gpu_tlb polls for 1 << vmid, the
 * rings WAIT_REG_MEM on it), and the engines' cached translations drop.
 */
static void inv_req_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    unsigned eng, hub;
    const Gmc9Hub *h = eng_of(dw, ENG_REQ, &eng, &hub);

    d->regs[dw] = value;
    d->regs[h->eng0_ack + eng] =
        AEMU_REG_SET(0, VM_INVALIDATE_ENG0_ACK, PER_VMID_INVALIDATE_ACK,
                     AEMU_REG_GET(value, VM_INVALIDATE_ENG0_REQ,
                                  PER_VMID_INVALIDATE_REQ));
    if (AEMU_REG_GET(value, VM_INVALIDATE_ENG0_REQ,
                     CLEAR_PROTECTION_FAULT_STATUS_ADDR)) {
        d->regs[h->fault_status] = 0;
        d->regs[h->fault_addr_lo] = 0;
        d->regs[h->fault_addr_hi] = 0;
    }
    aemu_xlate_invalidate(d);
}

/*
 * The semaphore in front of an engine (gmc_v9_0_flush_gpu_tlb, and the
 * rings' WAIT_REG_MEM in gmc_v9_0_emit_flush_gpu_tlb): a read returns 1
 * and takes it if free, 0 while someone holds it; writing 0 releases.
 */
static uint32_t inv_sem_read(AemuDevice *d, uint32_t dw)
{
    unsigned eng, hub;
    Gmc9State *s = gmc(d);

    eng_of(dw, ENG_SEM, &eng, &hub);
    if (s->sem_held[hub][eng]) {
        return 0;
    }
    s->sem_held[hub][eng] = true;
    return VM_INVALIDATE_ENG0_SEM__SEMAPHORE_MASK;
}

/* What a narrow write merges with: the state, without taking it. */
static uint32_t inv_sem_latch(AemuDevice *d, uint32_t dw)
{
    unsigned eng, hub;

    eng_of(dw, ENG_SEM, &eng, &hub);
    return gmc(d)->sem_held[hub][eng] ?
           VM_INVALIDATE_ENG0_SEM__SEMAPHORE_MASK : 0;
}

static void inv_sem_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    unsigned eng, hub;

    eng_of(dw, ENG_SEM, &eng, &hub);
    gmc(d)->sem_held[hub][eng] =
        AEMU_REG_GET(value, VM_INVALIDATE_ENG0_SEM, SEMAPHORE);
}

/*
 * CLEAR_PROTECTION_FAULT_STATUS_ADDR (gmc_v9_0_process_interrupt's
 * WREG32_P(vm_l2_pro_fault_cntl, 1, ~1)) drops the latched fault; it is
 * an action, not kept. The other bits are the default-page enables: the
 * caches drop, but the VM is the same (a retry fault posted stays posted:
 * the driver clears the status in the middle of handling one).
 */
static void fault_cntl_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    const Gmc9Hub *h = dw == hubs[AEMU_HUB_MM].fault_cntl ?
                       &hubs[AEMU_HUB_MM] : &hubs[AEMU_HUB_GFX];

    if (AEMU_REG_GET(value, VM_L2_PROTECTION_FAULT_CNTL,
                     CLEAR_PROTECTION_FAULT_STATUS_ADDR)) {
        d->regs[h->fault_status] = 0;
        d->regs[h->fault_addr_lo] = 0;
        d->regs[h->fault_addr_hi] = 0;
    }
    d->regs[dw] = AEMU_REG_SET(value, VM_L2_PROTECTION_FAULT_CNTL,
                               CLEAR_PROTECTION_FAULT_STATUS_ADDR, 0);
    aemu_xlate_drop_caches(d);
}

/* Any other VM or aperture register: the walk may depend on it. */
static void vm_reg_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    aemu_reg_set(d, dw, value);
    aemu_xlate_invalidate(d);
}

static const AemuRegHandler inv_req = {
    .block = "gmc", .write = inv_req_write,
};

static const AemuRegHandler inv_sem = {
    .block = "gmc", .read = inv_sem_read, .write = inv_sem_write,
    .latch = inv_sem_latch,
};

static const AemuRegHandler fault_cntl = {
    .block = "gmc", .write = fault_cntl_write,
};

/* ACK and the latched fault are the hardware's to write. */
static const AemuRegHandler read_only = {
    .block = "gmc", .write = aemu_reg_ignore_write,
};

static const AemuRegHandler vm_reg = {
    .block = "gmc", .write = vm_reg_write,
};

/*
 * ATHUB's VMID-to-PASID map (ATC_VMIDn_PASID_MAPPING, n = 0..15 for the
 * gfx hub, 16..31 for the MM hub). KFD's kgd_gfx_v9_set_pasid_vmid_mapping
 * (NO_HWS queues, debugger) writes one and spins without a timeout until
 * ATC_VMID_PASID_MAPPING_UPDATE_STATUS bit n is set, then clears it by
 * writing it. The model updates at once: the write sets the bit. The map
 * itself is storage: the model has no ATS, and the IV's PASID comes from
 * the IH's own LUT (IH_VMID_0_LUT), which KFD writes alongside.
 */
static void atc_mapping_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    uint32_t vmid = dw < mmATC_VMID16_PASID_MAPPING
                    ? dw - mmATC_VMID0_PASID_MAPPING
                    : dw - mmATC_VMID16_PASID_MAPPING + ATC_HUB_VMIDS;

    d->regs[dw] = value;
    d->regs[mmATC_VMID_PASID_MAPPING_UPDATE_STATUS] |= 1u << vmid;
}

/* The update-finished bits are cleared by writing 1 to them. */
static void atc_update_status_write(AemuDevice *d, uint32_t dw,
                                    uint32_t value)
{
    d->regs[dw] &= ~value;
}

static const AemuRegHandler atc_mapping = {
    .block = "athub", .write = atc_mapping_write,
};

static const AemuRegHandler atc_update_status = {
    .block = "athub", .write = atc_update_status_write,
};

static void gmc_init(AemuDevice *d, void *priv)
{
    d->translate = gmc_v9_translate;
    aemu_reg_claim_range(d, mmATC_VMID0_PASID_MAPPING,
                         mmATC_VMID0_PASID_MAPPING + ATC_HUB_VMIDS - 1,
                         &atc_mapping);
    aemu_reg_claim_range(d, mmATC_VMID16_PASID_MAPPING,
                         mmATC_VMID16_PASID_MAPPING + ATC_HUB_VMIDS - 1,
                         &atc_mapping);
    aemu_reg_claim(d, mmATC_VMID_PASID_MAPPING_UPDATE_STATUS,
                   &atc_update_status);
    for (unsigned i = 0; i < NUM_HUBS; i++) {
        const Gmc9Hub *h = &hubs[i];

        aemu_reg_claim_range(d, h->eng0_req, h->eng0_req + NUM_INV_ENGS - 1,
                             &inv_req);
        aemu_reg_claim_range(d, h->eng0_sem, h->eng0_sem + NUM_INV_ENGS - 1,
                             &inv_sem);
        aemu_reg_claim_range(d, h->eng0_ack, h->eng0_ack + NUM_INV_ENGS - 1,
                             &read_only);
        aemu_reg_claim(d, h->fault_cntl, &fault_cntl);
        aemu_reg_claim(d, h->fault_status, &read_only);
        aemu_reg_claim(d, h->fault_addr_lo, &read_only);
        aemu_reg_claim(d, h->fault_addr_hi, &read_only);
        for (uint32_t dw = h->vm_first; dw <= h->vm_last; dw++) {
            if (!d->handlers[dw]) {
                aemu_reg_claim(d, dw, &vm_reg);
            }
        }
        for (uint32_t dw = h->mc_first; dw <= h->mc_last; dw++) {
            if (!d->handlers[dw]) {
                aemu_reg_claim(d, dw, &vm_reg);
            }
        }
    }
}

static void gmc_reset(AemuDevice *d, void *priv, AemuResetKind kind)
{
    Gmc9State *s = priv;
    uint32_t top = VEGA10_FB_BASE + (uint32_t)(d->vram_size >> FB_SHIFT) - 1;

    memset(s->sem_held, 0, sizeof(s->sem_held));
    memset(s->retry, 0, sizeof(s->retry));
    d->regs[mmATC_VMID_PASID_MAPPING_UPDATE_STATUS] = 0;
    for (unsigned i = 0; i < NUM_HUBS; i++) {
        const Gmc9Hub *h = &hubs[i];

        d->regs[h->fb_base] = AEMU_REG_SET(0, MC_VM_FB_LOCATION_BASE, FB_BASE,
                                           VEGA10_FB_BASE);
        d->regs[h->fb_top] = AEMU_REG_SET(0, MC_VM_FB_LOCATION_TOP, FB_TOP,
                                          top);
        d->regs[h->fb_offset] = 0;
        /* Empty apertures (bottom above top) until the driver sets them. */
        d->regs[h->agp_bot] = MC_VM_AGP_BOT__AGP_BOT_MASK;
        d->regs[h->agp_top] = 0;
        d->regs[h->sys_low] = MC_VM_SYSTEM_APERTURE_LOW_ADDR__LOGICAL_ADDR_MASK;
        d->regs[h->sys_high] = 0;
        /*
         * The default page is in system memory out of reset: amdgpu
         * programs VM_L2_PROTECTION_FAULT_DEFAULT_ADDR with its dummy
         * page's DMA address and only read-modify-writes VM_L2_CNTL on
         * Vega (gfxhub_v1_0_init_cache_regs), never setting this bit as it
         * does on gfx7/8 and gfx10 (inferred: the reset value has it).
         * Read as VRAM, a faulting write would land in VRAM at that
         * offset.
         */
        d->regs[h->l2_cntl] =
            VM_L2_CNTL__ENABLE_DEFAULT_PAGE_OUT_TO_SYSTEM_MEMORY_MASK;
    }
    /* The apertures and the VM registers are back at reset values. */
    aemu_xlate_invalidate(d);
}

/*
 * Snapshots (state.h): the held invalidation semaphores and the retry
 * faults posted (keyed on d->vm_gen, which the register section holds).
 */
static void gmc_state(AemuDevice *d, void *priv, AemuStateIo *s)
{
    Gmc9State *g = priv;

    for (unsigned h = 0; h < NUM_HUBS; h++) {
        for (unsigned e = 0; e < NUM_INV_ENGS; e++) {
            AEMU_STATE_BOOL(s, g->sem_held[h][e]);
        }
    }
    for (unsigned i = 0; i < RETRY_POSTS; i++) {
        AEMU_STATE(s, g->retry[i].vm_gen);
        AEMU_STATE(s, g->retry[i].page);
        AEMU_STATE(s, g->retry[i].hub);
        AEMU_STATE(s, g->retry[i].vmid);
    }
}

const AemuIpBlockFuncs aemu_gmc_v9_funcs = {
    .name = "gmc_v9_0",
    .type = AEMU_BLOCK_GMC,
    .major = 9, .minor = 0,
    .priv_size = sizeof(Gmc9State),
    .init = gmc_init,
    .reset = gmc_reset,
    .state = gmc_state,
    .state_version = 1,
};
