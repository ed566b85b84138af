/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: SDMA 2.4 (OSS 2.4 system DMA) of Iceland/Topaz,
 * sdma_v2_4.c's block.
 *
 * The engine is CIK's (sdma_cik.c): two instances, each with the gfx queue
 * and the RLC0/RLC1 user queues, no doorbell on the gfx queue (a write to
 * GFX_RB_WPTR is the submission), 32-bit pointers in bytes, and every
 * register the model gives a meaning at CIK's offset (OSS 2.4 moved only
 * the perf counters; SDMA0_UCODE_ADDR's VALUE field grew from 11 to 12
 * bits, and the model keeps that register as storage). The packets are
 * CIK's encoding (iceland_sdma_pkt_open.h: the same opcodes, sub-opcodes,
 * header fields and lengths for every packet sdma_v2_4.c and libdrm emit:
 * NOP with its count, COPY_LINEAR with an exact byte count, WRITE_LINEAR,
 * INDIRECT, FENCE, POLL_REGMEM with HDP_FLUSH, CONST_FILL, GEN_PTEPDE,
 * SRBM_WRITE, TIMESTAMP) but for TRAP: sdma_v2_4_ring_emit_fence writes
 * the header and an INT_CONTEXT dword on the kernel's own ring (its
 * emit_frame_size counts 10 dwords a fence where CIK's counts 9), so here
 * the gfx queue decodes TRAP as CIK's RLC queues do.
 *
 * On VI the SMU loads the SDMA microcode (smu7_request_smu_load_fw,
 * smc_iceland.c); sdma_v2_4_start then only clears F32_CNTL.HALT.
 */
#include "sdma_cik.h"

static void sdma_v2_4_init(AemuDevice *d, void *priv)
{
    sdma_cik_init_engines(d, priv, true);
}

const AemuIpBlockFuncs aemu_sdma_v2_4_funcs = {
    .name = "sdma_v2_4",
    .type = AEMU_BLOCK_SDMA,
    .major = 2, .minor = 4,
    .priv_size = sizeof(AemuSdma),
    .init = sdma_v2_4_init,
    .reset = sdma_cik_reset,
    .soft_reset = sdma_cik_soft_reset,
    .busy = sdma_cik_busy,
    .state = sdma_cik_state_io,
    .state_version = 1,
};
