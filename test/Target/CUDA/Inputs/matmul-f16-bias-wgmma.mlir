func.func @mm_bias_relu(%a: tensor<128x192xf16>, %b: tensor<192x256xf16>, %bias: tensor<256xf16>) -> tensor<128x256xf16> {
  %0 = graph.matmul %a, %b : (tensor<128x192xf16>, tensor<192x256xf16>) -> tensor<128x256xf16>
  %1 = graph.add %0, %bias : (tensor<128x256xf16>, tensor<256xf16>) -> tensor<128x256xf16>
  %2 = graph.relu %1 : tensor<128x256xf16>
  return %2 : tensor<128x256xf16>
}
