//! `macrame lsp`: the language server over stdio.

use crate::error::{Error, Object, Operation};
use std::process::ExitCode;

pub fn run() -> ExitCode {
    match crate::lsp::serve_stdio() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => super::fail(&Error::cannot(
            Object::LanguageServer,
            Operation::Serve,
            error,
        )),
    }
}
