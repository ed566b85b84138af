// SPDX-License-Identifier: GPL-2.0-or-later
//
// The kernels of aemu-hsa-compute (guest-tests/hsa-compute.c), gfx900
// assembly for HSA code object v4. guest-tests/meson.build assembles this
// with llvm-mc (--triple=amdgcn-amd-amdhsa -mcpu=gfx900) and links it with
// ld.lld -shared into aemu-kernels-gfx900.hsaco, which scripts/build-guest.sh
// installs in the guest as /usr/lib/aemu/aemu-kernels-gfx900.hsaco.
//
// Written by hand rather than compiled so that the instruction mix, the
// registers the dispatch must initialize and the kernel descriptor are
// fixed and few: every kernel takes the dispatch packet pointer
// (s[0:1]), the kernarg segment pointer (s[2:3]), workgroup id X (s4) and
// work-item id X (v0) and nothing else, so the AQL packet processor is
// tested on exactly what the HSA ABI says it provides. The workgroup size
// is read from the dispatch packet (dword 1, low 16 bits), as compiled
// OpenCL and HIP code does, so that path is exercised too.
//
//   aemu_vadd    c[i] = a[i] + b[i]; no bounds check on purpose: the grid
//                size is what limits the work-items, so a last workgroup
//                the device does not cut short writes past the end (the
//                test keeps guard words there)
//   aemu_reduce  per-workgroup sum of 256 dwords through LDS (the group
//                segment), a tree of halving strides with s_barrier
//                between steps, lane 0 of the group writes the sum
//   aemu_mark    out[i] = value + i: a cheap kernel whose effect proves it
//                ran (barrier packets, many small dispatches)
//   aemu_spin    a loop of `iterations` steps (scalar counter, vector
//                accumulator), then out[i] = the accumulator and the
//                s_memtime delta: a long-running kernel for preemption
//                tests

    .amdgcn_target "amdgcn-amd-amdhsa--gfx900"
    .text

// ---- aemu_vadd(const uint *a, const uint *b, uint *c) ----
    .globl aemu_vadd
    .p2align 8
    .type aemu_vadd,@function
aemu_vadd:
    s_load_dword s5, s[0:1], 0x4            // workgroup_size_x | _y << 16
    s_load_dwordx4 s[8:11], s[2:3], 0x0     // a, b
    s_load_dwordx2 s[12:13], s[2:3], 0x10   // c
    s_waitcnt lgkmcnt(0)
    s_and_b32 s5, s5, 0xffff
    s_mul_i32 s5, s4, s5                    // the group's first work-item
    v_add_u32 v0, s5, v0                    // global id
    v_lshlrev_b32 v1, 2, v0                 // its byte offset (N < 2^30)
    global_load_dword v2, v1, s[8:9]
    global_load_dword v3, v1, s[10:11]
    s_waitcnt vmcnt(0)
    v_add_u32 v2, v2, v3
    global_store_dword v1, v2, s[12:13]
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
    s_load_dword s5, s[0:1], 0x4
    s_load_dwordx4 s[8:11], s[2:3], 0x0     // in, sums
    s_waitcnt lgkmcnt(0)
    s_and_b32 s5, s5, 0xffff                // workgroup size
    s_mul_i32 s6, s4, s5
    v_add_u32 v1, s6, v0
    v_lshlrev_b32 v1, 2, v1
    global_load_dword v2, v1, s[8:9]
    v_lshlrev_b32 v3, 2, v0                 // this work-item's LDS dword
    s_waitcnt vmcnt(0)
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
    v_add_u32 v4, s14, v3
    ds_read_b32 v5, v3
    ds_read_b32 v6, v4
    s_waitcnt lgkmcnt(0)
    v_add_u32 v5, v5, v6
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
    s_lshl_b32 s14, s4, 2
    v_mov_b32 v7, s14
    s_waitcnt lgkmcnt(0)
    global_store_dword v7, v6, s[10:11]
.Lreduce_end:
    s_endpgm
.Lreduce_fn_end:
    .size aemu_reduce, .Lreduce_fn_end - aemu_reduce

// ---- aemu_mark(uint *out, uint value) ----
    .globl aemu_mark
    .p2align 8
    .type aemu_mark,@function
aemu_mark:
    s_load_dword s5, s[0:1], 0x4
    s_load_dwordx2 s[8:9], s[2:3], 0x0      // out
    s_load_dword s10, s[2:3], 0x8           // value
    s_waitcnt lgkmcnt(0)
    s_and_b32 s5, s5, 0xffff
    s_mul_i32 s5, s4, s5
    v_add_u32 v0, s5, v0
    v_add_u32 v1, s10, v0
    v_lshlrev_b32 v0, 2, v0
    global_store_dword v0, v1, s[8:9]
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
    s_load_dword s5, s[0:1], 0x4
    s_load_dwordx2 s[8:9], s[2:3], 0x0      // out
    s_load_dword s10, s[2:3], 0x8           // iterations
    s_memtime s[16:17]
    s_waitcnt lgkmcnt(0)
    s_and_b32 s5, s5, 0xffff
    s_mul_i32 s5, s4, s5
    v_add_u32 v0, s5, v0
    v_mov_b32 v1, 0
    s_cmp_eq_u32 s10, 0
    s_cbranch_scc1 .Lspin_done
.Lspin_loop:
    v_add_u32 v1, 1, v1
    s_sub_u32 s10, s10, 1
    s_cmp_lg_u32 s10, 0
    s_cbranch_scc1 .Lspin_loop
.Lspin_done:
    s_memtime s[18:19]
    s_waitcnt lgkmcnt(0)
    s_sub_u32 s18, s18, s16
    v_mov_b32 v2, s18
    v_lshlrev_b32 v0, 3, v0
    global_store_dwordx2 v0, v[1:2], s[8:9]
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
        .amdhsa_next_free_vgpr 4
        .amdhsa_next_free_sgpr 14
    .end_amdhsa_kernel

    .p2align 6
    .amdhsa_kernel aemu_reduce
        .amdhsa_user_sgpr_dispatch_ptr 1
        .amdhsa_user_sgpr_kernarg_segment_ptr 1
        .amdhsa_system_sgpr_workgroup_id_x 1
        .amdhsa_kernarg_size 16
        .amdhsa_group_segment_fixed_size 1024
        .amdhsa_next_free_vgpr 8
        .amdhsa_next_free_sgpr 15
    .end_amdhsa_kernel

    .p2align 6
    .amdhsa_kernel aemu_mark
        .amdhsa_user_sgpr_dispatch_ptr 1
        .amdhsa_user_sgpr_kernarg_segment_ptr 1
        .amdhsa_system_sgpr_workgroup_id_x 1
        .amdhsa_kernarg_size 16
        .amdhsa_next_free_vgpr 2
        .amdhsa_next_free_sgpr 11
    .end_amdhsa_kernel

    .p2align 6
    .amdhsa_kernel aemu_spin
        .amdhsa_user_sgpr_dispatch_ptr 1
        .amdhsa_user_sgpr_kernarg_segment_ptr 1
        .amdhsa_system_sgpr_workgroup_id_x 1
        .amdhsa_kernarg_size 16
        .amdhsa_next_free_vgpr 3
        .amdhsa_next_free_sgpr 20
    .end_amdhsa_kernel

// ---- Code object v4 metadata (NT_AMDGPU_METADATA) ----
// What ROCr's loader reads for hsa_executable_symbol_get_info: the kernel
// descriptor symbol, kernarg size and alignment, segment sizes; .args for
// tools. The sizes must agree with the descriptors above.
    .amdgpu_metadata
---
amdhsa.version: [ 1, 1 ]
amdhsa.target: amdgcn-amd-amdhsa--gfx900
amdhsa.kernels:
  - .name: aemu_vadd
    .symbol: aemu_vadd.kd
    .kernarg_segment_size: 24
    .kernarg_segment_align: 8
    .group_segment_fixed_size: 0
    .private_segment_fixed_size: 0
    .wavefront_size: 64
    .sgpr_count: 20
    .vgpr_count: 4
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
    .sgpr_count: 21
    .vgpr_count: 8
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
    .sgpr_count: 17
    .vgpr_count: 2
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
    .sgpr_count: 26
    .vgpr_count: 3
    .max_flat_workgroup_size: 1024
    .args:
      - { .name: out, .size: 8, .offset: 0, .value_kind: global_buffer, .address_space: global, .actual_access: write_only }
      - { .name: iterations, .size: 4, .offset: 8, .value_kind: by_value }
...
    .end_amdgpu_metadata
