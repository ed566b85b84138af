/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-vk-compute: Vulkan compute through the guest's real Mesa (RADV),
 * every result checked on the CPU.
 *
 * The shaders are GLSL (guest-tests/shaders/), compiled to SPIR-V on the
 * build host by glslc and embedded here; RADV compiles them for the
 * emulated chip with ACO, or with LLVM under RADV_DEBUG=llvm, so the same
 * program gives the shader interpreter two independent instruction mixes.
 *
 *   fill       dst[i] = base + i * step over 1 MiB + 37 dwords (push
 *              constants, a partial last workgroup)
 *   copy       1 MiB + 13 dwords, 16 bytes per invocation and a tail of
 *              single dwords
 *   scan       an inclusive prefix sum of 256 inputs per workgroup in
 *              shared memory (LDS), a barrier around every step, and the
 *              group's total through a shared-memory atomic, 64 groups
 *   subgroup   subgroupAdd / InclusiveAdd / Max / Ballot / BroadcastFirst
 *              over whole subgroups, ExclusiveAdd and a ballot count in a
 *              divergent branch
 *   int64      64-bit multiply, add, shifts, compares, unsigned and signed
 *              division and remainder; 32-bit division
 *   float      fma, exp, sin + cos, sqrt and division, floor + fract,
 *              conversions, each checked within a tolerance
 *   atomic     buffer atomics with return: a ticket counter (the tickets
 *              must be a permutation), a 64-bin histogram, atomicMax
 *   f16        float16 arithmetic and conversions (shaderFloat16; a device
 *              without it passes by saying so), within tolerances
 *   shuffle    subgroupShuffle with a data-dependent index, ShuffleXor
 *   shfloat    float atomicAdd on shared memory (VK_EXT_shader_atomic_float;
 *              a device without shaderSharedFloat32AtomicAdd passes by
 *              saying so)
 *   dynidx     a small private array indexed with values from memory
 *   fill-api   vkCmdFillBuffer of 1 MiB (RADV runs its own fill shader for
 *              4 KiB and more)
 *   copy-api   vkCmdCopyBuffer of 1 MiB (RADV's copy shader)
 *
 * Every output buffer starts as a canary pattern and is checked whole: the
 * results, and the canaries around them, which must not change.
 *
 * Each test runs in a process of its own, with its own VkInstance and
 * VkDevice: a test whose submission does not finish within --timeout
 * seconds is "not ok" (on the emulated GPU: a shader halted on an
 * instruction the model lacks, which the host logs with -d guest_errors),
 * and its process stays behind, asleep (see child()). The hung job holds
 * its compute ring for good (the plans run amdgpu with gpu_recovery=0),
 * and its VM too: a later submission of the same process would wait for
 * the page-table updates queued behind it. A new process has a new VM, and
 * the kernel puts its work on a compute ring that is still free, as long
 * as one is: when a test times out without a new ring getting stuck (from
 * amdgpu's fence debugfs file), its work waited behind an earlier one, and
 * the tests after it are "not ok" without running. A test process that
 * crashes or outlives its budget is "not ok" too.
 *
 * Usage: aemu-vk-compute [--tests LIST] [--timeout SEC] [--label TEXT]
 *                        [--compiler aco|llvm] [--first N] [--size BYTES]
 *   --compiler C   also check that RADV compiles with C: its device name
 *                  says "(LLVM ...)" under RADV_DEBUG=llvm, and not with ACO
 *   --label TEXT   prefix of every test name (default: the compiler)
 *   --first N      number the first test N and print no plan line
 *   --size BYTES   fill, copy, fill-api and copy-api move BYTES (a whole
 *                  number of KiB up to 32 MiB) instead of their odd sizes,
 *                  and print "# BENCH vk LABEL TEST BYTES MIB_PER_S", the
 *                  throughput from submission to fence (for
 *                  guest-tests/plans/bench.sh; the buffers are in GTT, the
 *                  host-visible memory every test uses)
 * One TAP line per test, and one that the device is AMD's (the program also
 * runs on lavapipe, to try it on a host); a test that cannot run is "not
 * ok" with the reason. Exit status: 0 if every test passed, 1 if one
 * failed, 2 usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <vulkan/vulkan.h>

#define N_ELEMENTS(a) (sizeof(a) / sizeof((a)[0]))

/* SPIR-V from glslc -mfmt=c (guest-tests/meson.build). */
static const uint32_t fill_spv[] =
#include "fill.spv.h"
;
static const uint32_t copy_spv[] =
#include "copy.spv.h"
;
static const uint32_t scan_spv[] =
#include "scan.spv.h"
;
static const uint32_t subgroup_spv[] =
#include "subgroup.spv.h"
;
static const uint32_t int64_spv[] =
#include "int64.spv.h"
;
static const uint32_t float_spv[] =
#include "float.spv.h"
;
static const uint32_t atomic_spv[] =
#include "atomic.spv.h"
;
static const uint32_t scratch_spv[] =
#include "scratch.spv.h"
;
static const uint32_t f16_spv[] =
#include "f16.spv.h"
;
static const uint32_t shuffle_spv[] =
#include "shuffle.spv.h"
;
static const uint32_t shfloat_spv[] =
#include "shfloat.spv.h"
;
static const uint32_t dynidx_spv[] =
#include "dynidx.spv.h"
;

#define CANARY          0xC5A5E5D5u
#define GUARD_DWORDS    64u     /* canaries after each output */
#define NBIND           4u      /* storage buffers per descriptor set */

static struct {
    const char *tests;
    double timeout;
    const char *label;
    const char *compiler;
    int first;
    uint64_t size;              /* --size: 0 for each test's own */
} opt = { .timeout = 15.0 };

/* --size bounds: a whole KiB; a copy's groups (1 KiB each) fit in X. */
#define BENCH_SIZE_UNIT     1024u
#define BENCH_SIZE_MAX      (32u << 20)

static int tap_n, tap_failed;

static void tap(bool ok, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void tap(bool ok, const char *fmt, ...)
{
    va_list ap;

    tap_n++;
    tap_failed += !ok;
    printf("%sok %d - ", ok ? "" : "not ", tap_n);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

static void diag(const char *fmt, ...)
{
    va_list ap;

    fputs("# ", stdout);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *vk_result_name(VkResult r)
{
    switch (r) {
#define R(x) case x: return #x
    R(VK_SUCCESS); R(VK_NOT_READY); R(VK_TIMEOUT); R(VK_INCOMPLETE);
    R(VK_ERROR_OUT_OF_HOST_MEMORY); R(VK_ERROR_OUT_OF_DEVICE_MEMORY);
    R(VK_ERROR_INITIALIZATION_FAILED); R(VK_ERROR_DEVICE_LOST);
    R(VK_ERROR_MEMORY_MAP_FAILED); R(VK_ERROR_LAYER_NOT_PRESENT);
    R(VK_ERROR_EXTENSION_NOT_PRESENT); R(VK_ERROR_FEATURE_NOT_PRESENT);
    R(VK_ERROR_INCOMPATIBLE_DRIVER); R(VK_ERROR_TOO_MANY_OBJECTS);
    R(VK_ERROR_FORMAT_NOT_SUPPORTED); R(VK_ERROR_UNKNOWN);
    R(VK_ERROR_INVALID_SHADER_NV);
#undef R
    default: return "VK_ERROR_(other)";
    }
}

/* ---- the device ---- */

typedef struct Gpu {
    VkInstance instance;
    VkPhysicalDevice phys;
    VkPhysicalDeviceProperties props;
    VkPhysicalDeviceSubgroupProperties subgroup;
    VkPhysicalDeviceFeatures features;
    /* Optional features the f16 and shfloat tests need (enabled if any). */
    bool has_f16, has_shared_fadd;
    uint32_t family;
    VkQueueFamilyProperties family_props;
    uint32_t memtype;
    VkMemoryType memtype_props;
    VkDevice dev;
    VkQueue queue;
    VkCommandPool pool;
    VkDescriptorSetLayout dsl;
    VkPipelineLayout layout;
    VkDescriptorPool dpool;
} Gpu;

/* A failed step of a test: the reason, for its TAP line. */
typedef struct Err {
    char msg[512];
    bool hung;                  /* the queue did not finish */
} Err;

static bool fail(Err *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static bool fail(Err *e, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
    va_end(ap);
    return false;
}

#define VK_TRY(e, call) do { \
        VkResult r_ = (call); \
        if (r_ != VK_SUCCESS) { \
            return fail(e, "%s: %s", #call, vk_result_name(r_)); \
        } \
    } while (0)

/* An extension the device offers? */
static bool has_extension(VkPhysicalDevice phys, const char *name)
{
    VkExtensionProperties ext[512];
    uint32_t n = N_ELEMENTS(ext);
    VkResult r = vkEnumerateDeviceExtensionProperties(phys, NULL, &n, ext);

    if (r != VK_SUCCESS && r != VK_INCOMPLETE) {
        return false;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (!strcmp(ext[i].extensionName, name)) {
            return true;
        }
    }
    return false;
}

/*
 * shaderFloat16 (VK_KHR_shader_float16_int8) and shared-memory float
 * atomicAdd (VK_EXT_shader_atomic_float): what the device says, queried
 * only through the extensions it offers.
 */
static void gpu_optional_features(Gpu *g)
{
    VkPhysicalDeviceShaderFloat16Int8FeaturesKHR f16 = {
        .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_FLOAT16_INT8_FEATURES_KHR,
    };
    VkPhysicalDeviceShaderAtomicFloatFeaturesEXT af = {
        .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_ATOMIC_FLOAT_FEATURES_EXT,
    };
    VkPhysicalDeviceFeatures2 f2 = {
        .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2,
    };
    bool ext_f16 = has_extension(g->phys, VK_KHR_SHADER_FLOAT16_INT8_EXTENSION_NAME);
    bool ext_af = has_extension(g->phys, VK_EXT_SHADER_ATOMIC_FLOAT_EXTENSION_NAME);
    void **next = &f2.pNext;

    if (ext_f16) {
        *next = &f16;
        next = &f16.pNext;
    }
    if (ext_af) {
        *next = &af;
    }
    vkGetPhysicalDeviceFeatures2(g->phys, &f2);
    g->has_f16 = ext_f16 && f16.shaderFloat16;
    g->has_shared_fadd = ext_af && af.shaderSharedFloat32AtomicAdd;
}

static bool gpu_instance(Gpu *g, Err *e)
{
    VkApplicationInfo app = {
        .sType = VK_STRUCTURE_TYPE_APPLICATION_INFO,
        .pApplicationName = "aemu-vk-compute",
        .apiVersion = VK_API_VERSION_1_1,
    };
    VkInstanceCreateInfo ici = {
        .sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO,
        .pApplicationInfo = &app,
    };
    VkPhysicalDevice devs[8];
    uint32_t n = N_ELEMENTS(devs), i, nfam;
    VkQueueFamilyProperties fams[16];
    VkPhysicalDeviceMemoryProperties mem;
    VkPhysicalDeviceProperties2 p2 = {
        .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2,
        .pNext = &g->subgroup,
    };
    int best = -1;

    VK_TRY(e, vkCreateInstance(&ici, NULL, &g->instance));
    {
        VkResult r = vkEnumeratePhysicalDevices(g->instance, &n, devs);
        if (r != VK_SUCCESS && r != VK_INCOMPLETE) {
            return fail(e, "vkEnumeratePhysicalDevices: %s", vk_result_name(r));
        }
    }
    if (n == 0) {
        return fail(e, "no Vulkan device (is amdgpu bound? is RADV's ICD installed?)");
    }
    for (i = 0; i < n; i++) {
        vkGetPhysicalDeviceProperties(devs[i], &g->props);
        if (g->props.vendorID == 0x1002) {
            break;
        }
    }
    /* Else the first (lavapipe, to try the program on a host). */
    g->phys = devs[i == n ? 0 : i];
    g->subgroup.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_PROPERTIES;
    vkGetPhysicalDeviceProperties2(g->phys, &p2);
    g->props = p2.properties;
    vkGetPhysicalDeviceFeatures(g->phys, &g->features);
    gpu_optional_features(g);

    /* A compute-only family (the compute rings) if there is one. */
    nfam = N_ELEMENTS(fams);
    vkGetPhysicalDeviceQueueFamilyProperties(g->phys, &nfam, fams);
    for (i = 0; i < nfam; i++) {
        if (!(fams[i].queueFlags & VK_QUEUE_COMPUTE_BIT)) {
            continue;
        }
        if (best < 0 || !(fams[i].queueFlags & VK_QUEUE_GRAPHICS_BIT)) {
            best = i;
        }
    }
    if (best < 0) {
        return fail(e, "%s has no queue family with compute", g->props.deviceName);
    }
    g->family = best;
    g->family_props = fams[best];

    /* Host-visible, coherent memory for every buffer; cached if offered. */
    vkGetPhysicalDeviceMemoryProperties(g->phys, &mem);
    g->memtype = UINT32_MAX;
    for (i = 0; i < mem.memoryTypeCount; i++) {
        VkMemoryPropertyFlags f = mem.memoryTypes[i].propertyFlags;
        VkMemoryPropertyFlags want = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT |
                                     VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
        if ((f & want) != want) {
            continue;
        }
        if (g->memtype == UINT32_MAX ||
            (f & VK_MEMORY_PROPERTY_HOST_CACHED_BIT)) {
            g->memtype = i;
        }
        if (f & VK_MEMORY_PROPERTY_HOST_CACHED_BIT) {
            break;
        }
    }
    if (g->memtype == UINT32_MAX) {
        return fail(e, "no host-visible coherent memory type");
    }
    g->memtype_props = mem.memoryTypes[g->memtype];
    return true;
}

static bool gpu_device(Gpu *g, Err *e)
{
    float prio = 1.0f;
    VkDeviceQueueCreateInfo qci = {
        .sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO,
        .queueFamilyIndex = g->family,
        .queueCount = 1,
        .pQueuePriorities = &prio,
    };
    VkPhysicalDeviceFeatures features = {
        .shaderInt64 = g->features.shaderInt64,
    };
    VkPhysicalDeviceShaderFloat16Int8FeaturesKHR f16 = {
        .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_FLOAT16_INT8_FEATURES_KHR,
        .shaderFloat16 = VK_TRUE,
    };
    VkPhysicalDeviceShaderAtomicFloatFeaturesEXT af = {
        .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_ATOMIC_FLOAT_FEATURES_EXT,
        .shaderSharedFloat32AtomicAdd = VK_TRUE,
    };
    const char *exts[2];
    uint32_t nexts = 0;
    VkDeviceCreateInfo dci = {
        .sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO,
        .queueCreateInfoCount = 1,
        .pQueueCreateInfos = &qci,
        .pEnabledFeatures = &features,
        .ppEnabledExtensionNames = exts,
    };
    const void **next = &dci.pNext;
    VkCommandPoolCreateInfo cpci = {
        .sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
        .flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT,
        .queueFamilyIndex = g->family,
    };
    VkDescriptorSetLayoutBinding b[NBIND];
    VkDescriptorSetLayoutCreateInfo dslci = {
        .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO,
        .bindingCount = NBIND,
        .pBindings = b,
    };
    VkPushConstantRange pcr = {
        .stageFlags = VK_SHADER_STAGE_COMPUTE_BIT,
        .size = 16,
    };
    VkPipelineLayoutCreateInfo plci = {
        .sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO,
        .setLayoutCount = 1,
        .pSetLayouts = &g->dsl,
        .pushConstantRangeCount = 1,
        .pPushConstantRanges = &pcr,
    };
    VkDescriptorPoolSize ps = {
        .type = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
        .descriptorCount = 64 * NBIND,
    };
    VkDescriptorPoolCreateInfo dpci = {
        .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO,
        .flags = VK_DESCRIPTOR_POOL_CREATE_FREE_DESCRIPTOR_SET_BIT,
        .maxSets = 64,
        .poolSizeCount = 1,
        .pPoolSizes = &ps,
    };

    for (unsigned i = 0; i < NBIND; i++) {
        b[i] = (VkDescriptorSetLayoutBinding) {
            .binding = i,
            .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
            .descriptorCount = 1,
            .stageFlags = VK_SHADER_STAGE_COMPUTE_BIT,
        };
    }
    if (g->has_f16) {
        exts[nexts++] = VK_KHR_SHADER_FLOAT16_INT8_EXTENSION_NAME;
        *next = &f16;
        next = (const void **)&f16.pNext;
    }
    if (g->has_shared_fadd) {
        exts[nexts++] = VK_EXT_SHADER_ATOMIC_FLOAT_EXTENSION_NAME;
        *next = &af;
    }
    dci.enabledExtensionCount = nexts;
    g->dev = VK_NULL_HANDLE;
    VK_TRY(e, vkCreateDevice(g->phys, &dci, NULL, &g->dev));
    vkGetDeviceQueue(g->dev, g->family, 0, &g->queue);
    VK_TRY(e, vkCreateCommandPool(g->dev, &cpci, NULL, &g->pool));
    VK_TRY(e, vkCreateDescriptorSetLayout(g->dev, &dslci, NULL, &g->dsl));
    VK_TRY(e, vkCreatePipelineLayout(g->dev, &plci, NULL, &g->layout));
    VK_TRY(e, vkCreateDescriptorPool(g->dev, &dpci, NULL, &g->dpool));
    return true;
}

static void gpu_device_destroy(Gpu *g)
{
    if (g->dev == VK_NULL_HANDLE) {
        return;
    }
    vkDeviceWaitIdle(g->dev);
    vkDestroyDescriptorPool(g->dev, g->dpool, NULL);
    vkDestroyPipelineLayout(g->dev, g->layout, NULL);
    vkDestroyDescriptorSetLayout(g->dev, g->dsl, NULL);
    vkDestroyCommandPool(g->dev, g->pool, NULL);
    vkDestroyDevice(g->dev, NULL);
    g->dev = VK_NULL_HANDLE;
}

/* ---- buffers ---- */

typedef struct Buf {
    VkBuffer buf;
    VkDeviceMemory mem;
    void *map;
    VkDeviceSize size;
} Buf;

static bool buf_new(Gpu *g, Buf *b, VkDeviceSize size, Err *e)
{
    VkBufferCreateInfo bci = {
        .sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO,
        .size = size,
        .usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT |
                 VK_BUFFER_USAGE_TRANSFER_SRC_BIT |
                 VK_BUFFER_USAGE_TRANSFER_DST_BIT,
        .sharingMode = VK_SHARING_MODE_EXCLUSIVE,
    };
    VkMemoryRequirements req;
    VkMemoryAllocateInfo mai = { .sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO };

    memset(b, 0, sizeof(*b));
    b->size = size;
    VK_TRY(e, vkCreateBuffer(g->dev, &bci, NULL, &b->buf));
    vkGetBufferMemoryRequirements(g->dev, b->buf, &req);
    if (!(req.memoryTypeBits & (1u << g->memtype))) {
        return fail(e, "buffer of %" PRIu64 " bytes cannot live in memory type %u",
                    (uint64_t)size, g->memtype);
    }
    mai.allocationSize = req.size;
    mai.memoryTypeIndex = g->memtype;
    VK_TRY(e, vkAllocateMemory(g->dev, &mai, NULL, &b->mem));
    VK_TRY(e, vkBindBufferMemory(g->dev, b->buf, b->mem, 0));
    VK_TRY(e, vkMapMemory(g->dev, b->mem, 0, VK_WHOLE_SIZE, 0, &b->map));
    return true;
}

static void buf_free(Gpu *g, Buf *b)
{
    if (b->mem) {
        vkUnmapMemory(g->dev, b->mem);
        vkFreeMemory(g->dev, b->mem, NULL);
    }
    if (b->buf) {
        vkDestroyBuffer(g->dev, b->buf, NULL);
    }
    memset(b, 0, sizeof(*b));
}

static void fill_canary(Buf *b)
{
    uint32_t *p = b->map;

    for (VkDeviceSize i = 0; i < b->size / 4; i++) {
        p[i] = CANARY ^ (uint32_t)i;
    }
}

/*
 * Check dwords [from, to) of b against the canary; the first that differs
 * goes into e. Returns true if they are all intact.
 */
static bool check_canary(const Buf *b, uint64_t from, uint64_t to,
                         const char *what, Err *e)
{
    const uint32_t *p = b->map;

    for (uint64_t i = from; i < to; i++) {
        if (p[i] != (CANARY ^ (uint32_t)i)) {
            return fail(e, "%s: canary dword %" PRIu64 " overwritten with 0x%08x",
                        what, i, p[i]);
        }
    }
    return true;
}

/* ---- one dispatch or transfer ---- */

typedef struct Job {
    const uint32_t *spv;
    size_t spv_size;
    Buf *bind[NBIND];           /* NULL: bind[0]'s buffer again */
    uint32_t push[4];
    uint32_t groups;
    /* Transfer commands instead of a dispatch (spv NULL). */
    void (*record)(VkCommandBuffer cb, void *arg);
    void *arg;
    double compile_s, run_s;
} Job;

static bool job_run(Gpu *g, Job *j, Err *e)
{
    VkShaderModule mod = VK_NULL_HANDLE;
    VkPipeline pipe = VK_NULL_HANDLE;
    VkDescriptorSet set = VK_NULL_HANDLE;
    VkCommandBuffer cb;
    VkFence fence;
    VkFenceCreateInfo fci = { .sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO };
    VkCommandBufferAllocateInfo cbai = {
        .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
        .commandPool = g->pool,
        .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
        .commandBufferCount = 1,
    };
    VkCommandBufferBeginInfo cbbi = {
        .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO,
        .flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT,
    };
    VkMemoryBarrier to_host = {
        .sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER,
        .srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT,
        .dstAccessMask = VK_ACCESS_HOST_READ_BIT,
    };
    VkSubmitInfo si = {
        .sType = VK_STRUCTURE_TYPE_SUBMIT_INFO,
        .commandBufferCount = 1,
        .pCommandBuffers = &cb,
    };
    double t0 = now();
    VkResult r;

    if (j->spv) {
        VkShaderModuleCreateInfo smci = {
            .sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO,
            .codeSize = j->spv_size,
            .pCode = j->spv,
        };
        VkComputePipelineCreateInfo cpci = {
            .sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO,
            .stage = {
                .sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO,
                .stage = VK_SHADER_STAGE_COMPUTE_BIT,
                .pName = "main",
            },
            .layout = g->layout,
        };
        VkDescriptorSetAllocateInfo dsai = {
            .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO,
            .descriptorPool = g->dpool,
            .descriptorSetCount = 1,
            .pSetLayouts = &g->dsl,
        };
        VkDescriptorBufferInfo dbi[NBIND];
        VkWriteDescriptorSet w[NBIND];

        VK_TRY(e, vkCreateShaderModule(g->dev, &smci, NULL, &mod));
        cpci.stage.module = mod;
        r = vkCreateComputePipelines(g->dev, VK_NULL_HANDLE, 1, &cpci, NULL, &pipe);
        vkDestroyShaderModule(g->dev, mod, NULL);
        if (r != VK_SUCCESS) {
            return fail(e, "vkCreateComputePipelines: %s", vk_result_name(r));
        }
        VK_TRY(e, vkAllocateDescriptorSets(g->dev, &dsai, &set));
        for (unsigned i = 0; i < NBIND; i++) {
            Buf *b = j->bind[i] ? j->bind[i] : j->bind[0];
            dbi[i] = (VkDescriptorBufferInfo) { b->buf, 0, VK_WHOLE_SIZE };
            w[i] = (VkWriteDescriptorSet) {
                .sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET,
                .dstSet = set,
                .dstBinding = i,
                .descriptorCount = 1,
                .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
                .pBufferInfo = &dbi[i],
            };
        }
        vkUpdateDescriptorSets(g->dev, NBIND, w, 0, NULL);
    }
    j->compile_s = now() - t0;

    VK_TRY(e, vkAllocateCommandBuffers(g->dev, &cbai, &cb));
    VK_TRY(e, vkBeginCommandBuffer(cb, &cbbi));
    if (j->spv) {
        vkCmdBindPipeline(cb, VK_PIPELINE_BIND_POINT_COMPUTE, pipe);
        vkCmdBindDescriptorSets(cb, VK_PIPELINE_BIND_POINT_COMPUTE, g->layout,
                                0, 1, &set, 0, NULL);
        vkCmdPushConstants(cb, g->layout, VK_SHADER_STAGE_COMPUTE_BIT, 0,
                           sizeof(j->push), j->push);
        vkCmdDispatch(cb, j->groups, 1, 1);
    } else {
        j->record(cb, j->arg);
    }
    vkCmdPipelineBarrier(cb, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT |
                             VK_PIPELINE_STAGE_TRANSFER_BIT,
                         VK_PIPELINE_STAGE_HOST_BIT, 0, 1, &to_host, 0, NULL,
                         0, NULL);
    VK_TRY(e, vkEndCommandBuffer(cb));
    VK_TRY(e, vkCreateFence(g->dev, &fci, NULL, &fence));

    t0 = now();
    VK_TRY(e, vkQueueSubmit(g->queue, 1, &si, fence));
    r = vkWaitForFences(g->dev, 1, &fence, VK_TRUE,
                        (uint64_t)(opt.timeout * 1e9));
    j->run_s = now() - t0;
    if (r == VK_TIMEOUT || r == VK_ERROR_DEVICE_LOST) {
        /* Leave everything to the stuck device. */
        e->hung = true;
        return fail(e, "the GPU did not finish in %.0f s (%s): a shader halted or"
                    " the CP stopped the queue; the host says which with"
                    " -d guest_errors", opt.timeout, vk_result_name(r));
    }
    if (r != VK_SUCCESS) {
        e->hung = true;
        return fail(e, "vkWaitForFences: %s", vk_result_name(r));
    }
    vkDestroyFence(g->dev, fence, NULL);
    vkFreeCommandBuffers(g->dev, g->pool, 1, &cb);
    if (set) {
        vkFreeDescriptorSets(g->dev, g->dpool, 1, &set);
    }
    if (pipe) {
        vkDestroyPipeline(g->dev, pipe, NULL);
    }
    return true;
}

/* ---- deterministic inputs ---- */

static uint64_t rng_state;

static uint64_t rng(void)
{
    /* splitmix64 */
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static float frand(float lo, float hi)
{
    return lo + (hi - lo) * (float)((rng() >> 40) / (double)(1ull << 24));
}

/* ---- the tests ---- */

typedef struct Test {
    const char *name;
    bool (*run)(Gpu *g, Err *e, char *what, size_t what_size);
} Test;

/* Buffers of a test, freed together unless the device hung. */
typedef struct Bufs {
    Buf b[6];
    unsigned n;
} Bufs;

static Buf *bufs_new(Gpu *g, Bufs *bs, VkDeviceSize size, Err *e)
{
    Buf *b = &bs->b[bs->n];

    if (!buf_new(g, b, size, e)) {
        return NULL;
    }
    bs->n++;
    fill_canary(b);
    return b;
}

static void bufs_free(Gpu *g, Bufs *bs)
{
    for (unsigned i = 0; i < bs->n; i++) {
        buf_free(g, &bs->b[i]);
    }
    bs->n = 0;
}

static const char *label;

static void timing(const char *what, const Job *j)
{
    diag("%s: pipeline %.2f s, GPU %.3f s", what, j->compile_s, j->run_s);
}

/* With --size: the throughput of a test that moved `bytes`. */
static void bench_figure(const char *test, uint64_t bytes, const Job *j)
{
    if (opt.size && j->run_s > 0) {
        diag("BENCH vk %s %s %" PRIu64 " %.1f", label, test, bytes,
             bytes / (1024.0 * 1024.0) / j->run_s);
    }
}

static bool t_fill(Gpu *g, Err *e, char *what, size_t ws)
{
    const uint32_t n = opt.size ? (uint32_t)(opt.size / 4) : (1u << 18) + 37;
    const uint32_t base = 0x12345678, step = 0x9E3779B1;
    Bufs bs = { .n = 0 };
    Buf *dst;
    Job j = { .spv = fill_spv, .spv_size = sizeof(fill_spv) };
    bool ok = false;

    snprintf(what, ws, "fill %u dwords, 64 per group", n);
    if ((dst = bufs_new(g, &bs, (n + GUARD_DWORDS) * 4ull, e))) {
        j.bind[0] = dst;
        j.push[0] = n; j.push[1] = base; j.push[2] = step;
        j.groups = (n + 63) / 64;
        if (job_run(g, &j, e)) {
            const uint32_t *p = dst->map;
            ok = true;
            for (uint32_t i = 0; i < n && ok; i++) {
                if (p[i] != base + i * step) {
                    ok = fail(e, "dst[%u] = 0x%08x, want 0x%08x", i, p[i],
                              base + i * step);
                }
            }
            ok = ok && check_canary(dst, n, n + GUARD_DWORDS, "after dst", e);
            timing(what, &j);
            bench_figure("fill", 4ull * n, &j);
        }
    }
    if (!e->hung) {
        bufs_free(g, &bs);
    }
    return ok;
}

static bool t_copy(Gpu *g, Err *e, char *what, size_t ws)
{
    const uint32_t n = opt.size ? (uint32_t)(opt.size / 4) : (1u << 18) + 13;
    Bufs bs = { .n = 0 };
    Buf *src, *dst;
    Job j = { .spv = copy_spv, .spv_size = sizeof(copy_spv) };
    bool ok = false;

    snprintf(what, ws, "copy %u dwords, 16 bytes per invocation", n);
    if ((src = bufs_new(g, &bs, (n + GUARD_DWORDS) * 4ull, e)) &&
        (dst = bufs_new(g, &bs, (n + GUARD_DWORDS) * 4ull, e))) {
        uint32_t *s = src->map;
        for (uint32_t i = 0; i < n; i++) {
            s[i] = (uint32_t)rng();
        }
        j.bind[0] = src; j.bind[1] = src; j.bind[2] = dst; j.bind[3] = dst;
        j.push[0] = n;
        j.groups = (n / 4 + (n & 3) + 63) / 64;
        if (job_run(g, &j, e)) {
            const uint32_t *d = dst->map;
            ok = true;
            for (uint32_t i = 0; i < n && ok; i++) {
                if (d[i] != s[i]) {
                    ok = fail(e, "dst[%u] = 0x%08x, want 0x%08x", i, d[i], s[i]);
                }
            }
            ok = ok && check_canary(dst, n, n + GUARD_DWORDS, "after dst", e) &&
                 check_canary(src, n, n + GUARD_DWORDS, "after src", e);
            timing(what, &j);
            bench_figure("copy", 4ull * n, &j);
        }
    }
    if (!e->hung) {
        bufs_free(g, &bs);
    }
    return ok;
}

static bool t_scan(Gpu *g, Err *e, char *what, size_t ws)
{
    const uint32_t groups = 64, n = groups * 256;
    Bufs bs = { .n = 0 };
    Buf *src, *dst, *tot;
    Job j = { .spv = scan_spv, .spv_size = sizeof(scan_spv) };
    bool ok = false;

    snprintf(what, ws, "prefix sum in shared memory with barriers, %u groups of 256",
             groups);
    if ((src = bufs_new(g, &bs, n * 4ull, e)) &&
        (dst = bufs_new(g, &bs, (n + GUARD_DWORDS) * 4ull, e)) &&
        (tot = bufs_new(g, &bs, (groups + GUARD_DWORDS) * 4ull, e))) {
        uint32_t *s = src->map;
        for (uint32_t i = 0; i < n; i++) {
            s[i] = (uint32_t)rng() & 0xffffff;
        }
        j.bind[0] = src; j.bind[1] = src; j.bind[2] = dst; j.bind[3] = tot;
        j.groups = groups;
        if (job_run(g, &j, e)) {
            const uint32_t *d = dst->map, *t = tot->map;
            ok = true;
            for (uint32_t grp = 0; grp < groups && ok; grp++) {
                uint32_t sum = 0;
                for (uint32_t l = 0; l < 256 && ok; l++) {
                    uint32_t i = grp * 256 + l;
                    sum += s[i];
                    if (d[i] != sum) {
                        ok = fail(e, "group %u thread %u: prefix 0x%08x, want 0x%08x",
                                  grp, l, d[i], sum);
                    }
                }
                if (ok && t[grp] != sum) {
                    ok = fail(e, "group %u: total (shared atomic) 0x%08x, want 0x%08x",
                              grp, t[grp], sum);
                }
            }
            ok = ok && check_canary(dst, n, n + GUARD_DWORDS, "after dst", e) &&
                 check_canary(tot, groups, groups + GUARD_DWORDS, "after totals", e);
            timing(what, &j);
        }
    }
    if (!e->hung) {
        bufs_free(g, &bs);
    }
    return ok;
}

/*
 * The subgroups are rebuilt from what each invocation reports (its lane,
 * subgroup id and the subgroup size), so the check does not assume how
 * invocations map to subgroups; it does check that the ids are coherent.
 */
static bool t_subgroup(Gpu *g, Err *e, char *what, size_t ws)
{
    const uint32_t local = 128, groups = 32, n = local * groups;
    const uint32_t size = g->subgroup.subgroupSize;
    Bufs bs = { .n = 0 };
    Buf *src, *dst;
    Job j = { .spv = subgroup_spv, .spv_size = sizeof(subgroup_spv) };
    bool ok = false;
    uint32_t *members = NULL;

    snprintf(what, ws, "subgroup add/scan/max/ballot/broadcast, size %u, %u invocations",
             size, n);
    if (size == 0 || size > 128 || local % size) {
        return fail(e, "subgroup size %u does not divide the workgroup of %u", size, local);
    }
    members = calloc(n, sizeof(*members));
    if ((src = bufs_new(g, &bs, n * 4ull, e)) &&
        (dst = bufs_new(g, &bs, (n * 8 + GUARD_DWORDS) * 4ull, e))) {
        uint32_t *s = src->map;
        for (uint32_t i = 0; i < n; i++) {
            s[i] = (uint32_t)rng() & 0xfffff;
        }
        j.bind[0] = src; j.bind[1] = src; j.bind[2] = dst; j.bind[3] = dst;
        j.groups = groups;
        if (job_run(g, &j, e)) {
            const uint32_t *d = dst->map;
            ok = true;
            /* members[grp * local + sg * size + lane] = invocation */
            for (uint32_t i = 0; i < n; i++) {
                members[i] = UINT32_MAX;
            }
            for (uint32_t i = 0; i < n && ok; i++) {
                uint32_t id = d[i * 8], lane = id & 0xff, sg = (id >> 8) & 0xff;
                uint32_t sz = id >> 16, slot = (i / local) * local + sg * size + lane;
                if (sz != size || lane >= size || sg >= local / size ||
                    members[slot] != UINT32_MAX) {
                    ok = fail(e, "invocation %u reports lane %u subgroup %u size %u"
                              " (subgroups of %u, %u per group)", i, lane, sg, sz,
                              size, local / size);
                } else {
                    members[slot] = i;
                }
            }
            for (uint32_t base = 0; base < n && ok; base += size) {
                const uint32_t *m = &members[base];
                uint32_t sum = 0, max = 0, incl = 0, first = s[m[0]];
                uint32_t ballot[4] = { 0 }, active = 0, excl = 0;
                for (uint32_t l = 0; l < size; l++) {
                    uint32_t x = s[m[l]];
                    sum += x;
                    max = x > max ? x : max;
                    if (x & 1) {
                        ballot[l / 32] |= 1u << (l % 32);
                    }
                    active += x % 3 != 0;
                }
                for (uint32_t l = 0; l < size && ok; l++) {
                    uint32_t i = m[l], x = s[i];
                    const uint32_t *o = &d[i * 8];
                    uint32_t want[8];
                    incl += x;
                    want[0] = o[0];
                    want[1] = sum;
                    want[2] = incl;
                    want[3] = max;
                    want[4] = ballot[0];
                    want[5] = size > 32 ? ballot[1] : 0;
                    want[6] = first;
                    want[7] = x % 3 != 0 ? excl + active : 0xffffffffu;
                    if (x % 3 != 0) {
                        excl += x;
                    }
                    for (unsigned k = 1; k < 8 && ok; k++) {
                        static const char *const name[8] = {
                            "", "subgroupAdd", "subgroupInclusiveAdd",
                            "subgroupMax", "subgroupBallot.x", "subgroupBallot.y",
                            "subgroupBroadcastFirst",
                            "subgroupExclusiveAdd + BallotBitCount (divergent)",
                        };
                        if (o[k] != want[k]) {
                            ok = fail(e, "invocation %u (subgroup lane %u): %s = 0x%08x,"
                                      " want 0x%08x", i, l, name[k], o[k], want[k]);
                        }
                    }
                }
            }
            ok = ok && check_canary(dst, n * 8, n * 8 + GUARD_DWORDS, "after dst", e);
            timing(what, &j);
        }
    }
    free(members);
    if (!e->hung) {
        bufs_free(g, &bs);
    }
    return ok;
}

static bool t_int64(Gpu *g, Err *e, char *what, size_t ws)
{
    const uint32_t n = 4096 + 5;
    Bufs bs = { .n = 0 };
    Buf *a, *b, *dst;
    Job j = { .spv = int64_spv, .spv_size = sizeof(int64_spv) };
    bool ok = false;

    snprintf(what, ws, "64-bit integer mul/add/shift/compare/div/rem, %u invocations", n);
    if (!g->features.shaderInt64) {
        return fail(e, "the device does not offer shaderInt64");
    }
    if ((a = bufs_new(g, &bs, n * 8ull, e)) && (b = bufs_new(g, &bs, n * 8ull, e)) &&
        (dst = bufs_new(g, &bs, (n * 6 * 2 + GUARD_DWORDS) * 4ull, e))) {
        uint64_t *x = a->map, *y = b->map;
        for (uint32_t i = 0; i < n; i++) {
            x[i] = rng();
            y[i] = rng() >> (i % 61);
        }
        j.bind[0] = a; j.bind[1] = b; j.bind[2] = dst; j.bind[3] = dst;
        j.push[0] = n;
        j.groups = (n + 63) / 64;
        if (job_run(g, &j, e)) {
            const uint64_t *o = dst->map;
            ok = true;
            for (uint32_t i = 0; i < n && ok; i++) {
                uint64_t X = x[i], Y = y[i], want[6];
                int64_t sx = (int64_t)X, sy = (int64_t)Y;
                uint64_t d = (Y >> (i & 31)) | 1;
                int64_t sd = (int64_t)((d & 0x3fffffffffffffffull) | 0x8000000000ull);
                uint32_t x32 = (uint32_t)X, y32 = (uint32_t)Y;
                int32_t sx32 = (int32_t)X & 0x7fffffff, sy32 = (int32_t)Y & 0x7fffffff;
                want[0] = (X * Y + (X >> 13)) ^ (Y << 7);
                want[1] = X / d;
                want[2] = X % d;
                want[3] = (uint64_t)(sx / sd) + (uint64_t)((sx & INT64_MAX) % 1000003);
                want[4] = (uint64_t)(sx < sy ? sx : sy) + (uint64_t)(sx >> 3) + (X < Y);
                want[5] = (uint64_t)(x32 / (y32 | 1)) << 32 |
                          (uint32_t)(sx32 % (sy32 | 1));
                for (unsigned k = 0; k < 6 && ok; k++) {
                    if (o[i * 6 + k] != want[k]) {
                        ok = fail(e, "invocation %u result %u = 0x%016" PRIx64
                                  ", want 0x%016" PRIx64 " (x 0x%016" PRIx64
                                  ", y 0x%016" PRIx64 ")", i, k, o[i * 6 + k],
                                  want[k], X, Y);
                    }
                }
            }
            ok = ok && check_canary(dst, n * 12, n * 12 + GUARD_DWORDS, "after dst", e);
            timing(what, &j);
        }
    }
    if (!e->hung) {
        bufs_free(g, &bs);
    }
    return ok;
}

static bool t_float(Gpu *g, Err *e, char *what, size_t ws)
{
    const uint32_t n = 4096 + 3;
    Bufs bs = { .n = 0 };
    Buf *a, *b, *dst;
    Job j = { .spv = float_spv, .spv_size = sizeof(float_spv) };
    bool ok = false;

    snprintf(what, ws, "float fma/exp/sin/cos/sqrt/div/floor/fract/conversions, %u invocations",
             n);
    if ((a = bufs_new(g, &bs, n * 4ull, e)) && (b = bufs_new(g, &bs, n * 4ull, e)) &&
        (dst = bufs_new(g, &bs, (n * 6 + GUARD_DWORDS) * 4ull, e))) {
        float *x = a->map, *y = b->map;
        for (uint32_t i = 0; i < n; i++) {
            x[i] = frand(-4.0f, 4.0f);
            y[i] = frand(-3.0f, 3.0f);
        }
        j.bind[0] = a; j.bind[1] = b; j.bind[2] = dst; j.bind[3] = dst;
        j.push[0] = n;
        j.groups = (n + 63) / 64;
        if (job_run(g, &j, e)) {
            const float *o = dst->map;
            static const char *const name[6] = {
                "fma(x, y, 0.5)", "exp(x / 2)", "sin(y) + cos(x)",
                "sqrt(|x|) / (1 + y*y)", "floor(10x) + fract(y)",
                "float(int(1000x)) / 4 + float(uint(100|y|))",
            };
            /*
             * Tolerances: relative for the correctly rounded and the
             * exponential results (GLSL allows exp 3 + 2|x| ulp), absolute
             * for fma (which may round the product first: 2^-20 at 16),
             * for sin and cos (2^-11 on [-pi, pi] in the Vulkan spec; the
             * inputs reach 4) and for floor/fract, where a one-ulp
             * difference in 10x may move floor by one near an integer.
             */
            static const double rel[6] = { 1e-6, 1e-5, 0, 1e-5, 0, 1e-6 };
            static const double abs_[6] = { 4e-6, 0, 2e-3, 1e-6, 1e-5, 1e-6 };
            ok = true;
            for (uint32_t i = 0; i < n && ok; i++) {
                double X = x[i], Y = y[i], want[6];
                float tx = x[i] * 10.0f;
                want[0] = fma(X, Y, 0.5);
                want[1] = exp((double)(x[i] * 0.5f));
                want[2] = sin(Y) + cos(X);
                want[3] = sqrt(fabs(X)) / (1.0 + (double)(y[i] * y[i]));
                want[4] = floor(tx) + (Y - floor(Y));
                want[5] = (double)(int32_t)(x[i] * 1000.0f) * 0.25 +
                          (double)(uint32_t)(fabsf(y[i]) * 100.0f);
                for (unsigned k = 0; k < 6 && ok; k++) {
                    double got = o[i * 6 + k], diff = fabs(got - want[k]);
                    double tol = abs_[k] + rel[k] * fabs(want[k]);
                    if (k == 4 && fabs(tx - rintf(tx)) < 1e-5f) {
                        tol += 1.0;     /* floor at an integer boundary */
                    }
                    if (!(diff <= tol)) {
                        ok = fail(e, "invocation %u: %s = %.9g, want %.9g"
                                  " (x %.9g, y %.9g; off by %.3g, tolerance %.3g)",
                                  i, name[k], got, want[k], X, Y, diff, tol);
                    }
                }
            }
            ok = ok && check_canary(dst, n * 6, n * 6 + GUARD_DWORDS, "after dst", e);
            timing(what, &j);
        }
    }
    if (!e->hung) {
        bufs_free(g, &bs);
    }
    return ok;
}

static bool t_atomic(Gpu *g, Err *e, char *what, size_t ws)
{
    const uint32_t n = 65536 + 11;
    Bufs bs = { .n = 0 };
    Buf *src, *dst, *acc;
    Job j = { .spv = atomic_spv, .spv_size = sizeof(atomic_spv) };
    bool ok = false;
    uint8_t *seen = NULL;

    snprintf(what, ws, "buffer atomics with return (add, max), %u invocations", n);
    if ((src = bufs_new(g, &bs, n * 4ull, e)) &&
        (dst = bufs_new(g, &bs, (n + GUARD_DWORDS) * 4ull, e)) &&
        (acc = bufs_new(g, &bs, (66 + GUARD_DWORDS) * 4ull, e))) {
        uint32_t *s = src->map, *a = acc->map, hist[64] = { 0 }, max = 0;
        for (uint32_t i = 0; i < n; i++) {
            s[i] = (uint32_t)rng() >> 1;
            hist[s[i] & 63]++;
            max = s[i] > max ? s[i] : max;
        }
        memset(a, 0, 66 * 4);
        j.bind[0] = src; j.bind[1] = src; j.bind[2] = dst; j.bind[3] = acc;
        j.push[0] = n;
        j.groups = (n + 63) / 64;
        seen = calloc(n, 1);
        if (job_run(g, &j, e)) {
            const uint32_t *d = dst->map;
            ok = true;
            if (a[0] != n) {
                ok = fail(e, "counter = %u, want %u", a[0], n);
            } else if (a[1] != max) {
                ok = fail(e, "atomicMax = 0x%08x, want 0x%08x", a[1], max);
            }
            for (uint32_t b = 0; b < 64 && ok; b++) {
                if (a[2 + b] != hist[b]) {
                    ok = fail(e, "histogram bin %u = %u, want %u", b, a[2 + b], hist[b]);
                }
            }
            for (uint32_t i = 0; i < n && ok; i++) {
                if (d[i] >= n || seen[d[i]]++) {
                    ok = fail(e, "invocation %u got ticket %u: %s", i, d[i],
                              d[i] >= n ? "out of range" : "given twice");
                }
            }
            ok = ok && check_canary(dst, n, n + GUARD_DWORDS, "after tickets", e) &&
                 check_canary(acc, 66, 66 + GUARD_DWORDS, "after the histogram", e);
            timing(what, &j);
        }
    }
    free(seen);
    if (!e->hung) {
        bufs_free(g, &bs);
    }
    return ok;
}

/* vkCmdFillBuffer / vkCmdCopyBuffer of 1 MiB at offsets. */
typedef struct Xfer {
    Buf *src, *dst;
    VkDeviceSize src_off, dst_off, size;
    uint32_t value;
} Xfer;

static void record_fill(VkCommandBuffer cb, void *arg)
{
    Xfer *x = arg;

    vkCmdFillBuffer(cb, x->dst->buf, x->dst_off, x->size, x->value);
}

static void record_copy(VkCommandBuffer cb, void *arg)
{
    Xfer *x = arg;
    VkBufferCopy r = { x->src_off, x->dst_off, x->size };

    vkCmdCopyBuffer(cb, x->src->buf, x->dst->buf, 1, &r);
}

static bool t_xfer(Gpu *g, Err *e, char *what, size_t ws, bool copy)
{
    const VkDeviceSize size = opt.size ? opt.size : 1u << 20;
    const VkDeviceSize off = 256, total = size + 2 * off;
    Bufs bs = { .n = 0 };
    Xfer x = { .src_off = 64, .dst_off = off, .size = size, .value = 0x5EC0FFEE };
    Job j = { .record = copy ? record_copy : record_fill, .arg = &x };
    bool ok = false;

    snprintf(what, ws, "%s of %" PRIu64 " bytes (RADV's %s shader)",
             copy ? "vkCmdCopyBuffer" : "vkCmdFillBuffer", (uint64_t)size,
             copy ? "copy" : "fill");
    if ((x.src = bufs_new(g, &bs, total, e)) && (x.dst = bufs_new(g, &bs, total, e))) {
        uint32_t *s = x.src->map;
        for (VkDeviceSize i = 0; i < total / 4; i++) {
            s[i] = (uint32_t)rng();
        }
        if (job_run(g, &j, e)) {
            const uint32_t *d = x.dst->map;
            uint64_t first = off / 4, end = (off + size) / 4;
            ok = check_canary(x.dst, 0, first, "before dst", e);
            for (uint64_t i = first; i < end && ok; i++) {
                uint32_t want = copy ? s[x.src_off / 4 + (i - first)] : x.value;
                if (d[i] != want) {
                    ok = fail(e, "dst dword %" PRIu64 " = 0x%08x, want 0x%08x",
                              i - first, d[i], want);
                }
            }
            ok = ok && check_canary(x.dst, end, total / 4, "after dst", e);
            timing(what, &j);
            bench_figure(copy ? "copy-api" : "fill-api", size, &j);
        }
    }
    if (!e->hung) {
        bufs_free(g, &bs);
    }
    return ok;
}

static bool t_fill_api(Gpu *g, Err *e, char *what, size_t ws)
{
    return t_xfer(g, e, what, ws, false);
}

static bool t_copy_api(Gpu *g, Err *e, char *what, size_t ws)
{
    return t_xfer(g, e, what, ws, true);
}

/*
 * Private memory: scratch.comp's 128-dword array, written and read at
 * indices each invocation computes, lives in scratch with both compilers
 * (gfx7: MUBUF through the swizzled scratch V#; gfx9 ACO: SCRATCH_*
 * through FLAT_SCRATCH). Several groups, a partial last one.
 */
#define SCRATCH_N       128u
#define SCRATCH_STEPS   48u

static bool t_scratch(Gpu *g, Err *e, char *what, size_t ws)
{
    const uint32_t n = 64 * 9 + 17;
    Bufs bs = { .n = 0 };
    Buf *src, *dst;
    Job j = { .spv = scratch_spv, .spv_size = sizeof(scratch_spv) };
    bool ok = false;

    snprintf(what, ws, "a %u-dword private array in scratch, dynamic indices, %u invocations",
             SCRATCH_N, n);
    if ((src = bufs_new(g, &bs, n * 4ull, e)) &&
        (dst = bufs_new(g, &bs, (n * 2 + GUARD_DWORDS) * 4ull, e))) {
        uint32_t *s = src->map;
        for (uint32_t i = 0; i < n; i++) {
            s[i] = (uint32_t)rng();
        }
        j.bind[0] = src; j.bind[1] = dst; j.bind[2] = dst; j.bind[3] = dst;
        j.push[0] = n;
        j.groups = (n + 63) / 64;
        if (job_run(g, &j, e)) {
            const uint32_t *o = dst->map;
            ok = true;
            for (uint32_t i = 0; i < n && ok; i++) {
                uint32_t a[SCRATCH_N], seed = s[i], x = seed, acc = 0;
                for (uint32_t k = 0; k < SCRATCH_N; k++) {
                    a[k] = seed * (k + 1) ^ (k << 3);
                }
                for (uint32_t k = 0; k < SCRATCH_STEPS; k++) {
                    uint32_t jj = (x >> 7) % SCRATCH_N;
                    a[jj] += acc ^ k;
                    acc = acc * 31 + a[(jj * 5 + 3) % SCRATCH_N];
                    x = x * 1664525u + 1013904223u;
                }
                if (o[i * 2] != acc || o[i * 2 + 1] != a[seed % SCRATCH_N]) {
                    ok = fail(e, "invocation %u: 0x%08x 0x%08x, want 0x%08x 0x%08x "
                              "(seed 0x%08x)", i, o[i * 2], o[i * 2 + 1], acc,
                              a[seed % SCRATCH_N], seed);
                }
            }
            ok = ok && check_canary(dst, n * 2, n * 2 + GUARD_DWORDS, "after dst", e);
            timing(what, &j);
        }
    }
    if (!e->hung) {
        bufs_free(g, &bs);
    }
    return ok;
}

/* Not a test of the GPU: "device" runs this. */
static bool t_device(Gpu *g, Err *e, char *what, size_t ws);

/* ---- 16-bit floats, shuffles, shared float atomics, indexed arrays ---- */

#define F16_N           (4096u + 5u)
#define F16_OUTS        8u
/* Inputs are k / 64 (exact in binary16): |x| <= 4, |y| <= 3. */
#define F16_STEPS       64.0f

/*
 * Without shaderFloat16 the test passes only by saying so: the feature is
 * the device's own answer (RADV decides per chip), not the test's guess.
 */
static bool t_f16(Gpu *g, Err *e, char *what, size_t ws)
{
    const uint32_t n = F16_N;
    Bufs bs = { .n = 0 };
    Buf *a, *b, *dst;
    Job j = { .spv = f16_spv, .spv_size = sizeof(f16_spv) };
    bool ok = false;

    if (!g->has_f16) {
        snprintf(what, ws, "float16 arithmetic: not run, %s does not offer shaderFloat16 "
                 "(VK_KHR_shader_float16_int8 %s)", g->props.deviceName,
                 has_extension(g->phys, VK_KHR_SHADER_FLOAT16_INT8_EXTENSION_NAME)
                     ? "present, feature off" : "absent");
        return true;
    }
    snprintf(what, ws, "float16 mul/add/div/sqrt/exp2/floor/fract/min/max/conversions, "
             "%u invocations", n);
    if ((a = bufs_new(g, &bs, n * 4ull, e)) && (b = bufs_new(g, &bs, n * 4ull, e)) &&
        (dst = bufs_new(g, &bs, (n * F16_OUTS + GUARD_DWORDS) * 4ull, e))) {
        float *x = a->map, *y = b->map;
        for (uint32_t i = 0; i < n; i++) {
            x[i] = rintf(frand(-4.0f, 4.0f) * F16_STEPS) / F16_STEPS;
            y[i] = rintf(frand(-3.0f, 3.0f) * F16_STEPS) / F16_STEPS;
        }
        j.bind[0] = a; j.bind[1] = b; j.bind[2] = dst; j.bind[3] = dst;
        j.push[0] = n;
        j.groups = (n + 63) / 64;
        if (job_run(g, &j, e)) {
            const float *o = dst->map;
            static const char *const name[F16_OUTS] = {
                "x * y + 0.5", "x - y / 4", "max(x, y) / (|y| + 1)",
                "sqrt(|x|) + min(x, y)", "floor(3x) + fract(y)", "exp2(x / 2)",
                "int(100x)", "f16(int(100y)) / 8",
            };
            ok = true;
            for (uint32_t i = 0; i < n && ok; i++) {
                double X = x[i], Y = y[i], want[F16_OUTS];
                want[0] = X * Y + 0.5;
                want[1] = X - Y * 0.25;
                want[2] = fmax(X, Y) / (fabs(Y) + 1.0);
                want[3] = sqrt(fabs(X)) + fmin(X, Y);
                want[4] = floor(X * 3.0) + (Y - floor(Y));
                want[5] = exp2(X * 0.5);
                want[6] = trunc(X * 100.0);
                want[7] = (double)(int32_t)(y[i] * 100.0f) * 0.125;
                for (unsigned k = 0; k < F16_OUTS && ok; k++) {
                    /*
                     * binary16 keeps 11 bits: a few roundings of 2^-11
                     * each; int(100x) may truncate a rounded product to
                     * the next integer; the last one is exact.
                     */
                    double tol = k == 6 ? 1.0 : k == 7 ? 0.0 : 4e-3 * (1.0 + fabs(want[k]));
                    double got = o[i * F16_OUTS + k], diff = fabs(got - want[k]);
                    if (!(diff <= tol)) {
                        ok = fail(e, "invocation %u: %s = %.9g, want %.9g (x %.9g, y %.9g;"
                                  " tolerance %.3g)", i, name[k], got, want[k], X, Y, tol);
                    }
                }
            }
            ok = ok && check_canary(dst, n * F16_OUTS, n * F16_OUTS + GUARD_DWORDS,
                                    "after dst", e);
            timing(what, &j);
        }
    }
    if (!e->hung) {
        bufs_free(g, &bs);
    }
    return ok;
}

#define SHUF_GROUPS     32u
#define SHUF_LOCAL      64u
#define SHUF_OUTS       4u
#define SHUF_XOR        5u

static bool t_shuffle(Gpu *g, Err *e, char *what, size_t ws)
{
    const uint32_t n = SHUF_GROUPS * SHUF_LOCAL, size = g->subgroup.subgroupSize;
    Bufs bs = { .n = 0 };
    Buf *src, *dst;
    Job j = { .spv = shuffle_spv, .spv_size = sizeof(shuffle_spv) };
    bool ok = false;

    snprintf(what, ws, "subgroupShuffle (data-dependent index) and ShuffleXor %u, "
             "subgroups of %u, %u invocations", SHUF_XOR, size, n);
    if (!(g->subgroup.supportedOperations & VK_SUBGROUP_FEATURE_SHUFFLE_BIT)) {
        return fail(e, "%s does not offer subgroup shuffles (ops 0x%x)",
                    g->props.deviceName, g->subgroup.supportedOperations);
    }
    if (size == 0 || SHUF_LOCAL % size || size <= SHUF_XOR) {
        return fail(e, "subgroup size %u does not suit workgroups of %u", size, SHUF_LOCAL);
    }
    if ((src = bufs_new(g, &bs, n * 4ull, e)) &&
        (dst = bufs_new(g, &bs, (n * SHUF_OUTS + GUARD_DWORDS) * 4ull, e))) {
        uint32_t *x = src->map;
        for (uint32_t i = 0; i < n; i++) {
            x[i] = (uint32_t)rng();
        }
        j.bind[0] = src; j.bind[2] = dst;
        j.groups = SHUF_GROUPS;
        if (job_run(g, &j, e)) {
            const uint32_t *o = dst->map;
            ok = true;
            for (uint32_t i = 0; i < n && ok; i++) {
                uint32_t local = i % SHUF_LOCAL, ids = o[i * SHUF_OUTS];
                uint32_t lane = ids & 0xff, sg = (ids >> 8) & 0xff, sz = ids >> 16;
                uint32_t base = i - local + sg * size, idx = (x[i] >> 8) % size;
                if (sz != size || lane != local % size || sg != local / size) {
                    ok = fail(e, "invocation %u reports lane %u subgroup %u size %u",
                              i, lane, sg, sz);
                } else if (o[i * SHUF_OUTS + 3] != idx) {
                    ok = fail(e, "invocation %u: index %u, want %u", i,
                              o[i * SHUF_OUTS + 3], idx);
                } else if (o[i * SHUF_OUTS + 1] != x[base + idx]) {
                    ok = fail(e, "invocation %u: subgroupShuffle(x, %u) = 0x%08x, want 0x%08x",
                              i, idx, o[i * SHUF_OUTS + 1], x[base + idx]);
                } else if (o[i * SHUF_OUTS + 2] != x[base + (lane ^ SHUF_XOR)]) {
                    ok = fail(e, "invocation %u: subgroupShuffleXor(x, %u) = 0x%08x,"
                              " want 0x%08x", i, SHUF_XOR, o[i * SHUF_OUTS + 2],
                              x[base + (lane ^ SHUF_XOR)]);
                }
            }
            ok = ok && check_canary(dst, n * SHUF_OUTS, n * SHUF_OUTS + GUARD_DWORDS,
                                    "after dst", e);
            timing(what, &j);
        }
    }
    if (!e->hung) {
        bufs_free(g, &bs);
    }
    return ok;
}

#define SHF_GROUPS      64u
#define SHF_LOCAL       64u
#define SHF_SLOTS       4u
#define SHF_VALUES      64u     /* inputs are (0..63) / 4 */

/* As t_f16: without the feature, the test says so and passes. */
static bool t_shfloat(Gpu *g, Err *e, char *what, size_t ws)
{
    const uint32_t n = SHF_GROUPS * SHF_LOCAL, outs = SHF_GROUPS * SHF_SLOTS;
    Bufs bs = { .n = 0 };
    Buf *src, *dst;
    Job j = { .spv = shfloat_spv, .spv_size = sizeof(shfloat_spv) };
    bool ok = false;

    if (!g->has_shared_fadd) {
        snprintf(what, ws, "shared-memory float atomicAdd: not run, %s does not offer "
                 "shaderSharedFloat32AtomicAdd (VK_EXT_shader_atomic_float %s)",
                 g->props.deviceName,
                 has_extension(g->phys, VK_EXT_SHADER_ATOMIC_FLOAT_EXTENSION_NAME)
                     ? "present, feature off" : "absent");
        return true;
    }
    snprintf(what, ws, "shared-memory float atomicAdd into %u slots, %u groups of %u",
             SHF_SLOTS, SHF_GROUPS, SHF_LOCAL);
    if ((src = bufs_new(g, &bs, n * 4ull, e)) &&
        (dst = bufs_new(g, &bs, (outs + GUARD_DWORDS) * 4ull, e))) {
        float *x = src->map;
        for (uint32_t i = 0; i < n; i++) {
            x[i] = (float)(rng() % SHF_VALUES) * 0.25f;
        }
        j.bind[0] = src; j.bind[2] = dst;
        j.groups = SHF_GROUPS;
        if (job_run(g, &j, e)) {
            const float *o = dst->map;
            ok = true;
            for (uint32_t k = 0; k < outs && ok; k++) {
                uint32_t grp = k / SHF_SLOTS, slot = k % SHF_SLOTS;
                double want = 0.0;
                for (uint32_t l = slot; l < SHF_LOCAL; l += SHF_SLOTS) {
                    want += x[grp * SHF_LOCAL + l];
                }
                if (o[k] != want) {
                    ok = fail(e, "group %u slot %u: sum %.9g, want %.9g", grp, slot, o[k],
                              want);
                }
            }
            ok = ok && check_canary(dst, outs, outs + GUARD_DWORDS, "after dst", e);
            timing(what, &j);
        }
    }
    if (!e->hung) {
        bufs_free(g, &bs);
    }
    return ok;
}

#define DYN_N           (4096u + 7u)
#define DYN_LEN         8u
#define DYN_MASK        (DYN_LEN - 1)

static bool t_dynidx(Gpu *g, Err *e, char *what, size_t ws)
{
    const uint32_t n = DYN_N;
    Bufs bs = { .n = 0 };
    Buf *src, *dst;
    Job j = { .spv = dynidx_spv, .spv_size = sizeof(dynidx_spv) };
    bool ok = false;

    snprintf(what, ws, "a private uint[%u] read and written at data-dependent indices, "
             "%u invocations", DYN_LEN, n);
    if ((src = bufs_new(g, &bs, n * 4ull, e)) &&
        (dst = bufs_new(g, &bs, (n * 2 + GUARD_DWORDS) * 4ull, e))) {
        uint32_t *x = src->map;
        for (uint32_t i = 0; i < n; i++) {
            x[i] = (uint32_t)rng();
        }
        j.bind[0] = src; j.bind[2] = dst;
        j.push[0] = n;
        j.groups = (n + 63) / 64;
        if (job_run(g, &j, e)) {
            const uint32_t *o = dst->map;
            ok = true;
            for (uint32_t i = 0; i < n && ok; i++) {
                uint32_t v = x[i], a[DYN_LEN], w0, w1;
                for (uint32_t k = 0; k < DYN_LEN; k++) {
                    a[k] = v + k * k;
                }
                a[v & DYN_MASK] += 1000u;
                a[(v >> 3) & DYN_MASK] *= 3u;
                w0 = a[(v >> 6) & DYN_MASK];
                w1 = a[(v >> 9) & DYN_MASK] ^ a[(v >> 12) & DYN_MASK];
                if (o[2 * i] != w0 || o[2 * i + 1] != w1) {
                    ok = fail(e, "invocation %u (x 0x%08x): 0x%08x 0x%08x, want 0x%08x"
                              " 0x%08x", i, v, o[2 * i], o[2 * i + 1], w0, w1);
                }
            }
            ok = ok && check_canary(dst, n * 2, n * 2 + GUARD_DWORDS, "after dst", e);
            timing(what, &j);
        }
    }
    if (!e->hung) {
        bufs_free(g, &bs);
    }
    return ok;
}

static const Test tests[] = {
    { "device", t_device },
    { "fill", t_fill },
    { "copy", t_copy },
    { "scan", t_scan },
    { "subgroup", t_subgroup },
    { "int64", t_int64 },
    { "float", t_float },
    { "atomic", t_atomic },
    { "scratch", t_scratch },
    { "f16", t_f16 },
    { "shuffle", t_shuffle },
    { "shfloat", t_shfloat },
    { "dynidx", t_dynidx },
    { "fill-api", t_fill_api },
    { "copy-api", t_copy_api },
};

/* The device line: an AMD device, compiling with the --compiler asked. */
static bool t_device(Gpu *g, Err *e, char *what, size_t ws)
{
    const char *name = g->props.deviceName;
    bool amd = g->props.vendorID == 0x1002, llvm = strstr(name, "LLVM") != NULL;

    diag("%s, driver %u.%u.%u, Vulkan %u.%u.%u, subgroups of %u (ops 0x%x),"
         " shaderInt64 %u", name, VK_VERSION_MAJOR(g->props.driverVersion),
         VK_VERSION_MINOR(g->props.driverVersion),
         VK_VERSION_PATCH(g->props.driverVersion),
         VK_VERSION_MAJOR(g->props.apiVersion), VK_VERSION_MINOR(g->props.apiVersion),
         VK_VERSION_PATCH(g->props.apiVersion), g->subgroup.subgroupSize,
         g->subgroup.supportedOperations, g->features.shaderInt64);
    diag("queue family %u: flags 0x%x, %u queues; memory type %u: flags 0x%x (heap %u)",
         g->family, g->family_props.queueFlags, g->family_props.queueCount,
         g->memtype, g->memtype_props.propertyFlags, g->memtype_props.heapIndex);
    snprintf(what, ws, "%s (vendor 0x%x), compiling with %s", name,
             g->props.vendorID, llvm ? "LLVM" : "ACO");
    if (!amd) {
        return fail(e, "not an AMD device");
    }
    if (opt.compiler && llvm != !strcmp(opt.compiler, "llvm")) {
        return fail(e, "--compiler %s asked", opt.compiler);
    }
    return true;
}

static const char *label;

/*
 * The test process: its own instance and device, one test, its TAP line,
 * then one status byte on fd: '0' passed, '1' failed, 'h' failed with its
 * GPU work still pending. The TAP line comes after the cleanup, so a crash
 * never leaves a test without one (the parent prints it then).
 *
 * After a hang the process must not exit: closing its DRM file would wait
 * in amdgpu_vm_fini, uninterruptibly, for page-table updates queued behind
 * the halted dispatch. It lets go of stdout and stderr, so whoever reads
 * them sees the end, and sleeps until the guest powers off; its VM and the
 * compute ring its work holds stay with it.
 */
static void __attribute__((noreturn)) child(const Test *t, int fd)
{
    Gpu g = { 0 };
    Err e = { .hung = false };
    char what[200] = "";
    char status;
    bool ok;

    if (!gpu_instance(&g, &e) || !gpu_device(&g, &e)) {
        tap(false, "%s: %s (not run: no Vulkan device: %s)", label, t->name, e.msg);
        (void)!write(fd, "1", 1);
        _exit(1);
    }
    ok = t->run(&g, &e, what, sizeof(what));
    if (!e.hung) {
        gpu_device_destroy(&g);
        vkDestroyInstance(g.instance, NULL);
    }
    tap(ok, "%s: %s: %s%s%s", label, t->name, what, ok ? "" : ": ", ok ? "" : e.msg);
    fflush(stdout);
    status = e.hung ? 'h' : ok ? '0' : '1';
    (void)!write(fd, &status, 1);
    if (e.hung) {
        int null = open("/dev/null", O_RDWR);
        dup2(null, STDIN_FILENO);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        close(fd);
        for (;;) {
            pause();
        }
    }
    _exit(ok ? 0 : 1);
}

/*
 * How many compute rings hold work that does not finish, from amdgpu's
 * fence debugfs file: between tests none of our work is in flight, so a
 * ring whose last emitted fence has not signalled holds a stuck dispatch.
 * -1 if the file cannot be read; *rings_out the number of compute rings.
 */
static int stuck_rings(unsigned *rings_out)
{
    char path[64], line[256], ring[64] = "";
    unsigned rings = 0, stuck = 0, signaled = 0, emitted;
    FILE *f = NULL;

    for (int minor = 0; minor < 16 && !f; minor++) {
        snprintf(path, sizeof(path), "/sys/kernel/debug/dri/%d/amdgpu_fence_info", minor);
        f = fopen(path, "r");
    }
    if (!f) {
        return -1;
    }
    while (fgets(line, sizeof(line), f)) {
        if (sscanf(line, "--- ring %*u (%63[^)])", ring) == 1) {
            continue;
        }
        if (strncmp(ring, "comp_", 5)) {
            continue;
        }
        if (sscanf(line, "Last signaled fence %x", &signaled) == 1) {
            continue;
        }
        if (sscanf(line, "Last emitted %x", &emitted) == 1) {
            rings++;
            stuck += emitted != signaled;
        }
    }
    fclose(f);
    *rings_out = rings;
    return rings ? (int)stuck : -1;
}

/*
 * Set when a test timed out without a new stuck ring: its work went to a
 * ring that an earlier test's dispatch already holds, as every later
 * test's would (the kernel has no free compute ring left for us).
 */
static bool no_free_ring;

/*
 * Run test t in a child process and account for its TAP line. The child
 * gets --timeout for its GPU work plus COMPILE_BUDGET seconds for the rest
 * (LLVM under TCG is slow); then it is killed.
 */
#define COMPILE_BUDGET  180.0
#define EXIT_WAIT       30.0

static void run_test(const Test *t)
{
    double deadline = now() + opt.timeout + COMPILE_BUDGET;
    int status = 0, fds[2], stuck_before, stuck_after;
    unsigned rings = 0;
    char st = 0;
    pid_t pid;
    ssize_t n = -1;

    if (no_free_ring) {
        tap(false, "%s: %s (not run: every compute ring the kernel gives us holds"
            " a dispatch that does not finish)", label, t->name);
        return;
    }
    stuck_before = stuck_rings(&rings);
    fflush(stdout);
    if (pipe(fds) < 0 || (pid = fork()) < 0) {
        tap(false, "%s: %s (not run: pipe/fork: %s)", label, t->name, strerror(errno));
        return;
    }
    if (pid == 0) {
        close(fds[0]);
        child(t, fds[1]);
    }
    close(fds[1]);
    while (now() < deadline) {
        struct pollfd pfd = { .fd = fds[0], .events = POLLIN };
        if (poll(&pfd, 1, 100) > 0) {
            n = read(fds[0], &st, 1);
            break;
        }
    }
    close(fds[0]);
    if (n == 1) {
        /* The child printed the line. */
        tap_n++;
        tap_failed += st != '0';
        if (st == 'h') {
            stuck_after = stuck_rings(&rings);
            if (stuck_after >= 0) {
                diag("%s: the test process stays, holding its GPU work; %d of %u"
                     " compute rings now hold a dispatch that does not finish",
                     t->name, stuck_after, rings);
            }
            if (stuck_after >= 0 && stuck_after == stuck_before) {
                diag("%s: no new ring got stuck: its work queued behind an earlier"
                     " test's stuck dispatch, so this is no verdict on %s; the"
                     " tests after it cannot run", t->name, t->name);
                no_free_ring = true;
            }
            return;
        }
        /* Let it exit before the next test starts. */
        deadline = now() + EXIT_WAIT;
        while (waitpid(pid, &status, WNOHANG) == 0) {
            if (now() > deadline) {
                diag("%s: the test process did not exit in %.0f s", t->name, EXIT_WAIT);
                break;
            }
            usleep(20 * 1000);
        }
        return;
    }
    if (n < 0) {
        kill(pid, SIGKILL);
        tap(false, "%s: %s (its process did not finish in %.0f s and was killed)",
            label, t->name, opt.timeout + COMPILE_BUDGET);
        return;
    }
    /* No status: the child died before its line. */
    deadline = now() + EXIT_WAIT;
    while (waitpid(pid, &status, WNOHANG) == 0 && now() < deadline) {
        usleep(20 * 1000);
    }
    if (WIFSIGNALED(status)) {
        tap(false, "%s: %s (its process died with signal %d: %s)", label, t->name,
            WTERMSIG(status), strsignal(WTERMSIG(status)));
    } else {
        tap(false, "%s: %s (its process ended without a result, status %d)", label,
            t->name, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    }
}

static bool selected(const char *name)
{
    const char *p = opt.tests;
    size_t len = strlen(name);

    if (!p || !strcmp(name, "device")) {
        return true;
    }
    while (*p) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == len && !strncmp(p, name, n)) {
            return true;
        }
        p += n + (end != NULL);
    }
    return false;
}

static void usage(int status)
{
    FILE *f = status ? stderr : stdout;

    fprintf(f, "usage: aemu-vk-compute [--tests LIST] [--timeout SEC] [--label TEXT]\n"
               "                       [--compiler aco|llvm] [--first N] [--size BYTES]\n"
               "tests (device always runs):");
    for (size_t i = 1; i < N_ELEMENTS(tests); i++) {
        fprintf(f, " %s", tests[i].name);
    }
    fputc('\n', f);
    exit(status);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "tests", required_argument, NULL, 't' },
        { "timeout", required_argument, NULL, 'T' },
        { "label", required_argument, NULL, 'l' },
        { "compiler", required_argument, NULL, 'c' },
        { "first", required_argument, NULL, 'f' },
        { "size", required_argument, NULL, 's' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int ch;

    setvbuf(stdout, NULL, _IOLBF, 0);
    while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (ch) {
        case 't': opt.tests = optarg; break;
        case 'T': opt.timeout = atof(optarg); break;
        case 'l': opt.label = optarg; break;
        case 'c': opt.compiler = optarg; break;
        case 'f': opt.first = atoi(optarg); break;
        case 's': {
            char *end;

            opt.size = strtoull(optarg, &end, 0);
            if (*end == 'K' || *end == 'k') {
                opt.size *= 1024;
                end++;
            } else if (*end == 'M' || *end == 'm') {
                opt.size <<= 20;
                end++;
            }
            if (*end || !opt.size || opt.size % BENCH_SIZE_UNIT ||
                opt.size > BENCH_SIZE_MAX) {
                fprintf(stderr, "aemu-vk-compute: --size takes a whole number "
                        "of KiB up to 32M\n");
                usage(2);
            }
            break;
        }
        case 'h': usage(0); break;
        default: usage(2);
        }
    }
    if (optind != argc || opt.timeout <= 0 ||
        (opt.compiler && strcmp(opt.compiler, "aco") && strcmp(opt.compiler, "llvm"))) {
        usage(2);
    }
    if (opt.tests) {
        /* Every name in the list must be a test. */
        char *list = strdup(opt.tests), *save = NULL;
        for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            size_t i = 0;
            while (i < N_ELEMENTS(tests) && strcmp(t, tests[i].name)) {
                i++;
            }
            if (i == N_ELEMENTS(tests)) {
                fprintf(stderr, "aemu-vk-compute: no test %s\n", t);
                usage(2);
            }
        }
        free(list);
    }
    label = opt.label ? opt.label : opt.compiler ? opt.compiler : "vk";
    tap_n = opt.first > 0 ? opt.first - 1 : 0;
    /*
     * Compile every pipeline afresh: no shader cache, and no RADV meta
     * cache (a device that finds one compiles every meta shader at once).
     */
    setenv("MESA_SHADER_CACHE_DISABLE", "true", 0);
    setenv("XDG_CACHE_HOME", "/nonexistent", 0);

    for (size_t i = 0; i < N_ELEMENTS(tests); i++) {
        if (selected(tests[i].name)) {
            /* The same inputs whichever tests run. */
            rng_state = 0x5eed + i;
            run_test(&tests[i]);
        }
    }
    if (opt.first <= 0) {
        printf("1..%d\n", tap_n);
    }
    return tap_failed ? 1 : 0;
}
