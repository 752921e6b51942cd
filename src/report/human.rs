//! Human output: source snippets with labelled spans, through miette.

use super::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    Always,
    Never,
}

fn to_miette(diagnostic: &Diagnostic) -> MietteDiagnostic {
    let primary = LabeledSpan::new_primary_with_span(
        Some(diagnostic.primary.note.clone()).filter(|n| !n.is_empty()),
        diagnostic.primary.span,
    );
    let related = diagnostic
        .related
        .iter()
        .map(|label| LabeledSpan::new_with_span(Some(label.note.clone()), label.span));
    let mut report = MietteDiagnostic::new(diagnostic.message.clone())
        .with_code(diagnostic.code.as_str())
        .with_severity(match diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
        .with_labels(std::iter::once(primary).chain(related));
    if let Some(help) = &diagnostic.help {
        report = report.with_help(help.clone());
    }
    report
}

/// Every file's diagnostics with snippets, then a one-line summary.
pub fn render_human(reports: &[FileReport], color: Color) -> String {
    let theme = match color {
        Color::Always => GraphicalTheme::unicode(),
        Color::Never => GraphicalTheme::unicode_nocolor(),
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut out = String::new();
    let (mut errors, mut warnings) = (0, 0);
    for report in reports {
        let source = NamedSource::new(report.source.name(), report.source.text().to_string());
        for diagnostic in report.diagnostics {
            match diagnostic.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
            let rendered =
                miette::Report::new(to_miette(diagnostic)).with_source_code(source.clone());
            handler
                .render_report(&mut out, rendered.as_ref())
                .expect("writing to a String cannot fail");
            out.push('\n');
        }
    }
    let files = reports.len();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if errors + warnings == 0 {
        let _ = writeln!(out, "{} checked: no problems", plural(files, "file"));
    } else {
        let _ = writeln!(
            out,
            "{} checked: {}, {}",
            plural(files, "file"),
            plural(errors, "error"),
            plural(warnings, "warning")
        );
    }
    out
}
