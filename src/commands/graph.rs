//! `macrame graph`: the topology as dot, mermaid or svg.

use super::args::ProjectArgs;
use super::load;
use crate::graph;
use std::process::ExitCode;

pub fn run(args: GraphArgs) -> ExitCode {
    let topology = match load(&args.project) {
        Ok(topology) => topology,
        Err(code) => return code,
    };
    let picture = match args.format {
        GraphFormat::Dot => Ok(graph::dot(&topology)),
        GraphFormat::Mermaid => Ok(graph::mermaid(&topology)),
        GraphFormat::Svg => graph::svg(&topology),
    };
    match picture {
        Ok(text) => {
            crate::out!("{text}");
            ExitCode::SUCCESS
        }
        Err(error) => super::fail(&error),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    /// Graphviz.
    Dot,
    /// Mermaid, for Markdown.
    Mermaid,
    /// SVG, through Graphviz's `dot`.
    Svg,
}

#[derive(Debug, clap::Args)]
pub struct GraphArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,
}
