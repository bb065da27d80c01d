func.func @mm(%a: tensor<64x256xf32>, %b: tensor<256x96xf32>, %bias: tensor<96xf32>) -> tensor<64x96xf32> {
  %0 = graph.matmul %a, %b : (tensor<64x256xf32>, tensor<256x96xf32>) -> tensor<64x96xf32>
  %1 = graph.add %0, %bias : (tensor<64x96xf32>, tensor<96xf32>) -> tensor<64x96xf32>
  %2 = graph.relu %1 : tensor<64x96xf32>
  return %2 : tensor<64x96xf32>
}
