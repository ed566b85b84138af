/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the gfx8 (VI) PM4 instruction set, as Topaz's CP runs
 * it: gfx7's opcodes and register windows (pm4_gfx7_ops.h: vid.h repeats
 * cikd.h for them, lengths included) and the KIQ's queue-management
 * packets gfx_v8_0_kiq_kcq_enable and gfx_v8_0_kcq_disable send, accepted
 * on the KIQ only and run in gfx_v8_cp.c.
 */
#include "pm4_gfx7_ops.h"
#include "pm4_vi.h"
#include "amdgpu-emu/regs/topaz_regs.h"

#define GFX AEMU_PM4_Q_GFX
#define ALL AEMU_PM4_Q_ALL
#define KIQ AEMU_PM4_Q_KIQ
#define ANY_LEN AEMU_PM4_MAX_BODY
#define OP(op, h, lo, hi, qs) \
    [PACKET3_##op] = { #op, h, lo, hi, qs }
#define UNIMP(op) \
    [PACKET3_##op] = { .name = #op, .unimp = true }

const AemuPm4Isa aemu_pm4_gfx8 = {
    .name = "gfx8",
    AEMU_PM4_GFX7_REG_WINDOWS,
    .sh_mem_bases = mmSH_MEM_BASES,
    .ops = {
        AEMU_PM4_GFX7_OPS,
        OP(SET_RESOURCES, aemu_gfx_v8_kiq_set_resources,
           PM4_VI_SET_RESOURCES_BODY, PM4_VI_SET_RESOURCES_BODY, KIQ),
        OP(MAP_QUEUES, aemu_gfx_v8_kiq_map_queues, PM4_MAP_QUEUES_BODY,
           PM4_MAP_QUEUES_BODY, KIQ),
        OP(UNMAP_QUEUES, aemu_gfx_v8_kiq_unmap_queues, PM4_UNMAP_QUEUES_BODY,
           PM4_UNMAP_QUEUES_BODY, KIQ),
    },
};

#undef UNIMP
#undef OP
#undef ANY_LEN
#undef KIQ
#undef ALL
#undef GFX
