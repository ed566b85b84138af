// SPDX-License-Identifier: GPL-2.0-or-later
// shfloat: float atomicAdd on shared memory (VK_EXT_shader_atomic_float,
// shaderSharedFloat32AtomicAdd): each workgroup sums its inputs into 4
// shared floats and writes them out (aemu-vk-compute). The inputs are
// multiples of 1/4 small enough that every order of the sums is exact.
#version 450
#extension GL_EXT_shader_atomic_float : require
layout(local_size_x = 64) in;
layout(std430, set = 0, binding = 0) readonly buffer Src { float d[]; } src;
layout(std430, set = 0, binding = 2) writeonly buffer Dst { float d[]; } dst;
shared float acc[4];

void main()
{
    uint l = gl_LocalInvocationID.x;
    if (l < 4u)
        acc[l] = 0.0;
    barrier();
    atomicAdd(acc[l & 3u], src.d[gl_GlobalInvocationID.x]);
    barrier();
    if (l < 4u)
        dst.d[gl_WorkGroupID.x * 4u + l] = acc[l];
}
