// SPDX-License-Identifier: GPL-2.0-or-later
// shuffle: subgroupShuffle with a per-invocation index and
// subgroupShuffleXor (aemu-vk-compute). Each invocation writes 4 dwords:
// its ids, the two shuffles, and the index it asked for.
#version 450
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_shuffle : require
layout(local_size_x = 64) in;
layout(std430, set = 0, binding = 0) readonly buffer Src { uint d[]; } src;
layout(std430, set = 0, binding = 2) writeonly buffer Dst { uint d[]; } dst;

void main()
{
    uint g = gl_GlobalInvocationID.x;
    uint x = src.d[g];
    uint idx = (x >> 8) % gl_SubgroupSize;

    dst.d[g * 4 + 0] = gl_SubgroupInvocationID | (gl_SubgroupID << 8) | (gl_SubgroupSize << 16);
    dst.d[g * 4 + 1] = subgroupShuffle(x, idx);
    dst.d[g * 4 + 2] = subgroupShuffleXor(x, 5u);
    dst.d[g * 4 + 3] = idx;
}
