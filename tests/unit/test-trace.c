/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of what the core tells its host about itself: the trace
 * events of core/aemu-events.def and the unimplemented-feature channel.
 *
 * Rings and IBs are built in VRAM and reached through the framebuffer
 * aperture (VMID 0, MC address = VRAM offset), so no GART is needed. The
 * standalone host keeps the events a test selects: a CP ring must yield
 * one cp_packet per packet, with the opcode table's names, in execution
 * order, IB packets between the ring's; an event left off must never reach
 * the host, and one switched on at run time must. A valid packet the model
 * lacks must reach the host's unimp op, never guest_error, while a truly
 * unknown opcode stays a guest error.
 */
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "aemu-host.h"
#include "aemu-trace.h"
#include "pm4_cik.h"
#include "sdma_cik_pkt.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

#define MiB (1024ull * 1024ull)
/* The host's RAM is unused: everything lives in VRAM. */
#define RAM_SIZE MiB

/* VRAM layout (byte offsets = MC addresses in VMID 0). */
#define GFX_RING        0x10000ull
#define GFX_RING_DW     1024u
#define GFX_RING_ORDER  9u              /* RB_BUFSZ: 2^(9 + 1) dwords */
#define IB              0x20000ull
#define WB_RPTR         0x30000ull
#define FENCE           0x30010ull
#define DATA            0x30020ull
#define SDMA_RING       0x40000ull
#define SDMA_RING_ORDER 10u             /* RB_SIZE: 2^10 dwords */

/* EVENT_WRITE_EOP DATA_SEL: 1 writes 32 bits; 5 is one the model lacks. */
#define DATA_SEL_DATA32     1
#define DATA_SEL_UNMODELLED 5
/* WRITE_DATA DST_SEL: memory, synchronous. */
#define DST_SEL_MEMORY      1
/* An opcode CIK does not have (test-cp.c's unknown-opcode test). */
#define OPCODE_UNKNOWN      0x9a

/* One ms of virtual time: many scheduler slices. */
#define RUN_NS 1000000u

/* A stream being written in VRAM. */
typedef struct Stream {
    AemuTestHost *h;
    uint64_t base;
    uint32_t wptr;          /* dwords */
} Stream;

static void emit(Stream *s, uint32_t v)
{
    aemu_test_put32(s->h->vram + s->base + 4ull * s->wptr, v);
    s->wptr++;
}

static void run(AemuTestHost *h)
{
    aemu_test_host_advance(h, RUN_NS);
}

/* gfx_v7_0_cp_gfx_resume + the un-halt of gfx_v7_0_cp_gfx_start. */
static Stream gfx_start(AemuTestHost *h)
{
    uint32_t cntl = GFX_RING_ORDER << CP_RB0_CNTL__RB_BUFSZ__SHIFT;

    aemu_test_wreg(h, mmCP_RB_VMID, 0);
    aemu_test_wreg(h, mmCP_RB0_CNTL, cntl | CP_RB0_CNTL__RB_RPTR_WR_ENA_MASK);
    aemu_test_wreg(h, mmCP_RB0_WPTR, 0);
    aemu_test_wreg(h, mmCP_RB0_RPTR_ADDR, (uint32_t)WB_RPTR);
    aemu_test_wreg(h, mmCP_RB0_RPTR_ADDR_HI, 0);
    aemu_test_wreg(h, mmCP_RB0_CNTL, cntl);
    aemu_test_wreg(h, mmCP_RB0_BASE, (uint32_t)(GFX_RING >> 8));
    aemu_test_wreg(h, mmCP_RB0_BASE_HI, 0);
    aemu_test_wreg(h, mmCP_ME_CNTL, 0);
    return (Stream) { .h = h, .base = GFX_RING };
}

static void gfx_commit(Stream *r)
{
    g_assert_cmpuint(r->wptr, <, GFX_RING_DW);
    aemu_test_wreg(r->h, mmCP_RB0_WPTR, r->wptr);
}

static void emit_set_uconfig(Stream *r, uint32_t reg, uint32_t v)
{
    emit(r, PACKET3(PACKET3_SET_UCONFIG_REG, 1));
    emit(r, reg - PACKET3_SET_UCONFIG_REG_START);
    emit(r, v);
}

static void emit_write_data(Stream *r, uint64_t addr, uint32_t v)
{
    emit(r, PACKET3(PACKET3_WRITE_DATA, 3));
    emit(r, WRITE_DATA_DST_SEL(DST_SEL_MEMORY) | WR_CONFIRM);
    emit(r, (uint32_t)addr);
    emit(r, (uint32_t)(addr >> 32));
    emit(r, v);
}

static void emit_ib(Stream *r, uint64_t addr, uint32_t len_dw)
{
    emit(r, PACKET3(PACKET3_INDIRECT_BUFFER, 2));
    emit(r, (uint32_t)addr & 0xfffffffc);
    emit(r, (addr >> 32) & 0xffff);
    emit(r, len_dw);                /* VMID 0 */
}

/* gfx_v7_0_ring_emit_fence_gfx's packet, without the interrupt. */
static void emit_eop(Stream *r, uint64_t addr, unsigned data_sel,
                     uint32_t seq)
{
    emit(r, PACKET3(PACKET3_EVENT_WRITE_EOP, 4));
    emit(r, EOP_TCL1_ACTION_EN | EOP_TC_ACTION_EN |
            EVENT_TYPE(CACHE_FLUSH_AND_INV_TS_EVENT) | EVENT_INDEX(5));
    emit(r, (uint32_t)addr & 0xfffffffc);
    emit(r, ((addr >> 32) & 0xffff) | DATA_SEL(data_sel));
    emit(r, seq);
    emit(r, 0);
}

static bool gfx_hung(AemuTestHost *h)
{
    return aemu_test_rreg(h, mmCP_STAT) & CP_STAT__CP_BUSY_MASK;
}

static const AemuTestEvent *event(AemuTestHost *h, guint i)
{
    g_assert_cmpuint(i, <, h->events->len);
    return g_ptr_array_index(h->events, i);
}

/* The i-th kept event is cp_packet `name` at `pos` of `stream`. */
static void assert_cp_packet(AemuTestHost *h, guint i, const char *name,
                             uint32_t header, const char *stream,
                             uint32_t pos, uint64_t addr)
{
    const AemuTestEvent *e = event(h, i);

    g_assert_cmpuint(e->id, ==, AEMU_TRACE_EV_cp_packet);
    g_assert_cmpstr(e->name, ==, "cp_packet");
    g_assert_cmpstr(e->str[0], ==, "gfx");
    g_assert_cmpstr(e->str[1], ==, name);
    g_assert_cmphex(e->args[2], ==, header);
    g_assert_cmpstr(e->str[3], ==, stream);
    g_assert_cmpuint(e->args[4], ==, pos);
    g_assert_cmphex(e->args[5], ==, addr);
    g_assert_cmpuint(e->args[6], ==, 0);
}

static bool has(GPtrArray *msgs, const char *what)
{
    for (guint i = 0; i < msgs->len; i++) {
        if (strstr(g_ptr_array_index(msgs, i), what)) {
            return true;
        }
    }
    return false;
}

/* ---- Trace events ---------------------------------------------------- */

/*
 * One cp_packet per packet, in execution order, named from the opcode
 * table: the IB's packet between the ring's INDIRECT_BUFFER and the packet
 * after it; a type-2 filler too.
 */
static void test_cp_packet_order(void)
{
    AemuTestHost *h = aemu_test_host_new(NULL, 0, RAM_SIZE);
    Stream r = gfx_start(h);
    Stream ib = { .h = h, .base = IB };
    const uint32_t set_reg = PACKET3(PACKET3_SET_UCONFIG_REG, 1);
    const uint32_t write_data = PACKET3(PACKET3_WRITE_DATA, 3);
    const uint32_t call = PACKET3(PACKET3_INDIRECT_BUFFER, 2);
    const uint32_t eop = PACKET3(PACKET3_EVENT_WRITE_EOP, 4);
    const uint32_t filler = (uint32_t)PACKET_TYPE2 << 30;

    aemu_test_host_trace(h, "amdgpu_emu_cp_packet");
    emit_write_data(&ib, DATA, 0xda7a);
    emit_set_uconfig(&r, mmSCRATCH_REG0, 0x1234);   /* dw 0 */
    emit_ib(&r, IB, ib.wptr);                       /* dw 3 */
    emit_eop(&r, FENCE, DATA_SEL_DATA32, 1);        /* dw 7 */
    emit(&r, filler);                               /* dw 13 */
    gfx_commit(&r);
    run(h);

    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0x1234);
    g_assert_cmphex(aemu_test_get32(h->vram + DATA), ==, 0xda7a);
    g_assert_cmpuint(aemu_test_get32(h->vram + FENCE), ==, 1);
    g_assert_cmpuint(h->events->len, ==, 5);
    assert_cp_packet(h, 0, "SET_UCONFIG_REG", set_reg, "ring", 0, GFX_RING);
    assert_cp_packet(h, 1, "INDIRECT_BUFFER", call, "ring", 3,
                     GFX_RING + 4 * 3);
    assert_cp_packet(h, 2, "WRITE_DATA", write_data, "ib1", 0, IB);
    assert_cp_packet(h, 3, "EVENT_WRITE_EOP", eop, "ring", 7,
                     GFX_RING + 4 * 7);
    assert_cp_packet(h, 4, "type-2", filler, "ring", 13, GFX_RING + 4 * 13);
    /* The text is the table's format over the same arguments. */
    g_assert_true(g_str_has_prefix(event(h, 2)->text,
                                   "gfx WRITE_DATA header 0xc0033700 ib1"));
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/*
 * An event the host left off never reaches it, though the thing happened;
 * switched on at run time (the host writes its flag), it does.
 */
static void test_disabled_event_not_delivered(void)
{
    AemuTestHost *h = aemu_test_host_new(NULL, 0, RAM_SIZE);
    Stream r = gfx_start(h);
    const AemuTestEvent *e;

    /* Nothing selected: the core calls the host for nothing. */
    emit_eop(&r, FENCE, DATA_SEL_DATA32, 1);
    gfx_commit(&r);
    run(h);
    g_assert_cmpuint(aemu_test_get32(h->vram + FENCE), ==, 1);
    g_assert_cmpuint(h->event_calls, ==, 0);

    /* Packets only: the fence is written, its event not delivered. */
    aemu_test_host_trace(h, "amdgpu_emu_cp_packet");
    emit_eop(&r, FENCE, DATA_SEL_DATA32, 2);
    gfx_commit(&r);
    run(h);
    g_assert_cmpuint(aemu_test_get32(h->vram + FENCE), ==, 2);
    g_assert_cmpuint(h->event_calls, ==, 1);
    g_assert_cmpuint(h->events->len, ==, 1);
    g_assert_cmpuint(event(h, 0)->id, ==, AEMU_TRACE_EV_cp_packet);

    /* Fences switched on, packets off. */
    aemu_test_host_trace(h, "amdgpu_emu_cp_*,-amdgpu_emu_cp_packet");
    emit_eop(&r, FENCE, DATA_SEL_DATA32, 3);
    gfx_commit(&r);
    run(h);
    g_assert_cmpuint(h->event_calls, ==, 2);
    g_assert_cmpuint(h->events->len, ==, 2);
    e = event(h, 1);
    g_assert_cmpuint(e->id, ==, AEMU_TRACE_EV_cp_fence);
    g_assert_cmpstr(e->str[0], ==, "gfx");
    g_assert_cmpstr(e->str[1], ==, "EVENT_WRITE_EOP");
    g_assert_cmphex(e->args[2], ==, FENCE);
    g_assert_cmphex(e->args[3], ==, 3);
    g_assert_cmpuint(e->args[4], ==, DATA_SEL_DATA32);

    /* All off again. */
    aemu_test_host_trace(h, NULL);
    emit_eop(&r, FENCE, DATA_SEL_DATA32, 4);
    gfx_commit(&r);
    run(h);
    g_assert_cmpuint(aemu_test_get32(h->vram + FENCE), ==, 4);
    g_assert_cmpuint(h->event_calls, ==, 2);
    aemu_test_host_free(h);
}

/* The table as hosts see it: names, argument kinds, the format. */
static void test_event_table(void)
{
    uint64_t args[AEMU_TRACE_MAX_ARGS] = {
        (uintptr_t)"gfx", (uintptr_t)"NOP", 0xc0001000, (uintptr_t)"ring",
        0x10, 0x10040, 0,
    };
    char *text;
    AemuTracePrint p;

    g_assert_cmpuint(aemu_trace_num_events(), ==, AEMU_TRACE_NUM_EVENTS);
    g_assert_cmpstr(aemu_trace_event_name(AEMU_TRACE_EV_cp_packet), ==,
                    "cp_packet");
    g_assert_null(aemu_trace_event_name(AEMU_TRACE_NUM_EVENTS));
    g_assert_cmpuint(aemu_trace_event_nargs(AEMU_TRACE_EV_cp_packet), ==, 7);
    g_assert_true(aemu_trace_event_arg_is_string(AEMU_TRACE_EV_cp_packet, 1));
    g_assert_false(aemu_trace_event_arg_is_string(AEMU_TRACE_EV_cp_packet,
                                                  2));
    text = aemu_trace_event_format(AEMU_TRACE_EV_cp_packet, args);
    g_assert_cmpstr(text, ==, "gfx NOP header 0xc0001000 ring dw 0x10 "
                              "addr 0x10040 vmid 0");
    aemu_free_string(text);

    /* AEMU_TRACE's patterns: the last match decides, as in -trace files. */
    aemu_trace_print_init(&p, "amdgpu_emu_cp_*, -amdgpu_emu_cp_hang");
    g_assert_true(aemu_trace_print_selects(&p, "amdgpu_emu_cp_packet"));
    g_assert_false(aemu_trace_print_selects(&p, "amdgpu_emu_cp_hang"));
    g_assert_false(aemu_trace_print_selects(&p, "amdgpu_emu_sdma_packet"));
    aemu_trace_print_fini(&p);
}

/* ---- Unimplemented, not guest errors ------------------------------------ */

/*
 * An end-of-pipe DATA_SEL the model lacks stops the queue as before, but
 * reaches the host's unimp op, not guest_error; the hang is traced.
 */
static void test_cp_unimp_data_sel(void)
{
    AemuTestHost *h = aemu_test_host_new(NULL, 0, RAM_SIZE);
    Stream r = gfx_start(h);

    aemu_test_host_trace(h, "amdgpu_emu_cp_hang");
    emit_eop(&r, FENCE, DATA_SEL_UNMODELLED, 1);
    gfx_commit(&r);
    run(h);
    g_assert_true(gfx_hung(h));
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    g_assert_cmpuint(h->unimps->len, ==, 1);
    g_assert_true(has(h->unimps, "DATA_SEL 5"));
    g_assert_cmpuint(h->events->len, ==, 1);
    g_assert_cmpuint(event(h, 0)->id, ==, AEMU_TRACE_EV_cp_hang);
    g_assert_nonnull(strstr(event(h, 0)->str[1], "DATA_SEL 5"));
    aemu_test_host_free(h);
}

/* A CIK opcode the model lacks is unimp; one CIK lacks, a guest error. */
static void test_cp_unimp_opcode(void)
{
    AemuTestHost *h = aemu_test_host_new(NULL, 0, RAM_SIZE);
    Stream r = gfx_start(h);

    emit(&r, PACKET3(PACKET3_ATOMIC_MEM, 0));
    emit(&r, 0);
    gfx_commit(&r);
    run(h);
    g_assert_true(gfx_hung(h));
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    g_assert_true(has(h->unimps, "ATOMIC_MEM"));
    aemu_test_host_free(h);

    h = aemu_test_host_new(NULL, 0, RAM_SIZE);
    r = gfx_start(h);
    emit(&r, PACKET3(OPCODE_UNKNOWN, 0));
    emit(&r, 0);
    gfx_commit(&r);
    run(h);
    g_assert_true(gfx_hung(h));
    g_assert_cmpuint(h->unimps->len, ==, 0);
    g_assert_true(has(h->guest_errors, "unknown opcode 0x9a"));
    aemu_test_host_free(h);
}

/* cik_sdma_gfx_resume's essentials for SDMA0, ring in VRAM. */
static Stream sdma0_start(AemuTestHost *h)
{
    aemu_test_wreg(h, mmSDMA0_GFX_RB_CNTL,
                   SDMA_RING_ORDER << SDMA0_GFX_RB_CNTL__RB_SIZE__SHIFT);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_RPTR, 0);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_WPTR, 0);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_BASE, (uint32_t)(SDMA_RING >> 8));
    aemu_test_wreg(h, mmSDMA0_GFX_RB_BASE_HI, 0);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_CNTL,
                   SDMA_RING_ORDER << SDMA0_GFX_RB_CNTL__RB_SIZE__SHIFT |
                   SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
    aemu_test_wreg(h, mmSDMA0_F32_CNTL, 0);
    return (Stream) { .h = h, .base = SDMA_RING };
}

/* A tiled copy (CIK has it, the model does not) hangs SDMA0 as unimp. */
static void test_sdma_unimp(void)
{
    AemuTestHost *h = aemu_test_host_new(NULL, 0, RAM_SIZE);
    Stream r = sdma0_start(h);
    const AemuTestEvent *e;

    aemu_test_host_trace(h, "amdgpu_emu_sdma_*");
    emit(&r, SDMA_PACKET(SDMA_OPCODE_NOP, 0, 0));
    emit(&r, SDMA_PACKET(SDMA_OPCODE_COPY, SDMA_COPY_SUB_OPCODE_TILED, 0));
    aemu_test_wreg(h, mmSDMA0_GFX_RB_WPTR, 4 * r.wptr);
    run(h);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    g_assert_true(has(h->unimps, "COPY_TILED"));
    /* The NOP ran (at byte 0), then the hang. */
    g_assert_cmpuint(h->events->len, ==, 2);
    e = event(h, 0);
    g_assert_cmpuint(e->id, ==, AEMU_TRACE_EV_sdma_packet);
    g_assert_cmpstr(e->str[0], ==, "sdma0");
    g_assert_cmpstr(e->str[1], ==, "NOP");
    g_assert_cmpstr(e->str[3], ==, "ring");
    g_assert_cmpuint(e->args[4], ==, 0);
    g_assert_cmpuint(event(h, 1)->id, ==, AEMU_TRACE_EV_sdma_hang);
    g_assert_nonnull(strstr(event(h, 1)->str[1], "COPY_TILED"));
    aemu_test_host_free(h);
}

/* While recording, unimp reports and events still reach the host. */
static void test_recording_passes_through(void)
{
    AemuTestHost *h = aemu_test_host_new(NULL, 0, RAM_SIZE);
    Stream r;
    char *path = NULL, *err = NULL, *rec = NULL;
    int fd = g_file_open_tmp("aemu-trace-XXXXXX", &path, NULL);

    g_assert_cmpint(fd, >=, 0);
    close(fd);
    g_assert_true(aemu_record_open(h->dev, path, &err));
    aemu_test_host_trace(h, "amdgpu_emu_cp_packet");
    r = gfx_start(h);
    emit_eop(&r, FENCE, DATA_SEL_UNMODELLED, 1);
    gfx_commit(&r);
    run(h);
    aemu_record_close(h->dev);
    g_assert_cmpuint(h->unimps->len, ==, 1);
    g_assert_cmpuint(h->events->len, ==, 1);
    g_assert_true(g_file_get_contents(path, &rec, NULL, NULL));
    g_assert_nonnull(strstr(rec, "# unimplemented: CP gfx: EVENT_WRITE_EOP"));
    g_free(rec);
    g_unlink(path);
    g_free(path);
    aemu_test_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/trace/cp-packet-order", test_cp_packet_order);
    g_test_add_func("/trace/disabled-event-not-delivered",
                    test_disabled_event_not_delivered);
    g_test_add_func("/trace/event-table", test_event_table);
    g_test_add_func("/trace/unimp/cp-data-sel", test_cp_unimp_data_sel);
    g_test_add_func("/trace/unimp/cp-opcode", test_cp_unimp_opcode);
    g_test_add_func("/trace/unimp/sdma", test_sdma_unimp);
    g_test_add_func("/trace/unimp/recording", test_recording_passes_through);
    return g_test_run();
}
