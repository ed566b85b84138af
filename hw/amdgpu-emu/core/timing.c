/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the cost of a step of work (see timing.h), shared by the
 * scheduler, which charges it, and the timeline, which shares a step's
 * time out among its packets.
 */
#include <glib.h>
#include "timing.h"

/* ns of bytes at MB/s: MB/s is bytes per microsecond. */
static double bytes_ns(uint64_t bytes, uint32_t mb_s)
{
    return mb_s ? (double)bytes * 1000 / mb_s : 0;
}

double aemu_timing_work_ns(const AemuTiming *t, AemuEngineClass cls,
                           uint64_t units, const AemuBytes *b)
{
    const AemuEngineCosts *c = &t->engine[cls];
    uint64_t vram = b->n[AEMU_PATH_VRAM_READ] + b->n[AEMU_PATH_VRAM_WRITE];
    uint64_t moved = MAX(b->n[AEMU_PATH_SYS_READ] + b->n[AEMU_PATH_VRAM_READ],
                         b->n[AEMU_PATH_SYS_WRITE] +
                         b->n[AEMU_PATH_VRAM_WRITE]);
    /*
     * The paths stream at once: VRAM reads and writes share the DRAM bus,
     * PCIe carries each direction on its own lanes. The slowest of them
     * (or the engine itself) sets the step's transfer time.
     */
    double path = MAX(bytes_ns(vram, t->vram_mb_s),
                      MAX(bytes_ns(b->n[AEMU_PATH_SYS_READ], t->sys_read_mb_s),
                          bytes_ns(b->n[AEMU_PATH_SYS_WRITE],
                                   t->sys_write_mb_s)));

    path = MAX(path, bytes_ns(moved, c->copy_mb_s));
    return (double)units * c->packet_cycles * 1000 / t->engine_mhz + path;
}

bool aemu_timing_valid(const AemuTiming *t, const char **why)
{
    if (!t->engine_mhz || !t->vram_mb_s || !t->sys_read_mb_s ||
        !t->sys_write_mb_s) {
        *why = "a clock or a bandwidth is zero";
        return false;
    }
    if (!t->shader_class_cycles) {
        *why = "no shader instruction costs";
        return false;
    }
    for (unsigned c = AEMU_ENGINE_CLASS_GFX; c < AEMU_ENGINE_CLASS_COUNT;
         c++) {
        const AemuEngineCosts *e = &t->engine[c];

        if (!e->packet_cycles || !e->launch_ns || !e->fence_ns) {
            *why = "a CP or SDMA engine has no packet, launch or fence cost";
            return false;
        }
        for (unsigned i = 0; i < e->num_ops; i++) {
            for (unsigned j = 0; j < i; j++) {
                if (e->ops[i].opcode == e->ops[j].opcode) {
                    *why = "an opcode is listed twice";
                    return false;
                }
            }
        }
    }
    return true;
}
