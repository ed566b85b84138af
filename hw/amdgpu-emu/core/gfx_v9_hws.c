/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the gfx9 hardware scheduler's packets on the HIQ (see
 * gfx_v9_hws.h for what is and is not modelled).
 *
 * Packet layouts are those of Linux 6.12's amdkfd/kfd_pm4_headers_ai.h
 * (pm4_soc15.h names them); what KFD puts in them is
 * kfd_packet_manager_v9.c's: SET_RESOURCES with VMIDs 8-15 and KFD's MEC1
 * queues, RUN_LIST pointing at an IB of one MAP_PROCESS per process
 * followed by a MAP_QUEUES per queue, UNMAP_QUEUES by PASID, all queues or
 * all non-static ones, then QUERY_STATUS.
 */
#include "gfx_v9_hws.h"
#include "cp_hqd.h"
#include "state.h"
#include "pm4_soc15.h"
#include "sdma_v4_0.h"
#include "amdgpu-emu/regs/vega10_regs.h"
#include "amdgpu-emu/regs/vega10_fields.h"

/* VM_CONTEXTn_PAGE_TABLE_BASE_ADDR_LO32/HI32 pairs are 2 dwords apart. */
#define VM_CONTEXT_BASE_STRIDE  2

/* SET_RESOURCES' UNMAP_LATENCY counts 100 ms units. */
#define UNMAP_LATENCY_UNIT_MS   100
/*
 * MAP_PROCESS' process_quantum (KFD: 10) in ms (inferred: the firmware's
 * unit is not documented; 10 ms is the order of a GPU time slice). A
 * process without one still gets this much.
 */
#define QUANTUM_UNIT_NS         1000000ull
#define QUANTUM_MIN             1u
/*
 * While queues wait, the scheduler looks this often for a mapped queue
 * that has run dry, which gives its HQD up before its quantum ends
 * (inferred: the firmware notices an empty queue; how soon is not
 * documented).
 */
#define IDLE_CHECK_NS           1000000ull
/* RUN_LIST IBs followed through chains before the model gives up. */
#define RUNLIST_CHAIN_MAX       8u
/* MAP_QUEUES' queue type of a static queue (not preempted by "non-static"). */
#define MAP_QUEUES_TYPE_NORMAL_LATENCY_STATIC   2
#define MAP_QUEUES_TYPE_LOW_LATENCY_STATIC      3

void aemu_hws_reset(AemuHws *hws)
{
    AemuEngine *engine = hws->engine;

    memset(hws, 0, sizeof(*hws));
    hws->engine = engine;
}

/*
 * SET_RESOURCES on the HIQ (pm_set_resources_v9): the VMIDs and HQDs the
 * scheduler may hand to processes, and GWS/OAC/GDS. Only the HIQ's own
 * queue type is the scheduler's; a debug interface queue is not modelled.
 */
AemuStep aemu_hws_set_resources(AemuDevice *d, AemuHws *hws,
                                AemuPm4Packet *p)
{
    uint32_t ctl = p->body[0];

    if (PM4_SET_RESOURCES_QUEUE_TYPE(ctl) !=
        PM4_SET_RESOURCES_QUEUE_TYPE_HIQ) {
        return aemu_pm4_unimp(d, p, AEMU_CP_ERR_OPCODE,
                              "queue type %u on the HIQ: only the HIQ's "
                              "own resources are modelled",
                              PM4_SET_RESOURCES_QUEUE_TYPE(ctl));
    }
    hws->vmid_mask = ctl & PM4_SET_RESOURCES_VMID_MASK_MASK;
    if (hws->vmid_mask & 1u) {
        /* VMID 0 is the kernel's (GART); to the model it means "none". */
        aemu_guest_error(d, "CP %s: SET_RESOURCES gives the scheduler VMID "
                         "0: ignored", p->q->ring.name);
        hws->vmid_mask &= ~1u;
    }
    hws->unmap_latency_ms = PM4_SET_RESOURCES_UNMAP_LATENCY(ctl) *
                            UNMAP_LATENCY_UNIT_MS;
    hws->queue_mask = (uint64_t)p->body[2] << 32 | p->body[1];
    hws->gws_mask = (uint64_t)p->body[4] << 32 | p->body[3];
    hws->oac_mask = PM4_SET_RESOURCES_OAC_MASK(p->body[5]);
    hws->gds_heap_base = PM4_SET_RESOURCES_GDS_HEAP_BASE(p->body[6]);
    hws->gds_heap_size = PM4_SET_RESOURCES_GDS_HEAP_SIZE(p->body[6]);
    hws->resources_set = true;
    return AEMU_STEP_DONE;
}

static void parse_process(AemuHws *hws, const uint32_t *b)
{
    AemuHwsProcess *pr = &hws->processes[hws->num_processes++];
    uint32_t res = b[PM4_MAP_PROCESS_RESOURCES];

    *pr = (AemuHwsProcess) {
        .pasid = PM4_MAP_PROCESS_PASID(b[0]),
        .quantum = PM4_MAP_PROCESS_QUANTUM(b[0]),
        .diq = PM4_MAP_PROCESS_DIQ_ENABLE(b[0]),
        .page_table_base = aemu_addr64(b[PM4_MAP_PROCESS_PT_BASE_LO],
                                       b[PM4_MAP_PROCESS_PT_BASE_HI]),
        .sh_mem_bases = b[PM4_MAP_PROCESS_SH_MEM_BASES],
        .sh_mem_config = b[PM4_MAP_PROCESS_SH_MEM_CONFIG],
        .tba = aemu_addr64(b[PM4_MAP_PROCESS_TBA_LO],
                           b[PM4_MAP_PROCESS_TBA_HI]),
        .tma = aemu_addr64(b[PM4_MAP_PROCESS_TMA_LO],
                           b[PM4_MAP_PROCESS_TMA_HI]),
        .gds_addr = aemu_addr64(b[PM4_MAP_PROCESS_GDS_LO],
                                b[PM4_MAP_PROCESS_GDS_HI]),
        .completion_signal =
            aemu_addr64(b[PM4_MAP_PROCESS_COMPLETION_LO],
                        b[PM4_MAP_PROCESS_COMPLETION_HI]),
        .num_queues = PM4_MAP_PROCESS_NUM_QUEUES(res),
        .num_gws = PM4_MAP_PROCESS_NUM_GWS(res),
        .num_oac = PM4_MAP_PROCESS_NUM_OAC(res),
    };
}

static void parse_queue(AemuHws *hws, const uint32_t *b)
{
    hws->queues[hws->num_queues++] = (AemuHwsQueue) {
        .process = hws->num_processes - 1,
        .engine = PM4_MAP_QUEUES_ENGINE_SEL(b[0]),
        .queue_type = PM4_MAP_QUEUES_QUEUE_TYPE(b[0]),
        .gws_control = PM4_MAP_QUEUES_GWS_CONTROL_QUEUE(b[0]),
        .doorbell = b[1] & PM4_DOORBELL_OFFSET_MASK,
        .mqd = aemu_addr64(b[2], b[3]) & ~3ull,
        .wptr_addr = aemu_addr64(b[4], b[5]),
    };
}

/*
 * The runlist IB's entries into hws: MAP_PROCESS, then the MAP_QUEUES of
 * that process; a trailing RUN_LIST chains to the next IB (*next_ib,
 * *next_dw) when KFD is over-subscribed: to the IB itself
 * (pm_create_runlist_ib). Anything else is not a runlist entry: a guest
 * error that stops the HIQ. Returns false with *r set then.
 */
static bool parse_runlist(AemuDevice *d, AemuHws *hws, AemuPm4Packet *p,
                          const uint32_t *ib, uint32_t n, bool *chained,
                          uint64_t *next_ib, uint32_t *next_dw, AemuStep *r)
{
    bool overflow = false;

    for (uint32_t at = 0; at < n;) {
        uint32_t h = ib[at], len;
        unsigned op;

        if (CP_PACKET_GET_TYPE(h) != PACKET_TYPE3) {
            *r = aemu_pm4_fail(d, p, AEMU_CP_ERR_OPCODE,
                               "runlist dword %u: header 0x%08x is not a "
                               "type-3 packet", at, h);
            return false;
        }
        op = CP_PACKET3_GET_OPCODE(h);
        len = CP_PACKET_GET_COUNT(h) + 2;
        if (op == PACKET3_NOP && CP_PACKET_GET_COUNT(h) == PM4_COUNT_MAX) {
            len = 1;
        }
        if (len > n - at) {
            *r = aemu_pm4_fail(d, p, AEMU_CP_ERR_OPCODE,
                               "runlist dword %u: a %u-dword packet in the "
                               "%u left", at, len, n - at);
            return false;
        }
        switch (op) {
        case PACKET3_NOP:
            break;
        case PACKET3_MAP_PROCESS:
            if (len - 1 != PM4_MAP_PROCESS_BODY) {
                goto bad_len;
            }
            if (hws->num_processes == AEMU_HWS_MAX_PROCESSES) {
                overflow = true;
                break;
            }
            parse_process(hws, &ib[at + 1]);
            break;
        case PACKET3_MAP_QUEUES:
            if (len - 1 != PM4_MAP_QUEUES_BODY) {
                goto bad_len;
            }
            if (!hws->num_processes) {
                *r = aemu_pm4_fail(d, p, AEMU_CP_ERR_OPCODE,
                                   "runlist dword %u: MAP_QUEUES before "
                                   "any MAP_PROCESS", at);
                return false;
            }
            if (hws->num_queues == AEMU_HWS_MAX_QUEUES) {
                overflow = true;
                break;
            }
            parse_queue(hws, &ib[at + 1]);
            break;
        case PACKET3_RUN_LIST:
            if (len - 1 != PM4_RUN_LIST_BODY) {
                goto bad_len;
            }
            *chained = true;
            *next_ib = aemu_addr64(ib[at + 1] & PM4_RUN_LIST_IB_BASE_LO_MASK,
                                   ib[at + 2]);
            *next_dw = PM4_RUN_LIST_IB_SIZE(ib[at + 3]);
            break;
        default:
            *r = aemu_pm4_fail(d, p, AEMU_CP_ERR_OPCODE,
                               "runlist dword %u: opcode 0x%02x is not a "
                               "runlist entry", at, op);
            return false;
        }
        at += len;
        continue;
bad_len:
        *r = aemu_pm4_fail(d, p, AEMU_CP_ERR_OPCODE,
                           "runlist dword %u: opcode 0x%02x with %u body "
                           "dwords", at, op, len - 1);
        return false;
    }
    if (overflow) {
        aemu_unimp(d, "CP %s: RUN_LIST has more than the %u processes or "
                   "%u queues the model keeps; the rest are dropped",
                   p->q->ring.name, AEMU_HWS_MAX_PROCESSES,
                   AEMU_HWS_MAX_QUEUES);
    }
    return true;
}

/*
 * A process's VMID, set up as the firmware does at MAP_PROCESS: the page
 * table on both hubs (the shaders and CP translate on the gfx hub, SDMA on
 * the MM hub), the apertures, and the PASID the IH stamps on the VMID's
 * IVs and the TLB flushes by PASID find (with HWS KFD programs none of
 * these itself: kfd_process_queue_manager leaves them to the scheduler).
 */
static void program_vmid(AemuDevice *d, const AemuHwsProcess *pr)
{
    unsigned v = pr->vmid;
    uint32_t lo = (uint32_t)pr->page_table_base;
    uint32_t hi = (uint32_t)(pr->page_table_base >> 32);
    uint32_t atc = pr->pasid | ATC_VMID0_PASID_MAPPING__VALID_MASK;

    d->regs[GC_mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR_LO32 +
            VM_CONTEXT_BASE_STRIDE * v] = lo;
    d->regs[GC_mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR_HI32 +
            VM_CONTEXT_BASE_STRIDE * v] = hi;
    d->regs[MMHUB_mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR_LO32 +
            VM_CONTEXT_BASE_STRIDE * v] = lo;
    d->regs[MMHUB_mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR_HI32 +
            VM_CONTEXT_BASE_STRIDE * v] = hi;
    aemu_reg_set_bank(d, mmSH_MEM_CONFIG, v, pr->sh_mem_config);
    aemu_reg_set_bank(d, mmSH_MEM_BASES, v, pr->sh_mem_bases);
    /* ATHUB: the gfx hub's VMID n, then the MM hub's (16 + n). */
    d->regs[mmATC_VMID0_PASID_MAPPING + v] = atc;
    d->regs[mmATC_VMID16_PASID_MAPPING + v] = atc;
    d->regs[mmIH_VMID_0_LUT + v] = pr->pasid;
    d->regs[mmIH_VMID_0_LUT_MM + v] = pr->pasid;
    aemu_xlate_invalidate(d);
}

static bool is_sdma(const AemuHwsQueue *q)
{
    return q->engine == PM4_MAP_QUEUES_ENGINE_SDMA0 ||
           q->engine == PM4_MAP_QUEUES_ENGINE_SDMA1;
}

/*
 * An SDMA queue of the runlist onto the RLC queue its MQD names
 * (sdma_v4_0.c): the MQD read as the HQDs' are (in the HIQ's VMID: KFD's
 * MQDs are in GART), the write pointer from the user's address in the
 * process's VMID. An MQD the engine cannot run is reported there and
 * leaves the queue unmapped; a fault on the MQD or the write pointer
 * stops the HIQ, as for a compute queue. False with *r set then.
 */
static bool map_sdma_queue(AemuDevice *d, AemuPm4Packet *p, AemuHwsQueue *q,
                           unsigned vmid, AemuStep *r)
{
    uint32_t img[AEMU_SDMA_V4_MQD_DW];
    uint64_t wptr;
    int rlc;

    if (aemu_gpu_read(d, p->vmid, q->mqd, img, sizeof(img),
                      &p->q->ring.client) != AEMU_MEM_OK) {
        *r = aemu_pm4_fail(d, p, AEMU_CP_ERR_MEMORY,
                           "read of the SDMA MQD at 0x%" G_GINT64_MODIFIER
                           "x faulted", q->mqd);
        return false;
    }
    for (unsigned i = 0; i < AEMU_SDMA_V4_MQD_DW; i++) {
        img[i] = GUINT32_FROM_LE(img[i]);
    }
    if (q->wptr_addr) {
        if (aemu_gpu_read(d, vmid, q->wptr_addr & ~3ull, &wptr, sizeof(wptr),
                          &p->q->ring.client) != AEMU_MEM_OK) {
            *r = aemu_pm4_fail(d, p, AEMU_CP_ERR_MEMORY,
                               "read of the SDMA queue's write pointer at "
                               "0x%" G_GINT64_MODIFIER "x faulted",
                               q->wptr_addr);
            return false;
        }
        wptr = GUINT64_FROM_LE(wptr);
    }
    rlc = aemu_sdma_v4_rlc_map(d, q->engine - PM4_MAP_QUEUES_ENGINE_SDMA0,
                               img, vmid, q->doorbell,
                               q->wptr_addr ? &wptr : NULL);
    q->sdma_mapped = rlc >= 0;
    q->sdma_rlc = rlc >= 0 ? (unsigned)rlc : 0;
    return true;
}

/* Preempt a mapped SDMA queue into the register image of its MQD. */
static bool save_sdma_queue(AemuDevice *d, AemuPm4Packet *p, AemuHwsQueue *q,
                            AemuStep *r)
{
    uint32_t img[AEMU_SDMA_V4_MQD_REGS];

    if (!q->sdma_mapped) {
        return true;
    }
    q->sdma_mapped = false;
    if (!aemu_sdma_v4_rlc_unmap(d, q->engine - PM4_MAP_QUEUES_ENGINE_SDMA0,
                                q->sdma_rlc, img)) {
        return true;
    }
    for (unsigned i = 0; i < AEMU_SDMA_V4_MQD_REGS; i++) {
        img[i] = GUINT32_TO_LE(img[i]);
    }
    if (aemu_gpu_write(d, p->vmid, q->mqd, img, sizeof(img),
                       &p->q->ring.client) != AEMU_MEM_OK) {
        *r = aemu_pm4_fail(d, p, AEMU_CP_ERR_MEMORY,
                           "write of the SDMA MQD at 0x%" G_GINT64_MODIFIER
                           "x faulted", q->mqd);
        return false;
    }
    return true;
}

/* Stop every running queue of the runlist, saving it into its MQD. */
static bool save_queues(AemuDevice *d, AemuHws *hws, AemuPm4Packet *p,
                        AemuStep *r)
{
    for (unsigned i = 0; i < hws->num_queues; i++) {
        AemuHwsQueue *q = &hws->queues[i];

        if (q->hqd && !aemu_gfx_v9_hws_save_hqd(d, p, q->hqd, r)) {
            return false;
        }
        q->hqd = NULL;
        if (!save_sdma_queue(d, p, q, r)) {
            return false;
        }
    }
    return true;
}

/* The process quantum, in ns. */
static uint64_t quantum_ns(const AemuHwsProcess *pr)
{
    return (uint64_t)MAX(pr->quantum, QUANTUM_MIN) * QUANTUM_UNIT_NS;
}

/* Whether queue q is on the hardware (an HQD or an RLC queue). */
static bool queue_on_hw(const AemuHwsQueue *q)
{
    return q->hqd || q->sdma_mapped;
}

/* VMIDs of the scheduler's that no process holds. */
static uint32_t free_vmids(const AemuHws *hws)
{
    uint32_t m = hws->vmid_mask;

    for (unsigned i = 0; i < hws->num_processes; i++) {
        if (hws->processes[i].vmid) {
            m &= ~(1u << hws->processes[i].vmid);
        }
    }
    return m;
}

static unsigned resident_processes(const AemuHws *hws)
{
    unsigned n = 0;

    for (unsigned i = 0; i < hws->num_processes; i++) {
        n += hws->processes[i].vmid != 0;
    }
    return n;
}

/* Whether process i has a queue on the hardware or draining off it. */
static bool process_busy(const AemuHws *hws, unsigned i)
{
    for (unsigned k = 0; k < hws->num_queues; k++) {
        const AemuHwsQueue *q = &hws->queues[k];

        if (q->process == i && (queue_on_hw(q) || q->evicting)) {
            return true;
        }
    }
    return false;
}

/*
 * Give process i a VMID: a free one, within the RUN_LIST's count of
 * processes mapped together; false if there is none.
 */
static bool take_vmid(AemuDevice *d, AemuHws *hws, unsigned i, uint64_t now)
{
    AemuHwsProcess *pr = &hws->processes[i];
    uint32_t m = free_vmids(hws);

    if (!m || (hws->process_cnt &&
               resident_processes(hws) >= hws->process_cnt)) {
        return false;
    }
    pr->vmid = (unsigned)__builtin_ctz(m);
    pr->resident_ns = now;
    program_vmid(d, pr);
    return true;
}

/*
 * Put waiting queue k on the hardware, its process given a VMID first.
 * False with *r DONE when no VMID or HQD is free, with *r set on a fault.
 */
static bool map_queue(AemuDevice *d, AemuHws *hws, AemuPm4Packet *p,
                      unsigned k, uint64_t now, AemuStep *r)
{
    AemuHwsQueue *q = &hws->queues[k];
    AemuHwsProcess *pr = &hws->processes[q->process];

    *r = AEMU_STEP_DONE;
    if (!pr->vmid && !take_vmid(d, hws, q->process, now)) {
        return false;
    }
    if (is_sdma(q)) {
        if (!map_sdma_queue(d, p, q, pr->vmid, r) || !q->sdma_mapped) {
            return false;
        }
    } else {
        q->hqd = aemu_gfx_v9_hws_load_hqd(d, p, hws, q, pr->vmid, r);
        if (!q->hqd) {
            return false;
        }
    }
    q->since_ns = now;
    return true;
}

/*
 * Take queue k off the hardware for another: an SDMA queue or a compute
 * queue between packets at once, a busy one once it has drained (it
 * finishes its packet and starts no other). A queue that had nothing to
 * do waits for its doorbell before it asks for another turn.
 */
static bool evict_queue(AemuDevice *d, AemuHws *hws, AemuPm4Packet *p,
                        unsigned k, uint64_t now, AemuStep *r)
{
    AemuHwsQueue *q = &hws->queues[k];
    const AemuHwsProcess *pr = &hws->processes[q->process];

    if (is_sdma(q)) {
        q->since_ns = now;
        return save_sdma_queue(d, p, q, r);
    }
    if (!q->hqd) {
        return true;
    }
    if (!aemu_cp_queue_quiet(q->hqd)) {
        q->hqd->preempting = true;
        q->evicting = true;
        aemu_ring_kick(d, &q->hqd->ring);
        return true;
    }
    q->wants = !aemu_gfx_v9_hws_hqd_idle(d, p, q->hqd, q->wptr_addr,
                                         pr->vmid);
    if (!aemu_gfx_v9_hws_save_hqd(d, p, q->hqd, r)) {
        return false;
    }
    q->hqd = NULL;
    q->evicting = false;
    q->since_ns = now;
    hws->switches++;
    return true;
}

/*
 * The mapped compute queue to give up its HQD: one with nothing to do,
 * else the one that has run longest, if its process quantum has passed.
 * -1 if none may go yet; *next_ns is lowered to when one may.
 */
static int pick_victim(AemuDevice *d, AemuHws *hws, AemuPm4Packet *p,
                       uint64_t now, uint64_t *next_ns)
{
    int best = -1;

    for (unsigned k = 0; k < hws->num_queues; k++) {
        AemuHwsQueue *q = &hws->queues[k];
        const AemuHwsProcess *pr = &hws->processes[q->process];
        uint64_t due;

        if (!q->hqd || q->evicting) {
            continue;
        }
        if (aemu_cp_queue_quiet(q->hqd) &&
            aemu_gfx_v9_hws_hqd_idle(d, p, q->hqd, q->wptr_addr, pr->vmid)) {
            return (int)k;
        }
        due = q->since_ns + quantum_ns(pr);
        if (due > now) {
            *next_ns = MIN(*next_ns, due);
        } else if (best < 0 || q->since_ns < hws->queues[best].since_ns) {
            best = (int)k;
        }
    }
    return best;
}

/*
 * Whether every queue process i has on the hardware is a compute queue
 * with nothing to run (an SDMA queue's work is not looked into).
 */
static bool process_idle(AemuDevice *d, AemuHws *hws, AemuPm4Packet *p,
                         unsigned i)
{
    const AemuHwsProcess *pr = &hws->processes[i];

    for (unsigned k = 0; k < hws->num_queues; k++) {
        const AemuHwsQueue *q = &hws->queues[k];

        if (q->process != i) {
            continue;
        }
        if (q->sdma_mapped || q->evicting ||
            (q->hqd && !aemu_gfx_v9_hws_hqd_idle(d, p, q->hqd, q->wptr_addr,
                                                 pr->vmid))) {
            return false;
        }
    }
    return true;
}

/*
 * The resident process to give up its VMID: one with nothing to run,
 * else the one resident longest whose quantum has passed. -1 if none may
 * go yet; *next_ns is lowered to when one may.
 */
static int pick_process(AemuDevice *d, AemuHws *hws, AemuPm4Packet *p,
                        uint64_t now, uint64_t *next_ns)
{
    int best = -1;

    for (unsigned i = 0; i < hws->num_processes; i++) {
        AemuHwsProcess *pr = &hws->processes[i];
        uint64_t due = pr->resident_ns + quantum_ns(pr);

        if (!pr->vmid) {
            continue;
        }
        if (!process_busy(hws, i) || process_idle(d, hws, p, i)) {
            return (int)i;
        }
        if (due > now) {
            *next_ns = MIN(*next_ns, due);
        } else if (best < 0 ||
                   pr->resident_ns < hws->processes[best].resident_ns) {
            best = (int)i;
        }
    }
    return best;
}

/* The waiting queue that asks for a turn and has waited longest, or -1. */
static int next_waiting(const AemuHws *hws, const bool *tried)
{
    int best = -1;

    for (unsigned k = 0; k < hws->num_queues; k++) {
        const AemuHwsQueue *q = &hws->queues[k];

        if (tried[k] || queue_on_hw(q) || q->evicting || !q->wants ||
            (q->engine != PM4_MAP_QUEUES_ENGINE_COMPUTE && !is_sdma(q))) {
            continue;
        }
        if (best < 0 || q->since_ns < hws->queues[best].since_ns) {
            best = (int)k;
        }
    }
    return best;
}

bool aemu_hws_schedule(AemuDevice *d, AemuHws *hws, AemuPm4Packet *p)
{
    uint64_t now = aemu_clock_ns(d), next_ns = UINT64_MAX;
    bool tried[AEMU_HWS_MAX_QUEUES] = { false };
    bool draining = false, waiting = false;
    AemuStep r = AEMU_STEP_DONE;
    int k;

    if (!hws->runlist_active) {
        return false;
    }
    /* Preemptions that have drained: save the queues. */
    for (unsigned i = 0; i < hws->num_queues; i++) {
        AemuHwsQueue *q = &hws->queues[i];

        if (q->evicting && q->hqd && aemu_cp_queue_quiet(q->hqd) &&
            !evict_queue(d, hws, p, i, now, &r)) {
            return false;
        }
    }
    /* The longest-waiting queues first, onto what is free or freed. */
    while ((k = next_waiting(hws, tried)) >= 0) {
        AemuHwsQueue *q = &hws->queues[k];
        AemuHwsProcess *pr = &hws->processes[q->process];
        int v;

        tried[k] = true;
        if (map_queue(d, hws, p, (unsigned)k, now, &r)) {
            continue;
        }
        if (r != AEMU_STEP_DONE) {
            return false;
        }
        if (!pr->vmid) {
            waiting = true;
            /* No VMID: the longest-resident process leaves. */
            v = pick_process(d, hws, p, now, &next_ns);
            if (v < 0) {
                continue;
            }
            for (unsigned i = 0; i < hws->num_queues; i++) {
                if (hws->queues[i].process == (unsigned)v &&
                    !evict_queue(d, hws, p, i, now, &r)) {
                    return false;
                }
            }
            if (!process_busy(hws, (unsigned)v)) {
                hws->processes[v].vmid = 0;
                if (!map_queue(d, hws, p, (unsigned)k, now, &r) &&
                    r != AEMU_STEP_DONE) {
                    return false;
                }
            }
        } else if (!is_sdma(q)) {
            /* No HQD: the queue that has run longest gives up its own. */
            waiting = true;
            v = pick_victim(d, hws, p, now, &next_ns);
            if (v >= 0) {
                if (!evict_queue(d, hws, p, (unsigned)v, now, &r)) {
                    return false;
                }
                if (!hws->queues[v].hqd &&
                    !map_queue(d, hws, p, (unsigned)k, now, &r) &&
                    r != AEMU_STEP_DONE) {
                    return false;
                }
            }
        }
    }
    for (unsigned i = 0; i < hws->num_queues; i++) {
        draining |= hws->queues[i].evicting;
    }
    if (draining) {
        return true;
    }
    if (waiting) {
        aemu_engine_wake_at(d, hws->engine, MIN(next_ns, now + IDLE_CHECK_NS));
    }
    return false;
}

void aemu_hws_doorbell(AemuDevice *d, AemuHws *hws, uint32_t offset)
{
    for (unsigned k = 0; k < hws->num_queues; k++) {
        AemuHwsQueue *q = &hws->queues[k];

        if (q->doorbell == offset && !queue_on_hw(q)) {
            q->wants = true;
            if (hws->engine) {
                aemu_engine_kick(d, hws->engine);
            }
        }
    }
}

/*
 * RUN_LIST (pm_runlist_v9): the IB at IB_BASE of IB_SIZE dwords replaces
 * the current runlist (KFD unmaps before it sends a new one; queues still
 * running are saved first); a RUN_LIST at its end chains to another IB,
 * or to itself when KFD is over-subscribed. Its processes get VMIDs and
 * its queues HQDs, as many as there are; the rest wait for the switching.
 */
AemuStep aemu_hws_run_list(AemuDevice *d, AemuHws *hws, AemuPm4Packet *p)
{
    uint64_t ib = aemu_addr64(p->body[0] & PM4_RUN_LIST_IB_BASE_LO_MASK,
                              p->body[1]);
    uint32_t ctl = p->body[2], n = PM4_RUN_LIST_IB_SIZE(ctl);
    uint64_t seen[RUNLIST_CHAIN_MAX], now = aemu_clock_ns(d);
    AemuStep r = AEMU_STEP_DONE;
    unsigned ibs = 0;

    if (!PM4_RUN_LIST_VALID(ctl) || PM4_RUN_LIST_OFFLOAD_POLLING(ctl)) {
        return aemu_pm4_unimp(d, p, AEMU_CP_ERR_OPCODE,
                              "control 0x%08x: only a valid runlist without "
                              "offload polling is modelled", ctl);
    }
    if (!hws->resources_set) {
        return aemu_pm4_fail(d, p, AEMU_CP_ERR_OPCODE,
                             "before SET_RESOURCES gave the scheduler any "
                             "VMID or queue");
    }
    if (hws->runlist_active) {
        /* The firmware would switch; KFD never sends one over another. */
        aemu_guest_error(d, "CP %s: RUN_LIST while a runlist is mapped: "
                         "it replaces it", p->q->ring.name);
        if (!save_queues(d, hws, p, &r)) {
            return r;
        }
    }
    hws->num_processes = 0;
    hws->num_queues = 0;
    hws->chained = false;
    hws->runlist_ib = ib;
    hws->runlist_dw = n;
    for (;;) {
        uint64_t next_ib = 0;
        uint32_t next_dw = 0, *buf;
        bool again = false;

        if (n > AEMU_HWS_MAX_RUNLIST_DW) {
            hws->num_processes = hws->num_queues = 0;
            return aemu_pm4_fail(d, p, AEMU_CP_ERR_OPCODE,
                                 "IB of %u dwords (the model reads up to "
                                 "%u)", n, AEMU_HWS_MAX_RUNLIST_DW);
        }
        seen[ibs++] = ib;
        buf = g_new(uint32_t, MAX(n, 1u));
        if (n && aemu_gpu_read(d, p->vmid, ib, buf, 4ull * n,
                               &p->q->ring.client) != AEMU_MEM_OK) {
            g_free(buf);
            hws->num_processes = hws->num_queues = 0;
            return aemu_pm4_fail(d, p, AEMU_CP_ERR_MEMORY,
                                 "runlist IB at 0x%" G_GINT64_MODIFIER
                                 "x faulted", ib);
        }
        for (uint32_t i = 0; i < n; i++) {
            buf[i] = GUINT32_FROM_LE(buf[i]);
        }
        if (!parse_runlist(d, hws, p, buf, n, &again, &next_ib, &next_dw,
                           &r)) {
            hws->num_processes = hws->num_queues = 0;
            g_free(buf);
            return r;
        }
        g_free(buf);
        if (!again) {
            break;
        }
        /* Chained: to itself (over-subscribed), or on to another IB. */
        hws->chained = true;
        for (unsigned i = 0; i < ibs; i++) {
            again &= seen[i] != next_ib;
        }
        if (!again) {
            break;
        }
        if (ibs == RUNLIST_CHAIN_MAX) {
            aemu_unimp(d, "CP %s: RUN_LIST chains more than %u IBs; the "
                       "rest are not read", p->q->ring.name,
                       RUNLIST_CHAIN_MAX);
            break;
        }
        ib = next_ib;
        n = next_dw;
    }
    hws->runlist_active = true;
    hws->process_cnt = PM4_RUN_LIST_PROCESS_CNT(ctl);
    hws->runlists++;
    for (unsigned i = 0; i < hws->num_queues; i++) {
        hws->queues[i].wants = true;
        hws->queues[i].since_ns = now;
    }
    for (unsigned i = 0; i < hws->num_queues; i++) {
        AemuHwsQueue *q = &hws->queues[i];

        if (q->engine != PM4_MAP_QUEUES_ENGINE_COMPUTE && !is_sdma(q)) {
            aemu_unimp(d, "CP %s: RUN_LIST maps queues of engines other "
                       "than compute and SDMA: they are recorded, not run",
                       p->q->ring.name);
            break;
        }
    }
    /* A fault stops the HIQ at this packet (the switching reported it). */
    aemu_hws_schedule(d, hws, p);
    return p->q->ring.hung ? AEMU_STEP_STOP : AEMU_STEP_DONE;
}

static bool queue_static(const AemuHwsQueue *q)
{
    return q->queue_type == MAP_QUEUES_TYPE_NORMAL_LATENCY_STATIC ||
           q->queue_type == MAP_QUEUES_TYPE_LOW_LATENCY_STATIC;
}

/*
 * Drop queue i from the runlist, its HQD or RLC queue saved into its MQD
 * first. The model's queues are always at a packet boundary, so
 * preemption never fails: the HIQ MQD's queue_doorbell_id0, which KFD
 * reads as a failure report, stays 0.
 */
static bool drop_queue(AemuDevice *d, AemuHws *hws, AemuPm4Packet *p,
                       unsigned i, AemuStep *r)
{
    if (hws->queues[i].hqd &&
        !aemu_gfx_v9_hws_save_hqd(d, p, hws->queues[i].hqd, r)) {
        return false;
    }
    if (!save_sdma_queue(d, p, &hws->queues[i], r)) {
        return false;
    }
    memmove(&hws->queues[i], &hws->queues[i + 1],
            (hws->num_queues - i - 1) * sizeof(hws->queues[0]));
    hws->num_queues--;
    return true;
}

/* Whether UNMAP_QUEUES' selection (sel, n doorbells) names queue q. */
static bool unmap_hit(const AemuHws *hws, const AemuHwsQueue *q,
                      const AemuPm4Packet *p, unsigned sel, unsigned n)
{
    bool hit = false;

    switch (sel) {
    case PM4_UNMAP_QUEUE_SEL_DOORBELLS:
        for (unsigned k = 0; k < n; k++) {
            hit |= (p->body[1 + k] & PM4_DOORBELL_OFFSET_MASK) == q->doorbell;
        }
        return hit;
    case PM4_UNMAP_QUEUE_SEL_PASID:
        return hws->processes[q->process].pasid ==
               PM4_UNMAP_QUEUES_PASID(p->body[1]);
    case PM4_UNMAP_QUEUE_SEL_ALL:
        return true;
    default:
        return !queue_static(q);
    }
}

/*
 * UNMAP_QUEUES on the HIQ (pm_unmap_queues_v9): preempt or reset the
 * runlist's queues by PASID, all of them, or the non-static ones, or the
 * ones at up to four doorbells. Preemption lets each queue finish the
 * packet it is in (the model keeps no wave state to save, so a dispatch
 * drains); a reset drops it. KFD always says ENGINE_SEL compute and
 * means SDMA queues too (inferred from unmap_queues_cpsch, which has no
 * SDMA variant), so the engine does not filter. The runlist ends when no
 * queue is left.
 */
AemuStep aemu_hws_unmap_queues(AemuDevice *d, AemuHws *hws,
                               AemuPm4Packet *p)
{
    uint32_t ctl = p->body[0];
    unsigned action = PM4_UNMAP_QUEUES_ACTION(ctl);
    unsigned sel = PM4_UNMAP_QUEUES_QUEUE_SEL(ctl);
    unsigned n = PM4_UNMAP_QUEUES_NUM_QUEUES(ctl);
    AemuStep r = AEMU_STEP_DONE;
    bool draining = false;

    if (action != PM4_UNMAP_PREEMPT_QUEUES &&
        action != PM4_UNMAP_RESET_QUEUES) {
        return aemu_pm4_unimp(d, p, AEMU_CP_ERR_OPCODE,
                              "action %u on the HIQ: only preempt and "
                              "reset are modelled", action);
    }
    if (sel == PM4_UNMAP_QUEUE_SEL_DOORBELLS && (n < 1 || n > 4)) {
        return aemu_pm4_fail(d, p, AEMU_CP_ERR_OPCODE,
                             "with NUM_QUEUES %u", n);
    }
    for (unsigned i = hws->num_queues; i-- > 0;) {
        AemuHwsQueue *q = &hws->queues[i];

        q->unmap = unmap_hit(hws, q, p, sel, n);
        if (q->unmap && q->hqd && action == PM4_UNMAP_RESET_QUEUES) {
            /* A reset abandons the work in flight. */
            aemu_cp_queue_abandon(q->hqd);
        } else if (q->unmap && q->hqd && !aemu_cp_queue_quiet(q->hqd)) {
            /*
             * Preemption drains: the queue finishes the packet it is in
             * and starts no other; the HIQ waits at this packet.
             */
            q->hqd->preempting = true;
            aemu_ring_kick(d, &q->hqd->ring);
            draining = true;
        }
    }
    if (draining) {
        return AEMU_STEP_RETRY;
    }
    for (unsigned i = hws->num_queues; i-- > 0;) {
        if (hws->queues[i].unmap && !drop_queue(d, hws, p, i, &r)) {
            return r;
        }
    }
    hws->unmaps++;
    if (!hws->num_queues) {
        hws->runlist_active = false;
        hws->num_processes = 0;
    } else if (hws->engine) {
        /* Waiting queues may take the HQDs and VMIDs given back. */
        aemu_engine_kick(d, hws->engine);
    }
    return AEMU_STEP_DONE;
}

/* An HQD pointer as 1 + its index in hqds' MEC/pipe/queue order; 0: none. */
static void hqd_ref(AemuStateIo *s, AemuHqds *hqds, AemuCpQueue **hqd)
{
    uint32_t ix = 0, n = 0;
    AemuCpQueue *found = NULL;

    aemu_for_each_hqd(hqds, q) {
        n++;
        if (q == *hqd) {
            ix = n;
        }
    }
    AEMU_STATE(s, ix);
    if (!aemu_state_loading(s)) {
        return;
    }
    n = 0;
    aemu_for_each_hqd(hqds, q) {
        if (++n == ix) {
            found = q;
        }
    }
    if (ix && !found) {
        aemu_state_fail(s, "corrupt state: HQD %u of %u", ix, n);
    }
    *hqd = found;
}

void aemu_hws_state(AemuStateIo *s, AemuHws *hws, AemuHqds *hqds)
{
    AEMU_STATE_BOOL(s, hws->resources_set);
    AEMU_STATE(s, hws->vmid_mask);
    AEMU_STATE(s, hws->queue_mask);
    AEMU_STATE(s, hws->gws_mask);
    AEMU_STATE(s, hws->oac_mask);
    AEMU_STATE(s, hws->gds_heap_base);
    AEMU_STATE(s, hws->gds_heap_size);
    AEMU_STATE(s, hws->unmap_latency_ms);
    AEMU_STATE_BOOL(s, hws->runlist_active);
    AEMU_STATE(s, hws->runlist_ib);
    AEMU_STATE(s, hws->runlist_dw);
    AEMU_STATE(s, hws->process_cnt);
    aemu_state_index(s, &hws->num_processes, AEMU_HWS_MAX_PROCESSES + 1,
                     "HWS processes");
    aemu_state_index(s, &hws->num_queues, AEMU_HWS_MAX_QUEUES + 1,
                     "HWS queues");
    for (unsigned i = 0; i < hws->num_processes; i++) {
        AemuHwsProcess *p = &hws->processes[i];

        AEMU_STATE(s, p->pasid);
        AEMU_STATE(s, p->page_table_base);
        AEMU_STATE(s, p->sh_mem_bases);
        AEMU_STATE(s, p->sh_mem_config);
        AEMU_STATE(s, p->tba);
        AEMU_STATE(s, p->tma);
        AEMU_STATE(s, p->gds_addr);
        AEMU_STATE(s, p->completion_signal);
        AEMU_STATE(s, p->quantum);
        AEMU_STATE(s, p->num_queues);
        AEMU_STATE(s, p->num_gws);
        AEMU_STATE(s, p->num_oac);
        AEMU_STATE_BOOL(s, p->diq);
        aemu_state_index(s, &p->vmid, AEMU_HWS_VMIDS, "HWS process VMID");
        AEMU_STATE(s, p->resident_ns);
    }
    for (unsigned i = 0; i < hws->num_queues; i++) {
        AemuHwsQueue *q = &hws->queues[i];

        aemu_state_index(s, &q->process, MAX(hws->num_processes, 1),
                         "HWS queue's process");
        AEMU_STATE(s, q->engine);
        AEMU_STATE(s, q->queue_type);
        AEMU_STATE_BOOL(s, q->gws_control);
        AEMU_STATE(s, q->doorbell);
        AEMU_STATE(s, q->mqd);
        AEMU_STATE(s, q->wptr_addr);
        hqd_ref(s, hqds, &q->hqd);
        AEMU_STATE_BOOL(s, q->unmap);
        AEMU_STATE_BOOL(s, q->sdma_mapped);
        AEMU_STATE(s, q->sdma_rlc);
        AEMU_STATE_BOOL(s, q->wants);
        AEMU_STATE_BOOL(s, q->evicting);
        AEMU_STATE(s, q->since_ns);
    }
    AEMU_STATE_BOOL(s, hws->chained);
    AEMU_STATE(s, hws->runlists);
    AEMU_STATE(s, hws->unmaps);
    AEMU_STATE(s, hws->switches);
}
