/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: CIK SDMA packets, the decoder table and the handlers.
 *
 * One table row per (opcode, sub-opcode) the drivers emit: its name, the
 * dwords to read before its length is known, how the length follows from
 * them, and the handler. Anything not in the table is an illegal
 * instruction. The RLC queues (KFD's) decode with the same table but for
 * TRAP, which carries an interrupt context there (exec_trap says why).
 * The handlers here decode CIK's fields and run the bodies
 * SDMA 4.0 shares (sdma_packets_common.c); NOP, FENCE, SEMAPHORE,
 * POLL_REG_MEM and SRBM_WRITE are the shared handlers as they are.
 *
 * Semantics are those the drivers rely on (cik_sdma.c in amdgpu and
 * radeon); where the drivers do not pin them down the comment says
 * "inferred".
 */
#include "sdma_cik.h"

/*
 * COPY linear: byte_count (exact, unlike SDMA 4.0's count - 1), endian
 * swap (0), src, dst.
 */
static SdmaStatus exec_copy_linear(AemuDevice *d, SdmaQueue *q,
                                   const SdmaPacket *p, unsigned *budget)
{
    return sdma_copy_linear(d, q, p, aemu_addr64(p->dw[3], p->dw[4]),
                            aemu_addr64(p->dw[5], p->dw[6]),
                            p->dw[1] & SDMA_COPY_LINEAR_COUNT_MASK, budget);
}

/* WRITE linear: dst, count (exact), then count dwords of data. */
static uint32_t write_linear_length(const uint32_t *dw)
{
    return SDMA_WRITE_LINEAR_HDR_DW + (dw[3] & SDMA_WRITE_LINEAR_COUNT_MASK);
}

static SdmaStatus exec_write_linear(AemuDevice *d, SdmaQueue *q,
                                    const SdmaPacket *p, unsigned *budget)
{
    return sdma_write_linear(d, q, p, aemu_addr64(p->dw[1], p->dw[2]),
                             SDMA_WRITE_LINEAR_HDR_DW,
                             p->ndw - SDMA_WRITE_LINEAR_HDR_DW, budget);
}

/* INDIRECT_BUFFER: VMID in the header, 32-byte aligned base, size. */
static SdmaStatus exec_indirect_buffer(AemuDevice *d, SdmaQueue *q,
                                       const SdmaPacket *p, unsigned *budget)
{
    uint64_t base = aemu_addr64(p->dw[1], p->dw[2]) &
                    ~(uint64_t)(SDMA_INDIRECT_IB_BASE_ALIGN - 1);
    unsigned vmid = SDMA_PKT_EXTRA(p->dw[0]) & SDMA_INDIRECT_EXTRA_VMID_MASK;

    return sdma_start_ib(d, q, base, p->dw[3] & SDMA_INDIRECT_IB_SIZE_MASK,
                         vmid);
}

/*
 * TRAP: how long it is depends on the queue (inferred; docs/kfd.md,
 * "Hawaii (gfx701)", says more).
 *
 * The kernel's rings say one dword. Both drivers emit CIK's TRAP as a
 * lone header and put the next packet right behind it: radeon's
 * cik_sdma_fence_ring_emit follows it with the HDP flush's POLL_REG_MEM,
 * amdgpu_ib_schedule follows the user fence's TRAP with the job fence's
 * FENCE, and cik_sdma's emit_frame_size counts 9 dwords a fence (FENCE,
 * FENCE, TRAP) where SDMA 2.4's counts 10. Were the hardware's TRAP two
 * dwords on that queue, it would eat the next header and run the
 * following address as a packet; both drivers' fences work on real CIK
 * boards. NOP padding alone (amdgpu_ring_commit to align_mask 0xf) would
 * hide a second dword, but nothing pads between those packets.
 *
 * The user queues say two. ROCr's gfx7 blit (BlitSdmaV2V3, the VI
 * SDMA 2.x/3.x packet set ROCr also uses on gfx7) and KFD's own tests
 * (kfdtest's SDMAQueue, on every family) end a submission with
 * TRAP and INT_CONTEXT = the event id, nothing after it; and KFD's
 * cik_event_interrupt takes the SDMA trap IV's src_data as the event id,
 * which a one-dword TRAP could not fill. Decoded as one dword, the event
 * id would run as a packet header (id 1 a COPY, 5 a FENCE ...).
 *
 * So the model gives the gfx queue the one-dword TRAP (no context in its
 * IV) and the RLC queues the two-dword one, the context in the IV: each
 * stream is decoded as its only authors write it.
 */
static SdmaStatus exec_trap(AemuDevice *d, SdmaQueue *q, const SdmaPacket *p,
                            unsigned *budget)
{
    return sdma_trap(d, q, p->vmid, 0);
}

static SdmaStatus exec_trap_context(AemuDevice *d, SdmaQueue *q,
                                    const SdmaPacket *p, unsigned *budget)
{
    return sdma_trap(d, q, p->vmid, p->dw[1] & SDMA_TRAP_INT_CONTEXT_MASK);
}

/* CONSTANT_FILL: dst, 32-bit data, byte count (exact), size in the header. */
static SdmaStatus exec_constant_fill(AemuDevice *d, SdmaQueue *q,
                                     const SdmaPacket *p, unsigned *budget)
{
    unsigned size = (SDMA_PKT_EXTRA(p->dw[0]) &
                     SDMA_CONSTANT_FILL_EXTRA_SIZE_MASK) >>
                    SDMA_CONSTANT_FILL_EXTRA_SIZE_SHIFT;

    return sdma_constant_fill(d, q, p, aemu_addr64(p->dw[1], p->dw[2]),
                              p->dw[3],
                              p->dw[4] & SDMA_CONSTANT_FILL_COUNT_MASK,
                              size == SDMA_CONSTANT_FILL_SIZE_DWORD, budget);
}

/* GENERATE_PTE_PDE: dst, flags, value, incr, count (exact). */
static SdmaStatus exec_generate_pte_pde(AemuDevice *d, SdmaQueue *q,
                                        const SdmaPacket *p, unsigned *budget)
{
    return sdma_generate_pte_pde(d, q, p, aemu_addr64(p->dw[1], p->dw[2]),
                                 aemu_addr64(p->dw[3], p->dw[4]),
                                 aemu_addr64(p->dw[5], p->dw[6]),
                                 aemu_addr64(p->dw[7], p->dw[8]),
                                 p->dw[9] & SDMA_GENERATE_PTE_PDE_COUNT_MASK,
                                 budget);
}

static const SdmaPacketDesc packets[] = {
    { SDMA_OPCODE_NOP, 0, "NOP", SDMA_NOP_DW, sdma_nop_length, sdma_exec_nop },
    { SDMA_OPCODE_COPY, SDMA_COPY_SUB_OPCODE_LINEAR, "COPY_LINEAR",
      SDMA_COPY_LINEAR_DW, NULL, exec_copy_linear },
    { SDMA_OPCODE_TIMESTAMP, SDMA_TIMESTAMP_SUB_OPCODE_GET_LOCAL,
      "TIMESTAMP_GET_LOCAL", SDMA_TIMESTAMP_GET_DW, NULL,
      sdma_exec_timestamp_get },
    { SDMA_OPCODE_TIMESTAMP, SDMA_TIMESTAMP_SUB_OPCODE_GET_GLOBAL,
      "TIMESTAMP_GET_GLOBAL", SDMA_TIMESTAMP_GET_DW, NULL,
      sdma_exec_timestamp_get },
    { SDMA_OPCODE_WRITE, SDMA_WRITE_SUB_OPCODE_LINEAR, "WRITE_LINEAR",
      SDMA_WRITE_LINEAR_HDR_DW, write_linear_length, exec_write_linear },
    { SDMA_OPCODE_INDIRECT_BUFFER, 0, "INDIRECT_BUFFER",
      SDMA_INDIRECT_BUFFER_DW, NULL, exec_indirect_buffer },
    { SDMA_OPCODE_FENCE, 0, "FENCE", SDMA_FENCE_DW, NULL, sdma_exec_fence },
    { SDMA_OPCODE_TRAP, 0, "TRAP", SDMA_TRAP_DW, NULL, exec_trap },
    { SDMA_OPCODE_SEMAPHORE, 0, "SEMAPHORE", SDMA_SEMAPHORE_DW, NULL,
      sdma_exec_semaphore },
    { SDMA_OPCODE_POLL_REG_MEM, 0, "POLL_REG_MEM", SDMA_POLL_REG_MEM_DW, NULL,
      sdma_exec_poll_reg_mem },
    { SDMA_OPCODE_CONSTANT_FILL, 0, "CONSTANT_FILL", SDMA_CONSTANT_FILL_DW,
      NULL, exec_constant_fill },
    { SDMA_OPCODE_GENERATE_PTE_PDE, 0, "GENERATE_PTE_PDE",
      SDMA_GENERATE_PTE_PDE_DW, NULL, exec_generate_pte_pde },
    { SDMA_OPCODE_SRBM_WRITE, 0, "SRBM_WRITE", SDMA_SRBM_WRITE_DW, NULL,
      sdma_exec_srbm_write },
};

/*
 * CIK packets the engine has (radeon's cikd.h names them) and the table
 * above lacks: tiled and sub-window copies, tiled writes and timestamps.
 */
static const SdmaUnmodelled unmodelled[] = {
    { SDMA_OPCODE_COPY, SDMA_COPY_SUB_OPCODE_TILED, "COPY_TILED" },
    { SDMA_OPCODE_COPY, SDMA_COPY_SUB_OPCODE_SOA, "COPY_SOA" },
    { SDMA_OPCODE_COPY, SDMA_COPY_SUB_OPCODE_LINEAR_SUB_WINDOW,
      "COPY_LINEAR_SUB_WINDOW" },
    { SDMA_OPCODE_COPY, SDMA_COPY_SUB_OPCODE_TILED_SUB_WINDOW,
      "COPY_TILED_SUB_WINDOW" },
    { SDMA_OPCODE_COPY, SDMA_COPY_SUB_OPCODE_T2T_SUB_WINDOW,
      "COPY_T2T_SUB_WINDOW" },
    { SDMA_OPCODE_WRITE, SDMA_WRITE_SUB_OPCODE_TILED, "WRITE_TILED" },
    { SDMA_OPCODE_TIMESTAMP, SDMA_TIMESTAMP_SUB_OPCODE_SET_LOCAL,
      "TIMESTAMP_SET_LOCAL" },
};

const char *sdma_cik_packet_unmodelled(uint32_t header)
{
    return sdma_unmodelled_lookup(unmodelled, G_N_ELEMENTS(unmodelled),
                                  header);
}

const SdmaPacketDesc *sdma_cik_packet_lookup(uint32_t header)
{
    return sdma_table_lookup(packets, G_N_ELEMENTS(packets), header);
}

/* The RLC queues' table: the gfx queue's, but TRAP carries its context. */
static const SdmaPacketDesc rlc_trap = {
    SDMA_OPCODE_TRAP, 0, "TRAP", SDMA_TRAP_CONTEXT_DW, NULL,
    exec_trap_context,
};

const SdmaPacketDesc *sdma_cik_rlc_packet_lookup(uint32_t header)
{
    const SdmaPacketDesc *desc = sdma_cik_packet_lookup(header);

    return desc && desc->op == SDMA_OPCODE_TRAP ? &rlc_trap : desc;
}
