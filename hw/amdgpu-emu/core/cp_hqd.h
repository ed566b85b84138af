/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the MECs' hardware queue descriptors (HQDs), shared by
 * the CP blocks of every generation that has them (gfx_v7_cp.c,
 * gfx_v9_cp.c).
 *
 * An HQD is a compute queue whose registers (CP_HQD_*, banked per
 * ME/pipe/queue) say where its ring is; CP_HQD_ACTIVE starts it from
 * them, a dequeue request or CP_HQD_ACTIVE = 0 stops it with its read
 * pointer kept, a doorbell at CP_HQD_PQ_DOORBELL_CONTROL's offset moves
 * its write pointer, and its fences and faults raise the pipe's
 * interrupts. These mechanics are the same from CIK to gfx9 with other
 * register offsets and fields: each generation gives them as an
 * AemuHqdRegs, and keeps what differs (how IVs are encoded, how doorbells
 * reach the CP, the KIQ) in its own block.
 */
#ifndef AMDGPU_EMU_CP_HQD_H
#define AMDGPU_EMU_CP_HQD_H

#include "cp_pm4.h"

/* The longest MQD HQD image the model loads (gfx9: 0x3245..0x327F). */
#define AEMU_HQD_MQD_MAX_REGS   64

/* MECs, pipes per MEC and queues per pipe the model has room for. */
#define AEMU_HQD_MAX_MEC        2
#define AEMU_HQD_MAX_PIPES      4
#define AEMU_HQD_MAX_QUEUES     8

/* A generation's HQD registers (dword offsets) and fields. */
typedef struct AemuHqdRegs {
    /* Per queue (banked by ME/pipe/queue). */
    uint32_t active;
    AemuField active_field;
    uint32_t vmid;
    AemuField vmid_field;
    uint32_t pq_base, pq_base_hi;
    AemuField pq_base_hi_field;
    uint32_t pq_control;
    AemuField queue_size;               /* ring of 2^(QUEUE_SIZE + 1) dw */
    AemuField no_update_rptr;
    uint32_t pq_rptr;
    uint32_t pq_wptr;                   /* the write pointer's low dword */
    uint32_t pq_wptr_hi;                /* 0: a 32-bit write pointer */
    uint32_t rptr_report_addr, rptr_report_addr_mask;
    uint32_t rptr_report_addr_hi, rptr_report_addr_hi_mask;
    uint32_t doorbell_control, doorbell_offset_mask, doorbell_en_mask;
    uint32_t dequeue_request;
    AemuField dequeue_req;
    /*
     * The register and bit that make a queue AQL (gfx9: CP_HQD_AQL_CONTROL;
     * CIK: CP_HQD_IQ_RPTR; 0: the generation has no AQL), and what its
     * write pointer means: ROCr's doorbell types (KFD's topology
     * capability HSA_CAP_DOORBELL_TYPE_*): on gfx9 (2.0) the doorbell gets
     * the index of the last packet written and CP_HQD_PQ_WPTR the
     * unwrapped write pointer in dwords; on CIK (pre-1.0) both get the end
     * of the written packets as a dword offset in the ring, which ROCr
     * makes twice the HSA queue so that a full queue is not an empty one.
     */
    uint32_t aql_control, aql_enable_mask;
    bool aql_wptr_in_ring;
    /*
     * The HQD image in the generation's MQD, for the KIQ's MAP_QUEUES
     * (struct v9_mqd, struct vi_mqd): from dword mqd_image_dw (the
     * cp_mqd_base_addr_lo field) on, mqd_image_regs dwords, one per
     * register in register order from mqd_base_addr (CP_MQD_BASE_ADDR).
     * 0 registers: the generation has no KIQ (CIK).
     */
    uint32_t mqd_base_addr, mqd_image_dw, mqd_image_regs;
    /* Per MEC and pipe. */
    uint32_t mec_cntl, mec_me1_halt_mask, mec_me2_halt_mask;
    uint32_t mec_me1_header_dump, mec_me2_header_dump;
    uint32_t me1_pipe0_int_cntl, me2_pipe0_int_cntl;
    uint32_t me1_pipe0_int_status, me2_pipe0_int_status;
    uint32_t time_stamp_int_enable;
    uint32_t opcode_error_int_enable, opcode_error_int_status;
    uint32_t priv_reg_int_enable, priv_reg_int_status;
    /*
     * Write a stopped queue's state back into its MQD (the generation's
     * MQD layout), at *mqd; what a dequeue request does before KFD reloads
     * the queue from the MQD.
     */
    AemuMemStatus (*save_mqd)(AemuDevice *d, AemuCpQueue *q, uint64_t *mqd);
    /*
     * Post the generation's IV for a CP source of queue q, in the queue's
     * VMID, with context id ctxid.
     */
    void (*post_iv)(AemuDevice *d, const AemuCpQueue *q, uint8_t src_id,
                    uint32_t ctxid);
} AemuHqdRegs;

/* A CP's HQDs: MEC m + 1, pipe p, queue n is q[m][p][n]. */
struct AemuHqds {
    const AemuHqdRegs *regs;
    AemuCpQueue q[AEMU_HQD_MAX_MEC][AEMU_HQD_MAX_PIPES][AEMU_HQD_MAX_QUEUES];
    unsigned num_mec, num_pipes, num_queues;
};

#define aemu_for_each_hqd(hqds, q) \
    for (unsigned m_ = 0; m_ < (hqds)->num_mec; m_++) \
        for (unsigned p_ = 0; p_ < (hqds)->num_pipes; p_++) \
            for (unsigned q_ = 0; q_ < (hqds)->num_queues; q_++) \
                for (AemuCpQueue *q = &(hqds)->q[m_][p_][q_]; q; q = NULL)

/* Set up the ASIC's MECs' queues, running isa. */
void aemu_hqds_init(AemuDevice *d, AemuHqds *hqds, const AemuHqdRegs *regs,
                    AemuCpShared *shared, const AemuPm4Isa *isa);
/* The queue at ME me (1-based), pipe, queue, or NULL. */
AemuCpQueue *aemu_hqd_at(AemuHqds *hqds, unsigned me, unsigned pipe,
                         unsigned queue);
/* The queue the ASIC's queue selector (SRBM/GRBM_GFX_CNTL) names. */
AemuCpQueue *aemu_hqd_selected(AemuDevice *d, AemuHqds *hqds);

uint32_t aemu_hqd_get(AemuDevice *d, const AemuCpQueue *q, uint32_t dw);
void aemu_hqd_set(AemuDevice *d, const AemuCpQueue *q, uint32_t dw,
                  uint32_t value);
bool aemu_hqd_active(AemuDevice *d, const AemuCpQueue *q);
/* Start the queue from its registers (pointers from PQ_RPTR / PQ_WPTR). */
void aemu_hqd_activate(AemuDevice *d, AemuCpQueue *q);
/* Stop it at once; its read pointer stays readable in PQ_RPTR. */
void aemu_hqd_deactivate(AemuDevice *d, AemuCpQueue *q);
/* A new write pointer (dwords), from a register or a doorbell. */
void aemu_hqd_set_wptr(AemuDevice *d, AemuCpQueue *q, uint64_t wptr);
/*
 * A doorbell at byte offset `at` of BAR2: the write pointer of the active
 * HQD whose doorbell control names it. False if none does.
 */
bool aemu_hqd_doorbell(AemuDevice *d, AemuHqds *hqds, uint64_t at,
                       uint64_t wptr);
/*
 * Read the HQD image of the MQD at mqd (through vmid, as client) into img,
 * regs->mqd_image_regs dwords in host order.
 */
AemuMemStatus aemu_hqd_mqd_read(AemuDevice *d, const AemuHqds *hqds,
                                unsigned vmid, uint64_t mqd, uint32_t *img,
                                const AemuMemClient *client);
/*
 * Load an MQD's HQD image into q's registers and start q: what the KIQ's
 * MAP_QUEUES does. The doorbell is db (the byte offset the packet gives,
 * enabled: the MQDs leave DOORBELL_EN to whoever maps them), the image's
 * CP_HQD_ACTIVE is set (a KCQ's MQD holds 0, "map_queues packet doesn't
 * need activate the queue"). A queue already active is stopped first.
 */
void aemu_hqd_mqd_load(AemuDevice *d, AemuCpQueue *q, uint32_t *img,
                       uint32_t db);

/* Which MECs have a busy queue: bit me - 1. */
unsigned aemu_hqds_busy(AemuDevice *d, AemuHqds *hqds);
/* The MEC parts of a soft or device reset (AEMU_UNIT_CP_MEC1/2). */
void aemu_hqds_reset(AemuDevice *d, AemuHqds *hqds, uint32_t units);
/* Save or load every HQD's queue (snapshots, state.h). */
void aemu_hqds_state(AemuStateIo *s, AemuHqds *hqds);
/*
 * CP_MEC_CNTL changed: every queue may run (or stop) now, and a running
 * MEC services the dequeue requests it left pending while halted.
 */
void aemu_hqds_kick(AemuDevice *d, AemuHqds *hqds);

/* Register handlers' bodies, for the selected queue. */
void aemu_hqd_active_write(AemuDevice *d, AemuHqds *hqds, uint32_t dw,
                           uint32_t value);
void aemu_hqd_dequeue_write(AemuDevice *d, AemuHqds *hqds, uint32_t dw,
                            uint32_t value);
uint32_t aemu_hqd_rptr_read(AemuDevice *d, AemuHqds *hqds, uint32_t dw);
void aemu_hqd_rptr_write(AemuDevice *d, AemuHqds *hqds, uint32_t dw,
                         uint32_t value);
void aemu_hqd_wptr_write(AemuDevice *d, AemuHqds *hqds, uint32_t dw,
                         uint32_t value);
/*
 * CPC_INT_CNTL (dw): the interrupt control of the MEC pipe the queue
 * selector names, i.e. that pipe's CP_MEn_PIPEm_INT_CNTL; KFD's
 * init_interrupts writes it under each of its pipes' selection with
 * TIME_STAMP_INT_ENABLE | OPCODE_ERROR_INT_ENABLE (the end-of-pipe IVs its
 * user queues' events come by). Outside an MEC selection it is a latch.
 */
uint32_t aemu_hqd_cpc_int_cntl_read(AemuDevice *d, AemuHqds *hqds,
                                    uint32_t dw);
void aemu_hqd_cpc_int_cntl_write(AemuDevice *d, AemuHqds *hqds, uint32_t dw,
                                 uint32_t value);

#endif
