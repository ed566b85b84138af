/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The CI SMC's indirect space as the drivers reach it (SMC_IND_INDEX_0 /
 * SMC_IND_DATA_0, cik_smc_rreg / cik_smc_wreg), for the unit tests of the
 * SMC model (test-core.c, test-smc-pm.c).
 */
#ifndef AEMU_TEST_SMC_H
#define AEMU_TEST_SMC_H

#include "aemu-host.h"
#include "amdgpu-emu/regs/cik_regs.h"

static inline uint32_t smc_rreg(AemuTestHost *h, uint32_t ix)
{
    aemu_test_wreg(h, mmSMC_IND_INDEX_0, ix);
    return aemu_test_rreg(h, mmSMC_IND_DATA_0);
}

static inline void smc_wreg(AemuTestHost *h, uint32_t ix, uint32_t v)
{
    aemu_test_wreg(h, mmSMC_IND_INDEX_0, ix);
    aemu_test_wreg(h, mmSMC_IND_DATA_0, v);
}

#endif
