// SPDX-License-Identifier: GPL-2.0-or-later
// int64: 64-bit integer arithmetic: multiply, add, shifts, compares,
// unsigned and signed division and remainder (aemu-vk-compute).
#version 450
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require
layout(local_size_x = 64) in;
layout(std430, set = 0, binding = 0) readonly buffer A { uint64_t d[]; } a;
layout(std430, set = 0, binding = 1) readonly buffer B { uint64_t d[]; } b;
layout(std430, set = 0, binding = 2) writeonly buffer Dst { uint64_t d[]; } dst;
layout(push_constant) uniform Params { uint n; uint pad[3]; } p;

void main()
{
    uint i = gl_GlobalInvocationID.x;
    if (i >= p.n)
        return;
    uint64_t x = a.d[i], y = b.d[i];
    int64_t sx = int64_t(x), sy = int64_t(y);
    uint64_t d = y >> (i & 31u) | 1ul;
    dst.d[i * 6 + 0] = x * y + (x >> 13) ^ (y << 7);
    dst.d[i * 6 + 1] = x / d;
    dst.d[i * 6 + 2] = x % d;
    // Signed division truncates (OpSDiv); the remainders take non-negative
    // operands only, where GLSL defines %.
    int64_t sd = int64_t((d & 0x3ffffffffffffffful) | 0x8000000000ul);
    dst.d[i * 6 + 3] = uint64_t(sx / sd) + uint64_t((sx & 0x7fffffffffffffffl) % 1000003l);
    dst.d[i * 6 + 4] = uint64_t(min(sx, sy)) + uint64_t(sx >> 3) + (x < y ? 1ul : 0ul);
    dst.d[i * 6 + 5] = uint64_t(uint(x) / (uint(y) | 1u)) << 32 |
                       uint64_t(uint((int(sx) & 0x7fffffff) % ((int(sy) & 0x7fffffff) | 1)));
}
