/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu standalone host: runs the core model without QEMU.
 *
 * Guest (bus) memory is one flat buffer starting at bus address 0, VRAM a
 * second buffer, time a counter the test advances, and every interrupt edge,
 * guest error and unimplemented feature is recorded for the test to
 * inspect, with the trace events a test asks for. Unit tests, fuzz
 * targets and the trace replayer link against it.
 */
#ifndef AMDGPU_EMU_STANDALONE_HOST_H
#define AMDGPU_EMU_STANDALONE_HOST_H

#include <string.h>
#include <glib.h>
#include "amdgpu-emu/aemu.h"
#include "aemu-trace-print.h"

/* A core trace event a test asked to keep (aemu_test_host_trace). */
typedef struct AemuTestEvent {
    unsigned id;
    const char *name;               /* "cp_packet" */
    uint64_t args[AEMU_TRACE_MAX_ARGS];
    char *str[AEMU_TRACE_MAX_ARGS]; /* copies of the string arguments */
    char *text;                     /* the arguments through the format */
} AemuTestEvent;

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
    GPtrArray *unimps;          /* char *: what the model lacks */
    /*
     * Core trace events. trace_on is the flag the core reads per event: set
     * when a test keeps the event or the AEMU_TRACE environment variable
     * prints it (aemu-trace-print.h).
     */
    uint16_t *trace_on;
    bool *trace_keep;
    bool *trace_print;
    GPtrArray *events;          /* AemuTestEvent *, kept events in order */
    unsigned long event_calls;  /* host.event calls, kept or only printed */
    AemuTracePrint print;
} AemuTestHost;

/* NULL asic/0 vram: defaults. Aborts the test on a bad config. */
AemuTestHost *aemu_test_host_new(const char *asic, uint64_t vram_size,
                                 uint64_t ram_size);
AemuTestHost *aemu_test_host_new_config(const AemuConfig *cfg,
                                        uint64_t ram_size);
/*
 * A host around a given chip description, listed for users or not yet
 * (a chip being built); 0 vram: the chip's default.
 */
typedef struct AemuAsic AemuAsic;
AemuTestHost *aemu_test_host_new_asic(const AemuAsic *asic,
                                      uint64_t vram_size, uint64_t ram_size);
void aemu_test_host_free(AemuTestHost *h);
/*
 * Keep the core trace events whose full names (amdgpu_emu_<name>) the
 * comma-separated glob patterns select, in h->events; NULL keeps none.
 * Replaces the previous selection; events kept so far stay.
 */
void aemu_test_host_trace(AemuTestHost *h, const char *patterns);
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
