//! Fuzz target: see `macrame::fuzzing::import_yaml`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| macrame::fuzzing::import_yaml(data));
