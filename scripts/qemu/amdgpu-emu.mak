# SPDX-License-Identifier: GPL-2.0-or-later
# Device set for the QEMU that scripts/build-qemu.sh builds (configure
# --without-default-devices --with-devices-x86_64=amdgpu-emu): a q35 board
# (which brings the ISA serial port, fw_cfg for direct -kernel boot, ICH9
# AHCI and the PCIe host bridge), virtio, PCIe root ports, and the device.

CONFIG_Q35=y
CONFIG_AMDGPU_EMU=y

# PCIe root ports (pcie-root-port): put the GPU behind a bridge with a PCIe
# link, as on real hardware (the driver reads the upstream link caps).
CONFIG_PCIE_PORT=y

# virtio over PCI: disks, console/channels and an entropy source for guests.
CONFIG_VIRTIO_PCI=y
CONFIG_VIRTIO_BLK=y
CONFIG_VIRTIO_SERIAL=y
CONFIG_VIRTIO_RNG=y

# QEMU's Intel IOMMU (intel-iommu, DMA remapping): guests with several
# GPUs behind an IOMMU (scripts/run-guest.sh --iommu intel, KFD's
# multi-GPU plan); every DMA of the device goes through it.
CONFIG_VTD=y

# A PCIe switch (x3130-upstream, xio3130-downstream): several GPUs behind
# one switch, as in multi-GPU servers (scripts/run-guest.sh --gpus); a
# kernel with PCI peer-to-peer DMA allows it between devices there without
# a whitelisted host bridge (pci_p2pdma_distance).
CONFIG_XIO3130=y
