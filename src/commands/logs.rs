//! `macrame logs`: the containers' output, each line prefixed with its
//! container's name (coloured on a terminal), as `docker compose logs`.

use super::args::ProjectArgs;
use super::fail;
use super::lifecycle::{connect_listing, find, load_specs, select};
use futures::StreamExt;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  macrame logs                 every container's output so far
  macrame logs -f dns          follow dns until it stops (or Ctrl-C)
  macrame logs --tail 20 web   the last 20 lines of web
  macrame logs --file lab.mcr  another file's containers")]
pub struct LogsArgs {
    /// The topology file (`-f` is `--follow` here, as in `docker compose logs`).
    #[arg(long = "file", value_name = "FILE", default_value = "macrame.mcr")]
    pub file: std::path::PathBuf,

    /// The project name [default: the file's `project`, else its directory's name].
    #[arg(short = 'p', long = "project", value_name = "NAME", value_parser = super::args::project_arg)]
    pub project: Option<String>,

    /// Containers of the file [default: all].
    #[arg(value_name = "CONTAINER")]
    pub containers: Vec<String>,

    /// Keep printing what the containers print.
    #[arg(short = 'f', long)]
    pub follow: bool,

    /// Only the last N lines of each container.
    #[arg(long, value_name = "N")]
    pub tail: Option<usize>,

    /// Leave the lines without the container's name.
    #[arg(long)]
    pub no_prefix: bool,
}

/// ANSI colours for the prefixes, in turn, as Compose's.
const COLOURS: [&str; 6] = ["36", "33", "32", "35", "34", "31"];

pub async fn run(args: LogsArgs) -> ExitCode {
    let project = ProjectArgs {
        file: args.file.clone(),
        project: args.project.clone(),
    };
    let specs = match load_specs(&project, &args.containers) {
        Ok(specs) => specs,
        Err(code) => return code,
    };
    let chosen = select(&specs, &args.containers);
    let (runtime, existing) = match connect_listing().await {
        Ok(connected) => connected,
        Err(code) => return code,
    };
    let width = chosen.iter().map(|c| c.name.len()).max().unwrap_or(0);
    let colour = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut streams = Vec::new();
    for (index, spec) in chosen.iter().enumerate() {
        let container = match find(&existing, &specs.project, spec) {
            Ok(container) => container,
            Err(error) => return fail(&error),
        };
        let prefix = match (args.no_prefix, colour) {
            (true, _) => String::new(),
            (false, true) => format!(
                "\x1b[{}m{:<width$} |\x1b[0m ",
                COLOURS[index % COLOURS.len()],
                spec.name
            ),
            (false, false) => format!("{:<width$} | ", spec.name),
        };
        let lines = runtime
            .engine
            .logs(&spec.name, &container.id, args.follow, args.tail)
            .map(move |item| (index, prefix.clone(), item));
        streams.push(lines.boxed());
    }
    let mut merged = futures::stream::select_all(streams);
    // A line may arrive in pieces: each container's partial line is kept
    // until its end comes.
    // Kept by container and stream: two containers' pieces, or one's
    // stdout and stderr, never join.
    let mut partial: std::collections::BTreeMap<(usize, bool), (String, String)> =
        Default::default();
    while let Some((index, prefix, item)) = merged.next().await {
        let output = match item {
            Ok(output) => output,
            Err(error) => return fail(&error),
        };
        let stderr = matches!(output, bollard::container::LogOutput::StdErr { .. });
        let text = String::from_utf8_lossy(&output.into_bytes()).into_owned();
        let (_, pending) = partial
            .entry((index, stderr))
            .or_insert_with(|| (prefix.clone(), String::new()));
        pending.push_str(&text);
        let mut stdout = std::io::stdout().lock();
        while let Some(end) = pending.find('\n') {
            let line: String = pending.drain(..=end).collect();
            if writeln!(stdout, "{prefix}{}", line.trim_end_matches(['\n', '\r'])).is_err() {
                return ExitCode::SUCCESS;
            }
        }
    }
    let mut stdout = std::io::stdout().lock();
    for (prefix, rest) in partial.into_values() {
        if !rest.is_empty() {
            let _ = writeln!(stdout, "{prefix}{rest}");
        }
    }
    ExitCode::SUCCESS
}
