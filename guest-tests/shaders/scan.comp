// SPDX-License-Identifier: GPL-2.0-or-later
// scan: an inclusive prefix sum of each workgroup's 256 inputs in shared
// memory (LDS), Hillis-Steele, with a barrier around every step; also the
// group's total through a shared atomic (aemu-vk-compute).
#version 450
layout(local_size_x = 256) in;
layout(std430, set = 0, binding = 0) readonly buffer Src { uint d[]; } src;
layout(std430, set = 0, binding = 2) writeonly buffer Dst { uint d[]; } dst;
layout(std430, set = 0, binding = 3) writeonly buffer Tot { uint d[]; } tot;

shared uint s[256];
shared uint total;

void main()
{
    uint l = gl_LocalInvocationID.x;
    uint g = gl_GlobalInvocationID.x;
    uint x = src.d[g];

    if (l == 0)
        total = 0;
    s[l] = x;
    barrier();
    atomicAdd(total, x);
    for (uint off = 1; off < 256; off <<= 1) {
        uint v = l >= off ? s[l - off] : 0;
        barrier();
        s[l] += v;
        barrier();
    }
    dst.d[g] = s[l];
    if (l == 255)
        tot.d[gl_WorkGroupID.x] = total;
}
