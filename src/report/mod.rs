//! Diagnostics printed for people (miette's graphical handler) and for
//! machines (the JSON of LANGUAGE.md).

mod human;
mod json;

pub use human::{Color, render_human};
pub use json::render_json;

use crate::diagnostic::Diagnostic;
use crate::source::Source;

/// One file's diagnostics, ready to print.
pub struct FileReport<'a> {
    pub source: &'a Source,
    pub diagnostics: &'a [Diagnostic],
}
