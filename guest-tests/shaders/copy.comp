// SPDX-License-Identifier: GPL-2.0-or-later
// copy: dst[i] = src[i] for i < n, 16 bytes per invocation, the tail of n
// dwords that is not a multiple of four one dword at a time
// (aemu-vk-compute).
#version 450
layout(local_size_x = 64) in;
layout(std430, set = 0, binding = 0) readonly buffer Src { uint d[]; } src;
layout(std430, set = 0, binding = 1) readonly buffer Src4 { uvec4 d[]; } src4;
layout(std430, set = 0, binding = 2) writeonly buffer Dst { uint d[]; } dst;
layout(std430, set = 0, binding = 3) writeonly buffer Dst4 { uvec4 d[]; } dst4;
layout(push_constant) uniform Params { uint n; uint pad[3]; } p;

void main()
{
    uint i = gl_GlobalInvocationID.x;
    if (i < p.n / 4) {
        dst4.d[i] = src4.d[i];
    } else {
        uint t = i - p.n / 4 + (p.n & ~3u);
        if (t < p.n)
            dst.d[t] = src.d[t];
    }
}
