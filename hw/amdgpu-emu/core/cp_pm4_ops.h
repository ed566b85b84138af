/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: what the PM4 stream processor (cp_pm4.c) and its packet
 * handlers (cp_pm4_ops.c) share. Private to those two files.
 */
#ifndef AMDGPU_EMU_CP_PM4_OPS_H
#define AMDGPU_EMU_CP_PM4_OPS_H

#include "cp_pm4.h"

typedef enum AemuPm4Result {
    AEMU_PM4_DONE,          /* consumed: move past it */
    AEMU_PM4_RETRY,         /* a wait not yet satisfied: run it again later */
    AEMU_PM4_STOP,          /* the queue hung, or was reset under the packet */
} AemuPm4Result;

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
    /* Results the stream processor applies once the packet is consumed. */
    bool push_ib;
    AemuCpIb ib;
    uint32_t skip;          /* dwords after the packet to skip */
} AemuPm4Packet;

typedef AemuPm4Result AemuPm4Handler(AemuDevice *d, AemuPm4Packet *p);

/* Stop the queue on p: report it, mark it hung, tell the owning block. */
AemuPm4Result aemu_pm4_fail(AemuDevice *d, AemuPm4Packet *p, AemuCpError e,
                            const char *fmt, ...) G_GNUC_PRINTF(4, 5);
/*
 * The same for a valid packet the model cannot run: the queue stops as it
 * would on a bad one, reported as unimplemented instead of a guest error.
 */
AemuPm4Result aemu_pm4_unimp(AemuDevice *d, AemuPm4Packet *p, AemuCpError e,
                             const char *fmt, ...) G_GNUC_PRINTF(4, 5);

AemuPm4Handler aemu_pm4_set_base;
AemuPm4Handler aemu_pm4_set_reg;
AemuPm4Handler aemu_pm4_write_data;
AemuPm4Handler aemu_pm4_wait_reg_mem;
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

/* Register writes a stream makes (type-0 packets, SET_*_REG, ...). */
bool aemu_pm4_reg_write(AemuDevice *d, AemuPm4Packet *p, uint32_t reg,
                        uint32_t value, AemuPm4Result *r);

#endif
