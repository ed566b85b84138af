/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-gen-firmware: writes the stub microcode files the amdgpu and radeon
 * drivers request for Hawaii, those amdgpu requests for Vega10 and Topaz
 * and those radeon requests for RS780, or the synthetic VBIOS.
 *
 *   aemu-gen-firmware [--stamp FILE] OUTDIR
 *       OUTDIR/amdgpu/hawaii_*.bin, OUTDIR/radeon/hawaii_*.bin,
 *       OUTDIR/amdgpu/vega10_*.bin, OUTDIR/amdgpu/topaz_*.bin and
 *       OUTDIR/radeon/{RS780,R600}_*.bin
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
 *
 * Vega10 (gfx9/SOC15) stubs use the header types its blocks parse: gfx
 * v1.0, rlc v2.0, sdma v1.0, psp v1.0, smc v1.0 and gpu_info v1.0. All
 * but the SMC image carry payload bytes: gpu_info (the shader-engine
 * topology amdgpu takes from it), MEC (gfx_v9_0_mec_init maps a BO of
 * ucode_size_bytes), SOS (psp_init_sos_base_fw rejects empty sys-driver or
 * SOS parts), and the engine images and ASD, which the PSP loads only
 * when non-empty. Their CP and
 * SDMA versions are chosen to keep the driver on the paths the Vega10
 * bring-up map recommends (section 5.2).
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

typedef enum FwKind {
    FW_MC, FW_SMC, FW_GFX, FW_RLC, FW_SDMA, FW_UVD, FW_VCE,
} FwKind;

/*
 * UVD and VCE images (common header only, no tail): the engines never run
 * them, but the drivers copy the payload into the VCPU buffer and size
 * that buffer from it, so it is a few bytes that say what it is rather
 * than nothing. radeon's VCE image has no header at all: radeon_vce_init
 * finds its version by searching the file for two strings, and accepts
 * only firmware 40.2.2, 50.0.1 or 50.1.2; the stub names the newest and
 * feedback-interface version 2 (reported to userspace only). Both
 * searches start at (file size - the string's length - 9 or 3), an
 * unsigned count, so the file must be longer than the strings.
 */
#define VIDEO_PAYLOAD_TEXT "amdgpu-emu stub firmware: no code"
#define VIDEO_PAYLOAD       64u
#define RADEON_VCE_VERSION  "[ATI LIB=VCEFW,50.1.2]"
#define RADEON_VCE_FB       "[ATI LIB=VCEFWSTATS,02]"
#define RADEON_VCE_SIZE     256u
_Static_assert(sizeof(VIDEO_PAYLOAD_TEXT) <= VIDEO_PAYLOAD,
               "video stub payload text too long");
_Static_assert(sizeof(VIDEO_PAYLOAD_TEXT " " RADEON_VCE_VERSION
                      RADEON_VCE_FB) + 9 < RADEON_VCE_SIZE,
               "radeon VCE stub too short for radeon_vce_init's search");

typedef struct FwFile {
    const char *path;       /* relative to OUTDIR */
    FwKind kind;
} FwFile;

/*
 * amdgpu: cik_sdma_init_microcode (early_init; one file per engine),
 * gmc_v7_0_init_microcode, gfx_v7_0_init_microcode (no mec2 on Hawaii),
 * and amdgpu_cgs_get_firmware_info for powerplay (hawaii_k_smc.bin when the
 * PCI revision is 0x80), amdgpu_uvd_sw_init and amdgpu_vce_sw_init (fatal
 * when missing once the blocks are not masked).
 *
 * radeon: cik_init_microcode, new-format names. All eight must be new
 * format or it fails with "mixing new and old firmware"; one SDMA image
 * serves both engines. radeon_uvd_init asks for bonaire_uvd.bin (with a
 * header) on every CIK part; radeon_vce_init for BONAIRE_vce.bin (no
 * header, built by build_radeon_vce).
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

#define RADEON_VCE_PATH "radeon/BONAIRE_vce.bin"

/*
 * Vega10 (amdgpu only). Requested by, in probe order:
 * amdgpu_device_parse_gpu_info_fw (gpu_info), psp_v3_1_init_microcode
 * (sos, asd; PSP load type only), sdma_v4_0_init_microcode (one file per
 * engine), gfx_v9_0_init_microcode (pfp, me, ce, rlc, mec, and mec2 whose
 * absence is tolerated), and amdgpu_cgs_get_firmware_info from
 * vega10_smu_init (smc; acg_smc for 1002:687F revisions C0/C1/C3).
 * Not written: vega10_uvd.bin and vega10_vce.bin (the Vega10 plans mask
 * those blocks and the device has no model of them), vega10_cap.bin (SR-IOV
 * only) and vega10_ip_discovery.bin (optional; without it amdgpu uses its
 * built-in Vega10 IP list, which is what the device model follows).
 */
typedef enum V10Kind {
    V10_GPU_INFO, V10_PFP, V10_ME, V10_CE, V10_MEC, V10_RLC, V10_SDMA,
    V10_SOS, V10_ASD, V10_SMC,
} V10Kind;

typedef struct V10File {
    const char *path;
    V10Kind kind;
} V10File;

static const V10File vega10_files[] = {
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

/* Vega10 header sizes (amdgpu_ucode.h). */
#define V10_GFX_HDR_SIZE        (COMMON_HDR_SIZE + 3 * 4)   /* gfx v1.0 */
#define V10_RLC_HDR_SIZE        (COMMON_HDR_SIZE + 18 * 4)  /* rlc v2.0 */
#define V10_SDMA_HDR_SIZE       (COMMON_HDR_SIZE + 4 * 4)   /* sdma v1.0 */
#define V10_PSP_HDR_SIZE        (COMMON_HDR_SIZE + 3 * 4)   /* psp v1.0 */
#define V10_SMC_HDR_SIZE        (COMMON_HDR_SIZE + 1 * 4)   /* smc v1.0 */
#define V10_GPU_INFO_HDR_SIZE   (COMMON_HDR_SIZE + 2 * 2)   /* gpu_info v1.0 */

/* Common-header offsets. */
#define HDR_SIZE_BYTES          0x00
#define HDR_HEADER_SIZE_BYTES   0x04
#define HDR_VERSION_MAJOR       0x08
#define HDR_VERSION_MINOR       0x0a
#define HDR_IP_MAJOR            0x0c
#define HDR_IP_MINOR            0x0e
#define HDR_UCODE_VERSION       0x10
#define HDR_UCODE_SIZE_BYTES    0x14
#define HDR_UCODE_ARRAY_OFFSET  0x18
#define HDR_CRC32               0x1c
#define HDR_TAIL                COMMON_HDR_SIZE

/*
 * CP versions (gfx_v9_0_check_fw_write_wait, GC 9.0.1). At or above these
 * me_fw_write_wait and mec_fw_write_wait are true, so VM flushes and
 * register waits use the one-packet WAIT_REG_MEM "write, then wait"
 * (gfx_v9_0_ring_emit_reg_write_reg_wait), and the "CP firmware version
 * too old" warning (MEC < 0x1a5 or PFP < 0xb7, features < 46) stays off.
 * Real-firmware-sized values rather than the 0xae000001 marker, so that no
 * future "version >= X" test turns on a newer path by accident.
 */
#define V10_PFP_VERSION         0x000000b7u
#define V10_ME_VERSION          0x0000009cu
#define V10_CE_VERSION          0x0000009cu     /* no code tests it */
#define V10_MEC_VERSION         0x000001a5u
#define V10_CP_FEATURE          46u

/*
 * SDMA: sdma_v4_0_fw_support_paging_queue turns the page queues on for
 * SDMA 4.0.0 at fw_version >= 430; stay below it (one gfx queue per
 * engine). Feature below 20 keeps burst NOPs off (amdgpu_sdma.c), as on
 * Hawaii.
 */
#define V10_SDMA_VERSION        0x000001a0u
#define V10_SDMA_PAGING_MIN     430u
#define V10_SDMA_FEATURE        0u
_Static_assert(V10_SDMA_VERSION < V10_SDMA_PAGING_MIN, "SDMA page queues");

/*
 * MEC payload: gfx_v9_0_mec_init creates a GTT BO of ucode_size_bytes and
 * kunmaps it; with 0 no BO exists and amdgpu_bo_kunmap(NULL) oopses. Any
 * non-zero multiple of 4 works; the CP model never runs it. The jump table
 * is empty (jt_size 0), so the direct-load loop in
 * gfx_v9_0_cp_compute_load_microcode copies nothing.
 */
#define V10_MEC_PAYLOAD         256u

/*
 * The other engine images (PFP, ME, CE, RLC, SDMA) carry a payload too:
 * the PSP path sends one LOAD_IP_FW per image and skips an image of size 0
 * (fw_load_skip_check), so with empty stubs the PSP would load only the
 * MEC. Direct loading streams these bytes to the upload ports.
 */
#define V10_ENGINE_PAYLOAD      256u

/*
 * PSP SOS: psp_init_sos_base_fw takes the sys driver as the first
 * sos.offset_bytes payload bytes and SOS as sos.size_bytes from there, and
 * fails ("PSP SOS FW not available") if either is 0. ASD: a non-empty
 * payload, so psp_asd_initialize loads it (LOAD_ASD) as it would the real
 * one; with 0 bytes it skips the command.
 */
#define V10_SYS_DRV_BYTES       256u
#define V10_SOS_BYTES           256u
#define V10_ASD_BYTES           256u
#define PSP_SOS_FW_VERSION      0x00u   /* psp_fw_legacy_bin_desc, from HDR_TAIL */
#define PSP_SOS_OFFSET_BYTES    0x04u
#define PSP_SOS_SIZE_BYTES      0x08u

/* gfx v1.0 / sdma v1.0 / rlc v2.0 tail offsets (from HDR_TAIL). */
#define GFX_FEATURE             0x00u
#define GFX_JT_OFFSET           0x04u
#define GFX_JT_SIZE             0x08u
#define SDMA_FEATURE            0x00u
#define RLC_FEATURE             0x00u
#define RLC_REG_LIST_FORMAT_ARRAY_OFFSET 0x2cu
#define RLC_REG_LIST_ARRAY_OFFSET        0x34u
#define RLC_REG_LIST_FORMAT_SEP_OFFSET   0x3cu
#define RLC_REG_LIST_SEP_OFFSET          0x44u
#define SMC_UCODE_START_ADDR    0x00u

/*
 * gpu_info v1.0 (amdgpu_device_parse_gpu_info_fw): its own version at the
 * header tail, then the gpu_info_firmware_v1_0 payload, 15 u32s in this
 * order. A Vega 64-like topology (bring-up map 5.2); asic_vega10.c must
 * agree with it (CC_GC_SHADER_ARRAY_CONFIG, CC_RB_BACKEND_DISABLE).
 * gfx_v9_0_get_cu_info needs SE x SH <= 16.
 */
#define GPU_INFO_VERSION_MAJOR  0x00u
#define GPU_INFO_VERSION_MINOR  0x02u
#define V10_GC_NUM_SE           4u
#define V10_GC_NUM_CU_PER_SH    16u
#define V10_GC_NUM_SH_PER_SE    1u
#define V10_GC_NUM_RB_PER_SE    4u
#define V10_GC_NUM_TCCS         16u
#define V10_GC_NUM_GPRS         256u
#define V10_GC_MAX_GS_THDS      32u
#define V10_GC_GS_TABLE_DEPTH   32u
#define V10_GC_GSPRIM_BUFF_DEPTH 1792u
#define V10_GC_PARAM_CACHE_DEPTH 1024u
#define V10_GC_DOUBLE_OFFCHIP_LDS 1u
#define V10_GC_WAVE_SIZE        64u
#define V10_GC_MAX_WAVES_PER_SIMD 10u
#define V10_GC_SCRATCH_SLOTS_PER_CU 32u
#define V10_GC_LDS_SIZE         64u
_Static_assert(V10_GC_NUM_SE * V10_GC_NUM_SH_PER_SE <= 16,
               "gfx_v9_0_get_cu_info refuses more than 16 SE x SH");

static const uint32_t v10_gpu_info[] = {
    V10_GC_NUM_SE, V10_GC_NUM_CU_PER_SH, V10_GC_NUM_SH_PER_SE,
    V10_GC_NUM_RB_PER_SE, V10_GC_NUM_TCCS, V10_GC_NUM_GPRS,
    V10_GC_MAX_GS_THDS, V10_GC_GS_TABLE_DEPTH, V10_GC_GSPRIM_BUFF_DEPTH,
    V10_GC_PARAM_CACHE_DEPTH, V10_GC_DOUBLE_OFFCHIP_LDS, V10_GC_WAVE_SIZE,
    V10_GC_MAX_WAVES_PER_SIMD, V10_GC_SCRATCH_SLOTS_PER_CU, V10_GC_LDS_SIZE,
};
#define V10_GPU_INFO_PAYLOAD    ((uint32_t)sizeof(v10_gpu_info))

_Static_assert(V10_PSP_HDR_SIZE + V10_SYS_DRV_BYTES + V10_SOS_BYTES <=
               MAX_FILE_SIZE, "Vega10 SOS stub too large");
_Static_assert(V10_GFX_HDR_SIZE + V10_MEC_PAYLOAD <= MAX_FILE_SIZE,
               "Vega10 MEC stub too large");

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
    case FW_UVD:
    case FW_VCE:
        return COMMON_HDR_SIZE;
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
    case FW_UVD:            /* uvd_v4_2 */
        *major = 4;
        *minor = 2;
        return;
    case FW_VCE:            /* vce_v2_0 */
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
    switch (kind) {
    case FW_SMC:
        return SMC_IMAGE_SIZE;
    case FW_UVD:
    case FW_VCE:
        return VIDEO_PAYLOAD;
    default:
        return 0;
    }
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
    case FW_UVD:
    case FW_VCE:
        /*
         * ucode_version: the stub marker. amdgpu_uvd_sw_init reads it as
         * major 0xae, minor 0, family 1 (above 1.80: 40 session handles,
         * which the UVD model keeps); amdgpu_vce_sw_init as major 0xae0,
         * minor 0, binary 1, i.e. fw_version >> 24 at or above 52: the
         * create message with the newer layout (both parse the same). radeon
         * reads the UVD one as major 0xae, minor 0 (10 handles).
         */
        memcpy(hdr + hsize, VIDEO_PAYLOAD_TEXT, sizeof(VIDEO_PAYLOAD_TEXT));
        break;
    }
    return size;
}

/*
 * Topaz (Iceland, VI), what vi.c's Topaz blocks request: gmc_v7_0 (mc),
 * gfx_v8_0 (pfp, me, ce, mec; no mec2 on Topaz; rlc with the v2.0 header
 * gfx_v8_0_init_microcode reads), sdma_v2_4 (one file per engine) and
 * amdgpu_cgs_get_firmware_info (topaz_k_smc.bin for the kicker revisions,
 * topaz_smc.bin otherwise). The headers are the CIK stubs' (and the Vega10
 * RLC v2.0 stub's) with Topaz's IP versions, which are printed only; on VI
 * the SMU loads the CP, RLC and SDMA images (smc_iceland.c), so their
 * payloads are never streamed to an upload port. The SMC image is CIK's
 * SMU7 image: the SMU71 firmware header Topaz's powerplay reads has the
 * same field offsets (smu71.h), at the same SRAM address 0x20000.
 */
typedef struct TopazFile {
    const char *path;
    FwKind kind;
    bool rlc_v2;                /* the v2.0 RLC header (Vega10's builder) */
    uint16_t ip_major, ip_minor;
} TopazFile;

static const TopazFile topaz_files[] = {
    { "amdgpu/topaz_mc.bin",    FW_MC,   false, 7, 4 },
    { "amdgpu/topaz_pfp.bin",   FW_GFX,  false, 8, 0 },
    { "amdgpu/topaz_me.bin",    FW_GFX,  false, 8, 0 },
    { "amdgpu/topaz_ce.bin",    FW_GFX,  false, 8, 0 },
    { "amdgpu/topaz_mec.bin",   FW_GFX,  false, 8, 0 },
    { "amdgpu/topaz_rlc.bin",   FW_RLC,  true,  8, 0 },
    { "amdgpu/topaz_sdma.bin",  FW_SDMA, false, 2, 4 },
    { "amdgpu/topaz_sdma1.bin", FW_SDMA, false, 2, 4 },
    { "amdgpu/topaz_smc.bin",   FW_SMC,  false, 7, 1 },
    { "amdgpu/topaz_k_smc.bin", FW_SMC,  false, 7, 1 },
};

/* Header version, IP version and tail size of a Vega10 stub. */
static void v10_layout(V10Kind kind, uint16_t *major, uint16_t *minor,
                       uint16_t *ip_major, uint16_t *ip_minor, size_t *hsize)
{
    *major = 1;
    *minor = 0;
    switch (kind) {
    case V10_GPU_INFO:          /* GC 9.0.1 */
        *ip_major = 9;
        *ip_minor = 0;
        *hsize = V10_GPU_INFO_HDR_SIZE;
        return;
    case V10_PFP:
    case V10_ME:
    case V10_CE:
    case V10_MEC:               /* gfx_v9_0 */
        *ip_major = 9;
        *ip_minor = 0;
        *hsize = V10_GFX_HDR_SIZE;
        return;
    case V10_RLC:
        /*
         * amdgpu_gfx_rlc_init_microcode refuses majors below 2; minor 0,
         * because 2.1 sets is_rlc_v2_1 and gfx_v9_0_init_pg then programs
         * the RLC save/restore machine (gfx_v9_1_init_rlc_save_restore_list)
         * from lists this stub does not carry.
         */
        *major = 2;
        *ip_major = 9;
        *ip_minor = 0;
        *hsize = V10_RLC_HDR_SIZE;
        return;
    case V10_SDMA:              /* sdma_v4_0; majors above 1 are rejected */
        *ip_major = 4;
        *ip_minor = 0;
        *hsize = V10_SDMA_HDR_SIZE;
        return;
    case V10_SOS:
    case V10_ASD:               /* psp_v3_1 (MP0 9.0) */
        *ip_major = 9;
        *ip_minor = 0;
        *hsize = V10_PSP_HDR_SIZE;
        return;
    case V10_SMC:               /* SMU9 (MP1 9.0) */
        *ip_major = 9;
        *ip_minor = 0;
        *hsize = V10_SMC_HDR_SIZE;
        return;
    }
    abort();
}

static uint32_t v10_payload_size(V10Kind kind)
{
    switch (kind) {
    case V10_GPU_INFO:
        return V10_GPU_INFO_PAYLOAD;
    case V10_MEC:
        return V10_MEC_PAYLOAD;
    case V10_PFP:
    case V10_ME:
    case V10_CE:
    case V10_RLC:
    case V10_SDMA:
        return V10_ENGINE_PAYLOAD;
    case V10_SOS:
        return V10_SYS_DRV_BYTES + V10_SOS_BYTES;
    case V10_ASD:
        return V10_ASD_BYTES;
    default:
        return 0;
    }
}

/* ucode_version: what the driver stores as the block's fw_version. */
static uint32_t v10_ucode_version(V10Kind kind)
{
    switch (kind) {
    case V10_PFP:
        return V10_PFP_VERSION;
    case V10_ME:
        return V10_ME_VERSION;
    case V10_CE:
        return V10_CE_VERSION;
    case V10_MEC:
        return V10_MEC_VERSION;
    case V10_SDMA:
        return V10_SDMA_VERSION;
    default:
        /* Printed only (RLC, SOS, ASD, SMC, gpu_info): the stub marker. */
        return AEMU_FW_UCODE_VERSION;
    }
}

/* Fills a Vega10 stub into buf (up to MAX_FILE_SIZE) and returns its size. */
static size_t build_vega10_stub(V10Kind kind, uint8_t *buf)
{
    uint16_t major, minor, ip_major, ip_minor;
    uint8_t *tail = buf + HDR_TAIL;
    size_t hsize, size;
    uint32_t payload = v10_payload_size(kind);

    v10_layout(kind, &major, &minor, &ip_major, &ip_minor, &hsize);
    size = hsize + payload;
    memset(buf, 0, size);

    /* amdgpu_ucode_validate: size_bytes must equal the file size. */
    put32(buf, HDR_SIZE_BYTES, (uint32_t)size);
    put32(buf, HDR_HEADER_SIZE_BYTES, (uint32_t)hsize);
    put16(buf, HDR_VERSION_MAJOR, major);
    put16(buf, HDR_VERSION_MINOR, minor);
    put16(buf, HDR_IP_MAJOR, ip_major);
    put16(buf, HDR_IP_MINOR, ip_minor);
    put32(buf, HDR_UCODE_VERSION, v10_ucode_version(kind));
    put32(buf, HDR_UCODE_SIZE_BYTES, payload);
    /* The payload follows the header. */
    put32(buf, HDR_UCODE_ARRAY_OFFSET, (uint32_t)hsize);
    /* No driver path checks the crc. */
    put32(buf, HDR_CRC32, 0);

    switch (kind) {
    case V10_GPU_INFO:
        /* amdgpu_device_parse_gpu_info_fw switches on this version. */
        put16(tail, GPU_INFO_VERSION_MAJOR, 1);
        put16(tail, GPU_INFO_VERSION_MINOR, 0);
        for (size_t i = 0; i < sizeof(v10_gpu_info) / sizeof(v10_gpu_info[0]);
             i++) {
            put32(buf, hsize + 4 * i, v10_gpu_info[i]);
        }
        break;
    case V10_PFP:
    case V10_ME:
    case V10_CE:
    case V10_MEC:
        /* gfx_v9_0_check_fw_write_wait reads the feature versions. */
        put32(tail, GFX_FEATURE, V10_CP_FEATURE);
        /* Empty jump table at payload dword 0 (see V10_MEC_PAYLOAD). */
        put32(tail, GFX_JT_OFFSET, 0);
        put32(tail, GFX_JT_SIZE, 0);
        break;
    case V10_RLC:
        /*
         * amdgpu_gfx_rlc_init_microcode_v2_0 kmallocs the two register
         * lists (size 0 gives a valid empty allocation) and copies from
         * these offsets: point them at the end of the header, inside the
         * file. Every size, the jump table and the save/restore offsets
         * stay 0; with header 2.0 nothing on GC 9.0.1 reads them further.
         */
        put32(tail, RLC_FEATURE, 1);
        put32(tail, RLC_REG_LIST_FORMAT_ARRAY_OFFSET, (uint32_t)hsize);
        put32(tail, RLC_REG_LIST_ARRAY_OFFSET, (uint32_t)hsize);
        put32(tail, RLC_REG_LIST_FORMAT_SEP_OFFSET, (uint32_t)hsize);
        put32(tail, RLC_REG_LIST_SEP_OFFSET, (uint32_t)hsize);
        break;
    case V10_SDMA:
        /* ucode_change_version and the jump table: unused by sdma_v4_0. */
        put32(tail, SDMA_FEATURE, V10_SDMA_FEATURE);
        break;
    case V10_SOS:
        /*
         * psp_init_sos_base_fw: sos.fw_version is the feature version,
         * offset_bytes the sys-driver size (and SOS's payload offset),
         * size_bytes the SOS size.
         */
        put32(tail, PSP_SOS_FW_VERSION, AEMU_FW_UCODE_VERSION);
        put32(tail, PSP_SOS_OFFSET_BYTES, V10_SYS_DRV_BYTES);
        put32(tail, PSP_SOS_SIZE_BYTES, V10_SOS_BYTES);
        break;
    case V10_ASD:
        /*
         * psp_init_asd_microcode: the common header's ucode size and
         * offset say what LOAD_ASD sends.
         */
        break;
    case V10_SMC:
        /*
         * amdgpu_cgs_get_firmware_info reports ucode_start_addr; on Vega10
         * PSP loads the SMC image (or, with direct loading, nobody does),
         * so the address is never used.
         */
        put32(tail, SMC_UCODE_START_ADDR, 0);
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

static int write_stub(const char *outdir, const char *rel,
                      const uint8_t *data, size_t len, FILE *stamp)
{
    char path[4096];

    if (snprintf(path, sizeof(path), "%s/%s", outdir, rel) >=
        (int)sizeof(path)) {
        fprintf(stderr, "aemu-gen-firmware: path too long\n");
        return -1;
    }
    if (parent_dir(path) != 0) {
        fprintf(stderr, "aemu-gen-firmware: cannot create the parent of "
                "%s: %s\n", path, strerror(errno));
        return -1;
    }
    if (write_file(path, data, len) != 0) {
        return -1;
    }
    if (stamp) {
        fprintf(stamp, "%s\n", path);
    }
    return 0;
}

/*
 * RS780 (radeon only, r600_init_microcode): legacy images, raw big-endian
 * words with no header, checked by size alone: PFP R600_PFP_UCODE_SIZE
 * dwords, ME R600_PM4_UCODE_SIZE x 3 dwords, and the RLC image of the R600
 * family, R600_RLC_UCODE_SIZE dwords (radeon_ucode.h). Their content is
 * zero: the CP model counts the upload and runs the packets itself.
 * Without R600_rlc.bin the whole set fails to load and radeon disables
 * acceleration.
 */
#define R600_PFP_UCODE_BYTES    (576u * 4u)
#define R600_ME_UCODE_BYTES     (1792u * 12u)
#define R600_RLC_UCODE_BYTES    (768u * 4u)

static const struct {
    const char *path;
    size_t size;
} r600_files[] = {
    { "radeon/RS780_pfp.bin", R600_PFP_UCODE_BYTES },
    { "radeon/RS780_me.bin",  R600_ME_UCODE_BYTES },
    { "radeon/R600_rlc.bin",  R600_RLC_UCODE_BYTES },
};

/*
 * The SDMA images the SMU loads on Topaz are not empty: amdgpu sizes the
 * buffer its table of contents points into (amdgpu_ucode_create_bo) as the
 * page-aligned sum of every image the SMU loads, and fails the probe when
 * that sum is 0 (seen with gfx_v8_0 masked off, which leaves only the two
 * SDMA images). The payload is zeros: smc_iceland.c reads no image.
 */
#define TOPAZ_SDMA_PAYLOAD      256u
_Static_assert(SDMA_HDR_SIZE + TOPAZ_SDMA_PAYLOAD <= MAX_FILE_SIZE,
               "Topaz SDMA stub too large");

/* A Topaz stub: its builder's file with Topaz's IP version. */
static size_t build_topaz_stub(const TopazFile *f, uint8_t *buf)
{
    size_t len = f->rlc_v2 ? build_vega10_stub(V10_RLC, buf)
                           : build_stub(f->kind, buf);

    put16(buf, HDR_IP_MAJOR, f->ip_major);
    put16(buf, HDR_IP_MINOR, f->ip_minor);
    if (f->kind == FW_SDMA) {
        memset(buf + len, 0, TOPAZ_SDMA_PAYLOAD);
        len += TOPAZ_SDMA_PAYLOAD;
        put32(buf, 0x00, (uint32_t)len);        /* size_bytes */
        put32(buf, 0x14, TOPAZ_SDMA_PAYLOAD);   /* ucode_size_bytes */
    }
    return len;
}

/* radeon's VCE image: raw, with the two version strings it searches. */
static size_t build_radeon_vce(uint8_t *buf)
{
    static const char text[] =
        VIDEO_PAYLOAD_TEXT " " RADEON_VCE_VERSION RADEON_VCE_FB;

    memset(buf, 0, RADEON_VCE_SIZE);
    memcpy(buf, text, sizeof(text));
    return RADEON_VCE_SIZE;
}

static int write_stubs(const char *outdir, FILE *stamp)
{
    static uint8_t hdr[MAX_FILE_SIZE];
    static const uint8_t zeros[R600_ME_UCODE_BYTES];

    for (size_t i = 0; i < sizeof(fw_files) / sizeof(fw_files[0]); i++) {
        size_t len = build_stub(fw_files[i].kind, hdr);

        if (write_stub(outdir, fw_files[i].path, hdr, len, stamp) != 0) {
            return -1;
        }
    }
    if (write_stub(outdir, RADEON_VCE_PATH, hdr, build_radeon_vce(hdr),
                   stamp) != 0) {
        return -1;
    }
    for (size_t i = 0; i < sizeof(vega10_files) / sizeof(vega10_files[0]);
         i++) {
        size_t len = build_vega10_stub(vega10_files[i].kind, hdr);

        if (write_stub(outdir, vega10_files[i].path, hdr, len, stamp) != 0) {
            return -1;
        }
    }
    for (size_t i = 0; i < sizeof(r600_files) / sizeof(r600_files[0]); i++) {
        if (r600_files[i].size > sizeof(zeros) ||
            write_stub(outdir, r600_files[i].path, zeros, r600_files[i].size,
                       stamp) != 0) {
            return -1;
        }
    }
    for (size_t i = 0; i < sizeof(topaz_files) / sizeof(topaz_files[0]);
         i++) {
        size_t len = build_topaz_stub(&topaz_files[i], hdr);

        if (write_stub(outdir, topaz_files[i].path, hdr, len, stamp) != 0) {
            return -1;
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
            "OUTDIR/radeon,\nand for Vega10 under OUTDIR/amdgpu, or the "
            "synthetic Hawaii VBIOS to FILE.\n");
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
