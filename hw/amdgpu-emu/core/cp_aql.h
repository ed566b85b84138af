/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the MEC's AQL packet processor, what runs an HSA
 * (Architected Queuing Language) user queue.
 *
 * ROCr's queues (hsa_queue_create) are HQDs whose CP_HQD_AQL_CONTROL KFD
 * sets (kfd_mqd_manager_v9.c init_mqd): their ring holds 64-byte HSA
 * packets, not PM4, and user space rings the doorbell with the index of
 * the last packet it wrote. The processor takes packets in order while
 * their header is valid: kernel dispatches (from the kernel descriptor the
 * packet names, with the user SGPRs the descriptor enables), barrier-AND
 * and barrier-OR (waits on up to five signals), AMD's vendor packets (a
 * PM4 IB, a barrier on a signal value). After each, it writes the read
 * index to the queue's read_dispatch_id and completes the packet's signal:
 * decrements its value and, when the signal has an event mailbox, writes
 * the event id there and sends the end-of-pipe interrupt with that id, the
 * IV KFD signals the event by.
 *
 * Layouts: HSA's hsa.h (packets), ROCr's amd_hsa_queue.h, amd_hsa_signal.h
 * and the AMD vendor packets (Debian's libhsa-runtime-dev), LLVM's
 * AMDGPUUsage (kernel descriptor, initial kernel execution state).
 */
#ifndef AMDGPU_EMU_CP_AQL_H
#define AMDGPU_EMU_CP_AQL_H

#include "cp_pm4.h"

/* An AQL packet is 64 bytes: 16 dwords of the ring. */
#define AEMU_AQL_PACKET_DW      16u

/*
 * The queue was activated with write pointer wptr_dw (dwords; not wrapped,
 * or with q->aql_wptr_in_ring an offset in the ring): take the read index
 * from read_dispatch_id, where the processor left it (0 for a new queue;
 * the packets done before a preemption otherwise).
 */
void aemu_aql_activate(AemuDevice *d, AemuCpQueue *q, uint64_t wptr_dw);
/*
 * A new write pointer in dwords (a register write or a doorbell; with
 * q->aql_wptr_in_ring an offset in the ring).
 */
void aemu_aql_set_wptr(AemuCpQueue *q, uint64_t wptr_dw);
/*
 * The write pointer (dwords) a doorbell value means: the index of the
 * last packet written (ROCr's AQL doorbell), so the processor may take
 * packets up to the next one; never backwards.
 */
uint64_t aemu_aql_doorbell_wptr(const AemuCpQueue *q, uint64_t value);
/* Run (or continue) the packet at the read index (cp_pm4.c's step). */
AemuStep aemu_aql_step(AemuDevice *d, AemuCpQueue *q, unsigned *budget);

#endif
