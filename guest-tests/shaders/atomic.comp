// SPDX-License-Identifier: GPL-2.0-or-later
// atomic: buffer atomics returning their old value: every invocation takes
// a ticket from a counter, adds to a 64-bin histogram, and keeps the
// largest input with atomicMax (aemu-vk-compute).
#version 450
layout(local_size_x = 64) in;
layout(std430, set = 0, binding = 0) readonly buffer Src { uint d[]; } src;
layout(std430, set = 0, binding = 2) writeonly buffer Dst { uint d[]; } dst;
layout(std430, set = 0, binding = 3) buffer Acc { uint counter; uint maxv; uint hist[64]; } acc;
layout(push_constant) uniform Params { uint n; uint pad[3]; } p;

void main()
{
    uint i = gl_GlobalInvocationID.x;
    if (i >= p.n)
        return;
    uint x = src.d[i];
    dst.d[i] = atomicAdd(acc.counter, 1u);
    atomicAdd(acc.hist[x & 63u], 1u);
    atomicMax(acc.maxv, x);
}
