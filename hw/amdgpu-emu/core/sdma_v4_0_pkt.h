/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the SDMA 4.0 (Vega10) packet format, the subset the
 * model decodes, with the names and values of Linux's
 * vega10_sdma_pkt_open.h (SDMA_OP_*, SDMA_SUBOP_*, SDMA_PKT_<packet>_
 * <dword>_<field>_mask/_shift). Header: op[7:0] | sub_op[15:8] | packet
 * bits [31:16], as on CIK. The counts of COPY_LINEAR, WRITE_UNTILED,
 * CONSTANT_FILL and PTEPDE are "minus one" (sdma_v4_0_emit_copy_buffer,
 * sdma_v4_0_vm_write_pte, sdma_v4_0_emit_fill_buffer,
 * sdma_v4_0_vm_set_pte_pde).
 */
#ifndef AMDGPU_EMU_SDMA_V4_0_PKT_H
#define AMDGPU_EMU_SDMA_V4_0_PKT_H

#define SDMA_OP_NOP                     0
#define SDMA_OP_COPY                    1
#define SDMA_OP_WRITE                   2
#define SDMA_OP_INDIRECT                4
#define SDMA_OP_FENCE                   5
#define SDMA_OP_TRAP                    6
#define SDMA_OP_SEM                     7
#define SDMA_OP_POLL_REGMEM             8
#define SDMA_OP_COND_EXE                9
#define SDMA_OP_ATOMIC                  10
#define SDMA_OP_CONST_FILL              11
#define SDMA_OP_PTEPDE                  12
#define SDMA_OP_TIMESTAMP               13
#define SDMA_OP_SRBM_WRITE              14
#define SDMA_OP_PRE_EXE                 15
#define SDMA_OP_DUMMY_TRAP              16
#define SDMA_SUBOP_TIMESTAMP_SET        0
#define SDMA_SUBOP_TIMESTAMP_GET        1
#define SDMA_SUBOP_TIMESTAMP_GET_GLOBAL 2
#define SDMA_SUBOP_COPY_LINEAR          0
#define SDMA_SUBOP_COPY_LINEAR_SUB_WIND 4
#define SDMA_SUBOP_COPY_TILED           1
#define SDMA_SUBOP_COPY_TILED_SUB_WIND  5
#define SDMA_SUBOP_COPY_T2T_SUB_WIND    6
#define SDMA_SUBOP_COPY_SOA             3
#define SDMA_SUBOP_COPY_DIRTY_PAGE      7
#define SDMA_SUBOP_COPY_LINEAR_PHY      8
#define SDMA_SUBOP_WRITE_LINEAR         0
#define SDMA_SUBOP_WRITE_TILED          1
#define SDMA_SUBOP_PTEPDE_GEN           0
#define SDMA_SUBOP_PTEPDE_COPY          1
#define SDMA_SUBOP_PTEPDE_RMW           2
#define SDMA_SUBOP_PTEPDE_COPY_BACKWARDS 3
#define SDMA_SUBOP_DATA_FILL_MULTI      1
#define SDMA_SUBOP_POLL_REG_WRITE_MEM   1
#define SDMA_SUBOP_POLL_DBIT_WRITE_MEM  2
#define SDMA_SUBOP_POLL_MEM_VERIFY      3

/* Every header. */
#define SDMA_PKT_HEADER_op_mask         0x000000FFu
#define SDMA_PKT_HEADER_op_shift        0
#define SDMA_PKT_HEADER_OP(x) \
    (((uint32_t)(x) & SDMA_PKT_HEADER_op_mask) << SDMA_PKT_HEADER_op_shift)
#define SDMA_PKT_HEADER_sub_op_mask     0x000000FFu
#define SDMA_PKT_HEADER_sub_op_shift    8
#define SDMA_PKT_HEADER_SUB_OP(x) \
    (((uint32_t)(x) & SDMA_PKT_HEADER_sub_op_mask) << \
     SDMA_PKT_HEADER_sub_op_shift)

/* NOP: burst NOP count of the dwords that follow. */
#define SDMA_PKT_NOP_HEADER_count_mask  0x00003FFFu
#define SDMA_PKT_NOP_HEADER_count_shift 16
#define SDMA_PKT_NOP_HEADER_COUNT(x) \
    (((uint32_t)(x) & SDMA_PKT_NOP_HEADER_count_mask) << \
     SDMA_PKT_NOP_HEADER_count_shift)

/* COPY_LINEAR: count = bytes - 1. */
#define SDMA_PKT_COPY_LINEAR_COUNT_count_mask   0x003FFFFFu
/* WRITE_UNTILED: count = dwords - 1. */
#define SDMA_PKT_WRITE_UNTILED_DW_3_count_mask  0x000FFFFFu

/* INDIRECT: VMID in the header; IB size in dwords. */
#define SDMA_PKT_INDIRECT_HEADER_vmid_mask  0x0000000Fu
#define SDMA_PKT_INDIRECT_HEADER_vmid_shift 16
#define SDMA_PKT_INDIRECT_HEADER_VMID(x) \
    (((uint32_t)(x) & SDMA_PKT_INDIRECT_HEADER_vmid_mask) << \
     SDMA_PKT_INDIRECT_HEADER_vmid_shift)
#define SDMA_PKT_INDIRECT_IB_SIZE_ib_size_mask 0x000FFFFFu

/* SEMAPHORE: write one, signal, mailbox. */
#define SDMA_PKT_SEMAPHORE_HEADER_write_one_shift 29
#define SDMA_PKT_SEMAPHORE_HEADER_signal_shift    30
#define SDMA_PKT_SEMAPHORE_HEADER_mailbox_shift   31

/* TRAP: the interrupt context. */
#define SDMA_PKT_TRAP_INT_CONTEXT_int_context_mask 0x0FFFFFFFu
#define SDMA_PKT_TRAP_INT_CONTEXT_INT_CONTEXT(x) \
    ((uint32_t)(x) & SDMA_PKT_TRAP_INT_CONTEXT_int_context_mask)

/* POLL_REGMEM. */
#define SDMA_PKT_POLL_REGMEM_HEADER_hdp_flush_mask  0x00000001u
#define SDMA_PKT_POLL_REGMEM_HEADER_hdp_flush_shift 26
#define SDMA_PKT_POLL_REGMEM_HEADER_HDP_FLUSH(x) \
    (((uint32_t)(x) & SDMA_PKT_POLL_REGMEM_HEADER_hdp_flush_mask) << \
     SDMA_PKT_POLL_REGMEM_HEADER_hdp_flush_shift)
#define SDMA_PKT_POLL_REGMEM_HEADER_func_mask       0x00000007u
#define SDMA_PKT_POLL_REGMEM_HEADER_func_shift      28
#define SDMA_PKT_POLL_REGMEM_HEADER_FUNC(x) \
    (((uint32_t)(x) & SDMA_PKT_POLL_REGMEM_HEADER_func_mask) << \
     SDMA_PKT_POLL_REGMEM_HEADER_func_shift)
#define SDMA_PKT_POLL_REGMEM_HEADER_mem_poll_mask   0x00000001u
#define SDMA_PKT_POLL_REGMEM_HEADER_mem_poll_shift  31
#define SDMA_PKT_POLL_REGMEM_HEADER_MEM_POLL(x) \
    (((uint32_t)(x) & SDMA_PKT_POLL_REGMEM_HEADER_mem_poll_mask) << \
     SDMA_PKT_POLL_REGMEM_HEADER_mem_poll_shift)
#define SDMA_PKT_POLL_REGMEM_DW5_interval_mask      0x0000FFFFu
#define SDMA_PKT_POLL_REGMEM_DW5_INTERVAL(x) \
    ((uint32_t)(x) & SDMA_PKT_POLL_REGMEM_DW5_interval_mask)
#define SDMA_PKT_POLL_REGMEM_DW5_retry_count_mask   0x00000FFFu
#define SDMA_PKT_POLL_REGMEM_DW5_retry_count_shift  16
#define SDMA_PKT_POLL_REGMEM_DW5_RETRY_COUNT(x) \
    (((uint32_t)(x) & SDMA_PKT_POLL_REGMEM_DW5_retry_count_mask) << \
     SDMA_PKT_POLL_REGMEM_DW5_retry_count_shift)

/* CONSTANT_FILL: fill size (2: dwords, inferred), count = bytes - 1. */
#define SDMA_PKT_CONSTANT_FILL_HEADER_fillsize_mask  0x00000003u
#define SDMA_PKT_CONSTANT_FILL_HEADER_fillsize_shift 30
#define SDMA_PKT_CONSTANT_FILL_HEADER_FILLSIZE(x) \
    (((uint32_t)(x) & SDMA_PKT_CONSTANT_FILL_HEADER_fillsize_mask) << \
     SDMA_PKT_CONSTANT_FILL_HEADER_fillsize_shift)
#define SDMA_PKT_CONSTANT_FILL_COUNT_count_mask      0x003FFFFFu
#define SDMA_CONSTANT_FILL_FILLSIZE_DWORD            2

/*
 * PTEPDE (generate): count = entries - 1. The generate form's fields are
 * not in the header; the 19-bit width is the PTEPDE_COPY count's (inferred).
 */
#define SDMA_PKT_PTEPDE_COPY_COUNT_count_mask   0x0007FFFFu

/* SRBM_WRITE: byte enables, register dword index. */
#define SDMA_PKT_SRBM_WRITE_HEADER_byte_en_mask  0x0000000Fu
#define SDMA_PKT_SRBM_WRITE_HEADER_byte_en_shift 28
#define SDMA_PKT_SRBM_WRITE_HEADER_BYTE_EN(x) \
    (((uint32_t)(x) & SDMA_PKT_SRBM_WRITE_HEADER_byte_en_mask) << \
     SDMA_PKT_SRBM_WRITE_HEADER_byte_en_shift)
#define SDMA_PKT_SRBM_WRITE_ADDR_addr_mask       0x0003FFFFu

/* Packet lengths in dwords, header included (the emit functions). */
#define SDMA4_NOP_DW                1
#define SDMA4_COPY_LINEAR_DW        7
#define SDMA4_WRITE_UNTILED_HDR_DW  4       /* + count + 1 data dwords */
#define SDMA4_INDIRECT_DW           6       /* + CSA address lo/hi */
#define SDMA4_FENCE_DW              4
#define SDMA4_TRAP_DW               2       /* + INT_CONTEXT */
#define SDMA4_SEMAPHORE_DW          3
#define SDMA4_POLL_REGMEM_DW        6
#define SDMA4_CONST_FILL_DW         5
#define SDMA4_PTEPDE_GEN_DW         10
#define SDMA4_SRBM_WRITE_DW         3
/* The IB base is 32-byte aligned (sdma_v4_0_ring_emit_ib masks it). */
#define SDMA4_INDIRECT_IB_BASE_ALIGN 32u

#endif
