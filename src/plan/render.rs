//! A plan for people (`+ create`, `~ recreate`, `- remove`) and for
//! machines (the JSON of `plan --format json`).

use super::{Action, Plan};
use serde::Serialize;
use std::fmt::Write as _;

pub fn render_human(plan: &Plan) -> String {
    let mut out = String::new();
    for warning in &plan.warnings {
        let _ = writeln!(out, "warning: {warning}");
    }
    if plan.is_empty() {
        let _ = writeln!(out, "project {}: nothing to do", plan.project);
        return out;
    }
    let width = plan
        .changes
        .iter()
        .map(|c| c.kind.as_str().len() + c.name.len() + 1)
        .max()
        .unwrap_or(0);
    for change in &plan.changes {
        let sign = match change.action {
            Action::Create => '+',
            Action::Recreate => '~',
            Action::Remove => '-',
        };
        let object = format!("{} {}", change.kind.as_str(), change.name);
        let _ = writeln!(
            out,
            "{sign} {:<8} {object:<width$}  ({})",
            change.action.as_str(),
            change.cause
        );
    }
    let _ = writeln!(
        out,
        "project {}: {} to create, {} to recreate, {} to remove",
        plan.project,
        plan.count(Action::Create),
        plan.count(Action::Recreate),
        plan.count(Action::Remove)
    );
    out
}

#[derive(Serialize)]
struct JsonPlan<'a> {
    project: &'a str,
    changes: Vec<JsonChange<'a>>,
    summary: Summary,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    warnings: &'a [String],
    /// The files persistence would write or remove (`persist`).
    #[serde(skip_serializing_if = "<[serde_json::Value]>::is_empty")]
    persistence: &'a [serde_json::Value],
    /// What `--probe` found, a finding per parent.
    #[serde(skip_serializing_if = "Option::is_none")]
    probe: Option<serde_json::Value>,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    action: &'static str,
    kind: &'static str,
    name: &'a str,
    cause: &'a str,
}

#[derive(Serialize)]
struct Summary {
    create: usize,
    recreate: usize,
    remove: usize,
}

/// The plan as JSON, with `persistence`: what the persistence stage adds.
pub fn render_json(
    plan: &Plan,
    persistence: &[serde_json::Value],
    probe: Option<serde_json::Value>,
) -> String {
    let json = JsonPlan {
        project: &plan.project,
        changes: plan
            .changes
            .iter()
            .map(|c| JsonChange {
                action: c.action.as_str(),
                kind: c.kind.as_str(),
                name: &c.name,
                cause: &c.cause,
            })
            .collect(),
        summary: Summary {
            create: plan.count(Action::Create),
            recreate: plan.count(Action::Recreate),
            remove: plan.count(Action::Remove),
        },
        warnings: &plan.warnings,
        persistence,
        probe,
    };
    serde_json::to_string(&json).expect("plain data") + "\n"
}
