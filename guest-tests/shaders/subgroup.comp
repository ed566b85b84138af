// SPDX-License-Identifier: GPL-2.0-or-later
// subgroup: subgroup arithmetic, ballot and broadcast, over whole
// subgroups and inside a divergent branch (aemu-vk-compute). Each
// invocation writes 8 dwords; the CPU rebuilds the subgroups from the
// ids the shader reports.
#version 450
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_arithmetic : require
#extension GL_KHR_shader_subgroup_ballot : require
layout(local_size_x = 128) in;
layout(std430, set = 0, binding = 0) readonly buffer Src { uint d[]; } src;
layout(std430, set = 0, binding = 2) writeonly buffer Dst { uint d[]; } dst;

void main()
{
    uint g = gl_GlobalInvocationID.x;
    uint x = src.d[g];
    uint o = g * 8;

    dst.d[o + 0] = gl_SubgroupInvocationID | (gl_SubgroupID << 8) | (gl_SubgroupSize << 16);
    dst.d[o + 1] = subgroupAdd(x);
    dst.d[o + 2] = subgroupInclusiveAdd(x);
    dst.d[o + 3] = subgroupMax(x);
    uvec4 b = subgroupBallot((x & 1u) != 0u);
    dst.d[o + 4] = b.x;
    dst.d[o + 5] = b.y;
    dst.d[o + 6] = subgroupBroadcastFirst(x);
    uint r = 0xffffffffu;
    if (x % 3u != 0u)
        r = subgroupExclusiveAdd(x) + subgroupBallotBitCount(subgroupBallot(true));
    dst.d[o + 7] = r;
}
