// SPDX-License-Identifier: GPL-2.0-or-later
// scratch: a private array indexed by values only known at run time, too
// large for registers (512 bytes: RADV moves arrays over 256 bytes to
// scratch for ACO, and LLVM keeps an alloca of that size in private
// memory), so every invocation spills to its wave's scratch slot
// (aemu-vk-compute).
#version 450
layout(local_size_x = 64) in;
layout(std430, set = 0, binding = 0) readonly buffer Src { uint d[]; } src;
layout(std430, set = 0, binding = 1) writeonly buffer Dst { uint d[]; } dst;
layout(push_constant) uniform Params { uint n; uint pad[3]; } p;

#define N 128u
#define STEPS 48u

void main()
{
    uint i = gl_GlobalInvocationID.x;
    if (i >= p.n)
        return;
    uint a[N];
    uint seed = src.d[i];
    for (uint k = 0u; k < N; k++)
        a[k] = seed * (k + 1u) ^ (k << 3);
    uint x = seed, acc = 0u;
    for (uint k = 0u; k < STEPS; k++) {
        uint j = (x >> 7) % N;
        a[j] += acc ^ k;
        acc = acc * 31u + a[(j * 5u + 3u) % N];
        x = x * 1664525u + 1013904223u;
    }
    dst.d[i * 2u] = acc;
    dst.d[i * 2u + 1u] = a[seed % N];
}
