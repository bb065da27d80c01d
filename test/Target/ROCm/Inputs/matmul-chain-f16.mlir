func.func @mm(%a: tensor<64x128xf16>, %b: tensor<128x64xf16>, %c: tensor<64x64xf16>) -> tensor<64x64xf16> {
  %0 = graph.matmul %a, %b : (tensor<64x128xf16>, tensor<128x64xf16>) -> tensor<64x64xf16>
  %1 = graph.matmul %0, %c : (tensor<64x64xf16>, tensor<64x64xf16>) -> tensor<64x64xf16>
  return %1 : tensor<64x64xf16>
}
