/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * shader_regs.h against the gfx7 register headers (Hawaii): the SH window
 * offsets and field layouts the generation-neutral dispatch front end
 * reads must be this generation's (test-shader-regs-gfx7.c and -gfx9.c
 * check the same list against each generation's generated headers).
 */
#include "aemu-internal.h"
#include "shader.h"
#include "shader_regs.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

/* SET_SH_REG's window starts at dword 0x2C00 on gfx7 and gfx9. */
#define SH_WINDOW_START 0x2c00u

#define CHECK_FIELD(ours, reg, field) do { \
        AemuField f = ours; \
        g_assert_cmphex(f.mask, ==, reg##__##field##_MASK); \
        g_assert_cmpuint(f.shift, ==, reg##__##field##__SHIFT); \
    } while (0)

static void test_offsets(void)
{
    g_assert_cmphex(SH_WINDOW_START + AEMU_SH_COMPUTE_DISPATCH_INITIATOR, ==,
                    mmCOMPUTE_DISPATCH_INITIATOR);
    g_assert_cmphex(SH_WINDOW_START + AEMU_SH_COMPUTE_DIM_X, ==,
                    mmCOMPUTE_DIM_X);
    g_assert_cmphex(SH_WINDOW_START + AEMU_SH_COMPUTE_START_X, ==,
                    mmCOMPUTE_START_X);
    g_assert_cmphex(SH_WINDOW_START + AEMU_SH_COMPUTE_START_X + 2, ==,
                    mmCOMPUTE_START_Z);
    g_assert_cmphex(SH_WINDOW_START + AEMU_SH_COMPUTE_NUM_THREAD_X, ==,
                    mmCOMPUTE_NUM_THREAD_X);
    g_assert_cmphex(SH_WINDOW_START + AEMU_SH_COMPUTE_NUM_THREAD_X + 2, ==,
                    mmCOMPUTE_NUM_THREAD_Z);
    g_assert_cmphex(SH_WINDOW_START + AEMU_SH_COMPUTE_PGM_LO, ==,
                    mmCOMPUTE_PGM_LO);
    g_assert_cmphex(SH_WINDOW_START + AEMU_SH_COMPUTE_PGM_HI, ==,
                    mmCOMPUTE_PGM_HI);
    g_assert_cmphex(SH_WINDOW_START + AEMU_SH_COMPUTE_PGM_RSRC1, ==,
                    mmCOMPUTE_PGM_RSRC1);
    g_assert_cmphex(SH_WINDOW_START + AEMU_SH_COMPUTE_PGM_RSRC2, ==,
                    mmCOMPUTE_PGM_RSRC2);
    g_assert_cmphex(SH_WINDOW_START + AEMU_SH_COMPUTE_TMPRING_SIZE, ==,
                    mmCOMPUTE_TMPRING_SIZE);
    g_assert_cmphex(SH_WINDOW_START + AEMU_SH_COMPUTE_USER_DATA_0, ==,
                    mmCOMPUTE_USER_DATA_0);
    g_assert_cmphex(SH_WINDOW_START + AEMU_SH_COMPUTE_USER_DATA_0 +
                    AEMU_SH_COMPUTE_USER_DATA_COUNT - 1, ==,
                    mmCOMPUTE_USER_DATA_15);
    g_assert_cmphex(SH_WINDOW_START + AEMU_SH_COMPUTE_FIRST +
                    AEMU_SH_COMPUTE_COUNT - 1, ==, mmCOMPUTE_USER_DATA_15);
}

static void test_fields(void)
{
    CHECK_FIELD(AEMU_SQ_CMD_CMD, SQ_CMD, CMD);
    CHECK_FIELD(AEMU_SQ_CMD_MODE, SQ_CMD, MODE);
    CHECK_FIELD(AEMU_SQ_CMD_CHECK_VMID, SQ_CMD, CHECK_VMID);
    CHECK_FIELD(AEMU_SQ_CMD_VM_ID, SQ_CMD, VM_ID);
    CHECK_FIELD(AEMU_SH_INIT_COMPUTE_SHADER_EN, COMPUTE_DISPATCH_INITIATOR,
                COMPUTE_SHADER_EN);
    CHECK_FIELD(AEMU_SH_INIT_PARTIAL_TG_EN, COMPUTE_DISPATCH_INITIATOR,
                PARTIAL_TG_EN);
    CHECK_FIELD(AEMU_SH_INIT_FORCE_START_AT_000, COMPUTE_DISPATCH_INITIATOR,
                FORCE_START_AT_000);
    CHECK_FIELD(AEMU_SH_INIT_USE_THREAD_DIMENSIONS,
                COMPUTE_DISPATCH_INITIATOR, USE_THREAD_DIMENSIONS);
    CHECK_FIELD(AEMU_SH_NUM_THREAD_FULL, COMPUTE_NUM_THREAD_X,
                NUM_THREAD_FULL);
    CHECK_FIELD(AEMU_SH_NUM_THREAD_PARTIAL, COMPUTE_NUM_THREAD_X,
                NUM_THREAD_PARTIAL);
    CHECK_FIELD(AEMU_SH_RSRC1_VGPRS, COMPUTE_PGM_RSRC1, VGPRS);
    CHECK_FIELD(AEMU_SH_RSRC1_SGPRS, COMPUTE_PGM_RSRC1, SGPRS);
    CHECK_FIELD(AEMU_SH_RSRC1_FLOAT_MODE, COMPUTE_PGM_RSRC1, FLOAT_MODE);
    CHECK_FIELD(AEMU_SH_RSRC1_PRIV, COMPUTE_PGM_RSRC1, PRIV);
    CHECK_FIELD(AEMU_SH_RSRC1_DX10_CLAMP, COMPUTE_PGM_RSRC1, DX10_CLAMP);
    CHECK_FIELD(AEMU_SH_RSRC1_IEEE_MODE, COMPUTE_PGM_RSRC1, IEEE_MODE);
    CHECK_FIELD(AEMU_SH_RSRC2_SCRATCH_EN, COMPUTE_PGM_RSRC2, SCRATCH_EN);
    CHECK_FIELD(AEMU_SH_RSRC2_USER_SGPR, COMPUTE_PGM_RSRC2, USER_SGPR);
    CHECK_FIELD(AEMU_SH_RSRC2_TRAP_PRESENT, COMPUTE_PGM_RSRC2, TRAP_PRESENT);
    CHECK_FIELD(AEMU_SH_RSRC2_TGID_X_EN, COMPUTE_PGM_RSRC2, TGID_X_EN);
    CHECK_FIELD(AEMU_SH_RSRC2_TGID_Y_EN, COMPUTE_PGM_RSRC2, TGID_Y_EN);
    CHECK_FIELD(AEMU_SH_RSRC2_TGID_Z_EN, COMPUTE_PGM_RSRC2, TGID_Z_EN);
    CHECK_FIELD(AEMU_SH_RSRC2_TG_SIZE_EN, COMPUTE_PGM_RSRC2, TG_SIZE_EN);
    CHECK_FIELD(AEMU_SH_RSRC2_TIDIG_COMP_CNT, COMPUTE_PGM_RSRC2,
                TIDIG_COMP_CNT);
    CHECK_FIELD(AEMU_SH_RSRC2_LDS_SIZE, COMPUTE_PGM_RSRC2, LDS_SIZE);
    CHECK_FIELD(AEMU_SH_TMPRING_WAVES, COMPUTE_TMPRING_SIZE, WAVES);
    CHECK_FIELD(AEMU_SH_TMPRING_WAVESIZE, COMPUTE_TMPRING_SIZE, WAVESIZE);
    CHECK_FIELD(AEMU_SH_MEM_BASES_PRIVATE_BASE, SH_MEM_BASES, PRIVATE_BASE);
    CHECK_FIELD(AEMU_SH_MEM_BASES_SHARED_BASE, SH_MEM_BASES, SHARED_BASE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/shader-regs-gfx7/offsets", test_offsets);
    g_test_add_func("/shader-regs-gfx7/fields", test_fields);
    return g_test_run();
}
