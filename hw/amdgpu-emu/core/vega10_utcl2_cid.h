/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: Vega10's UTCL2 client ids, what a fault's
 * VM_L2_PROTECTION_FAULT_STATUS.CID holds, as gmc_v9_0_process_interrupt
 * names them (gfxhub_client_ids[], mmhub_client_ids_vega10[cid][rw]). On
 * the GFXHUB a client has one id; on Vega10's MMHUB the id depends on the
 * direction, and the two SDMA engines swap their read and write ids.
 */
#ifndef AMDGPU_EMU_VEGA10_UTCL2_CID_H
#define AMDGPU_EMU_VEGA10_UTCL2_CID_H

typedef enum AemuVega10Utcl2Cid {
    /* GFXHUB, either direction. */
    VEGA10_GFXHUB_CID_CB = 0,
    VEGA10_GFXHUB_CID_CPF = 4,
    VEGA10_GFXHUB_CID_CPC = 5,
    VEGA10_GFXHUB_CID_CPG = 6,
    VEGA10_GFXHUB_CID_RLC = 7,
    VEGA10_GFXHUB_CID_TCP = 8,
    /* MMHUB reads. */
    VEGA10_MMHUB_RD_CID_MP0 = 0,
    VEGA10_MMHUB_RD_CID_OSS = 14,
    VEGA10_MMHUB_RD_CID_SDMA1 = 15,
    VEGA10_MMHUB_RD_CID_SDMA0 = 32 + 14,
    /* MMHUB writes. */
    VEGA10_MMHUB_WR_CID_MP0 = 0,
    VEGA10_MMHUB_WR_CID_OSS = 14,
    VEGA10_MMHUB_WR_CID_SDMA0 = 15,
    VEGA10_MMHUB_WR_CID_SDMA1 = 32 + 14,
} AemuVega10Utcl2Cid;

#endif
