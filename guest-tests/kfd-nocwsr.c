/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libaemu-kfd-nocwsr.so: an LD_PRELOAD shim that lets ROCm's user space
 * create KFD compute queues on a GPU without CWSR (Hawaii) under Linux
 * 6.12 built without CONFIG_HSA_AMD_SVM (Debian's kernel), for the
 * kfd-hawaii plan (issue 11).
 *
 * Why: 6.12's kfd_queue_acquire_buffers (amdkfd/kfd_queue.c) checks every
 * compute queue's context save/restore (CWSR) area against the process's
 * GPU mappings, also when the GPU has none (cwsr_size 0 in its topology
 * node): it looks up a mapping at ctx_save_restore_address, and when there
 * is none asks the SVM ranges, whose lookup without CONFIG_HSA_AMD_SVM
 * always fails. libhsakmt 5.2.3 gives a CWSR area only to gfx8 and later
 * (update_ctx_save_restore_size), so there AMDKFD_IOC_CREATE_QUEUE fails
 * with EINVAL for every compute queue of a gfx7 GPU: no PM4 queue, no AQL
 * queue, no ROCr. An area of size 0 passes the check when its address is
 * the start of any mapping (kfd_queue_buffer_get compares nothing else),
 * and KFD uses the area for nothing on CIK (its MQD has no CWSR fields).
 *
 * What: ioctl() on a KFD file for AMDKFD_IOC_CREATE_QUEUE of a compute or
 * AQL queue without a CWSR area gets the queue's own ring as a CWSR area
 * of size 0 (the ring is the start of its mapping); the caller's argument
 * is put back as it was. Everything else passes through. The first queue
 * it changes is said once on stderr, so a run that needed it shows it.
 * It changes what user space asks, never what the device model sees.
 *
 * Use: LD_PRELOAD=/usr/lib/aemu/libaemu-kfd-nocwsr.so PROGRAM ...
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/ioctl.h>

/*
 * KFD's ioctl ABI for queue creation, as the uapi header linux/kfd_ioctl.h
 * spells it (that header needs drm/drm.h, which no Debian package puts
 * there, so the few names used are repeated here).
 */
struct kfd_ioctl_create_queue_args {
    uint64_t ring_base_address;
    uint64_t write_pointer_address;
    uint64_t read_pointer_address;
    uint64_t doorbell_offset;
    uint32_t ring_size;
    uint32_t gpu_id;
    uint32_t queue_type;
    uint32_t queue_percentage;
    uint32_t queue_priority;
    uint32_t queue_id;
    uint64_t eop_buffer_address;
    uint64_t eop_buffer_size;
    uint64_t ctx_save_restore_address;
    uint32_t ctx_save_restore_size;
    uint32_t ctl_stack_size;
};

#define AMDKFD_IOCTL_BASE               'K'
#define AMDKFD_IOC_CREATE_QUEUE \
    _IOWR(AMDKFD_IOCTL_BASE, 0x02, struct kfd_ioctl_create_queue_args)
#define KFD_IOC_QUEUE_TYPE_COMPUTE      0x0
#define KFD_IOC_QUEUE_TYPE_COMPUTE_AQL  0x2

typedef int (*ioctl_fn)(int fd, unsigned long request, ...);

static bool said;

static bool patch(struct kfd_ioctl_create_queue_args *a)
{
    if ((a->queue_type != KFD_IOC_QUEUE_TYPE_COMPUTE &&
         a->queue_type != KFD_IOC_QUEUE_TYPE_COMPUTE_AQL) ||
        a->ctx_save_restore_address || a->ctx_save_restore_size ||
        !a->ring_base_address) {
        return false;
    }
    a->ctx_save_restore_address = a->ring_base_address;
    if (!said) {
        said = true;
        fprintf(stderr, "aemu-kfd-nocwsr: %s queue without a CWSR area: its "
                "ring at 0x%llx given as one of size 0 (Linux 6.12 "
                "kfd_queue_acquire_buffers without CONFIG_HSA_AMD_SVM)\n",
                a->queue_type == KFD_IOC_QUEUE_TYPE_COMPUTE ? "PM4" : "AQL",
                (unsigned long long)a->ring_base_address);
    }
    return true;
}

int ioctl(int fd, unsigned long request, ...)
{
    static ioctl_fn real;
    va_list ap;
    void *arg;
    int r;

    va_start(ap, request);
    arg = va_arg(ap, void *);
    va_end(ap);
    if (!real) {
        real = (ioctl_fn)dlsym(RTLD_NEXT, "ioctl");
    }
    if (request == AMDKFD_IOC_CREATE_QUEUE && arg && patch(arg)) {
        r = real(fd, request, arg);
        ((struct kfd_ioctl_create_queue_args *)arg)->ctx_save_restore_address = 0;
        return r;
    }
    return real(fd, request, arg);
}
