/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the dispatch front end of the shader processor (the
 * SPI's part): a dispatch's workgroups, their waves and initial state, run
 * as one engine on the scheduler.
 *
 * A DISPATCH_* packet (cp_dispatch.c) hands over a snapshot of its queue's
 * COMPUTE_* registers (shader-execution.md 6.2: later SET_SH_REG writes
 * must not reach a running dispatch), the group counts and the initiator.
 * The processor walks the groups in x-fastest order, one workgroup
 * resident at a time (a deterministic order, so recordings replay; no API
 * orders groups), and gives each group its waves:
 *  - threads t = x + NX * (y + NY * z), wave w holding t in [64w, 64w+63],
 *    EXEC the lanes that hold threads (a partial last wave);
 *  - SGPRs from s0: RSRC2.USER_SGPR user data, then the enabled system
 *    SGPRs: workgroup id X, Y, Z, workgroup info (first wave in bit 31,
 *    the wave's index in bits 11:6, the group's wave count in bits 5:0),
 *    the private segment (scratch) wave offset;
 *  - VGPRs: v0 the work-item id X, v1 Y and v2 Z as RSRC2.TIDIG_COMP_CNT
 *    asks; the rest of the wave's allocation (RSRC1.VGPRS) zero. A wave
 *    slot's VGPR file lives as long as its dispatch, so rows beyond the
 *    allocation, which a shader can only reach by naming registers it did
 *    not allocate, hold what the slot's last wave of the same dispatch
 *    left (the hardware leaves them undefined) and never another
 *    dispatch's data;
 *  - MODE from RSRC1 (FLOAT_MODE, DX10_CLAMP, IEEE_MODE), STATUS.TRAP_EN
 *    from RSRC2.TRAP_PRESENT, the group's LDS (RSRC2.LDS_SIZE) zeroed, the
 *    queue's VMID and its FLAT apertures.
 * Scratch (RSRC2.SCRATCH_EN): COMPUTE_TMPRING_SIZE gives the ring's slots
 * (WAVES) and each slot's size (WAVESIZE, 1 KiB units on gfx7 and gfx9);
 * the SPI hands each wave a free slot and puts slot * slot size in the
 * wave offset SGPR, which the shader adds to the ring's address (the
 * scratch V# or FLAT_SCRATCH it builds from its user SGPRs). With one
 * group resident at a time, a wave's slot is its index in the group,
 * modulo WAVES (a group of more waves than WAVES, which the hardware would
 * serialise, is reported: its waves share slots). SCRATCH_EN with a
 * TMPRING_SIZE of 0 is reported and runs without a ring: the waves'
 * offsets are 0 and their SCRATCH/FLAT private accesses read 0 and write
 * nothing (shader_flat.c); MUBUF follows its V#, as the hardware does.
 * Waves run round-robin, a quantum each, from the engine's budget of wave
 * instructions, so a shader that never ends never holds the host; a group
 * whose waves all wait at s_barrier (or have ended) is released; the
 * dispatch is done when its last group's waves have all ended, and the
 * queue that issued it then goes on (Model A of shader-execution.md 6.5:
 * the queue does not fetch past a running dispatch).
 *
 * A wave that halts (an instruction the model lacks, an illegal one) stops
 * its dispatch: the queue stays busy at the DISPATCH packet, as a GPU whose
 * shader hung, until the driver resets the queue or kills the waves
 * (SQ_CMD KILL, aemu_sh_kill_waves: amdgpu's soft recovery), which ends
 * the group and the groups the hardware would have had in flight on the
 * chip's other CUs at the time; the dispatch goes on with the rest.
 *
 * Retry faults (XNACK, gfx9 with SH_MEM_CONFIG.RETRY_DISABLE clear): a
 * wave whose access got one waits at the instruction (AEMU_WAVE_XNACK)
 * while its group's other waves go on, and replays it once a slice until
 * the driver has fixed the page table (the access translates) or marked
 * the page no-retry (it faults as without XNACK, and the wave goes on). A
 * wave whose page nobody fixes waits for good, and so does its dispatch,
 * as on the hardware; the dispatches of other queues behind it run
 * meanwhile. The driver's way out is the queue's preemption or reset.
 *
 * Timing (inferred, first model): a wave instruction costs the cycles the
 * interpreter counts by class; the dispatch's waves are taken to spread
 * over the chip's SIMDs (4 per CU), so the modelled time is the cycles
 * divided by min(waves, SIMDs); bytes moved cost their path's bandwidth
 * as for every engine. The engine's budget units are host work only.
 */
#include "shader.h"
#include "shader_regs.h"
#include "shader_isa.h"

/* Wave instructions a wave runs before the next one gets its turn. */
#define SP_WAVE_QUANTUM         64u
/* SIMDs per CU (GCN): the timing model's parallelism per CU. */
#define SP_SIMDS_PER_CU         4u
/*
 * The workgroup-info SGPR (AMDGPUUsage "Initial Kernel Execution State"):
 * the first wave's flag, the group's wave count in bits 5:0, and the
 * wave's index in its group in bits 11:6, where compilers take the
 * subgroup id from (Mesa ACO: "the tg_size bits [6:11] contain the
 * subgroup id").
 */
#define SP_TG_INFO_FIRST_WAVE   (1u << 31)
#define SP_TG_INFO_WAVES_MASK   0x3fu
#define SP_TG_INFO_WAVE_ID_SHIFT 6
#define SP_TG_INFO_WAVE_ID_MASK 0x3fu
/* The dispatch's own report-once flag (beside the interpreter's). */
#define SP_REPORTED_SLOTS       (1u << 31)

typedef struct SpGroup {
    bool active;
    uint32_t id[AEMU_SH_DIMS];
    uint32_t threads[AEMU_SH_DIMS];
    unsigned nwaves;
    unsigned files;             /* waves[] with a VGPR file, from 0 */
    AemuWave waves[AEMU_SH_MAX_GROUP_WAVES];
    uint8_t *lds;
    unsigned next_wave;         /* round-robin position */
} SpGroup;

/* A wave's initial state common to the dispatch (dispatch_wave_template). */
typedef struct SpWaveTemplate {
    unsigned user;              /* user SGPRs, from s0 */
    uint32_t user_data[AEMU_SH_COMPUTE_USER_DATA_COUNT];
    bool tgid[AEMU_SH_DIMS], tg_size, scratch;
    unsigned ids;               /* TIDIG_COMP_CNT */
    unsigned vgprs, sgprs;      /* the allocation */
    uint32_t status, mode;
} SpWaveTemplate;

struct AemuShDispatch {
    unsigned refs;              /* the queue's and the processor's */
    bool cancelled;             /* the queue was reset under it */
    bool done;
    uint64_t done_ns;           /* the SPI's modelled time at the end */
    bool halted;
    char queue[24];
    AemuEngine *waiter;         /* the queue's engine, woken at the end */
    AemuShContext ctx;
    AemuShComputeState regs;    /* the snapshot */
    uint32_t initiator;
    uint32_t first[AEMU_SH_DIMS], end[AEMU_SH_DIMS];
    uint32_t full[AEMU_SH_DIMS], partial[AEMU_SH_DIMS];
    bool use_partial;
    uint32_t next[AEMU_SH_DIMS];
    bool groups_left;
    uint64_t pgm;
    uint32_t rsrc1, rsrc2;
    uint32_t lds_bytes;
    unsigned parallel;          /* SIMDs the timing model spreads over */
    unsigned scratch_waves;     /* TMPRING_SIZE.WAVES: the ring's slots */
    uint32_t reported;          /* AemuShContext.reported */
    uint64_t waves, insts, groups;
    SpWaveTemplate wave;
    SpGroup group;
};

struct AemuShProcessor {
    AemuShGen gen;
    AemuEngine engine;
    GQueue pending;             /* AemuShDispatch *, oldest first */
    unsigned simds;
    AemuShSqIrqFn *sq_irq;
};

static uint32_t reg(const AemuShDispatch *ds, uint32_t sh_offset)
{
    return ds->regs.reg[sh_offset - AEMU_SH_COMPUTE_FIRST];
}

/*
 * The group is over; its waves' VGPR files and its LDS stay for the next
 * group (which zeroes the LDS: group_start).
 */
static void group_end(SpGroup *g)
{
    g->nwaves = 0;
    g->active = false;
}

static void group_free(SpGroup *g)
{
    group_end(g);
    g_free(g->lds);
    g->lds = NULL;
    for (unsigned i = 0; i < g->files; i++) {
        aemu_wave_fini(&g->waves[i]);
    }
    g->files = 0;
}

static void dispatch_free(AemuShDispatch *ds)
{
    group_free(&ds->group);
    aemu_sh_decode_cache_free(ds->ctx.decode_cache);
    g_free(ds);
}

void aemu_sh_dispatch_unref(AemuShDispatch *ds, bool cancel)
{
    if (!ds) {
        return;
    }
    if (cancel) {
        ds->cancelled = true;
    }
    if (--ds->refs == 0) {
        dispatch_free(ds);
    }
}

bool aemu_sh_dispatch_done(const AemuShDispatch *ds)
{
    return ds->done;
}

uint64_t aemu_sh_dispatch_done_ns(const AemuShDispatch *ds)
{
    return ds->done_ns;
}

/* ---- groups and waves ---- */

/* Advance the x-fastest group counter; false once past the last group. */
static bool next_group_id(AemuShDispatch *ds)
{
    for (unsigned i = 0; i < AEMU_SH_DIMS; i++) {
        if (++ds->next[i] < ds->end[i]) {
            return true;
        }
        ds->next[i] = ds->first[i];
    }
    return false;
}

/*
 * What every wave of the dispatch starts with, worked out once from RSRC1,
 * RSRC2 and the user data (a dispatch of 64-thread groups starts a wave
 * per 7 or so instructions it runs, so a wave's start is on the hot path).
 */
static void dispatch_wave_template(AemuShDispatch *ds)
{
    SpWaveTemplate *wt = &ds->wave;
    uint32_t rsrc1 = ds->rsrc1, rsrc2 = ds->rsrc2;

    wt->user = MIN(aemu_field_get(rsrc2, AEMU_SH_RSRC2_USER_SGPR),
                   AEMU_SH_COMPUTE_USER_DATA_COUNT);
    for (unsigned i = 0; i < wt->user; i++) {
        wt->user_data[i] = reg(ds, AEMU_SH_COMPUTE_USER_DATA_0 + i);
    }
    wt->tgid[0] = aemu_field_get(rsrc2, AEMU_SH_RSRC2_TGID_X_EN);
    wt->tgid[1] = aemu_field_get(rsrc2, AEMU_SH_RSRC2_TGID_Y_EN);
    wt->tgid[2] = aemu_field_get(rsrc2, AEMU_SH_RSRC2_TGID_Z_EN);
    wt->tg_size = aemu_field_get(rsrc2, AEMU_SH_RSRC2_TG_SIZE_EN);
    wt->scratch = aemu_field_get(rsrc2, AEMU_SH_RSRC2_SCRATCH_EN);
    wt->ids = aemu_field_get(rsrc2, AEMU_SH_RSRC2_TIDIG_COMP_CNT);
    wt->vgprs = (aemu_field_get(rsrc1, AEMU_SH_RSRC1_VGPRS) + 1) *
                AEMU_SH_VGPR_GRANULE;
    wt->sgprs = (aemu_field_get(rsrc1, AEMU_SH_RSRC1_SGPRS) + 1) *
                AEMU_SH_SGPR_GRANULE;
    wt->status = ds->ctx.trap_present ? AEMU_SH_WAVE_STATUS_TRAP_EN_MASK : 0;
    wt->mode = aemu_field_get(rsrc1, AEMU_SH_RSRC1_FLOAT_MODE) |
               aemu_field_get(rsrc1, AEMU_SH_RSRC1_DX10_CLAMP)
                   << AEMU_SH_MODE_DX10_CLAMP_SHIFT |
               aemu_field_get(rsrc1, AEMU_SH_RSRC1_IEEE_MODE)
                   << AEMU_SH_MODE_IEEE_SHIFT;
}

/*
 * The work-item ids of wave w's lanes in v0 (X), v1 (Y), v2 (Z) as
 * TIDIG_COMP_CNT asks, and EXEC the lanes that hold threads. Thread t =
 * x + NX * (y + NY * z); the first lane's ids are divided out once, the
 * others counted up from it.
 */
static void wave_thread_ids(AemuWave *wave, const SpGroup *g, unsigned ids,
                            unsigned w)
{
    unsigned nx = g->threads[0], ny = g->threads[1];
    unsigned total = nx * ny * g->threads[2];
    unsigned first = w * AEMU_WAVE_LANES;
    unsigned lanes = MIN(total - first, AEMU_WAVE_LANES);
    unsigned x = first % nx, y = first / nx % ny, z = first / nx / ny;
    uint32_t *vx = wave->vgpr[0], *vy = wave->vgpr[1], *vz = wave->vgpr[2];

    wave->exec = lanes == AEMU_WAVE_LANES ? UINT64_MAX
                                          : (1ull << lanes) - 1;
    if (lanes == AEMU_WAVE_LANES && x + lanes <= nx) {
        /*
         * A whole wave within one row of X (every wave of a group of 64
         * threads or a multiple in X): loops of a constant count, which
         * the compiler vectorises.
         */
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            vx[l] = x + l;
        }
        if (ids >= 1) {
            for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
                vy[l] = y;
            }
        }
        if (ids >= 2) {
            for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
                vz[l] = z;
            }
        }
        return;
    }
    for (unsigned l = 0; l < lanes; l++) {
        vx[l] = x;
        if (ids >= 1) {
            vy[l] = y;
        }
        if (ids >= 2) {
            vz[l] = z;
        }
        if (++x == nx) {
            x = 0;
            if (++y == ny) {
                y = 0;
                z++;
            }
        }
    }
}

static void wave_setup(AemuDevice *d, AemuShDispatch *ds, SpGroup *g,
                       unsigned w)
{
    AemuWave *wave = &g->waves[w];
    const SpWaveTemplate *wt = &ds->wave;
    unsigned s = wt->user;

    if (w < g->files) {
        aemu_wave_reinit(wave, &ds->ctx, wt->vgprs);
    } else {
        aemu_wave_init(wave, &ds->ctx);
        g->files = w + 1;
    }
    wave->pc = ds->pgm;
    wave->lds = g->lds;
    wave->lds_size = ds->lds_bytes;
    wave->wave_in_group = w;
    wave->waves_in_group = g->nwaves;
    wave->num_vgprs = wt->vgprs;
    wave->num_sgprs = wt->sgprs;
    wave->status = wt->status;
    wave->mode = wt->mode;
    wave->hw_id = aemu_field_set(0, AEMU_SH_HW_ID_WAVE_ID, w) |
                  aemu_field_set(0, AEMU_SH_HW_ID_SIMD_ID,
                                 w % SP_SIMDS_PER_CU) |
                  aemu_field_set(0, AEMU_SH_HW_ID_VM_ID, ds->ctx.vmid);
    memcpy(wave->sgpr, wt->user_data, sizeof(uint32_t) * s);
    for (unsigned i = 0; i < AEMU_SH_DIMS; i++) {
        if (wt->tgid[i]) {
            wave->sgpr[s++] = g->id[i];
        }
    }
    if (wt->tg_size) {
        wave->sgpr[s++] = (w == 0 ? SP_TG_INFO_FIRST_WAVE : 0) |
                          (w & SP_TG_INFO_WAVE_ID_MASK)
                              << SP_TG_INFO_WAVE_ID_SHIFT |
                          (g->nwaves & SP_TG_INFO_WAVES_MASK);
    }
    if (wt->scratch) {
        wave->scratch_slot = ds->scratch_waves ? w % ds->scratch_waves : 0;
        wave->sgpr[s++] = wave->scratch_slot * ds->ctx.scratch_wave_bytes;
    }
    wave_thread_ids(wave, g, wt->ids, w);
    wave->state = AEMU_WAVE_READY;
    (void)d;
}

/* The threads of group id along dimension i (the last may be partial). */
static uint32_t group_threads(const AemuShDispatch *ds, unsigned i,
                              uint32_t id)
{
    if (ds->use_partial && id == ds->end[i] - 1 && ds->partial[i]) {
        return ds->partial[i];
    }
    return ds->full[i];
}

/* Start the next group; false when the dispatch has none left. */
static bool group_start(AemuDevice *d, AemuShDispatch *ds)
{
    SpGroup *g = &ds->group;
    unsigned total = 1;

    if (!ds->groups_left) {
        return false;
    }
    for (unsigned i = 0; i < AEMU_SH_DIMS; i++) {
        g->id[i] = ds->next[i];
        g->threads[i] = group_threads(ds, i, g->id[i]);
        total *= g->threads[i];
    }
    ds->groups_left = next_group_id(ds);
    g->nwaves = (total + AEMU_WAVE_LANES - 1) / AEMU_WAVE_LANES;
    if (ds->ctx.scratch_wave_bytes && g->nwaves > ds->scratch_waves &&
        !(ds->reported & SP_REPORTED_SLOTS)) {
        ds->reported |= SP_REPORTED_SLOTS;
        aemu_guest_error(d, "%s: a group of %u waves with scratch, and "
                         "COMPUTE_TMPRING_SIZE.WAVES %u: waves share slots",
                         ds->queue, g->nwaves, ds->scratch_waves);
    }
    /* One allocation for the dispatch: the size is the dispatch's. */
    if (ds->lds_bytes && !g->lds) {
        g->lds = g_malloc0(ds->lds_bytes);
    } else if (ds->lds_bytes) {
        memset(g->lds, 0, ds->lds_bytes);
    }
    g->next_wave = 0;
    for (unsigned w = 0; w < g->nwaves; w++) {
        wave_setup(d, ds, g, w);
    }
    g->active = true;
    ds->groups++;
    ds->waves += g->nwaves;
    return true;
}

/* Where a group's turn left it. */
typedef enum SpGroupRun {
    SP_GROUP_OVER,          /* its waves have ended, or one halted */
    SP_GROUP_MORE,          /* out of budget, waves still to run */
    /*
     * Every wave that has not ended waits on a retry fault (or at a
     * barrier for one that does) and replayed it this turn in vain: the
     * group waits for the driver; the next turn replays again.
     */
    SP_GROUP_STALLED,
} SpGroupRun;

/*
 * Run the group's waves from the budget. A wave waiting on a retry fault
 * (XNACK) replays its instruction once per call, in the first pass: a
 * call per slice (the engine polls, as a queue waiting on memory does),
 * so a page nobody maps costs a translation a slice, never a host spin.
 */
static SpGroupRun group_run(AemuDevice *d, AemuShDispatch *ds,
                            unsigned *budget)
{
    SpGroup *g = &ds->group;
    const AemuTiming *t = d->asic->timing;
    bool replay = true;

    while (*budget) {
        unsigned ended = 0, waiting = 0;
        bool ran = false;

        for (unsigned n = 0; n < g->nwaves && *budget; n++) {
            AemuWave *w = &g->waves[g->next_wave];
            unsigned quantum = MIN(*budget, SP_WAVE_QUANTUM), left = quantum;
            uint64_t cycles = w->cycles, insts = w->insts;

            g->next_wave = (g->next_wave + 1) % g->nwaves;
            if (w->state != AEMU_WAVE_READY &&
                (w->state != AEMU_WAVE_XNACK || !replay)) {
                continue;
            }
            aemu_wave_run(d, w, &left);
            *budget -= quantum - left;
            ds->insts += w->insts - insts;
            aemu_engine_latency(d, (w->cycles - cycles) * 1000 /
                                   t->engine_mhz / ds->parallel);
            /* A replay that faulted again did nothing. */
            ran |= w->state != AEMU_WAVE_XNACK || w->insts - insts > 1;
            if (w->state == AEMU_WAVE_HALTED) {
                ds->halted = true;
                AEMU_TRACE(d, sh_dispatch_halt, ds->queue, w->pc,
                           w->halt_reason ? w->halt_reason : "halted");
                aemu_guest_error(d, "shader of %s halted at pc 0x%" PRIx64
                                 ": %s; the dispatch will not complete",
                                 ds->queue, w->pc,
                                 w->halt_reason ? w->halt_reason : "?");
                return SP_GROUP_OVER;
            }
        }
        replay = false;
        for (unsigned i = 0; i < g->nwaves; i++) {
            ended += g->waves[i].state == AEMU_WAVE_ENDED;
            waiting += g->waves[i].state == AEMU_WAVE_BARRIER;
        }
        if (ended == g->nwaves) {
            return SP_GROUP_OVER;
        }
        /* Every wave still running waits at the barrier: release it. */
        if (waiting && waiting + ended == g->nwaves) {
            for (unsigned i = 0; i < g->nwaves; i++) {
                if (g->waves[i].state == AEMU_WAVE_BARRIER) {
                    g->waves[i].state = AEMU_WAVE_READY;
                }
            }
            continue;
        }
        if (!ran) {
            return SP_GROUP_STALLED;
        }
    }
    return SP_GROUP_MORE;
}

/* ---- the engine ---- */

/* A dispatch that can run: one not halted (a halted one waits). */
static bool sp_runnable(const AemuShProcessor *sp)
{
    for (GList *l = sp->pending.head; l; l = l->next) {
        const AemuShDispatch *ds = l->data;

        if (!ds->halted || ds->cancelled) {
            return true;
        }
    }
    return false;
}

static void dispatch_pop(AemuShProcessor *sp, AemuShDispatch *ds)
{
    g_queue_remove(&sp->pending, ds);
    group_free(&ds->group);
    aemu_sh_dispatch_unref(ds, false);
}

/*
 * The dispatches in the order they came, each to its end before the next,
 * except that while one's group waits on retry faults the ones behind it
 * (other queues': a queue waits at its dispatch) get the rest of the
 * budget, as other CUs would run them. A stalled dispatch keeps the engine
 * runnable: it is tried again next slice.
 */
static bool sp_run(AemuDevice *d, AemuEngine *e, unsigned *budget)
{
    AemuShProcessor *sp = e->opaque;
    GList *l = sp->pending.head;

    while (*budget && l) {
        AemuShDispatch *ds = l->data;
        GList *next = l->next;

        if (ds->cancelled) {
            dispatch_pop(sp, ds);
            l = next;
            continue;
        }
        if (ds->halted) {
            /* Waits for a wave kill or its queue's reset. */
            l = next;
            continue;
        }
        if (!ds->group.active && !group_start(d, ds)) {
            ds->done = true;
            ds->done_ns = aemu_engine_now(d);
            if (ds->waiter) {
                aemu_engine_wake_at(d, ds->waiter, ds->done_ns);
            }
            AEMU_TRACE(d, sh_dispatch_done, ds->queue, ds->groups, ds->waves,
                       ds->insts);
            dispatch_pop(sp, ds);
            l = next;
            continue;
        }
        switch (group_run(d, ds, budget)) {
        case SP_GROUP_OVER:
            group_end(&ds->group);
            if (ds->halted) {
                /* Not done: the queue waits at the packet. */
                l = next;
            }
            break;
        case SP_GROUP_STALLED:
            l = next;
            break;
        case SP_GROUP_MORE:
            break;
        }
    }
    return sp_runnable(sp);
}

/*
 * The groups a kill reaches besides the one the model runs: the hardware
 * has a group resident on every CU at once (the model, one at a time), so
 * the groups that would be in flight on the other CUs end too.
 */
static unsigned kill_skipped_groups(AemuDevice *d, AemuShDispatch *ds)
{
    const AemuAsic *a = d->asic;
    unsigned cus = a->num_se * a->num_sh_per_se * a->num_cu_per_sh;
    unsigned skipped = 0;

    while (ds->groups_left && skipped + 1 < cus) {
        ds->groups_left = next_group_id(ds);
        skipped++;
    }
    return skipped;
}

unsigned aemu_sh_kill_waves(AemuDevice *d, bool check_vmid, unsigned vmid)
{
    AemuShProcessor *sp = d->shader;
    unsigned killed = 0;

    if (!sp) {
        return 0;
    }
    for (GList *l = sp->pending.head; l; l = l->next) {
        AemuShDispatch *ds = l->data;
        SpGroup *g = &ds->group;
        unsigned before = killed;

        if (ds->cancelled || (check_vmid && ds->ctx.vmid != vmid)) {
            continue;
        }
        if (ds->halted) {
            /* Its group ended at the halt: the rest may run. */
            ds->halted = false;
            killed++;
        }
        for (unsigned i = 0; g->active && i < g->nwaves; i++) {
            if (g->waves[i].state != AEMU_WAVE_ENDED) {
                g->waves[i].state = AEMU_WAVE_ENDED;
                killed++;
            }
        }
        if (killed > before) {
            killed += kill_skipped_groups(d, ds);
        }
    }
    AEMU_TRACE(d, sh_kill_waves, check_vmid, vmid, killed);
    if (killed) {
        aemu_engine_kick(d, &sp->engine);
    }
    return killed;
}

void aemu_sh_sq_cmd(AemuDevice *d, unsigned cmd, unsigned mode,
                    bool check_vmid, unsigned vmid)
{
    if (cmd == SQ_IND_CMD_CMD_KILL && mode == SQ_IND_CMD_MODE_BROADCAST) {
        aemu_sh_kill_waves(d, check_vmid, vmid);
        return;
    }
    /* Halt, trap, save context, one wave (the debugger's): not modelled. */
    aemu_unimp(d, "SQ_CMD command %u mode %u (only the KILL broadcast is "
               "modelled)", cmd, mode);
}

/* SQ_CMD's writes, laid out the same on gfx7 and gfx9 (shader_regs.h). */
static void sq_cmd_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    aemu_reg_set(d, dw, value);
    aemu_sh_sq_cmd(d, aemu_field_get(value, AEMU_SQ_CMD_CMD),
                   aemu_field_get(value, AEMU_SQ_CMD_MODE),
                   aemu_field_get(value, AEMU_SQ_CMD_CHECK_VMID),
                   aemu_field_get(value, AEMU_SQ_CMD_VM_ID));
}

const AemuRegHandler aemu_sh_sq_cmd_handler = {
    .block = "gfx", .write = sq_cmd_write,
};

bool aemu_sh_processor_busy(const AemuShProcessor *sp)
{
    return !g_queue_is_empty((GQueue *)&sp->pending);
}

/* ---- starting a dispatch ---- */

/*
 * The group ranges: FORCE_START_AT_000 runs [0, DIM); otherwise DIM holds
 * end values and the groups start at COMPUTE_START (RADV). With
 * USE_THREAD_DIMENSIONS DIM counts threads and the last group of a
 * dimension is partial (inferred, 6.1).
 */
static bool dispatch_ranges(AemuShDispatch *ds, const uint32_t dim[3])
{
    bool from_zero = aemu_field_get(ds->initiator,
                                    AEMU_SH_INIT_FORCE_START_AT_000);
    bool threads = aemu_field_get(ds->initiator,
                                  AEMU_SH_INIT_USE_THREAD_DIMENSIONS);
    uint64_t total = 1;

    ds->use_partial = threads ||
        aemu_field_get(ds->initiator, AEMU_SH_INIT_PARTIAL_TG_EN);
    for (unsigned i = 0; i < AEMU_SH_DIMS; i++) {
        uint32_t nt = reg(ds, AEMU_SH_COMPUTE_NUM_THREAD_X + i);

        ds->full[i] = aemu_field_get(nt, AEMU_SH_NUM_THREAD_FULL);
        ds->partial[i] = aemu_field_get(nt, AEMU_SH_NUM_THREAD_PARTIAL);
        if (ds->full[i] == 0) {
            return false;
        }
        total *= ds->full[i];
        if (threads) {
            ds->first[i] = 0;
            ds->end[i] = (uint32_t)(((uint64_t)dim[i] + ds->full[i] - 1) /
                                    ds->full[i]);
            ds->partial[i] = dim[i] % ds->full[i];
        } else {
            ds->first[i] = from_zero ? 0
                : reg(ds, AEMU_SH_COMPUTE_START_X + i);
            ds->end[i] = dim[i];
        }
        if (ds->first[i] >= ds->end[i]) {
            return false;
        }
        ds->next[i] = ds->first[i];
    }
    return total <= AEMU_SH_MAX_GROUP_THREADS;
}

/* The dispatch's groups, saturated (2^32 - 1 in each dimension is 2^96). */
static uint64_t dispatch_count(const AemuShDispatch *ds)
{
    uint64_t n = 1;

    for (unsigned i = 0; i < AEMU_SH_DIMS; i++) {
        uint64_t g = ds->end[i] - ds->first[i];

        n = g && n > UINT64_MAX / g ? UINT64_MAX : n * g;
    }
    return n;
}

/*
 * The scratch ring of the dispatch: slots and bytes per slot when the
 * shader enables scratch and the ring has both; else none (reported when
 * the shader asked for one).
 */
static void dispatch_scratch(AemuDevice *d, AemuShDispatch *ds)
{
    uint32_t tmpring = reg(ds, AEMU_SH_COMPUTE_TMPRING_SIZE);
    uint32_t slots = aemu_field_get(tmpring, AEMU_SH_TMPRING_WAVES);
    uint32_t units = aemu_field_get(tmpring, AEMU_SH_TMPRING_WAVESIZE);

    if (!aemu_field_get(ds->rsrc2, AEMU_SH_RSRC2_SCRATCH_EN)) {
        return;
    }
    if (!slots || !units) {
        aemu_guest_error(d, "%s: RSRC2.SCRATCH_EN with COMPUTE_TMPRING_SIZE "
                         "0x%x: no scratch ring (private accesses read 0, "
                         "write nothing)", ds->queue, tmpring);
        return;
    }
    ds->scratch_waves = slots;
    ds->ctx.scratch_wave_bytes = units * AEMU_SH_TMPRING_WAVESIZE_BYTES;
}

AemuShDispatch *aemu_sh_dispatch_start(AemuDevice *d,
                                       const AemuShDispatchArgs *a)
{
    AemuShProcessor *sp = d->shader;
    AemuShDispatch *ds;
    uint32_t bases, lds_units, waves_per_group;
    uint64_t waves;

    if (!aemu_field_get(a->initiator, AEMU_SH_INIT_COMPUTE_SHADER_EN)) {
        return NULL;
    }
    ds = g_new0(AemuShDispatch, 1);
    ds->refs = 2;
    g_strlcpy(ds->queue, a->queue, sizeof(ds->queue));
    ds->waiter = a->waiter;
    ds->regs = *a->compute;
    ds->initiator = a->initiator;
    if (!dispatch_ranges(ds, a->dim)) {
        /* No group to run, or one larger than the hardware takes. */
        if (!a->dim[0] || !a->dim[1] || !a->dim[2]) {
            g_free(ds);
            return NULL;
        }
        aemu_guest_error(d, "%s: DISPATCH of %ux%ux%u groups of %ux%ux%u "
                         "threads refused (at most %u threads a group)",
                         a->queue, a->dim[0], a->dim[1], a->dim[2],
                         ds->full[0], ds->full[1], ds->full[2],
                         AEMU_SH_MAX_GROUP_THREADS);
        g_free(ds);
        return NULL;
    }
    ds->groups_left = true;
    ds->pgm = (uint64_t)reg(ds, AEMU_SH_COMPUTE_PGM_LO) << AEMU_SH_PGM_LO_SHIFT |
              (uint64_t)(reg(ds, AEMU_SH_COMPUTE_PGM_HI) & AEMU_SH_PGM_HI_MASK)
                  << AEMU_SH_PGM_HI_SHIFT;
    ds->rsrc1 = reg(ds, AEMU_SH_COMPUTE_PGM_RSRC1);
    ds->rsrc2 = reg(ds, AEMU_SH_COMPUTE_PGM_RSRC2);
    lds_units = aemu_field_get(ds->rsrc2, AEMU_SH_RSRC2_LDS_SIZE);
    ds->lds_bytes = MIN(lds_units * AEMU_SH_LDS_GRANULE_BYTES,
                        AEMU_SH_LDS_MAX);
    bases = aemu_reg_get_bank(d, a->sh_mem_bases_dw, a->vmid);
    ds->ctx = (AemuShContext) {
        .gen = sp->gen,
        .vmid = a->vmid,
        .client = a->client,
        .shared_base = aemu_field_get(bases, AEMU_SH_MEM_BASES_SHARED_BASE),
        .private_base = aemu_field_get(bases, AEMU_SH_MEM_BASES_PRIVATE_BASE),
        .trap_present = aemu_field_get(ds->rsrc2,
                                       AEMU_SH_RSRC2_TRAP_PRESENT),
        .reported = &ds->reported,
        .decode_cache = aemu_sh_decode_cache_new(),
    };
    /*
     * XNACK: the SQ replays what the UTCL2 answers with a retry unless the
     * VMID's SH_MEM_CONFIG.RETRY_DISABLE says not to (amdgpu and KFD set
     * it from amdgpu.noretry: gfx_v9_0_constants_init, update_qpd_v9).
     */
    ds->ctx.client.retry = a->sh_mem_retry_disable &&
        !(aemu_reg_get_bank(d, a->sh_mem_config_dw, a->vmid) &
          a->sh_mem_retry_disable);
    dispatch_scratch(d, ds);
    dispatch_wave_template(ds);
    waves_per_group = (ds->full[0] * ds->full[1] * ds->full[2] +
                       AEMU_WAVE_LANES - 1) / AEMU_WAVE_LANES;
    /* Only whether it reaches the SIMDs matters: no overflow. */
    waves = MIN(dispatch_count(ds), (uint64_t)sp->simds) * waves_per_group;
    ds->parallel = (unsigned)MAX(1, MIN(waves, (uint64_t)sp->simds));
    AEMU_TRACE(d, sh_dispatch, ds->queue, a->dim[0], a->dim[1], a->dim[2],
               ds->pgm, ds->full[0] * ds->full[1] * ds->full[2],
               a->vmid);
    g_queue_push_tail(&sp->pending, ds);
    aemu_engine_kick(d, &sp->engine);
    return ds;
}

/* ---- the processor ---- */

void aemu_sh_sq_interrupt(AemuDevice *d, const AemuWave *w, uint32_t data)
{
    AemuShProcessor *sp = d->shader;

    if (sp && sp->sq_irq) {
        sp->sq_irq(d, w, data);
    }
}

void aemu_sh_processor_init(AemuDevice *d, AemuShGen gen,
                            AemuShSqIrqFn *sq_irq)
{
    AemuShProcessor *sp = g_new0(AemuShProcessor, 1);
    const AemuAsic *a = d->asic;

    sp->gen = gen;
    sp->sq_irq = sq_irq;
    sp->simds = a->num_se * a->num_sh_per_se * a->num_cu_per_sh *
                SP_SIMDS_PER_CU;
    g_queue_init(&sp->pending);
    sp->engine = (AemuEngine) {
        .name = "spi", .run = sp_run, .opaque = sp, .self_timed = true,
    };
    aemu_engine_register(d, &sp->engine);
    d->shader = sp;
}

/* Every dispatch is abandoned; queues still holding one drop it too. */
void aemu_sh_processor_reset(AemuDevice *d)
{
    AemuShProcessor *sp = d->shader;
    AemuShDispatch *ds;

    while ((ds = g_queue_peek_head(&sp->pending))) {
        ds->cancelled = true;
        dispatch_pop(sp, ds);
    }
}

void aemu_sh_processor_fini(AemuDevice *d)
{
    if (d->shader) {
        aemu_sh_processor_reset(d);
        g_free(d->shader);
        d->shader = NULL;
    }
}
