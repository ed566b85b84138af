/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the R600 family's PM4 instruction set (RS780's CP).
 *
 * Every type-3 opcode of radeon's r600d.h with the body length radeon's
 * kernel code emits (r600.c, r600_cs.c for what userspace may send), on
 * the one gfx ring R600 has. Memory and fence packets run on the shared
 * handlers where the layout is the CIK one (EVENT_WRITE_EOP, WAIT_REG_MEM,
 * MEM_SEMAPHORE, INDIRECT_BUFFER with R600's opcode); CP_DMA is DMA_DATA
 * without the control dword; MEM_WRITE is R600's own. The 3D state and the shader constants are
 * accepted and skipped: the model runs no R600 (VLIW) shaders. Packets
 * the hardware has and the model does not run stop the ring (UNIMP).
 */
#include <string.h>
#include "cp_pm4_ops.h"
#include "pm4_r600.h"

#define GFX AEMU_PM4_Q_GFX
#define ANY_LEN AEMU_PM4_MAX_BODY
#define OP(op, h, lo, hi) \
    [R600_PACKET3_##op] = { #op, h, lo, hi, GFX }
#define UNIMP(op) \
    [R600_PACKET3_##op] = { .name = #op, .unimp = true }

/* CP_DMA's body: src lo, src hi | CP_SYNC, dst lo, dst hi, command. */
enum { CP_DMA_SRC_LO, CP_DMA_SRC_HI, CP_DMA_DST_LO, CP_DMA_DST_HI,
       CP_DMA_COMMAND, CP_DMA_DWORDS };

/*
 * CP_DMA (r600_copy_cpdma, radeon's buffer moves on R600): the command
 * dword (byte count [20:0], swaps, SAS/DAS, SAIC/DAIC) is bit for bit the
 * one of CIK's DMA_DATA, which adds a control dword in front (source and
 * destination select: memory, 0) and wider address high parts. The body is
 * rewritten into that form and run by the shared handler.
 */
static AemuStep r600_cp_dma(AemuDevice *d, AemuPm4Packet *p)
{
    uint32_t b[CP_DMA_DWORDS];

    memcpy(b, p->body, sizeof(b));
    p->body[0] = 0;
    p->body[1] = b[CP_DMA_SRC_LO];
    p->body[2] = b[CP_DMA_SRC_HI] & R600_CP_DMA_ADDR_HI_MASK;
    p->body[3] = b[CP_DMA_DST_LO];
    p->body[4] = b[CP_DMA_DST_HI] & R600_CP_DMA_ADDR_HI_MASK;
    p->body[5] = b[CP_DMA_COMMAND];
    p->len = CP_DMA_DWORDS + 1;
    return aemu_pm4_dma_data(d, p);
}

/*
 * MEM_WRITE (r600d.h; the CS checker's layout): address low (dword
 * aligned), address high [7:0] with DATA32 (bit 18: one dword, else two),
 * then the data's low and high dwords.
 */
static AemuStep r600_mem_write(AemuDevice *d, AemuPm4Packet *p)
{
    uint64_t addr = aemu_addr64(p->body[0] & ~3u,
                                p->body[1] & R600_MEM_WRITE_ADDR_HI_MASK);
    uint32_t data[2] = { GUINT32_TO_LE(p->body[2]), GUINT32_TO_LE(p->body[3]) };
    AemuStep r = AEMU_STEP_DONE;

    aemu_pm4_mem_write(d, p, addr, data,
                       (p->body[1] & R600_MEM_WRITE_DATA32) ? 4 : 8, &r);
    return r;
}

const AemuPm4Isa aemu_pm4_r600 = {
    .name = "r600",
    .config = { R600_PACKET3_SET_CONFIG_REG_OFFSET / 4,
                R600_PACKET3_SET_CONFIG_REG_END / 4 },
    .context = { R600_PACKET3_SET_CONTEXT_REG_OFFSET / 4,
                 R600_PACKET3_SET_CONTEXT_REG_END / 4 },
    .ops = {
        OP(NOP, NULL, 1, ANY_LEN),
        OP(SET_PREDICATION, NULL, 2, 2),
        OP(REG_RMW, aemu_pm4_reg_rmw, 3, 3),
        /* One GPU: every device-select matches. */
        OP(PRED_EXEC, NULL, 1, 1),
        OP(START_3D_CMDBUF, NULL, 1, 1),
        OP(DRAW_INDEX_2, NULL, 5, 5),
        OP(CONTEXT_CONTROL, NULL, 2, 2),
        OP(INDEX_TYPE, NULL, 1, 1),
        OP(DRAW_INDEX, NULL, 4, 4),
        OP(DRAW_INDEX_AUTO, NULL, 2, 2),
        OP(DRAW_INDEX_IMMD, NULL, 2, ANY_LEN),
        OP(NUM_INSTANCES, NULL, 1, 1),
        OP(INDIRECT_BUFFER, aemu_pm4_indirect_buffer, 3, 3),
        OP(MEM_SEMAPHORE, aemu_pm4_mem_semaphore, 2, 2),
        OP(WAIT_REG_MEM, aemu_pm4_wait_reg_mem, 6, 6),
        OP(CP_DMA, r600_cp_dma, CP_DMA_DWORDS, CP_DMA_DWORDS),
        OP(MEM_WRITE, r600_mem_write, 4, 4),
        OP(PFP_SYNC_ME, NULL, 1, 1),
        /* No caches to flush or invalidate. */
        OP(SURFACE_SYNC, NULL, 4, 4),
        /* The microcode's set-up (r600_cp_start): nothing to configure. */
        OP(ME_INITIALIZE, NULL, 6, 6),
        /* Events: flushes and counter samples, none of which is modelled. */
        OP(EVENT_WRITE, NULL, 1, 3),
        OP(EVENT_WRITE_EOP, aemu_pm4_event_write_eop, 5, 5),
        OP(SET_CONFIG_REG, aemu_pm4_set_reg, 1, ANY_LEN),
        OP(SET_CONTEXT_REG, aemu_pm4_set_reg, 1, ANY_LEN),
        /* Shader constants, resources and samplers: no shader reads them. */
        OP(SET_ALU_CONST, NULL, 1, ANY_LEN),
        OP(SET_BOOL_CONST, NULL, 1, ANY_LEN),
        OP(SET_LOOP_CONST, NULL, 1, ANY_LEN),
        OP(SET_RESOURCE, NULL, 1, ANY_LEN),
        OP(SET_SAMPLER, NULL, 1, ANY_LEN),
        OP(SET_CTL_CONST, NULL, 1, ANY_LEN),
        OP(SURFACE_BASE_UPDATE, NULL, 1, 1),
        UNIMP(INDIRECT_BUFFER_END),
        UNIMP(COND_EXEC),
        UNIMP(DRAW_INDEX_IMMD_BE),
        UNIMP(STRMOUT_BUFFER_UPDATE),
        UNIMP(INDIRECT_BUFFER_MP),
        UNIMP(MPEG_INDEX),
        UNIMP(COPY_DW),
        UNIMP(COND_WRITE),
        UNIMP(ONE_REG_WRITE),
    },
};

#undef UNIMP
#undef OP
#undef ANY_LEN
#undef GFX
