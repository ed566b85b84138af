/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Vega10 (SOC15) register fields: NAME__FIELD_MASK and NAME__FIELD__SHIFT,
 * for the registers listed in scripts/regdb-fields-vega10.txt only.
 *
 * GENERATED FILE, do not edit. Generator: scripts/gen-regdb.py
 * Inputs (Linux 6.12.95, drivers/gpu/drm/amd/include/):
 *   asic_reg/gc/gc_9_0_sh_mask.h        sha256 e8e56c241d1c5a74
 *   asic_reg/mmhub/mmhub_1_0_sh_mask.h  sha256 4826c68e3e7699f1
 *   asic_reg/athub/athub_1_0_sh_mask.h  sha256 695d3f580890e6b1
 *   asic_reg/oss/osssys_4_0_sh_mask.h   sha256 9f996a052720a34d
 *   asic_reg/sdma0/sdma0_4_0_sh_mask.h  sha256 b4fd815010024785
 *   asic_reg/sdma1/sdma1_4_0_sh_mask.h  sha256 5eb5ada6b2ac029c
 *   asic_reg/nbio/nbio_6_1_sh_mask.h    sha256 ad6bfcc6a8fdc560
 *   asic_reg/hdp/hdp_4_0_sh_mask.h      sha256 8d2aac333fa60758
 *   asic_reg/mp/mp_9_0_sh_mask.h        sha256 99db9a74e1d37e23
 *   asic_reg/smuio/smuio_9_0_sh_mask.h  sha256 23424dcdabe1a2dc
 *   asic_reg/thm/thm_9_0_sh_mask.h      sha256 76625249f7aeeb54
 *   asic_reg/df/df_1_7_sh_mask.h        sha256 64fa02dee9e5f5f3
 *   asic_reg/uvd/uvd_7_0_sh_mask.h      sha256 82f4894ada8d5e70
 *   asic_reg/vce/vce_4_0_sh_mask.h      sha256 e608cb7282ec511a
 *   scripts/regdb-fields-vega10.txt (this repository)
 * Regenerate: /usr/bin/python3 scripts/gen-regdb.py --chip vega10 [--kernel-version X.Y.Z] <linux-src>
 *   (--kernel-version only when <linux-src> has no top-level Makefile)
 * Register names, offsets and field masks are facts taken from the AMD
 * register headers distributed with Linux (MIT licence, (C) Advanced
 * Micro Devices, Inc.). See docs/registers.md.
 */

#ifndef AMDGPU_EMU_REGS_VEGA10_FIELDS_H
#define AMDGPU_EMU_REGS_VEGA10_FIELDS_H

#endif /* AMDGPU_EMU_REGS_VEGA10_FIELDS_H */
