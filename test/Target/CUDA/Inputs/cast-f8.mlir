func.func @cast_f8(%a: tensor<64xf32>) -> (tensor<64xf8E5M2>, tensor<64xf32>) {
  %b = graph.cast %a : tensor<64xf32> to tensor<64xf8E5M2>
  %c = graph.cast %b : tensor<64xf8E5M2> to tensor<64xf32>
  return %b, %c : tensor<64xf8E5M2>, tensor<64xf32>
}
