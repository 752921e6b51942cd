//! The JSON shape of LANGUAGE.md: a contract, pinned by a test.

use super::FileReport;
use crate::diagnostic::Severity;
use serde::Serialize;

#[derive(Serialize)]
struct Output<'a> {
    diagnostics: Vec<Entry<'a>>,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct Entry<'a> {
    code: &'static str,
    severity: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

pub fn render_json(reports: &[FileReport]) -> String {
    let mut output = Output {
        diagnostics: Vec::new(),
        errors: 0,
        warnings: 0,
    };
    for report in reports {
        for diagnostic in report.diagnostics {
            match diagnostic.severity {
                Severity::Error => output.errors += 1,
                Severity::Warning => output.warnings += 1,
            }
            let span = diagnostic.primary.span;
            let start = report.source.position(span.start);
            let end = report.source.position(span.end);
            output.diagnostics.push(Entry {
                code: diagnostic.code.as_str(),
                severity: diagnostic.severity.as_str(),
                message: &diagnostic.message,
                help: diagnostic.help.as_deref(),
                file: report.source.name(),
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
            });
        }
    }
    serde_json::to_string(&output).expect("serialising plain data cannot fail") + "\n"
}
