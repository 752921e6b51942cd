//! Fuzz target: see `macrame::fuzzing::lsp_edits`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| macrame::fuzzing::lsp_edits(data));
