/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Compute work from userspace through libdrm_amdgpu, shared by the guest
 * programs that dispatch shaders (aemu-gpu-dispatch checks them byte by
 * byte, aemu-gpu-bench times them): the compute registers and packet
 * fields, the hand-assembled gfx7 and gfx9 kernels (gpu-compute.c), their
 * upload to VRAM, and the packets of one dispatch.
 */
#ifndef AEMU_GPU_COMPUTE_H
#define AEMU_GPU_COMPUTE_H

#include "gpu-util.h"

#define N_ELEMENTS(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The compute registers, as offsets in the SET_SH_REG window (register -
 * 0x2C00): the same on gfx7 (gfx_7_2_d.h mmCOMPUTE_* 0x2E00..) and gfx9
 * (gc_9_0_offset.h 0x0E00.. with the SH base 0x2C00; libdrm's gfx9
 * dispatch test writes 0x20c for COMPUTE_PGM_LO).
 */
#define SH_COMPUTE_START_X                  0x204
#define SH_COMPUTE_NUM_THREAD_X             0x207
#define SH_COMPUTE_PGM_LO                   0x20c   /* address 39:8 */
#define SH_COMPUTE_PGM_HI                   0x20d   /* address 47:40 */
#define SH_COMPUTE_PGM_RSRC1                0x212
#define SH_COMPUTE_PGM_RSRC2                0x213
#define SH_COMPUTE_RESOURCE_LIMITS          0x215
#define SH_COMPUTE_STATIC_THREAD_MGMT_SE0   0x216   /* and SE1 at 0x217 */
#define SH_COMPUTE_TMPRING_SIZE             0x218
#define SH_COMPUTE_STATIC_THREAD_MGMT_SE2   0x219   /* and SE3 at 0x21a */
#define SH_COMPUTE_USER_DATA_0              0x240
#define SH_USER_DATA_COUNT                  16

/* COMPUTE_PGM_RSRC1 (gfx_7_2_sh_mask.h, gc_9_0_sh_mask.h). */
#define RSRC1_VGPRS(x)              ((uint32_t)(x) << 0)    /* 5:0 */
#define RSRC1_SGPRS(x)              ((uint32_t)(x) << 6)    /* 9:6 */
#define RSRC1_FLOAT_MODE(x)         ((uint32_t)(x) << 12)   /* 19:12 */
/* FP64/FP16 denormals kept, round to nearest: libdrm's and Mesa's 0xC0. */
#define FLOAT_MODE_DEFAULT          0xC0
/* COMPUTE_PGM_RSRC2 */
#define RSRC2_USER_SGPR(x)          ((uint32_t)(x) << 1)    /* 5:1 */
#define RSRC2_TGID_X_EN             (1u << 7)
#define RSRC2_TIDIG_COMP_CNT(x)     ((uint32_t)(x) << 11)   /* 12:11 */
#define RSRC2_LDS_SIZE(x)           ((uint32_t)(x) << 15)   /* 23:15 */
/* LDS_SIZE counts 128 dwords from gfx7 on (AMDGPUUsage, Mesa). */
#define LDS_GRANULE                 512u
/* COMPUTE_DISPATCH_INITIATOR, the DISPATCH packets' last dword. */
#define INITIATOR_COMPUTE_SHADER_EN     (1u << 0)
#define INITIATOR_FORCE_START_AT_000    (1u << 2)

/*
 * cikd.h and soc15d.h: PACKET3_COMPUTE(op, n) is PACKET3(op, n) with the
 * shader-type bit (1) set. On the compute ring every packet carries it, as
 * in libdrm's dispatch tests (shader_test_util.c). On the gfx ring the
 * SET_SH_REGs go without it and the DISPATCH with it, as Mesa emits compute
 * work on a gfx queue (radv_emit_dispatch_packets: PKT3_SHADER_TYPE_S(1)).
 */
#define PACKET3_COMPUTE(op, n)  (PACKET3(op, n) | PM4_SHADER_TYPE_COMPUTE)

/*
 * Buffer resource (V#) word 3 for a raw buffer of dwords, as Mesa builds it
 * for storage buffers on gfx6-gfx10 (radv write_buffer_descriptor,
 * radeonsi si_set_shader_buffer; SQ_BUF_RSRC_WORD3 in gfx_7_2_sh_mask.h and
 * gc_9_0_sh_mask.h): DST_SEL_X/Y/Z/W = SQ_SEL_X/Y/Z/W (4, 5, 6, 7 in 3-bit
 * fields from bit 0), NUM_FORMAT = BUF_NUM_FORMAT_FLOAT (7, bits 14:12),
 * DATA_FORMAT = BUF_DATA_FORMAT_32 (4, bits 18:15); ELEMENT_SIZE,
 * INDEX_STRIDE, ADD_TID_ENABLE and TYPE (buffer) 0. buffer_load_dword and
 * buffer_store_dword ignore the format; it only has to be valid.
 */
#define VSHARP_DST_SEL_XYZW     (4u << 0 | 5u << 3 | 6u << 6 | 7u << 9)
#define VSHARP_NUM_FORMAT_FLOAT (7u << 12)
#define VSHARP_DATA_FORMAT_32   (4u << 15)
#define VSHARP_WORD3 \
    (VSHARP_DST_SEL_XYZW | VSHARP_NUM_FORMAT_FLOAT | VSHARP_DATA_FORMAT_32)

/*
 * CP_COHER_CNTL of SURFACE_SYNC and ACQUIRE_MEM (cikd.h PACKET3_*_ACTION_ENA,
 * soc15d.h PACKET3_ACQUIRE_MEM_CP_COHER_CNTL_*): invalidate the shader
 * instruction and scalar caches, the vector L1 and L2 (gfx9: L2 written
 * back first).
 */
#define COHER_TC_WB_ACTION_ENA      (1u << 18)
#define COHER_TCL1_ACTION_ENA       (1u << 22)
#define COHER_TC_ACTION_ENA         (1u << 23)
#define COHER_SH_KCACHE_ACTION_ENA  (1u << 27)
#define COHER_SH_ICACHE_ACTION_ENA  (1u << 29)
#define COHER_INVALIDATE \
    (COHER_TCL1_ACTION_ENA | COHER_TC_ACTION_ENA | \
     COHER_SH_KCACHE_ACTION_ENA | COHER_SH_ICACHE_ACTION_ENA)

/* The shader generations the kernels exist for. */
enum gen { GFX7, GFX9, GEN_COUNT };
extern const char *const gen_name[GEN_COUNT];

enum kernel_id {
    K_FILL, K_COPY, K_LDS_TREE, K_LDS_ATOMIC, K_FLAT, K_COPY_X4, K_FILL_X4,
    K_COUNT
};

typedef struct kernel {
    const char *name;
    const uint32_t *code[GEN_COUNT];
    unsigned ndw[GEN_COUNT];
    unsigned vgprs;         /* VGPRs it names: the highest + 1 */
    unsigned sgprs;         /* SGPRs it names: the highest + 1 */
    unsigned user_sgprs;    /* COMPUTE_USER_DATA_* it reads */
    unsigned lds_bytes;
} kernel_t;

/* Every kernel has TGID_X_EN: its group id follows the user SGPRs. */
extern const kernel_t kernels[K_COUNT];

uint32_t kernel_rsrc1(const kernel_t *k, enum gen gen);
uint32_t kernel_rsrc2(const kernel_t *k);

/* The generation of the device's shaders, from its family; -ENODEV if none. */
int gpu_gen_of(const gpu_t *g, enum gen *gen);

/* Every kernel of one generation in one VRAM buffer. */
typedef struct gpu_code {
    enum gen gen;
    gpu_buf_t buf;
    uint64_t kva[K_COUNT];          /* each kernel's address, 256-aligned */
} gpu_code_t;

int gpu_code_load(gpu_t *g, enum gen gen, gpu_code_t *c);

/* A V# for a raw buffer of dwords: bytes from va. */
void gpu_vsharp(uint64_t va, uint64_t bytes, uint32_t v[4]);

typedef struct dispatch {
    enum kernel_id k;
    uint32_t user[SH_USER_DATA_COUNT];  /* the kernel's user_sgprs of them */
    uint32_t groups;                    /* along X */
    uint32_t threads;                   /* per group, along X */
} dispatch_t;

/* The cache invalidation ahead of the first dispatch of an IB. */
bool emit_invalidate(gpu_ib_t *ib, enum gen gen);
/* The whole compute state, then DISPATCH_DIRECT. */
bool emit_dispatch(gpu_ib_t *ib, const gpu_code_t *c, const dispatch_t *d);

#endif
