/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the display part of the synthetic ATOM VBIOS: the
 * Object_Header with its connector, encoder and display-path tables, and
 * the GPIO tables its records point into (GPIO_I2C_Info, GPIO_Pin_LUT).
 *
 * Who reads it:
 *  - amdgpu's Display Core (dc/bios/bios_parser.c), which refuses to
 *    construct without an Object_Header (revision 1.1, or 1.3 and later)
 *    and builds one link per connector object (dc/link/link_factory.c,
 *    construct_phy: the connector id picks the signal, the I2C record the
 *    DDC line, the HPD record the hot-plug pin, the device-tag record the
 *    device, the source list the encoder);
 *  - radeon and legacy amdgpu (radeon_get_atom_connector_info_from_object_table)
 *    read the same tables through the display paths, but only from a
 *    content revision of 2 or later.
 *
 * Two shapes:
 *  - no connector (every part but Hawaii): revision 1.1 and empty tables,
 *    so DC comes up headless and radeon ignores the table;
 *  - one DVI-D single-link connector (Hawaii): UNIPHY A (DIG 0) drives it,
 *    DDC on line 1 (the hardware I2C engine's DDC1, dce_v8_i2c.c, and the
 *    same pads bit-banged, dce_v8_ddc_gpio.c), HPD 1, device DFP1. DVI-D
 *    and not HDMI: no audio endpoint, no infoframes, no SCDC, and no AUX
 *    channel, in both drivers. Revision 1.2, so that radeon and legacy
 *    amdgpu read it too; DC reads 1.2 as 1.1 (its V3 layout starts at 1.3).
 *
 * Every offset inside the object tables is relative to the Object_Header,
 * as the readers add it (bios_parser.c, get_bios_object and the record
 * walks; radeon_atombios.c).
 */
#include <string.h>
#include "vbios_atom.h"
#include "vbios_put.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

#define DATA_SLOT_GPIO_I2C_INFO 10
#define DATA_SLOT_GPIO_PIN_LUT  12
#define DATA_SLOT_OBJECT_HEADER 22

/*
 * Placement inside the display range of the image (vbios_atom.c leaves
 * AEMU_VBIOS_DISPLAY_OFF up to the checksum byte to this file).
 */
#define DISP_OBJECT_HEADER      0x000   /* 90 bytes with the connector */
#define DISP_GPIO_I2C_INFO      0x060
#define DISP_GPIO_PIN_LUT       0x080
#define DISP_END                0x0a0

/*
 * ATOM_OBJECT_HEADER_V3 (atombios.h): the common header, u16
 * usDeviceSupport, then u16 offsets of the connector, router, encoder,
 * protection and display-path tables, and (V3) of the misc-object table.
 * Revision 1.1 readers stop before the last field; it stays 0 either way.
 */
#define OBJ_HEADER_FREV         1
#define OBJ_HEADER_CREV_EMPTY   1       /* radeon falls back on < 2 */
#define OBJ_HEADER_CREV         2       /* what radeon's reader wants */
#define OBJ_HEADER_SIZE         18
#define OBJ_DEVICE_SUPPORT      0x04
#define OBJ_CONNECTOR_TABLE     0x06
#define OBJ_ROUTER_TABLE        0x08
#define OBJ_ENCODER_TABLE       0x0a
#define OBJ_DISPLAY_PATH_TABLE  0x0e

/* ATOM_OBJECT_TABLE: u8 count, 3 pad bytes, then 8-byte ATOM_OBJECTs. */
#define OBJ_TABLE_HDR_SIZE      4
#define OBJ_SIZE                8
#define OBJ_ID                  0
#define OBJ_SRC_DST             2
#define OBJ_RECORDS             4
/* ATOM_DISPLAY_OBJECT_PATH_TABLE: u8 count, u8 version, 2 pad bytes. */
#define OBJ_PATH_TABLE_VERSION  1
#define OBJ_PATH_VERSION_OFF    1
/* ATOM_DISPLAY_OBJECT_PATH: tag, size, connector, GPU, then encoders. */
#define PATH_DEVICE_TAG         0
#define PATH_SIZE               2
#define PATH_CONNECTOR          4
#define PATH_GPU                6
#define PATH_GRAPHIC_OBJS       8

/* Object ids (ObjectID.h): type << 12 | enum << 8 | id. */
#define OBJECT_TYPE_SHIFT       12
#define ENUM_ID_SHIFT           8
#define GRAPH_OBJECT_TYPE_GPU       1
#define GRAPH_OBJECT_TYPE_ENCODER   2
#define GRAPH_OBJECT_TYPE_CONNECTOR 3
#define GRAPH_OBJECT_ENUM_ID1   1
#define GPU_OBJECT_ID           0
#define ENCODER_OBJECT_ID_INTERNAL_UNIPHY       0x1e
#define CONNECTOR_OBJECT_ID_SINGLE_LINK_DVI_D   0x03
#define OBJECT_ID(type, id) \
    ((type) << OBJECT_TYPE_SHIFT | GRAPH_OBJECT_ENUM_ID1 << ENUM_ID_SHIFT | (id))
#define GPU_ENUM_ID1            OBJECT_ID(GRAPH_OBJECT_TYPE_GPU, GPU_OBJECT_ID)
#define ENCODER_UNIPHY_ENUM_ID1 \
    OBJECT_ID(GRAPH_OBJECT_TYPE_ENCODER, ENCODER_OBJECT_ID_INTERNAL_UNIPHY)
#define CONNECTOR_DVI_D_ENUM_ID1 \
    OBJECT_ID(GRAPH_OBJECT_TYPE_CONNECTOR, CONNECTOR_OBJECT_ID_SINGLE_LINK_DVI_D)

/* usDeviceSupport / usDeviceTag / usDeviceID: ATOM_DEVICE_DFP1_SUPPORT. */
#define ATOM_DEVICE_DFP1_SUPPORT 0x0008

/* Records (ATOM_COMMON_RECORD_HEADER: u8 type, u8 size of the record). */
#define ATOM_I2C_RECORD_TYPE                    1
#define ATOM_HPD_INT_RECORD_TYPE                2
#define ATOM_CONNECTOR_DEVICE_TAG_RECORD_TYPE   4
#define LAST_RECORD_TYPE                        0xff
#define I2C_RECORD_SIZE         4       /* header, sucI2cId, ucI2CAddr */
#define HPD_RECORD_SIZE         4       /* header, GPIO id, plugged state */
#define DEVICE_TAG_RECORD_SIZE  12      /* header, count, pad, one tag */
#define DEVICE_TAG_DEVICE_ID    8       /* usDeviceID in the record */
#define LAST_RECORD_SIZE        2

/*
 * ATOM_I2C_ID_CONFIG: [7] hardware capable, [6:4] engine id (1: the
 * non-multimedia engine), [3:0] the line mux, i.e. the GPIO_I2C_Info
 * entry (DC indexes the table with it; radeon matches the whole byte).
 * DDC address 0: the record belongs to a connector's DDC.
 */
#define I2C_ID_HW_CAPABLE       0x80
#define I2C_ID_ENGINE_SHIFT     4
#define I2C_ENGINE_ID_GENERIC   1
#define DDC1_LINE_MUX           0
#define DDC1_I2C_ID \
    (I2C_ID_HW_CAPABLE | I2C_ENGINE_ID_GENERIC << I2C_ID_ENGINE_SHIFT | \
     DDC1_LINE_MUX)

/*
 * The HPD pin's GPIO id, the key between the HPD record and GPIO_Pin_LUT
 * (any byte both sides agree on; not one of the ids atombios.h reserves
 * for power management, 56 and up).
 */
#define HPD1_GPIO_ID            1
#define HPD_PLUGGED_PIN_STATE   1       /* sense high: plugged */

/* ATOM_GPIO_I2C_ASSIGMENT: eight u16 register indices, the id, shifts. */
#define GPIO_I2C_ENTRY_SIZE     27
#define GPIO_I2C_CLK_MASK_REG   0
#define GPIO_I2C_CLK_EN_REG     2
#define GPIO_I2C_CLK_Y_REG      4
#define GPIO_I2C_CLK_A_REG      6
#define GPIO_I2C_DATA_MASK_REG  8
#define GPIO_I2C_DATA_EN_REG    10
#define GPIO_I2C_DATA_Y_REG     12
#define GPIO_I2C_DATA_A_REG     14
#define GPIO_I2C_ID             16
#define GPIO_I2C_CLK_SHIFTS     17      /* mask, en, y, a */
#define GPIO_I2C_DATA_SHIFTS    21      /* mask, en, y, a */
#define GPIO_I2C_SHIFT_COUNT    4
#define GPIO_I2C_INFO_CREV      1       /* DC accepts only 1 */

/* ATOM_GPIO_PIN_ASSIGNMENT: u16 register index, u8 bit shift, u8 id. */
#define GPIO_PIN_ENTRY_SIZE     4
#define GPIO_PIN_REG            0
#define GPIO_PIN_SHIFT          2
#define GPIO_PIN_ID             3
#define GPIO_PIN_HPD_COUNT      6

_Static_assert(AEMU_VBIOS_DISPLAY_OFF + DISP_END <= AEMU_VBIOS_DISPLAY_CMD_OFF,
               "display data tables overlap the command tables");

static void put_data_slot(uint8_t *rom, size_t data_master, unsigned slot,
                          size_t table)
{
    put16(rom, data_master + ATOM_HDR_SIZE + 2 * slot, table);
}

/* Bit number of a one-bit mask. */
static uint8_t bit_of(uint32_t mask)
{
    uint8_t n = 0;

    while (!(mask & 1)) {
        mask >>= 1;
        n++;
    }
    return n;
}

/* One ATOM_OBJECT at off: id, source/destination list, records. */
static void put_object(uint8_t *h, size_t off, uint16_t id, size_t src_dst,
                       size_t records)
{
    put16(h, off + OBJ_ID, id);
    put16(h, off + OBJ_SRC_DST, src_dst);
    put16(h, off + OBJ_RECORDS, records);
}

/* ATOM_SRC_DST_TABLE_FOR_ONE_OBJECT with at most one source. */
static size_t put_src_dst(uint8_t *h, size_t off, int nsrc, uint16_t src)
{
    h[off++] = nsrc;
    if (nsrc) {
        put16(h, off, src);
        off += 2;
    }
    h[off++] = 0;                       /* no destination */
    return off;
}

static size_t put_last_record(uint8_t *h, size_t off)
{
    h[off] = LAST_RECORD_TYPE;
    h[off + 1] = LAST_RECORD_SIZE;
    return off + LAST_RECORD_SIZE;
}

/* The connector's records: DDC line, HPD pin, device tag. */
static size_t put_connector_records(uint8_t *h, size_t off)
{
    h[off] = ATOM_I2C_RECORD_TYPE;
    h[off + 1] = I2C_RECORD_SIZE;
    h[off + 2] = DDC1_I2C_ID;
    h[off + 3] = 0;
    off += I2C_RECORD_SIZE;

    h[off] = ATOM_HPD_INT_RECORD_TYPE;
    h[off + 1] = HPD_RECORD_SIZE;
    h[off + 2] = HPD1_GPIO_ID;
    h[off + 3] = HPD_PLUGGED_PIN_STATE;
    off += HPD_RECORD_SIZE;

    h[off] = ATOM_CONNECTOR_DEVICE_TAG_RECORD_TYPE;
    h[off + 1] = DEVICE_TAG_RECORD_SIZE;
    h[off + 2] = 1;                     /* one device */
    put32(h, off + 4, 0);               /* ulACPIDeviceEnum: reserved */
    put16(h, off + DEVICE_TAG_DEVICE_ID, ATOM_DEVICE_DFP1_SUPPORT);
    off += DEVICE_TAG_RECORD_SIZE;

    return put_last_record(h, off);
}

/*
 * Object_Header at h. Without a connector every table is empty (a count
 * byte of 0). With one: the connector and encoder objects, one display
 * path GPU -> UNIPHY -> DVI-D, and their records behind the tables.
 */
static void build_object_header(uint8_t *h, bool connector)
{
    size_t conn_tbl = OBJ_HEADER_SIZE;
    size_t n = connector ? 1 : 0;
    size_t router_tbl = conn_tbl + OBJ_TABLE_HDR_SIZE + n * OBJ_SIZE;
    size_t enc_tbl = router_tbl + OBJ_TABLE_HDR_SIZE;
    size_t path_tbl = enc_tbl + OBJ_TABLE_HDR_SIZE + n * OBJ_SIZE;
    size_t path_size = PATH_GRAPHIC_OBJS + 2;   /* one encoder */
    size_t off = path_tbl + OBJ_TABLE_HDR_SIZE + n * path_size;

    put16(h, OBJ_DEVICE_SUPPORT, connector ? ATOM_DEVICE_DFP1_SUPPORT : 0);
    put16(h, OBJ_CONNECTOR_TABLE, conn_tbl);
    put16(h, OBJ_ROUTER_TABLE, router_tbl);
    put16(h, OBJ_ENCODER_TABLE, enc_tbl);
    put16(h, OBJ_DISPLAY_PATH_TABLE, path_tbl);
    h[path_tbl + OBJ_PATH_VERSION_OFF] = OBJ_PATH_TABLE_VERSION;

    if (connector) {
        size_t conn_src = off, enc_src, conn_rec, enc_rec;
        size_t path = path_tbl + OBJ_TABLE_HDR_SIZE;

        /* The connector's source is the encoder (DC's get_src_obj). */
        enc_src = put_src_dst(h, conn_src, 1, ENCODER_UNIPHY_ENUM_ID1);
        conn_rec = put_src_dst(h, enc_src, 0, 0);
        enc_rec = put_connector_records(h, conn_rec);
        off = put_last_record(h, enc_rec);

        h[conn_tbl] = 1;
        put_object(h, conn_tbl + OBJ_TABLE_HDR_SIZE, CONNECTOR_DVI_D_ENUM_ID1,
                   conn_src, conn_rec);
        h[enc_tbl] = 1;
        put_object(h, enc_tbl + OBJ_TABLE_HDR_SIZE, ENCODER_UNIPHY_ENUM_ID1,
                   enc_src, enc_rec);
        h[path_tbl] = 1;
        put16(h, path + PATH_DEVICE_TAG, ATOM_DEVICE_DFP1_SUPPORT);
        put16(h, path + PATH_SIZE, path_size);
        put16(h, path + PATH_CONNECTOR, CONNECTOR_DVI_D_ENUM_ID1);
        put16(h, path + PATH_GPU, GPU_ENUM_ID1);
        put16(h, path + PATH_GRAPHIC_OBJS, ENCODER_UNIPHY_ENUM_ID1);
    }
    /* The size covers the header, the tables and the records. */
    /*
     * Without a connector radeon must not take the (empty) table: it falls
     * back on its other connector sources (the RS780's board).
     */
    put_table_header(h, 0, off, OBJ_HEADER_FREV,
                     connector ? OBJ_HEADER_CREV : OBJ_HEADER_CREV_EMPTY);
}

/*
 * GPIO_I2C_Info v1.1 with one entry, DDC1: the DC_GPIO_DDC1 pin registers
 * (mask, output enable, input Y, output A), clock on bit 0 and data on
 * bit 8. DC translates the clock's A register into its DDC line (DDC1) and
 * with the hardware-capable id uses the I2C engine; radeon bit-bangs
 * through the same registers.
 */
static void build_gpio_i2c_info(uint8_t *t)
{
    uint8_t *e = t + ATOM_HDR_SIZE;
    uint8_t clk = bit_of(DC_GPIO_DDC1_A__DC_GPIO_DDC1CLK_A_MASK);
    uint8_t data = bit_of(DC_GPIO_DDC1_A__DC_GPIO_DDC1DATA_A_MASK);

    put_table_header(t, 0, ATOM_HDR_SIZE + GPIO_I2C_ENTRY_SIZE, 1,
                     GPIO_I2C_INFO_CREV);
    put16(e, GPIO_I2C_CLK_MASK_REG, mmDC_GPIO_DDC1_MASK);
    put16(e, GPIO_I2C_CLK_EN_REG, mmDC_GPIO_DDC1_EN);
    put16(e, GPIO_I2C_CLK_Y_REG, mmDC_GPIO_DDC1_Y);
    put16(e, GPIO_I2C_CLK_A_REG, mmDC_GPIO_DDC1_A);
    put16(e, GPIO_I2C_DATA_MASK_REG, mmDC_GPIO_DDC1_MASK);
    put16(e, GPIO_I2C_DATA_EN_REG, mmDC_GPIO_DDC1_EN);
    put16(e, GPIO_I2C_DATA_Y_REG, mmDC_GPIO_DDC1_Y);
    put16(e, GPIO_I2C_DATA_A_REG, mmDC_GPIO_DDC1_A);
    e[GPIO_I2C_ID] = DDC1_I2C_ID;
    memset(e + GPIO_I2C_CLK_SHIFTS, clk, GPIO_I2C_SHIFT_COUNT);
    memset(e + GPIO_I2C_DATA_SHIFTS, data, GPIO_I2C_SHIFT_COUNT);
}

/*
 * GPIO_Pin_LUT with the six HPD pins of DC_GPIO_HPD_A, ids HPD1_GPIO_ID
 * and up, as a board lists all its pins: DC_GPIO_HPD_A bit 0 is HPD1 for
 * DC's translation (hw_translate_dce80.c) and radeon's
 * (radeon_atom_get_hpd_info_from_gpio). More than one entry is also what
 * DC's reader needs: it wants the table at least as large as its header
 * plus the header and one entry again (bios_parser_get_gpio_pin_info).
 */
static void build_gpio_pin_lut(uint8_t *t)
{
    static const uint32_t hpd_mask[GPIO_PIN_HPD_COUNT] = {
        DC_GPIO_HPD_A__DC_GPIO_HPD1_A_MASK, DC_GPIO_HPD_A__DC_GPIO_HPD2_A_MASK,
        DC_GPIO_HPD_A__DC_GPIO_HPD3_A_MASK, DC_GPIO_HPD_A__DC_GPIO_HPD4_A_MASK,
        DC_GPIO_HPD_A__DC_GPIO_HPD5_A_MASK, DC_GPIO_HPD_A__DC_GPIO_HPD6_A_MASK,
    };

    put_table_header(t, 0, ATOM_HDR_SIZE + GPIO_PIN_HPD_COUNT *
                     GPIO_PIN_ENTRY_SIZE, 1, 1);
    for (int i = 0; i < GPIO_PIN_HPD_COUNT; i++) {
        uint8_t *e = t + ATOM_HDR_SIZE + i * GPIO_PIN_ENTRY_SIZE;

        put16(e, GPIO_PIN_REG, mmDC_GPIO_HPD_A);
        e[GPIO_PIN_SHIFT] = bit_of(hpd_mask[i]);
        e[GPIO_PIN_ID] = HPD1_GPIO_ID + i;
    }
}

void aemu_vbios_build_display(uint8_t *rom, size_t data_master,
                              bool connector)
{
    uint8_t *d = rom + AEMU_VBIOS_DISPLAY_OFF;

    build_object_header(d + DISP_OBJECT_HEADER, connector);
    put_data_slot(rom, data_master, DATA_SLOT_OBJECT_HEADER,
                  AEMU_VBIOS_DISPLAY_OFF + DISP_OBJECT_HEADER);
    if (!connector) {
        return;
    }
    build_gpio_i2c_info(d + DISP_GPIO_I2C_INFO);
    put_data_slot(rom, data_master, DATA_SLOT_GPIO_I2C_INFO,
                  AEMU_VBIOS_DISPLAY_OFF + DISP_GPIO_I2C_INFO);
    build_gpio_pin_lut(d + DISP_GPIO_PIN_LUT);
    put_data_slot(rom, data_master, DATA_SLOT_GPIO_PIN_LUT,
                  AEMU_VBIOS_DISPLAY_OFF + DISP_GPIO_PIN_LUT);
}
