/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the gfx7 (CIK) PM4 opcodes, as rows of an AemuPm4Isa's
 * ops, listed once for the generations that kept them: gfx7 itself
 * (pm4_gfx7.c) and gfx8 (pm4_gfx8.c, which adds its KIQ's packets; vid.h
 * repeats cikd.h for all of these).
 *
 * Every type-3 opcode the gfx7 CP accepts, with the body lengths the
 * drivers emit (gfx_v7_0.c, gfx_v8_0.c, radeon cik.c; kernel-only packets
 * have exactly that length) and, for packets only userspace emits, the CI
 * packet layouts of AMD's PAL pm4 definitions. Dispatches run their
 * compute shaders (cp_dispatch.c); draws and the rest of the 3D state are
 * accepted and skipped: the model runs no graphics shaders. The handlers
 * are cp_pm4_ops.c's, shared by the generations.
 *
 * The rows use the including file's OP(op, handler, min, max, queues),
 * UNIMP(op), GFX, ALL and ANY_LEN.
 */
#ifndef AMDGPU_EMU_PM4_GFX7_OPS_H
#define AMDGPU_EMU_PM4_GFX7_OPS_H

#include "cp_pm4_ops.h"
#include "pm4_cik.h"

/* The SET_*_REG windows (cikd.h; vid.h's are the same). */
#define AEMU_PM4_GFX7_REG_WINDOWS \
    .config = { PACKET3_SET_CONFIG_REG_START, PACKET3_SET_CONFIG_REG_END }, \
    .context = { PACKET3_SET_CONTEXT_REG_START, \
                 PACKET3_SET_CONTEXT_REG_END }, \
    .sh = { PACKET3_SET_SH_REG_START, PACKET3_SET_SH_REG_END }, \
    .uconfig = { PACKET3_SET_UCONFIG_REG_START, \
                 PACKET3_SET_UCONFIG_REG_END }

#define AEMU_PM4_GFX7_OPS \
    OP(NOP, NULL, 1, ANY_LEN, ALL),                                          \
    OP(SET_BASE, aemu_pm4_set_base, 3, 3, ALL),                              \
    OP(CLEAR_STATE, NULL, 1, 1, GFX),                                        \
    OP(INDEX_BUFFER_SIZE, NULL, 1, 1, GFX),                                  \
    OP(DISPATCH_DIRECT, aemu_pm4_dispatch_direct, 4, 4, ALL),                \
    /* The ME's form takes an offset, the MEC's a full address. */           \
    OP(DISPATCH_INDIRECT, aemu_pm4_dispatch_indirect, 2, 3, ALL),            \
    OP(SET_PREDICATION, NULL, 2, 2, GFX),                                    \
    OP(REG_RMW, aemu_pm4_reg_rmw, 3, 3, ALL),                                \
    OP(COND_EXEC, aemu_pm4_cond_exec, 4, 4, ALL),                            \
    /* One GPU: every device-select matches. */                              \
    OP(PRED_EXEC, NULL, 1, 1, ALL),                                          \
    OP(DRAW_INDIRECT, NULL, 4, 4, GFX),                                      \
    OP(DRAW_INDEX_INDIRECT, NULL, 4, 4, GFX),                                \
    OP(INDEX_BASE, NULL, 2, 2, GFX),                                         \
    OP(DRAW_INDEX_2, NULL, 5, 5, GFX),                                       \
    OP(CONTEXT_CONTROL, NULL, 2, 2, GFX),                                    \
    OP(INDEX_TYPE, NULL, 1, 1, GFX),                                         \
    OP(DRAW_INDIRECT_MULTI, NULL, 9, 9, GFX),                                \
    OP(DRAW_INDEX_AUTO, NULL, 2, 2, GFX),                                    \
    OP(NUM_INSTANCES, NULL, 1, 1, GFX),                                      \
    OP(DRAW_INDEX_MULTI_AUTO, NULL, 3, 3, GFX),                              \
    OP(INDIRECT_BUFFER_CONST, aemu_pm4_indirect_buffer, 3, 3, GFX),          \
    OP(STRMOUT_BUFFER_UPDATE, NULL, 5, 5, GFX),                              \
    OP(DRAW_INDEX_OFFSET_2, NULL, 4, 4, GFX),                                \
    OP(DRAW_PREAMBLE, NULL, 3, 3, GFX),                                      \
    OP(WRITE_DATA, aemu_pm4_write_data, 4, ANY_LEN, ALL),                    \
    OP(DRAW_INDEX_INDIRECT_MULTI, NULL, 9, 9, GFX),                          \
    OP(MEM_SEMAPHORE, aemu_pm4_mem_semaphore, 2, 2, ALL),                    \
    OP(WAIT_REG_MEM, aemu_pm4_wait_reg_mem, 6, 6, ALL),                      \
    OP(INDIRECT_BUFFER, aemu_pm4_indirect_buffer, 3, 3, ALL),                \
    OP(COPY_DATA, aemu_pm4_copy_data, 5, 5, ALL),                            \
    /* "compute doesn't have PFP" (gfx_v7_0_ring_emit_vm_flush). */          \
    OP(PFP_SYNC_ME, NULL, 1, 1, GFX),                                        \
    /* No caches to flush or invalidate. */                                  \
    OP(SURFACE_SYNC, NULL, 4, 4, GFX),                                       \
    /* Events: flushes and counter samples, none of which is modelled. */    \
    OP(EVENT_WRITE, NULL, 1, 3, ALL),                                        \
    OP(EVENT_WRITE_EOP, aemu_pm4_event_write_eop, 5, 5, GFX),                \
    OP(EVENT_WRITE_EOS, aemu_pm4_event_write_eos, 4, 4, ALL),                \
    OP(RELEASE_MEM, aemu_pm4_release_mem, 6, 6, ALL),                        \
    OP(PREAMBLE_CNTL, NULL, 1, 1, GFX),                                      \
    OP(DMA_DATA, aemu_pm4_dma_data, 6, 6, ALL),                              \
    OP(ACQUIRE_MEM, NULL, 6, 6, ALL),                                        \
    OP(SET_CONFIG_REG, aemu_pm4_set_reg, 1, ANY_LEN, ALL),                   \
    OP(SET_CONTEXT_REG, aemu_pm4_set_reg, 1, ANY_LEN, GFX),                  \
    OP(SET_SH_REG, aemu_pm4_set_reg, 1, ANY_LEN, ALL),                       \
    OP(SET_UCONFIG_REG, aemu_pm4_set_reg, 1, ANY_LEN, ALL),                  \
    OP(LOAD_CONST_RAM, aemu_pm4_load_const_ram, 4, 4, GFX),                  \
    OP(WRITE_CONST_RAM, aemu_pm4_write_const_ram, 2, ANY_LEN, GFX),          \
    OP(DUMP_CONST_RAM, aemu_pm4_dump_const_ram, 4, 4, GFX),                  \
    OP(INCREMENT_CE_COUNTER, aemu_pm4_ce_de_counter, 1, 1, GFX),             \
    OP(INCREMENT_DE_COUNTER, aemu_pm4_ce_de_counter, 1, 1, GFX),             \
    OP(WAIT_ON_CE_COUNTER, aemu_pm4_ce_de_counter, 1, 1, GFX),               \
    OP(WAIT_ON_DE_COUNTER_DIFF, aemu_pm4_ce_de_counter, 1, 1, GFX),          \
    /* libdrm's 1-dword form sets the counters to 0 (the low half). */       \
    OP(SET_CE_DE_COUNTERS, aemu_pm4_ce_de_counter, 1, 2, GFX),               \
    OP(SWITCH_BUFFER, NULL, 1, 1, GFX),                                      \
    UNIMP(ATOMIC_GDS),                                                       \
    UNIMP(ATOMIC_MEM),                                                       \
    UNIMP(OCCLUSION_QUERY),                                                  \
    UNIMP(COPY_DW),                                                          \
    UNIMP(COND_WRITE),                                                       \
    UNIMP(REWIND),                                                           \
    UNIMP(LOAD_UCONFIG_REG),                                                 \
    UNIMP(LOAD_SH_REG),                                                      \
    UNIMP(LOAD_CONFIG_REG),                                                  \
    UNIMP(LOAD_CONTEXT_REG),                                                 \
    UNIMP(SET_CONTEXT_REG_INDIRECT),                                         \
    UNIMP(SET_SH_REG_OFFSET),                                                \
    UNIMP(SET_QUEUE_REG),                                                    \
    UNIMP(SCRATCH_RAM_WRITE),                                                \
    UNIMP(SCRATCH_RAM_READ)

#endif
