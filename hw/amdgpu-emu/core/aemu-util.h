/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: small helpers every block shares, each written once.
 *
 * Field access in the driver's REG_GET_FIELD / REG_SET_FIELD spelling
 * (the generated headers define REG__FIELD_MASK and REG__FIELD__SHIFT),
 * 64-bit addresses from the lo/hi dword pairs packets carry, and the
 * seven-way compare of the CP's WAIT_REG_MEM and the SDMA's POLL_REG_MEM,
 * which use the same function encoding (0 always .. 6 greater).
 */
#ifndef AMDGPU_EMU_UTIL_H
#define AMDGPU_EMU_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The structure that embeds member at ptr (a queue from its ring). */
#define aemu_container_of(ptr, type, member) \
    ((type *)(void *)((char *)(ptr) - offsetof(type, member)))

/* REG_GET_FIELD(value, GRBM_GFX_INDEX, SE_INDEX) */
#define AEMU_REG_GET(value, reg, field) \
    (((uint32_t)(value) & reg##__##field##_MASK) >> reg##__##field##__SHIFT)

/* REG_SET_FIELD(value, GRBM_GFX_INDEX, SE_INDEX, x) */
#define AEMU_REG_SET(value, reg, field, x) \
    (((uint32_t)(value) & ~(uint32_t)reg##__##field##_MASK) | \
     (((uint32_t)(x) << reg##__##field##__SHIFT) & reg##__##field##_MASK))

/*
 * A register field as data, for the places where which register and
 * field is a chip fact chosen at run time (bank selectors).
 */
typedef struct AemuField {
    uint32_t mask;
    uint8_t shift;
} AemuField;

/* An initializer: { .vmid = AEMU_FIELD(SRBM_GFX_CNTL, VMID) }. */
#define AEMU_FIELD(reg, field) \
    { reg##__##field##_MASK, reg##__##field##__SHIFT }

static inline uint32_t aemu_field_get(uint32_t value, AemuField f)
{
    return (value & f.mask) >> f.shift;
}

/* value with field f replaced by v (v's bits beyond the field dropped). */
static inline uint32_t aemu_field_set(uint32_t value, AemuField f, uint32_t v)
{
    return (value & ~f.mask) | ((v << f.shift) & f.mask);
}

/* A 64-bit address from a low dword and a high dword. */
static inline uint64_t aemu_addr64(uint32_t lo, uint32_t hi)
{
    return (uint64_t)hi << 32 | lo;
}

/* The compare functions of WAIT_REG_MEM and POLL_REG_MEM. */
typedef enum AemuCmpFunc {
    AEMU_CMP_ALWAYS = 0,
    AEMU_CMP_LESS = 1,
    AEMU_CMP_LESS_EQUAL = 2,
    AEMU_CMP_EQUAL = 3,
    AEMU_CMP_NOT_EQUAL = 4,
    AEMU_CMP_GREATER_EQUAL = 5,
    AEMU_CMP_GREATER = 6,
} AemuCmpFunc;

/* (value func ref); callers reject func > AEMU_CMP_GREATER first. */
static inline bool aemu_compare(unsigned func, uint32_t value, uint32_t ref)
{
    switch (func) {
    case AEMU_CMP_ALWAYS:
        return true;
    case AEMU_CMP_LESS:
        return value < ref;
    case AEMU_CMP_LESS_EQUAL:
        return value <= ref;
    case AEMU_CMP_EQUAL:
        return value == ref;
    case AEMU_CMP_NOT_EQUAL:
        return value != ref;
    case AEMU_CMP_GREATER_EQUAL:
        return value >= ref;
    case AEMU_CMP_GREATER:
        return value > ref;
    default:
        return false;
    }
}

#endif
