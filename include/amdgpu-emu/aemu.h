/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core model: public interface.
 *
 * The core model holds the register file, the IP blocks and the engines of
 * an emulated AMD GPU. It has no QEMU dependency: everything it needs from
 * the outside world (bus-master DMA, interrupts, virtual time) goes through
 * AemuHostOps, which the QEMU glue implements with pci_dma_rw/msi_notify/
 * QEMU_CLOCK_VIRTUAL and the standalone test host with a flat buffer, a list
 * and a simulated clock.
 */
#ifndef AMDGPU_EMU_AEMU_H
#define AMDGPU_EMU_AEMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct AemuDevice AemuDevice;

/* What the core needs from its host. All callbacks receive host_opaque. */
typedef struct AemuHostOps {
    /* Bus-master access to guest (bus) addresses; false on a bus error. */
    bool (*dma_read)(void *opaque, uint64_t bus_addr, void *buf, size_t len);
    bool (*dma_write)(void *opaque, uint64_t bus_addr, const void *buf,
                      size_t len);
    /*
     * Interrupt line of the device. asserted=true is called once per new
     * event (an MSI host sends one message per call), asserted=false when no
     * event is pending any more (an INTx host drops the level).
     */
    void (*irq)(void *opaque, bool asserted);
    /* Virtual time in ns and a one-shot wake-up (UINT64_MAX cancels). */
    uint64_t (*clock_ns)(void *opaque);
    void (*timer_arm)(void *opaque, uint64_t deadline_ns);
    /* A guest did something the hardware would not accept. */
    void (*guest_error)(void *opaque, const char *msg);
    /*
     * Optional direct access to bus memory, so engines copy pointer to
     * pointer instead of through dma_read/dma_write and a buffer.
     * dma_map returns a host pointer to the bytes at bus_addr, valid for
     * *len bytes (it may shorten *len), or NULL when the range is not
     * plain RAM; the core then uses dma_read/dma_write. write: the core
     * will store through the pointer. dma_unmap ends a mapping, with the
     * bytes written through it (for dirty tracking); NULL if mappings need
     * no release (they stay valid as long as the device). The core
     * releases every mapping before it returns from the call that made it
     * (a timer expiry or a guest access).
     */
    void *(*dma_map)(void *opaque, uint64_t bus_addr, uint64_t *len,
                     bool write);
    void (*dma_unmap)(void *opaque, void *ptr, uint64_t len, bool write,
                      uint64_t written);
    /*
     * A guest used something the hardware has and the model lacks: not the
     * guest's fault, so kept apart from guest_error. NULL: dropped.
     */
    void (*unimp)(void *opaque, const char *msg);
    /*
     * A core trace event the host enabled (aemu_trace_set_state): id is the
     * event's row in the core's table, args its arguments widened to
     * uint64_t (aemu_trace_event_*). String arguments are pointers, valid
     * during the call only.
     */
    void (*event)(void *opaque, unsigned id, const uint64_t *args);
    /*
     * The device wrote VRAM bytes [offset, offset + len) (the host owns
     * VRAM: a host that tracks dirty memory, for live migration, marks
     * them). NULL: not told.
     */
    void (*vram_dirty)(void *opaque, uint64_t offset, uint64_t len);
} AemuHostOps;

/* User-visible configuration (QOM properties in QEMU). */
typedef enum AemuTimingMode {
    AEMU_TIMING_DEFAULT = 0,    /* on */
    AEMU_TIMING_ON,             /* engines follow the ASIC's cost table */
    AEMU_TIMING_OFF,            /* every packet and transfer costs nothing */
} AemuTimingMode;

typedef struct AemuConfig {
    const char *asic;       /* NULL: the default ASIC */
    uint64_t vram_size;     /* bytes; 0: the ASIC's default */
    AemuTimingMode timing;
} AemuConfig;

/* What the PCI glue presents; filled from the ASIC description. */
typedef struct AemuPciInfo {
    uint16_t vendor_id, device_id;
    uint16_t subsystem_vendor_id, subsystem_id;
    uint8_t revision;
    uint32_t class_code;        /* 24-bit: base, sub, prog-if */
    uint64_t vram_size;         /* BAR0 */
    uint64_t doorbell_size;     /* BAR2; 0: no doorbell BAR (before CIK) */
    uint32_t io_size;           /* BAR4 */
    uint32_t mmio_size;         /* BAR mmio_bar */
    /*
     * The register BAR: 5 from CIK on, 2 before (radeon maps BAR2 below
     * CHIP_BONAIRE, where no doorbell BAR takes that slot).
     */
    uint8_t mmio_bar;
    /*
     * The PCIe link the chip trains: generation (1: 2.5 GT/s, 2: 5 GT/s,
     * 3: 8 GT/s) and lanes; 0: leave QEMU's default capability.
     */
    uint8_t pcie_gen, pcie_lanes;
    const uint8_t *rom;         /* expansion ROM image */
    size_t rom_size;
} AemuPciInfo;

/* The register BAR of an ASIC that names none (CIK and later). */
#define AEMU_PCI_MMIO_BAR_DEFAULT 5

/* Address spaces a guest reaches the device through (for access records). */
typedef enum AemuSpace {
    AEMU_SPACE_MMIO,        /* BAR5 register aperture */
    AEMU_SPACE_IO,          /* BAR4 I/O window onto the same registers */
    AEMU_SPACE_DOORBELL,    /* BAR2 */
    AEMU_SPACE_CONFIG,      /* PCI configuration space (glue reports it) */
} AemuSpace;

typedef struct AemuAccess {
    AemuSpace space;
    bool write;
    uint8_t size;           /* bytes */
    uint64_t offset;        /* byte offset in the space */
    uint64_t value;         /* written, or returned by the read */
} AemuAccess;

typedef void (*AemuAccessHook)(void *opaque, const AemuAccess *a);

typedef enum AemuResetKind {
    AEMU_RESET_COLD,        /* power-on / machine reset: VBIOS has posted */
    AEMU_RESET_PCI_CONFIG,  /* driver's config-space reset: ASIC not posted */
    /*
     * The ASIC's own whole-chip reset, which the device performs when the
     * driver asks its PSP (MODE1): as PCI_CONFIG for every block but the
     * PSP. Hosts never request it.
     */
    AEMU_RESET_MODE1,
    /*
     * The machine woke up from S3: the slot lost power while the machine
     * slept, and the system firmware's resume path runs no option ROM, so
     * the ASIC comes back as after power-on but not posted (the drivers
     * post it again: amdgpu_device_need_post, radeon's ASIC_Init on
     * resume). VRAM keeps its contents: the host keeps the RAM behind it,
     * and the drivers evict what they need before suspending anyway.
     */
    AEMU_RESET_WAKE,
} AemuResetKind;

/* The reset's name in recordings and traces: "cold", "pci", "mode1", "wake". */
const char *aemu_reset_kind_name(AemuResetKind kind);

/* Magic the drivers write to config offset 0x7C to reset the ASIC. */
#define AEMU_PCI_CONFIG_RESET_OFFSET 0x7c
#define AEMU_PCI_CONFIG_RESET_DATA   0x39d5e86bu

/* Valid ASIC names, NULL-terminated. */
const char *const *aemu_asic_names(void);

/*
 * Validate a configuration. On error returns false and sets *errmsg to a
 * newly allocated message (free with aemu_free_string).
 */
bool aemu_config_check(const AemuConfig *cfg, char **errmsg);
void aemu_free_string(char *s);

/* VRAM size the configuration resolves to (default applied). */
uint64_t aemu_config_vram_size(const AemuConfig *cfg);

/*
 * Create a device. vram points to vram_size bytes owned by the host (in QEMU
 * the RAM behind BAR0). Returns NULL and sets *errmsg on a bad config.
 */
AemuDevice *aemu_device_new(const AemuConfig *cfg, const AemuHostOps *ops,
                            void *host_opaque, uint8_t *vram, char **errmsg);
void aemu_device_free(AemuDevice *d);
void aemu_device_reset(AemuDevice *d, AemuResetKind kind);
const AemuPciInfo *aemu_device_pci_info(const AemuDevice *d);
const char *aemu_device_asic_name(const AemuDevice *d);

/*
 * Names from the device's chip's register database, for traces and
 * records: the register at dword index dw and the IP block whose header
 * defines it ("GCA", "OSS", ...); NULL where the chip names none.
 */
const char *aemu_device_reg_name(const AemuDevice *d, uint32_t dw);
const char *aemu_device_reg_ip(const AemuDevice *d, uint32_t dw);
/* The chip's register database ("cik", "vega10"), or NULL. */
const char *aemu_device_regdb_name(const AemuDevice *d);
/*
 * Whether an IP block of the model claims the register at dword index dw
 * (its access has an effect); the others are plain latches holding the
 * last write or their reset value. For reports of what a trace of real
 * hardware touches that the model does not implement.
 */
bool aemu_device_reg_claimed(const AemuDevice *d, uint32_t dw);

/* Guest accesses. Offsets are byte offsets within the BAR. */
uint64_t aemu_mmio_read(AemuDevice *d, uint64_t offset, unsigned size);
void aemu_mmio_write(AemuDevice *d, uint64_t offset, uint64_t value,
                     unsigned size);
uint64_t aemu_io_read(AemuDevice *d, uint64_t offset, unsigned size);
void aemu_io_write(AemuDevice *d, uint64_t offset, uint64_t value,
                   unsigned size);
uint64_t aemu_doorbell_read(AemuDevice *d, uint64_t offset, unsigned size);
void aemu_doorbell_write(AemuDevice *d, uint64_t offset, uint64_t value,
                         unsigned size);

/*
 * Display scanout (dce_v8.c): what one display head shows, for a host that
 * draws it (QEMU's console). The surface is linear, in VRAM, and lies
 * whole inside it: [vram_offset, vram_offset + pitch * (height - 1) +
 * width * bytes per pixel) was bounds-checked against the VRAM size.
 * generation moves whenever any of the fields moves (a mode set, a flip),
 * so a host replaces its surface only then.
 */
typedef enum AemuPixelFormat {
    AEMU_PIXEL_XRGB8888,        /* little-endian dwords 0xXXRRGGBB */
    AEMU_PIXEL_XBGR8888,        /* 0xXXBBGGRR */
    AEMU_PIXEL_XRGB2101010,
    AEMU_PIXEL_RGB565,
    AEMU_PIXEL_XRGB1555,
} AemuPixelFormat;

/*
 * The head's hardware cursor (dce_v8_cursor.c), drawn over the surface by
 * aemu_display_draw_cursor. Its image is width x height little-endian
 * ARGB8888 dwords, packed, at vram_offset, bounds-checked like the
 * surface; (x, y) is its top-left pixel on the surface (the position less
 * the hot spot), which may lie partly off it.
 */
typedef struct AemuCursor {
    bool enabled;
    bool premultiplied;         /* else alpha applies to the colour too */
    uint32_t width, height;     /* of the image, 1..128 */
    uint32_t scale;             /* 1, or 2 with CURSOR_2X_MAGNIFY */
    int32_t x, y;
    uint64_t vram_offset;
} AemuCursor;

typedef struct AemuScanout {
    uint64_t vram_offset;
    uint32_t width, height;
    uint32_t pitch;             /* bytes from one line to the next */
    AemuPixelFormat format;
    uint64_t generation;
    AemuCursor cursor;          /* not part of the generation */
} AemuScanout;

/*
 * The first display head that scans out (timing generator running, not
 * blanked, plane on, a linear surface inside VRAM). False: the screen is
 * dark (blank, off, or a surface the model cannot show: the reason went to
 * the guest-error or unimplemented log once per change).
 */
bool aemu_display_scanout(AemuDevice *d, AemuScanout *out);
/*
 * The monitor on the display connector (dce_v8_i2c.c: the VBIOS's DVI-D
 * connector, HPD 1, DDC 1): attached or not, and its EDID (1 to
 * AEMU_EDID_MAX bytes, copied; ignored when not connected), served at
 * DDC address 0x50. A change of the attached state raises the hot-plug
 * interrupt when the guest enabled it. False: no display engine, or an
 * invalid EDID (nothing changed).
 */
#define AEMU_EDID_MAX 256u
bool aemu_display_set_monitor(AemuDevice *d, bool connected,
                              const uint8_t *edid, size_t len);
/* Bytes per pixel of a scanout format. */
unsigned aemu_pixel_format_bpp(AemuPixelFormat f);
/*
 * Blend the scanout's cursor (when enabled) into a host copy of its
 * surface: width x height pixels 0x00RRGGBB in host byte order, stride in
 * bytes. The cursor's image is read from VRAM now.
 */
void aemu_display_draw_cursor(AemuDevice *d, const AemuScanout *so,
                              uint32_t *xrgb, size_t stride);

/* The host's timer armed through timer_arm has expired. */
void aemu_timer_expired(AemuDevice *d);

/*
 * Every guest access passes one dispatch point; the hook sees it after the
 * access completed (reads carry the returned value). The glue reports config
 * space accesses with aemu_record_access. NULL removes the hook.
 */
void aemu_set_access_hook(AemuDevice *d, AemuAccessHook hook, void *opaque);
void aemu_record_access(AemuDevice *d, const AemuAccess *a);

/*
 * Recording (record.c). Writes every guest access with its register name,
 * every input the device takes from outside (bus-master read data, VRAM read
 * data, the clock), timer expiries, resets and interrupt edges to a text
 * file, so that aemu-replay can re-run the session against the standalone
 * core without a guest and check every read value and interrupt. Returns
 * false and sets *errmsg if the file cannot be created.
 */
bool aemu_record_open(AemuDevice *d, const char *path, char **errmsg);
void aemu_record_close(AemuDevice *d);

/*
 * Engine timeline (timeline.c; docs/timeline.md): writes a Chrome JSON trace
 * of the engines' packets, fences, interrupts, waits and bytes moved in
 * virtual time, for Perfetto or chrome://tracing. Returns false and sets
 * *errmsg if the file cannot be created. Closing (also aemu_device_free)
 * completes the JSON.
 */
typedef struct AemuTimeline AemuTimeline;
bool aemu_timeline_open(AemuDevice *d, const char *path, char **errmsg);
void aemu_timeline_close(AemuDevice *d);

/*
 * Trace events of the core (hw/amdgpu-emu/core/aemu-events.def), for hosts.
 *
 * Each event has a state flag the host owns: the core reads it (through
 * the pointer given here) before doing any work for the event, and calls
 * AemuHostOps.event only while it is non-zero, so a host can switch events
 * at run time by writing its flags. state holds aemu_trace_num_events()
 * pointers, indexed by event id; a NULL table or entry means off. The
 * default, before any call, is every event off.
 */
#define AEMU_TRACE_MAX_ARGS 8
void aemu_trace_set_state(AemuDevice *d, const uint16_t *const *state);
unsigned aemu_trace_num_events(void);
/* The event's name without the amdgpu_emu_ prefix ("cp_packet"). */
const char *aemu_trace_event_name(unsigned id);
unsigned aemu_trace_event_nargs(unsigned id);
bool aemu_trace_event_arg_is_string(unsigned id, unsigned arg);
/* The event's arguments through its format (free with aemu_free_string). */
char *aemu_trace_event_format(unsigned id, const uint64_t *args);

/*
 * Replay support: when set, every VRAM read the device makes is served by
 * fn (which also stores the bytes into VRAM), so a replay reproduces what
 * the guest CPU had written through BAR0 without seeing those writes.
 */
typedef bool (*AemuVramReadFn)(void *opaque, uint64_t offset, void *buf,
                               size_t len);
void aemu_set_vram_read_source(AemuDevice *d, AemuVramReadFn fn,
                               void *opaque);

/*
 * Device state (core/state.c; docs/snapshots.md): the whole mutable state
 * of the core as a versioned blob, for snapshots and migration. VRAM is not
 * in it (it is the host's memory; the host saves it). Saving is refused
 * (false, *errmsg) while shader waves are in flight or from inside the
 * device's own callbacks; *buf is freed with aemu_state_free. Loading
 * checks the blob's framing first and refuses a bad, truncated or
 * foreign one with the device unchanged; a blob whose contents are
 * refused part-way leaves the device cold-reset. The device must have the
 * same chip and VRAM size as the one that saved.
 */
bool aemu_state_save(AemuDevice *d, uint8_t **buf, size_t *len,
                     char **errmsg);
bool aemu_state_load(AemuDevice *d, const void *buf, size_t len,
                     char **errmsg);
void aemu_state_free(void *buf);

/*
 * Fault injection (core/inject.c; docs/fault-injection.md): make the
 * hardware misbehave where a guest cannot, for tests of the drivers' error
 * paths. Each injection is armed here and fires on a device event (the
 * next packet of an engine, the next interrupts, the next fence, the next
 * reset), never on wall time, so a run with a recording replays it: the
 * arming is recorded ("J") as a device input. One slot per kind: arming a
 * kind again replaces what it held; a cold reset disarms everything.
 */
typedef enum AemuInjectKind {
    /* engine: stops at its next packet, busy, no IV (a hung engine) */
    AEMU_INJECT_HANG,
    /* count: the next count IVs are not delivered (their fences land) */
    AEMU_INJECT_DROP_IRQS,
    /*
     * engine: its next interrupting CP end-of-pipe or SDMA FENCE is stale;
     * count (0 counts as 1): so many such fences in a row (amdgpu's VM
     * flush fence can come before the job's own)
     */
    AEMU_INJECT_CORRUPT_FENCE,
    /* count != 0: the next reset loses VRAM's contents */
    AEMU_INJECT_VRAM_LOST,
    /*
     * count != 0: the next reset (not a cold one) never completes: MMIO and
     * I/O reads return all-ones and writes are lost until the reset after
     */
    AEMU_INJECT_RESET_FAIL,
    /*
     * count: the next IV reaches the IH count microseconds of virtual time
     * late (IVs after it are not held back); 0 disarms
     */
    AEMU_INJECT_DELAY_IRQ,
    AEMU_INJECT_KIND_COUNT,
} AemuInjectKind;

typedef struct AemuInjection {
    AemuInjectKind kind;
    /*
     * Queue name for HANG and CORRUPT_FENCE, as the trace events name
     * queues: "gfx", "comp_<me>.<pipe>.<queue>", "sdma0", "sdma1",
     * "sdma0_rlc1", ...; NULL or "" disarms the kind.
     */
    const char *engine;
    /*
     * DROP_IRQS: how many (0 disarms); VRAM_LOST, RESET_FAIL: armed if
     * non-zero; DELAY_IRQ: the delay in microseconds (0 disarms);
     * CORRUPT_FENCE: fences in a row (0 or 1: one).
     */
    uint32_t count;
} AemuInjection;

/* Arm (or disarm) one injection; false and *errmsg on an unknown engine. */
bool aemu_inject(AemuDevice *d, const AemuInjection *inj, char **errmsg);
/*
 * What is armed and has not fired yet: the engine's name ("" if none) for
 * HANG and CORRUPT_FENCE, the count for DROP_IRQS, VRAM_LOST, RESET_FAIL
 * and CORRUPT_FENCE (fences still to corrupt); the other field is ""/0.
 */
AemuInjection aemu_inject_armed(const AemuDevice *d, AemuInjectKind kind);
/*
 * "hang", "drop-irqs", "corrupt-fence", "vram-lost", "reset-fail",
 * "delay-irq"; back.
 */
const char *aemu_inject_kind_name(AemuInjectKind kind);
bool aemu_inject_kind_parse(const char *name, AemuInjectKind *kind);

#endif
