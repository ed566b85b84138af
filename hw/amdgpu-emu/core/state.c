/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: saving and loading the whole device state (snapshots,
 * migration; docs/snapshots.md).
 *
 * A blob is a header (magic, format version, byte order, the chip and the
 * sizes its layout depends on) and then tagged, length-prefixed sections:
 * the register file, the scheduler and every engine's timeline, the fault
 * injection, the doorbell claims, one section per IP block (its name and
 * its own state version, then what its AemuIpBlockFuncs.state lists) and
 * an end mark. The framing is checked whole before the device is touched,
 * so a truncated or mistagged blob leaves the device as it was; a blob
 * whose values are refused during loading leaves it cold-reset, never half
 * loaded. Derived state is rebuilt, not loaded: translation caches are
 * dropped, doorbell claims re-made by their owners, the timer re-armed.
 */
#include <stdarg.h>
#include "state.h"
#include "ring.h"
#include "shader.h"

#define AEMU_STATE_MAGIC "AEMUSNAP"
#define AEMU_STATE_MAGIC_LEN 8u
/* Bumped on any change of the layout of the shared sections. */
#define AEMU_STATE_VERSION 1u
/* Written as a host uint32_t: a blob from a host of the other byte order
 * reads it swapped and is refused. */
#define AEMU_STATE_BYTE_ORDER 0x01020304u
/* Names (chip, block, engine, doorbell owner) are short. */
#define AEMU_STATE_NAME_MAX 64u
#define AEMU_STATE_TAG_LEN 4u

/* The sections, in the order a blob holds them. */
#define TAG_REGS "REGS"
#define TAG_SCHED "SCHD"
#define TAG_INJECT "INJT"
#define TAG_BLOCK "BLCK"
#define TAG_DOORBELLS "DBEL"
#define TAG_END "END."

bool aemu_state_fail(AemuStateIo *s, const char *fmt, ...)
{
    va_list ap;

    if (!s->err) {
        va_start(ap, fmt);
        s->err = g_strdup_vprintf(fmt, ap);
        va_end(ap);
    }
    return false;
}

void aemu_state_bytes(AemuStateIo *s, void *p, size_t n)
{
    if (!s->load) {
        g_byte_array_append(s->out, p, n);
        return;
    }
    if (s->err || n > s->len - s->pos) {
        aemu_state_fail(s, "state truncated: %zu bytes wanted at %zu of %zu",
                        n, s->pos, s->len);
        memset(p, 0, n);
        return;
    }
    memcpy(p, s->in + s->pos, n);
    s->pos += n;
}

void aemu_state_bool(AemuStateIo *s, bool *b)
{
    uint8_t v = *b;

    aemu_state_bytes(s, &v, sizeof(v));
    if (s->load) {
        if (v > 1) {
            aemu_state_fail(s, "corrupt state: a flag holds %u", v);
        }
        *b = v == 1;
    }
}

void aemu_state_index(AemuStateIo *s, unsigned *v, unsigned limit,
                      const char *what)
{
    uint32_t x = *v;

    aemu_state_bytes(s, &x, sizeof(x));
    if (s->load) {
        if (x >= limit) {
            aemu_state_fail(s, "corrupt state: %s %u, limit %u", what, x,
                            limit);
            x = 0;
        }
        *v = x;
    }
}

static int cmp_u64(gconstpointer a, gconstpointer b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

/* Sorted, so that equal states give equal blobs. */
void aemu_state_sparse(AemuStateIo *s, GHashTable *t, const char *what)
{
    uint32_t n = g_hash_table_size(t);

    AEMU_STATE(s, n);
    if (!s->load) {
        GArray *keys = g_array_sized_new(FALSE, FALSE, sizeof(uint64_t), n);
        GHashTableIter it;
        gpointer k, v;

        g_hash_table_iter_init(&it, t);
        while (g_hash_table_iter_next(&it, &k, &v)) {
            uint64_t key = GPOINTER_TO_UINT(k);

            g_array_append_val(keys, key);
        }
        g_array_sort(keys, cmp_u64);
        for (uint32_t i = 0; i < n; i++) {
            uint32_t key = g_array_index(keys, uint64_t, i);
            uint32_t val = GPOINTER_TO_UINT(g_hash_table_lookup(t,
                                                GUINT_TO_POINTER(key)));

            AEMU_STATE(s, key);
            AEMU_STATE(s, val);
        }
        g_array_free(keys, TRUE);
        return;
    }
    if (n > AEMU_SPARSE_MAX_ENTRIES) {
        aemu_state_fail(s, "corrupt state: %u entries in %s", n, what);
        return;
    }
    g_hash_table_remove_all(t);
    for (uint32_t i = 0; i < n && !s->err; i++) {
        uint32_t key, val;

        AEMU_STATE(s, key);
        AEMU_STATE(s, val);
        if (!s->err) {
            aemu_sparse_set(t, key, val);
        }
    }
}

void aemu_state_engine_ref(AemuStateIo *s, AemuDevice *d, AemuEngine **e)
{
    /* 0: none; i + 1: the engine at registration index i. */
    uint32_t ix = 0;

    if (!s->load) {
        for (unsigned i = 0; *e && i < aemu_engine_count(d); i++) {
            if (aemu_engine_at(d, i) == *e) {
                ix = i + 1;
            }
        }
    }
    AEMU_STATE(s, ix);
    if (s->load) {
        if (ix > aemu_engine_count(d)) {
            aemu_state_fail(s, "corrupt state: engine %u of %u", ix,
                            aemu_engine_count(d));
            ix = 0;
        }
        *e = ix ? aemu_engine_at(d, ix - 1) : NULL;
    }
}

/* A name that must read back as expected (which block, which engine). */
static void state_name(AemuStateIo *s, const char *name, const char *what)
{
    uint32_t n = strlen(name);
    char buf[AEMU_STATE_NAME_MAX];

    AEMU_STATE(s, n);
    if (!s->load) {
        g_byte_array_append(s->out, (const guint8 *)name, n);
        return;
    }
    if (n >= sizeof(buf)) {
        aemu_state_fail(s, "corrupt state: a %u-byte %s name", n, what);
        return;
    }
    aemu_state_bytes(s, buf, n);
    buf[n] = '\0';
    if (!s->err && !g_str_equal(buf, name)) {
        aemu_state_fail(s, "state is for %s %s, this device has %s", what,
                        buf, name);
    }
}

/* ---- The shared sections --------------------------------------------- */

static void regs_state(AemuStateIo *s, AemuDevice *d)
{
    uint32_t n;

    aemu_state_bytes(s, d->regs, (size_t)d->mmio_dwords * sizeof(uint32_t));
    /* The banked copies: (dw << 32 | bank) -> value, sorted. */
    n = g_hash_table_size(d->banked);
    AEMU_STATE(s, n);
    if (!s->load) {
        GArray *keys = g_array_sized_new(FALSE, FALSE, sizeof(uint64_t), n);
        GHashTableIter it;
        gpointer k, v;

        g_hash_table_iter_init(&it, d->banked);
        while (g_hash_table_iter_next(&it, &k, &v)) {
            g_array_append_val(keys, *(uint64_t *)k);
        }
        g_array_sort(keys, cmp_u64);
        for (uint32_t i = 0; i < n; i++) {
            uint64_t key = g_array_index(keys, uint64_t, i);
            uint32_t val = aemu_reg_get_bank(d, key >> 32, (uint32_t)key);

            AEMU_STATE(s, key);
            AEMU_STATE(s, val);
        }
        g_array_free(keys, TRUE);
    } else {
        g_hash_table_remove_all(d->banked);
        for (uint32_t i = 0; i < n && !s->err; i++) {
            uint64_t key;
            uint32_t val;

            AEMU_STATE(s, key);
            AEMU_STATE(s, val);
            if (s->err) {
                break;
            }
            if ((key >> 32) >= d->mmio_dwords ||
                d->bank_kind[key >> 32] == AEMU_BANK_NONE) {
                aemu_state_fail(s, "corrupt state: bank copy of register "
                                "0x%" PRIx64 ", which has no banks",
                                key >> 32);
                break;
            }
            aemu_reg_set_bank(d, key >> 32, (uint32_t)key, val);
        }
    }
    AEMU_STATE(s, d->units_held);
    AEMU_STATE(s, d->vm_gen);
}

/*
 * An engine's scheduling state, by registration index (the header checked
 * the count; a queue's name can change with its role and is the queue's).
 */
static void engine_state(AemuStateIo *s, AemuEngine *e)
{
    AEMU_STATE_BOOL(s, e->runnable);
    AEMU_STATE(s, e->packets);
    AEMU_STATE(s, e->timeline_ns);
    AEMU_STATE(s, e->busy_ns);
    AEMU_STATE(s, e->wake_ns);
    AEMU_STATE_BOOL(s, e->idle);
    AEMU_STATE(s, e->hold_ns);
    AEMU_STATE_BOOL(s, e->held);
}

static void sched_state(AemuStateIo *s, AemuDevice *d)
{
    AemuSched *sc = &d->sched;
    uint32_t n = aemu_engine_count(d);

    AEMU_STATE(s, n);
    if (s->load && n != aemu_engine_count(d)) {
        aemu_state_fail(s, "state has %u engines, this device %u", n,
                        aemu_engine_count(d));
        return;
    }
    aemu_state_index(s, &sc->next, MAX(n, 1), "round-robin start");
    AEMU_STATE(s, sc->deadline);
    AEMU_STATE(s, sc->bytes);
    AEMU_STATE(s, sc->overspend);
    AEMU_STATE(s, sc->latency_ns);
    AEMU_STATE(s, sc->wake_ns);
    AEMU_STATE(s, sc->now);
    for (unsigned i = 0; i < n && !s->err; i++) {
        engine_state(s, aemu_engine_at(d, i));
    }
}

void aemu_iv_state(AemuStateIo *s, AemuIvEntry *iv)
{
    AEMU_STATE(s, iv->client_id);
    AEMU_STATE(s, iv->src_id);
    AEMU_STATE(s, iv->src_data);
    AEMU_STATE(s, iv->ring_id);
    AEMU_STATE(s, iv->vmid);
    AEMU_STATE_BOOL(s, iv->vmid_src);
    AEMU_STATE(s, iv->pasid);
    AEMU_STATE(s, iv->timestamp);
}

static void ring_ref(AemuStateIo *s, AemuDevice *d, AemuRing **r)
{
    AemuEngine *e = *r ? &(*r)->engine : NULL;

    aemu_state_engine_ref(s, d, &e);
    if (s->load) {
        *r = e ? aemu_ring_of_engine(e) : NULL;
        if (e && !*r) {
            aemu_state_fail(s, "corrupt state: engine %s is not a queue",
                            e->name);
        }
    }
}

static void inject_state(AemuStateIo *s, AemuDevice *d)
{
    struct AemuInjectState *in = &d->inject;

    ring_ref(s, d, &in->hang);
    ring_ref(s, d, &in->corrupt_fence);
    AEMU_STATE(s, in->corrupt_fences);
    AEMU_STATE(s, in->drop_irqs);
    AEMU_STATE_BOOL(s, in->vram_lost);
    AEMU_STATE_BOOL(s, in->reset_fail);
    AEMU_STATE_BOOL(s, in->dead);
    AEMU_STATE(s, in->delay_irq_us);
    aemu_iv_state(s, &d->inject_delay.iv);
    AEMU_STATE_BOOL(s, d->inject_delay.pending);
}

/*
 * The claims in router order (the latest claim wins an overlap). Owners
 * re-make their claims while their blocks load; this puts them back in
 * the saved order, and refuses a state whose owners did not.
 */
static void doorbells_state(AemuStateIo *s, AemuDevice *d)
{
    uint32_t n = d->num_doorbells;
    AemuDoorbellRange order[AEMU_DOORBELL_MAX_RANGES];

    AEMU_STATE(s, n);
    if (s->load && n != d->num_doorbells) {
        aemu_state_fail(s, "state has %u doorbell claims, its blocks made %u",
                        n, d->num_doorbells);
        return;
    }
    for (uint32_t i = 0; i < n && !s->err; i++) {
        AemuDoorbellRange *r = &d->doorbells[i];
        uint64_t first = r->first, len = r->len;
        uint32_t namelen = strlen(r->owner);
        char name[AEMU_STATE_NAME_MAX];
        bool found = false;

        AEMU_STATE(s, first);
        AEMU_STATE(s, len);
        AEMU_STATE(s, namelen);
        if (!s->load) {
            g_byte_array_append(s->out, (const guint8 *)r->owner, namelen);
            continue;
        }
        if (namelen >= sizeof(name)) {
            aemu_state_fail(s, "corrupt state: doorbell owner name");
            return;
        }
        aemu_state_bytes(s, name, namelen);
        name[namelen] = '\0';
        for (uint32_t j = 0; j < n && !s->err; j++) {
            const AemuDoorbellRange *c = &d->doorbells[j];

            if (c->first == first && c->len == len &&
                g_str_equal(c->owner, name)) {
                order[i] = *c;
                found = true;
                break;
            }
        }
        if (!found && !s->err) {
            aemu_state_fail(s, "state has a doorbell claim of %s at 0x%"
                            PRIx64 " its blocks did not make", name, first);
        }
    }
    if (s->load && !s->err) {
        memcpy(d->doorbells, order, n * sizeof(order[0]));
    }
}

static void block_state(AemuStateIo *s, AemuDevice *d, AemuBlock *b)
{
    uint32_t version = b->funcs->state_version;

    state_name(s, b->funcs->name, "IP block");
    AEMU_STATE(s, version);
    if (s->load && !s->err && version != b->funcs->state_version) {
        aemu_state_fail(s, "state of %s is version %u, this model reads %u",
                        b->funcs->name, version, b->funcs->state_version);
        return;
    }
    if (b->funcs->state && !s->err) {
        b->funcs->state(d, b->priv, s);
    }
}

/* ---- Framing ----------------------------------------------------------- */

typedef void SectionFn(AemuStateIo *s, AemuDevice *d, void *opaque);

static void save_section(AemuStateIo *s, const char *tag, SectionFn *fn,
                         AemuDevice *d, void *opaque)
{
    guint at;
    uint32_t len = 0;

    g_byte_array_append(s->out, (const guint8 *)tag, AEMU_STATE_TAG_LEN);
    at = s->out->len;
    AEMU_STATE(s, len);
    if (fn) {
        fn(s, d, opaque);
    }
    len = s->out->len - at - sizeof(len);
    memcpy(s->out->data + at, &len, sizeof(len));
}

/*
 * Load the next section, which must be tag, in a window of its own length:
 * what a section's function reads must be exactly what it holds.
 */
static void load_section(AemuStateIo *s, const char *tag, SectionFn *fn,
                         AemuDevice *d, void *opaque)
{
    AemuStateIo sub = { .load = true };
    char got[AEMU_STATE_TAG_LEN];
    uint32_t len;

    aemu_state_bytes(s, got, sizeof(got));
    AEMU_STATE(s, len);
    if (s->err) {
        return;
    }
    if (memcmp(got, tag, sizeof(got))) {
        aemu_state_fail(s, "corrupt state: section %.4s where %s belongs",
                        got, tag);
        return;
    }
    if (len > s->len - s->pos) {
        aemu_state_fail(s, "state truncated in section %s", tag);
        return;
    }
    sub.in = s->in + s->pos;
    sub.len = len;
    if (fn) {
        fn(&sub, d, opaque);
    } else {
        sub.pos = len;      /* the framing pass: skipped whole */
    }
    if (!sub.err && sub.pos != sub.len) {
        aemu_state_fail(&sub, "corrupt state: section %s has %zu bytes "
                        "more than it describes", tag, sub.len - sub.pos);
    }
    if (sub.err) {
        aemu_state_fail(s, "%s", sub.err);
        g_free(sub.err);
    }
    s->pos += len;
}

static void sec_regs(AemuStateIo *s, AemuDevice *d, void *o)
{
    regs_state(s, d);
}

static void sec_sched(AemuStateIo *s, AemuDevice *d, void *o)
{
    sched_state(s, d);
}

static void sec_inject(AemuStateIo *s, AemuDevice *d, void *o)
{
    inject_state(s, d);
}

static void sec_block(AemuStateIo *s, AemuDevice *d, void *o)
{
    block_state(s, d, o);
}

static void sec_doorbells(AemuStateIo *s, AemuDevice *d, void *o)
{
    doorbells_state(s, d);
}

typedef struct StateHeader {
    char magic[AEMU_STATE_MAGIC_LEN];
    uint32_t version, byte_order;
    uint64_t vram_size;
    uint32_t mmio_dwords, num_blocks, num_engines;
} StateHeader;

static void header_state(AemuStateIo *s, AemuDevice *d)
{
    StateHeader h = {
        .version = AEMU_STATE_VERSION,
        .byte_order = AEMU_STATE_BYTE_ORDER,
        .vram_size = d->vram_size,
        .mmio_dwords = d->mmio_dwords,
        .num_blocks = d->num_blocks,
        .num_engines = aemu_engine_count(d),
    };

    memcpy(h.magic, AEMU_STATE_MAGIC, sizeof(h.magic));
    aemu_state_bytes(s, h.magic, sizeof(h.magic));
    AEMU_STATE(s, h.version);
    AEMU_STATE(s, h.byte_order);
    if (!s->load) {
        state_name(s, d->asic->name, "chip");
        AEMU_STATE(s, h.vram_size);
        AEMU_STATE(s, h.mmio_dwords);
        AEMU_STATE(s, h.num_blocks);
        AEMU_STATE(s, h.num_engines);
        return;
    }
    if (s->err) {
        return;
    }
    if (memcmp(h.magic, AEMU_STATE_MAGIC, sizeof(h.magic))) {
        aemu_state_fail(s, "not an amdgpu-emu device state (bad magic)");
    } else if (h.version != AEMU_STATE_VERSION) {
        aemu_state_fail(s, "device state format version %u, this model "
                        "reads version %u", h.version, AEMU_STATE_VERSION);
    } else if (h.byte_order != AEMU_STATE_BYTE_ORDER) {
        aemu_state_fail(s, "device state from a host of the other byte "
                        "order");
    }
    state_name(s, d->asic->name, "chip");
    AEMU_STATE(s, h.vram_size);
    AEMU_STATE(s, h.mmio_dwords);
    AEMU_STATE(s, h.num_blocks);
    AEMU_STATE(s, h.num_engines);
    if (!s->err && (h.vram_size != d->vram_size ||
                    h.mmio_dwords != d->mmio_dwords ||
                    h.num_blocks != d->num_blocks ||
                    h.num_engines != aemu_engine_count(d))) {
        aemu_state_fail(s, "device state of %" PRIu64 " bytes of VRAM, %u "
                        "registers, %u blocks, %u engines; this device has %"
                        PRIu64 ", %u, %zu, %u", h.vram_size, h.mmio_dwords,
                        h.num_blocks, h.num_engines, d->vram_size,
                        d->mmio_dwords, d->num_blocks,
                        aemu_engine_count(d));
    }
}

/* Why the device cannot be saved now, or NULL. */
static const char *save_refused(AemuDevice *d)
{
    if (d->sched.running) {
        return "the engines are running (save between timer expiries)";
    }
    if (d->reset_pending) {
        return "a reset the device asked for is pending";
    }
    if (d->shader && aemu_sh_processor_busy(d->shader)) {
        /*
         * Waves in flight hold VGPR files, LDS and decoded programs: the
         * model does not save them (docs/snapshots.md).
         */
        return "shader waves are in flight (a dispatch is running)";
    }
    return NULL;
}

static void each_section(AemuStateIo *s, AemuDevice *d,
                         void (*section)(AemuStateIo *, const char *,
                                         SectionFn *, AemuDevice *, void *))
{
    section(s, TAG_REGS, sec_regs, d, NULL);
    section(s, TAG_SCHED, sec_sched, d, NULL);
    section(s, TAG_INJECT, sec_inject, d, NULL);
    for (size_t i = 0; i < d->num_blocks && !s->err; i++) {
        section(s, TAG_BLOCK, sec_block, d, &d->blocks[i]);
    }
    section(s, TAG_DOORBELLS, sec_doorbells, d, NULL);
    section(s, TAG_END, NULL, d, NULL);
}

bool aemu_state_save(AemuDevice *d, uint8_t **buf, size_t *len,
                     char **errmsg)
{
    AemuStateIo s = { .load = false };
    const char *why = save_refused(d);

    *buf = NULL;
    *len = 0;
    if (why) {
        *errmsg = g_strdup_printf("amdgpu-emu: cannot save the device "
                                  "state: %s", why);
        return false;
    }
    /* Bus memory is never held across calls; be sure nothing is. */
    aemu_xlate_release(d);
    /*
     * A fetch that hits a stream's translation cache counts its bytes
     * differently from one that misses (timing.h), and a loaded device
     * starts with empty caches: the saving one empties its own, so that
     * both go on alike.
     */
    aemu_xlate_drop_caches(d);
    /* Most of a blob is the register file (and the SMC's SRAM on CIK). */
    s.out = g_byte_array_sized_new(2 * d->mmio_dwords * sizeof(uint32_t));
    header_state(&s, d);
    each_section(&s, d, save_section);
    if (s.err) {
        *errmsg = g_strdup_printf("amdgpu-emu: cannot save the device "
                                  "state: %s", s.err);
        g_free(s.err);
        g_byte_array_free(s.out, TRUE);
        return false;
    }
    *len = s.out->len;
    *buf = g_byte_array_free(s.out, FALSE);
    return true;
}

/* Walk the framing only: every section present, in order, in bounds. */
static void check_section(AemuStateIo *s, const char *tag, SectionFn *fn,
                          AemuDevice *d, void *opaque)
{
    load_section(s, tag, NULL, d, opaque);
}

/* Back to power-on without an injected fault firing on the way. */
static void quiet_reset(AemuDevice *d)
{
    memset(&d->inject, 0, sizeof(d->inject));
    aemu_device_reset_internal(d, AEMU_RESET_COLD);
}

bool aemu_state_load(AemuDevice *d, const void *buf, size_t len,
                     char **errmsg)
{
    AemuStateIo s = { .load = true, .in = buf, .len = len };

    header_state(&s, d);
    if (!s.err) {
        each_section(&s, d, check_section);
    }
    if (!s.err && s.pos != s.len) {
        aemu_state_fail(&s, "corrupt state: %zu bytes after its end",
                        s.len - s.pos);
    }
    if (!s.err && d->sched.running) {
        aemu_state_fail(&s, "the engines are running");
    }
    if (s.err) {
        /* Refused before anything changed: the device is as it was. */
        *errmsg = g_strdup_printf("amdgpu-emu: device state refused: %s",
                                  s.err);
        g_free(s.err);
        return false;
    }
    quiet_reset(d);
    s.pos = 0;
    header_state(&s, d);
    each_section(&s, d, load_section);
    if (s.err) {
        quiet_reset(d);
        *errmsg = g_strdup_printf("amdgpu-emu: device state refused (the "
                                  "device was reset): %s", s.err);
        g_free(s.err);
        return false;
    }
    /* Every cached translation predates the state. */
    aemu_xlate_drop_caches(d);
    /* The timer of the host that saved is gone: arm this host's. */
    if (d->sched.deadline != UINT64_MAX) {
        d->host.timer_arm(d->host_opaque, d->sched.deadline);
    }
    aemu_rec_state_loaded(d, buf, len);
    return true;
}

void aemu_state_free(void *buf)
{
    g_free(buf);
}
