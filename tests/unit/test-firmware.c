/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tests of the firmware-stub generator (firmware-stubs/gen-firmware.c): run
 * it into a temporary directory and parse every file the way amdgpu and
 * radeon do (amdgpu_ucode_validate / radeon_ucode_validate, then the v1.0
 * header fields their loaders read; for Vega10 the gfx9/SOC15 header types
 * and the version fields that select driver paths), and check that its
 * --vbios output is the ROM the device builds for Hawaii.
 *
 * The generator's path comes from the environment (AEMU_GEN_FIRMWARE); the
 * test is skipped without it.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include "aemu-internal.h"

#define COMMON_HDR_SIZE     32u
#define STUB_UCODE_VERSION  0xae000001u
/* ALIGN(CP_ME_TABLE_SIZE * 5 * 4, 2048) bytes of CP jump tables. */
#define CP_JT_DWORDS        (2048u / 4u)
/* SMC_RAM_END (ci_smumgr.c): ci_load_smc_ucode refuses larger images. */
#define SMC_RAM_END         0x40000u
#define SDMA_BURST_NOP_MIN  20u

typedef enum FwKind {
    FW_MC, FW_SMC, FW_GFX, FW_RLC, FW_SDMA, FW_UVD, FW_VCE,
} FwKind;

typedef struct Expected {
    const char *path;
    FwKind kind;
} Expected;

/* What the drivers request for Hawaii (bring-up map section 4 and 12). */
static const Expected expected[] = {
    { "amdgpu/hawaii_sdma.bin",  FW_SDMA },
    { "amdgpu/hawaii_sdma1.bin", FW_SDMA },
    { "amdgpu/hawaii_mc.bin",    FW_MC },
    { "amdgpu/hawaii_pfp.bin",   FW_GFX },
    { "amdgpu/hawaii_me.bin",    FW_GFX },
    { "amdgpu/hawaii_ce.bin",    FW_GFX },
    { "amdgpu/hawaii_mec.bin",   FW_GFX },
    { "amdgpu/hawaii_rlc.bin",   FW_RLC },
    { "amdgpu/hawaii_smc.bin",   FW_SMC },
    { "amdgpu/hawaii_k_smc.bin", FW_SMC },
    { "amdgpu/hawaii_uvd.bin",   FW_UVD },
    { "amdgpu/hawaii_vce.bin",   FW_VCE },
    { "radeon/hawaii_pfp.bin",   FW_GFX },
    { "radeon/hawaii_me.bin",    FW_GFX },
    { "radeon/hawaii_ce.bin",    FW_GFX },
    { "radeon/hawaii_mec.bin",   FW_GFX },
    { "radeon/hawaii_rlc.bin",   FW_RLC },
    { "radeon/hawaii_sdma.bin",  FW_SDMA },
    { "radeon/hawaii_mc.bin",    FW_MC },
    { "radeon/hawaii_smc.bin",   FW_SMC },
    { "radeon/hawaii_k_smc.bin", FW_SMC },
    { "radeon/bonaire_uvd.bin",  FW_UVD },
};

/* radeon's VCE image: no header (radeon_vce_init, CIK parts). */
#define RADEON_VCE_PATH "radeon/BONAIRE_vce.bin"

/* What amdgpu requests for Vega10 (bring-up map section 5.1). */
typedef enum V10Kind {
    V10_GPU_INFO, V10_PFP, V10_ME, V10_CE, V10_MEC, V10_RLC, V10_SDMA,
    V10_SOS, V10_ASD, V10_SMC,
} V10Kind;

typedef struct V10Expected {
    const char *path;
    V10Kind kind;
} V10Expected;

/*
 * RS780 (radeon's r600_init_microcode): legacy images without a header,
 * checked by their exact size.
 */
static const struct {
    const char *path;
    size_t size;
} r600_expected[] = {
    { "radeon/RS780_pfp.bin", 576 * 4 },
    { "radeon/RS780_me.bin",  1792 * 12 },
    { "radeon/R600_rlc.bin",  768 * 4 },
};

static const V10Expected v10_expected[] = {
    { "amdgpu/vega10_gpu_info.bin", V10_GPU_INFO },
    { "amdgpu/vega10_sos.bin",      V10_SOS },
    { "amdgpu/vega10_asd.bin",      V10_ASD },
    { "amdgpu/vega10_sdma.bin",     V10_SDMA },
    { "amdgpu/vega10_sdma1.bin",    V10_SDMA },
    { "amdgpu/vega10_pfp.bin",      V10_PFP },
    { "amdgpu/vega10_me.bin",       V10_ME },
    { "amdgpu/vega10_ce.bin",       V10_CE },
    { "amdgpu/vega10_rlc.bin",      V10_RLC },
    { "amdgpu/vega10_mec.bin",      V10_MEC },
    { "amdgpu/vega10_mec2.bin",     V10_MEC },
    { "amdgpu/vega10_smc.bin",      V10_SMC },
    { "amdgpu/vega10_acg_smc.bin",  V10_SMC },
};

/* gfx_v9_0_check_fw_write_wait (GC 9.0.1) and its "too old" warning. */
#define V10_ME_WRITE_WAIT_MIN   0x9cu
#define V10_PFP_WRITE_WAIT_MIN  0xb1u
#define V10_MEC_WRITE_WAIT_MIN  0x193u
#define V10_WRITE_WAIT_FEATURE  42u
#define V10_PFP_CURRENT_MIN     0xb7u
#define V10_MEC_CURRENT_MIN     0x1a5u
#define V10_CURRENT_FEATURE     46u
/* sdma_v4_0_fw_support_paging_queue (SDMA 4.0.0). */
#define V10_SDMA_PAGING_MIN     430u
/* gpu_info_firmware_v1_0: 15 u32s. */
#define V10_GPU_INFO_V1_0_SIZE  (15u * 4u)
/* gfx_v9_0_get_cu_info: SE x SH above 16 is -EINVAL. */
#define V10_MAX_SE_SH           16u

static uint16_t rd16(const uint8_t *b, size_t off)
{
    return (uint16_t)(b[off] | b[off + 1] << 8);
}

static uint32_t rd32(const uint8_t *b, size_t off)
{
    return rd16(b, off) | (uint32_t)rd16(b, off + 2) << 16;
}

static const char *generator(void)
{
    return g_getenv("AEMU_GEN_FIRMWARE");
}

static int run(const char *const *argv)
{
    GError *err = NULL;
    gint status;

    g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL,
                               G_SPAWN_STDOUT_TO_DEV_NULL |
                               G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &err));
    g_assert_no_error(err);
    g_assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

static void rm_rf(const char *path)
{
    GDir *dir = g_dir_open(path, 0, NULL);

    if (dir) {
        const char *name;

        while ((name = g_dir_read_name(dir))) {
            char *child = g_build_filename(path, name, NULL);

            rm_rf(child);
            g_free(child);
        }
        g_dir_close(dir);
    }
    g_remove(path);
}

/*
 * What amdgpu requests for Topaz (gmc_v7_0, gfx_v8_0, sdma_v2_4, powerplay),
 * with the IP version each header carries; the RLC has the v2.0 header
 * gfx_v8_0_init_microcode reads.
 */
typedef struct TopazExpected {
    const char *path;
    FwKind kind;
    uint16_t ip_major, ip_minor;
} TopazExpected;

static const TopazExpected topaz_expected[] = {
    { "amdgpu/topaz_mc.bin",    FW_MC,   7, 4 },
    { "amdgpu/topaz_pfp.bin",   FW_GFX,  8, 0 },
    { "amdgpu/topaz_me.bin",    FW_GFX,  8, 0 },
    { "amdgpu/topaz_ce.bin",    FW_GFX,  8, 0 },
    { "amdgpu/topaz_mec.bin",   FW_GFX,  8, 0 },
    { "amdgpu/topaz_rlc.bin",   FW_RLC,  8, 0 },
    { "amdgpu/topaz_sdma.bin",  FW_SDMA, 2, 4 },
    { "amdgpu/topaz_sdma1.bin", FW_SDMA, 2, 4 },
    { "amdgpu/topaz_smc.bin",   FW_SMC,  7, 1 },
    { "amdgpu/topaz_k_smc.bin", FW_SMC,  7, 1 },
};

static size_t count_files(const char *path)
{
    GDir *dir = g_dir_open(path, 0, NULL);
    const char *name;
    size_t n = 0;

    if (!dir) {
        return 1;
    }
    while ((name = g_dir_read_name(dir))) {
        char *child = g_build_filename(path, name, NULL);

        n += count_files(child);
        g_free(child);
    }
    g_dir_close(dir);
    return n;
}

static size_t tail_size(FwKind kind)
{
    switch (kind) {
    case FW_MC:
        return 2 * 4;
    case FW_SMC:
        return 1 * 4;
    case FW_GFX:
        return 3 * 4;
    case FW_RLC:
        return 5 * 4;
    case FW_SDMA:
        return 4 * 4;
    case FW_UVD:
    case FW_VCE:
        return 0;
    }
    g_assert_not_reached();
}

static uint32_t rd32be(const uint8_t *b, size_t off)
{
    return (uint32_t)b[off] << 24 | (uint32_t)b[off + 1] << 16 |
           (uint32_t)b[off + 2] << 8 | b[off + 3];
}

/* A table of the SMU7 image: its header field and the bytes written there. */
typedef struct Smu7Table {
    uint32_t hdr_off, bytes;
} Smu7Table;

/*
 * The SMC payload as radeon's DPM reads it back from SRAM: the SMU7
 * firmware header at SMU7_FIRMWARE_HEADER_LOCATION (0x20000), whose table
 * addresses (ci_process_firmware_header) must lie in SRAM and not overlap
 * for the sizes ci_dpm writes there (smu7_discrete.h).
 */
static const Smu7Table smu7_tables[] = {
    { 0x30, 120 },      /* SoftRegisters: SMU7_SoftRegisters */
    { 0x34, 2024 },     /* DpmTable: SMU7_Discrete_DpmTable */
    { 0x44, 452 },      /* mcRegisterTable: SMU7_Discrete_MCRegisters */
    { 0x48, 576 },      /* mcArbDramTimingTable */
    { 0x4c, 76 },       /* PmFuseTable: SMU7_Discrete_PmFuses */
};

/*
 * Topaz's powerplay reads the same header fields (SMU71_Firmware_Header,
 * iceland_process_firmware_header) and writes the SMU71 tables, sizes from
 * smu71_discrete.h.
 */
static const Smu7Table smu71_tables[] = {
    { 0x30, 116 },      /* SMU71_SoftRegisters */
    { 0x34, 1480 },     /* SMU71_Discrete_DpmTable */
    { 0x44, 324 },      /* SMU71_Discrete_MCRegisters */
    { 0x48, 384 },      /* SMU71_Discrete_MCArbDramTimingTable */
    { 0x4c, 84 },       /* SMU71_Discrete_PmFuses */
};

static void check_smu7_tables(const uint8_t *img, uint32_t size,
                              uint32_t start, const Smu7Table *tables,
                              size_t n)
{
    g_assert_cmphex(start, ==, 0x20000);
    g_assert_cmpuint(size, >=, 256);
    g_assert_cmpuint(rd32be(img, 0x18), ==, 256);       /* HeaderSize */
    g_assert_cmpuint(rd32be(img, 0x28), ==, size);      /* ImageSize */
    g_assert_cmpuint(rd32be(img, 0x38), ==, 0);         /* no fan table */
    for (unsigned i = 0; i < n; i++) {
        uint32_t a = rd32be(img, tables[i].hdr_off);

        /* ci_copy_bytes_to_smc: dword-aligned, below SMC_RAM_END. */
        g_assert_cmpuint(a % 4, ==, 0);
        g_assert_cmpuint(a, >=, start + 256);
        g_assert_cmpuint((uint64_t)a + tables[i].bytes, <=, start + size);
        for (unsigned j = 0; j < i; j++) {
            uint32_t o = rd32be(img, tables[j].hdr_off);

            g_assert_true(a >= o + tables[j].bytes ||
                          o >= a + tables[i].bytes);
        }
    }
}

static void check_smu7_image(const uint8_t *img, uint32_t size, uint32_t start)
{
    check_smu7_tables(img, size, start, smu7_tables,
                      G_N_ELEMENTS(smu7_tables));
}

/* Returns the jump-table size (gfx), so the caller can sum CE/PFP/ME/MEC. */
static uint32_t check_stub(const char *path, FwKind kind)
{
    gchar *data;
    gsize len;
    const uint8_t *b;
    uint32_t payload_off, payload_size, jt_size = 0;
    GError *err = NULL;

    g_assert_true(g_file_get_contents(path, &data, &len, &err));
    g_assert_no_error(err);
    b = (const uint8_t *)data;

    /* The type's v1.0 header must be in the file before anything reads it. */
    g_assert_cmpuint(len, >=, COMMON_HDR_SIZE + tail_size(kind));
    /* amdgpu_ucode_validate / radeon_ucode_validate. */
    g_assert_cmpuint(rd32(b, 0x00), ==, len);
    g_assert_cmpuint(rd32(b, 0x04), ==, COMMON_HDR_SIZE + tail_size(kind));
    g_assert_cmpuint(rd16(b, 0x08), ==, 1);
    g_assert_cmpuint(rd16(b, 0x0a), ==, 0);
    g_assert_cmphex(rd32(b, 0x10), ==, STUB_UCODE_VERSION);
    payload_size = rd32(b, 0x14);
    payload_off = rd32(b, 0x18);
    /* Every loader streams ucode_size_bytes / 4 dwords from the offset. */
    g_assert_cmpuint(payload_size % 4, ==, 0);
    g_assert_cmpuint((uint64_t)payload_off + payload_size, <=, len);
    g_assert_cmpuint(payload_off, >=, rd32(b, 0x04));

    switch (kind) {
    case FW_MC: {
        /* gmc_v7_0_mc_load_microcode / ci_mc_load_microcode. */
        uint32_t io_size = rd32(b, 0x20), io_off = rd32(b, 0x24);

        g_assert_cmpuint(io_size % 8, ==, 0);
        g_assert_cmpuint((uint64_t)io_off + io_size, <=, len);
        break;
    }
    case FW_SMC:
        /* ci_load_smc_ucode in both drivers. */
        g_assert_cmpuint(payload_size, <=, SMC_RAM_END);
        g_assert_cmpuint((uint64_t)rd32(b, 0x20) + payload_size, <=,
                         SMC_RAM_END);
        check_smu7_image(b + payload_off, payload_size, rd32(b, 0x20));
        break;
    case FW_GFX: {
        /* amdgpu_gfx_rlc_setup_cp_table / cik_init_cp_pg_table. */
        uint32_t jt_off = rd32(b, 0x24);

        jt_size = rd32(b, 0x28);
        g_assert_cmpuint(((uint64_t)jt_off + jt_size) * 4, <=, payload_size);
        break;
    }
    case FW_RLC:
        break;
    case FW_SDMA:
        /* Stubs keep burst NOPs off (docs/firmware.md). */
        g_assert_cmpuint(rd32(b, 0x20), <, SDMA_BURST_NOP_MIN);
        break;
    case FW_UVD:
    case FW_VCE:
        /*
         * amdgpu_uvd_resume / amdgpu_vce_resume copy the payload into the
         * VCPU buffer: there is one, inside the file.
         */
        g_assert_cmpuint(payload_size, >, 0);
        break;
    }
    g_free(data);
    return jt_size;
}

static size_t v10_header_size(V10Kind kind)
{
    switch (kind) {
    case V10_GPU_INFO:
        return COMMON_HDR_SIZE + 2 * 2;     /* gpu_info v1.0 */
    case V10_PFP:
    case V10_ME:
    case V10_CE:
    case V10_MEC:
        return COMMON_HDR_SIZE + 3 * 4;     /* gfx v1.0 */
    case V10_RLC:
        return COMMON_HDR_SIZE + 18 * 4;    /* rlc v2.0 */
    case V10_SDMA:
        return COMMON_HDR_SIZE + 4 * 4;     /* sdma v1.0 */
    case V10_SOS:
    case V10_ASD:
        return COMMON_HDR_SIZE + 3 * 4;     /* psp v1.0 */
    case V10_SMC:
        return COMMON_HDR_SIZE + 1 * 4;     /* smc v1.0 */
    }
    g_assert_not_reached();
}

/* A Vega10 stub as amdgpu_ucode_request and the block's parser read it. */
static void check_v10_stub(const char *path, V10Kind kind)
{
    gchar *data;
    gsize len;
    const uint8_t *b, *tail;
    uint32_t payload_off, payload_size, version, feature;
    uint16_t major, minor;
    GError *err = NULL;

    g_assert_true(g_file_get_contents(path, &data, &len, &err));
    g_assert_no_error(err);
    b = (const uint8_t *)data;
    tail = b + COMMON_HDR_SIZE;

    /* The whole type-specific header is in the file. */
    g_assert_cmpuint(len, >=, v10_header_size(kind));
    /* amdgpu_ucode_validate: size_bytes == file size. */
    g_assert_cmpuint(rd32(b, 0x00), ==, len);
    g_assert_cmpuint(rd32(b, 0x04), ==, v10_header_size(kind));
    major = rd16(b, 0x08);
    minor = rd16(b, 0x0a);
    version = rd32(b, 0x10);
    payload_size = rd32(b, 0x14);
    payload_off = rd32(b, 0x18);
    /* Loaders stream ucode_size_bytes / 4 dwords from the offset. */
    g_assert_cmpuint(payload_size % 4, ==, 0);
    g_assert_cmpuint(payload_off, >=, v10_header_size(kind));
    g_assert_cmpuint((uint64_t)payload_off + payload_size, <=, len);

    switch (kind) {
    case V10_GPU_INFO: {
        const uint8_t *gi = b + payload_off;

        g_assert_cmpuint(major, ==, 1);
        /* amdgpu_device_parse_gpu_info_fw: its own version_major 1. */
        g_assert_cmpuint(rd16(tail, 0), ==, 1);
        g_assert_cmpuint(payload_size, >=, V10_GPU_INFO_V1_0_SIZE);
        /* gc_num_se, _cu_per_sh, _sh_per_se, _rb_per_se all non-zero. */
        for (unsigned i = 0; i < 4; i++) {
            g_assert_cmpuint(rd32(gi, 4 * i), >, 0);
        }
        g_assert_cmpuint(rd32(gi, 0) * rd32(gi, 8), <=, V10_MAX_SE_SH);
        break;
    }
    case V10_PFP:
    case V10_ME:
    case V10_CE:
    case V10_MEC: {
        uint32_t jt_off = rd32(tail, 4), jt_size = rd32(tail, 8);

        g_assert_cmpuint(major, ==, 1);
        feature = rd32(tail, 0);
        /* gfx_v9_0_check_fw_write_wait: the one-packet write-wait path. */
        g_assert_cmpuint(feature, >=, V10_CURRENT_FEATURE);
        if (kind == V10_PFP) {
            g_assert_cmphex(version, >=, V10_PFP_WRITE_WAIT_MIN);
            g_assert_cmphex(version, >=, V10_PFP_CURRENT_MIN);
        } else if (kind == V10_ME) {
            g_assert_cmphex(version, >=, V10_ME_WRITE_WAIT_MIN);
        } else if (kind == V10_MEC) {
            g_assert_cmphex(version, >=, V10_MEC_WRITE_WAIT_MIN);
            g_assert_cmphex(version, >=, V10_MEC_CURRENT_MIN);
        }
        /*
         * gfx_v9_0_mec_init maps a BO of the MEC's size (0 oopses); the
         * PSP path skips every image of size 0 (fw_load_skip_check).
         */
        g_assert_cmpuint(payload_size, >, 0);
        g_assert_cmpuint(feature, >=, V10_WRITE_WAIT_FEATURE);
        /* gfx_v9_0_cp_compute_load_microcode copies the JT unchecked. */
        g_assert_cmpuint(((uint64_t)jt_off + jt_size) * 4, <=, payload_size);
        break;
    }
    case V10_RLC:
        /* amdgpu_gfx_rlc_init_microcode: major >= 2; 2.1 would enable SRM. */
        g_assert_cmpuint(major, ==, 2);
        g_assert_cmpuint(minor, ==, 0);
        /* _v2_0: the two register lists it copies lie in the file. */
        g_assert_cmpuint((uint64_t)rd32(tail, 0x2c) + rd32(tail, 0x28), <=,
                         len);
        g_assert_cmpuint((uint64_t)rd32(tail, 0x34) + rd32(tail, 0x30), <=,
                         len);
        g_assert_cmpuint((uint64_t)rd32(tail, 0x3c) + rd32(tail, 0x38), <=,
                         len);
        g_assert_cmpuint((uint64_t)rd32(tail, 0x44) + rd32(tail, 0x40), <=,
                         len);
        /* The PSP path loads RLC_G only when non-empty. */
        g_assert_cmpuint(payload_size, >, 0);
        break;
    case V10_SDMA:
        /* amdgpu_sdma_init_microcode rejects major > 1 (not duplicated). */
        g_assert_cmpuint(major, ==, 1);
        /* The PSP path loads SDMA0/1 only when non-empty. */
        g_assert_cmpuint(payload_size, >, 0);
        /* No page queues (sdma_v4_0_fw_support_paging_queue). */
        g_assert_cmpuint(version, <, V10_SDMA_PAGING_MIN);
        /* Burst NOPs off, as on Hawaii. */
        g_assert_cmpuint(rd32(tail, 0), <, SDMA_BURST_NOP_MIN);
        break;
    case V10_SOS: {
        uint32_t sys = rd32(tail, 4), sos = rd32(tail, 8);

        g_assert_cmpuint(major, ==, 1);
        g_assert_cmpuint(minor, ==, 0);
        /* psp_init_sos_base_fw: "PSP SOS FW not available" if either is 0. */
        g_assert_cmpuint(sys, >, 0);
        g_assert_cmpuint(sos, >, 0);
        g_assert_cmpuint((uint64_t)sys + sos, <=, payload_size);
        break;
    }
    case V10_ASD:
        /*
         * psp_init_asd_microcode; size 0 would make psp_asd_initialize
         * skip LOAD_ASD, which the PSP model is to receive.
         */
        g_assert_cmpuint(major, ==, 1);
        g_assert_cmpuint(payload_size, >, 0);
        break;
    case V10_SMC:
        /* amdgpu_cgs_get_firmware_info casts to smc v1.0. */
        g_assert_cmpuint(major, ==, 1);
        break;
    }
    g_free(data);
}

/* A Topaz stub: the CIK or RLC v2.0 checks, its IP version, its SMU71 image. */
static void check_topaz_stub(const char *path, const TopazExpected *e)
{
    gchar *data;
    gsize len;
    const uint8_t *b;
    GError *err = NULL;

    if (e->kind == FW_RLC) {
        check_v10_stub(path, V10_RLC);
    } else {
        check_stub(path, e->kind);
    }
    g_assert_true(g_file_get_contents(path, &data, &len, &err));
    g_assert_no_error(err);
    b = (const uint8_t *)data;
    g_assert_cmpuint(rd16(b, 0x0c), ==, e->ip_major);
    g_assert_cmpuint(rd16(b, 0x0e), ==, e->ip_minor);
    if (e->kind == FW_SDMA) {
        /* amdgpu_ucode_create_bo fails on an empty sum of SMU-loaded images. */
        g_assert_cmpuint(rd32(b, 0x14), >, 0);
    }
    if (e->kind == FW_SMC) {
        /* iceland_smu_upload_firmware_image: at most ICELAND_SMC_SIZE. */
        g_assert_cmpuint(rd32(b, 0x14), <=, 0x20000);
        check_smu7_tables(b + rd32(b, 0x18), rd32(b, 0x14), rd32(b, 0x20),
                          smu71_tables, G_N_ELEMENTS(smu71_tables));
    }
    g_free(data);
}

/*
 * radeon_vce_init's parse, as it does it: the two strings searched from
 * the start over (size - strlen - 9) and (size - strlen - 3) positions,
 * then sscanf; only firmware 40.2.2, 50.0.1 and 50.1.2 are accepted.
 */
static void check_radeon_vce(const char *path)
{
    static const char fw[] = "[ATI LIB=VCEFW,";
    static const char fb[] = "[ATI LIB=VCEFWSTATS,";
    gchar *data;
    gsize len;
    GError *err = NULL;
    const char *c;
    unsigned start, mid, end, fb_version;

    g_assert_true(g_file_get_contents(path, &data, &len, &err));
    g_assert_no_error(err);
    g_assert_cmpuint(len, >, strlen(fb) + 9);
    c = g_strstr_len(data, (gssize)(len - 9), fw);
    g_assert_nonnull(c);
    g_assert_cmpint(sscanf(c + strlen(fw), "%2u.%2u.%2u]", &start, &mid,
                           &end), ==, 3);
    g_assert_true((start == 40 && mid == 2 && end == 2) ||
                  (start == 50 && mid == 0 && end == 1) ||
                  (start == 50 && mid == 1 && end == 2));
    c = g_strstr_len(data, (gssize)(len - 3), fb);
    g_assert_nonnull(c);
    g_assert_cmpint(sscanf(c + strlen(fb), "%2u]", &fb_version), ==, 1);
    g_free(data);
}

static void test_stubs(void)
{
    char *tmp, *out, *stamp, *list;
    const char *gen = generator();
    uint32_t jt_amdgpu = 0, jt_radeon = 0;
    gchar **lines;
    GError *err = NULL;

    if (!gen) {
        g_test_skip("AEMU_GEN_FIRMWARE not set");
        return;
    }
    tmp = g_dir_make_tmp("aemu-fw-XXXXXX", &err);
    g_assert_no_error(err);
    out = g_build_filename(tmp, "lib", "firmware", NULL);
    stamp = g_build_filename(tmp, "fw.stamp", NULL);
    {
        const char *argv[] = { gen, "--stamp", stamp, out, NULL };

        g_assert_cmpint(run(argv), ==, 0);
    }

    for (size_t i = 0; i < G_N_ELEMENTS(expected); i++) {
        char *path = g_build_filename(out, expected[i].path, NULL);
        uint32_t jt = check_stub(path, expected[i].kind);

        if (g_str_has_prefix(expected[i].path, "amdgpu/")) {
            jt_amdgpu += jt;
        } else {
            jt_radeon += jt;
        }
        g_free(path);
    }
    g_assert_cmpuint(jt_amdgpu, <=, CP_JT_DWORDS);
    g_assert_cmpuint(jt_radeon, <=, CP_JT_DWORDS);
    {
        char *path = g_build_filename(out, RADEON_VCE_PATH, NULL);

        check_radeon_vce(path);
        g_free(path);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(v10_expected); i++) {
        char *path = g_build_filename(out, v10_expected[i].path, NULL);

        check_v10_stub(path, v10_expected[i].kind);
        g_free(path);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(r600_expected); i++) {
        char *path = g_build_filename(out, r600_expected[i].path, NULL);
        gchar *data;
        gsize len;

        g_assert_true(g_file_get_contents(path, &data, &len, &err));
        g_assert_no_error(err);
        g_assert_cmpuint(len, ==, r600_expected[i].size);
        g_free(data);
        g_free(path);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(topaz_expected); i++) {
        char *path = g_build_filename(out, topaz_expected[i].path, NULL);

        check_topaz_stub(path, &topaz_expected[i]);
        g_free(path);
    }
    /* Nothing else (no Vega10 UVD/VCE images: docs/firmware.md). */
    g_assert_cmpuint(count_files(out), ==,
                     G_N_ELEMENTS(expected) + 1 + G_N_ELEMENTS(v10_expected) +
                     G_N_ELEMENTS(r600_expected) +
                     G_N_ELEMENTS(topaz_expected));

    /* The stamp lists every file, one per line. */
    g_assert_true(g_file_get_contents(stamp, &list, NULL, &err));
    g_assert_no_error(err);
    lines = g_strsplit(g_strchomp(list), "\n", -1);
    g_assert_cmpuint(g_strv_length(lines), ==,
                     G_N_ELEMENTS(expected) + 1 + G_N_ELEMENTS(v10_expected) +
                     G_N_ELEMENTS(r600_expected) +
                     G_N_ELEMENTS(topaz_expected));
    for (size_t i = 0; i < G_N_ELEMENTS(expected); i++) {
        g_assert_true(g_str_has_suffix(lines[i], expected[i].path));
        g_assert_true(g_file_test(lines[i], G_FILE_TEST_IS_REGULAR));
    }
    g_assert_true(g_str_has_suffix(lines[G_N_ELEMENTS(expected)],
                                   RADEON_VCE_PATH));
    for (size_t i = 0; i < G_N_ELEMENTS(v10_expected); i++) {
        const char *line = lines[G_N_ELEMENTS(expected) + 1 + i];

        g_assert_true(g_str_has_suffix(line, v10_expected[i].path));
        g_assert_true(g_file_test(line, G_FILE_TEST_IS_REGULAR));
    }
    for (size_t i = 0; i < G_N_ELEMENTS(topaz_expected); i++) {
        const char *line = lines[G_N_ELEMENTS(expected) + 1 +
                                 G_N_ELEMENTS(v10_expected) +
                                 G_N_ELEMENTS(r600_expected) + i];

        g_assert_true(g_str_has_suffix(line, topaz_expected[i].path));
    }
    g_strfreev(lines);
    g_free(list);

    /* Running again over an existing tree succeeds (rebuilds do that). */
    {
        const char *argv[] = { gen, out, NULL };

        g_assert_cmpint(run(argv), ==, 0);
    }

    rm_rf(tmp);
    g_free(stamp);
    g_free(out);
    g_free(tmp);
}

static void test_vbios_file(void)
{
    const char *gen = generator();
    char *tmp, *rom;
    gchar *data;
    gsize len;
    uint8_t expect[AEMU_VBIOS_MAX_SIZE];
    AemuVbiosParams p = aemu_asic_hawaii.vbios;
    size_t expect_len;
    uint8_t sum = 0;
    GError *err = NULL;

    if (!gen) {
        g_test_skip("AEMU_GEN_FIRMWARE not set");
        return;
    }
    tmp = g_dir_make_tmp("aemu-fw-XXXXXX", &err);
    g_assert_no_error(err);
    rom = g_build_filename(tmp, "sub", "hawaii-vbios.rom", NULL);
    {
        const char *argv[] = { gen, "--vbios", rom, NULL };

        g_assert_cmpint(run(argv), ==, 0);
    }
    g_assert_true(g_file_get_contents(rom, &data, &len, &err));
    g_assert_no_error(err);

    /* The ROM the device builds at realize with the default VRAM size. */
    p.vram_mib = (uint32_t)(aemu_asic_hawaii.vram_default >> 20);
    expect_len = aemu_vbios_build(&p, expect, sizeof(expect));
    g_assert_cmpuint(expect_len, >, 0);
    g_assert_cmpmem(data, len, expect, expect_len);
    g_assert_cmpuint(len % 512, ==, 0);
    for (gsize i = 0; i < len; i++) {
        sum += (uint8_t)data[i];
    }
    g_assert_cmphex(sum, ==, 0);

    g_free(data);
    rm_rf(tmp);
    g_free(rom);
    g_free(tmp);
}

static void test_usage(void)
{
    const char *gen = generator();

    if (!gen) {
        g_test_skip("AEMU_GEN_FIRMWARE not set");
        return;
    }
    {
        const char *argv[] = { gen, NULL };

        g_assert_cmpint(run(argv), ==, 2);
    }
    {
        const char *argv[] = { gen, "a", "--vbios", "b", NULL };

        g_assert_cmpint(run(argv), ==, 2);
    }
    {
        const char *argv[] = { gen, "--bogus", "a", NULL };

        g_assert_cmpint(run(argv), ==, 2);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/firmware/stubs", test_stubs);
    g_test_add_func("/firmware/vbios-file", test_vbios_file);
    g_test_add_func("/firmware/usage", test_usage);
    return g_test_run();
}
