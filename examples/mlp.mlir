// A small MLP classifier in the graph dialect (L1): 784 -> 128 -> 10 with a
// GELU hidden layer and a softmax head, batch size left dynamic. The weights
// are splat constants so the file stays small; the bias vector is computed
// from constants and is folded at compile time.
func.func @mlp(%x: tensor<?x784xf32>) -> tensor<?x10xf32> {
  %w1 = graph.constant dense<0.01> : tensor<784x128xf32>
  %b1a = graph.constant dense<0.5> : tensor<128xf32>
  %b1b = graph.constant dense<0.25> : tensor<128xf32>
  %b1 = graph.add %b1a, %b1b : (tensor<128xf32>, tensor<128xf32>) -> tensor<128xf32>
  %w2 = graph.constant dense<-0.02> : tensor<128x10xf32>
  %b2 = graph.constant dense<0.1> : tensor<10xf32>

  %h = graph.matmul %x, %w1 : (tensor<?x784xf32>, tensor<784x128xf32>) -> tensor<?x?xf32>
  %hb = graph.add %h, %b1 : (tensor<?x?xf32>, tensor<128xf32>) -> tensor<?x?xf32>
  %a = "graph.gelu"(%hb) : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %o = graph.matmul %a, %w2 : (tensor<?x?xf32>, tensor<128x10xf32>) -> tensor<?x?xf32>
  %ob = graph.add %o, %b2 : (tensor<?x?xf32>, tensor<10xf32>) -> tensor<?x?xf32>
  %p = graph.softmax %ob {axis = 1 : i64} : tensor<?x?xf32>
  %r = graph.reshape %p : tensor<?x?xf32> to tensor<?x10xf32>
  return %r : tensor<?x10xf32>
}
