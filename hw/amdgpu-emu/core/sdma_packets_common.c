/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: SDMA packet handlers the generations share.
 *
 * SDMA 4.0 (vega10_sdma_pkt_open.h) kept CIK's opcodes, header layout and
 * the formats of NOP, FENCE, SEMAPHORE, POLL_REG_MEM (its HDP_FLUSH bit is
 * CIK's write-wait-write operation) and SRBM_WRITE; sdma_v4_0_packets.c
 * checks the field positions against these at compile time. Where the
 * formats differ (the counts became "minus one", INDIRECT and TRAP grew)
 * the generation decodes its packet and calls the shared body below.
 *
 * Packets that move data do so in chunks of at most SDMA_CHUNK_BYTES
 * through the queue's bounce buffer, each chunk costing a unit of
 * scheduler budget, and resume from q->progress when the budget ran out.
 * All memory goes through the GPU memory service with the VMID of the
 * stream the packet came from (0 for the ring, the IB's otherwise).
 * Semantics are those the drivers rely on (cik_sdma.c, sdma_v4_0.c); where
 * the drivers do not pin them down the comment says "inferred".
 */
#include "sdma_common.h"
#include "sdma_cik_pkt.h"
#include "inject.h"

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
uint32_t sdma_nop_length(const uint32_t *dw)
{
    return SDMA_NOP_DW +
           ((dw[0] & SDMA_NOP_COUNT_MASK) >> SDMA_NOP_COUNT_SHIFT);
}

SdmaStatus sdma_exec_nop(AemuDevice *d, SdmaQueue *q, const SdmaPacket *p,
                         unsigned *budget)
{
    return AEMU_STEP_DONE;
}

/*
 * COPY linear, count bytes. Copied front to back a chunk at a time, each
 * as if through the bounce buffer (aemu_gpu_copy goes pointer to pointer
 * when it can); when the destination overlaps the source ahead of it,
 * later chunks read what earlier ones wrote, as a forward-copying engine
 * does (the drivers never overlap).
 */
SdmaStatus sdma_copy_linear(AemuDevice *d, SdmaQueue *q, const SdmaPacket *p,
                            uint64_t src, uint64_t dst, uint32_t count,
                            unsigned *budget)
{
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

/* WRITE linear: count dwords from the stream at data_dw on, to dst. */
SdmaStatus sdma_write_linear(AemuDevice *d, SdmaQueue *q, const SdmaPacket *p,
                             uint64_t dst, uint32_t data_dw, uint32_t count,
                             unsigned *budget)
{
    dst &= DW_ALIGN_MASK;
    while (q->progress < count) {
        uint32_t done = (uint32_t)q->progress;
        uint32_t n = MIN(count - done, SDMA_CHUNK_BYTES / 4);

        /* Stream and memory are both little-endian: copy the bytes. */
        if (!sdma_stream_read(d, q, data_dw + done, q->bounce, n)) {
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

/* FENCE: a 32-bit value to memory (64-bit fences are two packets). */
SdmaStatus sdma_exec_fence(AemuDevice *d, SdmaQueue *q, const SdmaPacket *p,
                           unsigned *budget)
{
    uint64_t addr = aemu_addr64(p->dw[1], p->dw[2]) & DW_ALIGN_MASK;
    uint32_t value;
    uint32_t le;
    SdmaStatus st;

    /* The fence lands at the engine's modelled time (timing.h). */
    if (aemu_engine_fence(d, false)) {
        return AEMU_STEP_RETRY;
    }
    /* An injected fault may write a stale sequence number (inject.c). */
    value = (uint32_t)aemu_inject_fence(d, &q->ring, p->dw[3]);
    le = GUINT32_TO_LE(value);
    st = write_mem(d, q, p, "FENCE", addr, &le, sizeof(le));
    if (st == AEMU_STEP_DONE) {
        AEMU_TRACE(d, sdma_fence, q->ring.name, addr, value, p->vmid);
    }
    return st;
}

/*
 * TIMESTAMP_GET / TIMESTAMP_GET_GLOBAL: the 64-bit timestamp to the
 * 8-byte aligned address (ROCr's copy profiling and HIP's events read
 * them). Both count the GPU clock the CP's timestamps count (the local
 * counter is never set apart from it: TIMESTAMP_SET is not modelled).
 */
SdmaStatus sdma_exec_timestamp_get(AemuDevice *d, SdmaQueue *q,
                                   const SdmaPacket *p, unsigned *budget)
{
    uint64_t addr = aemu_addr64(p->dw[1], p->dw[2]) & ~7ull;
    uint64_t le = GUINT64_TO_LE(aemu_cp_gpu_clock(d));

    return write_mem(d, q, p, "TIMESTAMP", addr, &le, sizeof(le));
}

/*
 * SEMAPHORE (radeon's inter-ring sync): signal increments the 64-bit count
 * at the 8-byte aligned address (or writes 1 with O); wait retries until
 * the count is non-zero and then takes one (inferred, as the CP's
 * MEM_SEMAPHORE). The mailbox bit has nothing to notify on CIK.
 */
SdmaStatus sdma_exec_semaphore(AemuDevice *d, SdmaQueue *q,
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
 * flush; SDMA 4.0 calls the bit HDP_FLUSH) first writes the reference to
 * the register whose byte address is in dw2 (GPU_HDP_FLUSH_REQ), once,
 * then polls (GPU_HDP_FLUSH_DONE). An unsatisfied poll yields the queue
 * and retries on a later slice; the retry count is not a timeout the
 * drivers rely on, so the poll continues (inferred). "Always" reads
 * nothing: it only orders the stream. How wide the register byte address
 * is depends on the generation's register space (SdmaGen).
 */
SdmaStatus sdma_exec_poll_reg_mem(AemuDevice *d, SdmaQueue *q,
                                  const SdmaPacket *p, unsigned *budget)
{
    uint32_t extra = SDMA_PKT_EXTRA(p->dw[0]);
    unsigned op = (extra & SDMA_POLL_REG_MEM_EXTRA_OP_MASK) >>
                  SDMA_POLL_REG_MEM_EXTRA_OP_SHIFT;
    unsigned func = (extra & SDMA_POLL_REG_MEM_EXTRA_FUNC_MASK) >>
                    SDMA_POLL_REG_MEM_EXTRA_FUNC_SHIFT;
    bool mem = extra & SDMA_POLL_REG_MEM_EXTRA_M;
    uint32_t ref = p->dw[3], mask = p->dw[4], v;
    uint32_t reg_mask = q->gen->poll_reg_addr_mask;

    if (func > SDMA_POLL_FUNC_GREATER ||
        op > SDMA_POLL_REG_MEM_OP_WRITE_WAIT) {
        return sdma_hang(d, q, q->gen->illegal_src,
                         "POLL_REG_MEM with operation %u function %u", op,
                         func);
    }
    if (!mem && op == SDMA_POLL_REG_MEM_OP_WRITE_WAIT && q->progress == 0) {
        /* A register write, under SRBM_WRITE's rule: kernel streams only. */
        if (p->vmid != 0) {
            return sdma_hang(d, q, q->gen->srbm_write_src,
                             "POLL_REG_MEM register write from VMID %u",
                             p->vmid);
        }
        aemu_reg_write(d, (p->dw[2] & reg_mask) >> 2, ref);
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
        /*
         * A register read can have effects (gfx9's VM_INVALIDATE_ENG*_SEM
         * is taken by reading it): kernel streams only, as for writes;
         * a user IB polling the kernel's TLB-flush semaphore would hold it
         * for good (inferred: the SRBM rule covers reads too).
         */
        if (p->vmid != 0) {
            return sdma_hang(d, q, q->gen->srbm_write_src,
                             "POLL_REG_MEM register read from VMID %u",
                             p->vmid);
        }
        aemu_engine_reg_read(d);
        v = aemu_reg_read(d, (p->dw[1] & reg_mask) >> 2);
    }
    return aemu_compare(func, v & mask, ref) ? AEMU_STEP_DONE : AEMU_STEP_RETRY;
}

/*
 * CONSTANT_FILL, count bytes: the data repeats as a little-endian dword
 * pattern from the destination on. amdgpu fills with 0 in byte size;
 * libdrm's amdgpu_test uses the dword size with a byte count and expects
 * every dword to hold the data, so the count is bytes in both sizes; a
 * dword fill ignores the low two bits of address and count (inferred).
 */
SdmaStatus sdma_constant_fill(AemuDevice *d, SdmaQueue *q,
                              const SdmaPacket *p, uint64_t dst,
                              uint32_t data, uint32_t count, bool dword,
                              unsigned *budget)
{
    uint32_t le = GUINT32_TO_LE(data);

    if (dword) {
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
SdmaStatus sdma_generate_pte_pde(AemuDevice *d, SdmaQueue *q,
                                 const SdmaPacket *p, uint64_t dst,
                                 uint64_t flags, uint64_t value, uint64_t incr,
                                 uint32_t count, unsigned *budget)
{
    const uint32_t per_chunk = SDMA_CHUNK_BYTES / 8;

    dst &= DW_ALIGN_MASK;
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
SdmaStatus sdma_exec_srbm_write(AemuDevice *d, SdmaQueue *q,
                                const SdmaPacket *p, unsigned *budget)
{
    unsigned be = (SDMA_PKT_EXTRA(p->dw[0]) &
                   SDMA_SRBM_WRITE_EXTRA_BYTE_ENABLE_MASK) >>
                  SDMA_SRBM_WRITE_EXTRA_BYTE_ENABLE_SHIFT;
    uint32_t reg = p->dw[1] & q->gen->srbm_write_addr_mask;
    uint32_t mask = 0;

    if (p->vmid != 0) {
        return sdma_hang(d, q, q->gen->srbm_write_src,
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
