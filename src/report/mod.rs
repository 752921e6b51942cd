//! Diagnostics printed for people (miette's graphical handler) and for
//! machines (the JSON of LANGUAGE.md).

mod github;
mod human;
mod json;
mod sarif;

pub use github::render_github;
pub use human::{Color, render_human};
pub use json::render_json;
pub use sarif::render_sarif;

use crate::diagnostic::Diagnostic;
use crate::source::Source;

/// One file's diagnostics, ready to print.
pub struct FileReport<'a> {
    pub source: &'a Source,
    pub diagnostics: &'a [Diagnostic],
}
