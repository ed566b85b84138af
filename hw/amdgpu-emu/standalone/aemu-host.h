/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu standalone host: runs the core model without QEMU.
 *
 * Guest (bus) memory is one flat buffer starting at bus address 0, VRAM a
 * second buffer, time a counter the test advances, and every interrupt edge
 * and guest error is recorded for the test to inspect. Unit tests, fuzz
 * targets and the trace replayer link against it.
 */
#ifndef AMDGPU_EMU_STANDALONE_HOST_H
#define AMDGPU_EMU_STANDALONE_HOST_H

#include <string.h>
#include <glib.h>
#include "amdgpu-emu/aemu.h"

typedef struct AemuTestHost {
    AemuDevice *dev;
    uint8_t *ram;
    uint64_t ram_size;
    uint8_t *vram;
    uint64_t vram_size;
    uint64_t now_ns;
    uint64_t timer_deadline;    /* UINT64_MAX: not armed */
    unsigned irq_edges;         /* asserted=true calls */
    bool irq_level;
    GPtrArray *guest_errors;    /* char * */
} AemuTestHost;

/* NULL asic/0 vram: defaults. Aborts the test on a bad config. */
AemuTestHost *aemu_test_host_new(const char *asic, uint64_t vram_size,
                                 uint64_t ram_size);
AemuTestHost *aemu_test_host_new_config(const AemuConfig *cfg,
                                        uint64_t ram_size);
void aemu_test_host_free(AemuTestHost *h);
/* Advance virtual time, firing the device timer when it is due. */
void aemu_test_host_advance(AemuTestHost *h, uint64_t ns);

/* Little-endian values in guest RAM or VRAM, as the GPU reads them. */
static inline uint32_t aemu_test_get32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, 4);
    return GUINT32_FROM_LE(v);
}

static inline uint64_t aemu_test_get64(const uint8_t *p)
{
    uint64_t v;

    memcpy(&v, p, 8);
    return GUINT64_FROM_LE(v);
}

static inline void aemu_test_put32(uint8_t *p, uint32_t v)
{
    v = GUINT32_TO_LE(v);
    memcpy(p, &v, 4);
}

static inline void aemu_test_put64(uint8_t *p, uint64_t v)
{
    v = GUINT64_TO_LE(v);
    memcpy(p, &v, 8);
}

/*
 * VM context 0 (the GART) as gmc_v7_0_gart_enable programs it: a flat table
 * of `pages` PTEs at VRAM offset table_vram, covering GPU addresses from
 * start; cntl_extra adds fault enables to ENABLE_CONTEXT. The PTEs are the
 * caller's to write.
 */
void aemu_test_gart_enable(AemuTestHost *h, uint64_t start, uint64_t pages,
                           uint64_t table_vram, uint32_t cntl_extra);

/* Register access by dword index, as the driver's RREG32/WREG32. */
uint32_t aemu_test_rreg(AemuTestHost *h, uint32_t dw);
void aemu_test_wreg(AemuTestHost *h, uint32_t dw, uint32_t v);

#endif
