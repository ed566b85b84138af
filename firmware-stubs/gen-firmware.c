/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-gen-firmware: writes the stub microcode files the amdgpu and radeon
 * drivers request for Hawaii, or the synthetic VBIOS.
 *
 *   aemu-gen-firmware [--stamp FILE] OUTDIR
 *       OUTDIR/amdgpu/hawaii_*.bin and OUTDIR/radeon/hawaii_*.bin
 *   aemu-gen-firmware [--stamp FILE] --vbios FILE
 *       the VBIOS image the device builds for Hawaii at its default VRAM
 *       size (for inspection, or for romfile=)
 *
 * --stamp writes FILE last, listing what was written: the build declares it
 * as the output because the real outputs live outside the build directory
 * meson gives this target.
 *
 * Each stub is a valid header and nothing else (ucode_size_bytes = 0): the
 * emulator accepts and discards uploads, and an empty payload gives every
 * driver loop that walks the payload, the MC I/O-debug pairs or the CP jump
 * tables zero iterations. The SMC image is the exception: the SMC keeps its
 * SRAM, and radeon's DPM (its default on CI) reads the SMU7 firmware header
 * of the image it uploaded to find where to put its tables, so the SMC
 * payload is that header plus room for the tables, and no code.
 * docs/firmware.md gives the field-by-field reasoning and the driver checks.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include "aemu-internal.h"

/*
 * Shows up as the firmware version in amdgpu's debugfs firmware list and is
 * written back to the ucode address registers after each upload: a value no
 * AMD image uses, so a log tells a stub from real firmware.
 */
#define AEMU_FW_UCODE_VERSION   0xae000001u

/* radeon's HAWAII_SMC_UCODE_START: where legacy images are loaded. */
#define HAWAII_SMC_UCODE_START  0x20000u

/* Sizes of the v1.0 headers (amdgpu_ucode.h / radeon_ucode.h). */
#define COMMON_HDR_SIZE 32u
#define MC_HDR_SIZE     (COMMON_HDR_SIZE + 2 * 4)
#define SMC_HDR_SIZE    (COMMON_HDR_SIZE + 1 * 4)
#define GFX_HDR_SIZE    (COMMON_HDR_SIZE + 3 * 4)
#define RLC_HDR_SIZE    (COMMON_HDR_SIZE + 5 * 4)
#define SDMA_HDR_SIZE   (COMMON_HDR_SIZE + 4 * 4)

/*
 * The SMC payload: an SMU7 firmware image without code (smu7.h), loaded at
 * SMU7_FIRMWARE_HEADER_LOCATION = HAWAII_SMC_UCODE_START. Its header names
 * the SRAM addresses of the tables ci_dpm writes (ci_process_firmware_header)
 * and the image reserves room for each (sizes from smu7_discrete.h, rounded
 * up): soft registers 120 bytes, DPM table 2024, MC register table 452,
 * MC arbiter timings 576, PM fuses 76. No fan table (FanTable 0: ci_dpm then
 * leaves the fan to the hardware) and no CAC tables. SMC SRAM is big-endian.
 */
#define SMU7_HDR_SIZE           256u
#define SMU7_HDR_VERSION        0x14u   /* dword indices in the header */
#define SMU7_HDR_HEADER_SIZE    0x18u
#define SMU7_HDR_ENTRY_POINT    0x20u
#define SMU7_HDR_IMAGE_SIZE     0x28u
#define SMU7_HDR_SOFT_REGISTERS 0x30u
#define SMU7_HDR_DPM_TABLE      0x34u
#define SMU7_HDR_FAN_TABLE      0x38u
#define SMU7_HDR_MC_REG_TABLE   0x44u
#define SMU7_HDR_MC_ARB_TABLE   0x48u
#define SMU7_HDR_PM_FUSE_TABLE  0x4cu
#define SMC_IMG_SOFT_REGISTERS  0x100u  /* offsets in the image */
#define SMC_IMG_DPM_TABLE       0x200u
#define SMC_IMG_MC_REG_TABLE    0xa00u
#define SMC_IMG_MC_ARB_TABLE    0xc00u
#define SMC_IMG_PM_FUSE_TABLE   0xe80u
#define SMC_IMAGE_SIZE          0x1000u
#define MAX_FILE_SIZE           (SMC_HDR_SIZE + SMC_IMAGE_SIZE)

typedef enum FwKind { FW_MC, FW_SMC, FW_GFX, FW_RLC, FW_SDMA } FwKind;

typedef struct FwFile {
    const char *path;       /* relative to OUTDIR */
    FwKind kind;
} FwFile;

/*
 * amdgpu: cik_sdma_init_microcode (early_init; one file per engine),
 * gmc_v7_0_init_microcode, gfx_v7_0_init_microcode (no mec2 on Hawaii),
 * and amdgpu_cgs_get_firmware_info for powerplay (hawaii_k_smc.bin when the
 * PCI revision is 0x80). UVD and VCE images are not written: see
 * docs/firmware.md.
 *
 * radeon: cik_init_microcode, new-format names. All eight must be new
 * format or it fails with "mixing new and old firmware"; one SDMA image
 * serves both engines.
 */
static const FwFile fw_files[] = {
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
    { "radeon/hawaii_pfp.bin",   FW_GFX },
    { "radeon/hawaii_me.bin",    FW_GFX },
    { "radeon/hawaii_ce.bin",    FW_GFX },
    { "radeon/hawaii_mec.bin",   FW_GFX },
    { "radeon/hawaii_rlc.bin",   FW_RLC },
    { "radeon/hawaii_sdma.bin",  FW_SDMA },
    { "radeon/hawaii_mc.bin",    FW_MC },
    { "radeon/hawaii_smc.bin",   FW_SMC },
    { "radeon/hawaii_k_smc.bin", FW_SMC },
};

static void put16(uint8_t *b, size_t off, uint16_t v)
{
    b[off] = v & 0xff;
    b[off + 1] = v >> 8;
}

static void put32(uint8_t *b, size_t off, uint32_t v)
{
    put16(b, off, v & 0xffff);
    put16(b, off + 2, v >> 16);
}

static size_t header_size(FwKind kind)
{
    switch (kind) {
    case FW_MC:
        return MC_HDR_SIZE;
    case FW_SMC:
        return SMC_HDR_SIZE;
    case FW_GFX:
        return GFX_HDR_SIZE;
    case FW_RLC:
        return RLC_HDR_SIZE;
    case FW_SDMA:
        return SDMA_HDR_SIZE;
    }
    abort();
}

/* IP versions are only printed (amdgpu_ucode_print_*_hdr). */
static void ip_version(FwKind kind, uint16_t *major, uint16_t *minor)
{
    switch (kind) {
    case FW_MC:             /* gmc_v7_0 */
        *major = 7;
        *minor = 0;
        return;
    case FW_SMC:            /* SMU 7.0 (smu_7_0_1 register headers) */
        *major = 7;
        *minor = 0;
        return;
    case FW_GFX:            /* gfx_v7_3 on Hawaii */
    case FW_RLC:
        *major = 7;
        *minor = 3;
        return;
    case FW_SDMA:           /* cik_sdma 2.0 */
        *major = 2;
        *minor = 0;
        return;
    }
    abort();
}

static void put32be(uint8_t *b, size_t off, uint32_t v)
{
    b[off] = v >> 24;
    b[off + 1] = (v >> 16) & 0xff;
    b[off + 2] = (v >> 8) & 0xff;
    b[off + 3] = v & 0xff;
}

/* Bytes after the header (ucode_size_bytes). */
static size_t payload_size(FwKind kind)
{
    return kind == FW_SMC ? SMC_IMAGE_SIZE : 0;
}

/* The SMU7 image (see SMC_IMAGE_SIZE): header and zeroed table space. */
static void build_smc_image(uint8_t *img)
{
    const uint32_t base = HAWAII_SMC_UCODE_START;

    memset(img, 0, SMC_IMAGE_SIZE);
    put32be(img, SMU7_HDR_VERSION, AEMU_FW_UCODE_VERSION);
    put32be(img, SMU7_HDR_HEADER_SIZE, SMU7_HDR_SIZE);
    put32be(img, SMU7_HDR_ENTRY_POINT, base + SMU7_HDR_SIZE);
    put32be(img, SMU7_HDR_IMAGE_SIZE, SMC_IMAGE_SIZE);
    put32be(img, SMU7_HDR_SOFT_REGISTERS, base + SMC_IMG_SOFT_REGISTERS);
    put32be(img, SMU7_HDR_DPM_TABLE, base + SMC_IMG_DPM_TABLE);
    put32be(img, SMU7_HDR_FAN_TABLE, 0);
    put32be(img, SMU7_HDR_MC_REG_TABLE, base + SMC_IMG_MC_REG_TABLE);
    put32be(img, SMU7_HDR_MC_ARB_TABLE, base + SMC_IMG_MC_ARB_TABLE);
    put32be(img, SMU7_HDR_PM_FUSE_TABLE, base + SMC_IMG_PM_FUSE_TABLE);
}

/* Fills hdr (up to MAX_FILE_SIZE bytes) and returns the file size. */
static size_t build_stub(FwKind kind, uint8_t *hdr)
{
    size_t hsize = header_size(kind);
    size_t size = hsize + payload_size(kind);
    uint16_t ip_major, ip_minor;

    memset(hdr, 0, size);
    ip_version(kind, &ip_major, &ip_minor);

    /* common_firmware_header */
    /* amdgpu_ucode_validate / radeon_ucode_validate: must equal the size. */
    put32(hdr, 0x00, (uint32_t)size);
    /* Printed only. */
    put32(hdr, 0x04, (uint32_t)hsize);
    /*
     * 1.0 everywhere: the print helpers pick the tail layout by the major
     * version, and only 1.x matches the tails written here.
     */
    put16(hdr, 0x08, 1);
    put16(hdr, 0x0a, 0);
    put16(hdr, 0x0c, ip_major);
    put16(hdr, 0x0e, ip_minor);
    put32(hdr, 0x10, AEMU_FW_UCODE_VERSION);
    /*
     * Nothing to stream to the UCODE_DATA registers; the SMC image goes to
     * SMC SRAM.
     */
    put32(hdr, 0x14, (uint32_t)payload_size(kind));
    /* The payload follows the header (empty ones are never dereferenced). */
    put32(hdr, 0x18, (uint32_t)hsize);
    /* crc32 of the payload; no driver checks it, so it stays 0. */
    put32(hdr, 0x1c, 0);

    switch (kind) {
    case FW_MC:
        /*
         * gmc_v7_0_mc_load_microcode / ci_mc_load_microcode write
         * io_debug_size_bytes / 8 index-data pairs, and only when
         * MC_SEQ_SUP_CNTL.RUN reads 0.
         */
        put32(hdr, 0x20, 0);
        put32(hdr, 0x24, (uint32_t)size);
        break;
    case FW_SMC:
        /*
         * ucode_start_addr: ci_load_smc_ucode (both drivers, DPM only)
         * points SMC_IND_INDEX_0 here before streaming the payload.
         */
        put32(hdr, 0x20, HAWAII_SMC_UCODE_START);
        build_smc_image(hdr + hsize);
        break;
    case FW_GFX:
        /* ucode_feature_version: stored, no gfx7 code tests it. */
        put32(hdr, 0x20, 0);
        /*
         * jt_offset, jt_size: amdgpu_gfx_rlc_setup_cp_table and radeon's
         * cik_init_cp_pg_table copy jt_size dwords from payload dword
         * jt_offset of CE, PFP, ME and MEC into the RLC's CP table with no
         * bounds check. An empty table copies nothing.
         */
        put32(hdr, 0x24, 0);
        put32(hdr, 0x28, 0);
        break;
    case FW_RLC:
        /*
         * ucode_feature_version, save_and_restore_offset,
         * clear_state_descriptor_offset, avail_scratch_ram_locations,
         * master_pkt_description_offset: printed only on CIK (the clear
         * state and save/restore lists come from the drivers' own tables).
         */
        break;
    case FW_SDMA:
        /*
         * ucode_feature_version below 20: cik_sdma_load_microcode leaves
         * burst_nop off, so ring padding is one NOP packet per dword (a real
         * image turns on one counted NOP per run; the emulator takes both).
         * ucode_change_version and the jump table are unused on CIK.
         */
        put32(hdr, 0x20, 0);
        put32(hdr, 0x24, 0);
        put32(hdr, 0x28, 0);
        put32(hdr, 0x2c, 0);
        break;
    }
    return size;
}

static int mkdir_p(const char *path)
{
    char buf[4096];
    size_t n = strlen(path);

    if (n == 0 || n >= sizeof(buf)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] == '/' || buf[i] == '\0') {
            char c = buf[i];

            buf[i] = '\0';
            if (mkdir(buf, 0755) != 0 && errno != EEXIST) {
                return -1;
            }
            buf[i] = c;
        }
    }
    return 0;
}

/* Write through a temporary name so no reader sees a half-written file. */
static int write_file(const char *path, const uint8_t *data, size_t len)
{
    char tmp[4096];
    FILE *f;

    if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp)) {
        fprintf(stderr, "aemu-gen-firmware: path too long: %s\n", path);
        return -1;
    }
    f = fopen(tmp, "wb");
    if (!f) {
        fprintf(stderr, "aemu-gen-firmware: %s: %s\n", tmp, strerror(errno));
        return -1;
    }
    if (fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "aemu-gen-firmware: %s: write failed\n", tmp);
        remove(tmp);
        return -1;
    }
    if (rename(tmp, path) != 0) {
        fprintf(stderr, "aemu-gen-firmware: %s: %s\n", path, strerror(errno));
        remove(tmp);
        return -1;
    }
    return 0;
}

static int parent_dir(const char *path)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    size_t n;

    if (!slash || slash == path) {
        return 0;
    }
    n = (size_t)(slash - path);
    if (n >= sizeof(dir)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(dir, path, n);
    dir[n] = '\0';
    return mkdir_p(dir);
}

static int write_stubs(const char *outdir, FILE *stamp)
{
    for (size_t i = 0; i < sizeof(fw_files) / sizeof(fw_files[0]); i++) {
        static uint8_t hdr[MAX_FILE_SIZE];
        char path[4096];
        size_t len;

        if (snprintf(path, sizeof(path), "%s/%s", outdir,
                     fw_files[i].path) >= (int)sizeof(path)) {
            fprintf(stderr, "aemu-gen-firmware: path too long\n");
            return -1;
        }
        if (parent_dir(path) != 0) {
            fprintf(stderr, "aemu-gen-firmware: cannot create the parent of "
                    "%s: %s\n", path, strerror(errno));
            return -1;
        }
        len = build_stub(fw_files[i].kind, hdr);
        if (write_file(path, hdr, len) != 0) {
            return -1;
        }
        if (stamp) {
            fprintf(stamp, "%s\n", path);
        }
    }
    return 0;
}

/* The device's own parameters, so the file equals its built-in ROM. */
static int write_vbios(const char *file, FILE *stamp)
{
    static uint8_t rom[AEMU_VBIOS_MAX_SIZE];
    AemuVbiosParams p = aemu_asic_hawaii.vbios;
    size_t len;

    p.vram_mib = (uint32_t)(aemu_asic_hawaii.vram_default >> 20);
    len = aemu_vbios_build(&p, rom, sizeof(rom));
    if (len == 0) {
        fprintf(stderr, "aemu-gen-firmware: VBIOS parameters rejected\n");
        return -1;
    }
    if (parent_dir(file) != 0) {
        fprintf(stderr, "aemu-gen-firmware: cannot create the parent of "
                "%s: %s\n", file, strerror(errno));
        return -1;
    }
    if (write_file(file, rom, len) != 0) {
        return -1;
    }
    if (stamp) {
        fprintf(stamp, "%s\n", file);
    }
    return 0;
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: aemu-gen-firmware [--stamp FILE] OUTDIR\n"
            "       aemu-gen-firmware [--stamp FILE] --vbios FILE\n"
            "Writes stub microcode for Hawaii under OUTDIR/amdgpu and "
            "OUTDIR/radeon,\nor the synthetic Hawaii VBIOS to FILE.\n");
}

int main(int argc, char **argv)
{
    const char *stamp_path = NULL, *vbios = NULL, *outdir = NULL;
    char stamp_tmp[4096];
    FILE *stamp = NULL;
    int r;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(argv[i], "--stamp") && i + 1 < argc) {
            stamp_path = argv[++i];
        } else if (!strcmp(argv[i], "--vbios") && i + 1 < argc) {
            vbios = argv[++i];
        } else if (argv[i][0] != '-' && !outdir) {
            outdir = argv[i];
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (!!vbios == !!outdir) {
        usage(stderr);
        return 2;
    }

    if (stamp_path) {
        if (snprintf(stamp_tmp, sizeof(stamp_tmp), "%s.list",
                     stamp_path) >= (int)sizeof(stamp_tmp)) {
            fprintf(stderr, "aemu-gen-firmware: stamp path too long\n");
            return 1;
        }
        if (parent_dir(stamp_path) != 0) {
            fprintf(stderr, "aemu-gen-firmware: cannot create the parent of "
                    "%s: %s\n", stamp_path, strerror(errno));
            return 1;
        }
        stamp = fopen(stamp_tmp, "w");
        if (!stamp) {
            fprintf(stderr, "aemu-gen-firmware: %s: %s\n", stamp_tmp,
                    strerror(errno));
            return 1;
        }
    }

    r = vbios ? write_vbios(vbios, stamp) : write_stubs(outdir, stamp);

    if (stamp) {
        if (fclose(stamp) != 0) {
            r = -1;
        }
        /* The stamp appears only once everything it lists is in place. */
        if (r == 0 && rename(stamp_tmp, stamp_path) != 0) {
            fprintf(stderr, "aemu-gen-firmware: %s: %s\n", stamp_path,
                    strerror(errno));
            r = -1;
        }
        if (r != 0) {
            remove(stamp_tmp);
        }
    }
    return r == 0 ? 0 : 1;
}
