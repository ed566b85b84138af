/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: DISPATCH_DIRECT and DISPATCH_INDIRECT, the CP's side
 * of a compute dispatch.
 *
 * The packet snapshots the queue's own COMPUTE_* state (kept per queue by
 * SET_SH_REG, cp_pm4_ops.c), its VMID and the group counts, and starts the
 * dispatch on the shader processor (shader_dispatch.c); the queue then
 * waits at the packet (RETRY, as a register wait does) until the
 * dispatch's last wave has ended, so later packets of the stream (the
 * fence's RELEASE_MEM) see its results: the strongest ordering the
 * hardware allows (shader-execution.md 6.5, Model A).
 *
 * Bodies (cikd.h, soc15d.h; RADV and libdrm emit them):
 *  - DISPATCH_DIRECT: DIM_X, DIM_Y, DIM_Z, DISPATCH_INITIATOR;
 *  - DISPATCH_INDIRECT on the gfx ring: DATA_OFFSET, INITIATOR, the
 *    arguments at the SET_BASE base of index 1 plus the offset;
 *  - DISPATCH_INDIRECT on a compute queue: ADDR_LO, ADDR_HI, INITIATOR.
 * The arguments are three dwords, the group counts X, Y, Z (the layout of
 * VkDispatchIndirectCommand), read once, when the dispatch starts.
 */
#include "cp_pm4_ops.h"
#include "vega10_utcl2_cid.h"

/* SET_BASE index of the gfx ring's indirect-dispatch base (6.1). */
#define CP_BASE_INDEX_DISPATCH  1u
/* Body lengths of the two DISPATCH_INDIRECT forms. */
#define CP_INDIRECT_ME_LEN      2u
#define CP_INDIRECT_MEC_LEN     3u
/* The dispatch arguments: X, Y, Z group counts. */
#define CP_INDIRECT_ARG_BYTES   (3u * 4u)

/*
 * The shaders' memory client: the texture cache path (TCP, the GFXHUB's
 * client 8 on Vega10; gmc_v9_0.c gfxhub_client_ids).
 */
static const AemuMemClient shader_client = {
    .name = "TCP", .hub = AEMU_HUB_GFX,
    .utcl2_cid = { VEGA10_GFXHUB_CID_TCP, VEGA10_GFXHUB_CID_TCP },
};

AemuStep aemu_cp_dispatch(AemuDevice *d, AemuPm4Packet *p,
                          const uint32_t dim[3], uint32_t initiator)
{
    AemuCpQueue *q = p->q;
    AemuShDispatchArgs a;

    if (q->dispatch) {
        if (!aemu_sh_dispatch_done(q->dispatch)) {
            q->polls++;
            return AEMU_STEP_RETRY;
        }
        /* What follows the dispatch starts after its last wave's time. */
        aemu_engine_wait_until(d, aemu_sh_dispatch_done_ns(q->dispatch));
        aemu_sh_dispatch_unref(q->dispatch, false);
        q->dispatch = NULL;
        return AEMU_STEP_DONE;
    }
    if (!d->shader) {
        return aemu_pm4_unimp(d, p, AEMU_CP_ERR_OPCODE,
                              "no shader processor on this chip");
    }
    a = (AemuShDispatchArgs) {
        .queue = q->ring.name,
        .waiter = &q->ring.engine,
        .compute = &q->compute,
        .dim = { dim[0], dim[1], dim[2] },
        .initiator = initiator,
        .vmid = p->vmid,
        .client = shader_client,
        .sh_mem_bases_dw = q->isa->sh_mem_bases,
        .sh_mem_config_dw = q->isa->sh_mem_config,
        .sh_mem_retry_disable = q->isa->sh_mem_retry_disable,
    };
    q->dispatch = aemu_sh_dispatch_start(d, &a);
    return q->dispatch ? AEMU_STEP_RETRY : AEMU_STEP_DONE;
}

AemuStep aemu_pm4_dispatch_direct(AemuDevice *d, AemuPm4Packet *p)
{
    return aemu_cp_dispatch(d, p, p->body, p->body[3]);
}

AemuStep aemu_pm4_dispatch_indirect(AemuDevice *d, AemuPm4Packet *p)
{
    uint32_t dim[3] = { 0 }, initiator;
    uint64_t addr;

    /* Arguments are read only when the dispatch starts. */
    if (p->q->dispatch) {
        return aemu_cp_dispatch(d, p, dim, 0);
    }
    if (p->len == CP_INDIRECT_ME_LEN) {
        addr = p->q->set_base[CP_BASE_INDEX_DISPATCH] + p->body[0];
        initiator = p->body[1];
    } else if (p->len == CP_INDIRECT_MEC_LEN) {
        addr = aemu_addr64(p->body[0], p->body[1]);
        initiator = p->body[2];
    } else {
        return aemu_pm4_fail(d, p, AEMU_CP_ERR_OPCODE,
                             "DISPATCH_INDIRECT of %u dwords", p->len);
    }
    if (aemu_gpu_read(d, p->vmid, addr, dim, CP_INDIRECT_ARG_BYTES,
                      &p->q->ring.client) != AEMU_MEM_OK) {
        return aemu_pm4_fail(d, p, AEMU_CP_ERR_MEMORY,
                             "DISPATCH_INDIRECT arguments at 0x%" PRIx64
                             " not readable", addr);
    }
    for (unsigned i = 0; i < 3; i++) {
        dim[i] = GUINT32_FROM_LE(dim[i]);
    }
    return aemu_cp_dispatch(d, p, dim, initiator);
}
