//! wasm-bindgen exports: translate types only (issue 4).
