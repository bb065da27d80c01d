func.func @mm(%a: tensor<1x3xbf16>, %b: tensor<3x2xbf16>) -> tensor<1x2xbf16> {
  %0 = graph.matmul %a, %b : (tensor<1x3xbf16>, tensor<3x2xbf16>) -> tensor<1x2xbf16>
  return %0 : tensor<1x2xbf16>
}
