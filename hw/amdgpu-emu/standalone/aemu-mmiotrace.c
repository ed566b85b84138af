/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu standalone tools: Linux mmiotrace text (see aemu-mmiotrace.h
 * for the format).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include "aemu-mmiotrace.h"

#define NS_PER_SEC 1000000000ull
#define NS_PER_USEC 1000ull
/* A record has at most this many fields (PCIDEV: 17 and a driver). */
#define MAX_TOKENS 24
/* PCIDEV: the keyword, bus/devfn, ids, irq, 7 starts, 7 sizes. */
#define PCIDEV_TOKENS (4 + 2 * MMT_PCI_RESOURCES)

typedef struct Tokens {
    char *buf;
    char *tok[MAX_TOKENS];
    unsigned n;
} Tokens;

static void tokenize(Tokens *t, const char *line)
{
    char *save = NULL;

    t->buf = g_strdup(line);
    t->n = 0;
    for (char *p = strtok_r(t->buf, " \t\r", &save); p && t->n < MAX_TOKENS;
         p = strtok_r(NULL, " \t\r", &save)) {
        t->tok[t->n++] = p;
    }
}

/* A whole token as an unsigned number in base (16 accepts a 0x prefix). */
static bool num(const char *s, int base, uint64_t *out)
{
    char *end;

    if (!s || !*s || *s == '-' || *s == '+') {
        return false;
    }
    errno = 0;
    *out = strtoull(s, &end, base);
    return !errno && *end == '\0';
}

/* "sec.usec" (the kernel prints six decimals; fewer or more are accepted). */
static bool timestamp(const char *s, uint64_t *ns)
{
    const char *dot = s ? strchr(s, '.') : NULL;
    uint64_t sec, frac = 0, scale = NS_PER_SEC;
    char *head;
    bool ok;

    if (!dot) {
        return num(s, 10, ns) && (*ns *= NS_PER_SEC, true);
    }
    head = g_strndup(s, dot - s);
    ok = num(head, 10, &sec);
    g_free(head);
    if (!ok || !dot[1]) {
        return false;
    }
    for (const char *p = dot + 1; *p; p++) {
        if (*p < '0' || *p > '9') {
            return false;
        }
        if (scale > 1) {
            scale /= 10;
            frac += (uint64_t)(*p - '0') * scale;
        }
    }
    *ns = sec * NS_PER_SEC + frac;
    return true;
}

static bool map_id(const char *s, int *id)
{
    uint64_t v;

    if (!num(s, 10, &v) || v > INT32_MAX) {
        return false;
    }
    *id = (int)v;
    return true;
}

/* Text after the first @skip fields of the line, leading blanks dropped. */
static const char *rest_of_line(const char *line, unsigned skip)
{
    const char *p = line;

    for (unsigned i = 0; i < skip; i++) {
        p += strspn(p, " \t");
        p += strcspn(p, " \t");
    }
    return p + strspn(p, " \t");
}

static bool parse_rw(Tokens *t, MmtRecord *r, char **err)
{
    uint64_t width, pc, pid;

    if (t->n != 8 || !num(t->tok[1], 10, &width) ||
        !timestamp(t->tok[2], &r->ns) || !map_id(t->tok[3], &r->map_id) ||
        !num(t->tok[4], 16, &r->phys) || !num(t->tok[5], 16, &r->value) ||
        !num(t->tok[6], 16, &pc) || !num(t->tok[7], 10, &pid)) {
        *err = g_strdup_printf("expected '%s <width> <sec.usec> <map-id> "
                               "0x<phys> 0x<value> 0x<pc> <pid>'",
                               t->tok[0]);
        return false;
    }
    if (width != 1 && width != 2 && width != 4 && width != 8) {
        *err = g_strdup_printf("access width %" PRIu64 " (1, 2, 4 or 8 "
                               "bytes)", width);
        return false;
    }
    r->width = (unsigned)width;
    if (width < 8 && r->value >> (width * 8)) {
        *err = g_strdup_printf("value 0x%" PRIx64 " wider than %u bytes",
                               r->value, r->width);
        return false;
    }
    return true;
}

static bool parse_pcidev(Tokens *t, MmtRecord *r, char **err)
{
    MmtPciDev *p = &r->pci;
    uint64_t bdf, ids, irq, v;

    memset(p, 0, sizeof(*p));
    if (t->n < PCIDEV_TOKENS || !num(t->tok[1], 16, &bdf) || bdf > 0xffff ||
        !num(t->tok[2], 16, &ids) || ids > 0xffffffffull ||
        !num(t->tok[3], 16, &irq)) {
        goto bad;
    }
    p->bus = (unsigned)(bdf >> 8);
    p->devfn = (unsigned)(bdf & 0xff);
    p->vendor = (uint16_t)(ids >> 16);
    p->device = (uint16_t)ids;
    p->irq = (unsigned)irq;
    for (unsigned i = 0; i < MMT_PCI_RESOURCES; i++) {
        if (!num(t->tok[4 + i], 16, &v)) {
            goto bad;
        }
        p->start[i] = v & ~(uint64_t)MMT_PCI_FLAG_MASK;
        p->flags[i] = (unsigned)(v & MMT_PCI_FLAG_MASK);
        if (!num(t->tok[4 + MMT_PCI_RESOURCES + i], 16, &p->size[i])) {
            goto bad;
        }
    }
    if (t->n > PCIDEV_TOKENS) {
        g_strlcpy(p->driver, t->tok[PCIDEV_TOKENS], sizeof(p->driver));
    }
    return true;
bad:
    *err = g_strdup("expected 'PCIDEV <bus><devfn> <vendor><device> <irq>' "
                    "and 7 resource starts and 7 sizes, all hex");
    return false;
}

bool mmt_parse_line(const char *line, MmtRecord *r, char **err)
{
    Tokens t;
    bool ok = false;
    uint64_t v;

    *err = NULL;
    memset(r, 0, sizeof(*r));
    tokenize(&t, line);
    if (t.n == 0) {
        g_free(t.buf);
        return false;
    }
    if (!strcmp(t.tok[0], "R") || !strcmp(t.tok[0], "W")) {
        r->kind = t.tok[0][0] == 'R' ? MMT_READ : MMT_WRITE;
        ok = parse_rw(&t, r, err);
    } else if (!strcmp(t.tok[0], "MAP")) {
        r->kind = MMT_MAP;
        ok = t.n == 8 && timestamp(t.tok[1], &r->ns) &&
             map_id(t.tok[2], &r->map_id) && num(t.tok[3], 16, &r->phys) &&
             num(t.tok[4], 16, &r->virt) && num(t.tok[5], 16, &r->len) &&
             num(t.tok[6], 16, &v) && num(t.tok[7], 10, &v);
        if (!ok) {
            *err = g_strdup("expected 'MAP <sec.usec> <map-id> 0x<phys> "
                            "0x<virt> 0x<len> 0x<pc> <pid>'");
        }
    } else if (!strcmp(t.tok[0], "UNMAP")) {
        r->kind = MMT_UNMAP;
        ok = t.n == 5 && timestamp(t.tok[1], &r->ns) &&
             map_id(t.tok[2], &r->map_id) && num(t.tok[3], 16, &v) &&
             num(t.tok[4], 10, &v);
        if (!ok) {
            *err = g_strdup("expected 'UNMAP <sec.usec> <map-id> 0x<pc> "
                            "<pid>'");
        }
    } else if (!strcmp(t.tok[0], "UNKNOWN")) {
        r->kind = MMT_UNKNOWN_OP;
        ok = t.n == 7 && timestamp(t.tok[1], &r->ns) &&
             map_id(t.tok[2], &r->map_id) && num(t.tok[3], 16, &r->phys);
        if (!ok) {
            *err = g_strdup("expected 'UNKNOWN <sec.usec> <map-id> 0x<phys> "
                            "<b2>,<b1>,<b0> 0x<pc> <pid>'");
        }
    } else if (!strcmp(t.tok[0], "MARK")) {
        r->kind = MMT_MARK;
        ok = t.n >= 2 && timestamp(t.tok[1], &r->ns);
        if (ok) {
            r->text = rest_of_line(line, 2);
        } else {
            *err = g_strdup("expected 'MARK <sec.usec> <text>'");
        }
    } else if (!strcmp(t.tok[0], "VERSION")) {
        r->kind = MMT_VERSION;
        ok = t.n == 2;
        if (ok) {
            g_strlcpy(r->version, t.tok[1], sizeof(r->version));
        } else {
            *err = g_strdup("expected 'VERSION <version>'");
        }
    } else if (!strcmp(t.tok[0], "PCIDEV")) {
        r->kind = MMT_PCIDEV;
        ok = parse_pcidev(&t, r, err);
    } else if (!strcmp(t.tok[0], "LSPCI")) {
        r->kind = MMT_LSPCI;
        r->text = rest_of_line(line, 1);
        ok = true;
    } else {
        *err = g_strdup_printf("'%.40s' is not an mmiotrace record (VERSION, "
                               "PCIDEV, MAP, UNMAP, R, W, UNKNOWN, MARK, "
                               "LSPCI)", t.tok[0]);
    }
    g_free(t.buf);
    return ok;
}

/* The kernel prints "%u.%06lu" from ns2usecs(). */
static void put_ts(FILE *f, uint64_t ns)
{
    uint64_t us = ns / NS_PER_USEC;

    fprintf(f, "%" PRIu64 ".%06" PRIu64, us / 1000000u, us % 1000000u);
}

void mmt_write_version(FILE *f)
{
    fprintf(f, "VERSION " MMT_VERSION_STRING "\n");
}

void mmt_write_pcidev(FILE *f, const MmtPciDev *p)
{
    fprintf(f, "PCIDEV %02x%02x %04x%04x %x", p->bus, p->devfn, p->vendor,
            p->device, p->irq);
    for (unsigned i = 0; i < MMT_PCI_RESOURCES; i++) {
        fprintf(f, " %" PRIx64, p->start[i] | p->flags[i]);
    }
    for (unsigned i = 0; i < MMT_PCI_RESOURCES; i++) {
        fprintf(f, " %" PRIx64, p->size[i]);
    }
    fprintf(f, " %s\n", p->driver);
}

void mmt_write_map(FILE *f, uint64_t ns, int id, uint64_t phys,
                   uint64_t virt, uint64_t len)
{
    fputs("MAP ", f);
    put_ts(f, ns);
    fprintf(f, " %d 0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx64 " 0x0 0\n", id,
            phys, virt, len);
}

void mmt_write_unmap(FILE *f, uint64_t ns, int id)
{
    fputs("UNMAP ", f);
    put_ts(f, ns);
    fprintf(f, " %d 0x0 0\n", id);
}

void mmt_write_rw(FILE *f, bool write, unsigned width, uint64_t ns, int id,
                  uint64_t phys, uint64_t value)
{
    fprintf(f, "%c %u ", write ? 'W' : 'R', width);
    put_ts(f, ns);
    fprintf(f, " %d 0x%" PRIx64 " 0x%" PRIx64 " 0x0 0\n", id, phys, value);
}

void mmt_write_mark(FILE *f, uint64_t ns, const char *text)
{
    fputs("MARK ", f);
    put_ts(f, ns);
    fprintf(f, " %s\n", text);
}
