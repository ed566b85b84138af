/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the GFX 7 command processor's queues, gfx_v7_0.c's and
 * radeon's cik.c's. The model is cp_gfx7_body.h's on CIK's offsets, with
 * gfx7's PM4 set and shader generation, struct cik_mqd's HQD image, and
 * the ring_id both drivers decode.
 */
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"
#include "cp_pm4.h"

/*
 * IV ring_id of a CP source. The two drivers decode it differently:
 *  - amdgpu (gfx_v7_0_eop_irq, gfx_v7_0_fault): pipe [1:0], ME [3:2];
 *    gfx7 never reads the queue (other generations find it in [6:4]);
 *  - radeon (cik_irq_process, "XXX check the bitfield order!"): queue [2:0],
 *    pipe [4:3], ME [6:5], and it matches its compute rings on ME and pipe.
 * The model serves both: bits [3:0] are amdgpu's fields, bits [6:5] repeat
 * the ME and bit 4 holds the pipe's high bit for radeon. radeon's pipe low
 * bit is then amdgpu's ME high bit, 0 for MEC1, so MEC1 pipes 0 and 2 decode
 * right in both drivers: radeon's two compute rings are MEC1 pipe 0
 * (cik_init), and gfx is ME 0 = ring_id 0 for both.
 */
#define IV_RING_ID_PIPE_SHIFT           0
#define IV_RING_ID_ME_SHIFT             2
#define IV_RING_ID_RADEON_PIPE_HI_SHIFT 4
#define IV_RING_ID_RADEON_ME_SHIFT      5

static uint8_t ring_id(const AemuCpQueue *q)
{
    return (q->me & 3) << IV_RING_ID_RADEON_ME_SHIFT |
           (q->pipe >> 1 & 1) << IV_RING_ID_RADEON_PIPE_HI_SHIFT |
           (q->me & 3) << IV_RING_ID_ME_SHIFT |
           (q->pipe & 3) << IV_RING_ID_PIPE_SHIFT;
}

#define CP_PM4_ISA      (&aemu_pm4_gfx7)
#define CP_SH_GEN       AEMU_SH_GFX7
/*
 * struct cik_mqd (KFD's cik_structs.h, the MQD amdgpu's gfx_v7_0_mqd_init
 * fills too): the HQD image from dword 51 on, CP_MQD_BASE_ADDR to
 * CP_MQD_CONTROL, the range kgd_hqd_load writes back to the registers.
 */
#define MQD_HQD_DW      51
#define MQD_HQD_REGS    (mmCP_MQD_CONTROL - mmCP_MQD_BASE_ADDR + 1)
#define CP_CHIP_FIELDS

#include "cp_gfx7_body.h"

const AemuIpBlockFuncs aemu_gfx_v7_cp_funcs = {
    .name = "gfx_v7_0_cp",
    .type = AEMU_BLOCK_CP,
    .major = 7, .minor = 2,
    .priv_size = sizeof(AemuCp),
    .init = cp_init,
    .reset = cp_reset,
    .soft_reset = cp_soft_reset,
    .busy = cp_busy,
    .fini = cp_fini,
    .state = cp_state_io,
    .state_version = 1,
};
