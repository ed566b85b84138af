/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the CIK SDMA (OSS 2.0, "sDMA") packet format.
 *
 * Opcode and sub-opcode values and the header "extra" fields with the names
 * and values of the Linux drivers' cikd.h (amdgpu and radeon share them).
 * Every packet starts with a header dword extra[31:16] | sub_op[15:8] |
 * op[7:0]. The widths of the body's count fields are not in cikd.h; they
 * are taken from the public packet headers of SDMA 2.4 (Iceland,
 * iceland_sdma_pkt_open.h, the next generation with the same packets),
 * checked against the largest values the drivers emit (inferred for CIK).
 */
#ifndef AMDGPU_EMU_SDMA_CIK_PKT_H
#define AMDGPU_EMU_SDMA_CIK_PKT_H

#define SDMA_PACKET(op, sub_op, e) \
    ((((uint32_t)(e) & 0xFFFFu) << 16) | (((uint32_t)(sub_op) & 0xFFu) << 8) | \
     ((uint32_t)(op) & 0xFFu))

/* Header decoding. */
#define SDMA_PKT_OP(h)      ((h) & 0xFFu)
#define SDMA_PKT_SUB_OP(h)  (((h) >> 8) & 0xFFu)
#define SDMA_PKT_EXTRA(h)   ((h) >> 16)

/* Opcodes and sub-opcodes (cikd.h). */
#define SDMA_OPCODE_NOP                         0
#define SDMA_OPCODE_COPY                        1
#define SDMA_COPY_SUB_OPCODE_LINEAR             0
#define SDMA_COPY_SUB_OPCODE_TILED              1
#define SDMA_COPY_SUB_OPCODE_SOA                3
#define SDMA_COPY_SUB_OPCODE_LINEAR_SUB_WINDOW  4
#define SDMA_COPY_SUB_OPCODE_TILED_SUB_WINDOW   5
#define SDMA_COPY_SUB_OPCODE_T2T_SUB_WINDOW     6
#define SDMA_OPCODE_WRITE                       2
#define SDMA_WRITE_SUB_OPCODE_LINEAR            0
#define SDMA_WRITE_SUB_OPCODE_TILED             1
#define SDMA_OPCODE_INDIRECT_BUFFER             4
#define SDMA_OPCODE_FENCE                       5
#define SDMA_OPCODE_TRAP                        6
#define SDMA_OPCODE_SEMAPHORE                   7
#define SDMA_OPCODE_POLL_REG_MEM                8
#define SDMA_OPCODE_COND_EXEC                   9
#define SDMA_OPCODE_CONSTANT_FILL               11
#define SDMA_OPCODE_GENERATE_PTE_PDE            12
#define SDMA_OPCODE_TIMESTAMP                   13
#define SDMA_TIMESTAMP_SUB_OPCODE_SET_LOCAL     0
#define SDMA_TIMESTAMP_SUB_OPCODE_GET_LOCAL     1
#define SDMA_TIMESTAMP_SUB_OPCODE_GET_GLOBAL    2
#define SDMA_OPCODE_SRBM_WRITE                  14

/*
 * Header extra fields (cikd.h; values are in the extra half-word, that is
 * header bits 31:16).
 */
/* NOP: with burst NOP, the number of padding dwords that follow. */
#define SDMA_NOP_COUNT(x)                   (((uint32_t)(x) & 0x3FFFu) << 16)
#define SDMA_NOP_COUNT_MASK                 SDMA_NOP_COUNT(0x3FFFu)
#define SDMA_NOP_COUNT_SHIFT                16
/* INDIRECT_BUFFER: the VMID the IB is fetched and run with. */
#define SDMA_INDIRECT_EXTRA_VMID_MASK       0xFu
/* SEMAPHORE: O = write 1 instead of increment, S = signal, M = mailbox. */
#define SDMA_SEMAPHORE_EXTRA_O              (1u << 13)
#define SDMA_SEMAPHORE_EXTRA_S              (1u << 14)
#define SDMA_SEMAPHORE_EXTRA_M              (1u << 15)
/* POLL_REG_MEM: operation, compare function, memory (else register). */
#define SDMA_POLL_REG_MEM_EXTRA_OP(x)       ((uint32_t)(x) << 10)
#define SDMA_POLL_REG_MEM_EXTRA_OP_MASK     SDMA_POLL_REG_MEM_EXTRA_OP(3u)
#define SDMA_POLL_REG_MEM_EXTRA_OP_SHIFT    10
#define SDMA_POLL_REG_MEM_EXTRA_FUNC(x)     ((uint32_t)(x) << 12)
#define SDMA_POLL_REG_MEM_EXTRA_FUNC_MASK   SDMA_POLL_REG_MEM_EXTRA_FUNC(7u)
#define SDMA_POLL_REG_MEM_EXTRA_FUNC_SHIFT  12
#define SDMA_POLL_REG_MEM_EXTRA_M           (1u << 15)
/* POLL_REG_MEM operations. */
#define SDMA_POLL_REG_MEM_OP_WAIT           0   /* wait_reg_mem */
#define SDMA_POLL_REG_MEM_OP_WRITE_WAIT     1   /* wr_wait_wr_reg */
/* POLL_REG_MEM compare functions: (value & mask) FUNC reference. */
#define SDMA_POLL_FUNC_ALWAYS               0
#define SDMA_POLL_FUNC_LESS                 1
#define SDMA_POLL_FUNC_LESS_EQUAL           2
#define SDMA_POLL_FUNC_EQUAL                3
#define SDMA_POLL_FUNC_NOT_EQUAL            4
#define SDMA_POLL_FUNC_GREATER_EQUAL        5
#define SDMA_POLL_FUNC_GREATER              6
/* CONSTANT_FILL: 0 = byte fill, 2 = dword fill. */
#define SDMA_CONSTANT_FILL_EXTRA_SIZE(x)    ((uint32_t)(x) << 14)
#define SDMA_CONSTANT_FILL_EXTRA_SIZE_MASK  SDMA_CONSTANT_FILL_EXTRA_SIZE(3u)
#define SDMA_CONSTANT_FILL_EXTRA_SIZE_SHIFT 14
#define SDMA_CONSTANT_FILL_SIZE_BYTE        0
#define SDMA_CONSTANT_FILL_SIZE_DWORD       2
/* SRBM_WRITE: byte enables of the register write. */
#define SDMA_SRBM_WRITE_EXTRA_BYTE_ENABLE(x)    ((uint32_t)(x) << 12)
#define SDMA_SRBM_WRITE_EXTRA_BYTE_ENABLE_MASK  \
    SDMA_SRBM_WRITE_EXTRA_BYTE_ENABLE(0xFu)
#define SDMA_SRBM_WRITE_EXTRA_BYTE_ENABLE_SHIFT 12

/* Body field widths (SDMA 2.4 packet headers; see the file comment). */
#define SDMA_COPY_LINEAR_COUNT_MASK     0x003FFFFFu /* bytes */
#define SDMA_WRITE_LINEAR_COUNT_MASK    0x003FFFFFu /* dwords */
#define SDMA_CONSTANT_FILL_COUNT_MASK   0x003FFFFFu /* bytes */
#define SDMA_INDIRECT_IB_SIZE_MASK      0x000FFFFFu /* dwords */
#define SDMA_SRBM_WRITE_ADDR_MASK       0x0000FFFFu /* register dword index */
#define SDMA_POLL_REG_MEM_ADDR_MASK     0x0003FFFCu /* register byte address */
/* radeon splits GENERATE_PTE_PDE at 0x7FFFF entries: a 19-bit count. */
#define SDMA_GENERATE_PTE_PDE_COUNT_MASK 0x0007FFFFu
/*
 * TRAP's INT_CONTEXT (the RLC queues'): 28 bits, the IV's src_data
 * (SDMA 2.4's int_context; cik_event_interrupt masks the same 28 bits).
 */
#define SDMA_TRAP_INT_CONTEXT_MASK      0x0FFFFFFFu
/* The IB base must be 32-byte aligned; the low bits are not decoded. */
#define SDMA_INDIRECT_IB_BASE_ALIGN     32u
/* Semaphores are 8-byte aligned (radeon masks the address with ~7). */
#define SDMA_SEMAPHORE_ADDR_ALIGN       8u

/* Packet lengths in dwords (header included) of the fixed-size packets. */
#define SDMA_NOP_DW                 1
#define SDMA_COPY_LINEAR_DW         7
#define SDMA_WRITE_LINEAR_HDR_DW    4   /* + count data dwords */
#define SDMA_INDIRECT_BUFFER_DW     4
#define SDMA_FENCE_DW               4
#define SDMA_TRAP_DW                1   /* the gfx queue's */
#define SDMA_TRAP_CONTEXT_DW        2   /* the RLC queues': + INT_CONTEXT */
#define SDMA_SEMAPHORE_DW           3
#define SDMA_POLL_REG_MEM_DW        6
#define SDMA_CONSTANT_FILL_DW       5
#define SDMA_GENERATE_PTE_PDE_DW    10
#define SDMA_SRBM_WRITE_DW          3

#endif
