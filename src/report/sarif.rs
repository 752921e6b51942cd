//! SARIF 2.1.0, for code scanning: one rule per diagnostic code, one result
//! per diagnostic, with regions and related locations.

use super::FileReport;
use crate::diagnostic::{Code, Severity};
use crate::explain::explain;
use serde_json::{Value, json};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// `subnet-host-bits` → `SubnetHostBits`: SARIF's human-readable rule name.
fn rule_name(code: Code) -> String {
    code.as_str()
        .split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |c| {
                c.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

fn region(report: &FileReport, span: crate::span::Span) -> Value {
    let start = report.source.position(span.start);
    let end = report.source.position(span.end);
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
        "charOffset": span.start,
        "charLength": span.len(),
    })
}

pub fn render_sarif(reports: &[FileReport]) -> String {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|&code| {
            let (full, help) = explain(code);
            json!({
                "id": code.as_str(),
                "name": rule_name(code),
                "shortDescription": { "text": code.summary() },
                "fullDescription": { "text": full },
                "help": { "text": help },
                "helpUri": format!("https://github.com/macrame/macrame/blob/main/docs/language.md#{}", code.as_str()),
                "defaultConfiguration": { "level": level(code.severity()) },
            })
        })
        .collect();
    let mut results = Vec::new();
    for report in reports {
        for diagnostic in report.diagnostics {
            let index = Code::ALL
                .iter()
                .position(|&c| c == diagnostic.code)
                .expect("every code is listed");
            let mut text = diagnostic.message.clone();
            if let Some(help) = &diagnostic.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            let location = |span| {
                json!({
                    "physicalLocation": {
                        "artifactLocation": { "uri": report.source.name() },
                        "region": region(report, span),
                    }
                })
            };
            let related: Vec<Value> = diagnostic
                .related
                .iter()
                .enumerate()
                .map(|(id, label)| {
                    let mut value = location(label.span);
                    value["id"] = json!(id);
                    value["message"] = json!({ "text": label.note });
                    value
                })
                .collect();
            let mut result = json!({
                "ruleId": diagnostic.code.as_str(),
                "ruleIndex": index,
                "level": level(diagnostic.severity),
                "message": { "text": text },
                "locations": [location(diagnostic.primary.span)],
            });
            if !related.is_empty() {
                result["relatedLocations"] = json!(related);
            }
            results.push(result);
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "macrame",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/macrame/macrame",
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&log).expect("plain data") + "\n"
}
