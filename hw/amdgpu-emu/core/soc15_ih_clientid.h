/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the SOC15 interrupt client ids, the first dword of a
 * 32-byte IV entry (AemuIvEntry.client_id), as the driver's
 * soc15_ih_clientid.h numbers them. amdgpu routes an IV by (client, source):
 * a block that posts one names its client here.
 */
#ifndef AMDGPU_EMU_SOC15_IH_CLIENTID_H
#define AMDGPU_EMU_SOC15_IH_CLIENTID_H

typedef enum AemuSoc15IhClientId {
    SOC15_IH_CLIENTID_IH = 0x00,
    SOC15_IH_CLIENTID_ACP = 0x01,
    SOC15_IH_CLIENTID_ATHUB = 0x02,
    SOC15_IH_CLIENTID_BIF = 0x03,
    SOC15_IH_CLIENTID_DCE = 0x04,
    SOC15_IH_CLIENTID_ISP = 0x05,
    SOC15_IH_CLIENTID_PCIE0 = 0x06,
    SOC15_IH_CLIENTID_RLC = 0x07,
    SOC15_IH_CLIENTID_SDMA0 = 0x08,
    SOC15_IH_CLIENTID_SDMA1 = 0x09,
    SOC15_IH_CLIENTID_SE0SH = 0x0a,
    SOC15_IH_CLIENTID_SE1SH = 0x0b,
    SOC15_IH_CLIENTID_SE2SH = 0x0c,
    SOC15_IH_CLIENTID_SE3SH = 0x0d,
    SOC15_IH_CLIENTID_UVD1 = 0x0e,
    SOC15_IH_CLIENTID_THM = 0x0f,
    SOC15_IH_CLIENTID_UVD = 0x10,
    SOC15_IH_CLIENTID_VCE0 = 0x11,
    SOC15_IH_CLIENTID_VMC = 0x12,
    SOC15_IH_CLIENTID_XDMA = 0x13,
    SOC15_IH_CLIENTID_GRBM_CP = 0x14,
    SOC15_IH_CLIENTID_ATS = 0x15,
    SOC15_IH_CLIENTID_ROM_SMUIO = 0x16,
    SOC15_IH_CLIENTID_DF = 0x17,
    SOC15_IH_CLIENTID_VCE1 = 0x18,
    SOC15_IH_CLIENTID_PWR = 0x19,
    SOC15_IH_CLIENTID_UTCL2 = 0x1b,
    SOC15_IH_CLIENTID_EA = 0x1c,
    SOC15_IH_CLIENTID_UTCL2LOG = 0x1d,
    SOC15_IH_CLIENTID_MP0 = 0x1e,
    SOC15_IH_CLIENTID_MP1 = 0x1f,
} AemuSoc15IhClientId;

#endif
