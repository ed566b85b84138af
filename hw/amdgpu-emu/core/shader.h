/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the shader processor (SPI + SQ), its two halves and the
 * contract between them.
 *
 *  - The dispatch front end (shader_dispatch.c): a DISPATCH_* packet
 *    snapshots its queue's COMPUTE_* state into a dispatch, which splits
 *    into workgroups and those into wave64s with their initial registers
 *    (RSRC2 enables, user data, work-item ids), runs them as one engine on
 *    the scheduler's budget, releases barriers, and tells the queue when
 *    the dispatch is done.
 *  - The interpreter (shader_decode.c, shader_wave.c, shader_alu.c,
 *    shader_mem.c): one wave's instructions, decoded from the
 *    generation's generated encoding tables (shader_isa_*.c), with the
 *    semantics written once for gfx7 and gfx9.
 *
 * The interpreter sees a wave (AemuWave) and the dispatch context it
 * belongs to (AemuShContext); it never sees the CP.
 */
#ifndef AMDGPU_EMU_SHADER_H
#define AMDGPU_EMU_SHADER_H

#include "aemu-internal.h"

/* The instruction-set generations the interpreter speaks. */
typedef enum AemuShGen {
    AEMU_SH_GFX7,           /* Sea Islands (Hawaii) */
    AEMU_SH_GFX9,           /* Vega */
} AemuShGen;

#define AEMU_WAVE_LANES         64u
/*
 * Every wave gets the largest register file, whatever RSRC1 asks, so any
 * register number a shader encodes stays inside host memory; RSRC1's
 * counts are kept for s_getreg and occupancy (shader-execution.md 4.2).
 */
#define AEMU_WAVE_MAX_SGPRS     104u
#define AEMU_WAVE_MAX_VGPRS     256u
/* A workgroup's LDS (64 KiB per CU and per group before gfx10). */
#define AEMU_SH_LDS_MAX         (64u * 1024u)
/* Threads in a workgroup (NUM_THREAD_X * Y * Z). */
#define AEMU_SH_MAX_GROUP_THREADS 1024u
#define AEMU_SH_MAX_GROUP_WAVES \
    (AEMU_SH_MAX_GROUP_THREADS / AEMU_WAVE_LANES)

/*
 * What every wave of one dispatch shares: where its memory is, and what
 * the queue and VMID gave it. Filled by the dispatch front end from its
 * snapshot; read-only to the interpreter (except the decode cache).
 */
typedef struct AemuShContext {
    AemuShGen gen;
    unsigned vmid;              /* the dispatching queue's VMID */
    AemuMemClient client;       /* shader memory (instruction, SMEM, VMEM) */
    /*
     * FLAT apertures of this VMID (gfx7: SH_MEM_BASES; gfx9: the same
     * register's SHARED_BASE/PRIVATE_BASE): the top 16 bits of the
     * 64-bit address ranges that mean LDS and scratch; 0 = none.
     */
    uint16_t shared_base, private_base;
    /*
     * Scratch (private memory): the bytes of each wave's slot,
     * COMPUTE_TMPRING_SIZE.WAVESIZE in bytes; 0 = no scratch ring (the
     * dispatch has none, or did not enable it). Where the ring is, the
     * shader says itself: the scratch V# (MUBUF) or FLAT_SCRATCH (gfx9
     * SCRATCH_* and FLAT to the private aperture), built from user SGPRs.
     */
    uint32_t scratch_wave_bytes;
    /* RSRC2.TRAP_PRESENT: a trap handler is installed (STATUS.TRAP_EN). */
    bool trap_present;
    /*
     * Conditions the dispatch reports once rather than per wave or per
     * access (AEMU_SH_ONCE_*): set by the interpreter; NULL reports each.
     */
    uint32_t *reported;
    /* The interpreter's decode cache for this dispatch (its own type). */
    void *decode_cache;
} AemuShContext;

/* What AemuShContext.reported remembers (one bit each). */
#define AEMU_SH_ONCE_NO_SCRATCH     (1u << 0)   /* scratch access, no ring */
#define AEMU_SH_ONCE_SCRATCH_RANGE  (1u << 1)   /* beyond the wave's slot */
#define AEMU_SH_ONCE_TRAP           (1u << 2)   /* s_trap not taken */

/* Where a wave is. */
typedef enum AemuWaveState {
    AEMU_WAVE_READY,            /* can execute */
    AEMU_WAVE_BARRIER,          /* at s_barrier: waits for its group */
    AEMU_WAVE_ENDED,            /* s_endpgm */
    /*
     * Waiting on a retry fault (XNACK): a memory access of the instruction
     * at PC got AEMU_MEM_RETRY, so the instruction changed no register and
     * is replayed whole on the wave's next turn (the dispatch gives it one
     * a slice), until its accesses translate or fault without retry.
     */
    AEMU_WAVE_XNACK,
    /*
     * Stopped for good: an instruction the model does not implement, an
     * illegal encoding, a branch out of mapped code, s_sethalt and
     * s_sendmsghalt, s_trap into a trap handler (not modelled).
     * AemuWave.halt_reason says which; the dispatch reports the queue hung.
     */
    AEMU_WAVE_HALTED,
} AemuWaveState;

typedef struct AemuWave {
    const AemuShContext *ctx;
    AemuWaveState state;
    const char *halt_reason;    /* static text, or AemuWave.halt_text */
    uint64_t pc;                /* byte address of the next instruction */
    uint64_t exec, vcc;
    uint32_t m0;
    bool scc;
    uint32_t mode;              /* SQ_WAVE_MODE */
    uint32_t status;            /* SQ_WAVE_STATUS bits besides SCC */
    uint32_t trapsts;
    uint32_t hw_id;             /* SQ_WAVE_HW_ID for s_getreg */
    uint64_t flat_scratch;
    uint32_t ttmp[12];
    uint32_t sgpr[AEMU_WAVE_MAX_SGPRS];
    /* Register-major: vgpr[r][lane], so lanes vectorise. */
    uint32_t (*vgpr)[AEMU_WAVE_LANES];
    /* The counts RSRC1 allocated (s_getreg GPR_ALLOC, bounds for traces). */
    unsigned num_sgprs, num_vgprs;
    /* The workgroup's LDS, shared by its waves. */
    uint8_t *lds;
    uint32_t lds_size;
    /* Which wave of its group, and how many the group has. */
    unsigned wave_in_group, waves_in_group;
    /*
     * This wave's scratch slot, below TMPRING_SIZE.WAVES: the SPI's
     * private segment wave offset SGPR is slot * scratch_wave_bytes.
     */
    unsigned scratch_slot;
    /* Statistics and the timing model: instructions and their cycles. */
    uint64_t insts;
    uint64_t cycles;
    /*
     * A yield (s_sleep, a retry fault) that ends aemu_wave_run early so
     * the other waves get their turn.
     */
    bool yield;
    /*
     * From here on, what aemu_wave_reinit need not zero (a wave's
     * architectural state is all above): the interpreter's cache of EXEC
     * expanded to a word per lane (shader_interp.h), valid while
     * lanes_valid and lanes_exec == exec, which holds for whatever EXEC
     * the next wave starts with; and the halt text, read only through
     * halt_reason.
     */
    uint64_t lanes_exec;
    bool lanes_valid;
    uint32_t lanes[AEMU_WAVE_LANES];
    char halt_text[96];
} AemuWave;

/* Allocate a wave's VGPR file (zeroed) and free it. */
void aemu_wave_init(AemuWave *w, const AemuShContext *ctx);
void aemu_wave_fini(AemuWave *w);
/*
 * A new wave in w on the VGPR file the last one left (of aemu_wave_init):
 * its state zeroed as aemu_wave_init does, but of the VGPRs only the first
 * zero_rows and the few after them that a register tuple starting inside
 * reaches (the whole file is 64 KiB of zeroing a wave).
 */
void aemu_wave_reinit(AemuWave *w, const AemuShContext *ctx,
                      unsigned zero_rows);

/*
 * Execute up to *budget instructions of w (decrementing *budget by one per
 * instruction) while it is READY, a wave in XNACK first replaying the
 * instruction it waits on; return its state. A wave that stops (ENDED,
 * BARRIER, HALTED, XNACK) returns at once with the budget left. Memory
 * faults are reported by the GMC (the access reads zeros / writes
 * nothing, as with the default page) and do not stop the wave; a retry
 * fault (a client with AemuMemClient.retry, a context that retries) puts
 * it in XNACK at the instruction, which counts as executed.
 */
AemuWaveState aemu_wave_run(AemuDevice *d, AemuWave *w, unsigned *budget);

/* The decode cache of a dispatch: created with it, freed after. */
void *aemu_sh_decode_cache_new(void);
void aemu_sh_decode_cache_free(void *cache);

/*
 * The dispatch front end (shader_dispatch.c), for the CP. A queue's
 * COMPUTE_* state (the SH window 0x200..0x24F, shader-execution.md 4.3),
 * kept per queue as each HQD and the gfx pipe keep it.
 */
#define AEMU_SH_COMPUTE_FIRST   0x200u      /* SH offset of DISPATCH_INITIATOR */
#define AEMU_SH_COMPUTE_COUNT   0x50u       /* ... through USER_DATA_15 */

typedef struct AemuShComputeState {
    uint32_t reg[AEMU_SH_COMPUTE_COUNT];
} AemuShComputeState;

typedef struct AemuShDispatch AemuShDispatch;
typedef struct AemuShProcessor AemuShProcessor;

/* What a DISPATCH_* packet hands over. */
typedef struct AemuShDispatchArgs {
    const char *queue;                  /* for traces and errors */
    /*
     * The queue's engine, which waits at the dispatch packet: woken at the
     * last wave's modelled time, not a slice later as a poll would be.
     */
    AemuEngine *waiter;
    const AemuShComputeState *compute;  /* the queue's COMPUTE_* state */
    uint32_t dim[3];                    /* DIM_X/Y/Z as the packet gives them */
    uint32_t initiator;                 /* COMPUTE_DISPATCH_INITIATOR */
    unsigned vmid;
    AemuMemClient client;               /* the shaders' memory client */
    uint32_t sh_mem_bases_dw;           /* SH_MEM_BASES, banked per VMID */
    /*
     * SH_MEM_CONFIG (banked per VMID) and its RETRY_DISABLE bit (0: the
     * generation has no XNACK, gfx7): with the bit clear the waves replay
     * accesses that get retry faults (AemuMemClient.retry).
     */
    uint32_t sh_mem_config_dw, sh_mem_retry_disable;
} AemuShDispatchArgs;

/*
 * Start a dispatch: NULL when there is nothing to run (no shader enabled,
 * no group, or a group the hardware would not take: reported). The caller
 * holds one reference: it polls aemu_sh_dispatch_done and drops it with
 * aemu_sh_dispatch_unref (cancel: the queue was reset under it).
 */
AemuShDispatch *aemu_sh_dispatch_start(AemuDevice *d,
                                       const AemuShDispatchArgs *a);
bool aemu_sh_dispatch_done(const AemuShDispatch *ds);
/* The SPI's modelled time when the last wave ended (timing on; else 0). */
uint64_t aemu_sh_dispatch_done_ns(const AemuShDispatch *ds);
void aemu_sh_dispatch_unref(AemuShDispatch *ds, bool cancel);

/*
 * The SQ interrupt of a wave's s_sendmsg(MSG_INTERRUPT): data is M0, the
 * chip's CP encodes it in its IV format (gfx_v7_cp.c, gfx_v9_cp.c).
 */
typedef void AemuShSqIrqFn(AemuDevice *d, const AemuWave *w, uint32_t data);

/*
 * The processor of a chip with a CP (the CP block creates it, with the
 * chip's SQ interrupt; NULL: none is posted).
 */
void aemu_sh_processor_init(AemuDevice *d, AemuShGen gen,
                            AemuShSqIrqFn *sq_irq);
/* Post w's SQ interrupt with data (a no-op without a processor). */
void aemu_sh_sq_interrupt(AemuDevice *d, const AemuWave *w, uint32_t data);
void aemu_sh_processor_reset(AemuDevice *d);
void aemu_sh_processor_fini(AemuDevice *d);
/* Dispatches are queued or running (their waves cannot be saved). */
bool aemu_sh_processor_busy(const AemuShProcessor *sp);

/*
 * SQ_CMD's KILL broadcast: every wave in flight (of VMID vmid when
 * check_vmid) ends where it is, a halted one too, and so do the groups
 * the chip's other CUs would have been running (one each); the dispatch
 * goes on with its next group, or is done. amdgpu's soft recovery of a
 * hung ring and KFD's wave reset use it. Returns the waves and groups
 * ended.
 */
unsigned aemu_sh_kill_waves(AemuDevice *d, bool check_vmid, unsigned vmid);

/*
 * SQ_CMD's commands and modes (the SQ_IND_CMD_CMD_* / SQ_IND_CMD_MODE_*
 * values of the kernel's soc21_enum.h and kfd_device_queue_manager.c, the
 * same from gfx7 on).
 */
#define SQ_IND_CMD_CMD_KILL             3u
#define SQ_IND_CMD_MODE_BROADCAST       1u
/* A command written to SQ_CMD, its fields decoded. */
void aemu_sh_sq_cmd(AemuDevice *d, unsigned cmd, unsigned mode,
                    bool check_vmid, unsigned vmid);
/* The SQ_CMD register (the same fields on gfx7 and gfx9), for the gfx
 * blocks to claim. */
extern const AemuRegHandler aemu_sh_sq_cmd_handler;

#endif
