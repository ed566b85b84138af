/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The HSA runtime's memory pools the guest's HSA programs allocate from
 * (hsa-compute.c, hsa-bench.c), and its status strings.
 *
 * On a CPU agent: the kernarg pool (KERNARG_INIT) and a fine-grained pool
 * for buffers both sides use, preferring one that is not the kernarg pool;
 * on a GPU agent: its coarse-grained pool (VRAM). Only pools of the global
 * segment the runtime may allocate from count.
 */
#ifndef AEMU_HSA_POOLS_H
#define AEMU_HSA_POOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hsa/hsa.h>
#include <hsa/hsa_ext_amd.h>

typedef struct HsaPool {
    hsa_amd_memory_pool_t pool;
    size_t size;
    bool have;
} HsaPool;

typedef struct HsaHostPools {
    HsaPool kernarg, system;
} HsaHostPools;

static inline const char *hsa_status_name(hsa_status_t s)
{
    const char *str = NULL;

    if (hsa_status_string(s, &str) != HSA_STATUS_SUCCESS || !str) {
        return "unknown status";
    }
    return str;
}

/* A pool of the global segment the runtime may allocate from: its flags and size. */
static inline bool hsa_pool_usable(hsa_amd_memory_pool_t pool, uint32_t *flags,
                                   size_t *size)
{
    hsa_amd_segment_t seg;
    bool alloc = false;

    *flags = 0;
    *size = 0;
    if (hsa_amd_memory_pool_get_info(pool, HSA_AMD_MEMORY_POOL_INFO_SEGMENT, &seg) !=
            HSA_STATUS_SUCCESS || seg != HSA_AMD_SEGMENT_GLOBAL) {
        return false;
    }
    if (hsa_amd_memory_pool_get_info(pool, HSA_AMD_MEMORY_POOL_INFO_RUNTIME_ALLOC_ALLOWED,
                                     &alloc) != HSA_STATUS_SUCCESS || !alloc) {
        return false;
    }
    hsa_amd_memory_pool_get_info(pool, HSA_AMD_MEMORY_POOL_INFO_GLOBAL_FLAGS, flags);
    hsa_amd_memory_pool_get_info(pool, HSA_AMD_MEMORY_POOL_INFO_SIZE, size);
    return true;
}

/* hsa_amd_agent_iterate_memory_pools on a CPU agent: data is an HsaHostPools. */
static inline hsa_status_t hsa_host_pools_cb(hsa_amd_memory_pool_t pool, void *data)
{
    HsaHostPools *hp = data;
    uint32_t flags;
    size_t size;

    if (!hsa_pool_usable(pool, &flags, &size)) {
        return HSA_STATUS_SUCCESS;
    }
    if ((flags & HSA_AMD_MEMORY_POOL_GLOBAL_FLAG_KERNARG_INIT) && !hp->kernarg.have) {
        hp->kernarg = (HsaPool) { .pool = pool, .size = size, .have = true };
    }
    if ((flags & HSA_AMD_MEMORY_POOL_GLOBAL_FLAG_FINE_GRAINED) &&
        (!hp->system.have || !(flags & HSA_AMD_MEMORY_POOL_GLOBAL_FLAG_KERNARG_INIT))) {
        hp->system = (HsaPool) { .pool = pool, .size = size, .have = true };
    }
    return HSA_STATUS_SUCCESS;
}

/* hsa_amd_agent_iterate_memory_pools on a GPU agent: data is an HsaPool. */
static inline hsa_status_t hsa_vram_pool_cb(hsa_amd_memory_pool_t pool, void *data)
{
    HsaPool *vram = data;
    uint32_t flags;
    size_t size;

    if (hsa_pool_usable(pool, &flags, &size) &&
        (flags & HSA_AMD_MEMORY_POOL_GLOBAL_FLAG_COARSE_GRAINED) && !vram->have) {
        *vram = (HsaPool) { .pool = pool, .size = size, .have = true };
    }
    return HSA_STATUS_SUCCESS;
}

#endif
