/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: SDMA 4.0 (Vega10) packets, the decoder table.
 *
 * One row per packet sdma_v4_0.c emits (ring and IB tests, fences and
 * traps, IBs, HDP flush and register waits, TTM copies and fills, page
 * table updates, the VM flush's SRBM writes and polls) plus SEMAPHORE,
 * which kept CIK's format. NOP, FENCE, SEMAPHORE, POLL_REGMEM and
 * SRBM_WRITE are CIK's handlers as they are (sdma_packets_common.c): the
 * asserts below check that vega10_sdma_pkt_open.h places their fields
 * where CIK's do. The others decode the 4.0 layout here and run the
 * shared bodies. Anything not in the table is an illegal instruction; the
 * packets 4.0 has that the driver does not emit hang as unmodelled.
 */
#include "sdma_v4_0.h"
/* CIK's names, for the checks that the shared handlers fit 4.0. */
#include "sdma_cik_pkt.h"

G_STATIC_ASSERT(SDMA_PKT_NOP_HEADER_COUNT(0x3FFFu) == SDMA_NOP_COUNT_MASK);
G_STATIC_ASSERT(SDMA_PKT_POLL_REGMEM_HEADER_HDP_FLUSH(1) ==
                SDMA_PACKET(0, 0, SDMA_POLL_REG_MEM_EXTRA_OP(
                    SDMA_POLL_REG_MEM_OP_WRITE_WAIT)));
G_STATIC_ASSERT(SDMA_PKT_POLL_REGMEM_HEADER_FUNC(7) ==
                SDMA_PACKET(0, 0, SDMA_POLL_REG_MEM_EXTRA_FUNC_MASK));
G_STATIC_ASSERT(SDMA_PKT_POLL_REGMEM_HEADER_MEM_POLL(1) ==
                SDMA_PACKET(0, 0, SDMA_POLL_REG_MEM_EXTRA_M));
G_STATIC_ASSERT(SDMA_PKT_SRBM_WRITE_HEADER_BYTE_EN(0xF) ==
                SDMA_PACKET(0, 0, SDMA_SRBM_WRITE_EXTRA_BYTE_ENABLE_MASK));
G_STATIC_ASSERT((1u << SDMA_PKT_SEMAPHORE_HEADER_write_one_shift) ==
                SDMA_PACKET(0, 0, SDMA_SEMAPHORE_EXTRA_O));
G_STATIC_ASSERT((1u << SDMA_PKT_SEMAPHORE_HEADER_signal_shift) ==
                SDMA_PACKET(0, 0, SDMA_SEMAPHORE_EXTRA_S));
G_STATIC_ASSERT(SDMA4_FENCE_DW == SDMA_FENCE_DW &&
                SDMA4_POLL_REGMEM_DW == SDMA_POLL_REG_MEM_DW &&
                SDMA4_SRBM_WRITE_DW == SDMA_SRBM_WRITE_DW &&
                SDMA4_SEMAPHORE_DW == SDMA_SEMAPHORE_DW &&
                SDMA4_NOP_DW == SDMA_NOP_DW);
G_STATIC_ASSERT(SDMA4_PTEPDE_GEN_DW <= SDMA_MAX_FIXED_DW);

/* COPY_LINEAR: count (bytes - 1), parameter, src lo/hi, dst lo/hi. */
static SdmaStatus exec_copy_linear(AemuDevice *d, SdmaQueue *q,
                                   const SdmaPacket *p, unsigned *budget)
{
    uint32_t count = (p->dw[1] & SDMA_PKT_COPY_LINEAR_COUNT_count_mask) + 1;

    return sdma_copy_linear(d, q, p, aemu_addr64(p->dw[3], p->dw[4]),
                            aemu_addr64(p->dw[5], p->dw[6]), count, budget);
}

/* WRITE_UNTILED: dst lo/hi, count (dwords - 1), then the data. */
static uint32_t write_untiled_length(const uint32_t *dw)
{
    return SDMA4_WRITE_UNTILED_HDR_DW +
           (dw[3] & SDMA_PKT_WRITE_UNTILED_DW_3_count_mask) + 1;
}

static SdmaStatus exec_write_untiled(AemuDevice *d, SdmaQueue *q,
                                     const SdmaPacket *p, unsigned *budget)
{
    return sdma_write_linear(d, q, p, aemu_addr64(p->dw[1], p->dw[2]),
                             SDMA4_WRITE_UNTILED_HDR_DW,
                             p->ndw - SDMA4_WRITE_UNTILED_HDR_DW, budget);
}

/*
 * INDIRECT: VMID in the header, 32-byte aligned base, size in dwords, and
 * a context save area (0 from sdma_v4_0_ring_emit_ib; preemption is not
 * modelled, so it is not read).
 */
static SdmaStatus exec_indirect(AemuDevice *d, SdmaQueue *q,
                                const SdmaPacket *p, unsigned *budget)
{
    uint64_t base = aemu_addr64(p->dw[1], p->dw[2]) &
                    ~(uint64_t)(SDMA4_INDIRECT_IB_BASE_ALIGN - 1);
    unsigned vmid = (p->dw[0] >> SDMA_PKT_INDIRECT_HEADER_vmid_shift) &
                    SDMA_PKT_INDIRECT_HEADER_vmid_mask;

    return sdma_start_ib(d, q, base,
                         p->dw[3] & SDMA_PKT_INDIRECT_IB_SIZE_ib_size_mask,
                         vmid);
}

/* TRAP: the interrupt context goes to the IV's src_data[0] (inferred). */
static SdmaStatus exec_trap(AemuDevice *d, SdmaQueue *q, const SdmaPacket *p,
                            unsigned *budget)
{
    return sdma_trap(d, q, p->vmid,
                     p->dw[1] & SDMA_PKT_TRAP_INT_CONTEXT_int_context_mask);
}

/* CONST_FILL: dst lo/hi, data, count (bytes - 1); FILLSIZE 2 = dwords. */
static SdmaStatus exec_const_fill(AemuDevice *d, SdmaQueue *q,
                                  const SdmaPacket *p, unsigned *budget)
{
    unsigned size = (p->dw[0] >> SDMA_PKT_CONSTANT_FILL_HEADER_fillsize_shift) &
                    SDMA_PKT_CONSTANT_FILL_HEADER_fillsize_mask;
    uint32_t count = (p->dw[4] & SDMA_PKT_CONSTANT_FILL_COUNT_count_mask) + 1;

    return sdma_constant_fill(d, q, p, aemu_addr64(p->dw[1], p->dw[2]),
                              p->dw[3], count,
                              size == SDMA_CONSTANT_FILL_FILLSIZE_DWORD,
                              budget);
}

/* PTEPDE generate: pe, flags, value, incr (64-bit each), count - 1. */
static SdmaStatus exec_ptepde_gen(AemuDevice *d, SdmaQueue *q,
                                  const SdmaPacket *p, unsigned *budget)
{
    uint32_t count = (p->dw[9] & SDMA_PKT_PTEPDE_COPY_COUNT_count_mask) + 1;

    return sdma_generate_pte_pde(d, q, p, aemu_addr64(p->dw[1], p->dw[2]),
                                 aemu_addr64(p->dw[3], p->dw[4]),
                                 aemu_addr64(p->dw[5], p->dw[6]),
                                 aemu_addr64(p->dw[7], p->dw[8]), count,
                                 budget);
}

static const SdmaPacketDesc packets[] = {
    { SDMA_OP_NOP, 0, "NOP", SDMA4_NOP_DW, sdma_nop_length, sdma_exec_nop },
    { SDMA_OP_COPY, SDMA_SUBOP_COPY_LINEAR, "COPY_LINEAR",
      SDMA4_COPY_LINEAR_DW, NULL, exec_copy_linear },
    { SDMA_OP_WRITE, SDMA_SUBOP_WRITE_LINEAR, "WRITE_UNTILED",
      SDMA4_WRITE_UNTILED_HDR_DW, write_untiled_length, exec_write_untiled },
    { SDMA_OP_INDIRECT, 0, "INDIRECT", SDMA4_INDIRECT_DW, NULL,
      exec_indirect },
    { SDMA_OP_FENCE, 0, "FENCE", SDMA4_FENCE_DW, NULL, sdma_exec_fence },
    { SDMA_OP_TRAP, 0, "TRAP", SDMA4_TRAP_DW, NULL, exec_trap },
    { SDMA_OP_SEM, 0, "SEMAPHORE", SDMA4_SEMAPHORE_DW, NULL,
      sdma_exec_semaphore },
    { SDMA_OP_POLL_REGMEM, 0, "POLL_REGMEM", SDMA4_POLL_REGMEM_DW, NULL,
      sdma_exec_poll_reg_mem },
    { SDMA_OP_CONST_FILL, 0, "CONST_FILL", SDMA4_CONST_FILL_DW, NULL,
      exec_const_fill },
    { SDMA_OP_TIMESTAMP, SDMA_SUBOP_TIMESTAMP_GET, "TIMESTAMP_GET",
      SDMA_TIMESTAMP_GET_DW, NULL, sdma_exec_timestamp_get },
    { SDMA_OP_TIMESTAMP, SDMA_SUBOP_TIMESTAMP_GET_GLOBAL,
      "TIMESTAMP_GET_GLOBAL", SDMA_TIMESTAMP_GET_DW, NULL,
      sdma_exec_timestamp_get },
    { SDMA_OP_PTEPDE, SDMA_SUBOP_PTEPDE_GEN, "GEN_PTEPDE",
      SDMA4_PTEPDE_GEN_DW, NULL, exec_ptepde_gen },
    { SDMA_OP_SRBM_WRITE, 0, "SRBM_WRITE", SDMA4_SRBM_WRITE_DW, NULL,
      sdma_exec_srbm_write },
};

/*
 * Packets SDMA 4.0 has (vega10_sdma_pkt_open.h) that amdgpu does not emit:
 * they hang the queue as unmodelled rather than as illegal.
 */
static const SdmaUnmodelled unmodelled[] = {
    { SDMA_OP_COPY, SDMA_SUBOP_COPY_TILED, "COPY_TILED" },
    { SDMA_OP_COPY, SDMA_SUBOP_COPY_SOA, "COPY_SOA" },
    { SDMA_OP_COPY, SDMA_SUBOP_COPY_LINEAR_SUB_WIND, "COPY_LINEAR_SUB_WIND" },
    { SDMA_OP_COPY, SDMA_SUBOP_COPY_TILED_SUB_WIND, "COPY_TILED_SUB_WIND" },
    { SDMA_OP_COPY, SDMA_SUBOP_COPY_T2T_SUB_WIND, "COPY_T2T_SUB_WIND" },
    { SDMA_OP_COPY, SDMA_SUBOP_COPY_DIRTY_PAGE, "COPY_DIRTY_PAGE" },
    { SDMA_OP_COPY, SDMA_SUBOP_COPY_LINEAR_PHY, "COPY_LINEAR_PHY" },
    { SDMA_OP_WRITE, SDMA_SUBOP_WRITE_TILED, "WRITE_TILED" },
    { SDMA_OP_POLL_REGMEM, SDMA_SUBOP_POLL_REG_WRITE_MEM,
      "POLL_REG_WRITE_MEM" },
    { SDMA_OP_POLL_REGMEM, SDMA_SUBOP_POLL_DBIT_WRITE_MEM,
      "POLL_DBIT_WRITE_MEM" },
    { SDMA_OP_POLL_REGMEM, SDMA_SUBOP_POLL_MEM_VERIFY, "POLL_MEM_VERIFY" },
    { SDMA_OP_COND_EXE, 0, "COND_EXE" },
    { SDMA_OP_ATOMIC, 0, "ATOMIC" },
    { SDMA_OP_CONST_FILL, SDMA_SUBOP_DATA_FILL_MULTI, "DATA_FILL_MULTI" },
    { SDMA_OP_PTEPDE, SDMA_SUBOP_PTEPDE_COPY, "PTEPDE_COPY" },
    { SDMA_OP_PTEPDE, SDMA_SUBOP_PTEPDE_RMW, "PTEPDE_RMW" },
    { SDMA_OP_PTEPDE, SDMA_SUBOP_PTEPDE_COPY_BACKWARDS,
      "PTEPDE_COPY_BACKWARDS" },
    { SDMA_OP_TIMESTAMP, SDMA_SUBOP_TIMESTAMP_SET, "TIMESTAMP_SET" },
    { SDMA_OP_PRE_EXE, 0, "PRE_EXE" },
    { SDMA_OP_DUMMY_TRAP, 0, "DUMMY_TRAP" },
};

const SdmaPacketDesc *sdma_v4_0_packet_lookup(uint32_t header)
{
    return sdma_table_lookup(packets, G_N_ELEMENTS(packets), header);
}

const char *sdma_v4_0_packet_unmodelled(uint32_t header)
{
    return sdma_unmodelled_lookup(unmodelled, G_N_ELEMENTS(unmodelled),
                                  header);
}
