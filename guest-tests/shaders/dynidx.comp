// SPDX-License-Identifier: GPL-2.0-or-later
// dynidx: a small private array indexed with values from memory, read
// and written (LLVM keeps it in VGPRs and indexes them: v_movrel or
// s_set_gpr_idx; ACO lowers it its own way) (aemu-vk-compute).
#version 450
layout(local_size_x = 64) in;
layout(std430, set = 0, binding = 0) readonly buffer Src { uint d[]; } src;
layout(std430, set = 0, binding = 2) writeonly buffer Dst { uint d[]; } dst;
layout(push_constant) uniform Params { uint n; uint pad[3]; } p;

void main()
{
    uint i = gl_GlobalInvocationID.x;
    if (i >= p.n)
        return;
    uint x = src.d[i];
    uint a[8];
    for (uint k = 0u; k < 8u; k++)
        a[k] = x + k * k;
    a[x & 7u] += 1000u;
    a[(x >> 3) & 7u] *= 3u;
    dst.d[i * 2] = a[(x >> 6) & 7u];
    dst.d[i * 2 + 1] = a[(x >> 9) & 7u] ^ a[(x >> 12) & 7u];
}
