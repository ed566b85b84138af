/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core model: what the IP blocks share.
 *
 * The device is a register file (a latch per dword of the MMIO aperture, with
 * per-ASIC reset values) plus IP blocks that claim the registers whose
 * access has an effect. Register banking is modelled once, in regfile.c, for
 * every block; which registers select the banks is a fact of the chip
 * (AemuBankSelect in its AemuAsic). Nothing in this header, nor in the
 * shared .c files, names a register of any one generation: chip facts live
 * in the asic_*.c descriptions and in the per-generation block files.
 */
#ifndef AMDGPU_EMU_INTERNAL_H
#define AMDGPU_EMU_INTERNAL_H

#include <glib.h>
#include "amdgpu-emu/aemu.h"
#include "aemu-util.h"
#include "regdb.h"
#include "diag.h"
#include "vbios_atom.h"
#include "timing.h"

/* Room for the expansion ROM image (a power of two, as the ROM BAR). */
#define AEMU_VBIOS_MAX_SIZE (64u * 1024u)

typedef struct AemuRegHandler {
    const char *block;          /* owning IP block, for traces */
    /* NULL read: the latch value; NULL write: the write is latched. */
    uint32_t (*read)(AemuDevice *d, uint32_t dw);
    void (*write)(AemuDevice *d, uint32_t dw, uint32_t value);
    /*
     * What a byte or word write merges with (aemu_reg_latch), with no side
     * effects. NULL: the latch. An indirect data port (MM_DATA, ...) whose
     * own latch holds nothing gives what its index points at.
     */
    uint32_t (*latch)(AemuDevice *d, uint32_t dw);
} AemuRegHandler;

/* How a banked register picks its copy. */
typedef enum AemuBankKind {
    AEMU_BANK_NONE = 0,
    AEMU_BANK_SE_SH,        /* GRBM_GFX_INDEX: shader engine / array */
    AEMU_BANK_QUEUE,        /* SRBM_GFX_CNTL: ME / pipe / queue */
    AEMU_BANK_VMID,         /* SRBM_GFX_CNTL: VMID */
} AemuBankKind;

/* A write handler for registers whose writes the hardware ignores. */
void aemu_reg_ignore_write(AemuDevice *d, uint32_t dw, uint32_t value);

/*
 * Which registers select the banks, and their fields: GRBM_GFX_INDEX and
 * SRBM_GFX_CNTL on CIK, GRBM_GFX_INDEX and GRBM_GFX_CNTL on gfx9.
 */
typedef struct AemuBankSelect {
    uint32_t se_sh_reg;
    AemuField se_index, sh_index;
    uint32_t se_broadcast_mask, sh_broadcast_mask;
    uint32_t queue_reg;         /* ME / pipe / queue */
    AemuField me, pipe, queue;
    uint32_t vmid_reg;
    AemuField vmid;
} AemuBankSelect;

typedef struct AemuRegInit {
    uint32_t dw;
    uint32_t value;
} AemuRegInit;

/*
 * The kinds of IP block, as amdgpu's amd_ip_block_type: at most one block
 * of each kind per chip, so a block's private state is found by its kind.
 */
typedef enum AemuBlockType {
    AEMU_BLOCK_BIF,         /* bus interface (BIF on CIK, NBIO on SOC15) */
    AEMU_BLOCK_SMC,         /* SMC / SMU */
    AEMU_BLOCK_PSP,
    AEMU_BLOCK_GMC,
    AEMU_BLOCK_IH,
    AEMU_BLOCK_GFX,         /* gfx configuration, RLC */
    AEMU_BLOCK_CP,          /* the command processor's queues */
    AEMU_BLOCK_SDMA,
    AEMU_BLOCK_UVD,         /* video decoder */
    AEMU_BLOCK_VCE,         /* video encoder */
    AEMU_BLOCK_DCE,         /* display engine */
    AEMU_BLOCK_COUNT
} AemuBlockType;

/*
 * Units a soft reset can hold and a status register can show busy, as
 * bits of a mask; which register bit means which unit is a chip fact
 * (AemuStatusBit tables in the ASIC description, status.c).
 */
typedef enum AemuUnit {
    AEMU_UNIT_CP_GFX,       /* the gfx ring's ME/PFP/CE */
    AEMU_UNIT_CP_MEC1,
    AEMU_UNIT_CP_MEC2,
    AEMU_UNIT_RLC,
    AEMU_UNIT_IH,
    AEMU_UNIT_GMC,
    AEMU_UNIT_SDMA0,        /* SDMA instance n is AEMU_UNIT_SDMA0 + n */
    AEMU_UNIT_SDMA_LAST = AEMU_UNIT_SDMA0 + 7,
    AEMU_UNIT_COUNT
} AemuUnit;

#define AEMU_UNIT_MASK(u)   (1u << (u))
#define AEMU_UNITS_CP_COMPUTE \
    (AEMU_UNIT_MASK(AEMU_UNIT_CP_MEC1) | AEMU_UNIT_MASK(AEMU_UNIT_CP_MEC2))
#define AEMU_UNITS_CP \
    (AEMU_UNIT_MASK(AEMU_UNIT_CP_GFX) | AEMU_UNITS_CP_COMPUTE)

/* The state serializer's visitor (state.h). */
typedef struct AemuStateIo AemuStateIo;

/*
 * An IP block, as amdgpu's amd_ip_funcs: its kind and version, the size of
 * the private state the core allocates for it (zeroed; passed to every
 * hook, found by others through aemu_block_priv), and its hooks:
 *  - init: claim registers, register engines, install services;
 *  - reset: a device reset (AemuResetKind) of the whole block;
 *  - soft_reset: the units (AemuUnit mask) a GRBM/SRBM soft reset names,
 *    on every write that sets their bits; while the bits stay set the units
 *    are held (aemu_units_held);
 *  - busy: the units this block has busy now, for the status registers;
 *  - fini: free what init allocated beyond priv.
 * Every hook may be NULL.
 */
typedef struct AemuIpBlockFuncs {
    const char *name;               /* the driver's: "gfx_v7_0", "cik_sdma" */
    AemuBlockType type;
    uint8_t major, minor;
    size_t priv_size;
    void (*init)(AemuDevice *d, void *priv);
    void (*reset)(AemuDevice *d, void *priv, AemuResetKind kind);
    void (*soft_reset)(AemuDevice *d, void *priv, uint32_t units);
    uint32_t (*busy)(AemuDevice *d, void *priv);
    void (*fini)(AemuDevice *d, void *priv);
    /*
     * Save or load the block's private state (state.h: one list of fields
     * for both directions; loading also rebuilds what derives from it).
     * state_version: bumped whenever that list changes, so an old blob is
     * refused rather than misread (docs/snapshots.md).
     */
    void (*state)(AemuDevice *d, void *priv, AemuStateIo *s);
    uint32_t state_version;
} AemuIpBlockFuncs;

/* The private state of the chip's block of a kind (NULL if none). */
void *aemu_block_priv(AemuDevice *d, AemuBlockType type);

/*
 * One bit (or field) of a shared reset or status register and the units
 * behind it. Soft-reset registers: a set bit resets and holds its units.
 * Status registers: BUSY bits read set while any of their units is busy,
 * IDLE bits while none is (with no units: an engine the chip has but the
 * model never runs, which always reads idle).
 */
typedef enum AemuStatusKind {
    AEMU_STATUS_SOFT_RESET,
    AEMU_STATUS_BUSY,
    AEMU_STATUS_IDLE,
} AemuStatusKind;

typedef struct AemuStatusBit {
    uint32_t reg;
    AemuStatusKind kind;
    uint32_t bits;
    uint32_t units;
} AemuStatusBit;


/* One chip: which blocks, versions, ids, sizes and reset values. */
typedef struct AemuAsic {
    const char *name;
    uint16_t vendor_id, device_id, subsystem_vendor_id, subsystem_id;
    uint8_t revision;
    uint32_t class_code;
    uint64_t vram_default, vram_min, vram_max;
    uint64_t doorbell_size;
    uint32_t io_size;
    uint32_t mmio_size;             /* bytes; the register file's extent */
    uint8_t mmio_bar;               /* 0: AEMU_PCI_MMIO_BAR_DEFAULT */
    uint8_t pcie_gen, pcie_lanes;   /* the link (AemuPciInfo); 0: unset */
    /* Shader topology, read back through banked registers. */
    unsigned num_se, num_sh_per_se, num_rb_per_se, num_cu_per_sh;
    unsigned num_sdma;
    unsigned num_mec, num_pipes_per_mec, num_queues_per_pipe;
    const AemuRegInit *reset_values;
    size_t num_reset_values;
    const AemuIpBlockFuncs *const *blocks;          /* NULL-terminated */
    AemuBankSelect banks;
    /* The shared reset and status registers (status.c owns them). */
    const AemuStatusBit *status_bits;
    size_t num_status_bits;
    /* Register names for traces and records (regdb.h). */
    const AemuRegDb *regdb;
    /* The expansion ROM's builder: returns the image size, 0 on failure. */
    size_t (*build_rom)(const AemuVbiosParams *p, uint8_t *buf, size_t cap);
    const AemuTiming *timing;   /* timing.h; timing_<chip>.c */
    AemuVbiosParams vbios;  /* vram_mib filled in from the config */
} AemuAsic;

/* Result of a GPU memory access (every engine goes through one service). */
typedef enum AemuMemStatus {
    AEMU_MEM_OK = 0,
    AEMU_MEM_FAULT,         /* translation fault: reported to the driver */
    AEMU_MEM_BUS_ERROR,     /* the bus refused a system-memory access */
    /*
     * A retry fault (XNACK): the translation failed in a context that
     * retries, the memory controller told the driver (once per page until
     * the VM changes), and the client must stall and replay the access
     * later. Only a client with AemuMemClient.retry gets it; nothing was
     * read or written.
     */
    AEMU_MEM_RETRY,
} AemuMemStatus;

/* Where one translated piece of a GPU address lands. */
typedef struct AemuXlate {
    bool vram;              /* VRAM offset, else bus (system) address */
    uint64_t addr;
    uint64_t len;           /* contiguous bytes from addr (>= 1) */
    /*
     * The translation reported a fault and sent the access elsewhere (the
     * default page): good for this access only, never cached, so the next
     * access reports again.
     */
    bool uncacheable;
} AemuXlate;

/*
 * A stream's translation cache (xlate_cache.c): the last range one engine
 * stream (a ring, an IB) translated for reading, with a host pointer to it
 * when it is directly addressable, so the stream translates a page once
 * and not every dword. It is valid while d->xlate_gen has not moved; the
 * memory controller moves it on everything that can change a translation
 * (see aemu_xlate_invalidate). Zero-initialised is empty.
 */
typedef struct AemuXlateCache {
    uint64_t gen;           /* d->xlate_gen when filled; 0: empty */
    unsigned vmid;
    uint64_t gpu;           /* GPU address the entry starts at */
    uint64_t host_len;      /* bytes from gpu host reaches; 0: no host */
    uint8_t *host;          /* host address of gpu */
    uint64_t len;           /* bytes from gpu that translate contiguously */
    AemuXlate x;            /* where gpu lands */
} AemuXlateCache;

/* Bus memory mapped for a cached read, released at the end of the slice. */
typedef struct AemuBusMap {
    uint64_t bus;
    uint64_t len;
    uint8_t *host;
} AemuBusMap;

/* Bus mappings a slice may hold (ring and IB pages being fetched). */
#define AEMU_BUS_MAPS_MAX 32u

/* A fault's requester, as VM_CONTEXT1_PROTECTION_FAULT_* report it. */
/*
 * The VM hub that translates a client's accesses. CIK has one VM; SOC15
 * has two with their own contexts and faults: the GFXHUB for the CP and
 * the RLC, the MMHUB for SDMA, the IH and multimedia (gmc_v9_0.c).
 */
typedef enum AemuHub {
    AEMU_HUB_GFX = 0,
    AEMU_HUB_MM,
} AemuHub;

typedef struct AemuMemClient {
    const char *name;       /* four ASCII chars, e.g. "CPF", "SDM0" */
    unsigned id;            /* MEMORY_CLIENT_ID */
    AemuHub hub;            /* which hub translates (ignored on CIK) */
    /*
     * gfx9's UTCL2 client id for [reads, writes], the CID of a fault's
     * VM_L2_PROTECTION_FAULT_STATUS (vega10_utcl2_cid.h).
     */
    unsigned utcl2_cid[2];
    /*
     * The client stalls and replays an access that gets AEMU_MEM_RETRY
     * (gfx9's shader memory with SH_MEM_CONFIG.RETRY_DISABLE clear; the
     * CP's and SDMA's queues, which replay the packet). A client without
     * it gets a retry fault reported as a no-retry one.
     */
    bool retry;
} AemuMemClient;

/*
 * An interrupt source's vector, the IH's input: the union of what the IV
 * formats carry. CIK's 16-byte entry (cik_ih_decode_iv) has src_id, 28 bits
 * of src_data[0], ring_id, vmid and the pasid from IH_VMID_LUT; SOC15's
 * 32-byte entry (vega10_ih_decode_iv) adds the client, four src_data
 * words, the hub the vmid belongs to, a pasid and a timestamp. Each IH
 * encodes the fields its format has.
 */
#define AEMU_IV_SRC_DATA_WORDS 4

typedef struct AemuIvEntry {
    uint8_t client_id;          /* SOC15 client (SOC15_IH_CLIENTID_*) */
    uint8_t src_id;
    uint32_t src_data[AEMU_IV_SRC_DATA_WORDS];
    uint8_t ring_id;
    uint8_t vmid;
    bool vmid_src;              /* SOC15: the vmid is MMHUB's, not GFXHUB's */
    uint16_t pasid;             /* SOC15: 0 = the IH's lookup table's */
    uint64_t timestamp;         /* SOC15: 0 = the IH's clock */
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
    /*
     * The engine states its modelled time itself (aemu_engine_latency):
     * its budget units are host work only and cost no modelled time.
     */
    bool self_timed;
    uint64_t timeline_ns;   /* virtual time the engine's work has reached */
    uint64_t busy_ns;       /* modelled busy time since reset */
    /*
     * Virtual time at which an idle engine wants to run again (a
     * firmware's timer: the scheduler's quantum); 0: none.
     */
    uint64_t wake_ns;
    /* Whose costs it pays (timing.h); blocks set it after registering. */
    AemuEngineClass cls;
    bool idle;              /* no work since its last turn: launch again */
    /*
     * A fence waits for the engine's timeline (aemu_engine_fence): the
     * virtual time it waits for, and whether the packet asked already.
     */
    uint64_t hold_ns;
    bool held;
};

/* Packets all engines together may execute in one slice. */
#define AEMU_SLICE_BUDGET 4096u
/* Gap between slices while engines still have work (virtual ns). */
#define AEMU_SLICE_NS 20000u


/* With timing on, engines run in steps of this many budget units. */
#define AEMU_TIMING_STEP 8u

typedef struct AemuSched {
    GPtrArray *engines;     /* AemuEngine *, in registration order */
    unsigned next;          /* round-robin start */
    uint64_t deadline;      /* armed timer deadline, UINT64_MAX if none */
    bool running;           /* inside aemu_sched_run */
    bool timing;            /* the cost table applies */
    AemuBytes bytes;        /* moved by engines, per path (timing.h) */
    unsigned overspend;     /* budget a packet used beyond what it was given */
    uint64_t latency_ns;    /* time the running engine waited on itself */
    AemuEngine *current;    /* the engine running a step, or NULL */
    uint64_t wake_ns;       /* the earliest engine wake-up (0: none) */
    /*
     * The slice's clock (timing on), and the running step's start: its
     * budget, what it was given, and the bytes moved before it, so that
     * aemu_engine_now() can price the step so far.
     */
    uint64_t now;
    /* The chip's per-opcode front-end cycles, by engine class (0: none). */
    uint16_t op_cycles[AEMU_ENGINE_CLASS_COUNT][AEMU_TIMING_OPCODES];
    const unsigned *step_left;
    unsigned step_size;
    AemuBytes step_bytes;
} AemuSched;

/* A doorbell listener: offset in bytes from the start of its range. */
typedef void AemuDoorbellFn(AemuDevice *d, void *opaque, uint64_t offset,
                            uint64_t value, unsigned size);

/* Doorbell ranges the router holds at once (an owner re-claims its own). */
#define AEMU_DOORBELL_MAX_RANGES 32

typedef struct AemuDoorbellRange {
    uint64_t first, len;        /* bytes in the doorbell BAR */
    AemuDoorbellFn *fn;
    void *opaque;
    const char *owner;          /* for traces */
} AemuDoorbellRange;

typedef struct AemuBlock {
    const AemuIpBlockFuncs *funcs;
    void *priv;
} AemuBlock;

struct AemuDevice {
    const AemuAsic *asic;
    AemuHostOps host;
    void *host_opaque;
    /* Per trace event, the host's state flag (diag.h: AEMU_TRACE). */
    const uint16_t *trace_state[AEMU_TRACE_NUM_EVENTS];
    /* The host's own flags; trace_state adds the timeline's events. */
    const uint16_t *trace_host[AEMU_TRACE_NUM_EVENTS];
    uint8_t *vram;
    uint64_t vram_size;
    AemuPciInfo pci;
    uint8_t *rom;
    size_t rom_size;

    /* The register file: [0, mmio_dwords), sized from the ASIC. */
    uint32_t mmio_dwords;
    uint32_t *regs;
    const AemuRegHandler **handlers;
    uint8_t *bank_kind;
    GHashTable *banked;         /* (dw << 32 | bank) -> value */

    /* The chip's blocks in ASIC order, and each kind's (or NULL). */
    AemuBlock *blocks;
    size_t num_blocks;
    AemuBlock *block_of[AEMU_BLOCK_COUNT];

    AemuSched sched;
    /* Units held in soft reset (status.c). */
    uint32_t units_held;

    /* Set by the memory controller block: GPU address -> VRAM or bus. */
    AemuMemStatus (*translate)(AemuDevice *d, unsigned vmid, uint64_t addr,
                               bool write, const AemuMemClient *client,
                               AemuXlate *out);
    /* Set by the interrupt handler block. */
    void (*ih_submit)(AemuDevice *d, const AemuIvEntry *iv);
    /* The doorbell router (doorbell.c). */
    AemuDoorbellRange doorbells[AEMU_DOORBELL_MAX_RANGES];
    unsigned num_doorbells;

    AemuAccessHook hook;
    void *hook_opaque;

    /* Recording (record.c): NULL when off. */
    struct AemuRecorder *rec;
    /* Engine timeline (timeline.c): NULL when off. */
    struct AemuTimeline *timeline;
    /* Replay: VRAM reads come from here instead of VRAM when set. */
    AemuVramReadFn vram_read_source;
    void *vram_read_opaque;

    /*
     * A reset the device itself asked for (the PSP's MODE1) from inside a
     * slice: an engine's packet wrote the command, so the engines must
     * not be reset under their feet; the slice's end performs it.
     */
    bool reset_pending;
    AemuResetKind reset_pending_kind;

    /* The shader processor (shader_dispatch.c), if the chip's CP has one. */
    struct AemuShProcessor *shader;

    /* Translation caches are valid while this has not moved (from 1). */
    uint64_t xlate_gen;
    /*
     * What the VM means changed (a TLB flush, a VM or aperture register, a
     * reset; from 1): moves with xlate_gen, but not when the caches drop
     * only their bus mappings or for the fault-handling registers. The
     * memory controller's record of the retry faults it posted is valid
     * while this has not moved.
     */
    uint64_t vm_gen;
    /*
     * The client whose access got AEMU_MEM_RETRY last in this engine step
     * (cleared before each step): a queue's memory-fault path replays the
     * packet instead of stopping when it was its own client.
     */
    const AemuMemClient *mem_retry;
    /* Bus memory held mapped by translation caches (xlate_cache.c). */
    AemuBusMap bus_maps[AEMU_BUS_MAPS_MAX];
    unsigned num_bus_maps;
    /*
     * Faults armed by aemu_inject (inject.c), each cleared when it fires:
     * the queue to hang at its next packet, the queue whose next fence is
     * corrupted (and how many fences in a row), IVs still to drop, VRAM to
     * lose at the next reset, a reset to fail; dead: a failed reset left
     * the device off the bus until the next one.
     */
    struct AemuInjectState {
        struct AemuRing *hang;
        struct AemuRing *corrupt_fence;
        uint32_t corrupt_fences;
        uint32_t drop_irqs;
        bool vram_lost;
        bool reset_fail;
        bool dead;
        uint32_t delay_irq_us;
    } inject;
    /*
     * An IV an injected delay holds back, and the engine that posts it when
     * its time comes (kept apart from the armed faults, which a cold reset
     * clears wholesale: the engine stays registered).
     */
    struct AemuInjectDelay {
        AemuEngine engine;
        AemuIvEntry iv;
        bool pending;
    } inject_delay;
};

/*
 * Registry of ASICs (asic_*.c). The ones in device.c's asics[] are the
 * chips a user can ask for; a chip still being built is described here
 * too, so the unit tests can create it (aemu_device_new_asic), and joins
 * asics[] once the driver probes it (Vega10 and Topaz did).
 */
extern const AemuAsic aemu_asic_hawaii;
extern const AemuAsic aemu_asic_vega10;
extern const AemuAsic aemu_asic_rs780;
extern const AemuAsic aemu_asic_topaz;

/*
 * Create a device of a given chip description (cfg->asic is not looked
 * up). For tests of chips not yet in the user-visible list.
 */
AemuDevice *aemu_device_new_asic(const AemuAsic *a, const AemuConfig *cfg,
                                 const AemuHostOps *ops, void *host_opaque,
                                 uint8_t *vram, char **errmsg);

/*
 * A whole-device reset the device performs itself (not recorded: the
 * access that asked for it is), deferred to the end of the slice when an
 * engine is running; aemu_device_reset_pending performs a deferred one.
 */
void aemu_device_reset_internal(AemuDevice *d, AemuResetKind kind);
void aemu_device_reset_pending(AemuDevice *d);

/* Register file (regfile.c). */
void aemu_regfile_init(AemuDevice *d);
void aemu_reg_claim(AemuDevice *d, uint32_t dw, const AemuRegHandler *h);
void aemu_reg_claim_range(AemuDevice *d, uint32_t first, uint32_t last,
                          const AemuRegHandler *h);
void aemu_reg_bank(AemuDevice *d, uint32_t first, uint32_t last,
                   AemuBankKind kind);
/* Full dispatch, as a guest or an engine (SET_*_REG, SRBM_WRITE) sees it. */
uint32_t aemu_reg_read(AemuDevice *d, uint32_t dw);
void aemu_reg_write(AemuDevice *d, uint32_t dw, uint32_t value);
/*
 * The common case of aemu_reg_write, inline: most registers a packet
 * writes (SET_*_REG) are plain latches, unclaimed and unbanked, and
 * storing to one has no other effect. False (nothing stored) when dw needs
 * the full aemu_reg_write.
 */
static inline bool aemu_reg_write_plain(AemuDevice *d, uint32_t dw,
                                        uint32_t value)
{
    if (G_LIKELY(dw < d->mmio_dwords && !d->handlers[dw] &&
                 d->bank_kind[dw] == AEMU_BANK_NONE)) {
        d->regs[dw] = value;
        return true;
    }
    return false;
}
/* The latch behind a register in the currently selected bank. */
uint32_t aemu_reg_get(AemuDevice *d, uint32_t dw);
/*
 * The value a narrow guest write merges its bytes into: the handler's latch
 * hook if it has one, else aemu_reg_get. Never a read's side effects.
 */
uint32_t aemu_reg_latch(AemuDevice *d, uint32_t dw);
void aemu_reg_set(AemuDevice *d, uint32_t dw, uint32_t value);
/*
 * The latch behind a banked register in an explicit bank, whatever the
 * driver selected last: an engine reads its own queue's registers.
 * Unbanked registers have one latch, which these reach too.
 */
uint32_t aemu_reg_queue_bank(unsigned me, unsigned pipe, unsigned queue);
/* The ME/pipe/queue the bank selector names now. */
void aemu_reg_selected_queue(AemuDevice *d, unsigned *me, unsigned *pipe,
                             unsigned *queue);
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
 * The GPU clock counter (RLC_GPU_CLOCK_COUNT, the CP's and SDMA's global
 * timestamps): the reference clock's ticks on the virtual clock
 * (cp_pm4.c).
 */
uint64_t aemu_cp_gpu_clock(AemuDevice *d);

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
/* The device wrote VRAM at [offset, offset + len): tell the host. */
static inline void aemu_vram_dirty(AemuDevice *d, uint64_t offset,
                                   uint64_t len)
{
    if (d->host.vram_dirty) {
        d->host.vram_dirty(d->host_opaque, offset, len);
    }
}

/* Untranslated access to VRAM or bus memory. */
AemuMemStatus aemu_phys_access(AemuDevice *d, const AemuXlate *x, void *buf,
                               size_t len, bool write);
/* Report a failed aemu_phys_access of the piece x of gpu_addr. */
void aemu_mem_bus_error(AemuDevice *d, const AemuMemClient *client,
                        const AemuXlate *x, uint64_t gpu_addr);

/*
 * Translation caches and direct access (xlate_cache.c): the fast paths of
 * the GPU memory service, with the results of the exact one.
 *
 * Exact mode: while recording or replaying, every VRAM read and bus read
 * is an input of the trace, page-table reads included, so the caches stay
 * empty and every access takes the translated path, as recorded.
 */
static inline bool aemu_mem_exact(const AemuDevice *d)
{
    return d->rec || d->vram_read_source;
}

/*
 * Something that can change a translation happened (a TLB flush, a VM or
 * aperture register write, a reset): every cached translation is stale,
 * and the VM has changed (d->vm_gen).
 */
void aemu_xlate_invalidate(AemuDevice *d);
/*
 * Every cached translation is dropped, the VM itself unchanged (a bus
 * mapping released, a register only faults depend on).
 */
void aemu_xlate_drop_caches(AemuDevice *d);
/* Unmap the bus memory caches hold; end of a slice, reset, mode change. */
void aemu_xlate_release(AemuDevice *d);

const uint8_t *aemu_xlate_fill_direct(AemuDevice *d, AemuXlateCache *c,
                                      unsigned vmid, uint64_t addr,
                                      uint64_t *avail,
                                      const AemuMemClient *client,
                                      AemuMemStatus *st);

/*
 * A host pointer to the bytes a stream reads at addr, and in *avail how
 * many follow contiguously, translating (and caching) on a miss. NULL with
 * *st AEMU_MEM_OK: not directly readable (exact mode, bus memory the host
 * does not map, VRAM out of range, a fault sent to the default page):
 * read these bytes with aemu_gpu_read_cached, which uses the translation
 * just made. NULL otherwise: the translation faulted and has been
 * reported. The caller counts what it read with aemu_xlate_count.
 */
static inline const uint8_t *aemu_gpu_read_direct(AemuDevice *d,
                                                  AemuXlateCache *c,
                                                  unsigned vmid,
                                                  uint64_t addr,
                                                  uint64_t *avail,
                                                  const AemuMemClient *client,
                                                  AemuMemStatus *st)
{
    uint64_t off = addr - c->gpu;

    if (G_LIKELY(c->gen == d->xlate_gen && c->vmid == vmid &&
                 off < c->host_len)) {
        *avail = c->host_len - off;
        return c->host + off;
    }
    return aemu_xlate_fill_direct(d, c, vmid, addr, avail, client, st);
}

/* Bytes read through a pointer from c, for the timing model. */
static inline void aemu_xlate_count(AemuDevice *d, const AemuXlateCache *c,
                                    uint64_t bytes)
{
    d->sched.bytes.n[aemu_path(c->x.vram, false)] += bytes;
}

/* As aemu_gpu_read, translating through (and filling) c. */
AemuMemStatus aemu_gpu_read_cached(AemuDevice *d, AemuXlateCache *c,
                                   unsigned vmid, uint64_t addr, void *buf,
                                   size_t len, const AemuMemClient *client);

/* Which side of a copy failed (the GMC or the bus has reported it). */
typedef enum AemuCopyResult {
    AEMU_COPY_OK,
    AEMU_COPY_SRC_FAILED,
    AEMU_COPY_DST_FAILED,
} AemuCopyResult;

/* The longest copy aemu_gpu_copy takes in one call. */
#define AEMU_COPY_MAX_BYTES (64u * 1024u)

/*
 * One chunk of an engine's copy: as aemu_gpu_read of the source into
 * bounce (len bytes, at most AEMU_COPY_MAX_BYTES) followed by
 * aemu_gpu_write of it to the destination, with the same faults, bus
 * errors, bytes counted and data, overlap included; but pointer to pointer
 * when both sides are directly addressable, without touching bounce.
 */
AemuCopyResult aemu_gpu_copy(AemuDevice *d, unsigned vmid, uint64_t dst,
                             uint64_t src, size_t len, void *bounce,
                             const AemuMemClient *client);

/*
 * A memory semaphore (the CP's MEM_SEMAPHORE, the SDMA's SEMAPHORE): a
 * 64-bit count at an 8-byte aligned address. Signal increments it (or sets
 * it to 1); wait takes one once it is non-zero (inferred semantics).
 */
typedef enum AemuSemResult {
    AEMU_SEM_DONE,
    AEMU_SEM_RETRY,         /* wait on a zero count: poll again later */
    AEMU_SEM_FAULT,         /* the access faulted (already reported) */
} AemuSemResult;

AemuSemResult aemu_mem_semaphore(AemuDevice *d, unsigned vmid, uint64_t addr,
                                 bool signal, bool set_one,
                                 const AemuMemClient *client);

/* Engines (sched.c). */
void aemu_sched_init(AemuDevice *d);
void aemu_sched_fini(AemuDevice *d);
void aemu_engine_register(AemuDevice *d, AemuEngine *e);
unsigned aemu_engine_count(const AemuDevice *d);
AemuEngine *aemu_engine_at(const AemuDevice *d, unsigned i);
/* The engine called name (tests and benchmarks), or NULL. */
AemuEngine *aemu_engine_find(const AemuDevice *d, const char *name);
void aemu_engine_kick(AemuDevice *d, AemuEngine *e);
/*
 * Make e runnable at virtual time ns (the device clock); a kick before
 * then runs it sooner and the wake-up still comes. An earlier wake-up
 * replaces a later one.
 */
void aemu_engine_wake_at(AemuDevice *d, AemuEngine *e, uint64_t ns);
/* The device's virtual clock, in ns. */
uint64_t aemu_clock_ns(AemuDevice *d);
void aemu_sched_run(AemuDevice *d);
void aemu_sched_reset(AemuDevice *d);
/*
 * The running engine's work takes ns more of modelled time that is not
 * host work (a firmware's own latency): it moves the engine's timeline
 * (with timing on) without spending the slice's shared budget, which
 * would starve the other engines of host time they are owed.
 */
static inline void aemu_engine_latency(AemuDevice *d, uint64_t ns)
{
    if (d->sched.timing) {
        d->sched.latency_ns += ns;
    }
}

/*
 * The running engine's modelled time so far: its timeline at the step's
 * start, the packets and bytes of the step until now, and the latency the
 * step has stated. 0 outside a step or with timing off.
 */
uint64_t aemu_engine_now(const AemuDevice *d);

/*
 * The running engine waited for another engine's work that ended at
 * modelled time ns (a queue behind its dispatch's waves): its own
 * timeline cannot be earlier.
 */
void aemu_engine_wait_until(AemuDevice *d, uint64_t ns);

/*
 * What a packet costs beyond a budget unit, from the chip's tables
 * (timing.h): its opcode's front-end cycles, an IB's fetch, a register
 * read by the engine. No-ops with timing off.
 */
void aemu_engine_packet(AemuDevice *d, uint8_t opcode);
void aemu_engine_ib(AemuDevice *d);
void aemu_engine_reg_read(AemuDevice *d);

/*
 * A packet that makes work visible to the CPU (a fence write, an
 * interrupt) costs the engine's fence latency (and the interrupt's, if
 * irq) and happens at the engine's modelled time, not the up to a slice
 * earlier at which the engine may be running: true while the packet must
 * wait (its handler returns AEMU_STEP_RETRY without doing anything; the
 * scheduler runs the engine again at that time).
 */
bool aemu_engine_fence(AemuDevice *d, bool irq);

/*
 * The running engine fetched its held fence packet again (its time has
 * come): the packet was traced the first time, so it is not again.
 */
static inline bool aemu_engine_refetch(const AemuDevice *d)
{
    return d->sched.current && d->sched.current->held;
}

/* Recording hooks (record.c); no-ops when not recording. */
/* The device state was loaded from buf: a replay loads it there too. */
void aemu_rec_state_loaded(AemuDevice *d, const void *buf, size_t len);
void aemu_rec_monitor(AemuDevice *d, bool connected, const uint8_t *edid,
                      size_t len);
/* Record the display connector's monitor as it is (none without DCE). */
void aemu_display_record_monitor(AemuDevice *d);
void aemu_rec_access(AemuDevice *d, const AemuAccess *a);
void aemu_rec_event(AemuDevice *d, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void aemu_rec_vram_read(AemuDevice *d, uint64_t offset, const void *buf,
                        size_t len);

/* Read VRAM as the device does (recorded; served by a replay source). */
void aemu_vram_read(AemuDevice *d, uint64_t offset, void *buf, size_t len);

/* Post an interrupt through the interrupt handler ring (irq.c). */
void aemu_irq_post(AemuDevice *d, const AemuIvEntry *iv);

/*
 * The doorbell router (doorbell.c): a block claims the bytes
 * [first, first + len) of the doorbell BAR for fn; a write goes to the
 * latest claim covering it; a later claim with the same fn and opaque
 * moves that owner's range (SOC15 moves ranges with NBIO registers).
 * Writes no range covers are dropped, as on hardware.
 */
void aemu_doorbell_claim(AemuDevice *d, uint64_t first, uint64_t len,
                         AemuDoorbellFn *fn, void *opaque, const char *owner);
void aemu_doorbell_release(AemuDevice *d, AemuDoorbellFn *fn, void *opaque);
/*
 * The same for the whole BAR as the earliest claim, so that every other
 * claim, earlier or later, wins over it: the owner of what no other
 * engine takes (SOC15's CP, doorbell.c).
 */
void aemu_doorbell_claim_fallback(AemuDevice *d, AemuDoorbellFn *fn,
                                  void *opaque, const char *owner);
/* Deliver a guest's doorbell write to the owner of its range. */
void aemu_doorbell_route(AemuDevice *d, uint64_t offset, uint64_t value,
                         unsigned size);

/*
 * The MM_INDEX / MM_INDEX_HI / MM_DATA window every bus interface has
 * (mm_window.c): the chip's block names the three registers and calls
 * these from its MM_DATA handlers.
 */
typedef struct AemuMmWindow {
    uint32_t index_dw, index_hi_dw, data_dw;
} AemuMmWindow;

uint32_t aemu_mm_window_read(AemuDevice *d, const AemuMmWindow *w);
void aemu_mm_window_write(AemuDevice *d, const AemuMmWindow *w,
                          uint32_t value);
uint32_t aemu_mm_window_latch(AemuDevice *d, const AemuMmWindow *w);

/*
 * SOC15's SMN space, as PCIE_INDEX2/PCIE_DATA2 reach it (nbio_v6_1.c):
 * a block sets a register it owns there. The NBIO clears the space at
 * reset before the blocks after it run theirs.
 */
void aemu_smn_write(AemuDevice *d, uint32_t addr, uint32_t value);

/* The shared reset and status registers (status.c). */
void aemu_status_init(AemuDevice *d);
/* The units the blocks report busy. */
uint32_t aemu_units_busy(AemuDevice *d);
/* Any of units is held in soft reset. */
static inline bool aemu_units_held(const AemuDevice *d, uint32_t units)
{
    return (d->units_held & units) != 0;
}

/* IP blocks. */
extern const AemuIpBlockFuncs aemu_bif_v4_funcs;
extern const AemuIpBlockFuncs aemu_nbio_v6_1_funcs;
extern const AemuIpBlockFuncs aemu_smc_ci_funcs;
extern const AemuIpBlockFuncs aemu_smc_iceland_funcs;
extern const AemuIpBlockFuncs aemu_gmc_v7_funcs;
extern const AemuIpBlockFuncs aemu_gmc_v9_funcs;
extern const AemuIpBlockFuncs aemu_gfx_v7_funcs;
extern const AemuIpBlockFuncs aemu_gfx_v8_funcs;
extern const AemuIpBlockFuncs aemu_gfx_v8_cp_funcs;
extern const AemuIpBlockFuncs aemu_gfx_v9_funcs;
extern const AemuIpBlockFuncs aemu_gfx_v9_cp_funcs;
extern const AemuIpBlockFuncs aemu_ih_cik_funcs;
extern const AemuIpBlockFuncs aemu_mc_rs780_funcs;
extern const AemuIpBlockFuncs aemu_clk_rs780_funcs;
extern const AemuIpBlockFuncs aemu_cp_r600_funcs;
extern const AemuIpBlockFuncs aemu_ih_iceland_funcs;
extern const AemuIpBlockFuncs aemu_ih_vega10_funcs;
extern const AemuIpBlockFuncs aemu_gfx_v7_cp_funcs;
extern const AemuIpBlockFuncs aemu_sdma_cik_funcs;
extern const AemuIpBlockFuncs aemu_sdma_v2_4_funcs;
extern const AemuIpBlockFuncs aemu_dce_v8_funcs;
extern const AemuIpBlockFuncs aemu_sdma_v4_0_funcs;
extern const AemuIpBlockFuncs aemu_psp_v3_1_funcs;
extern const AemuIpBlockFuncs aemu_smu_v9_0_funcs;
extern const AemuIpBlockFuncs aemu_uvd_v4_2_funcs;
extern const AemuIpBlockFuncs aemu_vce_v2_0_funcs;

/*
 * For tests: the video engines' sessions open, messages (UVD) or session
 * IBs (VCE) taken, and jobs refused (they have no codec).
 */
void aemu_uvd_v4_2_counts(AemuDevice *d, unsigned *open, uint64_t *messages,
                          uint64_t *refused);
void aemu_vce_v2_0_counts(AemuDevice *d, unsigned *open, uint64_t *ibs,
                          uint64_t *refused);

#endif
