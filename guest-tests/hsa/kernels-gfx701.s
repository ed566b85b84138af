// SPDX-License-Identifier: GPL-2.0-or-later
//
// The kernels of aemu-hsa-compute (guest-tests/hsa-compute.c) for gfx701
// (Hawaii), the same four as kernels-gfx900.s with the same arguments,
// registers and results, in gfx7 assembly for HSA code object v4.
// guest-tests/meson.build assembles this with llvm-mc
// (--triple=amdgcn-amd-amdhsa -mcpu=gfx701) and links it with ld.lld
// -shared into aemu-kernels-gfx701.hsaco, which scripts/build-guest.sh
// installs in the guest as /usr/lib/aemu/aemu-kernels-gfx701.hsaco.
//
// What gfx7 lacks of the gfx900 version, and what takes its place:
//  - scalar loads are SMRD, their immediate offset in dwords, not bytes;
//  - no global_* instructions: FLAT, with the 64-bit address built in a
//    VGPR pair (base + offset with a carry); a global address is outside
//    the LDS and scratch apertures, so FLAT goes to memory, and it counts
//    on both vmcnt and lgkmcnt;
//  - no carry-less v_add_u32: v_add_i32, whose carry goes to VCC;
//  - LDS accesses are bounded by M0, which the wave must set (-1: all).
// See kernels-gfx900.s for what each kernel does.

    .amdgcn_target "amdgcn-amd-amdhsa--gfx701"
    .text

// ---- aemu_vadd(const uint *a, const uint *b, uint *c) ----
    .globl aemu_vadd
    .p2align 8
    .type aemu_vadd,@function
aemu_vadd:
    s_load_dword s5, s[0:1], 0x1            // workgroup_size_x | _y << 16
    s_load_dwordx4 s[8:11], s[2:3], 0x0     // a, b
    s_load_dwordx2 s[12:13], s[2:3], 0x4    // c (byte 16)
    s_waitcnt lgkmcnt(0)
    s_and_b32 s5, s5, 0xffff
    s_mul_i32 s5, s4, s5                    // the group's first work-item
    v_add_i32 v0, vcc, s5, v0               // global id
    v_lshlrev_b32 v1, 2, v0                 // its byte offset (N < 2^30)
    v_mov_b32 v3, s9                        // &a[i]
    v_add_i32 v2, vcc, s8, v1
    v_addc_u32 v3, vcc, 0, v3, vcc
    v_mov_b32 v5, s11                       // &b[i]
    v_add_i32 v4, vcc, s10, v1
    v_addc_u32 v5, vcc, 0, v5, vcc
    flat_load_dword v6, v[2:3]
    flat_load_dword v7, v[4:5]
    v_mov_b32 v3, s13                       // &c[i]
    v_add_i32 v2, vcc, s12, v1
    v_addc_u32 v3, vcc, 0, v3, vcc
    s_waitcnt vmcnt(0) lgkmcnt(0)
    v_add_i32 v6, vcc, v6, v7
    flat_store_dword v[2:3], v6
    s_endpgm
.Lvadd_end:
    .size aemu_vadd, .Lvadd_end - aemu_vadd

// ---- aemu_reduce(const uint *in, uint *sums) ----
// The workgroup size must be a power of two of at most 256 (the group
// segment holds 256 dwords).
    .globl aemu_reduce
    .p2align 8
    .type aemu_reduce,@function
aemu_reduce:
    s_load_dword s5, s[0:1], 0x1
    s_load_dwordx4 s[8:11], s[2:3], 0x0     // in, sums
    s_mov_b32 m0, -1                        // LDS: no bound below its size
    s_waitcnt lgkmcnt(0)
    s_and_b32 s5, s5, 0xffff                // workgroup size
    s_mul_i32 s6, s4, s5
    v_add_i32 v1, vcc, s6, v0
    v_lshlrev_b32 v1, 2, v1
    v_mov_b32 v9, s9                        // &in[global id]
    v_add_i32 v8, vcc, s8, v1
    v_addc_u32 v9, vcc, 0, v9, vcc
    flat_load_dword v2, v[8:9]
    v_lshlrev_b32 v3, 2, v0                 // this work-item's LDS dword
    s_waitcnt vmcnt(0) lgkmcnt(0)
    ds_write_b32 v3, v2
    s_waitcnt lgkmcnt(0)
    s_barrier                               // every dword is in LDS
    s_lshr_b32 s7, s5, 1                    // stride
.Lreduce_step:
    s_cmp_eq_u32 s7, 0
    s_cbranch_scc1 .Lreduce_done
    v_cmp_gt_u32 vcc, s7, v0                // id < stride adds its partner
    s_and_saveexec_b64 s[12:13], vcc
    s_cbranch_execz .Lreduce_join           // a whole wave may sit out
    s_lshl_b32 s14, s7, 2
    v_add_i32 v4, vcc, s14, v3
    ds_read_b32 v5, v3
    ds_read_b32 v6, v4
    s_waitcnt lgkmcnt(0)
    v_add_i32 v5, vcc, v5, v6
    ds_write_b32 v3, v5
    s_waitcnt lgkmcnt(0)
.Lreduce_join:
    s_mov_b64 exec, s[12:13]
    s_barrier                               // every wave, idle or not
    s_lshr_b32 s7, s7, 1
    s_branch .Lreduce_step
.Lreduce_done:
    v_cmp_eq_u32 vcc, 0, v0
    s_and_saveexec_b64 s[12:13], vcc
    s_cbranch_execz .Lreduce_end
    v_mov_b32 v5, 0
    ds_read_b32 v6, v5
    s_lshl_b32 s14, s4, 2                   // &sums[group]
    s_add_u32 s10, s10, s14
    s_addc_u32 s11, s11, 0
    v_mov_b32 v8, s10
    v_mov_b32 v9, s11
    s_waitcnt lgkmcnt(0)
    flat_store_dword v[8:9], v6
.Lreduce_end:
    s_endpgm
.Lreduce_fn_end:
    .size aemu_reduce, .Lreduce_fn_end - aemu_reduce

// ---- aemu_mark(uint *out, uint value) ----
    .globl aemu_mark
    .p2align 8
    .type aemu_mark,@function
aemu_mark:
    s_load_dword s5, s[0:1], 0x1
    s_load_dwordx2 s[8:9], s[2:3], 0x0      // out
    s_load_dword s10, s[2:3], 0x2           // value (byte 8)
    s_waitcnt lgkmcnt(0)
    s_and_b32 s5, s5, 0xffff
    s_mul_i32 s5, s4, s5
    v_add_i32 v0, vcc, s5, v0
    v_add_i32 v1, vcc, s10, v0
    v_lshlrev_b32 v0, 2, v0
    v_mov_b32 v3, s9                        // &out[i]
    v_add_i32 v2, vcc, s8, v0
    v_addc_u32 v3, vcc, 0, v3, vcc
    flat_store_dword v[2:3], v1
    s_endpgm
.Lmark_end:
    .size aemu_mark, .Lmark_end - aemu_mark

// ---- aemu_spin(uint *out, uint iterations) ----
// out[2 i] = the accumulator (= iterations), out[2 i + 1] = the low dword
// of the s_memtime delta across the loop.
    .globl aemu_spin
    .p2align 8
    .type aemu_spin,@function
aemu_spin:
    s_load_dword s5, s[0:1], 0x1
    s_load_dwordx2 s[8:9], s[2:3], 0x0      // out
    s_load_dword s10, s[2:3], 0x2           // iterations (byte 8)
    s_memtime s[16:17]
    s_waitcnt lgkmcnt(0)
    s_and_b32 s5, s5, 0xffff
    s_mul_i32 s5, s4, s5
    v_add_i32 v0, vcc, s5, v0
    v_mov_b32 v1, 0
    s_cmp_eq_u32 s10, 0
    s_cbranch_scc1 .Lspin_done
.Lspin_loop:
    v_add_i32 v1, vcc, 1, v1
    s_sub_u32 s10, s10, 1
    s_cmp_lg_u32 s10, 0
    s_cbranch_scc1 .Lspin_loop
.Lspin_done:
    s_memtime s[18:19]
    s_waitcnt lgkmcnt(0)
    s_sub_u32 s18, s18, s16
    v_mov_b32 v2, s18
    v_lshlrev_b32 v0, 3, v0
    v_mov_b32 v4, s9                        // &out[2 i]
    v_add_i32 v3, vcc, s8, v0
    v_addc_u32 v4, vcc, 0, v4, vcc
    flat_store_dwordx2 v[3:4], v[1:2]
    s_endpgm
.Lspin_end:
    .size aemu_spin, .Lspin_end - aemu_spin

// ---- Kernel descriptors ----
// Each kernel gets the dispatch and kernarg pointers as user SGPRs and
// workgroup id X as a system SGPR; work-item id X only (the
// .amdhsa_system_vgpr_workitem_id default, 0); no private segment.
    .rodata
    .p2align 6
    .amdhsa_kernel aemu_vadd
        .amdhsa_user_sgpr_dispatch_ptr 1
        .amdhsa_user_sgpr_kernarg_segment_ptr 1
        .amdhsa_system_sgpr_workgroup_id_x 1
        .amdhsa_kernarg_size 24
        .amdhsa_next_free_vgpr 8
        .amdhsa_next_free_sgpr 14
    .end_amdhsa_kernel

    .p2align 6
    .amdhsa_kernel aemu_reduce
        .amdhsa_user_sgpr_dispatch_ptr 1
        .amdhsa_user_sgpr_kernarg_segment_ptr 1
        .amdhsa_system_sgpr_workgroup_id_x 1
        .amdhsa_kernarg_size 16
        .amdhsa_group_segment_fixed_size 1024
        .amdhsa_next_free_vgpr 10
        .amdhsa_next_free_sgpr 15
    .end_amdhsa_kernel

    .p2align 6
    .amdhsa_kernel aemu_mark
        .amdhsa_user_sgpr_dispatch_ptr 1
        .amdhsa_user_sgpr_kernarg_segment_ptr 1
        .amdhsa_system_sgpr_workgroup_id_x 1
        .amdhsa_kernarg_size 16
        .amdhsa_next_free_vgpr 4
        .amdhsa_next_free_sgpr 11
    .end_amdhsa_kernel

    .p2align 6
    .amdhsa_kernel aemu_spin
        .amdhsa_user_sgpr_dispatch_ptr 1
        .amdhsa_user_sgpr_kernarg_segment_ptr 1
        .amdhsa_system_sgpr_workgroup_id_x 1
        .amdhsa_kernarg_size 16
        .amdhsa_next_free_vgpr 5
        .amdhsa_next_free_sgpr 20
    .end_amdhsa_kernel

// ---- Code object v4 metadata (NT_AMDGPU_METADATA) ----
// What ROCr's loader reads for hsa_executable_symbol_get_info: the kernel
// descriptor symbol, kernarg size and alignment, segment sizes; .args for
// tools. The sizes must agree with the descriptors above (SGPR counts: the
// next free SGPR plus VCC and FLAT_SCRATCH, which gfx7 reserves).
    .amdgpu_metadata
---
amdhsa.version: [ 1, 1 ]
amdhsa.target: amdgcn-amd-amdhsa--gfx701
amdhsa.kernels:
  - .name: aemu_vadd
    .symbol: aemu_vadd.kd
    .kernarg_segment_size: 24
    .kernarg_segment_align: 8
    .group_segment_fixed_size: 0
    .private_segment_fixed_size: 0
    .wavefront_size: 64
    .sgpr_count: 18
    .vgpr_count: 8
    .max_flat_workgroup_size: 1024
    .args:
      - { .name: a, .size: 8, .offset: 0, .value_kind: global_buffer, .address_space: global, .actual_access: read_only }
      - { .name: b, .size: 8, .offset: 8, .value_kind: global_buffer, .address_space: global, .actual_access: read_only }
      - { .name: c, .size: 8, .offset: 16, .value_kind: global_buffer, .address_space: global, .actual_access: write_only }
  - .name: aemu_reduce
    .symbol: aemu_reduce.kd
    .kernarg_segment_size: 16
    .kernarg_segment_align: 8
    .group_segment_fixed_size: 1024
    .private_segment_fixed_size: 0
    .wavefront_size: 64
    .sgpr_count: 19
    .vgpr_count: 10
    .max_flat_workgroup_size: 256
    .args:
      - { .name: in, .size: 8, .offset: 0, .value_kind: global_buffer, .address_space: global, .actual_access: read_only }
      - { .name: sums, .size: 8, .offset: 8, .value_kind: global_buffer, .address_space: global, .actual_access: write_only }
  - .name: aemu_mark
    .symbol: aemu_mark.kd
    .kernarg_segment_size: 16
    .kernarg_segment_align: 8
    .group_segment_fixed_size: 0
    .private_segment_fixed_size: 0
    .wavefront_size: 64
    .sgpr_count: 15
    .vgpr_count: 4
    .max_flat_workgroup_size: 1024
    .args:
      - { .name: out, .size: 8, .offset: 0, .value_kind: global_buffer, .address_space: global, .actual_access: write_only }
      - { .name: value, .size: 4, .offset: 8, .value_kind: by_value }
  - .name: aemu_spin
    .symbol: aemu_spin.kd
    .kernarg_segment_size: 16
    .kernarg_segment_align: 8
    .group_segment_fixed_size: 0
    .private_segment_fixed_size: 0
    .wavefront_size: 64
    .sgpr_count: 24
    .vgpr_count: 5
    .max_flat_workgroup_size: 1024
    .args:
      - { .name: out, .size: 8, .offset: 0, .value_kind: global_buffer, .address_space: global, .actual_access: write_only }
      - { .name: iterations, .size: 4, .offset: 8, .value_kind: by_value }
...
    .end_amdgpu_metadata
