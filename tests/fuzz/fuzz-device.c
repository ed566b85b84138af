/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target: a hostile guest against the core model, on every chip. The
 * first byte of the input picks the chip (fuzz-hawaii.c, fuzz-vega10.c,
 * fuzz-topaz.c),
 * unless the build fixes it with -DFUZZ_CHIP=<index into chips[]>;
 * the rest is a program for the guest: register writes and reads (biased
 * to the registers that steer engines: rings, IBs, GART, IH, HQDs, indexed
 * spaces), writes into the rings and page tables, doorbells, time passing,
 * resets, injected faults (hangs, lost interrupts, stale fences, lost
 * VRAM), compute dispatches of fuzzed shader code, and device states saved,
 * corrupted and loaded back (op 9). Before running it the device is set up
 * the way the driver leaves it (GART mapping a RAM window, the IH, gfx and
 * SDMA rings enabled), so fuzzed bytes in RAM are fetched as packets from
 * the first step.
 *
 * Properties checked: no crash, no sanitizer report, no out-of-bounds host
 * access (the standalone host refuses DMA outside RAM), and every step
 * returns (the scheduler's budget bounds engine work).
 */
#include "fuzz.h"
#include "shader.h"
#include "shader_regs.h"
#include "pm4_cik.h"

typedef struct Cursor {
    const uint8_t *p;
    size_t left;
} Cursor;

static uint32_t take(Cursor *c, unsigned bytes)
{
    uint32_t v = 0;

    for (unsigned i = 0; i < bytes && c->left; i++, c->left--) {
        v |= (uint32_t)*c->p++ << (8 * i);
    }
    return v;
}

/*
 * A compute dispatch of fuzzed code on the gfx ring: the code (the next
 * DISPATCH_CODE_DW input dwords) at RAM DISPATCH_CODE, fuzzed RSRC1/2,
 * TMPRING_SIZE (scratch), group size and user data (where a scratch V#
 * or FLAT_SCRATCH comes from), a few groups. The shader interpreter meets
 * whatever the bytes decode to: it must halt or end, never crash.
 */
#define DISPATCH_CODE       0x8000u
#define DISPATCH_CODE_DW    64u
#define DISPATCH_MAX_GROUPS 4u
#define DISPATCH_THREADS_MASK 0x3ffu
#define DISPATCH_USER_SGPRS 4u

static void ring_put(AemuTestHost *h, uint32_t *wptr, uint32_t v)
{
    memcpy(h->ram + 4ull * (*wptr % FUZZ_GFX_RING_DW), &v, 4);
    (*wptr)++;
}

/* Second bytes of op 7 that pick a reset or a fault, not the I/O window. */
#define FUZZ_OP_RESET   0xffu
#define FUZZ_OP_INJECT  0xfeu

/*
 * A fault as a host injects it (core/inject.c): any kind, on any engine
 * (those that are not queues are refused), with a fuzzed count.
 */
static void fuzz_inject(AemuTestHost *h, Cursor *c)
{
    AemuInjection inj = {
        .kind = take(c, 1) % AEMU_INJECT_KIND_COUNT,
        .engine = aemu_engine_at(h->dev, take(c, 1) %
                                 aemu_engine_count(h->dev))->name,
        .count = take(c, 1),
    };
    char *err = NULL;

    if (!aemu_inject(h->dev, &inj, &err)) {
        aemu_free_string(err);
    }
}

static void fuzz_dispatch(AemuTestHost *h, const FuzzChip *chip, Cursor *c,
                          uint32_t *wptr)
{
    uint64_t pgm = chip->gart_mc + DISPATCH_CODE;
    uint32_t regs[][2] = {
        { AEMU_SH_COMPUTE_PGM_LO, (uint32_t)(pgm >> AEMU_SH_PGM_LO_SHIFT) },
        { AEMU_SH_COMPUTE_PGM_HI, (uint32_t)(pgm >> AEMU_SH_PGM_HI_SHIFT) },
        { AEMU_SH_COMPUTE_PGM_RSRC1, take(c, 4) },
        { AEMU_SH_COMPUTE_PGM_RSRC2, take(c, 4) },
        /* With RSRC2.SCRATCH_EN: a scratch ring of fuzzed slots and size. */
        { AEMU_SH_COMPUTE_TMPRING_SIZE, take(c, 4) },
        { AEMU_SH_COMPUTE_NUM_THREAD_X, take(c, 2) & DISPATCH_THREADS_MASK },
        { AEMU_SH_COMPUTE_NUM_THREAD_X + 1, 1 },
        { AEMU_SH_COMPUTE_NUM_THREAD_X + 2, 1 },
    };

    for (unsigned i = 0; i < DISPATCH_CODE_DW; i++) {
        uint32_t v = take(c, 4);

        memcpy(h->ram + DISPATCH_CODE + 4 * i, &v, 4);
    }
    for (unsigned i = 0; i < G_N_ELEMENTS(regs); i++) {
        ring_put(h, wptr, PACKET3(PACKET3_SET_SH_REG, 1));
        ring_put(h, wptr, regs[i][0]);
        ring_put(h, wptr, regs[i][1]);
    }
    for (unsigned i = 0; i < DISPATCH_USER_SGPRS; i++) {
        ring_put(h, wptr, PACKET3(PACKET3_SET_SH_REG, 1));
        ring_put(h, wptr, AEMU_SH_COMPUTE_USER_DATA_0 + i);
        ring_put(h, wptr, take(c, 4));
    }
    ring_put(h, wptr, PACKET3(PACKET3_DISPATCH_DIRECT, 3));
    for (unsigned i = 0; i < 3; i++) {
        ring_put(h, wptr, 1 + take(c, 1) % DISPATCH_MAX_GROUPS);
    }
    ring_put(h, wptr, AEMU_SH_INIT_COMPUTE_SHADER_EN.mask |
                      AEMU_SH_INIT_FORCE_START_AT_000.mask);
    aemu_test_wreg(h, chip->gfx_wptr_reg, *wptr % FUZZ_GFX_RING_DW);
}

/* Bytes of the state blob op 9 corrupts, and the flag that truncates it. */
#define FUZZ_STATE_MAX_FLIPS 8u
#define FUZZ_STATE_TRUNCATE  0x80u

/*
 * Save the device state, corrupt the blob (flipped bytes anywhere, maybe
 * cut short) and load it back: refused or loaded, the device must go on
 * without harming the host (core/state.c).
 */
static void fuzz_state(AemuTestHost *h, Cursor *c)
{
    uint8_t *buf;
    size_t len;
    char *err = NULL;
    uint32_t how = take(c, 1);

    if (!aemu_state_save(h->dev, &buf, &len, &err)) {
        aemu_free_string(err);      /* waves in flight: refused */
        return;
    }
    for (unsigned i = 0; i < how % FUZZ_STATE_MAX_FLIPS; i++) {
        uint32_t at = take(c, 3) % len;

        buf[at] ^= (uint8_t)take(c, 1);
    }
    if (how & FUZZ_STATE_TRUNCATE) {
        len = take(c, 3) % len;
    }
    if (!aemu_state_load(h->dev, buf, len, &err)) {
        aemu_free_string(err);
    }
    aemu_state_free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const FuzzChip *const chips[] = {
        &fuzz_hawaii, &fuzz_vega10, &fuzz_topaz,
    };
    Cursor c = { data, size };
#ifdef FUZZ_CHIP
    /*
     * One entry point per chip (fuzz-hawaii, fuzz-vega10 binaries): the
     * whole input is the program, so a run's CPU time is all that chip's.
     */
    const FuzzChip *chip = chips[FUZZ_CHIP];
#else
    const FuzzChip *chip = chips[take(&c, 1) % G_N_ELEMENTS(chips)];
#endif
    AemuTestHost *h = aemu_test_host_new_asic(chip->asic, VRAM_SIZE,
                                              RAM_SIZE);
    uint32_t reg_dwords = h->dev->pci.mmio_size / 4;
    unsigned steps = 0;
    uint32_t gfx_wptr = FUZZ_GFX_KICK_WPTR;

    chip->setup(h);
    /* The first bytes become ring contents: gfx ring, then both SDMA. */
    for (unsigned off = 0; off < 0x30000 && c.left; off += 4) {
        uint32_t v = take(&c, 4);

        memcpy(h->ram + off, &v, 4);
        if (off == 0x400) {
            break;
        }
    }
    chip->kick(h);
    while (c.left && steps++ < 4096) {
        uint8_t op = take(&c, 1);
        uint32_t a, v;

        switch (op % 10) {
        case 0:         /* write a steering register */
            a = chip->targets[take(&c, 1) % chip->num_targets];
            aemu_test_wreg(h, a, take(&c, 4));
            break;
        case 1:         /* write any register */
            a = take(&c, 3) % reg_dwords;
            aemu_test_wreg(h, a, take(&c, 4));
            break;
        case 2:         /* read any register, any size, any alignment */
            a = take(&c, 3);
            aemu_mmio_read(h->dev, a, 1u << (take(&c, 1) % 4));
            break;
        case 3:         /* ring / IB / fence memory */
            a = take(&c, 3) % (RAM_SIZE - 4);
            v = take(&c, 4);
            memcpy(h->ram + a, &v, 4);
            break;
        case 4:         /* page tables and anything else in VRAM */
            a = take(&c, 3) % (2 * MiB - 8);
            v = take(&c, 4);
            memcpy(h->vram + GART_TABLE + a, &v, 4);
            break;
        case 5:         /* doorbells */
            a = take(&c, 3);
            aemu_doorbell_write(h->dev, a & ~3u, take(&c, 4), 4);
            break;
        case 6:         /* time passes: engines run */
            aemu_test_host_advance(h, take(&c, 2) * 1000ull);
            break;
        case 7:         /* the I/O window, a reset, or an injected fault */
            v = take(&c, 1);
            if (v == FUZZ_OP_RESET) {
                aemu_device_reset(h->dev, AEMU_RESET_PCI_CONFIG);
                chip->setup(h);
            } else if (v == FUZZ_OP_INJECT) {
                fuzz_inject(h, &c);
            } else {
                aemu_io_write(h->dev, take(&c, 1), take(&c, 4), 4);
            }
            break;
        case 8:         /* a compute dispatch of fuzzed code */
            fuzz_dispatch(h, chip, &c, &gfx_wptr);
            break;
        case 9:         /* a corrupted device state loaded */
            fuzz_state(h, &c);
            break;
        }
    }
    aemu_test_host_advance(h, 10 * 1000 * 1000);
    aemu_test_host_free(h);
    return 0;
}
