// SPDX-License-Identifier: GPL-2.0-or-later
// fill: dst[i] = base + i * step for i < n (aemu-vk-compute).
#version 450
layout(local_size_x = 64) in;
layout(std430, set = 0, binding = 2) writeonly buffer Dst { uint d[]; } dst;
layout(push_constant) uniform Params { uint n; uint base; uint step; uint pad; } p;

void main()
{
    uint i = gl_GlobalInvocationID.x;
    if (i < p.n)
        dst.d[i] = p.base + i * p.step;
}
