//! Fuzz target: see `macrame::fuzzing::parse_and_lint`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| macrame::fuzzing::parse_and_lint(data));
