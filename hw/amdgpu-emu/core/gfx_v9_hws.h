/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the MEC firmware's hardware scheduler (HWS) on gfx9, as
 * KFD drives it through the HSA interface queue (HIQ).
 *
 * KFD (Linux 6.12 amdkfd, default sched_policy HWS) does not program
 * compute HQDs itself: it has amdgpu's KIQ map one queue, the HIQ
 * (MAP_QUEUES with ENGINE_SEL 1, MEC2 pipe 0 queue 0), and sends it
 * SET_RESOURCES (the VMIDs and HQDs the scheduler owns), RUN_LIST (an IB
 * of MAP_PROCESS and MAP_QUEUES entries: the processes and user queues to
 * run), UNMAP_QUEUES (preempt them) and QUERY_STATUS (a fence it polls).
 * The HIQ is an HQD like any other (gfx_v9_cp.c runs its ring); this file
 * is what those packets do to the scheduler's state.
 *
 * What the model does: it records the resources, and runs a runlist as
 * the firmware does: each process gets a VMID of the scheduler's (its
 * page table on both hubs, SH_MEM_CONFIG/BASES, the PASID mappings of
 * ATHUB and the IH), each compute queue a free HQD of the scheduler's,
 * loaded from its MQD (in that VMID, its doorbell enabled, its write
 * pointer read from the user's address); UNMAP_QUEUES saves the HQDs back
 * into their MQDs and frees them; QUERY_STATUS answers (gfx_v9_cp.c). An
 * SDMA queue (ENGINE_SEL SDMA0/1) runs on the RLC queue of that engine
 * its MQD names (sdma_v4_0.c), in the process's VMID, and is saved back
 * into its MQD the same way.
 *
 * Over-subscription: when KFD has more processes than the RUN_LIST's
 * process count (its VMIDs, hws_max_conc_proc) or more compute queues than
 * the scheduler's HQDs, it ends the runlist IB with a RUN_LIST chained to
 * itself and leaves the switching to the firmware. The model then
 * time-slices, as the scheduler's own engine ("hws", on the virtual
 * clock): queues that found no HQD or VMID wait; every quantum
 * (MAP_PROCESS' process_quantum, in ms: inferred) a queue that waits and
 * may have work takes the HQD of the queue that has run longest, and a
 * process that waits takes the VMID of the process that has been
 * resident longest. A mapped queue with nothing to do yields at once; a
 * waiting queue rung at its doorbell asks for a turn. Switching preempts
 * as UNMAP_QUEUES does: the queue finishes the packet it is in (there is
 * no wave state to save, no CWSR) and is saved into its MQD, to be
 * reloaded from it. SDMA queues do not take part: KFD never has more
 * than the RLC queues (they move with their process's VMID).
 */
#ifndef AMDGPU_EMU_GFX_V9_HWS_H
#define AMDGPU_EMU_GFX_V9_HWS_H

#include "cp_pm4_ops.h"

/*
 * A runlist's processes and queues the model keeps. KFD sizes its runlist
 * IB for 512 processes and 4096 queues (kfd_packet_manager.c) but maps at
 * most one process per VMID it owns at a time (8 on Vega10) and chains the
 * rest; the model keeps one per VMID and queues for every KFD HQD (24)
 * with room to spare, and reports a runlist that does not fit.
 */
#define AEMU_HWS_MAX_PROCESSES  64
#define AEMU_HWS_MAX_QUEUES     256
/* A runlist IB the model reads: KFD's largest is ~37K dwords. */
#define AEMU_HWS_MAX_RUNLIST_DW 0x10000u
/* The VMIDs of a hub, which a process can be given (0 is the kernel's). */
#define AEMU_HWS_VMIDS          16u

/* A MAP_PROCESS entry of the runlist. */
typedef struct AemuHwsProcess {
    uint32_t pasid;
    uint64_t page_table_base;   /* VM_CONTEXTn_PAGE_TABLE_BASE_ADDR value */
    uint32_t sh_mem_bases, sh_mem_config;
    uint64_t tba, tma;          /* SQ_SHADER_TBA/TMA: address >> 8 */
    uint64_t gds_addr, completion_signal;
    unsigned quantum, num_queues, num_gws, num_oac;
    bool diq;
    unsigned vmid;              /* the VMID it runs in; 0: none (waiting) */
    uint64_t resident_ns;       /* when it got that VMID */
} AemuHwsProcess;

/* A MAP_QUEUES entry of the runlist, under the process before it. */
typedef struct AemuHwsQueue {
    unsigned process;           /* index into AemuHws.processes */
    unsigned engine;            /* PM4_MAP_QUEUES_ENGINE_* */
    unsigned queue_type;        /* normal, DIQ, static */
    bool gws_control;
    uint32_t doorbell;          /* byte offset in the doorbell BAR */
    uint64_t mqd, wptr_addr;    /* MQD (GART), user write pointer (VA) */
    AemuCpQueue *hqd;           /* the HQD it runs on; NULL: not running */
    bool unmap;                 /* named by the UNMAP_QUEUES being run */
    /* An SDMA queue runs on RLC queue sdma_rlc of its engine when mapped. */
    bool sdma_mapped;
    unsigned sdma_rlc;
    /* Switching (over-subscription): see the comment at the top. */
    bool wants;                 /* waiting, and may have work */
    bool evicting;              /* preempted for another queue, draining */
    uint64_t since_ns;          /* when it was last mapped or unmapped */
} AemuHwsQueue;

typedef struct AemuHws {
    /* SET_RESOURCES. */
    bool resources_set;
    uint32_t vmid_mask;
    uint64_t queue_mask, gws_mask;
    uint32_t oac_mask, gds_heap_base, gds_heap_size;
    unsigned unmap_latency_ms;
    /* The current runlist (RUN_LIST), until UNMAP_QUEUES empties it. */
    bool runlist_active;
    uint64_t runlist_ib;
    uint32_t runlist_dw;
    unsigned process_cnt;
    unsigned num_processes, num_queues;
    AemuHwsProcess processes[AEMU_HWS_MAX_PROCESSES];
    AemuHwsQueue queues[AEMU_HWS_MAX_QUEUES];
    bool chained;               /* it ends in a RUN_LIST (over-subscribed) */
    /* Statistics, for the tests and the status dump. */
    uint64_t runlists, unmaps, switches;
    /* The scheduler's engine (gfx_v9_cp.c): runs aemu_hws_schedule. */
    AemuEngine *engine;
} AemuHws;

/*
 * The HQDs (gfx_v9_cp.c): load q's MQD into a free HQD among the
 * scheduler's queues, running in vmid; NULL with *r DONE if none is free,
 * with *r set if the MQD or the write pointer faulted. Save an HQD into
 * its MQD and stop it; false with *r set on a fault.
 */
AemuCpQueue *aemu_gfx_v9_hws_load_hqd(AemuDevice *d, AemuPm4Packet *p,
                                      const AemuHws *hws,
                                      const AemuHwsQueue *q, unsigned vmid,
                                      AemuStep *r);
bool aemu_gfx_v9_hws_save_hqd(AemuDevice *d, AemuPm4Packet *p,
                              AemuCpQueue *hqd, AemuStep *r);
/* Whether a mapped queue has nothing left to run (see gfx_v9_cp.c). */
bool aemu_gfx_v9_hws_hqd_idle(AemuDevice *d, AemuPm4Packet *p,
                              AemuCpQueue *hqd, uint64_t wptr_addr,
                              unsigned vmid);

/* The scheduler of the device's gfx9 CP (gfx_v9_cp.c), for tests. */
const AemuHws *aemu_gfx_v9_hws(AemuDevice *d);

/* Forget everything (device reset, or the HIQ unmapped). */
void aemu_hws_reset(AemuHws *hws);
/*
 * Save or load the scheduler's state (snapshots, state.h); a queue's HQD
 * is saved as its place in hqds.
 */
void aemu_hws_state(AemuStateIo *s, AemuHws *hws, AemuHqds *hqds);

/*
 * One pass of the switching (the "hws" engine, p a packet of the HIQ's
 * for reports): finish the preemptions that drained, map waiting queues
 * where HQDs and VMIDs are free, preempt what has had its quantum for
 * what waits. True while a preemption drains (run again next slice);
 * otherwise the engine's next wake-up is set.
 */
bool aemu_hws_schedule(AemuDevice *d, AemuHws *hws, AemuPm4Packet *p);
/* A doorbell no HQD listens to: a waiting queue's asks for a turn. */
void aemu_hws_doorbell(AemuDevice *d, AemuHws *hws, uint32_t offset);

/* The packets on the HIQ; p->q is the HIQ. */
AemuStep aemu_hws_set_resources(AemuDevice *d, AemuHws *hws,
                                AemuPm4Packet *p);
AemuStep aemu_hws_run_list(AemuDevice *d, AemuHws *hws, AemuPm4Packet *p);
AemuStep aemu_hws_unmap_queues(AemuDevice *d, AemuHws *hws,
                               AemuPm4Packet *p);

#endif
