//! `macrame config`: the file as macrame reads it, every variable
//! resolved; `--format json`, the model (every object's spec, as `up`
//! would apply it).

use super::args::{Format, ProjectArgs};
use super::load_checked;
use crate::plan::Specs;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  macrame config                      the file with ${VAR} resolved from the environment and .env
  NIC=eth1 macrame config -f lab.mcr  the same, with NIC set
  macrame config --format json        every network, volume, shim and container as up applies it")]
pub struct ConfigArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    /// `human`: the resolved file; `json`: the model.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

pub fn run(args: ConfigArgs) -> ExitCode {
    let (source, checked) = match load_checked(&args.project) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    match args.format {
        Format::Human => crate::out!("{}", resolved(source.text(), &checked.ast.resolved)),
        Format::Json => {
            let specs = Specs::new(&checked.topology);
            let json = serde_json::to_string_pretty(&specs).expect("plain data");
            crate::outln!("{json}");
        }
    }
    ExitCode::SUCCESS
}

/// `text` with each span replaced by its resolution (spans in file order,
/// none overlapping: each is one token).
fn resolved(text: &str, replacements: &[(crate::span::Span, String)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut sorted: Vec<&(crate::span::Span, String)> = replacements.iter().collect();
    sorted.sort_by_key(|(span, _)| span.start);
    for (span, replacement) in sorted {
        if span.start < at {
            continue;
        }
        out.push_str(&text[at..span.start]);
        out.push_str(replacement);
        at = span.end;
    }
    out.push_str(&text[at..]);
    out
}
