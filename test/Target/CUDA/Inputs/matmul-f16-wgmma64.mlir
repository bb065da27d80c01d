func.func @mm64(%a: tensor<64x256xf16>, %b: tensor<256x256xf16>) -> tensor<64x256xf16> {
  %0 = graph.matmul %a, %b : (tensor<64x256xf16>, tensor<256x256xf16>) -> tensor<64x256xf16>
  return %0 : tensor<64x256xf16>
}
