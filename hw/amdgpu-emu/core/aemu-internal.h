/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core model: what the IP blocks share.
 *
 * The device is a register file (a latch per dword of the MMIO aperture, with
 * per-ASIC reset values) plus IP blocks that claim the registers whose
 * access has an effect. Register banking (GRBM_GFX_INDEX, SRBM_GFX_CNTL) is
 * modelled once, here, for every block.
 */
#ifndef AMDGPU_EMU_INTERNAL_H
#define AMDGPU_EMU_INTERNAL_H

#include <glib.h>
#include "amdgpu-emu/aemu.h"
#include "diag.h"
#include "vbios_atom.h"

/* Room for the expansion ROM image (a power of two, as the ROM BAR). */
#define AEMU_VBIOS_MAX_SIZE (64u * 1024u)

/* The register aperture covers dword indices [0, AEMU_MMIO_DWORDS). */
#define AEMU_MMIO_DWORDS  (256u * 1024u / 4u)

typedef struct AemuRegHandler {
    const char *block;          /* owning IP block, for traces */
    /* NULL read: the latch value; NULL write: the write is latched. */
    uint32_t (*read)(AemuDevice *d, uint32_t dw);
    void (*write)(AemuDevice *d, uint32_t dw, uint32_t value);
} AemuRegHandler;

/* How a banked register picks its copy. */
typedef enum AemuBankKind {
    AEMU_BANK_NONE = 0,
    AEMU_BANK_SE_SH,        /* GRBM_GFX_INDEX: shader engine / array */
    AEMU_BANK_QUEUE,        /* SRBM_GFX_CNTL: ME / pipe / queue */
    AEMU_BANK_VMID,         /* SRBM_GFX_CNTL: VMID */
} AemuBankKind;

typedef struct AemuRegInit {
    uint32_t dw;
    uint32_t value;
} AemuRegInit;

typedef struct AemuIpBlockFuncs {
    const char *name;
    void (*init)(AemuDevice *d);                    /* claim registers */
    void (*reset)(AemuDevice *d, AemuResetKind kind);
    void (*fini)(AemuDevice *d);
} AemuIpBlockFuncs;

/*
 * What work costs on a chip (the timing model). A budget unit (a packet, or
 * a chunk of a long one) costs packet_cycles at the engine clock; every byte
 * an engine moves costs its path's bandwidth, VRAM or system (PCIe).
 */
typedef struct AemuTiming {
    uint32_t engine_mhz;
    uint32_t packet_cycles;
    uint32_t vram_mb_s;
    uint32_t system_mb_s;
} AemuTiming;

/* One chip: which blocks, versions, ids, sizes and reset values. */
typedef struct AemuAsic {
    const char *name;
    uint16_t vendor_id, device_id, subsystem_vendor_id, subsystem_id;
    uint8_t revision;
    uint32_t class_code;
    uint64_t vram_default, vram_min, vram_max;
    uint64_t doorbell_size;
    uint32_t io_size;
    uint32_t mmio_size;
    /* Shader topology, read back through banked registers. */
    unsigned num_se, num_sh_per_se, num_rb_per_se, num_cu_per_sh;
    unsigned num_sdma;
    unsigned num_mec, num_pipes_per_mec, num_queues_per_pipe;
    const AemuRegInit *reset_values;
    size_t num_reset_values;
    const AemuIpBlockFuncs *const *blocks;          /* NULL-terminated */
    AemuTiming timing;
    AemuVbiosParams vbios;  /* vram_mib filled in from the config */
} AemuAsic;

typedef struct AemuBifState {
    uint32_t pcie_index;
    GHashTable *pcie_regs;      /* PCIE_INDEX space: ix -> value */
} AemuBifState;

typedef struct AemuSmcState {
    GHashTable *regs;           /* SMC indirect space: ix -> value */
    uint32_t rom_index;         /* byte offset of the next ROM_DATA read */
    uint32_t *sram;             /* SMC SRAM, [0, AEMU_SMC_SRAM_SIZE) */
    bool running;               /* out of reset, clocked, firmware booted */
} AemuSmcState;

/* The SMC's SRAM: the bottom of its address space (ci_dpm's SMC_RAM_END). */
#define AEMU_SMC_SRAM_SIZE  0x40000u

/* Result of a GPU memory access (every engine goes through one service). */
typedef enum AemuMemStatus {
    AEMU_MEM_OK = 0,
    AEMU_MEM_FAULT,         /* translation fault: reported to the driver */
    AEMU_MEM_BUS_ERROR,     /* the bus refused a system-memory access */
} AemuMemStatus;

/* Where one translated piece of a GPU address lands. */
typedef struct AemuXlate {
    bool vram;              /* VRAM offset, else bus (system) address */
    uint64_t addr;
    uint64_t len;           /* contiguous bytes from addr (>= 1) */
} AemuXlate;

/* A fault's requester, as VM_CONTEXT1_PROTECTION_FAULT_* report it. */
typedef struct AemuMemClient {
    const char *name;       /* four ASCII chars, e.g. "CPF", "SDM0" */
    unsigned id;            /* MEMORY_CLIENT_ID */
} AemuMemClient;

/* The interrupt handler ring's input (cik_ih_decode_iv's fields). */
typedef struct AemuIvEntry {
    uint8_t src_id;
    uint32_t src_data;
    uint8_t ring_id;
    uint8_t vmid;
} AemuIvEntry;

/*
 * An engine: one ring or queue consumer (the gfx ring, a compute HQD, an
 * SDMA queue). A write pointer update or doorbell kicks it; the scheduler
 * then calls run() from the device timer with a budget of packets, so a
 * guest's endless IB never holds the host's main loop.
 */
typedef struct AemuEngine AemuEngine;
struct AemuEngine {
    const char *name;
    /*
     * Execute up to *budget packets, decrementing it per packet; return true
     * if the engine still has work it could do now.
     */
    bool (*run)(AemuDevice *d, AemuEngine *e, unsigned *budget);
    void *opaque;           /* the block's per-engine state */
    bool runnable;
    uint64_t packets;       /* executed since reset, for statistics */
    uint64_t timeline_ns;   /* virtual time the engine's work has reached */
    uint64_t busy_ns;       /* modelled busy time since reset */
};

#define AEMU_MAX_ENGINES 48
/* Packets all engines together may execute in one slice. */
#define AEMU_SLICE_BUDGET 4096u
/* Gap between slices while engines still have work (virtual ns). */
#define AEMU_SLICE_NS 20000u


/* With timing on, engines run in steps of this many budget units. */
#define AEMU_TIMING_STEP 8u

typedef struct AemuSched {
    AemuEngine *engines[AEMU_MAX_ENGINES];
    unsigned num_engines;
    unsigned next;          /* round-robin start */
    uint64_t deadline;      /* armed timer deadline, UINT64_MAX if none */
    bool running;           /* inside aemu_sched_run */
    bool timing;            /* the cost table applies */
    uint64_t bytes[2];      /* moved by engines: [0] system, [1] VRAM */
    unsigned overspend;     /* budget a packet used beyond what it was given */
} AemuSched;

typedef struct AemuIhState {
    uint32_t wptr;          /* bytes, without the overflow flag */
    bool overflow;
    bool pending;           /* rptr != wptr as last seen */
    bool submitting;        /* writing an entry (faults cannot nest) */
} AemuIhState;

struct AemuDevice {
    const AemuAsic *asic;
    AemuHostOps host;
    void *host_opaque;
    /* Per trace event, the host's state flag (diag.h: AEMU_TRACE). */
    const uint16_t *trace_state[AEMU_TRACE_NUM_EVENTS];
    uint8_t *vram;
    uint64_t vram_size;
    AemuPciInfo pci;
    uint8_t *rom;
    size_t rom_size;

    uint32_t regs[AEMU_MMIO_DWORDS];
    const AemuRegHandler *handlers[AEMU_MMIO_DWORDS];
    uint8_t bank_kind[AEMU_MMIO_DWORDS];
    GHashTable *banked;         /* (dw << 32 | bank) -> value */

    AemuBifState bif;
    AemuSmcState smc;
    AemuIhState ih;
    AemuSched sched;

    /* Set by the memory controller block: GPU address -> VRAM or bus. */
    AemuMemStatus (*translate)(AemuDevice *d, unsigned vmid, uint64_t addr,
                               bool write, const AemuMemClient *client,
                               AemuXlate *out);
    /* Set by the interrupt handler block. */
    void (*ih_submit)(AemuDevice *d, const AemuIvEntry *iv);
    /* Set by the block that listens to the doorbell BAR (offset in bytes). */
    void (*doorbell)(AemuDevice *d, uint64_t offset, uint64_t value,
                     unsigned size);

    /* Engine blocks' private state (owned by the block: init/fini). */
    struct AemuCp *cp;          /* gfx_v7_cp.c: CP gfx ring + MEC queues */
    struct AemuSdma *sdma;      /* sdma_cik.c: SDMA engines */

    AemuAccessHook hook;
    void *hook_opaque;

    /* Recording (record.c): NULL when off. */
    struct AemuRecorder *rec;
    /* Replay: VRAM reads come from here instead of VRAM when set. */
    AemuVramReadFn vram_read_source;
    void *vram_read_opaque;
};

/* Registry of ASICs (asic_*.c). */
extern const AemuAsic aemu_asic_hawaii;

/* Register file (regfile.c). */
void aemu_reg_claim(AemuDevice *d, uint32_t dw, const AemuRegHandler *h);
void aemu_reg_claim_range(AemuDevice *d, uint32_t first, uint32_t last,
                          const AemuRegHandler *h);
void aemu_reg_bank(AemuDevice *d, uint32_t first, uint32_t last,
                   AemuBankKind kind);
/* Full dispatch, as a guest or an engine (SET_*_REG, SRBM_WRITE) sees it. */
uint32_t aemu_reg_read(AemuDevice *d, uint32_t dw);
void aemu_reg_write(AemuDevice *d, uint32_t dw, uint32_t value);
/* The latch behind a register in the currently selected bank. */
uint32_t aemu_reg_get(AemuDevice *d, uint32_t dw);
void aemu_reg_set(AemuDevice *d, uint32_t dw, uint32_t value);
/*
 * The latch behind a banked register in an explicit bank, whatever the
 * driver selected last: an engine reads its own queue's registers.
 * Unbanked registers have one latch, which these reach too.
 */
uint32_t aemu_reg_queue_bank(unsigned me, unsigned pipe, unsigned queue);
uint32_t aemu_reg_get_bank(AemuDevice *d, uint32_t dw, uint32_t bank);
void aemu_reg_set_bank(AemuDevice *d, uint32_t dw, uint32_t bank,
                       uint32_t value);
void aemu_regfile_reset(AemuDevice *d);
void aemu_regfile_fini(AemuDevice *d);

/*
 * Indirect spaces kept as sparse maps. The guest picks the indices, so a
 * map holds at most AEMU_SPARSE_MAX_ENTRIES of them (the drivers use a few
 * hundred): past that a write to a new index is refused (false), and
 * writing 0 drops an index, which then reads 0 as before.
 */
#define AEMU_SPARSE_MAX_ENTRIES 16384u
uint32_t aemu_sparse_get(GHashTable *t, uint32_t ix);
bool aemu_sparse_set(GHashTable *t, uint32_t ix, uint32_t value);

/*
 * GPU memory (gpumem.c). Addresses are MC addresses for vmid 0 (apertures,
 * then the GART), GPU virtual addresses for vmid 1..15. A fault is reported
 * to the driver (fault registers, interrupt) by the translation; the access
 * then touches no memory.
 */
AemuMemStatus aemu_gpu_read(AemuDevice *d, unsigned vmid, uint64_t addr,
                            void *buf, size_t len,
                            const AemuMemClient *client);
AemuMemStatus aemu_gpu_write(AemuDevice *d, unsigned vmid, uint64_t addr,
                             const void *buf, size_t len,
                             const AemuMemClient *client);
uint32_t aemu_gpu_read32(AemuDevice *d, unsigned vmid, uint64_t addr,
                         const AemuMemClient *client, AemuMemStatus *st);
AemuMemStatus aemu_gpu_write32(AemuDevice *d, unsigned vmid, uint64_t addr,
                               uint32_t value, const AemuMemClient *client);
/* Untranslated access to VRAM or bus memory. */
AemuMemStatus aemu_phys_access(AemuDevice *d, const AemuXlate *x, void *buf,
                               size_t len, bool write);

/* Engines (sched.c). */
void aemu_engine_register(AemuDevice *d, AemuEngine *e);
void aemu_engine_kick(AemuDevice *d, AemuEngine *e);
void aemu_sched_run(AemuDevice *d);
void aemu_sched_reset(AemuDevice *d);

/* Recording hooks (record.c); no-ops when not recording. */
void aemu_rec_access(AemuDevice *d, const AemuAccess *a);
void aemu_rec_event(AemuDevice *d, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void aemu_rec_vram_read(AemuDevice *d, uint64_t offset, const void *buf,
                        size_t len);

/* Read VRAM as the device does (recorded; served by a replay source). */
void aemu_vram_read(AemuDevice *d, uint64_t offset, void *buf, size_t len);

/* Post an interrupt through the interrupt handler ring. */
void aemu_irq_post(AemuDevice *d, const AemuIvEntry *iv);

/* IP blocks. */
extern const AemuIpBlockFuncs aemu_bif_v4_funcs;
extern const AemuIpBlockFuncs aemu_smc_ci_funcs;
extern const AemuIpBlockFuncs aemu_gmc_v7_funcs;
extern const AemuIpBlockFuncs aemu_gfx_v7_funcs;
extern const AemuIpBlockFuncs aemu_ih_cik_funcs;
extern const AemuIpBlockFuncs aemu_gfx_v7_cp_funcs;
extern const AemuIpBlockFuncs aemu_sdma_cik_funcs;

#endif
