/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Migration of a busy device between two QEMU processes, with no guest:
 * the test plays the driver (as test-rings.c does), queues SDMA copies into
 * VRAM, lets part of them run, migrates the machine to a second QEMU
 * (HMP migrate over the monitor socket) and lets the second finish the
 * work. Every VRAM byte the copies wrote must arrive, and the fence and its
 * interrupt vector must land on the destination.
 *  - file: "migrate exec:cat > FILE" with the source's clock stopped, the
 *    destination started with "-incoming exec:cat FILE";
 *  - live: over a unix socket, the source running; once RAM migration
 *    has sent VRAM (the largest RAM block, so the first it sends), the
 *    source's engines do all the copies: the pages they wrote must be sent
 *    again, which needs every engine write to mark VRAM dirty (the glue's
 *    vram_dirty): without it the destination has the slots' old bytes.
 */
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "aemu-qtest.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"
#include "sdma_cik_pkt.h"

#define MiB (1024ull * 1024ull)
#define PAGE 4096ull
#define GART_START 0xff00000000ull
#define GART_TABLE_VRAM (16 * MiB)
#define GART_PAGES 1024u
#define PTE_SYS_RW ((1ull << 0) | (1ull << 1) | (1ull << 2) | (1ull << 5) | \
                    (1ull << 6))
#define RING_BYTES 16384u
#define RING_ORDER 12u              /* log2(dwords) */
#define IH_BYTES 4096u
#define IH_ORDER 10u                /* log2(dwords) */
#define MSI_DATA 0x4321
#define IV_SRC_SDMA_TRAP 224
#define FENCE 0x600d
/* The copies: SRC_BYTES of GTT, copied again and again into VRAM. */
#define SRC_BYTES (256 * 1024u)
#define DST_VRAM (32 * MiB)
#define COPIES 96u
/* Later copies overwrite earlier ones: DST_SLOTS destinations. */
#define DST_SLOTS 8u
#define STEP_NS 20000
/* Live: how long VRAM takes to go (mostly zero pages), the steps after. */
#define LIVE_VRAM_SENT_US 300000
#define LIVE_STEP_NS 5000
#define MAX_NS 2000000000ll
#define PROMPT "(qemu) "

typedef struct Rig {
    AemuQTest *qt;
    uint16_t bdf;
    AqtBar bars[6];
    unsigned next_page;
    uint64_t ih_ram, wb_ram, src_ram;
} Rig;

static uint32_t rreg(Rig *r, uint32_t dw)
{
    return aqt_readl(r->qt, r->bars[5].addr + dw * 4ull);
}

static void wreg(Rig *r, uint32_t dw, uint32_t v)
{
    aqt_writel(r->qt, r->bars[5].addr + dw * 4ull, v);
}

static uint64_t gart_alloc(Rig *r, unsigned pages, uint64_t *ram)
{
    uint64_t gpu = GART_START + r->next_page * PAGE;
    uint64_t base = aqt_alloc(r->qt, pages * PAGE, PAGE);

    g_assert_cmpuint(r->next_page + pages, <=, GART_PAGES);
    aqt_memset(r->qt, base, 0, pages * PAGE);
    for (unsigned i = 0; i < pages; i++) {
        aqt_writeq(r->qt, r->bars[0].addr + GART_TABLE_VRAM +
                   (r->next_page + i) * 8ull, (base + i * PAGE) | PTE_SYS_RW);
    }
    r->next_page += pages;
    *ram = base;
    return gpu;
}

/* ---- HMP over the monitor socket ---- */

static int hmp_connect(const char *path)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    g_strlcpy(sa.sun_path, path, sizeof(sa.sun_path));
    for (int i = 0; i < 100; i++) {
        if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
            return fd;
        }
        g_usleep(50000);
    }
    g_error("no monitor at %s", path);
}

/* Everything up to the next prompt (the command's output). */
static char *hmp_read(int fd)
{
    GString *s = g_string_new(NULL);
    char c;

    while (!g_str_has_suffix(s->str, PROMPT)) {
        g_assert_cmpint(read(fd, &c, 1), ==, 1);
        g_string_append_c(s, c);
    }
    g_string_truncate(s, s->len - strlen(PROMPT));
    return g_string_free(s, FALSE);
}

static char *hmp(int fd, const char *cmd)
{
    g_autofree char *line = g_strdup_printf("%s\n", cmd);

    g_assert_cmpint(write(fd, line, strlen(line)), ==, (int)strlen(line));
    return hmp_read(fd);
}

static bool migration_status(int fd, const char *status)
{
    g_autofree char *out = hmp(fd, "info migrate");
    g_autofree char *want = g_strdup_printf("Status: %s", status);
    g_autofree char *want_old = g_strdup_printf("Migration status: %s",
                                                status);

    return strstr(out, want) || strstr(out, want_old);
}

/* ---- The work ---- */

static void put_ring(Rig *r, uint64_t ring_ram, unsigned *wptr,
                     const uint32_t *dw, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        aqt_writel(r->qt, ring_ram + (*wptr % (RING_BYTES / 4)) * 4, dw[i]);
        (*wptr)++;
    }
}

static uint8_t pattern(uint32_t copy, uint32_t i)
{
    return (uint8_t)(i * 31 + copy * 7 + (i >> 10));
}

/*
 * As amdgpu sets them up: the GART, the IH with MSI, SDMA0's ring; then
 * COPIES copies from DST_SLOTS GTT sources into DST_SLOTS VRAM slots, a
 * fence and a trap.
 */
static void start_work(Rig *r)
{
    uint64_t ih_gpu, wb_gpu, ring_gpu, ring_ram, src_gpu;
    uint32_t rb = RING_ORDER << SDMA0_GFX_RB_CNTL__RB_SIZE__SHIFT;
    g_autofree uint8_t *src = g_malloc(SRC_BYTES * DST_SLOTS);
    unsigned wptr = 0;
    uint64_t msi = aqt_alloc(r->qt, 64, 64);

    g_assert_true(aqt_pci_find(r->qt, 0x1002, 0x67b0, &r->bdf));
    aqt_pci_map_bars(r->qt, r->bdf, r->bars);
    g_assert_true(aqt_pci_msi_enable(r->qt, r->bdf, msi, MSI_DATA));
    wreg(r, mmMC_VM_AGP_BOT, 0x3ffffff);
    wreg(r, mmMC_VM_AGP_TOP, 0);
    wreg(r, mmVM_CONTEXT0_PAGE_TABLE_START_ADDR, GART_START >> 12);
    wreg(r, mmVM_CONTEXT0_PAGE_TABLE_END_ADDR,
         (GART_START >> 12) + GART_PAGES - 1);
    wreg(r, mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR, GART_TABLE_VRAM >> 12);
    wreg(r, mmVM_CONTEXT0_CNTL, VM_CONTEXT0_CNTL__ENABLE_CONTEXT_MASK |
         VM_CONTEXT0_CNTL__RANGE_PROTECTION_FAULT_ENABLE_DEFAULT_MASK);
    ih_gpu = gart_alloc(r, IH_BYTES / PAGE, &r->ih_ram);
    wb_gpu = gart_alloc(r, 1, &r->wb_ram);
    wreg(r, mmIH_RB_BASE, (uint32_t)(ih_gpu >> 8));
    wreg(r, mmIH_RB_WPTR_ADDR_LO, (uint32_t)(wb_gpu + 0x100));
    wreg(r, mmIH_RB_WPTR_ADDR_HI, (uint32_t)((wb_gpu + 0x100) >> 32) & 0xff);
    wreg(r, mmIH_RB_CNTL, (IH_ORDER << IH_RB_CNTL__RB_SIZE__SHIFT) |
         IH_RB_CNTL__WPTR_WRITEBACK_ENABLE_MASK);
    wreg(r, mmIH_CNTL, IH_CNTL__ENABLE_INTR_MASK);
    wreg(r, mmIH_RB_CNTL, rreg(r, mmIH_RB_CNTL) | IH_RB_CNTL__RB_ENABLE_MASK);

    /* One source per slot, so a slot's final bytes say which copy won. */
    src_gpu = gart_alloc(r, SRC_BYTES * DST_SLOTS / PAGE, &r->src_ram);
    for (uint32_t s = 0; s < DST_SLOTS; s++) {
        for (uint32_t i = 0; i < SRC_BYTES; i++) {
            src[s * SRC_BYTES + i] = pattern(s, i);
        }
    }
    aqt_memwrite(r->qt, r->src_ram, src, SRC_BYTES * DST_SLOTS);

    ring_gpu = gart_alloc(r, RING_BYTES / PAGE, &ring_ram);
    wreg(r, mmSDMA0_GFX_RB_BASE, (uint32_t)(ring_gpu >> 8));
    wreg(r, mmSDMA0_GFX_RB_BASE_HI, (uint32_t)(ring_gpu >> 40));
    wreg(r, mmSDMA0_GFX_RB_CNTL, rb | SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
    wreg(r, mmSDMA0_CNTL, SDMA0_CNTL__TRAP_ENABLE_MASK);
    wreg(r, mmSDMA0_F32_CNTL, 0);
    /*
     * Copy k writes slot k % DST_SLOTS from source (k * 3) % DST_SLOTS: a
     * slot is written again and again with other data, and the last
     * copies into each slot decide what it holds.
     */
    for (uint32_t k = 0; k < COPIES; k++) {
        uint32_t p[] = {
            SDMA_PACKET(SDMA_OPCODE_COPY, SDMA_COPY_SUB_OPCODE_LINEAR, 0),
            SRC_BYTES, 0,
            (uint32_t)(src_gpu + (k * 3 % DST_SLOTS) * SRC_BYTES),
            (uint32_t)((src_gpu + (k * 3 % DST_SLOTS) * SRC_BYTES) >> 32),
            (uint32_t)(DST_VRAM + (k % DST_SLOTS) * SRC_BYTES), 0,
        };
        put_ring(r, ring_ram, &wptr, p, G_N_ELEMENTS(p));
    }
    {
        uint32_t p[] = {
            SDMA_PACKET(SDMA_OPCODE_FENCE, 0, 0),
            (uint32_t)wb_gpu, (uint32_t)(wb_gpu >> 32), FENCE,
            SDMA_PACKET(SDMA_OPCODE_TRAP, 0, 0),
        };
        put_ring(r, ring_ram, &wptr, p, G_N_ELEMENTS(p));
    }
    wreg(r, mmSDMA0_GFX_RB_WPTR, wptr * 4);
}

static bool fence_landed(Rig *r)
{
    return aqt_readl(r->qt, r->wb_ram) == FENCE;
}

/* The trap after the fence reached the IH ring (its first entry). */
static bool trap_posted(Rig *r)
{
    return (aqt_readl(r->qt, r->ih_ram) & 0xff) == IV_SRC_SDMA_TRAP;
}

/* Every slot holds the source of the last copy into it. */
static void check_vram(Rig *r)
{
    g_autofree uint8_t *got = g_malloc(SRC_BYTES);

    for (uint32_t s = 0; s < DST_SLOTS; s++) {
        uint32_t last = COPIES - DST_SLOTS + s;
        uint32_t from = last * 3 % DST_SLOTS;

        aqt_memread(r->qt, r->bars[0].addr + DST_VRAM + s * SRC_BYTES, got,
                    SRC_BYTES);
        for (uint32_t i = 0; i < SRC_BYTES; i++) {
            if (got[i] != pattern(from, i)) {
                g_error("slot %u byte %u: 0x%02x, want 0x%02x (copy %u)", s,
                        i, got[i], pattern(from, i), last);
            }
        }
    }
}

/* The destination finishes the work: fence, IV, VRAM. */
static void finish_on(Rig *dst)
{
    int64_t t;

    for (t = 0; t < MAX_NS && !(fence_landed(dst) && trap_posted(dst));
         t += STEP_NS) {
        aqt_clock_step(dst->qt, STEP_NS);
    }
    g_assert_true(fence_landed(dst));
    g_assert_cmpuint(aqt_readl(dst->qt, dst->ih_ram) & 0xff, ==,
                     IV_SRC_SDMA_TRAP);
    check_vram(dst);
}

static AemuQTest *start_qemu(const char *dir, const char *name,
                             const char *incoming, int *mon)
{
    g_autofree char *sock = g_build_filename(dir, name, NULL);
    AemuQTest *qt = aqt_start("-m 64M -device amdgpu-emu,vram-size=256M "
                              "-monitor unix:%s,server=on,wait=off%s%s",
                              sock, incoming ? " -incoming " : "",
                              incoming ? incoming : "");

    *mon = hmp_connect(sock);
    g_free(hmp_read(*mon));         /* the banner */
    return qt;
}

/* Wait until the destination has the machine, and let it run. */
static void incoming_done(AemuQTest *qt, int mon)
{
    for (int i = 0; i < 600; i++) {
        g_autofree char *st = hmp(mon, "info status");

        if (strstr(st, "running")) {
            return;
        }
        if (strstr(st, "paused") && !strstr(st, "inmigrate")) {
            g_free(hmp(mon, "cont"));
        }
        g_usleep(50000);
    }
    g_error("the destination never ran");
}

static void test_file(void)
{
    g_autofree char *dir = g_dir_make_tmp("aemu-migrate-XXXXXX", NULL);
    g_autofree char *file = g_build_filename(dir, "state", NULL);
    g_autofree char *out = g_strdup_printf("exec:cat > %s", file);
    g_autofree char *in = g_strdup_printf("\"exec:cat %s\"", file);
    g_autofree char *cmd = g_strdup_printf("migrate \"%s\"", out);
    Rig src = { 0 }, dst;
    int smon, dmon;

    src.qt = start_qemu(dir, "src.sock", NULL, &smon);
    start_work(&src);
    /* Part of the copies done, not all. */
    aqt_clock_step(src.qt, 3 * STEP_NS);
    g_assert_false(fence_landed(&src));
    g_free(hmp(smon, "stop"));
    g_free(hmp(smon, cmd));
    for (int i = 0; i < 600 && !migration_status(smon, "completed"); i++) {
        g_assert_false(migration_status(smon, "failed"));
        g_usleep(50000);
    }
    g_assert_true(migration_status(smon, "completed"));
    {
        GStatBuf st;

        g_assert_cmpint(g_stat(file, &st), ==, 0);
        g_test_message("migration file: %" G_GOFFSET_FORMAT " bytes",
                       (goffset)st.st_size);
    }
    dst = src;
    dst.qt = start_qemu(dir, "dst.sock", in, &dmon);
    incoming_done(dst.qt, dmon);
    g_assert_false(fence_landed(&dst));
    finish_on(&dst);
    close(smon);
    close(dmon);
    aqt_quit(src.qt);
    aqt_quit(dst.qt);
    unlink(file);
    rmdir(dir);
}

static void test_live(void)
{
    g_autofree char *dir = g_dir_make_tmp("aemu-migrate-XXXXXX", NULL);
    g_autofree char *mig = g_build_filename(dir, "mig.sock", NULL);
    g_autofree char *in = g_strdup_printf("unix:%s", mig);
    g_autofree char *cmd = g_strdup_printf("migrate -d unix:%s", mig);
    Rig src = { 0 }, dst;
    int smon, dmon;
    unsigned steps = 0, busy_steps = 0;

    src.qt = start_qemu(dir, "src.sock", NULL, &smon);
    dst.qt = start_qemu(dir, "dst.sock", in, &dmon);
    start_work(&src);
    /* The slots get their first bytes before migration starts. */
    aqt_clock_step(src.qt, STEP_NS);
    g_assert_false(fence_landed(&src));
    /*
     * Slow, so that RAM (after VRAM) takes a while: the copies run and
     * end while it is sent, and the VRAM they wrote is dirty by then.
     */
    g_free(hmp(smon, "migrate_set_parameter max-bandwidth 4M"));
    g_free(hmp(smon, cmd));
    g_usleep(LIVE_VRAM_SENT_US);
    while (!fence_landed(&src)) {
        g_assert_cmpuint(steps, <, 200000);
        aqt_clock_step(src.qt, LIVE_STEP_NS);
        steps++;
    }
    g_assert_true(migration_status(smon, "active"));
    g_free(hmp(smon, "migrate_set_parameter max-bandwidth 1G"));
    for (busy_steps = 0; !migration_status(smon, "completed"); busy_steps++) {
        g_assert_false(migration_status(smon, "failed"));
        g_assert_cmpuint(busy_steps, <, 60000);
        g_usleep(1000);
    }
    g_test_message("live: the copies ran in %u steps while migrating",
                   steps);
    {
        AemuQTest *qt = dst.qt;

        dst = src;
        dst.qt = qt;
    }
    incoming_done(dst.qt, dmon);
    finish_on(&dst);
    close(smon);
    close(dmon);
    aqt_quit(src.qt);
    aqt_quit(dst.qt);
    rmdir(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/migrate/file", test_file);
    g_test_add_func("/migrate/live-unix", test_live);
    return g_test_run();
}
