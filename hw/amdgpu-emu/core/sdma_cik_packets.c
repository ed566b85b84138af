/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: CIK SDMA packets, the decoder table and the handlers.
 *
 * One table row per (opcode, sub-opcode) the drivers emit: its name, the
 * dwords to read before its length is known, how the length follows from
 * them, and the handler. Anything not in the table is an illegal
 * instruction. Packets that move data do so in chunks of at most
 * SDMA_CHUNK_BYTES through the queue's bounce buffer, each chunk costing a
 * unit of scheduler budget, and resume from q->progress when the budget
 * ran out. All memory goes through the GPU memory service with the VMID of
 * the stream the packet came from (0 for the ring, the IB's otherwise).
 *
 * Semantics are those the drivers rely on (cik_sdma.c in amdgpu and
 * radeon); where the drivers do not pin them down the comment says
 * "inferred".
 */
#include "sdma_cik.h"

/* A COPY_LINEAR chunk is one aemu_gpu_copy. */
G_STATIC_ASSERT(SDMA_CHUNK_BYTES <= AEMU_COPY_MAX_BYTES);

/* The engine addresses memory in dwords where a packet names a dword. */
#define DW_ALIGN_MASK (~(uint64_t)3)


static SdmaStatus write_mem(AemuDevice *d, SdmaQueue *q, const SdmaPacket *p,
                            const char *what, uint64_t addr, const void *buf,
                            size_t len)
{
    if (aemu_gpu_write(d, p->vmid, addr, buf, len, &q->ring.client) !=
        AEMU_MEM_OK) {
        return sdma_mem_fault(d, q, what, addr);
    }
    return AEMU_STEP_DONE;
}

/* NOP; with burst NOP its COUNT says how many padding dwords follow. */
static uint32_t nop_length(const uint32_t *dw)
{
    return SDMA_NOP_DW + ((dw[0] & SDMA_NOP_COUNT_MASK) >> SDMA_NOP_COUNT_SHIFT);
}

static SdmaStatus exec_nop(AemuDevice *d, SdmaQueue *q, const SdmaPacket *p,
                           unsigned *budget)
{
    return AEMU_STEP_DONE;
}

/*
 * COPY linear: byte_count (exact), endian swap (0), src, dst. Copied front
 * to back a chunk at a time, each as if through the bounce buffer
 * (aemu_gpu_copy goes pointer to pointer when it can); when the
 * destination overlaps the source ahead of it, later chunks read what
 * earlier ones wrote, as a forward-copying engine does (the drivers never
 * overlap).
 */
static SdmaStatus exec_copy_linear(AemuDevice *d, SdmaQueue *q,
                                   const SdmaPacket *p, unsigned *budget)
{
    uint32_t count = p->dw[1] & SDMA_COPY_LINEAR_COUNT_MASK;
    uint64_t src = aemu_addr64(p->dw[3], p->dw[4]);
    uint64_t dst = aemu_addr64(p->dw[5], p->dw[6]);

    while (q->progress < count) {
        uint32_t n = MIN(count - (uint32_t)q->progress, SDMA_CHUNK_BYTES);
        uint64_t off = q->progress;

        switch (aemu_gpu_copy(d, p->vmid, dst + off, src + off, n,
                              q->bounce, &q->ring.client)) {
        case AEMU_COPY_OK:
            break;
        case AEMU_COPY_SRC_FAILED:
            return sdma_mem_fault(d, q, "COPY_LINEAR source", src + off);
        default:
            return sdma_mem_fault(d, q, "COPY_LINEAR destination", dst + off);
        }
        q->progress += n;
        if (q->progress < count && !aemu_ring_take(budget)) {
            return AEMU_STEP_RETRY;
        }
    }
    return AEMU_STEP_DONE;
}

/* WRITE linear: dst, count, then count dwords of data from the stream. */
static uint32_t write_linear_length(const uint32_t *dw)
{
    return SDMA_WRITE_LINEAR_HDR_DW + (dw[3] & SDMA_WRITE_LINEAR_COUNT_MASK);
}

static SdmaStatus exec_write_linear(AemuDevice *d, SdmaQueue *q,
                                    const SdmaPacket *p, unsigned *budget)
{
    uint32_t count = p->ndw - SDMA_WRITE_LINEAR_HDR_DW;
    uint64_t dst = aemu_addr64(p->dw[1], p->dw[2]) & DW_ALIGN_MASK;

    while (q->progress < count) {
        uint32_t done = (uint32_t)q->progress;
        uint32_t n = MIN(count - done, SDMA_CHUNK_BYTES / 4);

        /* Stream and memory are both little-endian: copy the bytes. */
        if (!sdma_stream_read(d, q, SDMA_WRITE_LINEAR_HDR_DW + done,
                              q->bounce, n)) {
            return sdma_mem_fault(d, q, "WRITE_LINEAR data fetch", dst);
        }
        if (write_mem(d, q, p, "WRITE_LINEAR", dst + 4ull * done, q->bounce,
                      4ull * n) != AEMU_STEP_DONE) {
            return AEMU_STEP_STOP;
        }
        q->progress += n;
        if (q->progress < count && !aemu_ring_take(budget)) {
            return AEMU_STEP_RETRY;
        }
    }
    return AEMU_STEP_DONE;
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

/* FENCE: a 32-bit value to memory (64-bit fences are two packets). */
static SdmaStatus exec_fence(AemuDevice *d, SdmaQueue *q, const SdmaPacket *p,
                             unsigned *budget)
{
    uint64_t addr = aemu_addr64(p->dw[1], p->dw[2]) & DW_ALIGN_MASK;
    uint32_t le = GUINT32_TO_LE(p->dw[3]);
    SdmaStatus st = write_mem(d, q, p, "FENCE", addr, &le, sizeof(le));

    if (st == AEMU_STEP_DONE) {
        AEMU_TRACE(d, sdma_fence, q->ring.name, addr, p->dw[3], p->vmid);
    }
    return st;
}

static SdmaStatus exec_trap(AemuDevice *d, SdmaQueue *q, const SdmaPacket *p,
                            unsigned *budget)
{
    sdma_trap(d, q, p->vmid);
    return AEMU_STEP_DONE;
}

/*
 * SEMAPHORE (radeon's inter-ring sync): signal increments the 64-bit count
 * at the 8-byte aligned address (or writes 1 with O); wait retries until
 * the count is non-zero and then takes one (inferred, as the CP's
 * MEM_SEMAPHORE). The mailbox bit has nothing to notify on CIK.
 */
static SdmaStatus exec_semaphore(AemuDevice *d, SdmaQueue *q,
                                 const SdmaPacket *p, unsigned *budget)
{
    uint32_t extra = SDMA_PKT_EXTRA(p->dw[0]);
    uint64_t addr = aemu_addr64(p->dw[1], p->dw[2]) &
                    ~(uint64_t)(SDMA_SEMAPHORE_ADDR_ALIGN - 1);

    switch (aemu_mem_semaphore(d, p->vmid, addr,
                               extra & SDMA_SEMAPHORE_EXTRA_S,
                               extra & SDMA_SEMAPHORE_EXTRA_O,
                               &q->ring.client)) {
    case AEMU_SEM_DONE:
        return AEMU_STEP_DONE;
    case AEMU_SEM_RETRY:
        return AEMU_STEP_RETRY;
    default:
        return sdma_mem_fault(d, q, "SEMAPHORE", addr);
    }
}

/*
 * POLL_REG_MEM: wait until (value & mask) FUNC reference, value a register
 * (dw1 its byte address) or memory (dw1/dw2). Write-wait-write (the HDP
 * flush) first writes the reference to the register whose byte address is
 * in dw2 (GPU_HDP_FLUSH_REQ), once, then polls (GPU_HDP_FLUSH_DONE). An
 * unsatisfied poll yields the queue and retries on a later slice; the
 * retry count is not a timeout the drivers rely on, so the poll continues
 * (inferred). "Always" reads nothing: it only orders the stream.
 */
static SdmaStatus exec_poll_reg_mem(AemuDevice *d, SdmaQueue *q,
                                    const SdmaPacket *p, unsigned *budget)
{
    uint32_t extra = SDMA_PKT_EXTRA(p->dw[0]);
    unsigned op = (extra & SDMA_POLL_REG_MEM_EXTRA_OP_MASK) >>
                  SDMA_POLL_REG_MEM_EXTRA_OP_SHIFT;
    unsigned func = (extra & SDMA_POLL_REG_MEM_EXTRA_FUNC_MASK) >>
                    SDMA_POLL_REG_MEM_EXTRA_FUNC_SHIFT;
    bool mem = extra & SDMA_POLL_REG_MEM_EXTRA_M;
    uint32_t ref = p->dw[3], mask = p->dw[4], v;

    if (func > SDMA_POLL_FUNC_GREATER ||
        op > SDMA_POLL_REG_MEM_OP_WRITE_WAIT) {
        return sdma_hang(d, q, SDMA_IV_SRCID_PRIV_INST,
                         "POLL_REG_MEM with operation %u function %u", op,
                         func);
    }
    if (!mem && op == SDMA_POLL_REG_MEM_OP_WRITE_WAIT && q->progress == 0) {
        /* A register write, under SRBM_WRITE's rule: kernel streams only. */
        if (p->vmid != 0) {
            return sdma_hang(d, q, SDMA_IV_SRCID_SRBM_WRITE,
                             "POLL_REG_MEM register write from VMID %u",
                             p->vmid);
        }
        aemu_reg_write(d, (p->dw[2] & SDMA_POLL_REG_MEM_ADDR_MASK) >> 2, ref);
        q->progress = 1;
    }
    if (func == SDMA_POLL_FUNC_ALWAYS) {
        return AEMU_STEP_DONE;
    }
    if (mem) {
        uint64_t addr = aemu_addr64(p->dw[1], p->dw[2]) & DW_ALIGN_MASK;
        AemuMemStatus st;

        v = aemu_gpu_read32(d, p->vmid, addr, &q->ring.client, &st);
        if (st != AEMU_MEM_OK) {
            return sdma_mem_fault(d, q, "POLL_REG_MEM", addr);
        }
    } else {
        v = aemu_reg_read(d, (p->dw[1] & SDMA_POLL_REG_MEM_ADDR_MASK) >> 2);
    }
    return aemu_compare(func, v & mask, ref) ? AEMU_STEP_DONE : AEMU_STEP_RETRY;
}

/*
 * CONSTANT_FILL: dst, 32-bit data, byte count (exact). The data repeats as
 * a little-endian dword pattern from the destination on. amdgpu fills with
 * 0 in byte size; libdrm's amdgpu_test uses the dword size with a byte
 * count and expects every dword to hold the data, so the count is bytes in
 * both sizes; a dword fill ignores the low two bits of address and count
 * (inferred).
 */
static SdmaStatus exec_constant_fill(AemuDevice *d, SdmaQueue *q,
                                     const SdmaPacket *p, unsigned *budget)
{
    unsigned size = (SDMA_PKT_EXTRA(p->dw[0]) &
                     SDMA_CONSTANT_FILL_EXTRA_SIZE_MASK) >>
                    SDMA_CONSTANT_FILL_EXTRA_SIZE_SHIFT;
    uint64_t dst = aemu_addr64(p->dw[1], p->dw[2]);
    uint32_t le = GUINT32_TO_LE(p->dw[3]);
    uint32_t count = p->dw[4] & SDMA_CONSTANT_FILL_COUNT_MASK;

    if (size == SDMA_CONSTANT_FILL_SIZE_DWORD) {
        dst &= DW_ALIGN_MASK;
        count &= (uint32_t)DW_ALIGN_MASK;
    }
    /* The pattern starts at byte 0 of every chunk (chunks are dwords). */
    for (uint32_t i = 0; i < SDMA_CHUNK_BYTES; i += 4) {
        memcpy(q->bounce + i, &le, 4);
    }
    while (q->progress < count) {
        uint32_t n = MIN(count - (uint32_t)q->progress, SDMA_CHUNK_BYTES);

        if (write_mem(d, q, p, "CONSTANT_FILL", dst + q->progress, q->bounce,
                      n) != AEMU_STEP_DONE) {
            return AEMU_STEP_STOP;
        }
        q->progress += n;
        if (q->progress < count && !aemu_ring_take(budget)) {
            return AEMU_STEP_RETRY;
        }
    }
    return AEMU_STEP_DONE;
}

/*
 * GENERATE_PTE_PDE: count 64-bit entries (value + i * incr) | flags at
 * dst + 8 * i (the drivers' "mask" dwords are the flags; inferred).
 */
static SdmaStatus exec_generate_pte_pde(AemuDevice *d, SdmaQueue *q,
                                        const SdmaPacket *p, unsigned *budget)
{
    uint64_t dst = aemu_addr64(p->dw[1], p->dw[2]) & DW_ALIGN_MASK;
    uint64_t flags = aemu_addr64(p->dw[3], p->dw[4]);
    uint64_t value = aemu_addr64(p->dw[5], p->dw[6]);
    uint64_t incr = aemu_addr64(p->dw[7], p->dw[8]);
    uint32_t count = p->dw[9] & SDMA_GENERATE_PTE_PDE_COUNT_MASK;
    const uint32_t per_chunk = SDMA_CHUNK_BYTES / 8;

    while (q->progress < count) {
        uint32_t done = (uint32_t)q->progress;
        uint32_t n = MIN(count - done, per_chunk);

        for (uint32_t i = 0; i < n; i++) {
            uint64_t e = GUINT64_TO_LE((value + (done + i) * incr) | flags);

            memcpy(q->bounce + 8 * i, &e, 8);
        }
        if (write_mem(d, q, p, "GENERATE_PTE_PDE", dst + 8ull * done,
                      q->bounce, 8ull * n) != AEMU_STEP_DONE) {
            return AEMU_STEP_STOP;
        }
        q->progress += n;
        if (q->progress < count && !aemu_ring_take(budget)) {
            return AEMU_STEP_RETRY;
        }
    }
    return AEMU_STEP_DONE;
}

/*
 * SRBM_WRITE: a register write with byte enables (the drivers' emit_wreg
 * uses all four). Only the kernel's own streams may write registers: from
 * an IB of a VMID other than 0 it is the illegal SRBM write the IH reports
 * as source 247 (inferred from the source's name).
 */
static SdmaStatus exec_srbm_write(AemuDevice *d, SdmaQueue *q,
                                  const SdmaPacket *p, unsigned *budget)
{
    unsigned be = (SDMA_PKT_EXTRA(p->dw[0]) &
                   SDMA_SRBM_WRITE_EXTRA_BYTE_ENABLE_MASK) >>
                  SDMA_SRBM_WRITE_EXTRA_BYTE_ENABLE_SHIFT;
    uint32_t reg = p->dw[1] & SDMA_SRBM_WRITE_ADDR_MASK;
    uint32_t mask = 0;

    if (p->vmid != 0) {
        return sdma_hang(d, q, SDMA_IV_SRCID_SRBM_WRITE,
                         "SRBM_WRITE of register 0x%x from VMID %u", reg,
                         p->vmid);
    }
    for (unsigned b = 0; b < 4; b++) {
        if (be & (1u << b)) {
            mask |= 0xFFu << (8 * b);
        }
    }
    if (mask == UINT32_MAX) {
        aemu_reg_write(d, reg, p->dw[2]);
    } else if (mask) {
        aemu_reg_write(d, reg, (aemu_reg_get(d, reg) & ~mask) |
                               (p->dw[2] & mask));
    }
    return AEMU_STEP_DONE;
}

static const SdmaPacketDesc packets[] = {
    { SDMA_OPCODE_NOP, 0, "NOP", SDMA_NOP_DW, nop_length, exec_nop },
    { SDMA_OPCODE_COPY, SDMA_COPY_SUB_OPCODE_LINEAR, "COPY_LINEAR",
      SDMA_COPY_LINEAR_DW, NULL, exec_copy_linear },
    { SDMA_OPCODE_WRITE, SDMA_WRITE_SUB_OPCODE_LINEAR, "WRITE_LINEAR",
      SDMA_WRITE_LINEAR_HDR_DW, write_linear_length, exec_write_linear },
    { SDMA_OPCODE_INDIRECT_BUFFER, 0, "INDIRECT_BUFFER",
      SDMA_INDIRECT_BUFFER_DW, NULL, exec_indirect_buffer },
    { SDMA_OPCODE_FENCE, 0, "FENCE", SDMA_FENCE_DW, NULL, exec_fence },
    { SDMA_OPCODE_TRAP, 0, "TRAP", SDMA_TRAP_DW, NULL, exec_trap },
    { SDMA_OPCODE_SEMAPHORE, 0, "SEMAPHORE", SDMA_SEMAPHORE_DW, NULL,
      exec_semaphore },
    { SDMA_OPCODE_POLL_REG_MEM, 0, "POLL_REG_MEM", SDMA_POLL_REG_MEM_DW, NULL,
      exec_poll_reg_mem },
    { SDMA_OPCODE_CONSTANT_FILL, 0, "CONSTANT_FILL", SDMA_CONSTANT_FILL_DW,
      NULL, exec_constant_fill },
    { SDMA_OPCODE_GENERATE_PTE_PDE, 0, "GENERATE_PTE_PDE",
      SDMA_GENERATE_PTE_PDE_DW, NULL, exec_generate_pte_pde },
    { SDMA_OPCODE_SRBM_WRITE, 0, "SRBM_WRITE", SDMA_SRBM_WRITE_DW, NULL,
      exec_srbm_write },
};

/*
 * CIK packets the engine has (radeon's cikd.h names them) and the table
 * above lacks: tiled and sub-window copies, tiled writes and timestamps.
 */
static const struct {
    uint8_t op, sub_op;
    const char *name;
} unmodelled[] = {
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
    { SDMA_OPCODE_TIMESTAMP, SDMA_TIMESTAMP_SUB_OPCODE_GET_LOCAL,
      "TIMESTAMP_GET_LOCAL" },
    { SDMA_OPCODE_TIMESTAMP, SDMA_TIMESTAMP_SUB_OPCODE_GET_GLOBAL,
      "TIMESTAMP_GET_GLOBAL" },
};

const char *sdma_cik_packet_unmodelled(uint32_t header)
{
    for (size_t i = 0; i < G_N_ELEMENTS(unmodelled); i++) {
        if (unmodelled[i].op == SDMA_PKT_OP(header) &&
            unmodelled[i].sub_op == SDMA_PKT_SUB_OP(header)) {
            return unmodelled[i].name;
        }
    }
    return NULL;
}

const SdmaPacketDesc *sdma_cik_packet_lookup(uint32_t header)
{
    for (size_t i = 0; i < G_N_ELEMENTS(packets); i++) {
        if (packets[i].op == SDMA_PKT_OP(header) &&
            packets[i].sub_op == SDMA_PKT_SUB_OP(header)) {
            g_assert(packets[i].fixed_dw <= SDMA_MAX_FIXED_DW);
            return &packets[i];
        }
    }
    return NULL;
}
