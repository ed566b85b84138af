/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: what the CP's PM4 packets do.
 *
 * The handlers behind cp_pm4.c's opcode table. Each gets a packet whose
 * length the table has already checked, reaches memory only through the
 * GPU memory service in the address space of the stream the packet came
 * from, and reaches registers only through the register file's dispatch,
 * within the windows the packet may write; anything else stops the queue.
 * Fields the model has no use for (cache policies, engine selects, swap
 * modes) are ignored, as the hardware's idle caches would make them moot.
 */
#include "cp_pm4.h"
#include "cp_pm4_ops.h"
#include "inject.h"
#include "pm4_cik.h"


static bool in_window(AemuRegWindow w, uint32_t reg)
{
    return reg >= w.start && reg < w.end;
}

/*
 * Registers a user IB may touch: the windows SET_SH_REG, SET_CONTEXT_REG
 * and SET_UCONFIG_REG reach. Config registers and everything outside the
 * graphics block are privileged.
 */
static bool user_register(const AemuPm4Isa *isa, uint32_t reg)
{
    return in_window(isa->sh, reg) || in_window(isa->context, reg) ||
           in_window(isa->uconfig, reg);
}

static bool reg_allowed(AemuDevice *d, AemuPm4Packet *p, uint32_t reg,
                        bool write, AemuStep *r)
{
    if (reg >= d->mmio_dwords) {
        *r = aemu_pm4_fail(d, p, AEMU_CP_ERR_PRIV_REG,
                           "%s register 0x%x beyond the aperture",
                           write ? "writes" : "reads", reg);
        return false;
    }
    if (p->user && !user_register(p->q->isa, reg)) {
        *r = aemu_pm4_fail(d, p, AEMU_CP_ERR_PRIV_REG,
                           "%s privileged register 0x%x from a user IB "
                           "(vmid %u)", write ? "writes" : "reads", reg,
                           p->vmid);
        return false;
    }
    return true;
}

bool aemu_pm4_reg_write(AemuDevice *d, AemuPm4Packet *p, uint32_t reg,
                        uint32_t value, AemuStep *r)
{
    if (!reg_allowed(d, p, reg, true, r)) {
        return false;
    }
    aemu_reg_write(d, reg, value);
    if (p->q->ring.generation != p->generation) {
        /* The write reset or reprogrammed this very queue. */
        *r = AEMU_STEP_STOP;
        return false;
    }
    return true;
}

static bool reg_read(AemuDevice *d, AemuPm4Packet *p, uint32_t reg,
                     uint32_t *value, AemuStep *r)
{
    if (!reg_allowed(d, p, reg, false, r)) {
        return false;
    }
    aemu_engine_reg_read(d);
    *value = aemu_reg_read(d, reg);
    return true;
}

static bool mem_read(AemuDevice *d, AemuPm4Packet *p, uint64_t addr,
                     void *buf, size_t len, AemuStep *r)
{
    if (aemu_gpu_read(d, p->vmid, addr, buf, len, &p->q->ring.client) !=
        AEMU_MEM_OK) {
        *r = aemu_pm4_fail(d, p, AEMU_CP_ERR_MEMORY,
                           "read of %zu bytes at 0x%" G_GINT64_MODIFIER
                           "x (vmid %u) faulted", len, addr, p->vmid);
        return false;
    }
    return true;
}

static bool mem_write(AemuDevice *d, AemuPm4Packet *p, uint64_t addr,
                      const void *buf, size_t len, AemuStep *r)
{
    if (aemu_gpu_write(d, p->vmid, addr, buf, len, &p->q->ring.client) !=
        AEMU_MEM_OK) {
        *r = aemu_pm4_fail(d, p, AEMU_CP_ERR_MEMORY,
                           "write of %zu bytes at 0x%" G_GINT64_MODIFIER
                           "x (vmid %u) faulted", len, addr, p->vmid);
        return false;
    }
    return true;
}

bool aemu_pm4_mem_write(AemuDevice *d, AemuPm4Packet *p, uint64_t addr,
                        const void *buf, size_t len, AemuStep *r)
{
    return mem_write(d, p, addr, buf, len, r);
}

static bool mem_write32(AemuDevice *d, AemuPm4Packet *p, uint64_t addr,
                        uint32_t value, AemuStep *r)
{
    uint32_t le = GUINT32_TO_LE(value);

    return mem_write(d, p, addr, &le, 4, r);
}

static bool mem_write64(AemuDevice *d, AemuPm4Packet *p, uint64_t addr,
                        uint64_t value, AemuStep *r)
{
    uint64_t le = GUINT64_TO_LE(value);

    return mem_write(d, p, addr, &le, 8, r);
}

/* Convert n host-order dwords to memory order in place. */
static void to_le(uint32_t *v, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        v[i] = GUINT32_TO_LE(v[i]);
    }
}

/*
 * A field value the hardware implements and the model only approximates
 * (no GDS, no performance counters): the packet runs without it, and the
 * host hears of the gap.
 */
static void unmodelled(AemuDevice *d, AemuPm4Packet *p, const char *what)
{
    aemu_unimp(d, "CP %s: %s: %s", p->q->ring.name, p->name, what);
}

/* SET_BASE: remember the base (draw-indirect, CE partition, ...). */
AemuStep aemu_pm4_set_base(AemuDevice *d, AemuPm4Packet *p)
{
    p->q->set_base[p->body[0] & PM4_BASE_INDEX_MASK] =
        aemu_addr64(p->body[1], p->body[2] & PM4_ADDR_HI16_MASK);
    return AEMU_STEP_DONE;
}

/*
 * SET_{CONFIG,CONTEXT,SH,UCONFIG}_REG: consecutive registers in a window.
 * The offset dword carries an index in [31:28] on both generations (gfx9's
 * SET_UCONFIG_REG INDEX_TYPE, gfx_v9_0_cp_gfx_start): the offset mask
 * leaves it out.
 */
AemuStep aemu_pm4_set_reg(AemuDevice *d, AemuPm4Packet *p)
{
    const AemuPm4Isa *isa = p->q->isa;
    uint32_t start, end, first, n = p->len - 1;
    AemuStep r = AEMU_STEP_DONE;
    AemuRegWindow w;

    w = aemu_pm4_set_reg_window(isa, p->opcode);
    start = w.start;
    end = w.end;
    first = start + (p->body[0] & PM4_SET_REG_OFFSET_MASK);
    if (first + n > end) {
        return aemu_pm4_fail(d, p, AEMU_CP_ERR_PRIV_REG,
                             "writes registers 0x%x..0x%x outside its "
                             "window 0x%x..0x%x", first, first + n - 1,
                             start, end - 1);
    }
    for (uint32_t i = 0; i < n; i++) {
        uint32_t off = first + i - start;

        if (!aemu_pm4_reg_write(d, p, first + i, p->body[1 + i], &r)) {
            return r;
        }
        if (p->opcode == PACKET3_SET_SH_REG &&
            aemu_cp_compute_overlaps(off, 1)) {
            p->q->compute.reg[off - AEMU_SH_COMPUTE_FIRST] = p->body[1 + i];
        }
    }
    p->cost = aemu_pm4_extra_cost(n);
    return r;
}

/* WRITE_DATA: data dwords to registers or memory. */
AemuStep aemu_pm4_write_data(AemuDevice *d, AemuPm4Packet *p)
{
    uint32_t ctl = p->body[0], n = p->len - 3, *data = p->body + 3;
    unsigned dst = (ctl & PM4_WRITE_DATA_DST_SEL_MASK) >>
                   PM4_WRITE_DATA_DST_SEL_SHIFT;
    bool one_addr = ctl & WR_ONE_ADDR;
    AemuStep r = AEMU_STEP_DONE;
    uint64_t addr;

    p->cost = aemu_pm4_extra_cost(n);
    if (dst && dst == p->q->isa->write_data_discard_sel) {
        return AEMU_STEP_DONE;
    }
    switch (dst) {
    case PM4_DST_SEL_REGISTER:
        for (uint32_t i = 0; i < n; i++) {
            if (!aemu_pm4_reg_write(d, p, one_addr ? p->body[1]
                                                   : p->body[1] + i,
                                    data[i], &r)) {
                return r;
            }
        }
        return r;
    case PM4_DST_SEL_MEMORY_SYNC:
    case PM4_DST_SEL_TC_L2:
    case PM4_DST_SEL_MEMORY_ASYNC:
        addr = aemu_addr64(p->body[1], p->body[2]) & ~3ull;
        if (one_addr) {
            /* Every dword lands on the same address: the last one stays. */
            mem_write32(d, p, addr, data[n - 1], &r);
            return r;
        }
        to_le(data, n);
        mem_write(d, p, addr, data, 4ull * n, &r);
        return r;
    case PM4_DST_SEL_GDS:
        unmodelled(d, p, "GDS destination dropped");
        return AEMU_STEP_DONE;       /* no GDS memory in the model */
    default:
        return aemu_pm4_fail(d, p, AEMU_CP_ERR_OPCODE,
                             "with reserved DST_SEL %u", dst);
    }
}

/*
 * WAIT_REG_MEM: poll a register or memory dword until (value & mask)
 * compares true with the reference. Operation 1 (WR_WAIT_WR_REG, the HDP
 * flush) first writes the reference to the register in addr0, polls the
 * register in addr1, and writes the reference to addr1 once it matched.
 * An unsatisfied poll returns RETRY: the queue tries again in a later
 * scheduler slice instead of spinning here.
 */
AemuStep aemu_pm4_wait_reg_mem(AemuDevice *d, AemuPm4Packet *p)
{
    uint32_t ctl = p->body[0], addr0 = p->body[1], addr1 = p->body[2];
    uint32_t ref = p->body[3], mask = p->body[4], value;
    unsigned func = ctl & PM4_WAIT_REG_MEM_FUNCTION_MASK;
    unsigned space = (ctl & PM4_WAIT_REG_MEM_MEM_SPACE_MASK) >>
                     PM4_WAIT_REG_MEM_MEM_SPACE_SHIFT;
    unsigned op = (ctl & PM4_WAIT_REG_MEM_OPERATION_MASK) >>
                  PM4_WAIT_REG_MEM_OPERATION_SHIFT;
    AemuStep r = AEMU_STEP_DONE;

    if (func > PM4_FUNC_GREATER || op > PM4_WAIT_OP_WRITE_WAIT_WRITE ||
        (op == PM4_WAIT_OP_WRITE_WAIT_WRITE && space != 0) || space > 2) {
        return aemu_pm4_fail(d, p, AEMU_CP_ERR_OPCODE,
                             "with reserved control 0x%08x", ctl);
    }
    if (op == PM4_WAIT_OP_WRITE_WAIT_WRITE) {
        if (!p->q->wrm_written) {
            p->q->wrm_written = true;
            if (!aemu_pm4_reg_write(d, p, addr0, ref, &r)) {
                return r;
            }
        }
        if (!reg_read(d, p, addr1, &value, &r)) {
            return r;
        }
    } else if (space == 0) {
        if (!reg_read(d, p, addr0, &value, &r)) {
            return r;
        }
    } else {
        if (!mem_read(d, p, aemu_addr64(addr0, addr1) & ~3ull, &value, 4, &r)) {
            return r;
        }
        value = GUINT32_FROM_LE(value);
    }
    /*
     * Write-wait-write compares the polled register with the reference
     * under the mask: the written reference may carry more bits than the
     * poll looks at. gfx9's TLB flush writes the whole request
     * (VM_INVALIDATE_ENGn_REQ: flush type and more) and waits for only its
     * VMID's bit in the ACK register, as the two-packet form the driver
     * uses elsewhere spells out (amdgpu_ring_emit_reg_write_reg_wait_helper
     * waits for (reg1 & mask) == mask; gmc_v9_0_flush_gpu_tlb passes
     * mask = 1 << vmid, a bit of the request). The HDP flush passes equal
     * reference and mask, so CIK is unchanged.
     */
    if (op == PM4_WAIT_OP_WRITE_WAIT_WRITE) {
        ref &= mask;
    }
    if (!aemu_compare(func, value & mask, ref)) {
        return AEMU_STEP_RETRY;
    }
    if (op == PM4_WAIT_OP_WRITE_WAIT_WRITE) {
        aemu_pm4_reg_write(d, p, addr1, ref, &r);
    }
    return r;
}

/*
 * INDIRECT_BUFFER(_CONST): call an IB. An IB called from a kernel ring
 * runs in the vmid of its packet; one called from an IB, or from a ring a
 * process owns (a KFD user queue, CP_HQD_VMID != 0), stays in its
 * caller's, so user packets cannot reach the kernel's address space.
 * The stream processor checks the nesting depth.
 */
AemuStep aemu_pm4_indirect_buffer(AemuDevice *d, AemuPm4Packet *p)
{
    uint32_t ctl = p->body[2];

    aemu_engine_ib(d);
    p->push_ib = true;
    p->ib = (AemuRingIb) {
        .base = aemu_addr64(p->body[0] & PM4_IB_ADDR_LO_MASK,
                       p->body[1] & PM4_ADDR_HI16_MASK),
        .size = ctl & PM4_IB_SIZE_MASK,
        .vmid = p->q->ring.ib_depth || p->vmid ? p->vmid
                               : (ctl & PM4_IB_VMID_MASK) >> PM4_IB_VMID_SHIFT,
        .ce = p->opcode == PACKET3_INDIRECT_BUFFER_CONST,
    };
    return AEMU_STEP_DONE;
}

/*
 * The end-of-pipe action of EVENT_WRITE_EOP and RELEASE_MEM: all earlier
 * work is complete at once in the model, so write the fence, then raise
 * the interrupt if asked for (after the write, as INT_SEL 2 waits for the
 * write's confirmation). An injected fault (inject.c) corrupts the value of
 * an interrupting fence only: that is the driver's ring fence; gfx7's
 * extra EOP before it (seq - 1, no interrupt) and user fences are not.
 */
static AemuStep end_of_pipe(AemuDevice *d, AemuPm4Packet *p,
                                 uint64_t addr, uint32_t sel, uint32_t lo,
                                 uint32_t hi, uint32_t ctxid)
{
    unsigned data_sel = (sel & PM4_DATA_SEL_MASK) >> PM4_DATA_SEL_SHIFT;
    unsigned int_sel = (sel & PM4_INT_SEL_MASK) >> PM4_INT_SEL_SHIFT;
    bool irq = int_sel == PM4_INT_SEL_SEND_INT ||
               int_sel == PM4_INT_SEL_SEND_INT_ON_CONFIRM;
    AemuStep r = AEMU_STEP_DONE;
    uint64_t value = 0;
    bool ok = true;

    /* The fence lands at the engine's modelled time (timing.h). */
    if (aemu_engine_fence(d, irq)) {
        return AEMU_STEP_RETRY;
    }
    switch (data_sel) {
    case PM4_DATA_SEL_DISCARD:
        break;
    case PM4_DATA_SEL_DATA32:
        value = irq ? (uint32_t)aemu_inject_fence(d, &p->q->ring, lo) : lo;
        ok = mem_write32(d, p, addr, (uint32_t)value, &r);
        break;
    case PM4_DATA_SEL_DATA64:
        value = (uint64_t)hi << 32 | lo;
        value = irq ? aemu_inject_fence(d, &p->q->ring, value) : value;
        ok = mem_write64(d, p, addr, value, &r);
        break;
    case PM4_DATA_SEL_GPU_CLOCK:
    case PM4_DATA_SEL_SYS_COUNTER:
        /* One clock source counts both. */
        value = aemu_cp_gpu_clock(d);
        ok = mem_write64(d, p, addr, value, &r);
        break;
    default:
        return aemu_pm4_unimp(d, p, AEMU_CP_ERR_OPCODE,
                              "with DATA_SEL %u, which the model lacks",
                              data_sel);
    }
    if (!ok) {
        return r;
    }
    AEMU_TRACE(d, cp_fence, p->q->ring.name, p->name, addr, value, data_sel,
               int_sel);
    if (irq) {
        p->q->ops->eop_irq(d, p->q, ctxid);
    }
    return r;
}

AemuStep aemu_pm4_event_write_eop(AemuDevice *d, AemuPm4Packet *p)
{
    uint32_t *b = p->body;

    return end_of_pipe(d, p, aemu_addr64(b[1], b[2] & PM4_ADDR_HI16_MASK) & ~3ull,
                       b[2], b[3], b[4], 0);
}

/*
 * RELEASE_MEM: gfx7's 6-dword body and gfx9's 7-dword one share the first
 * six dwords (event, DATA_SEL/INT_SEL, address, data); gfx9's seventh is
 * the interrupt's context id (INT_CTXID: KFD's user PM4 queues put their
 * event's id there, the IV's context_id0 that kfd_signal_event_interrupt
 * looks the event up by).
 */
#define RELEASE_MEM_INT_CTXID_DW    6

AemuStep aemu_pm4_release_mem(AemuDevice *d, AemuPm4Packet *p)
{
    uint32_t *b = p->body;

    return end_of_pipe(d, p, aemu_addr64(b[2], b[3]) & ~3ull, b[1], b[4], b[5],
                       p->len > RELEASE_MEM_INT_CTXID_DW
                       ? b[RELEASE_MEM_INT_CTXID_DW] : 0);
}

/* EVENT_WRITE_EOS: only the 32-bit data store has memory effects here. */
AemuStep aemu_pm4_event_write_eos(AemuDevice *d, AemuPm4Packet *p)
{
    uint32_t *b = p->body;
    AemuStep r = AEMU_STEP_DONE;

    if (b[2] >> PM4_EOS_COMMAND_SHIFT == PM4_EOS_STORE_DATA32) {
        mem_write32(d, p, aemu_addr64(b[1], b[2] & PM4_ADDR_HI16_MASK) & ~3ull,
                    b[3], &r);
    }
    return r;
}

/*
 * MEM_SEMAPHORE (radeon's inter-ring sync): a 64-bit counter in memory.
 * Signal increments it (or sets it to 1 with SIGNAL_TYPE); wait polls until
 * it is non-zero and takes one (inferred semantics).
 */
AemuStep aemu_pm4_mem_semaphore(AemuDevice *d, AemuPm4Packet *p)
{
    uint32_t ctl = p->body[1], sel = ctl & PM4_SEM_SEL_MASK;
    uint64_t addr = aemu_addr64(p->body[0], ctl & PM4_ADDR_HI16_MASK) & ~7ull;

    if (sel != PACKET3_SEM_SEL_SIGNAL && sel != PACKET3_SEM_SEL_WAIT) {
        return aemu_pm4_fail(d, p, AEMU_CP_ERR_OPCODE,
                             "with reserved SEM_SEL (0x%08x)", ctl);
    }
    switch (aemu_mem_semaphore(d, p->vmid, addr,
                               sel == PACKET3_SEM_SEL_SIGNAL,
                               ctl & PACKET3_SEM_SEL_SIGNAL_TYPE,
                               &p->q->ring.client)) {
    case AEMU_SEM_DONE:
        return AEMU_STEP_DONE;
    case AEMU_SEM_RETRY:
        return AEMU_STEP_RETRY;
    default:
        return aemu_pm4_fail(d, p, AEMU_CP_ERR_MEMORY,
                             "access to the semaphore at 0x%"
                             G_GINT64_MODIFIER "x (vmid %u) faulted", addr,
                             p->vmid);
    }
}

/* COPY_DATA: one or two dwords between registers, memory and sources. */
AemuStep aemu_pm4_copy_data(AemuDevice *d, AemuPm4Packet *p)
{
    uint32_t ctl = p->body[0], *b = p->body, v[2] = { 0, 0 };
    unsigned src = ctl & PM4_COPY_DATA_SRC_SEL_MASK;
    unsigned dst = (ctl & PM4_COPY_DATA_DST_SEL_MASK) >>
                   PM4_COPY_DATA_DST_SEL_SHIFT;
    unsigned n = (ctl & PM4_COPY_DATA_COUNT_SEL) ? 2 : 1;
    AemuStep r = AEMU_STEP_DONE;
    uint64_t clock;

    switch (src) {
    case PM4_COPY_DATA_SEL_REG:
        for (unsigned i = 0; i < n; i++) {
            if (!reg_read(d, p, b[1] + i, &v[i], &r)) {
                return r;
            }
        }
        break;
    case PM4_COPY_DATA_SEL_MEMORY:
    case PM4_COPY_DATA_SEL_TC_L2:
        if (!mem_read(d, p, aemu_addr64(b[1], b[2]) & ~3ull, v, 4ull * n, &r)) {
            return r;
        }
        v[0] = GUINT32_FROM_LE(v[0]);
        v[1] = GUINT32_FROM_LE(v[1]);
        break;
    case PM4_COPY_DATA_SEL_IMMEDIATE:
        v[0] = b[1];
        v[1] = b[2];
        break;
    case PM4_COPY_DATA_SEL_GPU_CLOCK:
        clock = aemu_cp_gpu_clock(d);
        v[0] = (uint32_t)clock;
        v[1] = (uint32_t)(clock >> 32);
        break;
    case PM4_COPY_DATA_SEL_GDS:
    case PM4_COPY_DATA_SEL_PERF_COUNTER:
    case PM4_COPY_DATA_SEL_ATOMIC_RETURN:
    case PM4_COPY_DATA_SEL_GDS_ATOMIC0:
    case PM4_COPY_DATA_SEL_GDS_ATOMIC1:
        /* No GDS, counters or atomics modelled: these read 0. */
        unmodelled(d, p, "GDS, counter or atomic source reads 0");
        break;
    default:
        return aemu_pm4_fail(d, p, AEMU_CP_ERR_OPCODE,
                             "with reserved SRC_SEL %u", src);
    }

    switch (dst) {
    case PM4_COPY_DATA_SEL_REG:
    case PM4_COPY_DATA_SEL_REG_DC:
        for (unsigned i = 0; i < n; i++) {
            if (!aemu_pm4_reg_write(d, p, b[3] + i, v[i], &r)) {
                return r;
            }
        }
        return r;
    case PM4_COPY_DATA_SEL_MEMORY:
    case PM4_COPY_DATA_SEL_TC_L2:
    case PM4_COPY_DATA_SEL_MEMORY_ASYNC:
        to_le(v, n);
        mem_write(d, p, aemu_addr64(b[3], b[4]) & ~3ull, v, 4ull * n, &r);
        return r;
    case PM4_COPY_DATA_SEL_GDS:
    case PM4_COPY_DATA_SEL_PERF_COUNTER:
        unmodelled(d, p, "GDS or counter destination dropped");
        return AEMU_STEP_DONE;
    default:
        return aemu_pm4_fail(d, p, AEMU_CP_ERR_OPCODE,
                             "with reserved DST_SEL %u", dst);
    }
}

/* One side of a DMA_DATA transfer, a dword at a time for registers. */
static bool dma_regs(AemuDevice *d, AemuPm4Packet *p, uint64_t addr,
                     bool fixed, uint32_t *buf, uint32_t n, bool write,
                     AemuStep *r)
{
    /* Register space addresses are byte addresses (inferred). */
    uint64_t reg = addr >> 2;

    for (uint32_t i = 0; i < n; i++) {
        uint32_t dw = (uint32_t)MIN(reg + (fixed ? 0 : i),
                                    (uint64_t)d->mmio_dwords);
        bool ok = write ? aemu_pm4_reg_write(d, p, dw,
                                             GUINT32_FROM_LE(buf[i]), r)
                        : reg_read(d, p, dw, &buf[i], r);

        if (!ok) {
            return false;
        }
        if (!write) {
            buf[i] = GUINT32_TO_LE(buf[i]);
        }
    }
    return true;
}

/*
 * DMA_DATA: the CP's own DMA engine (radeon's buffer moves, userspace
 * clears and copies). Up to 2 MiB per packet, moved through a bounce
 * buffer a page at a time and charged to the queue's budget by size.
 */
AemuStep aemu_pm4_dma_data(AemuDevice *d, AemuPm4Packet *p)
{
    uint32_t ctl = p->body[0], cmd = p->body[5];
    uint32_t bytes = cmd & PM4_DMA_DATA_BYTE_COUNT_MASK;
    unsigned src_sel = (ctl & PM4_DMA_DATA_SRC_SEL_MASK) >>
                       PM4_DMA_DATA_SRC_SEL_SHIFT;
    unsigned dst_sel = (ctl & PM4_DMA_DATA_DST_SEL_MASK) >>
                       PM4_DMA_DATA_DST_SEL_SHIFT;
    uint64_t src = aemu_addr64(p->body[1], p->body[2]);
    uint64_t dst = aemu_addr64(p->body[3], p->body[4]);
    uint32_t fill = GUINT32_TO_LE(p->body[1]);
    AemuStep r = AEMU_STEP_DONE;
    uint32_t buf[1024];

    if (dst_sel && dst_sel == p->q->isa->dma_data_nowhere_sel) {
        /* A prefetch: the source is read (and may fault), nothing moves. */
        p->cost = aemu_pm4_extra_cost(bytes / 16);
        for (uint32_t done = 0; done < bytes; done += sizeof(buf)) {
            if (!mem_read(d, p, src + done, buf,
                          MIN(bytes - done, (uint32_t)sizeof(buf)), &r)) {
                return r;
            }
        }
        return r;
    }
    if (dst_sel == PM4_DMA_DATA_DST_SEL_RESERVED) {
        return aemu_pm4_fail(d, p, AEMU_CP_ERR_OPCODE,
                             "with reserved DST_SEL 2");
    }
    if (dst_sel == PM4_DMA_DATA_DST_SEL_GDS ||
        src_sel == PM4_DMA_DATA_SRC_SEL_GDS) {
        unmodelled(d, p, "GDS transfer dropped");
        return AEMU_STEP_DONE;       /* no GDS memory in the model */
    }
    /*
     * A register side moves a register access per dword: charged as
     * SET_*_REG (a unit per 256 registers), not as a memory copy.
     */
    p->cost = aemu_pm4_extra_cost((cmd & (PACKET3_DMA_DATA_CMD_SAS |
                                 PACKET3_DMA_DATA_CMD_DAS)) ? bytes / 4
                                                            : bytes / 16);
    for (uint32_t done = 0; done < bytes;) {
        uint32_t n = MIN(bytes - done, (uint32_t)sizeof(buf));
        uint32_t dws = (n + 3) / 4;
        bool ok;

        if (src_sel == PM4_DMA_DATA_SRC_SEL_DATA) {
            for (uint32_t i = 0; i < dws; i++) {
                buf[i] = fill;
            }
            ok = true;
        } else if (cmd & PACKET3_DMA_DATA_CMD_SAS) {
            ok = dma_regs(d, p, src, cmd & PACKET3_DMA_DATA_CMD_SAIC, buf,
                          dws, false, &r);
            src += (cmd & PACKET3_DMA_DATA_CMD_SAIC) ? 0 : n;
        } else {
            ok = mem_read(d, p, src, buf, n, &r);
            src += (cmd & PACKET3_DMA_DATA_CMD_SAIC) ? 0 : n;
        }
        if (!ok) {
            return r;
        }
        if (cmd & PACKET3_DMA_DATA_CMD_DAS) {
            ok = dma_regs(d, p, dst, cmd & PACKET3_DMA_DATA_CMD_DAIC, buf,
                          dws, true, &r);
        } else {
            ok = mem_write(d, p, dst, buf, n, &r);
        }
        if (!ok) {
            return r;
        }
        dst += (cmd & PACKET3_DMA_DATA_CMD_DAIC) ? 0 : n;
        done += n;
    }
    return r;
}

/* COND_EXEC: skip the next EXEC_COUNT dwords if the dword in memory is 0. */
AemuStep aemu_pm4_cond_exec(AemuDevice *d, AemuPm4Packet *p)
{
    AemuStep r = AEMU_STEP_DONE;
    uint32_t v;

    if (!mem_read(d, p, aemu_addr64(p->body[0],
                               p->body[1] & PM4_ADDR_HI16_MASK) & ~3ull,
                  &v, 4, &r)) {
        return r;
    }
    if (GUINT32_FROM_LE(v) == 0) {
        p->skip = p->body[3] & PM4_COND_EXEC_COUNT_MASK;
    }
    return r;
}

/* REG_RMW: reg = (reg & and) | or, the masks immediate or from registers. */
AemuStep aemu_pm4_reg_rmw(AemuDevice *d, AemuPm4Packet *p)
{
    uint32_t reg = p->body[0] & PM4_REG_RMW_ADDR_MASK;
    uint32_t and_mask = p->body[1], or_mask = p->body[2], v;
    AemuStep r = AEMU_STEP_DONE;

    if ((p->body[0] & PM4_REG_RMW_AND_MASK_SRC) &&
        !reg_read(d, p, p->body[1] & PM4_REG_RMW_ADDR_MASK, &and_mask, &r)) {
        return r;
    }
    if ((p->body[0] & PM4_REG_RMW_OR_MASK_SRC) &&
        !reg_read(d, p, p->body[2] & PM4_REG_RMW_ADDR_MASK, &or_mask, &r)) {
        return r;
    }
    if (!reg_read(d, p, reg, &v, &r)) {
        return r;
    }
    aemu_pm4_reg_write(d, p, reg, (v & and_mask) | or_mask, &r);
    return r;
}

/*
 * The constant engine's counters. The model runs a CE IB to its end before
 * the DE IB that follows it, so every wait is already satisfied; the
 * counters are kept for inspection.
 */
AemuStep aemu_pm4_ce_de_counter(AemuDevice *d, AemuPm4Packet *p)
{
    if (p->opcode == PACKET3_INCREMENT_CE_COUNTER) {
        p->q->ce_counter++;
    } else if (p->opcode == PACKET3_INCREMENT_DE_COUNTER) {
        p->q->de_counter++;
    } else if (p->opcode == PACKET3_SET_CE_DE_COUNTERS) {
        p->q->ce_counter = p->q->de_counter = p->body[0];
    }
    return AEMU_STEP_DONE;
}

static bool ce_range(AemuDevice *d, AemuPm4Packet *p, uint32_t offset,
                     uint32_t dwords, AemuStep *r)
{
    if ((uint64_t)offset + 4ull * dwords > AEMU_CP_CE_RAM_SIZE) {
        *r = aemu_pm4_fail(d, p, AEMU_CP_ERR_OPCODE,
                           "reaches past the %u-byte CE RAM (offset 0x%x, "
                           "%u dwords)", AEMU_CP_CE_RAM_SIZE, offset, dwords);
        return false;
    }
    return true;
}

AemuStep aemu_pm4_write_const_ram(AemuDevice *d, AemuPm4Packet *p)
{
    uint32_t offset = p->body[0] & PM4_CE_RAM_OFFSET_MASK, n = p->len - 1;
    AemuStep r = AEMU_STEP_DONE;

    if (!ce_range(d, p, offset, n, &r)) {
        return r;
    }
    to_le(p->body + 1, n);
    memcpy(p->q->shared->ce_ram + offset, p->body + 1, 4ull * n);
    return r;
}

AemuStep aemu_pm4_dump_const_ram(AemuDevice *d, AemuPm4Packet *p)
{
    uint32_t offset = p->body[0] & PM4_CE_RAM_OFFSET_MASK;
    uint32_t n = p->body[1] & PM4_CE_RAM_NUM_DWORDS_MASK;
    AemuStep r = AEMU_STEP_DONE;

    if (ce_range(d, p, offset, n, &r)) {
        mem_write(d, p, aemu_addr64(p->body[2], p->body[3]) & ~3ull,
                  p->q->shared->ce_ram + offset, 4ull * n, &r);
    }
    return r;
}

AemuStep aemu_pm4_load_const_ram(AemuDevice *d, AemuPm4Packet *p)
{
    uint32_t n = p->body[2] & PM4_CE_RAM_NUM_DWORDS_MASK;
    uint32_t offset = p->body[3] & PM4_CE_RAM_OFFSET_MASK;
    AemuStep r = AEMU_STEP_DONE;

    if (ce_range(d, p, offset, n, &r)) {
        mem_read(d, p, aemu_addr64(p->body[0], p->body[1]) & ~3ull,
                 p->q->shared->ce_ram + offset, 4ull * n, &r);
    }
    return r;
}
