//! The linter: small rules over the resolved topology, each reporting one
//! kind of trap. Every rule runs in (near) linear time: the file may hold
//! tens of thousands of containers.

mod context;
mod rules;

pub use context::Context;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{self, Topology};
use crate::source::Source;
use crate::syntax;

/// One rule: reads the context, reports what it finds.
pub type Rule = fn(&Context, &mut Vec<Diagnostic>);

/// Runs every rule over a topology.
pub fn lint_topology(topology: &Topology) -> Vec<Diagnostic> {
    let context = Context::new(topology);
    let mut diagnostics = Vec::new();
    for rule in rules::ALL {
        rule(&context, &mut diagnostics);
    }
    diagnostics
}

/// Everything one file's check produces: the model (as far as it could be
/// built) and every diagnostic, in file order.
pub struct Checked {
    /// The syntax tree, for tools that want the file as written.
    pub ast: syntax::Ast,
    pub topology: Topology,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parse, lower and lint one file. `default_project` names the project
/// when the file has no `project` line.
pub fn check(source: &Source, default_project: &str) -> Checked {
    check_with(source, default_project, None)
}

/// As `check`, with the command line's project name (`-p`) overriding the
/// file's.
pub fn check_with(source: &Source, default_project: &str, forced: Option<&str>) -> Checked {
    // Relative paths in the file (binds, env files, build contexts) and
    // its `.env` are the file's directory's.
    let base_dir = std::path::Path::new(source.name())
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    check_in(
        source,
        default_project,
        forced,
        base_dir,
        &syntax::Environment::load(base_dir),
    )
}

/// As `check_with`, for text that is not (yet) in its file: relative paths
/// are `base_dir`'s and variables `env`'s (`macrame import`).
pub fn check_in(
    source: &Source,
    default_project: &str,
    forced: Option<&str>,
    base_dir: &std::path::Path,
    env: &syntax::Environment,
) -> Checked {
    let mut diagnostics = Diagnostics::default();
    let (ast, syntax_diagnostics) = syntax::parse_with(source.text(), env);
    // A value whose variable is unset was left empty: what the model and
    // the rules would say of it is that same mistake again.
    let unset: Vec<crate::span::Span> = syntax_diagnostics
        .iter()
        .filter(|d| d.code == crate::diagnostic::Code::UnsetVariable)
        .map(|d| d.primary.span)
        .collect();
    let not_of_unset = |d: &Diagnostic| {
        let span = d.primary.span;
        !unset
            .iter()
            .any(|u| span.start <= u.start && u.end <= span.end)
    };
    diagnostics.extend(syntax_diagnostics);
    let (topology, model_diagnostics) = model::lower_in(&ast, default_project, forced, base_dir);
    diagnostics.extend(model_diagnostics.into_iter().filter(not_of_unset));
    diagnostics.extend(lint_topology(&topology).into_iter().filter(not_of_unset));
    Checked {
        ast,
        topology,
        diagnostics: diagnostics.into_sorted(),
    }
}
