/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SMU7 message mailbox as the drivers drive it (SMC_MSG_ARG_0,
 * SMC_MESSAGE_0, SMC_RESP_0: ci_send_msg_to_smc, smu7_send_msg_to_smc with
 * a parameter, smu7_get_argument), for the SMC unit tests of every SMU7
 * chip (test-smc-pm.c, test-smc-iceland-pm.c). Include it after the chip's
 * register header: the mailbox offsets are the chip's.
 */
#ifndef AEMU_TEST_SMC_MSG_H
#define AEMU_TEST_SMC_MSG_H

#include "aemu-host.h"

/* ppsmc.h PPSMC_Result_OK. */
#define SMC_TEST_RESULT_OK      1u

/* Sends msg with *arg (0 without one); the answer in *arg; returns RESP. */
static inline uint32_t smc_msg(AemuTestHost *h, uint32_t msg, uint32_t *arg)
{
    aemu_test_wreg(h, mmSMC_MSG_ARG_0, arg ? *arg : 0);
    aemu_test_wreg(h, mmSMC_MESSAGE_0, msg);
    if (arg) {
        *arg = aemu_test_rreg(h, mmSMC_MSG_ARG_0);
    }
    return aemu_test_rreg(h, mmSMC_RESP_0);
}

/* A query that must be answered OK (the clock queries), its answer. */
static inline uint32_t clock_query(AemuTestHost *h, uint32_t msg)
{
    uint32_t arg = 0;

    g_assert_cmphex(smc_msg(h, msg, &arg), ==, SMC_TEST_RESULT_OK);
    return arg;
}

#endif
