//! Fuzz target: see `macrame::fuzzing::fmt_round_trip`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| macrame::fuzzing::fmt_round_trip(data));
