// SPDX-License-Identifier: GPL-2.0-or-later
// float: 32-bit float math checked with tolerances: fma, exp, sin, cos,
// sqrt, division, floor/fract and conversions (aemu-vk-compute).
#version 450
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
    float x = xs.d[i], y = ys.d[i];
    dst.d[i * 6 + 0] = fma(x, y, 0.5);
    dst.d[i * 6 + 1] = exp(x * 0.5);
    dst.d[i * 6 + 2] = sin(y) + cos(x);
    dst.d[i * 6 + 3] = sqrt(abs(x)) / (1.0 + y * y);
    dst.d[i * 6 + 4] = floor(x * 10.0) + fract(y);
    dst.d[i * 6 + 5] = float(int(x * 1000.0)) * 0.25 + float(uint(abs(y) * 100.0));
}
