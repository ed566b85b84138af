/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu: the device's display head on a QEMU graphic console
 * (amdgpu-emu-display.c).
 */
#ifndef AMDGPU_EMU_DISPLAY_H
#define AMDGPU_EMU_DISPLAY_H

#include "amdgpu-emu/aemu.h"
#include "hw/display/edid.h"

typedef struct AmdgpuEmuDisplay AmdgpuEmuDisplay;

/*
 * A graphic console for dev that shows what core scans out of vram, and
 * the monitor on the device's connector: attached when connected, with an
 * EDID qemu_edid_generate builds from edid (its zero fields take QEMU's
 * defaults).
 */
AmdgpuEmuDisplay *amdgpu_emu_display_new(DeviceState *dev, AemuDevice *core,
                                         uint8_t *vram, bool connected,
                                         qemu_edid_info *edid);
void amdgpu_emu_display_free(AmdgpuEmuDisplay *dpy);

#endif
