// Every verifier rule of the tile dialect, violated once.
// RUN: strata-opt %s -split-input-file -verify-diagnostics

func.func @yield_types(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'tile.kernel' op yields 'tensor<4xf16>' but the kernel returns 'tensor<4xf32>'}}
  %0 = tile.kernel "k" (%a) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%x: tensor<4xf32>):
    %c = arith.truncf %x : tensor<4xf32> to tensor<4xf16>
    tile.yield %c : tensor<4xf16>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @arg_types(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'tile.kernel' op body argument #0 has type 'tensor<8xf32>', input has 'tensor<4xf32>'}}
  %0 = tile.kernel "k" (%a) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%x: tensor<8xf32>):
    %e = tensor.empty() : tensor<4xf32>
    tile.yield %e : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @arg_count(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'tile.kernel' op body has 0 arguments for 1 inputs}}
  %0 = tile.kernel "k" (%a) : (tensor<4xf32>) -> tensor<4xf32> {
    %e = tensor.empty() : tensor<4xf32>
    tile.yield %e : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @isolated(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-note @+1 {{required by region isolation constraints}}
  %0 = tile.kernel "k" () : () -> tensor<4xf32> {
    // expected-error @+1 {{using value defined outside the region}}
    tile.yield %a : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @empty_name(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'tile.kernel' op needs a non-empty name}}
  %0 = tile.kernel "" (%a) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%x: tensor<4xf32>):
    tile.yield %x : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

// expected-error @+1 {{unknown root kind 'fft'}}
func.func @bad_root() attributes {c = #tile.config<root = "fft", workgroup = [1]>} {
  return
}

// -----

// expected-error @+1 {{workgroup tile sizes must be >= 0, got -4}}
func.func @negative_size() attributes {c = #tile.config<root = "matmul", workgroup = [-4, 1]>} {
  return
}

// -----

// expected-error @+1 {{vector tile has more sizes than the loops it tiles}}
func.func @vector_too_long() attributes {c = #tile.config<root = "elementwise", workgroup = [4], vector = [1, 1]>} {
  return
}

// -----

func.func @yield_outside() {
  // expected-error @+1 {{'tile.yield' op expects parent op 'tile.kernel'}}
  tile.yield
}

// -----

// expected-error @+1 {{expected 'reduction' or 'vector', got 'threads'}}
func.func @bad_key() attributes {c = #tile.config<root = "matmul", workgroup = [1], threads = [2]>} {
  return
}
