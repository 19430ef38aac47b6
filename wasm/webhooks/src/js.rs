//! The few JS built-ins the wasm-bindgen face (and the full module) uses, imported here instead
//! of from js-sys: js-sys exports a describe function for every one of its bindings, and the
//! closure shims those name stay in the module's function table after wasm-bindgen has run
//! (43 of them, with js-sys's JSPI waker: about 3 KB of the full module; BENCHMARKS.md, "Size:
//! the full module, smaller by measurement").

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A plain JS object.
    #[wasm_bindgen(js_name = Object)]
    pub type Object;

    /// `new Object()`, i.e. `{}`.
    #[wasm_bindgen(constructor, js_class = "Object")]
    pub fn new() -> Object;

    /// `Object.keys(value)`: the own enumerable string keys.
    #[wasm_bindgen(static_method_of = Object, js_class = "Object", js_name = keys)]
    pub fn keys(value: &JsValue) -> Array;

    /// A JS array.
    #[wasm_bindgen(js_name = Array)]
    pub type Array;

    /// `new Array()`, i.e. `[]`.
    #[wasm_bindgen(constructor, js_class = "Array")]
    pub fn new() -> Array;

    /// `Array.isArray(value)`.
    #[wasm_bindgen(static_method_of = Array, js_class = "Array", js_name = isArray)]
    pub fn is_array(value: &JsValue) -> bool;

    /// `array.push(value)`.
    #[wasm_bindgen(method)]
    pub fn push(this: &Array, value: &JsValue) -> u32;

    /// `array.length`.
    #[wasm_bindgen(method, getter)]
    pub fn length(this: &Array) -> u32;

    /// `Reflect.get(target, key)` (throws when `target` is not an object).
    #[wasm_bindgen(js_namespace = Reflect, js_name = get, catch)]
    pub fn reflect_get(target: &JsValue, key: &JsValue) -> Result<JsValue, JsValue>;

    /// `Reflect.set(target, key, value)`.
    #[wasm_bindgen(js_namespace = Reflect, js_name = set, catch)]
    pub fn reflect_set(target: &JsValue, key: &JsValue, value: &JsValue) -> Result<bool, JsValue>;

    /// `JSON.stringify(value)`: a string, `undefined` (for `undefined` or a function), or a throw
    /// (a cycle, a BigInt).
    #[wasm_bindgen(js_namespace = JSON, catch)]
    pub fn stringify(value: &JsValue) -> Result<JsValue, JsValue>;

    /// `Uint8Array` (for `instanceof`; a Node `Buffer` is one).
    #[wasm_bindgen(js_name = Uint8Array)]
    pub type Uint8Array;

    /// `ArrayBuffer` (for `instanceof`).
    #[wasm_bindgen(js_name = ArrayBuffer)]
    pub type ArrayBuffer;

    /// `new Uint8Array(source)`: a view of an `ArrayBuffer`, or a copy of a typed array.
    #[wasm_bindgen(constructor, js_class = "Uint8Array")]
    pub fn new(source: &JsValue) -> Uint8Array;

    /// The bytes of `view`, copied into wasm memory (`Uint8Array.from(view)`, which wasm-bindgen
    /// then copies in).
    #[wasm_bindgen(static_method_of = Uint8Array, js_class = "Uint8Array", js_name = from)]
    pub fn bytes_of(view: &Uint8Array) -> Vec<u8>;
}

impl Array {
    /// The array's elements (`Reflect.get(array, i)` for each index below `length`).
    pub fn to_vec(&self) -> Vec<JsValue> {
        (0..self.length())
            .map(|i| reflect_get(self, &JsValue::from(i)).unwrap_or(JsValue::UNDEFINED))
            .collect()
    }
}
