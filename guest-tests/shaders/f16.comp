// SPDX-License-Identifier: GPL-2.0-or-later
// f16: 16-bit float arithmetic and conversions (shaderFloat16): products
// and sums, division, sqrt, exp2, floor/fract, f16 <-> integer and
// f16 <-> f32 (aemu-vk-compute). Storage stays 32-bit, so only the
// arithmetic is 16-bit.
#version 450
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
layout(local_size_x = 64) in;
layout(std430, set = 0, binding = 0) readonly buffer X { float d[]; } xs;
layout(std430, set = 0, binding = 1) readonly buffer Y { float d[]; } ys;
layout(std430, set = 0, binding = 2) writeonly buffer Dst { float d[]; } dst;
layout(push_constant) uniform Params { uint n; uint pad[3]; } p;

void main()
{
    uint i = gl_GlobalInvocationID.x;
    if (i >= p.n)
        return;
    float16_t x = float16_t(xs.d[i]), y = float16_t(ys.d[i]);
    dst.d[i * 8 + 0] = float(x * y + float16_t(0.5));
    dst.d[i * 8 + 1] = float(x - y * float16_t(0.25));
    dst.d[i * 8 + 2] = float(max(x, y) / (abs(y) + float16_t(1.0)));
    dst.d[i * 8 + 3] = float(sqrt(abs(x)) + min(x, y));
    dst.d[i * 8 + 4] = float(floor(x * float16_t(3.0)) + fract(y));
    dst.d[i * 8 + 5] = float(exp2(x * float16_t(0.5)));
    dst.d[i * 8 + 6] = float(int(x * float16_t(100.0)));
    dst.d[i * 8 + 7] = float(float16_t(int(ys.d[i] * 100.0)) * float16_t(0.125));
}
