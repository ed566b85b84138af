/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: what the PM4 stream processor (cp_pm4.c), its packet
 * handlers (cp_pm4_ops.c) and the per-generation instruction sets
 * (pm4_gfx7.c, ...) share. PM4 is one packet format from gfx7 to gfx9;
 * which opcodes a generation has, how long each is and which queues take
 * it differ, and are each generation's table.
 */
#ifndef AMDGPU_EMU_CP_PM4_OPS_H
#define AMDGPU_EMU_CP_PM4_OPS_H

#include "cp_pm4.h"
#include "pm4_cik.h"

/*
 * Handlers answer in the ring engine's vocabulary (ring.h): DONE consumed,
 * RETRY a wait not yet satisfied (run it again later), STOP the queue hung
 * or was reset under the packet.
 */
/* One type-3 packet as a handler sees it. */
typedef struct AemuPm4Packet {
    AemuCpQueue *q;
    uint32_t header;
    unsigned opcode;
    const char *name;
    uint32_t len;           /* body dwords */
    uint32_t *body;         /* host order; handlers may reuse it */
    unsigned vmid;          /* address space of the stream it came from */
    bool user;              /* runs in a user VMID (IB or ring): unprivileged */
    bool in_ib;             /* fetched from an IB, not from the ring */
    uint32_t generation;    /* the queue's, when the packet started */
    unsigned cost;          /* budget beyond the packet itself (long copies) */
    /*
     * Past the point where the packet could run again from its start
     * (an AQL packet's completion): a retry fault then stops the queue.
     */
    bool no_replay;
    /* Results the stream processor applies once the packet is consumed. */
    bool push_ib;
    AemuRingIb ib;
    uint32_t skip;          /* dwords after the packet to skip */
} AemuPm4Packet;

typedef AemuStep AemuPm4Handler(AemuDevice *d, AemuPm4Packet *p);

/* One opcode of an instruction set. */
typedef struct AemuPm4Op {
    const char *name;           /* NULL: not an opcode of this generation */
    AemuPm4Handler *handler;    /* NULL: accepted, skipped without reading */
    uint16_t min_len, max_len;  /* body dwords (count + 1) */
    uint8_t queues;             /* AEMU_PM4_Q_* that accept it */
    /*
     * The generation has the opcode and the model does not run it: it
     * stops the queue as an unknown opcode does, reported as unimp.
     */
    bool unimp;
} AemuPm4Op;

/* A register window SET_*_REG reaches: [start, end) in dwords. */
typedef struct AemuRegWindow {
    uint32_t start, end;
} AemuRegWindow;

/* A generation's PM4 instruction set. */
struct AemuPm4Isa {
    const char *name;           /* "gfx7" */
    AemuPm4Op ops[256];
    /* SET_CONFIG_REG, SET_CONTEXT_REG, SET_SH_REG, SET_UCONFIG_REG. */
    AemuRegWindow config, context, sh, uconfig;
    /*
     * A WRITE_DATA DST_SEL whose data the model drops (0: none): gfx9's
     * preemption metadata, which no preemption ever reads back here.
     */
    unsigned write_data_discard_sel;
    /*
     * A DMA_DATA DST_SEL that reads the source and writes nothing (0:
     * none): gfx9's NOWHERE, which RADV uses to prefetch a shader into L2
     * before each dispatch (Mesa sid.h V_411_NOWHERE); reserved on gfx7.
     */
    unsigned dma_data_nowhere_sel;
    /* SH_MEM_BASES (banked per VMID): a dispatch's FLAT apertures. */
    uint32_t sh_mem_bases;
    /*
     * SH_MEM_CONFIG (banked per VMID) and its RETRY_DISABLE bit (0: no
     * XNACK): whether a dispatch's waves replay retry faults.
     */
    uint32_t sh_mem_config, sh_mem_retry_disable;
};

extern const AemuPm4Isa aemu_pm4_gfx7;
extern const AemuPm4Isa aemu_pm4_gfx8;
extern const AemuPm4Isa aemu_pm4_gfx9;
extern const AemuPm4Isa aemu_pm4_r600;

/* Stop the queue on p: report it, mark it hung, tell the owning block. */
AemuStep aemu_pm4_fail(AemuDevice *d, AemuPm4Packet *p, AemuCpError e,
                       const char *fmt, ...) G_GNUC_PRINTF(4, 5);
/*
 * The same for a valid packet the model cannot run: the queue stops as it
 * would on a bad one, reported as unimplemented instead of a guest error.
 */
AemuStep aemu_pm4_unimp(AemuDevice *d, AemuPm4Packet *p, AemuCpError e,
                        const char *fmt, ...) G_GNUC_PRINTF(4, 5);

/*
 * Write len bytes (memory order) at a GPU address in the packet's address
 * space; a fault stops the queue (*r says how) and returns false.
 */
bool aemu_pm4_mem_write(AemuDevice *d, AemuPm4Packet *p, uint64_t addr,
                        const void *buf, size_t len, AemuStep *r);

AemuPm4Handler aemu_pm4_set_base;
AemuPm4Handler aemu_pm4_set_reg;
AemuPm4Handler aemu_pm4_write_data;
AemuPm4Handler aemu_pm4_wait_reg_mem;
/*
 * Start a dispatch of the queue's COMPUTE_* state with DIM dim and the
 * initiator (cp_dispatch.c): AEMU_STEP_RETRY while it runs, DONE once its
 * last wave has ended (call again with the same packet; dim is then not
 * read). The AQL processor's kernel dispatches go through it too.
 */
AemuStep aemu_cp_dispatch(AemuDevice *d, AemuPm4Packet *p,
                          const uint32_t dim[3], uint32_t initiator);
AemuPm4Handler aemu_pm4_indirect_buffer;
AemuPm4Handler aemu_pm4_event_write_eop;
AemuPm4Handler aemu_pm4_release_mem;
AemuPm4Handler aemu_pm4_event_write_eos;
AemuPm4Handler aemu_pm4_mem_semaphore;
AemuPm4Handler aemu_pm4_copy_data;
AemuPm4Handler aemu_pm4_dma_data;
AemuPm4Handler aemu_pm4_cond_exec;
AemuPm4Handler aemu_pm4_reg_rmw;
AemuPm4Handler aemu_pm4_ce_de_counter;
AemuPm4Handler aemu_pm4_write_const_ram;
AemuPm4Handler aemu_pm4_dump_const_ram;
AemuPm4Handler aemu_pm4_load_const_ram;

/* The gfx8 KIQ's queue-management packets (gfx_v8_cp.c). */
AemuPm4Handler aemu_gfx_v8_kiq_set_resources;
AemuPm4Handler aemu_gfx_v8_kiq_map_queues;
AemuPm4Handler aemu_gfx_v8_kiq_unmap_queues;
/* The gfx9 KIQ's queue-management packets (gfx_v9_cp.c). */
AemuPm4Handler aemu_gfx_v9_kiq_set_resources;
AemuPm4Handler aemu_gfx_v9_kiq_map_queues;
AemuPm4Handler aemu_gfx_v9_kiq_unmap_queues;
AemuPm4Handler aemu_gfx_v9_kiq_query_status;
AemuPm4Handler aemu_gfx_v9_kiq_invalidate_tlbs;
AemuPm4Handler aemu_gfx_v9_hws_run_list;
AemuPm4Handler aemu_gfx_v9_hws_map_process;

/* Register writes a stream makes (type-0 packets, SET_*_REG, ...). */
bool aemu_pm4_reg_write(AemuDevice *d, AemuPm4Packet *p, uint32_t reg,
                        uint32_t value, AemuStep *r);

/* DISPATCH_DIRECT and DISPATCH_INDIRECT (cp_dispatch.c). */
AemuPm4Handler aemu_pm4_dispatch_direct;
AemuPm4Handler aemu_pm4_dispatch_indirect;

/* Whether n registers from SH window offset off touch COMPUTE_*. */
static inline bool aemu_cp_compute_overlaps(uint32_t off, uint32_t n)
{
    return off < AEMU_SH_COMPUTE_FIRST + AEMU_SH_COMPUTE_COUNT &&
           off + n > AEMU_SH_COMPUTE_FIRST;
}

/* Budget a long packet costs beyond its first unit: a unit per 256. */
static inline unsigned aemu_pm4_extra_cost(uint64_t units)
{
    return (unsigned)MIN(units / 256, (uint64_t)AEMU_SLICE_BUDGET);
}

/* The registers SET_*_REG of this opcode may write, in this generation. */
static inline AemuRegWindow aemu_pm4_set_reg_window(const AemuPm4Isa *isa,
                                                    unsigned opcode)
{
    switch (opcode) {
    case PACKET3_SET_CONFIG_REG:
        return isa->config;
    case PACKET3_SET_CONTEXT_REG:
        return isa->context;
    case PACKET3_SET_SH_REG:
        return isa->sh;
    default:
        return isa->uconfig;
    }
}

/*
 * SET_*_REG without building a packet, for the stream processor's fast
 * path. body_le: the body's len dwords as fetched (little-endian). When
 * the registers lie in the opcode's window, the stream may write them (a
 * user stream no config register) and each is a plain latch
 * (aemu_reg_write_plain), stores them, sets *cost as the handler would and
 * returns true: what aemu_pm4_set_reg does, as storing a plain latch has
 * no other effect. Else returns false, maybe having stored some of the
 * plain latches, which the handler then stores again (to the same effect:
 * a plain latch only holds its value).
 */
static inline bool aemu_pm4_set_reg_plain(AemuDevice *d,
                                          const AemuPm4Isa *isa,
                                          unsigned opcode, bool user,
                                          const uint8_t *body_le,
                                          uint32_t len, unsigned *cost)
{
    AemuRegWindow w = aemu_pm4_set_reg_window(isa, opcode);
    uint32_t start = w.start, end = w.end, first, v;

    if (user && opcode == PACKET3_SET_CONFIG_REG) {
        return false;
    }
    memcpy(&v, body_le, 4);
    first = start + (GUINT32_FROM_LE(v) & PM4_SET_REG_OFFSET_MASK);
    if (first + len - 1 > end) {
        return false;
    }
    /* COMPUTE_* registers are also the queue's own (aemu_pm4_set_reg). */
    if (opcode == PACKET3_SET_SH_REG &&
        aemu_cp_compute_overlaps(first - start, len - 1)) {
        return false;
    }
    for (uint32_t i = 1; i < len; i++) {
        memcpy(&v, body_le + 4 * i, 4);
        if (!aemu_reg_write_plain(d, first + i - 1, GUINT32_FROM_LE(v))) {
            return false;
        }
    }
    *cost = aemu_pm4_extra_cost(len - 1);
    return true;
}

#endif
