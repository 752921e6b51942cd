//! Human output: source snippets with labelled spans, through miette.

use super::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError,
    MietteSpanContents, NamedSource, SourceCode, SourceSpan, SpanContents,
};
use std::fmt::Write as _;
use std::sync::Arc;

/// A file's text for miette, shared by all its diagnostics. miette's own
/// `str` source scans from the file's first byte for every snippet, and
/// each report took a copy of the text: 100,000 diagnostics on a 6 MB
/// file took minutes. Here a snippet is cut from the few lines around
/// its span, found by binary search, and the text is never copied.
#[derive(Clone)]
struct Lines {
    text: Arc<str>,
    starts: Arc<[usize]>,
}

impl Lines {
    fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }
}

impl SourceCode for Lines {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let end = span.offset() + span.len();
        if end > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        // The lines miette will show, and one more each side: within
        // them its own reading gives what it would over the whole file.
        let first = self
            .line_of(span.offset())
            .saturating_sub(context_lines_before + 1);
        let last = self.line_of(end) + context_lines_after + 2;
        let low = self.starts[first];
        let high = self.starts.get(last).copied().unwrap_or(self.text.len());
        let window = &self.text[low..high];
        let inner = window.read_span(
            &SourceSpan::new((span.offset() - low).into(), span.len()),
            context_lines_before,
            context_lines_after,
        )?;
        let found = inner.span();
        Ok(Box::new(MietteSpanContents::new(
            inner.data(),
            SourceSpan::new((found.offset() + low).into(), found.len()),
            inner.line() + first,
            inner.column(),
            inner.line_count() + first,
        )))
    }
}

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
        let lines = Lines {
            text: Arc::from(report.source.text()),
            starts: Arc::from(report.source.line_starts()),
        };
        let source = NamedSource::new(report.source.name(), lines);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;

    /// What miette renders from the whole text, as a `String`.
    fn through_miette(source: &Source, diagnostics: &[Diagnostic]) -> String {
        let handler =
            GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
        let named = NamedSource::new(source.name(), source.text().to_string());
        let mut out = String::new();
        for diagnostic in diagnostics {
            let report = miette::Report::new(to_miette(diagnostic)).with_source_code(named.clone());
            handler.render_report(&mut out, report.as_ref()).unwrap();
            out.push('\n');
        }
        out
    }

    #[test]
    fn snippets_cut_from_a_few_lines_render_as_from_the_whole_text() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lint");
        let mut texts: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "mcr"))
            .map(|path| std::fs::read_to_string(path).unwrap())
            .collect();
        // Other line ends, and a problem at the very end.
        texts.push(texts[0].replace('\n', "\r\n"));
        texts.push(texts[0].replace('\n', "\r"));
        texts.push("project p\nnetwork lan {".to_string());
        for text in texts {
            let source = Source::new("t.mcr", text);
            let diagnostics = crate::lint::check(&source, "t").diagnostics;
            let ours = render_human(
                &[FileReport {
                    source: &source,
                    diagnostics: &diagnostics,
                }],
                Color::Never,
            );
            let theirs = through_miette(&source, &diagnostics);
            assert!(
                ours.starts_with(&theirs),
                "ours:\n{ours}\ntheirs:\n{theirs}"
            );
        }
    }
}
