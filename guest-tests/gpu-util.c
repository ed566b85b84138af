/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu guest programs: device, buffers, indirect buffers, packets and
 * data patterns (see gpu-util.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "gpu-util.h"

const char *const gpu_domain_name[DOM_COUNT] = { "vram", "gtt", "userptr" };
const char *const gpu_engine_name[ENG_COUNT] = { "sdma", "gfx", "compute" };

/*
 * Bytes one fill or copy packet moves: below the SDMA linear packets' and
 * DMA_DATA's byte count limits (amdgpu itself splits SDMA moves at
 * 0x1FFFFF on CIK), and a multiple of 4 so that a fill's dword pattern
 * keeps its phase from packet to packet.
 */
#define MOVE_CHUNK (1u * 1024u * 1024u)
/* Data dwords per CP WRITE_DATA packet (the count field has 14 bits). */
#define WRITE_DATA_MAX_DW 8192u
/* Data dwords per SDMA WRITE linear packet. */
#define SDMA_WRITE_MAX_DW (256u * 1024u)
/* SDMA IBs are padded to 8 dwords, as the kernel pads its own. */
#define SDMA_IB_ALIGN_DW 8u
/* A one-dword type-3 NOP, the kernel's ring padding on gfx7. */
#define PM4_NOP1 PACKET3(PACKET3_NOP, PM4_COUNT_MAX)

unsigned gpu_engine_ip(enum gpu_engine eng)
{
    switch (eng) {
    case ENG_SDMA:
        return AMDGPU_HW_IP_DMA;
    case ENG_GFX:
        return AMDGPU_HW_IP_GFX;
    default:
        return AMDGPU_HW_IP_COMPUTE;
    }
}

int gpu_open(gpu_t *g, const char *path)
{
    int r;

    memset(g, 0, sizeof(*g));
    g->fd = open(path ? path : "/dev/dri/renderD128", O_RDWR | O_CLOEXEC);
    if (g->fd < 0) {
        return -errno;
    }
    r = amdgpu_device_initialize(g->fd, &g->major, &g->minor, &g->dev);
    if (r) {
        close(g->fd);
        return r;
    }
    r = amdgpu_query_gpu_info(g->dev, &g->info);
    for (int e = 0; !r && e < ENG_COUNT; e++) {
        struct drm_amdgpu_info_hw_ip ip;

        r = amdgpu_query_hw_ip_info(g->dev, gpu_engine_ip(e), 0, &ip);
        if (!r) {
            g->rings[e] = (unsigned)__builtin_popcount(ip.available_rings);
        }
    }
    if (r) {
        gpu_close(g);
    }
    return r;
}

void gpu_close(gpu_t *g)
{
    if (g->dev) {
        amdgpu_device_deinitialize(g->dev);
    }
    if (g->fd >= 0) {
        close(g->fd);
    }
    memset(g, 0, sizeof(*g));
    g->fd = -1;
}

int gpu_buf_alloc(gpu_t *g, enum gpu_domain dom, uint64_t size,
                  gpu_buf_t *b)
{
    int r;

    memset(b, 0, sizeof(*b));
    b->dom = dom;
    b->size = (size + GPU_PAGE - 1) & ~(GPU_PAGE - 1);
    if (dom == DOM_USERPTR) {
        b->user = mmap(NULL, b->size, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (b->user == MAP_FAILED) {
            b->user = NULL;
            return -errno;
        }
        b->cpu = b->user;
        r = amdgpu_create_bo_from_user_mem(g->dev, b->user, b->size, &b->bo);
    } else {
        struct amdgpu_bo_alloc_request req = {
            .alloc_size = b->size,
            .phys_alignment = GPU_PAGE,
            .preferred_heap = dom == DOM_VRAM ? AMDGPU_GEM_DOMAIN_VRAM
                                              : AMDGPU_GEM_DOMAIN_GTT,
            .flags = dom == DOM_VRAM ? AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED
                                     : 0,
        };
        void *cpu = NULL;

        r = amdgpu_bo_alloc(g->dev, &req, &b->bo);
        if (!r) {
            r = amdgpu_bo_cpu_map(b->bo, &cpu);
            b->cpu = cpu;
        }
    }
    if (!r) {
        r = amdgpu_va_range_alloc(g->dev, amdgpu_gpu_va_range_general,
                                  b->size, GPU_PAGE, 0, &b->va,
                                  &b->va_handle, 0);
    }
    if (!r) {
        r = amdgpu_bo_va_op(b->bo, 0, b->size, b->va, 0, AMDGPU_VA_OP_MAP);
        if (r) {
            amdgpu_va_range_free(b->va_handle);
            b->va_handle = NULL;
        }
    }
    if (r) {
        gpu_buf_free(b);
    }
    return r;
}

void gpu_buf_free(gpu_buf_t *b)
{
    if (b->va_handle) {
        amdgpu_bo_va_op(b->bo, 0, b->size, b->va, 0, AMDGPU_VA_OP_UNMAP);
        amdgpu_va_range_free(b->va_handle);
    }
    if (b->bo) {
        if (b->dom != DOM_USERPTR && b->cpu) {
            amdgpu_bo_cpu_unmap(b->bo);
        }
        amdgpu_bo_free(b->bo);
    }
    if (b->user) {
        munmap(b->user, b->size);
    }
    memset(b, 0, sizeof(*b));
}

int gpu_ib_init(gpu_t *g, enum gpu_engine eng, uint32_t cap_dw, gpu_ib_t *ib)
{
    int r;

    memset(ib, 0, sizeof(*ib));
    if (cap_dw > GPU_IB_MAX_DW) {
        cap_dw = GPU_IB_MAX_DW;
    }
    r = gpu_buf_alloc(g, DOM_GTT, 4ull * cap_dw, &ib->buf);
    if (r) {
        return r;
    }
    ib->eng = eng;
    ib->dw = (uint32_t *)ib->buf.cpu;
    /* The rounded-up buffer may hold more than an IB's size field allows. */
    ib->cap = cap_dw;
    ib->sdma_count_bias = g->info.family_id >= AMDGPU_FAMILY_AI;
    return 0;
}

void gpu_ib_fini(gpu_ib_t *ib)
{
    gpu_buf_free(&ib->buf);
    memset(ib, 0, sizeof(*ib));
}

void gpu_ib_reset(gpu_ib_t *ib, enum gpu_engine eng)
{
    ib->eng = eng;
    ib->ndw = 0;
}

uint32_t *gpu_ib_reserve(gpu_ib_t *ib, uint32_t n)
{
    uint32_t *p;

    /* Keep room for the padding gpu_submit adds. */
    if ((uint64_t)ib->ndw + n + SDMA_IB_ALIGN_DW > ib->cap) {
        return NULL;
    }
    p = ib->dw + ib->ndw;
    ib->ndw += n;
    return p;
}

static uint32_t lo32(uint64_t v)
{
    return (uint32_t)v;
}

static uint32_t hi32(uint64_t v)
{
    return (uint32_t)(v >> 32);
}

uint64_t gpu_move_dwords(enum gpu_engine eng, uint64_t size)
{
    uint64_t packets = (size + MOVE_CHUNK - 1) / MOVE_CHUNK;

    return packets * (eng == ENG_SDMA ? SDMA_COPY_LINEAR_DW : 7);
}

uint64_t gpu_write_dwords(enum gpu_engine eng, uint64_t size)
{
    uint64_t n = size / 4;
    uint64_t per = eng == ENG_SDMA ? SDMA_WRITE_MAX_DW : WRITE_DATA_MAX_DW;
    uint64_t hdr = eng == ENG_SDMA ? SDMA_WRITE_LINEAR_HDR_DW : 4;

    return n + (n + per - 1) / per * hdr;
}

/* CP DMA_DATA: dword 1 control, 2-3 source (or data), 4-5 dest, 6 cmd. */
static bool emit_dma_data(gpu_ib_t *ib, unsigned src_sel, uint64_t src,
                          uint64_t dst, uint32_t bytes, bool sync)
{
    uint32_t *p = gpu_ib_reserve(ib, 7);

    if (!p) {
        return false;
    }
    p[0] = PACKET3(PACKET3_DMA_DATA, 5);
    p[1] = (uint32_t)src_sel << PM4_DMA_DATA_SRC_SEL_SHIFT |
           (uint32_t)PM4_DMA_DATA_DST_SEL_DST_ADDR
               << PM4_DMA_DATA_DST_SEL_SHIFT |
           (sync ? PACKET3_DMA_DATA_CP_SYNC : 0);
    p[2] = lo32(src);
    p[3] = hi32(src);
    p[4] = lo32(dst);
    p[5] = hi32(dst);
    p[6] = bytes & PM4_DMA_DATA_BYTE_COUNT_MASK;
    return true;
}

bool gpu_emit_fill(gpu_ib_t *ib, uint64_t dst, uint64_t size,
                   uint32_t pattern)
{
    bool dword = !(dst & 3) && !(size & 3);

    for (uint64_t done = 0; done < size;) {
        uint32_t n = (uint32_t)(size - done < MOVE_CHUNK ? size - done
                                                         : MOVE_CHUNK);

        if (ib->eng == ENG_SDMA) {
            uint32_t *p = gpu_ib_reserve(ib, SDMA_CONSTANT_FILL_DW);

            if (!p) {
                return false;
            }
            p[0] = SDMA_PACKET(SDMA_OPCODE_CONSTANT_FILL, 0,
                               SDMA_CONSTANT_FILL_EXTRA_SIZE(
                                   dword ? SDMA_CONSTANT_FILL_SIZE_DWORD
                                         : SDMA_CONSTANT_FILL_SIZE_BYTE));
            p[1] = lo32(dst + done);
            p[2] = hi32(dst + done);
            p[3] = pattern;
            p[4] = n - ib->sdma_count_bias;
        } else if (!emit_dma_data(ib, PM4_DMA_DATA_SRC_SEL_DATA, pattern,
                                  dst + done, n, done + n == size)) {
            return false;
        }
        done += n;
    }
    return true;
}

bool gpu_emit_copy(gpu_ib_t *ib, uint64_t dst, uint64_t src, uint64_t size)
{
    for (uint64_t done = 0; done < size;) {
        uint32_t n = (uint32_t)(size - done < MOVE_CHUNK ? size - done
                                                         : MOVE_CHUNK);

        if (ib->eng == ENG_SDMA) {
            uint32_t *p = gpu_ib_reserve(ib, SDMA_COPY_LINEAR_DW);

            if (!p) {
                return false;
            }
            p[0] = SDMA_PACKET(SDMA_OPCODE_COPY, SDMA_COPY_SUB_OPCODE_LINEAR,
                               0);
            p[1] = n - ib->sdma_count_bias;
            p[2] = 0;                       /* no endian swap */
            p[3] = lo32(src + done);
            p[4] = hi32(src + done);
            p[5] = lo32(dst + done);
            p[6] = hi32(dst + done);
        } else if (!emit_dma_data(ib, PM4_DMA_DATA_SRC_SEL_SRC_ADDR,
                                  src + done, dst + done, n,
                                  done + n == size)) {
            return false;
        }
        done += n;
    }
    return true;
}

bool gpu_emit_write(gpu_ib_t *ib, uint64_t dst, const void *data,
                    uint64_t size)
{
    const uint8_t *src = data;
    uint64_t total = size / 4;

    for (uint64_t done = 0; done < total;) {
        uint64_t per = ib->eng == ENG_SDMA ? SDMA_WRITE_MAX_DW
                                           : WRITE_DATA_MAX_DW;
        uint32_t n = (uint32_t)(total - done < per ? total - done : per);
        uint64_t a = dst + 4 * done;
        uint32_t *p;

        if (ib->eng == ENG_SDMA) {
            p = gpu_ib_reserve(ib, SDMA_WRITE_LINEAR_HDR_DW + n);
            if (!p) {
                return false;
            }
            p[0] = SDMA_PACKET(SDMA_OPCODE_WRITE, SDMA_WRITE_SUB_OPCODE_LINEAR,
                               0);
            p[1] = lo32(a);
            p[2] = hi32(a);
            p[3] = n - ib->sdma_count_bias;
            memcpy(p + SDMA_WRITE_LINEAR_HDR_DW, src + 4 * done, 4ull * n);
        } else {
            p = gpu_ib_reserve(ib, 4 + n);
            if (!p) {
                return false;
            }
            p[0] = PACKET3(PACKET3_WRITE_DATA, 2 + n);
            p[1] = WRITE_DATA_DST_SEL(PM4_DST_SEL_MEMORY_ASYNC) | WR_CONFIRM;
            p[2] = lo32(a);
            p[3] = hi32(a);
            memcpy(p + 4, src + 4 * done, 4ull * n);
        }
        done += n;
    }
    return true;
}

bool gpu_emit_write32(gpu_ib_t *ib, uint64_t dst, uint32_t value)
{
    return gpu_emit_write(ib, dst, &value, 4);
}

static void pad_ib(gpu_ib_t *ib)
{
    while (ib->ndw % SDMA_IB_ALIGN_DW || ib->ndw == 0) {
        ib->dw[ib->ndw++] = ib->eng == ENG_SDMA
                            ? SDMA_PACKET(SDMA_OPCODE_NOP, 0, 0)
                            : PM4_NOP1;
    }
}

int gpu_submit(gpu_t *g, amdgpu_context_handle ctx, gpu_ib_t *ib,
               unsigned ring, gpu_buf_t *const *bufs, unsigned nbufs,
               unsigned timeout_ms, uint64_t *seq)
{
    amdgpu_bo_handle handles[16];
    amdgpu_bo_list_handle list;
    unsigned n = 0;
    uint32_t expired = 0;
    int r;

    handles[n++] = ib->buf.bo;
    for (unsigned i = 0; i < nbufs && n < 16; i++) {
        bool dup = false;

        for (unsigned j = 0; j < n; j++) {
            dup |= handles[j] == bufs[i]->bo;
        }
        if (!dup) {
            handles[n++] = bufs[i]->bo;
        }
    }
    pad_ib(ib);
    r = amdgpu_bo_list_create(g->dev, n, handles, NULL, &list);
    if (r) {
        return r;
    }

    struct amdgpu_cs_ib_info ib_info = {
        .ib_mc_address = ib->buf.va,
        .size = ib->ndw,
    };
    struct amdgpu_cs_request req = {
        .ip_type = gpu_engine_ip(ib->eng),
        .ring = ring,
        .resources = list,
        .number_of_ibs = 1,
        .ibs = &ib_info,
    };
    r = amdgpu_cs_submit(ctx, 0, &req, 1);
    amdgpu_bo_list_destroy(list);
    if (r) {
        return r;
    }
    if (seq) {
        *seq = req.seq_no;
    }

    struct amdgpu_cs_fence fence = {
        .context = ctx,
        .ip_type = req.ip_type,
        .ring = ring,
        .fence = req.seq_no,
    };
    r = amdgpu_cs_query_fence_status(&fence, timeout_ms * 1000000ull, 0,
                                     &expired);
    if (r) {
        return r;
    }
    return expired ? 0 : -ETIME;
}

/* splitmix64: a good 64-bit mix, one per 8-byte word of a stream. */
static uint64_t mix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

static uint64_t stream_word(uint64_t seed, uint64_t w)
{
    return mix64(seed * 0x100000001B3ull ^ w);
}

void pattern_fill(uint8_t *p, uint64_t start, uint64_t len, uint64_t seed)
{
    uint64_t i = 0;

    while (i < len && (start + i) % 8) {
        uint64_t pos = start + i;

        p[i++] = (uint8_t)(stream_word(seed, pos / 8) >> (8 * (pos % 8)));
    }
    for (; i + 8 <= len; i += 8) {
        uint64_t w = stream_word(seed, (start + i) / 8);

        memcpy(p + i, &w, 8);   /* little-endian byte order */
    }
    while (i < len) {
        uint64_t pos = start + i;

        p[i++] = (uint8_t)(stream_word(seed, pos / 8) >> (8 * (pos % 8)));
    }
}

#define CHECK_BLOCK (64u * 1024u)

uint64_t pattern_check(const uint8_t *p, uint64_t start, uint64_t len,
                       uint64_t seed)
{
    static uint8_t want[CHECK_BLOCK];

    for (uint64_t off = 0; off < len; off += CHECK_BLOCK) {
        uint64_t n = len - off < CHECK_BLOCK ? len - off : CHECK_BLOCK;

        pattern_fill(want, start + off, n, seed);
        if (memcmp(p + off, want, n)) {
            for (uint64_t i = 0; i < n; i++) {
                if (p[off + i] != want[i]) {
                    return off + i;
                }
            }
        }
    }
    return len;
}

void dword_fill(uint8_t *p, uint64_t len, uint32_t pattern)
{
    for (uint64_t i = 0; i < len; i++) {
        p[i] = (uint8_t)(pattern >> (8 * (i % 4)));
    }
}

uint64_t dword_check(const uint8_t *p, uint64_t len, uint32_t pattern)
{
    static uint8_t want[CHECK_BLOCK];

    dword_fill(want, CHECK_BLOCK, pattern);
    for (uint64_t off = 0; off < len; off += CHECK_BLOCK) {
        uint64_t n = len - off < CHECK_BLOCK ? len - off : CHECK_BLOCK;

        if (memcmp(p + off, want, n)) {
            for (uint64_t i = 0; i < n; i++) {
                if (p[off + i] != want[i]) {
                    return off + i;
                }
            }
        }
    }
    return len;
}

double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

const char *size_str(uint64_t size, char *buf, size_t len)
{
    if (size >= MiB && size % MiB == 0) {
        snprintf(buf, len, "%llu MiB", (unsigned long long)(size / MiB));
    } else if (size >= KiB && size % KiB == 0) {
        snprintf(buf, len, "%llu KiB", (unsigned long long)(size / KiB));
    } else {
        snprintf(buf, len, "%llu B", (unsigned long long)size);
    }
    return buf;
}
