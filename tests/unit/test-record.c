/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Record and replay: a session on the standalone host (register traffic,
 * the SMC ROM port, MM_INDEX reads of VRAM the "CPU" wrote, byte and word
 * accesses, through MM_DATA too, a GART in VRAM and a gfx ring whose fence
 * interrupt lands in an IH ring in RAM, then hangs on a write the bus
 * refuses) is recorded, then replayed by the real aemu-replay tool with no
 * memory of its own: it must reproduce every read and interrupt. A doctored
 * read value and a broken line must be caught.
 */
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>
#include "aemu-host.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"
#include "pm4_cik.h"

#define MiB (1024ull * 1024ull)
#define PAGE 4096ull
#define GART_START 0xff00000000ull
#define GART_TABLE (16 * MiB)
#define PTE_SYS_RW ((1ull << 0) | (1ull << 1) | (1ull << 2) | (1ull << 5) | \
                    (1ull << 6))
#define RING_RAM (1 * MiB)
#define IH_RAM (2 * MiB)
#define WB_RAM (3 * MiB)
#define HOST_RAM (8 * MiB)
#define PAST_RAM HOST_RAM      /* the host's bus refuses it */

/* The "CPU" maps page i of the GART to RAM (a BAR0 write: not recorded). */
static uint64_t gart_map(AemuTestHost *h, unsigned i, uint64_t ram)
{
    aemu_test_put64(h->vram + GART_TABLE + i * 8ull, ram | PTE_SYS_RW);
    return GART_START + i * PAGE;
}

static void session(AemuTestHost *h)
{
    uint64_t ring = gart_map(h, 0, RING_RAM);
    uint64_t ih = gart_map(h, 1, IH_RAM);
    uint64_t wb = gart_map(h, 2, WB_RAM);
    uint64_t bad = gart_map(h, 3, PAST_RAM);
    uint32_t *r = (uint32_t *)(h->ram + RING_RAM);
    unsigned w = 0;

    /* Plain registers, the ROM port, VRAM through MM_INDEX. */
    aemu_test_rreg(h, mmCONFIG_MEMSIZE);
    aemu_test_wreg(h, mmSMC_IND_INDEX_0, ixROM_INDEX);
    aemu_test_wreg(h, mmSMC_IND_DATA_0, 0);
    aemu_test_wreg(h, mmSMC_IND_INDEX_0, ixROM_DATA);
    for (unsigned i = 0; i < 16; i++) {
        aemu_test_rreg(h, mmSMC_IND_DATA_0);
    }
    aemu_test_put32(h->vram + 0x1000, 0x600dcafe);
    aemu_test_wreg(h, mmMM_INDEX, 0x1000 | 0x80000000u);
    aemu_test_wreg(h, mmMM_INDEX_HI, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmMM_DATA), ==, 0x600dcafe);

    /* Byte and word accesses, also through MM_DATA onto that VRAM dword. */
    aemu_test_wreg(h, mmSCRATCH_REG1, 0x11223344);
    aemu_mmio_write(h->dev, mmSCRATCH_REG1 * 4 + 1, 0xaa, 1);
    aemu_mmio_write(h->dev, mmSCRATCH_REG1 * 4 + 2, 0xbbcc, 2);
    g_assert_cmphex(aemu_mmio_read(h->dev, mmSCRATCH_REG1 * 4 + 3, 1), ==,
                    0xbb);
    g_assert_cmphex(aemu_mmio_read(h->dev, mmSCRATCH_REG1 * 4, 2), ==,
                    0xaa44);
    aemu_io_write(h->dev, mmMM_DATA * 4 + 2, 0x1234, 2);
    g_assert_cmphex(aemu_io_read(h->dev, mmMM_DATA * 4, 4), ==, 0x1234cafe);

    /* GART, IH, gfx ring: ring test and a fence with an interrupt. */
    aemu_test_gart_enable(h, GART_START, 16, GART_TABLE, 0);
    aemu_test_wreg(h, mmIH_RB_BASE, (uint32_t)(ih >> 8));
    aemu_test_wreg(h, mmIH_RB_WPTR_ADDR_LO, (uint32_t)(wb + 256));
    aemu_test_wreg(h, mmIH_RB_WPTR_ADDR_HI, (uint32_t)((wb + 256) >> 32));
    aemu_test_wreg(h, mmIH_RB_CNTL, (10u << IH_RB_CNTL__RB_SIZE__SHIFT) |
                   IH_RB_CNTL__WPTR_WRITEBACK_ENABLE_MASK |
                   IH_RB_CNTL__RB_ENABLE_MASK);
    aemu_test_wreg(h, mmIH_CNTL, IH_CNTL__ENABLE_INTR_MASK);
    aemu_test_wreg(h, mmCP_ME_CNTL, 0);
    aemu_test_wreg(h, mmCP_RB0_CNTL, 10u << CP_RB0_CNTL__RB_BUFSZ__SHIFT);
    aemu_test_wreg(h, mmCP_RB0_RPTR_ADDR, (uint32_t)wb);
    aemu_test_wreg(h, mmCP_RB0_RPTR_ADDR_HI, (uint32_t)(wb >> 32));
    aemu_test_wreg(h, mmCP_RB0_BASE, (uint32_t)(ring >> 8));
    aemu_test_wreg(h, mmCP_RB0_BASE_HI, (uint32_t)(ring >> 40));
    aemu_test_wreg(h, mmCP_INT_CNTL_RING0,
                   CP_INT_CNTL_RING0__TIME_STAMP_INT_ENABLE_MASK);
    r[w++] = PACKET3(PACKET3_SET_UCONFIG_REG, 1);
    r[w++] = mmSCRATCH_REG0 - PACKET3_SET_UCONFIG_REG_START;
    r[w++] = 0xdeadbeef;
    r[w++] = PACKET3(PACKET3_EVENT_WRITE_EOP, 4);
    r[w++] = EVENT_TYPE(CACHE_FLUSH_AND_INV_TS_EVENT) | EVENT_INDEX(5);
    r[w++] = (uint32_t)(wb + 64);
    r[w++] = ((uint32_t)((wb + 64) >> 32) & 0xffff) | DATA_SEL(1) | INT_SEL(2);
    r[w++] = 42;
    r[w++] = 0;
    aemu_test_wreg(h, mmCP_RB0_WPTR, w);
    aemu_test_host_advance(h, 1000000);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0xdeadbeef);
    g_assert_cmpuint(h->irq_edges, >=, 1);
    aemu_test_wreg(h, mmIH_RB_RPTR, 16);

    /*
     * An injected fault is an input: the replay must drop the same IV
     * (else it would raise an interrupt edge the recording lacks).
     */
    {
        AemuInjection inj = { .kind = AEMU_INJECT_DROP_IRQS, .count = 1 };
        unsigned edges = h->irq_edges;
        char *err = NULL;

        g_assert_true(aemu_inject(h->dev, &inj, &err));
        r[w++] = PACKET3(PACKET3_EVENT_WRITE_EOP, 4);
        r[w++] = EVENT_TYPE(CACHE_FLUSH_AND_INV_TS_EVENT) | EVENT_INDEX(5);
        r[w++] = (uint32_t)(wb + 64);
        r[w++] = ((uint32_t)((wb + 64) >> 32) & 0xffff) | DATA_SEL(1) |
                 INT_SEL(2);
        r[w++] = 43;
        r[w++] = 0;
        aemu_test_wreg(h, mmCP_RB0_WPTR, w);
        aemu_test_host_advance(h, 1000000);
        g_assert_cmpuint(h->irq_edges, ==, edges);
    }

    /* A write the bus refuses (past the host's RAM) hangs the ring. */
    r[w++] = PACKET3(PACKET3_WRITE_DATA, 3);
    r[w++] = WRITE_DATA_DST_SEL(PM4_DST_SEL_MEMORY_SYNC) | WR_CONFIRM;
    r[w++] = (uint32_t)bad;
    r[w++] = (uint32_t)(bad >> 32);
    r[w++] = 0xbad;
    aemu_test_wreg(h, mmCP_RB0_WPTR, w);
    aemu_test_host_advance(h, 1000000);
    g_assert_true(aemu_test_rreg(h, mmGRBM_STATUS) &
                  GRBM_STATUS__GUI_ACTIVE_MASK);
    aemu_device_reset(h->dev, AEMU_RESET_PCI_CONFIG);
    aemu_test_rreg(h, mmBIOS_SCRATCH_7);
    /* Replayed as a wake-up ("Z wake"), it must leave the ASIC unposted. */
    aemu_device_reset(h->dev, AEMU_RESET_COLD);
    aemu_test_rreg(h, mmBIOS_SCRATCH_7);
    aemu_device_reset(h->dev, AEMU_RESET_WAKE);
    aemu_test_rreg(h, mmBIOS_SCRATCH_7);
}

static int run_replay(const char *path, char **out)
{
    const char *tool = g_getenv("AEMU_REPLAY");
    char *argv[] = { (char *)tool, (char *)path, NULL };
    int status;
    GError *err = NULL;

    g_assert_nonnull(tool);
    g_assert_true(g_spawn_sync(NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, NULL, &status, &err));
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_record_replay(void)
{
    AemuTestHost *h = aemu_test_host_new(NULL, 0, HOST_RAM);
    g_autofree char *dir = g_dir_make_tmp("aemu-rec-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "trace", NULL);
    g_autofree char *bad = g_build_filename(dir, "doctored", NULL);
    g_autofree char *broken = g_build_filename(dir, "broken", NULL);
    g_autofree char *text = NULL, *out = NULL, *byte_write = NULL;
    char *err = NULL, *p;

    g_assert_true(aemu_record_open(h->dev, path, &err));
    session(h);
    aemu_record_close(h->dev);
    aemu_test_host_free(h);

    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    /* Decoded by register name; inputs and the interrupt are in it. */
    g_assert_nonnull(strstr(text, "CP_RB0_WPTR"));
    g_assert_nonnull(strstr(text, "\ni V "));
    g_assert_nonnull(strstr(text, "\ni D "));
    g_assert_nonnull(strstr(text, "\ni W "));
    g_assert_nonnull(strstr(text, "\no I 1"));
    g_assert_nonnull(strstr(text, "\nT\n"));
    g_assert_nonnull(strstr(text, "\nZ pci\n"));
    g_assert_nonnull(strstr(text, "\nJ drop-irqs - 1\n"));
    /* A byte access is logged with its own offset and size. */
    byte_write = g_strdup_printf("\nW mmio 0x%x 1 0xaa SCRATCH_REG1\n",
                                 mmSCRATCH_REG1 * 4 + 1);
    g_assert_nonnull(strstr(text, byte_write));

    g_assert_cmpint(run_replay(path, &out), ==, 0);
    g_test_message("%s", out);
    g_assert_nonnull(strstr(out, " 0 mismatches"));
    g_clear_pointer(&out, g_free);

    /* Change the value SCRATCH_REG0 was read with. */
    p = strstr(text, "0xdeadbeef SCRATCH_REG0");
    g_assert_nonnull(p);
    memcpy(p, "0xdeadbee0", 10);
    g_assert_true(g_file_set_contents(bad, text, -1, NULL));
    g_assert_cmpint(run_replay(bad, &out), ==, 1);
    g_clear_pointer(&out, g_free);

    g_assert_true(g_file_set_contents(broken, "H asic=hawaii vram=268435456\n"
                                      "W mmio zz\n", -1, NULL));
    g_assert_cmpint(run_replay(broken, &out), ==, 2);
    h = aemu_test_host_new(NULL, 0, MiB);
    g_assert_false(aemu_record_open(h->dev, "/nonexistent/dir/trace", &err));
    g_assert_nonnull(strstr(err, "cannot create"));
    aemu_free_string(err);
    aemu_test_host_free(h);
    remove(path);
    remove(bad);
    remove(broken);
    g_rmdir(dir);
}

/*
 * A session that loads a device state it saved earlier (a snapshot
 * restored, core/state.c) records the blob ("S"); the replay loads it at
 * the same point and reproduces every read and interrupt after it.
 */
static void test_state_load_replay(void)
{
    AemuTestHost *h = aemu_test_host_new(NULL, 0, HOST_RAM);
    g_autofree char *dir = g_dir_make_tmp("aemu-rec-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "trace", NULL);
    g_autofree char *text = NULL, *out = NULL;
    uint8_t *state;
    size_t len;
    char *err = NULL;

    g_assert_true(aemu_record_open(h->dev, path, &err));
    aemu_test_wreg(h, mmSCRATCH_REG2, 0x5a5a);
    g_assert_true(aemu_state_save(h->dev, &state, &len, &err));
    session(h);
    g_assert_true(aemu_state_load(h->dev, state, len, &err));
    /* Back where it was: the scratch register, the rings idle again. */
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG2), ==, 0x5a5a);
    session(h);
    aemu_record_close(h->dev);
    aemu_state_free(state);
    aemu_test_host_free(h);

    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    g_assert_nonnull(strstr(text, "\nS "));
    g_assert_cmpint(run_replay(path, &out), ==, 0);
    g_test_message("%s", out);
    g_assert_nonnull(strstr(out, " 0 mismatches"));
    remove(path);
    g_rmdir(dir);
}

/*
 * The monitor on the display connector is an input of the session ("M"):
 * the replay plugs the same one in, so the hot-plug sense reads the same;
 * a trace without the record replays with a mismatch.
 */
static void test_monitor_replay(void)
{
    AemuTestHost *h = aemu_test_host_new(NULL, 0, HOST_RAM);
    g_autofree char *dir = g_dir_make_tmp("aemu-rec-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "trace", NULL);
    g_autofree char *bad = g_build_filename(dir, "unplugged", NULL);
    g_autofree char *text = NULL, *out = NULL;
    static const uint8_t edid_header[] = {
        0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00,
    };
    uint8_t edid[128] = { 0 };
    char *err = NULL, *m, *eol;

    memcpy(edid, edid_header, sizeof(edid_header));
    g_assert_true(aemu_display_set_monitor(h->dev, false, NULL, 0));
    g_assert_true(aemu_record_open(h->dev, path, &err));
    aemu_test_rreg(h, mmDC_HPD1_INT_STATUS);
    g_assert_true(aemu_display_set_monitor(h->dev, true, edid, sizeof(edid)));
    aemu_test_rreg(h, mmDC_HPD1_INT_STATUS);
    aemu_record_close(h->dev);
    aemu_test_host_free(h);

    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    g_assert_nonnull(strstr(text, "\nM 0 0 \n"));
    g_assert_nonnull(strstr(text, "\nM 1 128 00ffffffffffff00"));
    g_assert_cmpint(run_replay(path, &out), ==, 0);
    g_assert_nonnull(strstr(out, " 0 mismatches"));
    g_clear_pointer(&out, g_free);

    /* Without the plug-in the second sense read differs. */
    m = strstr(text, "\nM 1 ");
    eol = strchr(m + 1, '\n');
    memmove(m, eol, strlen(eol) + 1);
    g_assert_true(g_file_set_contents(bad, text, -1, NULL));
    g_assert_cmpint(run_replay(bad, &out), ==, 1);
    remove(path);
    remove(bad);
    g_rmdir(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/record/replay", test_record_replay);
    g_test_add_func("/record/state-load-replay", test_state_load_replay);
    g_test_add_func("/record/monitor-replay", test_monitor_replay);
    return g_test_run();
}
