/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mmiotrace in aemu-replay: the parser on every record kind the kernel
 * prints and on bad input (each error names what it expected, nothing
 * crashes), the writer read back by the parser, register fields decoded
 * from the generated tables, and the real tool on small hand-written
 * traces: a Hawaii board's (another PCI id of the family, another device
 * beside it, a lost-events marker, a register the model has no name for)
 * reported by register, block and divergence; a trace of a GPU the model
 * does not emulate, junk, a malformed access and a missing VERSION refused
 * with a clear message; a capture cut mid-line read up to the cut.
 */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>
#include "aemu-decode.h"
#include "aemu-mmiotrace.h"
#include "amdgpu-emu/regs/cik_regs.h"

#define NS_PER_USEC 1000ull
/* The hand-made board: a Hawaii of another PCI id, and its BAR5. */
#define BOARD_MMIO 0xfe600000ull
#define OTHER_DEVICE_MMIO 0xfd000000ull
#define EXIT_BAD_FILE 2

static void test_parse_records(void)
{
    MmtRecord r;
    char *err = NULL;

    g_assert_true(mmt_parse_line("VERSION 20070824", &r, &err));
    g_assert_cmpint(r.kind, ==, MMT_VERSION);
    g_assert_cmpstr(r.version, ==, MMT_VERSION_STRING);

    g_assert_true(mmt_parse_line("R 4 12.000345 3 0xfe60c040 0xcafe 0x0 0",
                                 &r, &err));
    g_assert_cmpint(r.kind, ==, MMT_READ);
    g_assert_cmpuint(r.width, ==, 4);
    g_assert_cmpuint(r.ns, ==, 12000345 * NS_PER_USEC);
    g_assert_cmpint(r.map_id, ==, 3);
    g_assert_cmphex(r.phys, ==, 0xfe60c040);
    g_assert_cmphex(r.value, ==, 0xcafe);

    g_assert_true(mmt_parse_line("W 8 1.5 1 0x10 0x1122334455667788 "
                                 "0xffffffff81000000 0", &r, &err));
    g_assert_cmpint(r.kind, ==, MMT_WRITE);
    g_assert_cmphex(r.value, ==, 0x1122334455667788ull);

    g_assert_true(mmt_parse_line("MAP 0.000001 2 0xfe600000 "
                                 "0xffffc90000a00000 0x40000 0x0 0", &r,
                                 &err));
    g_assert_cmpint(r.kind, ==, MMT_MAP);
    g_assert_cmphex(r.len, ==, 0x40000);
    g_assert_true(mmt_parse_line("UNMAP 9.000000 2 0x0 0", &r, &err));
    g_assert_cmpint(r.map_id, ==, 2);
    g_assert_true(mmt_parse_line("UNKNOWN 1.000000 2 0xfe600010 0f,b7,01 "
                                 "0x0 0", &r, &err));
    g_assert_cmpint(r.kind, ==, MMT_UNKNOWN_OP);
    g_assert_true(mmt_parse_line("MARK 3.000000 X is up", &r, &err));
    g_assert_cmpstr(r.text, ==, "X is up");

    g_assert_true(mmt_parse_line("PCIDEV 0300 100267b1 1e e000000c 0 "
                                 "f000000c 0 e001 fe600000 fe640000 "
                                 "10000000 0 800000 0 100 40000 20000 amdgpu",
                                 &r, &err));
    g_assert_cmpuint(r.pci.bus, ==, 3);
    g_assert_cmphex(r.pci.vendor, ==, 0x1002);
    g_assert_cmphex(r.pci.device, ==, 0x67b1);
    g_assert_cmphex(r.pci.start[0], ==, 0xe0000000);
    g_assert_cmphex(r.pci.flags[0], ==, 0xc);
    g_assert_cmphex(r.pci.start[4], ==, 0xe000);
    g_assert_cmphex(r.pci.size[5], ==, 0x40000);
    g_assert_cmpstr(r.pci.driver, ==, "amdgpu");

    /* A blank line is no record and no error. */
    g_assert_false(mmt_parse_line("   ", &r, &err));
    g_assert_null(err);
}

static void expect_error(const char *line, const char *words)
{
    MmtRecord r;
    char *err = NULL;

    g_assert_false(mmt_parse_line(line, &r, &err));
    g_assert_nonnull(err);
    g_test_message("'%s': %s", line, err);
    g_assert_nonnull(strstr(err, words));
    g_free(err);
}

static void test_parse_errors(void)
{
    expect_error("hello world", "not an mmiotrace record");
    expect_error("R 4 1.0 1 0xfe600000", "expected 'R <width>");
    expect_error("W 3 1.0 1 0xfe600000 0x1 0x0 0", "width 3");
    expect_error("R 1 1.0 1 0xfe600000 0x100 0x0 0", "wider than 1");
    expect_error("R 4 x.y 1 0xfe600000 0x1 0x0 0", "expected 'R <width>");
    expect_error("R 4 1.0 -1 0xfe600000 0x1 0x0 0", "expected 'R <width>");
    expect_error("MAP 1.0 1 0xfe600000", "expected 'MAP");
    expect_error("PCIDEV 0300 100267b1 1e e000000c", "expected 'PCIDEV");
    expect_error("UNMAP 1.0", "expected 'UNMAP");
    expect_error("MARK", "expected 'MARK");
    expect_error("VERSION", "expected 'VERSION");
}

static void test_write_read_back(void)
{
    char *buf = NULL, *err = NULL, **lines;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    MmtPciDev p = { .bus = 1, .vendor = 0x1002, .device = 0x687f };
    MmtRecord r;

    p.start[5] = BOARD_MMIO;
    p.size[5] = 0x80000;
    p.start[0] = 0xe0000000;
    p.flags[0] = 0xc;
    mmt_write_version(f);
    mmt_write_pcidev(f, &p);
    mmt_write_map(f, 1500, 1, BOARD_MMIO, 0xffffc90000000000ull, 0x80000);
    mmt_write_rw(f, true, 4, 2000000, 1, BOARD_MMIO + 8, 0x1234);
    mmt_write_mark(f, 3000000, "hello");
    mmt_write_unmap(f, 4000000, 1);
    fclose(f);
    lines = g_strsplit(buf, "\n", -1);
    g_assert_cmpstr(lines[0], ==, "VERSION 20070824");
    g_assert_true(mmt_parse_line(lines[1], &r, &err));
    g_assert_cmphex(r.pci.device, ==, 0x687f);
    g_assert_cmphex(r.pci.start[5], ==, BOARD_MMIO);
    g_assert_cmphex(r.pci.flags[0], ==, 0xc);
    /* The kernel's timestamps are microseconds. */
    g_assert_cmpstr(lines[2], ==, "MAP 0.000001 1 0xfe600000 "
                    "0xffffc90000000000 0x80000 0x0 0");
    g_assert_cmpstr(lines[3], ==, "W 4 0.002000 1 0xfe600008 0x1234 0x0 0");
    g_assert_true(mmt_parse_line(lines[4], &r, &err));
    g_assert_cmpstr(r.text, ==, "hello");
    g_assert_true(mmt_parse_line(lines[5], &r, &err));
    g_assert_cmpint(r.kind, ==, MMT_UNMAP);
    g_strfreev(lines);
    free(buf);
}

static void test_fields(void)
{
    GString *s = g_string_new(NULL);
    size_t n;

    g_assert_nonnull(aemu_decode_fields("cik", "CC_DRM_ID_STRAPS", &n));
    g_assert_cmpuint(n, ==, 4);
    g_assert_true(aemu_decode_fields_append(s, "cik", "CC_DRM_ID_STRAPS", 0,
                                            4, 0x67b10 | 1u << 28));
    g_assert_cmpstr(s->str, ==, "DEVICE_ID=0x67b1 MAJOR_REV_ID=0x0 "
                    "MINOR_REV_ID=0x0 ATI_REV_ID=0x1");
    /* The top byte alone holds only the fields that reach into it. */
    g_string_truncate(s, 0);
    g_assert_true(aemu_decode_fields_append(s, "cik", "CC_DRM_ID_STRAPS", 3,
                                            1, 0x12));
    g_assert_cmpstr(s->str, ==, "MINOR_REV_ID=0x2 ATI_REV_ID=0x1");
    g_string_truncate(s, 0);
    g_assert_true(aemu_decode_fields_diff(s, "cik", "CC_DRM_ID_STRAPS",
                                          0x67b10, 0x67b00));
    g_assert_cmpstr(s->str, ==, " DEVICE_ID 0x67b1->0x67b0");
    /* Vega10's hub registers are qualified by IP; their fields are not. */
    g_assert_nonnull(aemu_decode_fields("vega10", "GC.VM_L2_CNTL", &n));
    g_assert_null(aemu_decode_fields("cik", "NO_SUCH_REGISTER", &n));
    g_assert_null(aemu_decode_fields("no-such-db", "CC_DRM_ID_STRAPS", &n));
    g_string_free(s, TRUE);
}

static int run_tool(const char *path, const char *mode, char **out,
                    char **err_out)
{
    const char *tool = g_getenv("AEMU_REPLAY");
    char *argv[] = { (char *)tool, (char *)mode, (char *)path, NULL };
    int status;
    GError *err = NULL;

    g_assert_nonnull(tool);
    g_assert_true(g_spawn_sync(NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err_out, &status, &err));
    g_test_message("%s%s", *out, *err_out);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A line of the board's trace: an access to register dword dw. */
static char *board_rw(char rw, unsigned long usec, uint32_t dw,
                      uint32_t value)
{
    return g_strdup_printf("%c 4 0.%06lu 1 0x%llx 0x%x 0xffffffffc0a81234 0",
                           rw, usec, BOARD_MMIO + dw * 4ull, value);
}

static char *board_trace(const char *junk)
{
    g_autofree char *w0 = board_rw('W', 10, mmSCRATCH_REG0, 0xdeadbeef);
    g_autofree char *r0 = board_rw('R', 11, mmSCRATCH_REG0, 0xdeadbeef);
    g_autofree char *straps = board_rw('R', 12, mmCC_DRM_ID_STRAPS,
                                       0x67b10);
    /* A dword the Hawaii database names nothing at. */
    g_autofree char *unnamed = board_rw('R', 13, 0x7, 0);

    return g_strdup_printf(
        "VERSION 20070824\n"
        "PCIDEV 0000 80861237 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 \n"
        "PCIDEV 0200 10ec8168 10 d001 0 fd00000c 0 0 0 0 100 0 4000 0 0 0 "
        "0 r8169\n"
        "PCIDEV 0300 100267b1 1e e000000c 0 f000000c 0 e001 fe600000 "
        "fe640000 10000000 0 800000 0 100 40000 20000 amdgpu\n"
        "MAP 0.000001 1 0x%llx 0xffffc90000a00000 0x40000 0x0 0\n"
        "MAP 0.000002 2 0x%llx 0xffffc90000b00000 0x4000 0x0 0\n"
        "MARK 0.000003 modprobe amdgpu\n"
        "%s\n%s\n%s\n%s%s\n"
        "R 4 0.000014 2 0x%llx 0x1 0x0 0\n"
        "MARK 0.000000 Lost 3 events.\n"
        "UNMAP 0.000020 1 0x0 0\n",
        BOARD_MMIO, OTHER_DEVICE_MMIO, w0, r0, straps, junk, unnamed,
        OTHER_DEVICE_MMIO);
}

static void test_import_board(void)
{
    g_autofree char *dir = g_dir_make_tmp("aemu-mmt-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "board.mmt", NULL);
    g_autofree char *text = board_trace("");
    g_autofree char *out = NULL, *err = NULL, *dec = NULL, *dec_err = NULL;

    g_assert_true(g_file_set_contents(path, text, -1, NULL));
    g_assert_cmpint(run_tool(path, "--mmiotrace", &out, &err), ==, 0);
    /* Found among three devices, as the Hawaii it is. */
    g_assert_nonnull(strstr(out, "1002:67b1 at 03:00.0 as hawaii"));
    g_assert_nonnull(strstr(out, "registers 3 reads, 1 writes"));
    g_assert_nonnull(strstr(out, "other devices 1"));
    g_assert_nonnull(strstr(out, "lost 3 events"));
    /* SCRATCH_REG0 and the unnamed dword agree, the board's id does not. */
    g_assert_nonnull(strstr(out, "reads agreeing with the model: 2 of 3"));
    g_assert_nonnull(strstr(out, "SCRATCH_REG0"));
    g_assert_nonnull(strstr(out, "DEVICE_ID 0x67b1->"));
    g_assert_nonnull(strstr(out, "unnamed  dword 0x00007"));
    g_assert_nonnull(strstr(out, "OSS "));

    g_assert_cmpint(run_tool(path, "--decode", &dec, &dec_err), ==, 0);
    g_assert_nonnull(strstr(dec, "] W GCA SCRATCH_REG0 = 0xdeadbeef"));
    g_assert_nonnull(strstr(dec, "R OSS CC_DRM_ID_STRAPS = 0x00067b10 "
                            "(DEVICE_ID=0x67b1"));
    g_assert_nonnull(strstr(dec, "not in it"));
    g_assert_nonnull(strstr(dec, "MARK modprobe amdgpu"));
    remove(path);
    g_rmdir(dir);
}

/* A trace the tool must refuse, saying @words on stderr. */
static void expect_refused(const char *text, const char *words)
{
    g_autofree char *dir = g_dir_make_tmp("aemu-mmt-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "bad.mmt", NULL);
    g_autofree char *out = NULL, *err = NULL;

    g_assert_true(g_file_set_contents(path, text, -1, NULL));
    g_assert_cmpint(run_tool(path, "--mmiotrace", &out, &err), ==,
                    EXIT_BAD_FILE);
    g_assert_nonnull(strstr(err, words));
    remove(path);
    g_rmdir(dir);
}

static void test_import_refused(void)
{
    g_autofree char *junk = board_trace("this is not a record\n");
    g_autofree char *bad_rw = board_trace("R 4 0.000013 1 0xfe600000\n");
    g_autofree char *no_version = NULL;

    /* An NVIDIA board's trace: no GPU of the model's in it. */
    expect_refused("VERSION 20070824\n"
                   "PCIDEV 0100 10de1c82 10 f600000c 0 e000000c 0 e001 0 0 "
                   "1000000 0 10000000 0 80 0 0 nouveau\n"
                   "MAP 0.000001 1 0xf6000000 0xffffc90000a00000 0x1000000 "
                   "0x0 0\n"
                   "R 4 0.000002 1 0xf6000000 0x138000a1 0x0 0\n",
                   "no GPU the model emulates (PCIDEV lines: 10de:1c82)");
    expect_refused(junk, ":11: 'this' is not an mmiotrace record");
    expect_refused(bad_rw, ":11: expected 'R <width>");
    expect_refused("VERSION 20070825\n", "version 20070825");
    no_version = g_strdup(strchr(junk, '\n') + 1);
    expect_refused(no_version, "no 'VERSION 20070824' line");
    expect_refused("VERSION 20070824\nR 4 0.1 1 0xfe600000 0x1 0x0 0\n",
                   "no PCIDEV lines");
    expect_refused("", "no accesses of the GPU");
}

static void test_import_cut_short(void)
{
    g_autofree char *dir = g_dir_make_tmp("aemu-mmt-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "cut.mmt", NULL);
    g_autofree char *text = board_trace("");
    g_autofree char *out = NULL, *err = NULL;

    /* cat was killed in the middle of the last line. */
    text[strlen(text) - 5] = '\0';
    g_assert_true(g_file_set_contents(path, text, -1, NULL));
    g_assert_cmpint(run_tool(path, "--mmiotrace", &out, &err), ==, 0);
    g_assert_nonnull(strstr(err, "last line cut short"));
    g_assert_nonnull(strstr(out, "reads agreeing with the model"));
    remove(path);
    g_rmdir(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mmiotrace/parse", test_parse_records);
    g_test_add_func("/mmiotrace/parse-errors", test_parse_errors);
    g_test_add_func("/mmiotrace/write", test_write_read_back);
    g_test_add_func("/mmiotrace/fields", test_fields);
    g_test_add_func("/mmiotrace/import-board", test_import_board);
    g_test_add_func("/mmiotrace/import-refused", test_import_refused);
    g_test_add_func("/mmiotrace/import-cut-short", test_import_cut_short);
    return g_test_run();
}
