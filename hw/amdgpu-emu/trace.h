/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The device's trace events, generated from trace-events into QEMU's build tree. */
#include "hw/amdgpu-emu/trace-hw_amdgpu_emu.h"
