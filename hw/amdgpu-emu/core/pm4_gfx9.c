/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the gfx9 (GFX 9.0, SOC15) PM4 instruction set.
 *
 * The type-3 opcodes soc15d.h defines and gfx_v9_0.c, libdrm and Mesa
 * emit on gfx9, with their gfx9 body lengths: RELEASE_MEM grew a seventh
 * dword (gfx_v9_0_ring_emit_fence: PACKET3(RELEASE_MEM, 6)) and is the
 * only end-of-pipe packet (soc15d.h has no EVENT_WRITE_EOP/EOS and no
 * SURFACE_SYNC: ACQUIRE_MEM serves both queue kinds); FRAME_CONTROL
 * brackets every gfx job. SET_CONFIG_REG is still defined and emitted
 * (gfx_v9_0_ring_emit_ib_compute writes GDS_COMPUTE_MAX_WAVE_ID with it).
 * The KIQ's queue-management packets are accepted on the KIQ and the HIQ
 * only and run in gfx_v9_cp.c (on the HIQ in gfx_v9_hws.c); both take
 * every compute packet as well. Dispatches
 * run (cp_dispatch.c); draws and 3D state are accepted and skipped, as on
 * gfx7. The shared handlers are cp_pm4_ops.c's.
 */
#include "cp_pm4_ops.h"
#include "amdgpu-emu/regs/vega10_regs.h"
#include "amdgpu-emu/regs/vega10_fields.h"
#include "pm4_soc15.h"

#define GFX AEMU_PM4_Q_GFX
#define ALL AEMU_PM4_Q_ALL
#define KIQ AEMU_PM4_Q_KIQ
#define HIQ AEMU_PM4_Q_HIQ
#define ANY_LEN AEMU_PM4_MAX_BODY
#define OP(op, h, lo, hi, qs) \
    [PACKET3_##op] = { #op, h, lo, hi, qs }
#define UNIMP(op) \
    [PACKET3_##op] = { .name = #op, .unimp = true }

const AemuPm4Isa aemu_pm4_gfx9 = {
    .name = "gfx9",
    .config = { PACKET3_SET_CONFIG_REG_START, PACKET3_SET_CONFIG_REG_END },
    .context = { PACKET3_SET_CONTEXT_REG_START, PACKET3_SET_CONTEXT_REG_END },
    .sh = { PACKET3_SET_SH_REG_START, PACKET3_SET_SH_REG_END },
    .uconfig = { PACKET3_SET_UCONFIG_REG_START, PACKET3_SET_UCONFIG_REG_END },
    .sh_mem_bases = mmSH_MEM_BASES,
    .sh_mem_config = mmSH_MEM_CONFIG,
    .sh_mem_retry_disable = SH_MEM_CONFIG__RETRY_DISABLE_MASK,
    .write_data_discard_sel = PM4_DST_SEL_PREEMPTION_META,
    .dma_data_nowhere_sel = PM4_DMA_DATA_DST_SEL_NOWHERE,
    .ops = {
        OP(NOP, NULL, 1, ANY_LEN, ALL),
        OP(SET_BASE, aemu_pm4_set_base, 3, 3, ALL),
        OP(CLEAR_STATE, NULL, 1, 1, GFX),
        OP(INDEX_BUFFER_SIZE, NULL, 1, 1, GFX),
        OP(DISPATCH_DIRECT, aemu_pm4_dispatch_direct, 4, 4, ALL),
        OP(DISPATCH_INDIRECT, aemu_pm4_dispatch_indirect, 2, 3, ALL),
        OP(SET_PREDICATION, NULL, 2, 2, GFX),
        OP(REG_RMW, aemu_pm4_reg_rmw, 3, 3, ALL),
        /* gfx_v9_0_ring_emit_init_cond_exec: PACKET3(COND_EXEC, 3). */
        OP(COND_EXEC, aemu_pm4_cond_exec, 4, 4, ALL),
        OP(PRED_EXEC, NULL, 1, 1, ALL),
        OP(DRAW_INDIRECT, NULL, 4, 4, GFX),
        OP(DRAW_INDEX_INDIRECT, NULL, 4, 4, GFX),
        OP(INDEX_BASE, NULL, 2, 2, GFX),
        OP(DRAW_INDEX_2, NULL, 5, 5, GFX),
        /* gfx_v9_ring_emit_cntxcntl: PACKET3(CONTEXT_CONTROL, 1). */
        OP(CONTEXT_CONTROL, NULL, 2, 2, GFX),
        OP(INDEX_TYPE, NULL, 1, 1, GFX),
        OP(DRAW_INDIRECT_MULTI, NULL, 9, 9, GFX),
        OP(DRAW_INDEX_AUTO, NULL, 2, 2, GFX),
        OP(NUM_INSTANCES, NULL, 1, 1, GFX),
        OP(DRAW_INDEX_MULTI_AUTO, NULL, 3, 3, GFX),
        OP(INDIRECT_BUFFER_CONST, aemu_pm4_indirect_buffer, 3, 3, GFX),
        OP(STRMOUT_BUFFER_UPDATE, NULL, 5, 5, GFX),
        OP(DRAW_PREAMBLE, NULL, 3, 3, GFX),
        OP(WRITE_DATA, aemu_pm4_write_data, 4, ANY_LEN, ALL),
        OP(DRAW_INDEX_INDIRECT_MULTI, NULL, 9, 9, GFX),
        OP(MEM_SEMAPHORE, aemu_pm4_mem_semaphore, 2, 2, ALL),
        /* gfx_v9_0_wait_reg_mem: PACKET3(WAIT_REG_MEM, 5). */
        OP(WAIT_REG_MEM, aemu_pm4_wait_reg_mem, 6, 6, ALL),
        OP(INDIRECT_BUFFER, aemu_pm4_indirect_buffer, 3, 3, ALL),
        OP(COPY_DATA, aemu_pm4_copy_data, 5, 5, ALL),
        OP(PFP_SYNC_ME, NULL, 1, 1, GFX),
        OP(EVENT_WRITE, NULL, 1, 3, ALL),
        /* gfx_v9_0_ring_emit_fence: PACKET3(RELEASE_MEM, 6). */
        OP(RELEASE_MEM, aemu_pm4_release_mem, PM4_RELEASE_MEM_GFX9_BODY,
           PM4_RELEASE_MEM_GFX9_BODY, ALL),
        OP(PREAMBLE_CNTL, NULL, 1, 1, GFX),
        OP(DMA_DATA, aemu_pm4_dma_data, 6, 6, ALL),
        /* gfx_v9_0_emit_mem_sync: PACKET3(ACQUIRE_MEM, 5); no caches. */
        OP(ACQUIRE_MEM, NULL, 6, 6, ALL),
        OP(SET_CONFIG_REG, aemu_pm4_set_reg, 1, ANY_LEN, ALL),
        OP(SET_CONTEXT_REG, aemu_pm4_set_reg, 1, ANY_LEN, GFX),
        OP(SET_SH_REG, aemu_pm4_set_reg, 1, ANY_LEN, ALL),
        OP(SET_UCONFIG_REG, aemu_pm4_set_reg, 1, ANY_LEN, ALL),
        OP(LOAD_CONST_RAM, aemu_pm4_load_const_ram, 4, 4, GFX),
        OP(WRITE_CONST_RAM, aemu_pm4_write_const_ram, 2, ANY_LEN, GFX),
        OP(DUMP_CONST_RAM, aemu_pm4_dump_const_ram, 4, 4, GFX),
        OP(INCREMENT_CE_COUNTER, aemu_pm4_ce_de_counter, 1, 1, GFX),
        OP(INCREMENT_DE_COUNTER, aemu_pm4_ce_de_counter, 1, 1, GFX),
        OP(WAIT_ON_CE_COUNTER, aemu_pm4_ce_de_counter, 1, 1, GFX),
        OP(WAIT_ON_DE_COUNTER_DIFF, aemu_pm4_ce_de_counter, 1, 1, GFX),
        OP(SET_CE_DE_COUNTERS, aemu_pm4_ce_de_counter, 1, 2, GFX),
        OP(SWITCH_BUFFER, NULL, 1, 1, GFX),
        /* gfx_v9_0_ring_emit_frame_cntl: TMZ begin/end, no TMZ here. */
        OP(FRAME_CONTROL, NULL, 1, 1, GFX),
        /* The KIQ's packets (gfx_v9_0_kiq_set_resources, ...). */
        OP(INVALIDATE_TLBS, aemu_gfx_v9_kiq_invalidate_tlbs, 1, 1, KIQ),
        /*
         * The same on the HIQ go to the hardware scheduler, with its own
         * RUN_LIST (kfd_packet_manager_v9.c); MAP_PROCESS only appears in
         * runlist IBs, which RUN_LIST parses itself.
         */
        OP(SET_RESOURCES, aemu_gfx_v9_kiq_set_resources, 7, 7, KIQ | HIQ),
        OP(MAP_QUEUES, aemu_gfx_v9_kiq_map_queues, PM4_MAP_QUEUES_BODY,
           PM4_MAP_QUEUES_BODY, KIQ | HIQ),
        OP(UNMAP_QUEUES, aemu_gfx_v9_kiq_unmap_queues, PM4_UNMAP_QUEUES_BODY,
           PM4_UNMAP_QUEUES_BODY, KIQ | HIQ),
        OP(QUERY_STATUS, aemu_gfx_v9_kiq_query_status, 6, 6, KIQ | HIQ),
        OP(RUN_LIST, aemu_gfx_v9_hws_run_list, PM4_RUN_LIST_BODY,
           PM4_RUN_LIST_BODY, HIQ),
        OP(MAP_PROCESS, aemu_gfx_v9_hws_map_process, PM4_MAP_PROCESS_BODY,
           PM4_MAP_PROCESS_BODY, HIQ),
        UNIMP(ATOMIC_GDS),
        UNIMP(ATOMIC_MEM),
        UNIMP(OCCLUSION_QUERY),
        UNIMP(COND_WRITE),
        UNIMP(REWIND),
        UNIMP(LOAD_UCONFIG_REG),
        UNIMP(LOAD_SH_REG),
        UNIMP(LOAD_CONFIG_REG),
        UNIMP(LOAD_CONTEXT_REG),
        UNIMP(SET_CONTEXT_REG_INDIRECT),
        UNIMP(SET_SH_REG_OFFSET),
        UNIMP(SET_QUEUE_REG),
        UNIMP(SCRATCH_RAM_WRITE),
        UNIMP(SCRATCH_RAM_READ),
    },
};

#undef UNIMP
#undef OP
#undef ANY_LEN
#undef HIQ
#undef KIQ
#undef ALL
#undef GFX
