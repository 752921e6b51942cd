//! `macrame lsp`: the language server over stdio.

use std::process::ExitCode;

pub fn run() -> ExitCode {
    match crate::lsp::serve_stdio() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: language server: {error}");
            ExitCode::from(1)
        }
    }
}
