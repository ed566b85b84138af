/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu guest programs: what aemu-gpu-data and aemu-gpu-bench share.
 *
 * A device opened through libdrm_amdgpu (its own file, so its own GPU VM),
 * buffers in VRAM, GTT or user memory (userptr) mapped into that VM and into
 * the process, indirect buffers built in GTT and submitted to the SDMA, gfx
 * or compute rings, and the packets that fill, write and copy memory on each
 * engine. The packet encodings come from the device model's own headers
 * (pm4_cik.h, sdma_cik_pkt.h), which spell them as the kernel driver does.
 */
#ifndef AEMU_GPU_UTIL_H
#define AEMU_GPU_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <amdgpu.h>
#include <amdgpu_drm.h>

#include "pm4_cik.h"
#include "sdma_cik_pkt.h"

#define KiB ((uint64_t)1024)
#define MiB ((uint64_t)1024 * 1024)
#define GPU_PAGE ((uint64_t)4096)

/* AMDGPU_INFO_GPUVM_FAULT (Linux 6.10+); libdrm 2.4.114 predates it. */
#ifndef AMDGPU_INFO_GPUVM_FAULT
#define AMDGPU_INFO_GPUVM_FAULT 0x23
struct drm_amdgpu_info_gpuvm_fault {
    uint64_t addr;
    uint32_t status;
    uint32_t vmhub;
};
#endif
/*
 * The fault status AMDGPU_INFO_GPUVM_FAULT returns is the chip's register:
 * VM_CONTEXT1_PROTECTION_FAULT_STATUS before gfx9 (VMID in 28:25,
 * gmc_7_1_sh_mask.h), VM_L2_PROTECTION_FAULT_STATUS from gfx9 on (VMID in
 * 23:20, gc_9_0_sh_mask.h).
 */
#define GPUVM_FAULT_STATUS_VMID_GFX7(s) (((s) >> 25) & 0xF)
#define GPUVM_FAULT_STATUS_VMID_GFX9(s) (((s) >> 20) & 0xF)

/* Where a buffer lives. */
enum gpu_domain {
    DOM_VRAM,
    DOM_GTT,
    DOM_USERPTR,
    DOM_COUNT
};
extern const char *const gpu_domain_name[DOM_COUNT];

/* Which engine runs a packet stream. */
enum gpu_engine {
    ENG_SDMA,
    ENG_GFX,
    ENG_COMPUTE,
    ENG_COUNT
};
extern const char *const gpu_engine_name[ENG_COUNT];

typedef struct gpu {
    int fd;
    amdgpu_device_handle dev;
    uint32_t major, minor;
    struct amdgpu_gpu_info info;
    unsigned rings[ENG_COUNT];      /* hardware rings per engine */
} gpu_t;

typedef struct gpu_buf {
    enum gpu_domain dom;
    uint64_t size;                  /* bytes, a multiple of GPU_PAGE */
    amdgpu_bo_handle bo;
    amdgpu_va_handle va_handle;
    uint64_t va;
    uint8_t *cpu;                   /* the process's view of the buffer */
    void *user;                     /* userptr backing (mmap) */
} gpu_buf_t;

/* An indirect buffer being built: packets for one engine. */
typedef struct gpu_ib {
    enum gpu_engine eng;
    gpu_buf_t buf;
    uint32_t *dw;
    uint32_t ndw, cap;              /* dwords used / room */
    /*
     * What SDMA count fields hold less than the count: 1 from SDMA 4.0 on
     * (gfx9: sdma_v4_0_emit_copy_buffer writes byte_count - 1), 0 on CIK.
     */
    uint32_t sdma_count_bias;
} gpu_ib_t;

/* Open the render node (or the path given) and initialise libdrm_amdgpu. */
int gpu_open(gpu_t *g, const char *path);
void gpu_close(gpu_t *g);

/* Allocate a buffer of at least size bytes and map it for GPU and CPU. */
int gpu_buf_alloc(gpu_t *g, enum gpu_domain dom, uint64_t size,
                  gpu_buf_t *b);
void gpu_buf_free(gpu_buf_t *b);

/* The largest IB: INDIRECT_BUFFER carries its size in 20 bits of dwords. */
#define GPU_IB_MAX_DW 0xFFFF8u

/* Indirect buffers (in GTT), with room for cap_dw (<= GPU_IB_MAX_DW). */
int gpu_ib_init(gpu_t *g, enum gpu_engine eng, uint32_t cap_dw, gpu_ib_t *ib);
void gpu_ib_fini(gpu_ib_t *ib);
void gpu_ib_reset(gpu_ib_t *ib, enum gpu_engine eng);
/* Reserve n dwords at the end of the IB (NULL if it has no room). */
uint32_t *gpu_ib_reserve(gpu_ib_t *ib, uint32_t n);

/*
 * Packets. Each returns false if the IB is full. fill and copy split into
 * as many packets as the engine needs; write takes the data from the
 * caller (size a multiple of 4, dst dword aligned).
 *   fill: SDMA CONSTANT_FILL (dword size when dst and size are dword
 *         aligned, else byte size) / CP DMA_DATA from DATA;
 *   write: SDMA WRITE linear / CP WRITE_DATA;
 *   copy: SDMA COPY linear / CP DMA_DATA.
 */
bool gpu_emit_fill(gpu_ib_t *ib, uint64_t dst, uint64_t size,
                   uint32_t pattern);
bool gpu_emit_write(gpu_ib_t *ib, uint64_t dst, const void *data,
                    uint64_t size);
bool gpu_emit_copy(gpu_ib_t *ib, uint64_t dst, uint64_t src, uint64_t size);
/* The smallest useful packet: one dword written to memory. */
bool gpu_emit_write32(gpu_ib_t *ib, uint64_t dst, uint32_t value);
/* Dwords gpu_emit_write needs for size bytes of data. */
uint64_t gpu_write_dwords(enum gpu_engine eng, uint64_t size);
/* Dwords gpu_emit_fill / gpu_emit_copy need for size bytes. */
uint64_t gpu_move_dwords(enum gpu_engine eng, uint64_t size);

/*
 * Submit the IB on ring `ring` of its engine in ctx with the buffers it
 * touches, and wait up to timeout_ms for its fence. Returns 0 when the
 * fence signalled, -ETIME if it did not in time, or the error of the
 * submission. *seq gets the fence's sequence number if seq is not NULL.
 */
int gpu_submit(gpu_t *g, amdgpu_context_handle ctx, gpu_ib_t *ib,
               unsigned ring, gpu_buf_t *const *bufs, unsigned nbufs,
               unsigned timeout_ms, uint64_t *seq);

/* The hardware IP type (AMDGPU_HW_IP_*) of an engine. */
unsigned gpu_engine_ip(enum gpu_engine eng);

/*
 * Byte streams for data checks: byte i of the stream of `seed` is a fixed
 * pseudo-random function of (seed, i); fill writes bytes [start,
 * start + len) of it, check compares and returns the index of the first
 * differing byte, or len if all match.
 */
void pattern_fill(uint8_t *p, uint64_t start, uint64_t len, uint64_t seed);
uint64_t pattern_check(const uint8_t *p, uint64_t start, uint64_t len,
                       uint64_t seed);
/* The same for a repeated dword (a fill's pattern, from its first byte). */
void dword_fill(uint8_t *p, uint64_t len, uint32_t pattern);
uint64_t dword_check(const uint8_t *p, uint64_t len, uint32_t pattern);

/* Monotonic seconds. */
double now_s(void);
/* "4 KiB", "1 MiB", "333 B". */
const char *size_str(uint64_t size, char *buf, size_t len);

#endif
