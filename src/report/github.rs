//! GitHub Actions workflow commands: each diagnostic an annotation on the
//! file and lines it is about.

use super::FileReport;
use crate::diagnostic::Severity;
use std::fmt::Write as _;

/// Escaping for a command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping for a command's property values, which also end at `,` and `:`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn render_github(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for report in reports {
        for diagnostic in report.diagnostics {
            let start = report.source.position(diagnostic.primary.span.start);
            let end = report.source.position(diagnostic.primary.span.end);
            let command = match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let mut message = diagnostic.message.clone();
            if let Some(help) = &diagnostic.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            let _ = writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                property(report.source.name()),
                start.line,
                start.column,
                end.line,
                end.column,
                property(diagnostic.code.as_str()),
                data(&message)
            );
        }
    }
    out
}
